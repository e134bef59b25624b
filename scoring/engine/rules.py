"""One indicator row scored exactly: the scalar reference of domain.md §5.

The scoring of one indicator row by domain.md §5: the exact scalar reference, with each
kind's rule in ``kinds/``.

Every rule turns a (target, actual) pair into the share of the weight it earns, an exact
fraction in [0, 1]; ``score_indicator`` multiplies by the weight and rounds half-up once, to the
scheme's places, so no intermediate rounding can move a score across a .5 boundary.
w = weight, t = target, a = actual (already in the target's unit).

Choices the domain leaves open, made here and visible as flags:

* more_than, t = 0 (``>0``): a > 0 → w, else 0 (a/t is undefined; nothing is not "more than 0").
* more_than "ratio": a ≥ t → w, like at_least; a = t is flagged ``at_strict_bound``.
  more_than "strict": a > t → w; a ≤ t is not an attainment of "more than", so it earns the
  ratio a/t·w but at most the 部分达成 default share (0.7·w by default); a = t therefore earns
  0.7·w, flagged ``at_strict_bound``. The score never falls as a rises.
* less_than is scored as at_most under the same variant; a = t earns w, flagged
  ``at_strict_bound`` (the linear rule is continuous there).
* at_most / less_than / equal with t = 0: a ≤ 0 → w, else 0.
* range with a bound of 0 outside which the actual lies: 0 (the ratio is undefined).
* range around 0 (``±3%`` → [−3, 3]): the actual keeps its sign (a negative deviation is
  not counted as 0); below the band it earns low/a, above it up/a.
* deadline "late_per_month": each started month after the due date loses ``late_per_month``
  of the weight (due 06-30, done 07-01 → 1 month; done 07-31 → 2 months), never below 0.
* Over-completion (a ≥ flag_at·t) is checked on at_least and more_than with t > 0 only.
* A manual score replaces the auto score (any kind); an adjustment is a deduction from the
  score that stands (manual or auto): final = max(0, score − adjustment). Both need a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring.engine.kinds import KINDS, Assessment
from scoring.engine.kinds.base import error
from scoring.engine.rounding import round_half_up
from scoring.model.codes import (
    Flag,
    ProblemCode,
    Status,
    parsed_flags,
    row_message,
    status_of,
    unique,
)
from units import Actual, ActualKind, Band, Target
from weights import Scheme


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """The score of one indicator row.

    ``attainment`` is final_score / weight; ``auto_score`` what the rule of the kind gives;
    ``final_score`` the score that counts (after a manual score or deduction). Scores are
    Decimals at the scheme's places; all three are None when the row is 不适用 or in error
    (``auto_score`` may be None while ``final_score`` is a manual score). ``error_column``
    names the input column an error is about (``target``, ``actual``, ``weight``,
    ``manual_score``, ``adjustment``, ``adjustment_reason``), ``code`` the problem
    (``ProblemCode``) and ``detail`` its values, all empty when there is no error; ``detail``
    on a scored row is a note (why the auto score failed where a manual score stands in).
    ``message`` is the display text (``codes.row_message``).
    """

    attainment: Decimal | None
    auto_score: Decimal | None
    final_score: Decimal | None
    status: Status
    flags: tuple[str, ...]
    message: str
    error_column: str = ""
    code: str = ""
    detail: str = ""


def assess(
    target: Target | None, actual: Actual | None, scheme: Scheme, *, year: int | None
) -> Assessment:
    """The share of the weight a (target, actual) pair earns under the scheme's rules."""
    if target is None:
        return error(
            ProblemCode.NEEDS_MANUAL_SCORE, "target",
            "target cannot be scored automatically; enter a manual_score with a reason",
            unscorable=True,
        )
    spec = KINDS[target.kind]
    if spec.needs_actual and (actual is None or actual.kind is ActualKind.EMPTY):
        return error(ProblemCode.ACTUAL_EMPTY, "actual", "实际完成值 is empty")
    found = spec.rule(target, actual or Actual("", ActualKind.EMPTY), scheme, year)
    if target.inferred and not found.error:
        return Assessment(
            found.share,
            (Flag.COMPARATOR_INFERRED, *found.flags),
            band=found.band,
            deduct=found.deduct,
        )
    return found


# --- one indicator ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a row is not scored: its ``ProblemCode``, the input column, and the values."""

    code: ProblemCode
    column: str
    detail: str


def _manual_problem(
    weight: Decimal,
    manual_score: Decimal | None,
    adjustment: Decimal | None,
    adjustment_reason: str,
    rubric: bool = False,
) -> Failure | None:
    """The failure of an unusable weight, manual score or adjustment, or None.

    On a rubric row the evaluator's score needs no reason here: a deduction without one is a
    warning (``rubric_deduction_unexplained``), the score stands."""
    if weight <= 0:
        return Failure(ProblemCode.WEIGHT_INVALID, "weight",
                       f"expected a weight above 0, got {weight}")
    has_adjustment = adjustment is not None and adjustment != 0
    needs_reason = has_adjustment or (manual_score is not None and not rubric)
    if needs_reason and not adjustment_reason.strip():
        return Failure(ProblemCode.REASON_MISSING, "adjustment_reason",
                       "a manual score or deduction needs a reason")
    if manual_score is not None and not 0 <= manual_score <= weight:
        return Failure(ProblemCode.MANUAL_SCORE_INVALID, "manual_score",
                       f"expected a manual score from 0 to {weight}, got {manual_score}")
    if adjustment is not None and adjustment < 0:
        return Failure(ProblemCode.ADJUSTMENT_INVALID, "adjustment",
                       f"an adjustment is a deduction: expected ≥ 0, got {adjustment}")
    return None


