"""What profilers and benchmarks need from the parser.

What profilers and benchmarks need from the parser: cold caches, the fast path switched off
or on, and whether the fast path answers a string.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from units import _actual, _convert, _fast, _grammar, _registry
from units._errors import ParseError
from units._model import Band, Target


def clear_caches() -> None:
    """Forget every cached parse, unit lookup and conversion factor."""
    _grammar.clear_cache()
    _actual.clear_cache()
    _convert.factor.cache_clear()
    _registry.clear_caches()


@contextmanager
def fast_path(on: bool) -> Iterator[None]:
    """Within the block, the fast path is used (``on``) or every string goes to the full
    grammar; the readings are the same either way, only the speed differs."""
    with _fast.switched(on):
        yield


def warm_fast_path() -> None:
    """Build the fast path's unit tables now rather than on first use."""
    _fast.unit_table(target=True)
    _fast.unit_table()


def fast_path_reads_target(text: str, year: int | None, indicator: str | None) -> bool:
    """Whether the fast path reads this 指标值 without the full grammar."""
    return _fast.fast_target(text, year, indicator) is not None


def fast_path_reads_actual(text: str, target: Target, year: int | None,
                           vocabulary: Mapping[str, Band] | None) -> bool:
    """Whether the fast path answers this 实际完成值 (a reading, or the same error) against
    ``target`` without the full grammar."""
    fast = _fast.fast_actual(text)
    if fast is None:
        return False
    try:
        return _actual.answer_fast(text, fast, target, year, vocabulary) is not None
    except ParseError:
        return True
