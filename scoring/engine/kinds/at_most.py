"""The ``at_most`` kind: ``≤t``.

a ≤ t earns the weight; above it the linear rule (0 from 2t) or, under
``target_over_actual``, the share t/a; t = 0: a ≤ 0 → 1, else 0."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from scoring.engine.kinds.base import (
    ONE,
    QUANTITATIVE_LINT,
    ZERO,
    Assessment,
    Columns,
    Floats,
    KindSpec,
    clamp,
    numbers,
    yearless,
)
from scoring.model.codes import Flag
from units import Actual, Kind, Target
from weights import Scheme

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def share_of(a: Fraction, t: Fraction, variant: str) -> Fraction:
    """a ≤ t → 1; above t by the linear or the target-over-actual rule."""
    if a <= t:
        return ONE
    if t == 0:
        return ZERO
    if variant == "target_over_actual":
        return t / a
    return (2 * t - a) / t if a < 2 * t else ZERO


def score(target: Target, actual: Actual, scheme: Scheme) -> Assessment:
    """The exact share under the scheme's ``at_most`` variant (less_than: a = t is flagged)."""
    found = numbers(target, actual, scheme)
    if isinstance(found, Assessment):
        return found
    a, t, flags = found
    if target.kind is Kind.LESS_THAN and a == t:
        flags += (Flag.AT_STRICT_BOUND,)
    return Assessment(clamp(share_of(a, t, scheme.rules.at_most)), flags)


def vectorised(c: Columns, scheme: Scheme) -> Floats:
    """a ≤ t → 1; above by the linear rule (0 from 2t) or target over actual; t = 0 → 0."""
    if scheme.rules.at_most == "target_over_actual":
        above = c.t / c.safe_a
    else:
        above = np.where(c.a < 2 * c.t, (2 * c.t - c.a) / c.safe_t, 0.0)
    return np.where(c.a <= c.t, 1.0, np.where(c.t == 0, 0.0, above))


def boundaries(c: Columns, scheme: Scheme) -> list[tuple[Floats, Floats]]:
    """a = 2t, where the linear rule reaches 0."""
    return [(c.a, 2 * c.t)]


def pairs() -> SearchStrategy[tuple[str, str, str]]:
    """``≤t`` pairs in every unit."""
    from scoring.engine.kinds.pair_strategies import comparator_pairs

    return comparator_pairs("≤")


SPEC = KindSpec(Kind.AT_MOST, yearless(score), vectorised,
                QUANTITATIVE_LINT | {"rate_direction"}, pairs, boundaries=boundaries)
