"""The ``less_than`` kind: ``<t``.

Scored as at_most under the same variant; a = t earns the weight and is flagged
``at_strict_bound`` (the linear rule is continuous there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scoring.engine.kinds import at_most
from scoring.engine.kinds.base import QUANTITATIVE_LINT, Bools, Columns, KindSpec, yearless
from scoring.model.codes import Flag
from units import Kind
from weights import Scheme

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def flags(c: Columns, scheme: Scheme) -> list[tuple[str, Bools]]:
    """a = t is flagged ``at_strict_bound``."""
    return [(Flag.AT_STRICT_BOUND, c.a == c.t)]


def pairs() -> SearchStrategy[tuple[str, str, str]]:
    """``<t`` pairs in every unit."""
    from scoring.engine.kinds.pair_strategies import comparator_pairs

    return comparator_pairs("<")


SPEC = KindSpec(Kind.LESS_THAN, yearless(at_most.score), at_most.vectorised,
                QUANTITATIVE_LINT | {"rate_direction"}, pairs, flags=flags,
                boundaries=at_most.boundaries)
