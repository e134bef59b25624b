"""Province scale: score_frame, the command line and Dask on large tables, ratios in one run.

Every table is generated on the fly from a seed (``synthetic.py``), never stored in the
repository. Measured, in one run on one machine, so the ratios compare like with like:

* ``score_frame`` on a *realistic* table (rows repeat: ``synthetic.realistic_indicators``,
  about 50,000 distinct target/actual pairs per 1M rows) and on the *worst case* (every row
  drawn afresh: ``synthetic.synthetic_indicators``), cold parse caches: seconds (the median
  of ``FRAME_RUNS`` calls) and rows/s;
* the naive loop a script would write (a small regex per cell, ``ureg.Quantity`` on the
  number and unit, ``min(a/t, 1)·w``) timed on a sample (the best of three passes) and
  extrapolated, as a ratio;
* the factorize floor (``pd.factorize`` of the target and actual columns: what finding the
  distinct strings costs at least), as a ratio;
* ``jixiao score`` end to end on the realistic table in CSV and in Parquet (a subprocess,
  streamed in chunks): wall time, peak RSS and the CPU seconds of each phase (``PHASES``);
* with ``--dask-rows`` (or ``JIXIAO_BENCH_DASK_ROWS``): a Parquet file of that many rows,
  written in parts, scored with ``--engine dask`` on a LocalCluster of 2 workers: wall time
  and each worker's peak RSS; and the Dask output on the realistic table compared with the
  single-process output.

    python benchmarks/scale.py                              # 100,000 rows, a few minutes
    python benchmarks/scale.py --rows 1000000               # the 1M figures (or JIXIAO_BENCH_ROWS)
    python benchmarks/scale.py --rows 1000000 --dask-rows 10000000
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import YEAR, realistic_indicators, synthetic_indicators

import units
from scoring.engine.frame import score_frame
from scoring.scale.stream import CHUNK_ROWS
from units.diagnostics import clear_caches
from weights import Scheme, load_scheme

#: Rows of the tables unless told otherwise (the 1M figures are asked for explicitly).
DEFAULT_ROWS = 100_000
#: Rows per part when the Dask table is written.
PART_ROWS = 500_000
#: score_frame calls timed per table (the median is reported, as the naive loop's best).
FRAME_RUNS = 3
#: Rows the naive loop is timed on.
NAIVE_SAMPLE = 10_000
_NUMBER_UNIT = re.compile(r"(\d+(?:\.\d+)?)\s*([^\d\s]*)$")


@dataclass(frozen=True)
class Figure:
    """One measured line of the report."""

    name: str
    value: str
    target: str = ""


class _Figures(list[Figure]):
    """The figures so far; each is also printed to stderr as soon as it is measured, so a long
    run shows its progress and keeps what it measured if a later step fails."""

    def append(self, figure: Figure) -> None:
        print(f"{figure.name}: {figure.value}", file=sys.stderr, flush=True)
        super().append(figure)


def timed(run: Callable[[], object]) -> float:
    """Seconds one call of ``run`` takes."""
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def frame_seconds(table: pd.DataFrame, scheme: Scheme, runs: int = FRAME_RUNS) -> float:
    """Median seconds of ``runs`` ``score_frame`` calls, every parse cache cleared before
    each (the first call of a process also pays for fresh memory pages: about a second of
    system time on the 1M tables of this machine)."""
    seconds = []
    for _ in range(runs):
        clear_caches()
        seconds.append(timed(lambda: score_frame(table, scheme, year=YEAR)))
    return sorted(seconds)[len(seconds) // 2]


def naive_seconds_per_row(table: pd.DataFrame, sample: int) -> float:
    """Seconds per row of the loop a script would write: regex, Pint, min(a/t, 1)·w (the
    best of three passes over the first ``sample`` rows)."""
    rows = table.head(sample)

    def loop() -> None:
        for target, actual in zip(rows["target"], rows["actual"], strict=True):
            found_target = _NUMBER_UNIT.search(target)
            found_actual = _NUMBER_UNIT.search(actual)
            if not found_target or not found_actual:
                continue
            try:
                wanted = units.ureg.Quantity(float(found_target[1]), found_target[2] or "")
                got = units.ureg.Quantity(float(found_actual[1]), found_actual[2] or "")
                share = (got / wanted).to("").magnitude if wanted.magnitude else 1.0
            except Exception:
                continue
            _ = min(share, 1.0) * 10

    # Best of three: one pass over the sample is short enough for a pause to double it.
    return min(timed(loop) for _ in range(3)) / len(rows)


def factorize_seconds(table: pd.DataFrame) -> float:
    """Seconds to find the distinct targets and actuals: the floor of any parse-once scorer."""
    return timed(lambda: (pd.factorize(table["target"]), pd.factorize(table["actual"])))


def with_funding(table: pd.DataFrame) -> pd.DataFrame:
    """The table as a flat file holds it: funding columns on every row, no source_row."""
    flat = table.drop(columns=["source_row"])
    flat["budget"] = "100"
    flat["spent"] = "93.5"
    return flat


def peak_rss_gb() -> float:
    """This process's peak resident memory in GB (``VmHWM``: unlike ``ru_maxrss`` it starts
    afresh at exec, so a child forked from a large process does not inherit its peak)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024 / 1024
    return float("nan")


