"""``jixiao check PATH``: re-check the 得分 a filled table publishes against the rules."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import pandas as pd

from scoring.cli.commands._arguments import add_input
from scoring.review.check import cell_text as _text

FORMATS = ("table", "json")


def register(subparsers: Any) -> None:
    """Add the ``check`` subcommand."""
    parser = subparsers.add_parser(
        "check",
        help="re-check a filled table's own 得分, 执行率 得分 and 总分 against the rules",
        description="Score a filled 自评表 workbook (or a folder/.csv with a published_score "
        "column) and list every indicator whose published 得分 differs from the rule score by "
        "more than 0.005, and every project whose published 执行率 得分 or 总分 differs from "
        "jixiao's. On the rubric rows of a framework (决策/过程 …) the printed 得分 is the "
        "evaluator's score: it is checked against its 分值 and summed. Exit 0 when everything "
        "agrees, 1 when anything differs, 2 when the input "
        "cannot be read or publishes no score.",
    )
    add_input(parser, "a filled .xlsx workbook, or a folder/.csv with published_score")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output format (default: table)")
    parser.set_defaults(handler=run)


def differences_text(checked: pd.DataFrame) -> str:
    """The differing rows as an aligned table, then the summary line."""
    from scoring.outputs.plain import shorten, text_table

    differing = checked[checked["differs"].astype(bool)]
    parts: list[str] = []
    if len(differing):
        headers = ("level", "project", "file", "row", "seq", "indicator", "published", "jixiao",
                   "difference", "note")
        rows = [
            [_text(r["level"]), _text(r["project_id"]), _text(r["source"]), _text(r["row"]),
             _text(r["seq"]), shorten(_text(r["indicator"]), 24), _text(r["published"]),
             _text(r["jixiao"]), _text(r["difference"]), _text(r["note"])]
            for r in differing.to_dict("records")
        ]
        right = [False, False, False, True, True, False, True, True, True, False]
        parts.append(text_table(headers, rows, right))
    parts.append(summary_line(checked))
    return "\n".join(parts) + "\n"


def summary_line(checked: pd.DataFrame) -> str:
    """Compared and differing counts per level (indicator, execution, total)."""
    pieces = []
    for level in ("indicator", "execution", "total"):
        rows = checked[checked["level"] == level]
        pieces.append(f"{level} {int(rows['differs'].astype(bool).sum())}/{len(rows)}")
    differing = int(checked["differs"].astype(bool).sum())
    return f"{differing} of {len(checked)} published scores differ ({', '.join(pieces)})"


def differences_json(checked: pd.DataFrame) -> str:
    """``{"differences": [...], "counts": {level: {"compared", "differ"}}}`` as JSON text."""
    differing = checked[checked["differs"].astype(bool)]
    counts = {
        level: {"compared": int((checked["level"] == level).sum()),
                "differ": int(differing["level"].eq(level).sum())}
        for level in ("indicator", "execution", "total")
    }
    records = [{k: (_text(v) or None) if k != "differs" else bool(v) for k, v in r.items()}
               for r in differing.to_dict("records")]
    return json.dumps({"differences": records, "counts": counts}, ensure_ascii=False,
                      indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    """Score, compare and print; 1 when a published score differs, 2 on unusable input."""
    from scoring.engine.evaluate import evaluate, resolve_scheme
    from scoring.review.check import check_result
    from scoring.review.published import evaluator_entry
    from scoring.sources.reader import read_evaluation

    try:
        evaluation = read_evaluation(args.path, allow_outside=args.allow_outside,
                                     include_hidden=args.include_hidden)
        result = evaluate(evaluation, args.scheme)
    except (ValueError, OSError) as exc:
        print(f"jixiao check: {exc}", file=sys.stderr)
        return 2
    # Rubric rows carry the evaluator's printed 得分: entered as their score, the check verifies
    # it lies within its 分值 and that the tree adds up.
    scheme = resolve_scheme(evaluation, args.scheme)
    if scheme.tree.rubric:
        result = evaluate(evaluator_entry(evaluation, scheme), scheme)
    checked = check_result(result)
    if checked.empty:
        print(f"jixiao check: {args.path} publishes no score to re-check (expected a filled "
              f"自评表 with 得分, or a published_score column)", file=sys.stderr)
        return 2
    if args.path.is_file():
        checked.loc[checked["source"] == "", "source"] = args.path.name
    from scoring.outputs.plain import printable

    text = (differences_json(checked) if args.format == "json"
            else printable(differences_text(checked)))
    sys.stdout.write(text)
    return 1 if bool(checked["differs"].astype(bool).any()) else 0
