"""jixiao's rule scores beside the published 得分, with the reason for each difference.

The rule scores of jixiao beside the 得分 real units published, row by row, with the reason
for every difference.

``compare_published`` takes the result of scoring an evaluation whose indicator rows carry the
published score (``published_score``, the raw cell in ``published_score_raw``), as the
``evaluations/published-tables`` folder does. A row is *scored* when the table prints a 分值
(``weight``), a numeric 得分 and jixiao computes a score; it *agrees* when the scores are equal
to the cent, or, in a table that prints integer scores, when jixiao's score rounded half-up to an
integer is the printed one. Every other row is explained by a line of ``review.csv``
(``project_id, seq, category, explanation``), written by a person who read the row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

import units
from scoring.engine.rounding import round_half_up
from scoring.engine.weighting import distribute_weights, weight_points
from scoring.model.codes import Flag
from scoring.model.evaluation import Evaluation
from scoring.model.result import Result
from weights import Scheme

#: The review file an evaluation folder may hold beside its data.
REVIEW_FILE = "review.csv"
REVIEW_COLUMNS: tuple[str, ...] = ("project_id", "seq", "category", "explanation")

AGREE = "agree"
UNREVIEWED = "unreviewed"
#: A rubric row: the evaluator's printed 得分, entered as its manual score, checked and summed;
#: there is no rule score to compare it with.
RUBRIC = "rubric"
#: Why a published score differs from jixiao's, as a reviewer may write it.
REVIEW_CATEGORIES: dict[str, str] = {
    "discretion": "the unit's own judgement (适度调减): e.g. a met target scored 27/30",
    "rule_variant": "a different but real rule: reverse formula, band default, rounding, capping",
    "transcription_slip": "a typo or OCR slip in the printed target, actual or score",
    "jixiao_bug": "jixiao computes the rule wrongly",
    "not_scored": "not comparable: no 分值 printed, or jixiao cannot score the row",
}
#: Every category a compared row can carry, in report order.
CATEGORIES: tuple[str, ...] = (AGREE, RUBRIC, *REVIEW_CATEGORIES, UNREVIEWED)

COMPARISON_COLUMNS: tuple[str, ...] = (
    "project_id", "project", "seq", "level1", "indicator", "target", "actual", "weight",
    "weight_used", "weight_as_published", "kind", "status", "published_score", "rule_score",
    "difference", "scored", "integer_table", "agrees_exact", "agrees_integer", "category",
    "explanation", "deviation_note", "transcriber_note", "rubric",
)
_NEEDED: tuple[str, ...] = ("project_id", "seq", "weight", "weight_used", "final_score",
                            "published_score")


class ReviewError(ValueError):
    """A review file that cannot be used: names the file, row and column at fault."""


def _decimal(value: object) -> Decimal | None:
    """A published number cell as a Decimal; None when empty or not a number."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, Decimal):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _published_weight(cell: object) -> Decimal | None:
    """The 分值 a table prints, as points (``20%`` is 20); None when absent or unreadable."""
    try:
        return weight_points(cell if cell is not None else "")
    except ValueError:
        return None


def _raw_score_text(raw: object) -> str:
    """The printed 得分 cell without the transcription's empty-cell pipes."""
    return str(raw if raw is not None else "").replace("|", " ").strip()


def _key(project_id: object, seq: object) -> tuple[str, str]:
    text = str(seq).strip()
    return str(project_id).strip(), str(int(text)) if text.isdigit() else text