#: Where the command line spends its CPU time: (label, module, attribute) of the functions
#: timed; ``score_frame`` runs inside ``evaluate``, the rest one after another.
PHASES: tuple[tuple[str, str, str], ...] = (
    ("summary", "scoring.scale.stream", "summarise"),
    ("to scorer input", "scoring.scale.stream", "flat_evaluation"),
    ("evaluate", "scoring.scale.stream", "evaluate"),
    ("score_frame", "scoring.engine.frame", "score_frame"),
    ("to text", "scoring.outputs.row_writer", "csv_table"),
    ("write", "scoring.outputs.row_writer", "RowsOut.write_table"),
)


def cli_main(arguments: list[str]) -> int:
    """``jixiao ARGUMENTS`` with its phases timed; prints ``phases {label: CPU s}`` and
    ``peak GB`` on stderr at the end (the run of ``run_cli``). A phase counts the CPU time of
    the main thread (``time.thread_time``); ``threads`` is what the background threads spent
    besides (reading ahead, writing), in parallel on a second core."""
    import importlib
    import json

    spent: dict[str, float] = {}

    def timed_phase(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.thread_time() - start
        return run

    for label, module, name in PHASES:
        owner: Any = importlib.import_module(module)
        *path, attribute = name.split(".")
        for part in path:
            owner = getattr(owner, part)
        if hasattr(owner, attribute):
            setattr(owner, attribute, timed_phase(label, getattr(owner, attribute)))
    from scoring.cli.main import main as jixiao

    start, process = time.thread_time(), time.process_time()
    code = jixiao(arguments)
    spent["total"] = time.thread_time() - start
    spent["threads"] = time.process_time() - process - spent["total"]
    print(f"phases {json.dumps(spent)}", file=sys.stderr)
    print(f"peak {peak_rss_gb()}", file=sys.stderr)
    return code


#: Runs the command line in a subprocess (``cli_main``).
_CLI = ("import sys; sys.path.insert(0, sys.argv.pop(1)); from scale import cli_main; "
        "sys.exit(cli_main(sys.argv[1:]))")


def run_cli(arguments: list[str]) -> tuple[float, float, int, dict[str, float]]:
    """Wall seconds, peak RSS in GB, exit code and CPU seconds per phase (``PHASES``) of
    ``jixiao ARGUMENTS`` in a subprocess."""
    import json

    here = str(Path(__file__).resolve().parent)
    command = [sys.executable, "-c", _CLI, here, *arguments, "--quiet"]
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=False)
    seconds = time.perf_counter() - start
    peak, phases = float("nan"), {}
    for line in done.stderr.strip().splitlines():
        if line.startswith("peak "):
            peak = float(line.split()[1])
        elif line.startswith("phases "):
            phases = json.loads(line.removeprefix("phases "))
    return seconds, peak, done.returncode, phases


