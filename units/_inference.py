"""The comparator of a bare value, inferred from the indicator's name (domain.md §4)."""

from __future__ import annotations

import re
from functools import lru_cache

from units._model import Kind
from units._scan import alternation
from units._words import HIGHER_IS_BETTER, LOWER_IS_BETTER, REDUCING_VERBS

#: The word lists spelled backwards: the first match in the reversed name is the word that
#: ends last in the name (the longest one there, as alternations try the longest first).
_LOWER = alternation([word[::-1] for word in LOWER_IS_BETTER])
_HIGHER = alternation([word[::-1] for word in HIGHER_IS_BETTER])
_REDUCING = alternation([word[::-1] for word in REDUCING_VERBS])


def _last(pattern: re.Pattern[str], reversed_name: str) -> tuple[int, int]:
    """(end, length) of the word that ends last in the name, or (-1, 0) when none does."""
    found = pattern.search(reversed_name)
    if found is None:
        return (-1, 0)
    return (len(reversed_name) - found.start(), len(found.group()))


@lru_cache(maxsize=8192)
def lower_is_better(indicator: str | None) -> bool:
    """Whether the indicator's name says lower is better: a lower-is-better word (成本, 投诉,
    办结时限 …) that no higher-is-better head (处理率, 节约率 …) follows and no reducing verb
    (挽回, 减少, 降低 …) precedes."""
    if not indicator:
        return False
    name = indicator[::-1]
    lower = _last(_LOWER, name)
    if lower[0] < 0:
        return False
    reducing = _last(_REDUCING, name)
    if 0 <= reducing[0] <= lower[0] - lower[1]:
        return False
    return lower >= _last(_HIGHER, name)


@lru_cache(maxsize=8192)
def bare_comparator(indicator: str | None, zero: bool = False) -> Kind:
    """The comparator of a value written without one: at_most for a zero (``0起`` means none
    may happen: ≤ 0 scores as = 0) and for lower-is-better indicators, else at_least."""
    if zero:
        return Kind.AT_MOST
    if lower_is_better(indicator):
        return Kind.AT_MOST
    return Kind.AT_LEAST
