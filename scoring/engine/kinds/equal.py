"""The ``equal`` kind: ``=t``.

Scored like at_least, or under ``strict`` the share min(a/t, t/a) with a miss flagged
``not_equal``; t = 0: a ≤ 0 → 1, else 0."""

from __future__ import annotations

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
    yearless,
)
from scoring.model.codes import Flag
from units import Actual, Kind, Target
from weights import Scheme

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def score(target: Target, actual: Actual, scheme: Scheme) -> Assessment:
    """The exact share under the scheme's ``equal`` variant."""
    found = numbers(target, actual, scheme)
    if isinstance(found, Assessment):
        return found
    a, t, flags = found
    if t == 0:
        share = ONE if a <= 0 else ZERO
    elif scheme.rules.equal == "strict":
        share = ONE if a == t else (min(a / t, t / a) if a > 0 else ZERO)
        if a != t:
            flags += (Flag.NOT_EQUAL,)
    else:
        share = at_least_share(a, t)
    return Assessment(clamp(share), flags)


def vectorised(c: Columns, scheme: Scheme) -> Floats:
    """``at_least`` variant, or ``strict``: min(a/t, t/a); t = 0: a ≤ 0 → 1, else 0."""
    if scheme.rules.equal == "strict":
        ratio = np.minimum(c.a / c.safe_t, c.t / c.safe_a)
        share = np.where(c.a == c.t, 1.0, np.where(c.a > 0, ratio, 0.0))
    else:
        share = at_least.vectorised(c, scheme)
    return np.where(c.t == 0, np.where(c.a <= 0, 1.0, 0.0), share)


def flags(c: Columns, scheme: Scheme) -> list[tuple[str, Bools]]:
    """Under ``strict``, a miss (a ≠ t, t ≠ 0) is flagged ``not_equal``."""
    if scheme.rules.equal != "strict":
        return []
    return [(Flag.NOT_EQUAL, (c.t != 0) & (c.a != c.t))]


def pairs() -> SearchStrategy[tuple[str, str, str]]:
    """``=t`` pairs in every unit."""
    from scoring.engine.kinds.pair_strategies import comparator_pairs

    return comparator_pairs("=")


SPEC = KindSpec(Kind.EQUAL, yearless(score), vectorised, QUANTITATIVE_LINT, pairs,
                flags=flags)
