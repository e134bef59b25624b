"""The ``qualitative`` kind: words and tier scales.

A qualitative target (效果明显) or a tier scale (一般/较好/很好): a band word earns its
band's default share, a tier its ``tiers`` share (the best tier the whole weight). Few
distinct pairs, so the frame calls the exact rule once per distinct pair."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from scoring.engine.kinds.base import ONE, Assessment, KindSpec, error, yearless
from scoring.model.codes import Flag, ProblemCode
from units import Actual, ActualKind, Kind, Target
from weights import Scheme

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def tier_share(word: str, scheme: Scheme) -> Fraction | None:
    """The share a tier word earns: its ``tiers`` share, else its band's default share."""
    share = scheme.qualitative.tier_share(word)
    return None if share is None else Fraction(share)


def _scale_share(scale: tuple[str, ...], tier: int, scheme: Scheme) -> Fraction | None:
    """The share tier ``tier`` of ``scale`` earns: the best tier earns the whole weight (合格
    on 合格/不合格), every other tier its ``tiers`` share (the scheme keeps them in order)."""
    if tier == len(scale) - 1:
        return ONE
    return tier_share(scale[tier], scheme)


def score(target: Target, actual: Actual, scheme: Scheme) -> Assessment:
    """The exact share of a band word or a tier of the target's scale."""
    qualitative = scheme.qualitative
    if actual.kind is ActualKind.BAND and actual.band is not None:
        return Assessment(Fraction(qualitative.default_share(actual.band)), band=actual.band)
    if actual.kind is not ActualKind.TIER or actual.tier is None:
        return error(
            ProblemCode.ACTUAL_MISMATCH, "actual",
            f"expected a qualitative word (达成/部分达成/未达成 or a tier of the scale), "
            f"got {actual.text!r}",
        )
    if not 0 <= actual.tier < len(target.scale):
        return error(ProblemCode.ACTUAL_MISMATCH, "actual",
                     f"{actual.text!r} is not a tier of the target's scale")
    word = target.scale[actual.tier]
    share = _scale_share(target.scale, actual.tier, scheme)
    if share is None:
        return error(ProblemCode.TARGET_INVALID, "target",
                     f"tier {word!r} is not in the scheme's qualitative vocabulary")
    found: tuple[str, ...] = ()
    if target.value is not None and 0 <= int(target.value) < len(target.scale):
        if actual.tier >= int(target.value):
            share = ONE
        else:
            found = (Flag.BELOW_REQUIRED_TIER,)
    band = qualitative.band_of_share(Decimal(share.numerator) / Decimal(share.denominator))
    return Assessment(share, found, band=band)


def pairs() -> SearchStrategy[tuple[str, str, str]]:
    """Band words against a qualitative target, and tiers against a tier scale."""
    from hypothesis import strategies as st

    @st.composite
    def qualitative_pairs(draw: st.DrawFn) -> tuple[str, str, str]:
        if draw(st.booleans()):
            word = draw(st.sampled_from(["达成年度指标", "部分达成", "未达成", "基本达成", "完成"]))
            return "效果明显", word, "社会效益"
        return "一般/较好/很好", draw(st.sampled_from(["一般", "较好", "很好"])), "满意度"

    return qualitative_pairs()


SPEC = KindSpec(Kind.QUALITATIVE, yearless(score), None, frozenset({"qualitative_unit"}), pairs)