def phase_text(phases: dict[str, float]) -> str:
    """CPU seconds of the main thread by phase: summary, reading (the rest), input,
    score_frame, the rest of evaluate, text, writing (handing the text to the writing thread);
    then the CPU seconds of the background threads (reading ahead, writing)."""
    if not phases:
        return "phases not measured"
    get = phases.get
    evaluate = get("evaluate", 0.0)
    named = (get("summary", 0.0) + get("to scorer input", 0.0) + evaluate
             + get("to text", 0.0) + get("write", 0.0))
    parts = [("summary", get("summary", 0.0)),
             ("reading and the rest", get("total", 0.0) - named),
             ("to scorer input", get("to scorer input", 0.0)),
             ("score_frame", get("score_frame", 0.0)),
             ("rest of evaluate", evaluate - get("score_frame", 0.0)),
             ("to text", get("to text", 0.0)), ("write", get("write", 0.0))]
    return (f"CPU {get('total', 0.0):.1f} s = "
            + ", ".join(f"{name} {seconds:.1f}" for name, seconds in parts)
            + f"; background threads {get('threads', 0.0):.1f}")


def write_parts(path: Path, rows: int, seed: int) -> None:
    """A realistic Parquet table of ``rows`` rows, generated and written part by part."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    try:
        for part, start in enumerate(range(0, rows, PART_ROWS)):
            size = min(PART_ROWS, rows - start)
            table = with_funding(realistic_indicators(
                size, seed + part, first_project=start // 10, first_row=start + 2))
            arrow = pa.Table.from_pandas(table, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(path, arrow.schema)
            writer.write_table(arrow, row_group_size=100_000)
    finally:
        if writer is not None:
            writer.close()


def dask_run(source: Path, target: Path, rows: int) -> tuple[float, list[float]]:
    """Wall seconds of ``score_parquet_dask`` on a LocalCluster of 2 workers, and each
    worker's peak RSS in GB."""
    import distributed

    from scoring.scale.distributed import score_parquet_dask

    local_cluster: Any = distributed.LocalCluster
    client_of: Any = distributed.Client
    with local_cluster(n_workers=2, threads_per_worker=1, processes=True,
                       dashboard_address=None) as cluster, client_of(cluster) as client:
        seconds = timed(lambda: score_parquet_dask(
            source, target, fmt="parquet", scheduler=cluster.scheduler_address, rows=rows))
        peaks = client.run(peak_rss_gb)
    return seconds, list(peaks.values())


def same_table(first: Path, second: Path) -> bool:
    """Whether two Parquet outputs hold the same rows and cells."""
    import pyarrow.parquet as pq

    return bool(pq.read_table(first).equals(pq.read_table(second)))


def measure(rows: int, dask_rows: int, sample: int, seed: int, chunk: int,
            folder: Path, *, frame: bool = True) -> list[Figure]:
    """Every figure of the report, measured in this run (``frame`` False: only the command
    line and Dask figures)."""
    figures = _Figures()
    realistic = realistic_indicators(rows, seed)
    if frame:
        _frame_figures(figures, realistic, rows, sample, seed)
    _command_figures(figures, realistic, rows, dask_rows, seed, chunk, folder)
    return figures


def _frame_figures(figures: list[Figure], realistic: pd.DataFrame, rows: int, sample: int,
                   seed: int) -> None:
    scheme = load_scheme("national-2020")
    pairs = len(realistic[["target", "actual"]].drop_duplicates())
    seconds = frame_seconds(realistic, scheme)
    figures.append(Figure(f"score_frame, {rows:,} realistic rows ({pairs:,} distinct pairs), "
                          f"median of {FRAME_RUNS}",
                          f"{seconds:.2f} s = {rows / seconds:,.0f} rows/s",
                          "≤ 3 s at 1M"))
    naive = naive_seconds_per_row(realistic, sample) * rows
    figures.append(Figure("naive Pint loop, extrapolated from "
                          f"{min(sample, rows):,} rows",
                          f"{naive:.2f} s: score_frame is {naive / seconds:.1f}× faster",
                          "≥ 15×"))
    floor = factorize_seconds(realistic)
    figures.append(Figure("factorize floor (target and actual columns)",
                          f"{floor:.3f} s: score_frame is {seconds / floor:.0f}× the floor",
                          "≤ 15×"))
    worst = synthetic_indicators(rows, seed)
    worst_pairs = len(worst[["target", "actual"]].drop_duplicates())
    worst_seconds = frame_seconds(worst, scheme)
    del worst
    figures.append(Figure(f"score_frame, {rows:,} worst-case rows ({worst_pairs:,} pairs), "
                          f"median of {FRAME_RUNS}",
                          f"{worst_seconds:.2f} s = {rows / worst_seconds:,.0f} rows/s",
                          "≤ 8 s at 1M"))


