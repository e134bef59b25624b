"""The ``more_than`` kind: ``>t``.

Scored like at_least (``ratio``) or, under ``strict``, a > t earns the weight and a ≤ t at
most the 部分达成 share; a = t is flagged ``at_strict_bound``."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from scoring.engine.kinds import at_least
from scoring.engine.kinds.base import (
    ONE,
    QUANTITATIVE_LINT,
    ZERO,
    Assessment,
    Bools,
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
from scoring.model.codes import Flag
from units import Actual, Kind, Target
from weights import Scheme

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def score(target: Target, actual: Actual, scheme: Scheme) -> Assessment:
    """The exact share under the scheme's ``more_than`` variant; t = 0: a > 0 → 1, else 0."""
    found = numbers(target, actual, scheme)
    if isinstance(found, Assessment):
        return found
    a, t, flags = found
    if a == t:
        flags += (Flag.AT_STRICT_BOUND,)
    if t == 0:
        share = ONE if a > 0 else ZERO
    elif scheme.rules.more_than == "strict":
        cap = Fraction(scheme.qualitative.default_partial)
        share = ONE if a > t else min(a / t, cap)
    else:
        share = at_least_share(a, t)
    over, deduct = over_completion(a, t, scheme)
    return Assessment(clamp(share), flags + over, deduct=deduct)


def vectorised(c: Columns, scheme: Scheme) -> Floats:
    """``ratio``: as at_least; ``strict``: a > t → 1, else a/t capped at the 部分达成 share;
    t = 0: a > 0 → 1, else 0."""
    if scheme.rules.more_than == "strict":
        partial = float(scheme.qualitative.default_partial)
        share = np.where(c.a > c.t, 1.0, np.minimum(c.a / c.safe_t, partial))
    else:
        share = at_least.vectorised(c, scheme)
    return np.where(c.t == 0, np.where(c.a > 0, 1.0, 0.0), share)


def flags(c: Columns, scheme: Scheme) -> list[tuple[str, Bools]]:
    """a = t is flagged ``at_strict_bound``; then the over-completion flags."""
    return [(Flag.AT_STRICT_BOUND, c.a == c.t), *over_completion_columns(c, scheme)]


def boundaries(c: Columns, scheme: Scheme) -> list[tuple[Floats, Floats]]:
    """The over-completion thresholds and, under ``strict``, the 部分达成 cap."""
    partial = float(scheme.qualitative.default_partial)
    return [*over_completion_boundaries(c, scheme), (c.a, partial * c.t)]


def pairs() -> SearchStrategy[tuple[str, str, str]]:
    """``>t`` pairs in every unit."""
    from scoring.engine.kinds.pair_strategies import comparator_pairs

    return comparator_pairs(">")


SPEC = KindSpec(Kind.MORE_THAN, yearless(score), vectorised,
                QUANTITATIVE_LINT | {"cost_direction"}, pairs, flags=flags,
                boundaries=boundaries)
