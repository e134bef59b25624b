"""The comparator of a bare value, inferred from the indicator's name (domain.md §4)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from units._model import Kind
from units._scan import alternation
from units._words import HIGHER_IS_BETTER, LOWER_IS_BETTER

_LOWER = alternation(LOWER_IS_BETTER)
_HIGHER = alternation(HIGHER_IS_BETTER)


def _last(pattern: re.Pattern[str], indicator: str) -> tuple[int, int]:
    """(end, length) of the word of ``pattern`` that ends last in ``indicator``."""
    best = (-1, 0)
    for start in range(len(indicator)):
        found = pattern.match(indicator, start)
        if found:
            best = max(best, (found.end(), len(found.group())))
    return best


@lru_cache(maxsize=8192)
def lower_is_better(indicator: str | None) -> bool:
    """Whether the indicator's name says lower is better: a lower-is-better word (成本, 投诉,
    办结时限 …) that no higher-is-better head (处理率, 节约率 …) follows."""
    if not indicator:
        return False
    lower = _last(_LOWER, indicator)
    if lower[0] < 0:
        return False
    return lower >= _last(_HIGHER, indicator)


@lru_cache(maxsize=8192)
def bare_comparator(indicator: str | None, value: Decimal | None = None) -> Kind:
    """The comparator of a value written without one: at_most for a zero (``0起`` means none
    may happen: ≤ 0 scores as = 0) and for lower-is-better indicators, else at_least."""
    if value is not None and value == 0:
        return Kind.AT_MOST
    if lower_is_better(indicator):
        return Kind.AT_MOST
    return Kind.AT_LEAST
