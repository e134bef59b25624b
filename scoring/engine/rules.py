"""The scoring rules of domain.md §5, one per target kind: the exact scalar reference.

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

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring.engine import _vectorised as vectorised
from scoring.engine._vectorised import VectorRule
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
from units import Actual, ActualKind, Band, Kind, Target
from weights import Scheme

ZERO = Fraction(0)
ONE = Fraction(1)

#: The kinds whose target and actual are numbers (scored by ratios of a and t).
NUMERIC_KINDS: frozenset[Kind] = frozenset(
    {Kind.AT_LEAST, Kind.MORE_THAN, Kind.AT_MOST, Kind.LESS_THAN, Kind.EQUAL, Kind.RANGE}
)


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
    ``message`` is the display text (``_codes.row_message``).
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


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the rule of a kind makes of a (target, actual) pair, before the weight applies.

    ``share`` is the exact share of the weight earned (None on error); ``code`` (a
    ``ProblemCode``) and ``column`` say what an error is and which input it is about; ``band``
    is the qualitative band of the actual (for checking a manual score); ``deduct`` says the
    over-completion deduction applies; ``unscorable`` that the target needs a manual score by
    nature.
    """

    share: Fraction | None
    flags: tuple[str, ...] = ()
    error: str = ""
    column: str = ""
    code: str = ""
    band: Band | None = None
    deduct: bool = False
    unscorable: bool = False


def _error(code: ProblemCode, column: str, text: str, *, unscorable: bool = False) -> Assessment:
    return Assessment(share=None, error=text, column=column, code=code, unscorable=unscorable)


def _clamp(share: Fraction) -> Fraction:
    return min(ONE, max(ZERO, share))


# --- numeric kinds -------------------------------------------------------------------------


def _numbers(
    target: Target, actual: Actual, scheme: Scheme
) -> tuple[Fraction, Fraction, tuple[str, ...]] | Assessment:
    """(a, t, flags) for a numeric kind, or the error that prevents scoring."""
    if target.value is None:
        return _error(ProblemCode.TARGET_INVALID, "target", "target has no value")
    around_zero = target.kind is Kind.RANGE and target.value < 0
    if target.value < 0 and not around_zero:
        return _error(ProblemCode.TARGET_INVALID, "target",
                      f"expected a non-negative target value, got {target.value}")
    if actual.kind is not ActualKind.NUMBER or actual.value is None:
        unit = f" in {target.unit}" if target.unit else ""
        return _error(ProblemCode.ACTUAL_MISMATCH, "actual",
                      f"expected a number{unit}, got {actual.text!r}")
    a = Fraction(actual.value)
    found: tuple[str, ...] = ()
    if a < 0 and scheme.rules.negative_actual_as_zero and not around_zero:
        a, found = ZERO, (Flag.NEGATIVE_ACTUAL,)
    return a, Fraction(target.value), found


def _over_completion(a: Fraction, t: Fraction, scheme: Scheme) -> tuple[tuple[str, ...], bool]:
    """Over-completion flags of an at_least/more_than pair and whether to deduct."""
    if t <= 0:
        return (), False
    settings = scheme.over_completion
    found: list[str] = []
    deduct = settings.deduction > 0 and a >= Fraction(settings.deduct_at) * t
    if a >= Fraction(settings.flag_at) * t:
        found.append(Flag.OVER_COMPLETION)
    if deduct:
        found.append(Flag.OVER_COMPLETION_DEDUCTION)
    return tuple(found), deduct


def _at_least_share(a: Fraction, t: Fraction) -> Fraction:
    """a ≥ t → 1, else a/t (t = 0 is always met)."""
    if t == 0 or a >= t:
        return ONE
    return a / t


def _score_at_least(target: Target, actual: Actual, scheme: Scheme) -> Assessment:
    numbers = _numbers(target, actual, scheme)
    if isinstance(numbers, Assessment):
        return numbers
    a, t, found = numbers
    over, deduct = _over_completion(a, t, scheme)
    return Assessment(_clamp(_at_least_share(a, t)), found + over, deduct=deduct)


def _score_more_than(target: Target, actual: Actual, scheme: Scheme) -> Assessment:
    numbers = _numbers(target, actual, scheme)
    if isinstance(numbers, Assessment):
        return numbers
    a, t, found = numbers
    if a == t:
        found += (Flag.AT_STRICT_BOUND,)
    if t == 0:
        share = ONE if a > 0 else ZERO
    elif scheme.rules.more_than == "strict":
        cap = Fraction(scheme.qualitative.default_partial)
        share = ONE if a > t else min(a / t, cap)
    else:
        share = _at_least_share(a, t)
    over, deduct = _over_completion(a, t, scheme)
    return Assessment(_clamp(share), found + over, deduct=deduct)


