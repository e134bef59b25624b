"""``jixiao score PATH``: score an evaluation and show or write the result."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from scoring.cli.commands._arguments import add_input
from scoring.cli.commands._outputs import overwrites, refusal, write_failure
from scoring.model.atomic import write_text
from scoring.model.codes import Severity
from scoring.outputs.row_writer import ROW_FORMATS, RowsOut
from scoring.scale.stream import CHUNK_ROWS, ProjectsNotGrouped, is_flat

FORMATS = ("table", "csv", "json", "xlsx", "html", "parquet")
#: Formats written only into a folder given with --out.
FILE_FORMATS = ("xlsx", "html")
#: Formats that need --out (a folder, or a file for the row formats).
NEEDS_OUT = ("xlsx", "html", "parquet")
ENGINES = ("pandas", "dask")


def register(subparsers: Any) -> None:
    """Add the ``score`` subcommand."""
    parser = subparsers.add_parser(
        "score",
        help="score an evaluation folder, a 自评表 .xlsx or a flat .csv of indicator rows",
        description="Score every indicator, total every project (per-一级 subtotals, 执行率, "
        "total, grade) and list every problem with its file, row and column. Exit 0 when "
        "nothing is wrong, 1 when a row has an error (or a warning with --strict), 2 when the "
        "input cannot be read.",
    )
    add_input(parser, "an evaluation folder, a .xlsx or .xls workbook, or a .csv, .tsv or "
              ".parquet of indicator rows")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output format (default: table); csv and parquet hold the scored "
                        "indicator rows")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR|FILE",
                        help="write there instead of stdout; a folder is required for xlsx/html")
    parser.add_argument("--detail", action="store_true",
                        help="table: also list every indicator with its weight, attainment, score")
    parser.add_argument("--budget-average", action="store_true",
                        help="table: also show, per unit, the budget-weighted average of the "
                        "project totals (an analytic view, not the official 部门整体 score)")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 on warnings too")
    parser.add_argument("--chunk-rows", type=_rows, default=CHUNK_ROWS, metavar="N",
                        help="csv/parquet output of a flat file: score N rows at a time (whole "
                        f"projects; default {CHUNK_ROWS}), 0 = the whole table at once")
    parser.add_argument("--engine", choices=ENGINES, default="pandas",
                        help="dask: score a .parquet file's partitions on a dask.distributed "
                        "cluster (default: pandas, in this process)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="--engine dask: the scheduler to use (default: a LocalCluster)")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress bar (it is shown only on a terminal anyway)")
    parser.add_argument("--raw", action="store_true",
                        help="csv, parquet: write cells starting with = + - @ as they are (by "
                        "default they get a leading ' so that a spreadsheet never runs them)")
    parser.set_defaults(handler=run)


def _rows(text: str) -> int:
    try:
        rows = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if rows < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more rows, got {rows}")
    return rows


def evaluation_name(path: Path) -> str:
    """The name output files are given: the folder's name, or the file's name without suffix."""
    resolved = path.resolve()
    return resolved.name if resolved.is_dir() else resolved.stem


def run(args: argparse.Namespace) -> int:
    """Read, score and output; 2 when the input or the scheme cannot be read."""
    fmt: str = args.format
    out: Path | None = args.out
    if fmt in NEEDS_OUT and (out is None or (fmt in FILE_FORMATS and out.exists()
                                             and not out.is_dir())):
        print(f"jixiao score: --format {fmt} needs --out "
              f"{'DIR' if fmt in FILE_FORMATS else 'DIR|FILE'} (a folder to write "
              f"<evaluation-name>.{fmt} into)", file=sys.stderr)
        return 2
    name = evaluation_name(args.path)
    target = output_path(out, name, fmt)
    if target is not None and overwrites_input(target, args.path):
        print(f"jixiao score: {target} would overwrite the input; choose another --out",
              file=sys.stderr)
        return 2
    if args.engine == "dask":
        return _run_dask(args, fmt, target)
    if fmt in ROW_FORMATS and args.chunk_rows and is_flat(args.path):
        if target is not None and _reads(args, target):
            return 2
        try:
            return _run_streamed(args, fmt, target)
        except ProjectsNotGrouped as exc:
            if not args.quiet:
                print(f"jixiao score: {exc}; scoring the table whole", file=sys.stderr)
        except OSError as exc:
            message = write_failure(target, exc) if target is not None else str(exc)
            print(f"jixiao score: {message}", file=sys.stderr)
            return 2
        except ValueError as exc:
            print(f"jixiao score: {exc}", file=sys.stderr)
            return 2
    return _run_whole(args, fmt, target)


def _reads(args: argparse.Namespace, target: Path) -> bool:
    """Whether ``target`` is the input file or a scheme file the run reads (said on stderr)."""
    from weights import scheme_files

    read = [args.path.resolve(), *scheme_files(args.scheme or "auto")]
    if overwrites(target, read):
        print(f"jixiao score: {target} is a file this run reads (an input or a scheme file); "
              f"inputs are never written: choose another --out", file=sys.stderr)
        return True
    return False


def _run_whole(args: argparse.Namespace, fmt: str, target: Path | None) -> int:
    """Read the whole input, score it and output it."""
    from scoring.engine.evaluate import evaluate
    from scoring.sources.reader import read_evaluation

    try:
        evaluation = read_evaluation(args.path, allow_outside=args.allow_outside,
                                     include_hidden=args.include_hidden)
        result = evaluate(evaluation, args.scheme)
    except (ValueError, OSError) as exc:
        print(f"jixiao score: {exc}", file=sys.stderr)
        return 2
    refused = refusal(target, evaluation, args.scheme) if target is not None else None
    if refused is not None:
        print(f"jixiao score: {refused}", file=sys.stderr)
        return 2
    try:
        written = _output(result, fmt, target, args.detail, evaluation.notes, raw=args.raw)
    except OSError as exc:
        assert target is not None
        print(f"jixiao score: {write_failure(target, exc)}", file=sys.stderr)
        return 2
    if written is not None:
        print(written)
    if args.budget_average and fmt == "table" and target is None:
        from scoring.outputs.analytic import budget_weighted_average, render_average

        sys.stdout.write("\n" + render_average(budget_weighted_average(result)))
    return exit_code(result.problems["severity"].tolist() if len(result.problems) else [],
                     strict=args.strict)


def _run_streamed(args: argparse.Namespace, fmt: str, target: Path | None) -> int:
    """Score a flat file chunk by chunk, writing each chunk's rows as it is scored; raises
    ``ProjectsNotGrouped`` before anything is written when the projects are not together."""
    from scoring.scale.progress import Progress, wants_progress
    from scoring.scale.stream import score_chunks, summarise

    summary = summarise(args.path, args.chunk_rows)
    scores = score_chunks(args.path, args.scheme, rows=args.chunk_rows, summary=summary)
    progress = Progress(summary.rows, enabled=wants_progress(args.quiet))
    try:
        with RowsOut(target, fmt, raw=args.raw) as rows:
            for result in scores.results:
                rows.write(result)
                progress.advance(len(result.indicators))
                del result  # hold one chunk at a time
    finally:
        progress.close()
    if target is not None:
        print(target)
    return exit_code(list(scores.severities.elements()), strict=args.strict)


def _run_dask(args: argparse.Namespace, fmt: str, target: Path | None) -> int:
    """Score a Parquet file's partitions on a dask.distributed cluster."""
    from scoring.scale.distributed import score_parquet_dask

    if fmt not in ROW_FORMATS:
        print("jixiao score: --engine dask writes scored rows: use --format csv or parquet",
              file=sys.stderr)
        return 2
    if target is not None and _reads(args, target):
        return 2
    try:
        severities = score_parquet_dask(args.path, target, scheme=args.scheme, fmt=fmt,
                                        scheduler=args.scheduler,
                                        rows=args.chunk_rows or CHUNK_ROWS,
                                        quiet=args.quiet, raw=args.raw)
    except (ValueError, OSError) as exc:
        print(f"jixiao score: {exc}", file=sys.stderr)
        return 2
    if target is not None:
        print(target)
    return exit_code(list(severities.elements()), strict=args.strict)