def _command_figures(figures: list[Figure], realistic: pd.DataFrame, rows: int, dask_rows: int,
                     seed: int, chunk: int, folder: Path) -> None:
    flat = with_funding(realistic)
    del realistic
    csv_path, parquet_path = folder / "big.csv", folder / "big.parquet"
    flat.to_csv(csv_path, index=False)
    flat.to_parquet(parquet_path, index=False, row_group_size=100_000)
    del flat
    for name, source, fmt, target in (("CSV", csv_path, "csv", "≤ 15 s"),
                                      ("Parquet", parquet_path, "parquet",
                                       "≤ 10 s, ≤ 1.5 GB")):
        out = folder / f"scored.{fmt}"
        wall, peak, code, phases = run_cli(["score", str(source), "--format", fmt, "--out",
                                            str(out), "--chunk-rows", str(chunk)])
        figures.append(Figure(f"jixiao score, {rows:,} rows, {name} in and out (exit {code})",
                              f"{wall:.1f} s = {rows / wall:,.0f} rows/s, peak RSS "
                              f"{peak:.2f} GB", target))
        figures.append(Figure(f"  its CPU seconds by phase ({name})", phase_text(phases)))
    spread = folder / "dask.parquet"
    wall, peaks = dask_run(parquet_path, spread, chunk)
    figures.append(Figure(f"--engine dask, {rows:,} rows, LocalCluster of 2 workers",
                          f"{wall:.1f} s, peak RSS per worker "
                          f"{', '.join(f'{p:.2f}' for p in peaks)} GB; equal to the "
                          f"single-process output: {same_table(spread, folder / 'scored.parquet')}",
                          "equal"))
    if dask_rows:
        big = folder / "huge.parquet"
        generated = timed(lambda: write_parts(big, dask_rows, seed))
        wall, peaks = dask_run(big, folder / "huge.scored.parquet", chunk)
        figures.append(Figure(f"--engine dask, {dask_rows:,} rows (generated in "
                              f"{generated:.0f} s), LocalCluster of 2 workers",
                              f"{wall:.1f} s = {dask_rows / wall:,.0f} rows/s, peak RSS per "
                              f"worker {', '.join(f'{p:.2f}' for p in peaks)} GB",
                              "completes, ≤ 3 GB per worker"))


def report(figures: list[Figure]) -> str:
    """The figures as an aligned text table."""
    width = max(len(f.name) for f in figures)
    lines = [f"{'measure':<{width}}  figure  [target]", "-" * (width + 30)]
    lines += [f"{f.name:<{width}}  {f.value}" + (f"  [{f.target}]" if f.target else "")
              for f in figures]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int,
                        default=int(os.environ.get("JIXIAO_BENCH_ROWS", DEFAULT_ROWS)))
    parser.add_argument("--dask-rows", type=int,
                        default=int(os.environ.get("JIXIAO_BENCH_DASK_ROWS", 0)),
                        help="also score a Parquet table of this many rows with Dask")
    parser.add_argument("--sample", type=int, default=NAIVE_SAMPLE,
                        help="rows the naive loop is timed on")
    parser.add_argument("--chunk-rows", type=int, default=CHUNK_ROWS,
                        help=f"rows per chunk (default: the command's own, {CHUNK_ROWS:,})")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-frame", action="store_true",
                        help="skip the score_frame figures (only the command line and Dask)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as folder:
        figures = measure(args.rows, args.dask_rows, args.sample, args.seed, args.chunk_rows,
                          Path(folder), frame=not args.no_frame)
    print(report(figures))
    print(f"\n(measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} cores, Python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
