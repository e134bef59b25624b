"""The ``at_least`` kind: ``≥t`` and bare values.

``≥t``, or a bare value where the comparator is inferred: a ≥ t earns the whole weight,
below it the share a/t; over-completion is flagged."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scoring.engine.kinds.base import (
    QUANTITATIVE_LINT,
    Assessment,
    Columns,
    Floats,
    KindSpec,
    at_least_share,
    clamp,
    numbers,
    over_completion,
    over_completion_boundaries,
    over_completion_columns,
    yearless,
)
from units import Actual, Kind, Target
from weights import Scheme

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def score(target: Target, actual: Actual, scheme: Scheme) -> Assessment:
    """The exact share: a ≥ t → 1, else a/t; over-completion flags from ``flag_at``·t."""
    found = numbers(target, actual, scheme)
    if isinstance(found, Assessment):
        return found
    a, t, flags = found
    over, deduct = over_completion(a, t, scheme)
    return Assessment(clamp(at_least_share(a, t)), flags + over, deduct=deduct)


def vectorised(c: Columns, scheme: Scheme) -> Floats:
    """a ≥ t → 1, else a/t (t = 0 is always met)."""
    return np.where(c.a >= c.t, 1.0, c.a / c.safe_t)


def pairs() -> SearchStrategy[tuple[str, str, str]]:
    """``≥t`` pairs in every unit, and bare counts such as ``5 个`` (comparator inferred)."""
    from hypothesis import strategies as st

    from scoring.engine.kinds.pair_strategies import comparator_pairs

    @st.composite
    def bare_pairs(draw: st.DrawFn) -> tuple[str, str, str]:
        target = draw(st.integers(min_value=1, max_value=500))
        actual = draw(st.integers(min_value=0, max_value=1200))
        return f"{target} 个", f"{actual} 个", "政策性关闭矿山数量"

    return st.one_of(comparator_pairs("≥"), bare_pairs())


SPEC = KindSpec(Kind.AT_LEAST, yearless(score), vectorised,
                QUANTITATIVE_LINT | {"cost_direction"}, pairs,
                flags=over_completion_columns, boundaries=over_completion_boundaries)