def read_review(path: str | Path) -> pd.DataFrame:
    """The review lines of ``path``, checked: known category, an explanation, no repeated key.

    Raises ReviewError naming the file, the 1-based row (the header is row 1) and the column.
    """
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REVIEW_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ReviewError(f"{path}: row 1: missing column(s) {', '.join(missing)}; "
                              f"expected {', '.join(REVIEW_COLUMNS)}")
        records = list(reader)
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for row, record in enumerate(records, start=2):
        key = _key(record["project_id"], record["seq"])
        if not key[0] or not key[1].isdigit():
            problems.append(f"{path}: row {row}, column seq: expected a project_id and a whole "
                            f"number seq, got {record['project_id']!r}, {record['seq']!r}")
        if key in seen:
            problems.append(f"{path}: row {row}, column project_id: {key[0]} seq {key[1]} "
                            f"already reviewed on row {seen[key]}")
        seen.setdefault(key, row)
        if record["category"].strip() not in REVIEW_CATEGORIES:
            problems.append(f"{path}: row {row}, column category: expected one of "
                            f"{', '.join(REVIEW_CATEGORIES)}, got {record['category']!r}")
        if not record["explanation"].strip():
            problems.append(f"{path}: row {row}, column explanation: a review needs a reason")
    if problems:
        raise ReviewError("\n".join(problems))
    return pd.DataFrame(
        [[record[column].strip() for column in REVIEW_COLUMNS] for record in records],
        columns=list(REVIEW_COLUMNS), dtype=str)


def _review_map(review: pd.DataFrame) -> dict[tuple[str, str], tuple[str, str]]:
    return {
        _key(pid, seq): (str(category), str(explanation))
        for pid, seq, category, explanation in zip(
            review["project_id"], review["seq"], review["category"], review["explanation"],
            strict=True)
    }


def _integer_tables(published: Iterable[tuple[str, Decimal | None]]) -> dict[str, bool]:
    """Per project: whether every score it prints is a whole number (a table of integers)."""
    tables: dict[str, bool] = {}
    for pid, score in published:
        if score is None:
            continue
        tables[pid] = tables.get(pid, True) and score == score.to_integral_value()
    return tables


