"""Parse every distinct real and synthetic text with the fast path on and off, side by side.

Four sets of distinct strings, each parsed afresh in every round (the parse and unit caches
are cleared before each round; the fast path's unit table is built once, like the registry):

* real 指标值: the distinct targets of the corpus (``tests/data/corpus_target_values.tsv``, a
  copy of the shared corpus's ``target_values.tsv``) and of the seed tables
  (``tests/data/target_expectations.tsv`` lists each seed cell with its indicator);
* real 实际完成值: each distinct (指标值, indicator, 实际完成值) row of the evaluations;
* the synthetic table's distinct (指标值, indicator) and (指标值, indicator, 实际完成值) strings
  (``benchmarks/synthetic.py``, 1M rows by default), read as ``score_frame`` reads them.

Rounds alternate the fast path off and on, so both see the same machine load; the best round
of each (CPU time, the garbage collector paused as ``timeit`` does) is reported with the share
of strings the fast path took. Then the unscorable real
targets are listed.

    python benchmarks/parse_corpus.py [--rounds N] [--synthetic-rows N] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from synthetic import synthetic_indicators

import units
from units import Band, Target
from units.diagnostics import (
    clear_caches,
    fast_path,
    fast_path_reads_actual,
    fast_path_reads_target,
    warm_fast_path,
)
from weights import load_scheme

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "corpus_target_values.tsv"
EXPECTATIONS = REPO / "tests" / "data" / "target_expectations.tsv"
YEAR = 2024

Case = tuple[str, int | None, str]
Row = tuple[str, str, str]


def _corpus_cases(path: Path) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [(r["target"], None, f"{r['level2']}/{r['level3']}") for r in rows]


def _seed_cases(path: Path) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [(r["text"], int(r["year"]), r["indicator"]) for r in rows
                if r["source"].startswith("seed:")]


def _evaluation_rows() -> list[Row]:
    rows: list[Row] = []
    for path in sorted((REPO / "evaluations").glob("*/indicators.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += [(r["target"], r["indicator"], r["actual"]) for r in csv.DictReader(handle)]
    return rows


def _distinct(cases: list[Case]) -> list[Case]:
    seen: dict[str, Case] = {}
    for case in cases:
        seen.setdefault(case[0], case)
    return list(seen.values())


def _target_job(cases: list[Case]) -> Callable[[], None]:
    def parse_all() -> None:
        for text, year, indicator in cases:
            with contextlib.suppress(units.ParseError):
                units.parse_target(text, year=year, indicator=indicator)

    return parse_all


def _targets_of(rows: list[Row]) -> dict[tuple[str, str], Target | None]:
    found: dict[tuple[str, str], Target | None] = {}
    for text, indicator, _ in rows:
        try:
            found[(text, indicator)] = units.parse_target(text.strip(), year=YEAR,
                                                          indicator=indicator or None)
        except units.ParseError:
            found[(text, indicator)] = None
    return found


Pair = tuple[str, Target]


def _pairs(rows: list[Row]) -> list[Pair]:
    """Each distinct row's non-empty actual with its parsed target (rows whose target does
    not parse are left out, as the scorer leaves them)."""
    targets = _targets_of(rows)
    return [(actual.strip(), target) for text, indicator, actual in rows
            if actual.strip() and (target := targets[(text, indicator)]) is not None]


def _actual_job(pairs: list[Pair], vocabulary: Mapping[str, Band]) -> Callable[[], None]:
    """Each pair's actual read against its target."""

    def parse_all() -> None:
        for actual, target in pairs:
            with contextlib.suppress(units.ParseError):
                units.parse_actual(actual, target, year=YEAR, vocabulary=vocabulary)

    return parse_all


@dataclass(frozen=True, slots=True)
class Measured:
    """Best seconds of the rounds with the fast path off and on."""

    off: float
    on: float


