"""``jixiao lint PATH``: review a target table (domain.md §11) before or without actuals."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

from scoring.cli.commands._arguments import add_input
from scoring.model.codes import Severity
from scoring.model.problems import Problem

FORMATS = ("table", "json")


def register(subparsers: Any) -> None:
    """Add the ``lint`` subcommand."""
    parser = subparsers.add_parser(
        "lint",
        help="review a target table: comparators, units, directions, placeholders, weights",
        description="Review the targets of an evaluation folder, a flat .csv or a 自评表 "
        "workbook (domain.md §11): every target readable (placeholders and malformed dates "
        "are errors), a comparator and a unit on quantitative targets, no unit on qualitative "
        "ones, no negative values, consistent weights, plus heuristic warnings (cost written "
        "with ≥ or not in money, rates and benefits written with ≤, 满意度 not a percentage or "
        "below 80%%, counts in %% or money, duplicate rows). Actuals are not needed. Exit 0 "
        "when clean, 1 on errors (or warnings with --strict), 2 when the input cannot be read.",
    )
    add_input(parser, "an evaluation folder, a .xlsx or .xls workbook or a .csv of indicator rows")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output format (default: table)")
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    parser.set_defaults(handler=run)


def problem_lines(problems: list[Problem]) -> str:
    """One aligned line per problem (file, row, column, code, severity, project, message),
    then the counts."""
    from scoring.outputs.plain import text_table

    headers = ("file", "row", "column", "code", "severity", "project", "message")
    rows = [
        [p.source, "" if p.row is None else str(p.row), p.column or "", p.code,
         p.severity.value, p.project_id, p.message]
        for p in problems
    ]
    parts = [text_table(headers, rows, [False, True, False, False, False, False, False])] \
        if rows else []
    parts.append(summary_line(problems))
    return "\n".join(parts) + "\n"


def summary_line(problems: list[Problem]) -> str:
    """``N problems: E errors, W warnings`` followed by the count of each code."""
    severities = Counter(p.severity.value for p in problems)
    codes = Counter(p.code for p in problems)
    by_code = ", ".join(f"{code} {count}" for code, count in sorted(codes.items()))
    return (f"{len(problems)} problems: {severities['error']} errors, "
            f"{severities['warning']} warnings" + (f" ({by_code})" if by_code else ""))


def problems_json(problems: list[Problem]) -> str:
    """``{"problems": [...], "counts": {"errors", "warnings", "codes"}}`` as JSON text."""
    severities = Counter(p.severity.value for p in problems)
    document = {
        "problems": [
            {"file": p.source, "row": p.row, "column": p.column, "code": p.code,
             "severity": p.severity.value, "project_id": p.project_id, "message": p.message}
            for p in problems
        ],
        "counts": {
            "errors": severities[Severity.ERROR],
            "warnings": severities[Severity.WARNING],
            "codes": dict(sorted(Counter(p.code for p in problems).items())),
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    """Lint and print; 1 on errors (or warnings with --strict), 2 on unreadable input."""
    from scoring.review.lint import lint_evaluation

    try:
        problems = lint_evaluation(args.path, args.scheme, allow_outside=args.allow_outside,
                                   include_hidden=args.include_hidden)
    except (ValueError, OSError) as exc:
        print(f"jixiao lint: {exc}", file=sys.stderr)
        return 2
    from scoring.outputs.plain import printable

    text = problems_json(problems) if args.format == "json" else printable(problem_lines(problems))
    sys.stdout.write(text)
    severities = {p.severity.value for p in problems}
    if Severity.ERROR in severities or (args.strict and Severity.WARNING in severities):
        return 1
    return 0