def _band_problem(
    manual: Decimal, weight: Decimal, band: Band | None, scheme: Scheme
) -> Failure | None:
    """The failure when a qualitative manual score lies outside the actual's band."""
    if band is None or scheme.qualitative.in_band(Fraction(manual) / Fraction(weight), band):
        return None
    low, high = scheme.qualitative.band_range(band)
    closing = "]" if band is Band.ACHIEVED else ")"
    return Failure(ProblemCode.MANUAL_SCORE_OUT_OF_BAND, "manual_score",
                   f"manual score {manual} is outside the {band.value} band "
                   f"[{low * weight}, {high * weight}{closing} of weight {weight}")


def _result(
    final: Decimal | None,
    auto: Decimal | None,
    weight: Decimal,
    flags: tuple[str, ...],
    failure: Failure | None = None,
    note: str = "",
) -> IndicatorScore:
    flags = unique(flags)
    if failure is not None:
        return IndicatorScore(None, None, None, Status.ERROR, flags,
                              row_message(flags, failure.code, failure.detail),
                              failure.column, failure.code, failure.detail)
    attainment = None if final is None or weight <= 0 else final / weight
    return IndicatorScore(
        attainment=attainment,
        auto_score=auto,
        final_score=final,
        status=status_of(flags, False),
        flags=flags,
        message=row_message(flags, detail=note),
        detail=note,
    )


def _failure(found: Assessment) -> Failure:
    """The failure an assessment with an error stands for."""
    return Failure(ProblemCode(found.code), found.column, found.error)


def _by_hand(found: Assessment, manual: Decimal, weight: Decimal, scheme: Scheme, *,
             rubric: bool, explained: bool) -> tuple[str, ...] | Failure:
    """The flags a manual score adds, or why it cannot stand: on a rubric row the evaluator's
    score (a deduction without a reason is flagged); else a score held to the actual's band."""
    if rubric:
        unexplained = manual < weight and not explained
        return (Flag.RUBRIC_SCORE, *((Flag.RUBRIC_UNEXPLAINED,) if unexplained else ()))
    band_error = _band_problem(manual, weight, found.band, scheme)
    if band_error is not None:
        return band_error
    failed = (Flag.NO_AUTO_SCORE,) if found.error and not found.unscorable else ()
    return (*failed, Flag.MANUAL_SCORE)


def score_indicator(
    target: Target | None,
    actual: Actual | None,
    weight: Decimal,
    scheme: Scheme,
    *,
    year: int | None,
    manual_score: Decimal | None = None,
    adjustment: Decimal | None = None,
    adjustment_reason: str = "",
    applicable: bool = True,
    rubric: bool = False,
) -> IndicatorScore:
    """Score one indicator row (domain.md §5; the module docstring lists the choices made).

    ``rubric``: the row belongs to a 一级 the scheme scores by rubric (决策/过程 of the
    evaluation framework, domain.md §10); a manual score there is the evaluator's score: it
    must lie in [0, weight] and is not held to a qualitative band; below the weight it is a
    deduction, and one without a reason (``adjustment_reason``) is flagged as a warning.

    ``target`` None means the 指标值 could not be read: like an unscorable target, the row
    needs a manual score. ``actual`` None means an empty 实际完成值. The row's flags are the
    scoring flags followed by what the parsers noticed (``target:…``, ``actual:…``).
    """
    noticed = parsed_flags(target, actual)
    if not applicable or (actual is not None and actual.kind is ActualKind.NOT_APPLICABLE):
        return _result(None, None, weight, (Flag.NOT_APPLICABLE, *noticed))
    places = scheme.rounding.places
    problem = _manual_problem(weight, manual_score, adjustment, adjustment_reason, rubric)
    if problem is not None:
        return _result(None, None, weight, noticed, problem)
    found = assess(target, actual, scheme, year=year)
    flags = found.flags
    auto: Decimal | None = None
    if found.share is not None:
        auto = round_half_up(found.share * Fraction(weight), places)
        if found.deduct:
            deduction = round_half_up(scheme.over_completion.deduction, places)
            auto = max(round_half_up(0, places), auto - deduction)
    if manual_score is None:
        if found.error:
            return _result(None, None, weight, flags + noticed, _failure(found))
        assert auto is not None
        score = auto
    else:
        by_hand = _by_hand(found, manual_score, weight, scheme, rubric=rubric,
                           explained=bool(adjustment_reason.strip()))
        if isinstance(by_hand, Failure):
            return _result(None, None, weight, flags + noticed, by_hand)
        score, flags = round_half_up(manual_score, places), flags + by_hand
    if adjustment is not None and adjustment != 0:
        flags += (Flag.ADJUSTMENT,)
        score = max(round_half_up(0, places),
                    round_half_up(Fraction(score) - Fraction(adjustment), places))
    auto_failure = (found.error if manual_score is not None and not found.unscorable
                    and not rubric else "")
    return _result(score, auto, weight, flags + noticed, note=auto_failure)
