"""``jixiao template PATH``: a fill-in 自评表 workbook for departments."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Any

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def register(subparsers: Any) -> None:
    """Add the ``template`` subcommand."""
    parser = subparsers.add_parser(
        "template",
        help="write a fill-in 项目支出绩效自评表 workbook (targets pre-filled, answers unlocked)",
        description="Write one protected sheet per project with the targets filled in; the "
        "department fills in 实际完成值, 偏差原因, 扣分, 不适用 and 全年执行数.",
    )
    parser.add_argument("path", type=Path, help="an evaluation folder (or a 自评表 workbook)")
    parser.add_argument("--out", type=Path, default=None,
                        help="the .xlsx file to write (default: NAME-template.xlsx here)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read the evaluation, write the template; 2 on unreadable input or a bad --out."""
    source: Path = args.path
    out: Path = args.out or Path.cwd() / f"{source.stem or 'evaluation'}-template.xlsx"
    if out.suffix.lower() != ".xlsx":
        print(f"jixiao template: --out must end in .xlsx, got {out}", file=sys.stderr)
        return 2
    if source.exists() and out.exists() and out.resolve() == source.resolve():
        print(f"jixiao template: --out would overwrite the input {source}", file=sys.stderr)
        return 2
    try:
        evaluation = read_source(source)
    except (ValueError, OSError, ImportError) as exc:
        print(f"jixiao template: {exc}", file=sys.stderr)
        return 2
    for problem in evaluation.problems:
        print(f"jixiao template: {problem}", file=sys.stderr)
    from scoring.cli.commands._outputs import overwrites, write_failure
    from scoring.outputs.workbook import write_template

    if overwrites(out, getattr(evaluation, "inputs", ())):
        print(f"jixiao template: --out would overwrite the input {out}", file=sys.stderr)
        return 2
    try:
        write_template(evaluation, out)
    except OSError as exc:
        print(f"jixiao template: {write_failure(out, exc)}", file=sys.stderr)
        return 2
    print(out)
    return 0


def read_source(source: Path) -> Any:
    """An Evaluation from a folder (the folder reader) or from a workbook."""
    if not source.exists():
        raise ValueError(f"{source}: no such file or folder")
    if source.is_file() and source.suffix.lower() in WORKBOOK_SUFFIXES:
        from scoring.sources.workbook import read_workbook

        return read_workbook(source)
    try:
        reader = importlib.import_module("scoring.sources.reader").read_evaluation
    except (ImportError, AttributeError):
        raise ImportError("reading evaluation folders needs "
                          "scoring.sources.reader.read_evaluation, which is not available in "
                          "this installation") from None
    return reader(source)