def compare_published(result: Result,
                      review: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per indicator with a published 得分: jixiao's score beside it and why they differ.

    ``review`` is the review file or its lines as a DataFrame; by default the ``review.csv`` of
    the evaluation folder the result was read from, when there is one. The
    rule score is jixiao's ``final_score``, computed with the table's own 分值 where it prints
    one (``weight_as_published`` says the weight used is that 分值). An agreeing row is
    ``agree``; a row that does not agree takes its review line's category, ``unreviewed``
    when it has none.
    """
    rows = result.indicators
    missing = [c for c in _NEEDED if c not in rows.columns]
    if missing:
        raise ValueError(f"the result's indicator rows lack {', '.join(missing)}: expected an "
                         f"evaluation whose rows carry the published 得分 (published_score)")
    lines = review_lines(result, review)
    reviewed = _review_map(lines)
    text = rows.astype(object).where(rows.notna(), "")
    published = [_decimal(cell) for cell in text["published_score"]]
    raw = (text["published_score_raw"] if "published_score_raw" in text.columns
           else text["published_score"])
    has_score = [score is not None or bool(_raw_score_text(cell))
                 for score, cell in zip(published, raw, strict=True)]
    pids = [str(pid) for pid in text["project_id"]]
    integer = _integer_tables(zip(pids, published, strict=True))
    records = []
    for position, (_, row) in enumerate(text.iterrows()):
        if not has_score[position]:
            continue
        records.append(_compare_row(row, published[position], integer.get(pids[position], False),
                                    reviewed))
    return pd.DataFrame.from_records(records, columns=list(COMPARISON_COLUMNS))


def _compare_row(row: pd.Series, published: Decimal | None, integer_table: bool,
                 reviewed: Mapping[tuple[str, str], tuple[str, str]]) -> dict[str, object]:
    """The comparison record of one indicator row."""
    given = _published_weight(row["weight"])
    used = row["weight_used"] if isinstance(row["weight_used"], Decimal) else None
    rule = row["final_score"] if isinstance(row["final_score"], Decimal) else None
    rubric = Flag.RUBRIC_SCORE in str(row.get("flags", "")).split(";") and rule is not None
    scored = published is not None and given is not None and rule is not None and not rubric
    exact = scored and rule == published
    integral = scored and (exact or (integer_table and rule is not None
                                     and round_half_up(rule, 0) == published))
    if rubric:
        category, explanation = RUBRIC, ""
    elif integral:
        category, explanation = AGREE, ""
    else:
        category, explanation = reviewed.get(_key(row["project_id"], row["seq"]),
                                             (UNREVIEWED, ""))
    return {
        "project_id": row["project_id"], "project": row.get("project", ""),
        "seq": int(str(row["seq"])) if str(row["seq"]).isdigit() else row["seq"],
        "level1": row.get("level1", ""), "indicator": row.get("indicator", ""),
        "target": row.get("target", ""), "actual": row.get("actual", ""),
        "weight": row["weight"], "weight_used": used,
        "weight_as_published": given is None or used == given,
        "kind": row.get("kind", ""), "status": row.get("status", ""),
        "published_score": published, "rule_score": rule,
        "difference": rule - published if rule is not None and published is not None else None,
        "scored": scored, "integer_table": integer_table,
        "agrees_exact": exact, "agrees_integer": integral,
        "category": category, "explanation": explanation,
        "deviation_note": row.get("deviation_note", ""),
        "transcriber_note": row.get("transcriber_note", ""),
        "rubric": rubric,
    }


def evaluator_entry(evaluation: Evaluation, scheme: Scheme) -> Evaluation:
    """The evaluation as an evaluator enters a scored rubric sheet into jixiao: on every row of
    a rubric 一级 of ``scheme`` (``tree.rubric``) that has no manual score, the printed 得分
    (``published_score``) becomes the manual score and the printed 扣分原因
    (``deviation_note``, possibly empty) its reason. jixiao then checks each score against its
    weight, flags a deduction without a reason and sums the tree; the other rows are scored by
    the rules as usual."""
    rows = evaluation.indicators.copy()
    if "published_score" not in rows.columns or not scheme.tree.rubric:
        return evaluation
    pools = distribute_weights(rows, scheme)["pool"].tolist()
    manual = (rows["manual_score"].tolist() if "manual_score" in rows.columns
              else [""] * len(rows))
    reasons = (rows["adjustment_reason"].tolist() if "adjustment_reason" in rows.columns
               else [""] * len(rows))
    notes = (rows["deviation_note"].tolist() if "deviation_note" in rows.columns
             else [""] * len(rows))
    rubric = set(scheme.tree.rubric)
    for position, (pool, score) in enumerate(zip(pools, rows["published_score"], strict=True)):
        if pool in rubric and not str(manual[position] or "").strip() \
                and _decimal(score) is not None:
            manual[position] = str(score).strip()
            reasons[position] = str(reasons[position] or "").strip() or str(notes[position] or "")
    rows["manual_score"] = manual
    rows["adjustment_reason"] = reasons
    return replace(evaluation, indicators=rows)


def split_by(evaluation: Evaluation, column: str) -> dict[str, Evaluation]:
    """The evaluation cut into one evaluation per value of an indicator ``column`` (e.g. the
    ``framework`` a table prints), each with the projects of its rows, in order of first
    appearance."""
    rows = evaluation.indicators
    parts: dict[str, Evaluation] = {}
    for value in dict.fromkeys(str(cell) for cell in rows[column]):
        mine = rows[rows[column].astype(str) == value]
        ids = set(mine["project_id"].astype(str))
        projects = evaluation.projects[evaluation.projects["project_id"].astype(str).isin(ids)]
        parts[value] = replace(evaluation, indicators=mine, projects=projects,
                               problems=tuple(p for p in evaluation.problems
                                              if p.project_id in ids or not p.project_id))
    return parts


def review_lines(result: Result, review: str | Path | pd.DataFrame | None) -> pd.DataFrame:
    """The review lines given, or those of the result's own folder, or none."""
    if isinstance(review, pd.DataFrame):
        return review
    if review is not None:
        return read_review(review)
    own = result.source / REVIEW_FILE if result.source is not None else None
    if own is not None and own.is_file():
        return read_review(own)
    return pd.DataFrame(columns=list(REVIEW_COLUMNS))


def stale_reviews(frame: pd.DataFrame, review: str | Path | pd.DataFrame
                  ) -> list[tuple[str, str]]:
    """Review lines that explain no disagreeing row of ``frame`` (the row agrees or is gone)."""
    lines = review if isinstance(review, pd.DataFrame) else read_review(review)
    disagreeing = {_key(pid, seq) for pid, seq, category in
                   zip(frame["project_id"], frame["seq"], frame["category"], strict=True)
                   if category != AGREE}
    return [key for key in _review_map(lines) if key not in disagreeing]


def _percent(count: int, of: int) -> Decimal | None:
    return round_half_up(Decimal(100 * count) / Decimal(of), 1) if of else None


def summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts by category over all compared rows, then exact and integer agreement over the
    scored rows (rubric rows are not scored: their score is the evaluator's): columns
    ``measure, count, of, percent`` (percent half-up to 0.1)."""
    total = len(frame)
    scored = int(frame["scored"].sum())
    records: list[dict[str, object]] = []
    counts = frame["category"].value_counts()
    for category in CATEGORIES:
        count = int(counts.get(category, 0))
        records.append({"measure": category, "count": count, "of": total,
                        "percent": _percent(count, total)})
    for measure, column in (("exact agreement", "agrees_exact"),
                            ("integer agreement", "agrees_integer")):
        count = int(frame.loc[frame["scored"], column].sum())
        records.append({"measure": measure, "count": count, "of": scored,
                        "percent": _percent(count, scored)})
    return pd.DataFrame.from_records(records, columns=["measure", "count", "of", "percent"])


def parse_coverage(targets: Iterable[tuple[str, str | None]]) -> tuple[int, int]:
    """(distinct 指标值 texts read as a scorable kind, distinct texts) of ``(text, indicator)``
    pairs; each text is read once, with the indicator of its first pair."""
    distinct: dict[str, str | None] = {}
    for text, indicator in targets:
        distinct.setdefault(text, indicator)
    scorable = 0
    for text, indicator in distinct.items():
        try:
            target = units.parse_target(text, indicator=indicator or None)
        except units.ParseError:
            continue
        scorable += target.kind is not units.Kind.UNSCORABLE
    return scorable, len(distinct)


@dataclass(frozen=True)
class FrameworkComparison:
    """One framework's tables of an evaluation: the scheme chosen for them and why, their
    result (rubric rows entered as the evaluator's scores) and the comparison of each row."""

    framework: str
    choice: str
    result: Result
    comparison: pd.DataFrame


def compare_frameworks(evaluation: Evaluation, column: str = "framework",
                       review: str | Path | pd.DataFrame | None = None
                       ) -> list[FrameworkComparison]:
    """Per value of ``column``: the scheme whose tree fits those tables (``--scheme auto``),
    the evaluator's printed scores entered on the rubric rows (``evaluator_entry``), scored,
    and compared with the published 得分 (``compare_published``; the review lines default to
    the evaluation folder's own)."""
    from scoring.engine.evaluate import evaluate, resolve_choice

    found: list[FrameworkComparison] = []
    lines = review if review is not None else (
        evaluation.source / REVIEW_FILE if evaluation.source is not None
        and (evaluation.source / REVIEW_FILE).is_file() else pd.DataFrame(
            columns=list(REVIEW_COLUMNS)))
    for framework, part in split_by(evaluation, column).items():
        scheme, choice = resolve_choice(part, "auto")
        result = evaluate(evaluator_entry(part, scheme), scheme)
        result = replace(result, scheme_choice=choice)
        found.append(FrameworkComparison(framework, choice, result,
                                         compare_published(result, lines)))
    return found
