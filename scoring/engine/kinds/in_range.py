"""The ``range`` kind: ``80%-90%``, ``±3%``.

Inside [low, up] earns the weight; outside, the ratio to the nearer bound (0 against a bound
of 0); a band around 0 keeps the actual's sign."""

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
    error,
    numbers,
    yearless,
)
from scoring.model.codes import ProblemCode
from units import Actual, Kind, Target
from weights import Scheme

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def score(target: Target, actual: Actual, scheme: Scheme) -> Assessment:
    """The exact share: 1 inside the range, else the ratio to the nearer bound."""
    found = numbers(target, actual, scheme)
    if isinstance(found, Assessment):
        return found
    a, low, flags = found
    if target.upper is None:
        return error(ProblemCode.TARGET_INVALID, "target", "range target has no upper bound")
    up = Fraction(target.upper)
    if up < low:
        return error(ProblemCode.TARGET_INVALID, "target",
                     f"range target runs backwards ({target.value} > {target.upper})")
    if low <= a <= up:
        share = ONE
    elif a < low:
        # Below a band around 0 (±3%: −5 % against −3 %) the ratio of the two negatives, low/a.
        share = a / low if low > 0 else (low / a if a < 0 else ZERO)
    else:
        share = up / a if a > 0 else ZERO
    return Assessment(clamp(share), flags)


def vectorised(c: Columns, scheme: Scheme) -> Floats:
    """Inside [t, up] → 1; outside, the ratio to the nearer bound (0 against a bound of 0)."""
    safe_up = np.where(c.up == 0, 1.0, c.up)
    outside = np.where(c.a < c.t, np.where(c.t > 0, c.a / c.safe_t, 0.0),
                       np.where(c.a > 0, safe_up / c.safe_a, 0.0))
    outside = np.where((c.a > c.up) & (c.up == 0), 0.0, outside)
    return np.where((c.t <= c.a) & (c.a <= c.up), 1.0, outside)


def boundaries(c: Columns, scheme: Scheme) -> list[tuple[Floats, Floats]]:
    """a = up, and an upper bound of 0 (the ratio to it is 0)."""
    return [(c.a, c.up), (c.up, np.zeros(len(c.up)))]


def fits(target: Target) -> bool:
    """A range with an upper bound that does not run backwards."""
    return target.value is not None and target.upper is not None and target.upper >= target.value


def pairs() -> SearchStrategy[tuple[str, str, str]]:
    """Percentage ranges such as ``80%-90%``, with actuals on, inside and outside the bounds."""
    from hypothesis import strategies as st

    @st.composite
    def range_pairs(draw: st.DrawFn) -> tuple[str, str, str]:
        low = draw(st.integers(min_value=1, max_value=90))
        high = draw(st.integers(min_value=low, max_value=100))
        actual = draw(st.one_of(st.sampled_from([low, high]), st.integers(0, 200)))
        return f"{low}%-{high}%", f"{actual}%", "覆盖率"

    return range_pairs()


SPEC = KindSpec(Kind.RANGE, yearless(score), vectorised, QUANTITATIVE_LINT, pairs,
                boundaries=boundaries, fits=fits)
