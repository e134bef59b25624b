"""The comparator of a bare value, inferred from the indicator's name (domain.md §4)."""

from __future__ import annotations

from functools import lru_cache

from units._model import Kind
from units._words import LOWER_IS_BETTER


@lru_cache(maxsize=8192)
def bare_comparator(indicator: str | None) -> Kind:
    """at_most for 成本 and lower-is-better indicators (发生率, 事故, 损失 …), else at_least."""
    if indicator and any(word in indicator for word in LOWER_IS_BETTER):
        return Kind.AT_MOST
    return Kind.AT_LEAST
