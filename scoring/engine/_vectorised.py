"""The numeric rules of domain.md §5 over numpy arrays: one function per target kind, each the
float twin of its exact scalar rule in ``rules`` (the frame re-assesses pairs near a boundary
exactly, so these need only order clean pairs right)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weights import Scheme

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Columns:
    """The numbers of the pairs: actual ``a`` (negative already counted as 0 where the scheme
    says so), target ``t`` and, for a range, the upper bound ``up``; all in the target's unit."""

    a: Floats
    t: Floats
    up: Floats

    @property
    def safe_t(self) -> Floats:
        return np.where(self.t == 0, 1.0, self.t)

    @property
    def safe_a(self) -> Floats:
        return np.where(self.a == 0, 1.0, self.a)


#: A kind's rule over columns: the share of the weight earned by each pair.
VectorRule = Callable[[Columns, Scheme], Floats]


def at_least(c: Columns, scheme: Scheme) -> Floats:
    """a ≥ t → 1, else a/t (t = 0 is always met)."""
    return np.where(c.a >= c.t, 1.0, c.a / c.safe_t)


def more_than(c: Columns, scheme: Scheme) -> Floats:
    """``ratio``: as at_least; ``strict``: a > t → 1, else a/t capped at the 部分达成 share;
    t = 0: a > 0 → 1, else 0."""
    if scheme.rules.more_than == "strict":
        partial = float(scheme.qualitative.default_partial)
        share = np.where(c.a > c.t, 1.0, np.minimum(c.a / c.safe_t, partial))
    else:
        share = at_least(c, scheme)
    return np.where(c.t == 0, np.where(c.a > 0, 1.0, 0.0), share)


def at_most(c: Columns, scheme: Scheme) -> Floats:
    """a ≤ t → 1; above by the linear rule (0 from 2t) or target over actual; t = 0 → 0."""
    if scheme.rules.at_most == "target_over_actual":
        above = c.t / c.safe_a
    else:
        above = np.where(c.a < 2 * c.t, (2 * c.t - c.a) / c.safe_t, 0.0)
    return np.where(c.a <= c.t, 1.0, np.where(c.t == 0, 0.0, above))


def equal(c: Columns, scheme: Scheme) -> Floats:
    """``at_least`` variant, or ``strict``: min(a/t, t/a); t = 0: a ≤ 0 → 1, else 0."""
    if scheme.rules.equal == "strict":
        ratio = np.minimum(c.a / c.safe_t, c.t / c.safe_a)
        share = np.where(c.a == c.t, 1.0, np.where(c.a > 0, ratio, 0.0))
    else:
        share = at_least(c, scheme)
    return np.where(c.t == 0, np.where(c.a <= 0, 1.0, 0.0), share)


def in_range(c: Columns, scheme: Scheme) -> Floats:
    """Inside [t, up] → 1; outside, the ratio to the nearer bound (0 against a bound of 0)."""
    safe_up = np.where(c.up == 0, 1.0, c.up)
    outside = np.where(c.a < c.t, np.where(c.t > 0, c.a / c.safe_t, 0.0),
                       np.where(c.a > 0, safe_up / c.safe_a, 0.0))
    outside = np.where((c.a > c.up) & (c.up == 0), 0.0, outside)
    return np.where((c.t <= c.a) & (c.a <= c.up), 1.0, outside)