def exit_code(severities: list[str], *, strict: bool) -> int:
    """1 when any problem is an error (or, with ``strict``, a warning), else 0."""
    if Severity.ERROR in severities or (strict and Severity.WARNING in severities):
        return 1
    return 0


def output_path(out: Path | None, name: str, fmt: str) -> Path | None:
    """Where the output goes: None for stdout, ``<DIR>/<name>.<fmt>`` for a folder, else
    ``out`` itself (table text goes to ``.txt``)."""
    if out is None:
        return None
    if fmt in FILE_FORMATS or out.is_dir():
        return out / f"{name}.{'txt' if fmt == 'table' else fmt}"
    return out


def overwrites_input(target: Path, source: Path) -> bool:
    """Whether writing ``target`` would replace the input file or a file of the input folder."""
    resolved = target.resolve()
    original = source.resolve()
    if original.is_dir():
        return resolved.parent == original and resolved.exists()
    return resolved == original


def _output(result: Any, fmt: str, target: Path | None, detail: bool,
            notes: str, *, raw: bool = False) -> Path | None:
    """Print or write the result; the path written, if any."""
    if fmt == "parquet":
        with RowsOut(target, fmt, raw=raw) as rows:
            rows.write(result)
        return target
    if fmt == "xlsx":
        from scoring.outputs.workbook import write_workbook

        assert target is not None
        return Path(write_workbook(result, target))
    if fmt == "html":
        from scoring.outputs.html_report import write_html

        assert target is not None
        write_html(result, target, notes=notes)
        return target
    from scoring.outputs.plain import render_csv, render_json, render_table

    if fmt == "csv":
        text = render_csv(result, raw=raw)
    elif fmt == "json":
        text = render_json(result)
    else:
        text = render_table(result, detail=detail, notes=notes)
    if target is None:
        sys.stdout.write(text)
        return None
    write_text(target, text)
    return target
