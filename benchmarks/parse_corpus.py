"""Parse every distinct real 指标值 many times and report the rate and the unscorable ones.

The texts are the distinct targets of the corpus (``tests/data/corpus_target_values.tsv``, a
copy of the shared corpus's ``target_values.tsv``) and of the seed
tables (``tests/data/target_expectations.tsv`` lists each seed cell with its indicator). Every
round clears the parse and unit caches, so each round parses each distinct string afresh.

    python benchmarks/parse_corpus.py [--rounds N] [--corpus PATH] [--expectations PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import time
from collections.abc import Callable
from pathlib import Path

import units
from units import _actual, _convert, _grammar, _registry

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "corpus_target_values.tsv"
EXPECTATIONS = REPO / "tests" / "data" / "target_expectations.tsv"

Case = tuple[str, int | None, str]


def _clear() -> None:
    _grammar.clear_cache()
    _actual.clear_cache()
    _convert.factor.cache_clear()
    _registry.clear_caches()


def _corpus_cases(path: Path) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [(r["target"], None, f"{r['level2']}/{r['level3']}") for r in rows]


def _seed_cases(path: Path) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [(r["text"], int(r["year"]), r["indicator"]) for r in rows
                if r["source"].startswith("seed:")]


def _distinct(cases: list[Case]) -> list[Case]:
    seen: dict[str, Case] = {}
    for case in cases:
        seen.setdefault(case[0], case)
    return list(seen.values())


def _timed(run: Callable[[], None], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        _clear()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    """Run the benchmark and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="rounds (default 50)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--expectations", type=Path, default=EXPECTATIONS)
    args = parser.parse_args()

    cases = _distinct(_corpus_cases(args.corpus) + _seed_cases(args.expectations))

    def parse_all() -> None:
        for text, year, indicator in cases:
            with contextlib.suppress(units.ParseError):
                units.parse_target(text, year=year, indicator=indicator)

    seconds = _timed(parse_all, args.rounds)
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
    print(f"distinct target strings: {total} (corpus + seed)")
    print(f"best of {args.rounds} rounds, caches cleared each round: {seconds * 1000:.2f} ms "
          f"= {total / seconds:,.0f} distinct strings/s")
    print("kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    scorable = total - len(unscorable)
    print(f"scorable: {scorable}/{total} = {scorable / total:.1%}")
    print(f"unscorable ({len(unscorable)}):")
    for text, reason in unscorable:
        print(f"  {text!r}: {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