def _side_by_side(run: Callable[[], None], rounds: int) -> Measured:
    """Best CPU seconds of ``rounds`` runs each way, alternating, the garbage collector paused
    during a run (as ``timeit`` does): the machine is shared, so CPU time, not wall time."""
    best = {False: float("inf"), True: float("inf")}
    for _ in range(rounds):
        for on in (False, True):
            with fast_path(on):
                clear_caches()
                gc.collect()
                gc.disable()
                start = time.process_time()
                try:
                    run()
                finally:
                    best[on] = min(best[on], time.process_time() - start)
                    gc.enable()
    return Measured(best[False], best[True])


def _report(name: str, count: int, taken: int, measured: Measured) -> None:
    print(f"{name:<34} {count:>8,} {count / measured.off:>12,.0f} {count / measured.on:>12,.0f}"
          f" {measured.off / measured.on:>6.1f}x {taken / count:>6.1%}")


def _taken_targets(cases: list[Case]) -> int:
    return sum(fast_path_reads_target(text, year, indicator) for text, year, indicator in cases)


def _taken_actuals(pairs: list[Pair], vocabulary: Mapping[str, Band]) -> int:
    """Pairs the fast path answers (a reading, or the same error) without the full grammar."""
    return sum(fast_path_reads_actual(actual, target, YEAR, vocabulary)
               for actual, target in pairs)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="rounds (default 20)")
    parser.add_argument("--synthetic-rounds", type=int, default=3,
                        help="rounds on the synthetic table (default 3)")
    parser.add_argument("--synthetic-rows", type=int, default=1_000_000)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--expectations", type=Path, default=EXPECTATIONS)
    args = parser.parse_args(argv)

    # As the scorer reads actuals: with the scheme's words as one unchangeable Vocabulary.
    vocabulary = units.Vocabulary(load_scheme("national-2020").qualitative.words)
    warm_fast_path()
    cases = _distinct(_corpus_cases(args.corpus) + _seed_cases(args.expectations))
    real_rows = list(dict.fromkeys(_evaluation_rows()))
    table = synthetic_indicators(args.synthetic_rows, seed=0)
    synthetic_rows = list(dict.fromkeys(zip(table["target"], table["indicator"], table["actual"],
                                            strict=True)))
    synthetic_targets: list[Case] = [(text.strip(), YEAR, indicator) for text, indicator
                         in dict.fromkeys((t, i) for t, i, _ in synthetic_rows)]
    print(f"{'distinct strings/s, caches cleared':<34} {'strings':>8} {'fast off':>12} "
          f"{'fast on':>12} {'ratio':>7} {'fast %':>7}")
    _report("real 指标值 (corpus + seed)", len(cases), _taken_targets(cases),
            _side_by_side(_target_job(cases), args.rounds))
    real_pairs = _pairs(real_rows)
    _report("real 实际完成值 (evaluations)", len(real_pairs),
            _taken_actuals(real_pairs, vocabulary),
            _side_by_side(_actual_job(real_pairs, vocabulary), args.rounds))
    _report(f"synthetic {args.synthetic_rows:,} rows: 指标值", len(synthetic_targets),
            _taken_targets(synthetic_targets),
            _side_by_side(_target_job(synthetic_targets), args.rounds))
    synthetic_pairs = _pairs(synthetic_rows)
    _report(f"synthetic {args.synthetic_rows:,} rows: 实际完成值", len(synthetic_pairs),
            _taken_actuals(synthetic_pairs, vocabulary),
            _side_by_side(_actual_job(synthetic_pairs, vocabulary), args.synthetic_rounds))
    _unscorable(cases)
    return 0


def _unscorable(cases: list[Case]) -> None:
    unscorable: list[tuple[str, str]] = []
    kinds: dict[str, int] = {}
    for text, year, indicator in cases:
        try:
            kind = units.parse_target(text, year=year, indicator=indicator).kind.value
        except units.ParseError as exc:
            unscorable.append((text, str(exc)))
            kind = "unscorable"
        kinds[kind] = kinds.get(kind, 0) + 1
    total = len(cases)
    print("real 指标值 kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    scorable = total - len(unscorable)
    print(f"scorable: {scorable}/{total} = {scorable / total:.1%}")
    print(f"unscorable ({len(unscorable)}):")
    for text, reason in unscorable:
        print(f"  {text!r}: {reason}")


if __name__ == "__main__":
    raise SystemExit(main())
