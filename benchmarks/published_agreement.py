"""How often jixiao's rule score is the 得分 real units published, and why the rest differ.

Scores ``evaluations/published-tables`` under its own scheme, compares each row that has a
published score (``scoring.review.published.compare_published``) and prints the counts per category,
the exact and integer agreement over the scored rows, the parse coverage of the corpus
targets, and every disagreement with its category and explanation. Then the tables of
``evaluations/published-frameworks``, one framework at a time (``compare_frameworks``: the
scheme chosen by their tree, the evaluator's printed scores entered on the rubric rows), with
the exact agreement per framework, the per-一级 subtotals and every row not scored.

    python benchmarks/published_agreement.py [--folder PATH] [--review PATH]
                                             [--frameworks PATH]
"""

from __future__ import annotations

import argparse
import csv
import time
from decimal import Decimal
from pathlib import Path

import pandas as pd

from scoring import evaluate, read_evaluation
from scoring.review.published import (
    REVIEW_FILE,
    compare_frameworks,
    compare_published,
    parse_coverage,
    summary,
)

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO / "evaluations" / "published-tables"
FRAMEWORKS = REPO / "evaluations" / "published-frameworks"
REVIEW_PATH = FOLDER / REVIEW_FILE
CORPUS_TARGETS = REPO / "tests" / "data" / "corpus_target_values.tsv"


def corpus_targets(path: Path = CORPUS_TARGETS) -> list[tuple[str, str]]:
    """(指标值, 三级指标) of every row of a corpus TSV with ``target`` and ``level3`` columns."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["target"], row["level3"]) for row in csv.DictReader(handle, delimiter="\t")]


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def report(folder: Path = FOLDER, review: Path = REVIEW_PATH) -> str:
    """The agreement report as text."""
    started = time.perf_counter()
    result = evaluate(read_evaluation(folder))
    frame = compare_published(result, review)
    elapsed = time.perf_counter() - started
    table = summary(frame)
    scorable, distinct = parse_coverage(corpus_targets())
    lines = [
        f"Published 得分 vs jixiao rule scores — {folder.name} (scheme {result.scheme_name})",
        f"indicator rows: {len(result.indicators)}; rows with a published score: {len(frame)}; "
        f"scored rows (分值 printed, numeric 得分, jixiao score): {int(frame['scored'].sum())}",
        "",
        "Agreement over scored rows:",
    ]
    for _, row in table[table["measure"].str.contains("agreement")].iterrows():
        share = _cell(row["percent"])
        lines.append(f"  {row['measure']:<18} {row['count']}/{row['of']} ({share}%)")
    lines += ["", "Rows per category (all rows with a published score):"]
    for _, row in table[~table["measure"].str.contains("agreement")].iterrows():
        lines.append(f"  {row['measure']:<18} {row['count']:>4}")
    lines += ["", f"Parse coverage of the corpus targets: {scorable}/{distinct} distinct targets "
                  f"parsed to a scorable kind ({Decimal(100 * scorable) / distinct:.1f}%)",
              "", "Disagreements:"]
    disagreeing = frame[frame["category"] != "agree"]
    for _, row in disagreeing.iterrows():
        lines.append(
            f"- {row['project_id']} #{row['seq']} [{row['category']}] {row['indicator']}: "
            f"target {row['target']!s}, actual {row['actual']!s}, 分值 {row['weight'] or '—'}; "
            f"published {_cell(row['published_score'])}, jixiao {_cell(row['rule_score'])}"
            f" — {row['explanation']}")
    lines += ["", f"(scored and compared in {elapsed:.2f} s)"]
    return "\n".join(lines)


def _agreement(frame: pd.DataFrame) -> str:
    table = summary(frame).set_index("measure")
    exact = table.loc["exact agreement"]
    share = _cell(exact["percent"])
    return f"{exact['count']}/{exact['of']}" + (f" ({share}%)" if exact["of"] else "")


def framework_report(folder: Path = FRAMEWORKS, national: Path = FOLDER) -> str:
    """Exact agreement per framework over both folders, then each framework's tables."""
    national_result = evaluate(read_evaluation(national))
    national_frame = compare_published(national_result)
    parts = compare_frameworks(read_evaluation(folder))
    lines = ["Exact agreement per framework (rows with a printed 分值, a numeric 得分 and a rule "
             "score; rubric rows carry the evaluator's score and are counted apart):",
             f"  national self-evaluation ({national.name}, {national_result.scheme_name}): "
             f"{_agreement(national_frame)}; rubric rows 0"]
    for part in parts:
        rubric = int(part.comparison["rubric"].sum())
        lines.append(f"  {part.framework} ({folder.name}, {part.result.scheme_name}): "
                     f"{_agreement(part.comparison)}; rubric rows {rubric} of "
                     f"{len(part.comparison)} summed as printed")
    for part in parts:
        result = part.result
        lines += ["", f"{part.framework}: scheme {result.scheme_name}, {part.choice}"]
        for record in result.projects.to_dict("records"):
            subtotals = ", ".join(f"{pool} {_cell(record.get(pool))}" for pool in result.pools
                                  if record.get(pool) not in (None, Decimal(0))
                                  and not (isinstance(record.get(pool), Decimal)
                                           and record.get(pool) == 0))
            lines.append(f"  {record['project_id']} {record['project']}: {subtotals or '—'}; "
                         f"total {_cell(record['total'])} (published "
                         f"{record.get('published_total') or '—'})")
        for _, row in part.comparison[~part.comparison["category"].isin(
                ["agree", "rubric"])].iterrows():
            lines.append(f"  - {row['project_id']} #{row['seq']} [{row['category']}] "
                         f"{row['indicator']}: published {_cell(row['published_score'])}, "
                         f"jixiao {_cell(row['rule_score'])} — {row['explanation']}")
    return "\n".join(lines)


def main() -> int:
    """Print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=FOLDER)
    parser.add_argument("--review", type=Path, default=REVIEW_PATH)
    parser.add_argument("--frameworks", type=Path, default=FRAMEWORKS)
    args = parser.parse_args()
    with pd.option_context("display.width", 200):
        print(report(args.folder, args.review))
        print()
        print(framework_report(args.frameworks, args.folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