def _at_most_share(a: Fraction, t: Fraction, variant: str) -> Fraction:
    """a ≤ t → 1; above t by the linear or the target-over-actual rule."""
    if a <= t:
        return ONE
    if t == 0:
        return ZERO
    if variant == "target_over_actual":
        return t / a
    return (2 * t - a) / t if a < 2 * t else ZERO


def _score_at_most(target: Target, actual: Actual, scheme: Scheme) -> Assessment:
    numbers = _numbers(target, actual, scheme)
    if isinstance(numbers, Assessment):
        return numbers
    a, t, found = numbers
    if target.kind is Kind.LESS_THAN and a == t:
        found += (Flag.AT_STRICT_BOUND,)
    return Assessment(_clamp(_at_most_share(a, t, scheme.rules.at_most)), found)


def _score_equal(target: Target, actual: Actual, scheme: Scheme) -> Assessment:
    numbers = _numbers(target, actual, scheme)
    if isinstance(numbers, Assessment):
        return numbers
    a, t, found = numbers
    if t == 0:
        share = ONE if a <= 0 else ZERO
    elif scheme.rules.equal == "strict":
        share = ONE if a == t else (min(a / t, t / a) if a > 0 else ZERO)
        if a != t:
            found += (Flag.NOT_EQUAL,)
    else:
        share = _at_least_share(a, t)
    return Assessment(_clamp(share), found)


def _score_range(target: Target, actual: Actual, scheme: Scheme) -> Assessment:
    numbers = _numbers(target, actual, scheme)
    if isinstance(numbers, Assessment):
        return numbers
    a, low, found = numbers
    if target.upper is None:
        return _error(ProblemCode.TARGET_INVALID, "target", "range target has no upper bound")
    up = Fraction(target.upper)
    if up < low:
        return _error(ProblemCode.TARGET_INVALID, "target",
                      f"range target runs backwards ({target.value} > {target.upper})")
    if low <= a <= up:
        share = ONE
    elif a < low:
        # Below a band around 0 (±3%: −5 % against −3 %) the ratio of the two negatives, low/a.
        share = a / low if low > 0 else (low / a if a < 0 else ZERO)
    else:
        share = up / a if a > 0 else ZERO
    return Assessment(_clamp(share), found)


# --- deadline and qualitative -------------------------------------------------------------


def months_late(done: dt.date, due: dt.date) -> int:
    """Started months from ``due`` to ``done`` (0 when on time)."""
    if done <= due:
        return 0
    months = (done.year - due.year) * 12 + done.month - due.month
    return months + 1 if done.day > due.day else max(months, 1)


def _score_deadline(
    target: Target, actual: Actual, scheme: Scheme, year: int | None
) -> Assessment:
    if target.deadline is None:
        return _error(ProblemCode.TARGET_INVALID, "target", "deadline target has no date")
    if actual.kind is ActualKind.BAND and actual.band is not None:
        share = Fraction(scheme.qualitative.default_share(actual.band))
        return Assessment(share, band=actual.band)
    if actual.kind is not ActualKind.DATE or actual.date is None:
        return _error(
            ProblemCode.ACTUAL_MISMATCH, "actual",
            f"expected a completion date or 完成/未完成, got {actual.text!r}"
        )
    found: tuple[str, ...] = ()
    if target.deadline.year is None and year is None:
        # No evaluation or project year: the completion date's own year dates the deadline.
        year, found = actual.date.year, (Flag.YEAR_FROM_ACTUAL,)
    due = target.deadline.on(year)
    late = months_late(actual.date, due)
    if late == 0:
        return Assessment(ONE, found)
    if scheme.rules.deadline == "late_per_month":
        share = max(ZERO, ONE - late * Fraction(scheme.rules.late_per_month))
    else:
        share = Fraction(scheme.qualitative.default_partial)
    return Assessment(share, (*found, Flag.LATE))


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


def _score_qualitative(target: Target, actual: Actual, scheme: Scheme) -> Assessment:
    qualitative = scheme.qualitative
    if actual.kind is ActualKind.BAND and actual.band is not None:
        return Assessment(Fraction(qualitative.default_share(actual.band)), band=actual.band)
    if actual.kind is not ActualKind.TIER or actual.tier is None:
        return _error(
            ProblemCode.ACTUAL_MISMATCH, "actual",
            f"expected a qualitative word (达成/部分达成/未达成 or a tier of the scale), "
            f"got {actual.text!r}",
        )
    if not 0 <= actual.tier < len(target.scale):
        return _error(ProblemCode.ACTUAL_MISMATCH, "actual",
                      f"{actual.text!r} is not a tier of the target's scale")
    word = target.scale[actual.tier]
    share = _scale_share(target.scale, actual.tier, scheme)
    if share is None:
        return _error(ProblemCode.TARGET_INVALID, "target",
                      f"tier {word!r} is not in the scheme's qualitative vocabulary")
    found: tuple[str, ...] = ()
    if target.value is not None and 0 <= int(target.value) < len(target.scale):
        if actual.tier >= int(target.value):
            share = ONE
        else:
            found = (Flag.BELOW_REQUIRED_TIER,)
    band = qualitative.band_of_share(Decimal(share.numerator) / Decimal(share.denominator))
    return Assessment(share, found, band=band)


