"""``jixiao import-text FILE --out DIR``: a published 部门预算绩效文本 → an evaluation folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from scoring.cli.commands._outputs import overwrites
from scoring.sources.text_import import default_title, import_text, write_evaluation_folder


def register(subparsers: Any) -> None:
    """Add the ``import-text`` subcommand."""
    parser = subparsers.add_parser(
        "import-text",
        help="import a published 部门预算绩效文本 (PDF text) into an evaluation folder",
        description=(
            "Read the 绩效目标表 of every project in FILE (text extracted from the PDF, "
            "tab-separated) and write evaluation.toml, projects.csv and indicators.csv into "
            "DIR. Lines that cannot be read are reported with their line number. "
            "Exit 0 when every line was read, 1 when some were not, 2 on bad usage."
        ),
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the document as UTF-8 text")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR",
                        help="the evaluation folder to write")
    parser.add_argument("--title", help="evaluation title (default: from the document)")
    parser.add_argument("--year", type=int, help="evaluation year (default: from the title)")
    parser.add_argument("--scheme", default="national-2020", help="weighting scheme name")
    parser.add_argument("--force", action="store_true",
                        help="write into DIR even when it already holds files (the CSV files "
                        "are replaced; an existing evaluation.toml and actuals.csv are kept)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Import, write the folder, print a summary; 0 clean, 1 problems, 2 bad usage."""
    source: Path = args.file
    out: Path = args.out
    if not source.is_file():
        print(f"jixiao import-text: {source}: no such file", file=sys.stderr)
        return 2
    if out.exists() and not out.is_dir():
        print(f"jixiao import-text: {out}: exists and is not a folder", file=sys.stderr)
        return 2
    if out.is_dir() and any(out.iterdir()) and not args.force:
        print(f"jixiao import-text: {out}: folder is not empty; use --force to write into it",
              file=sys.stderr)
        return 2
    written_names = ("evaluation.toml", "projects.csv", "indicators.csv")
    if overwrites(source, [(out / name).resolve() for name in written_names]):
        print(f"jixiao import-text: {source} would be overwritten by the folder written to "
              f"{out}; inputs are never written: choose another --out", file=sys.stderr)
        return 2
    doc = import_text(source)
    year = args.year if args.year is not None else doc.year
    if year is None:
        print(f"jixiao import-text: {source}: no year in the document title; give --year",
              file=sys.stderr)
        return 2
    title = args.title or default_title(doc, year)
    written = write_evaluation_folder(
        doc, out, title=title, year=year, scheme=args.scheme, replace_toml=False
    )
    counts = doc.indicators.groupby("project_id", sort=False).size()
    print(f"{source}: {len(doc.projects)} projects, {len(doc.indicators)} indicators, "
          f"{len(doc.problems)} problems → {out}")
    if out / "evaluation.toml" not in written:
        print(f"  kept the existing {out / 'evaluation.toml'}")
    for _, project in doc.projects.iterrows():
        pid = project["project_id"]
        print(f"  {pid}  {int(counts.get(pid, 0)):3d} indicators  {project['project']}")
    for problem in doc.problems:
        print(f"  line {problem.row}: {problem.message} [{problem.code}]")
    return 1 if doc.problems else 0
