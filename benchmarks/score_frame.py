"""Time ``score_frame`` on synthetic tables and compare with the scalar reference loop.

For each size (default 1k, 10k, 100k rows) a deterministic synthetic table is scored with
the parse and unit caches cleared first, so every distinct string is parsed afresh. Reported:
rows/s, distinct target and (target, actual) strings, and the share of the time spent parsing
(the distinct strings parsed on their own, caches cleared, divided by the whole scoring time).
The scalar reference ``rules.score_indicator`` is timed on a sample of rows (parse + score,
row by row, no factorising) for comparison. ``--profile`` adds the top functions of a cProfile
run on the middle size.

    python benchmarks/score_frame.py [--sizes 1000 10000 100000] [--sample 2000] [--profile]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import sys
import time
from decimal import Decimal
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import YEAR, synthetic_indicators

import units
from scoring.engine.frame import scheme_vocabulary, score_frame
from scoring.engine.rules import score_indicator
from scoring.engine.weighting import distribute_weights
from units.diagnostics import clear_caches
from weights import Scheme, load_scheme


def time_frame(table: pd.DataFrame, scheme: Scheme) -> tuple[float, pd.DataFrame]:
    """Seconds ``score_frame`` takes on ``table`` from cold caches, and its result."""
    clear_caches()
    start = time.perf_counter()
    scored = score_frame(table, scheme, year=YEAR)
    return time.perf_counter() - start, scored


def time_parse(table: pd.DataFrame, scheme: Scheme) -> tuple[float, int, int]:
    """Seconds to parse the distinct targets and (target, actual) pairs from cold caches, and
    how many of each there are."""
    vocabulary = scheme_vocabulary(scheme)
    targets = list(dict.fromkeys(zip(table["target"], table["indicator"], strict=True)))
    pairs = list(dict.fromkeys(zip(table["target"], table["indicator"], table["actual"],
                                   strict=True)))
    clear_caches()
    start = time.perf_counter()
    parsed: dict[tuple[str, str], units.Target | None] = {}
    for text, indicator in targets:
        try:
            parsed[(text, indicator)] = units.parse_target(text.strip(), year=YEAR,
                                                           indicator=indicator or None)
        except units.ParseError:
            parsed[(text, indicator)] = None
    for text, indicator, actual in pairs:
        target = parsed[(text, indicator)]
        if target is None or not actual.strip():
            continue
        with contextlib.suppress(units.ParseError):
            units.parse_actual(actual.strip(), target, year=YEAR, vocabulary=vocabulary)
    return time.perf_counter() - start, len(targets), len(pairs)


def time_scalar(table: pd.DataFrame, scheme: Scheme, sample: int) -> tuple[float, int]:
    """Seconds the scalar loop (parse + ``score_indicator``, row by row) takes on the first
    ``sample`` rows, from cold caches, and the number of rows done."""
    rows = distribute_weights(table.head(sample), scheme)
    vocabulary = scheme_vocabulary(scheme)
    clear_caches()
    start = time.perf_counter()
    for record in rows.to_dict("records"):
        weight = record["weight_used"] if record["weight_used"] is not None else Decimal(0)
        try:
            target: units.Target | None = units.parse_target(
                record["target"].strip(), year=YEAR, indicator=record["indicator"] or None)
        except units.ParseError:
            target = None
        actual = None
        if target is not None and record["actual"].strip():
            with contextlib.suppress(units.ParseError):
                actual = units.parse_actual(record["actual"].strip(), target, year=YEAR,
                                            vocabulary=vocabulary)
        score_indicator(target, actual, weight, scheme, year=YEAR,
                        applicable=record["applicable"] != "不适用")
    return time.perf_counter() - start, len(rows)


def profile_top(table: pd.DataFrame, scheme: Scheme, count: int = 10) -> str:
    """The ``count`` functions with the most internal time in one cold ``score_frame`` run."""
    clear_caches()
    profiler = cProfile.Profile()
    profiler.enable()
    score_frame(table, scheme, year=YEAR)
    profiler.disable()
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(count)
    return buffer.getvalue()


def main() -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--sample", type=int, default=2_000,
                        help="rows timed with the scalar reference loop (default 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true",
                        help="also print the top 10 functions of a cProfile run")
    args = parser.parse_args()
    scheme = load_scheme("national-2020")

    header = (f"{'rows':>8}  {'frame s':>8}  {'rows/s':>9}  {'targets':>7}  {'pairs':>7}  "
              f"{'parse s':>8}  {'parse %':>7}  {'errors':>6}")
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        table = synthetic_indicators(size, args.seed)
        seconds, scored = time_frame(table, scheme)
        parse_seconds, targets, pairs = time_parse(table, scheme)
        errors = int((scored["status"] == "error").sum())
        print(f"{size:>8}  {seconds:>8.2f}  {size / seconds:>9,.0f}  {targets:>7}  {pairs:>7}  "
              f"{parse_seconds:>8.2f}  {parse_seconds / seconds:>7.0%}  {errors:>6}")

    table = synthetic_indicators(args.sample, args.seed)
    scalar_seconds, done = time_scalar(table, scheme, args.sample)
    frame_seconds, _ = time_frame(table, scheme)
    print(f"\nscalar reference (parse + rules.score_indicator per row) on {done} rows: "
          f"{scalar_seconds:.2f} s = {done / scalar_seconds:,.0f} rows/s; "
          f"score_frame on the same rows: {frame_seconds:.2f} s = {done / frame_seconds:,.0f} "
          f"rows/s")
    if args.profile:
        middle = sorted(args.sizes)[len(args.sizes) // 2]
        print(f"\ncProfile of score_frame on {middle} rows (cold caches), top 10 by own time:")
        print(profile_top(synthetic_indicators(middle, args.seed), scheme))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