_Rule = Callable[[Target, Actual, Scheme, "int | None"], Assessment]


def _yearless(rule: Callable[[Target, Actual, Scheme], Assessment]) -> _Rule:
    """A rule that needs no evaluation year, in the registry's signature."""
    return lambda target, actual, scheme, year: rule(target, actual, scheme)


def _unscorable(target: Target, actual: Actual, scheme: Scheme, year: int | None) -> Assessment:
    return _error(
        ProblemCode.NEEDS_MANUAL_SCORE, "target",
        f"target ({target.text!r}) cannot be scored automatically; enter a manual_score with a "
        f"reason", unscorable=True,
    )


@dataclass(frozen=True, slots=True)
class KindSpec:
    """Everything about one target kind, in one place.

    ``rule``: the exact scalar rule (the oracle). ``vectorised``: its numpy twin over whole
    columns (``_vectorised``), or None when the frame calls ``rule`` once per distinct
    (target, actual) pair (dates and words: few distinct pairs). ``lint``: the lint codes
    checked on rows of this kind (``lint.py`` asks here). ``strategy``: the Hypothesis
    strategy of its pairs in ``tests/strategies.py`` (``PAIRS[kind]``), '' when the kind has
    none (its rows are drawn by ``bad_pairs``).
    """

    rule: _Rule
    vectorised: VectorRule | None
    lint: frozenset[str]
    strategy: str


#: Lint codes of every quantitative kind.
_QUANTITATIVE_LINT = frozenset({"unit_missing", "negative_target", "cost_unit",
                                "satisfaction_unit", "satisfaction_low", "quantity_unit",
                                "unit_mismatch"})

#: The registry: one entry per target kind (a new kind is one entry here, its rule above and
#: its numpy twin in ``_vectorised``).
KINDS: dict[Kind, KindSpec] = {
    Kind.AT_LEAST: KindSpec(_yearless(_score_at_least), vectorised.at_least,
                            _QUANTITATIVE_LINT | {"cost_direction"},
                            "comparator_pairs('≥') | bare_pairs()"),
    Kind.MORE_THAN: KindSpec(_yearless(_score_more_than), vectorised.more_than,
                             _QUANTITATIVE_LINT | {"cost_direction"}, "comparator_pairs('>')"),
    Kind.AT_MOST: KindSpec(_yearless(_score_at_most), vectorised.at_most,
                           _QUANTITATIVE_LINT | {"rate_direction"}, "comparator_pairs('≤')"),
    Kind.LESS_THAN: KindSpec(_yearless(_score_at_most), vectorised.at_most,
                             _QUANTITATIVE_LINT | {"rate_direction"}, "comparator_pairs('<')"),
    Kind.EQUAL: KindSpec(_yearless(_score_equal), vectorised.equal, _QUANTITATIVE_LINT,
                         "comparator_pairs('=')"),
    Kind.RANGE: KindSpec(_yearless(_score_range), vectorised.in_range, _QUANTITATIVE_LINT,
                         "range_pairs()"),
    Kind.DEADLINE: KindSpec(_score_deadline, None, frozenset(), "deadline_pairs()"),
    Kind.QUALITATIVE: KindSpec(_yearless(_score_qualitative), None,
                               frozenset({"qualitative_unit"}), "qualitative_pairs()"),
    Kind.UNSCORABLE: KindSpec(_unscorable, None,
                              frozenset({"target_missing", "placeholder", "malformed_date",
                                         "target_unreadable"}), ""),
}


def kinds_linted(code: str) -> frozenset[str]:
    """The kinds (as ``kind`` column values) on whose rows the lint check ``code`` runs."""
    return frozenset(kind.value for kind, spec in KINDS.items() if code in spec.lint)


def assess(
    target: Target | None, actual: Actual | None, scheme: Scheme, *, year: int | None
) -> Assessment:
    """The share of the weight a (target, actual) pair earns under the scheme's rules."""
    if target is None:
        return _error(
            ProblemCode.NEEDS_MANUAL_SCORE, "target",
            "target cannot be scored automatically; enter a manual_score with a reason",
            unscorable=True,
        )
    if target.kind is not Kind.UNSCORABLE and (actual is None
                                               or actual.kind is ActualKind.EMPTY):
        return _error(ProblemCode.ACTUAL_EMPTY, "actual", "实际完成值 is empty")
    found = KINDS[target.kind].rule(target, actual or Actual("", ActualKind.EMPTY), scheme, year)
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
