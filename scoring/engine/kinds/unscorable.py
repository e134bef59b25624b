"""The ``unscorable`` kind: targets only a manual score can score.

A target no rule can score (such as a placeholder): every pair is an error asking for a
manual score with a reason. Its rows come from the tests' bad pairs, so it draws no pairs of
its own."""

from __future__ import annotations

from scoring.engine.kinds.base import Assessment, KindSpec, error
from scoring.model.codes import ProblemCode
from units import Actual, Kind, Target
from weights import Scheme


def score(target: Target, actual: Actual, scheme: Scheme, year: int | None) -> Assessment:
    """Always the error that asks for a manual score."""
    return error(
        ProblemCode.NEEDS_MANUAL_SCORE, "target",
        f"target ({target.text!r}) cannot be scored automatically; enter a manual_score with a "
        f"reason", unscorable=True,
    )


SPEC = KindSpec(Kind.UNSCORABLE, score, None,
                frozenset({"target_missing", "placeholder", "malformed_date",
                           "target_unreadable"}), None, needs_actual=False)
