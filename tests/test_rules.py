"""The scalar scoring rules (domain.md §5), with expectations worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

import weights
from scoring.engine.kinds.deadline import months_late
from scoring.engine.rounding import round_half_up
from scoring.engine.rules import IndicatorScore, score_indicator
from units import Actual, ActualKind, Band, Deadline, Kind, Target

D = Decimal
NATIONAL = weights.load_scheme("national-2020")


def scheme(**overrides: Any) -> weights.Scheme:
    """The national scheme with some settings changed."""
    return weights.load_scheme("national-2020", overrides=overrides) if overrides else NATIONAL


def target(kind: Kind, value: str | None = None, unit: str = "", **more: Any) -> Target:
    """A hand-built target."""
    return Target(
        text=f"{kind.value} {value}", kind=kind, value=None if value is None else D(value),
        unit=unit, **more,
    )


def number(value: str, unit: str = "") -> Actual:
    """A numeric actual already in the target's unit."""
    return Actual(text=value, kind=ActualKind.NUMBER, value=D(value), unit=unit)


def band(word: Band) -> Actual:
    """A qualitative actual naming a band."""
    return Actual(text=word.value, kind=ActualKind.BAND, band=word)


def score(
    t: Target | None, a: Actual | None, w: str = "10", s: weights.Scheme = NATIONAL, **kw: Any
) -> IndicatorScore:
    """Score with the evaluation year 2024."""
    return score_indicator(t, a, D(w), s, year=2024, **kw)


# --- rounding ------------------------------------------------------------------------------


def test_round_half_up_rounds_exact_halves_up() -> None:
    """0.125 → 0.13 and 2.675 → 2.68, where banker's or binary rounding gives 0.12 / 2.67."""
    assert round_half_up(D("0.125"), 2) == D("0.13")
    assert round_half_up(D("2.675"), 2) == D("2.68")
    assert round_half_up(Fraction(1, 3) * Fraction(3, 8), 2) == D("0.13")


def test_half_up_on_a_score_where_float_rounding_differs() -> None:
    """≥8 with a = 1, w = 1: 1/8 = 0.125 → 0.13 (Python's round gives 0.12)."""
    assert round(1 / 8 * 1, 2) == 0.12
    assert score(target(Kind.AT_LEAST, "8"), number("1"), "1").auto_score == D("0.13")
    assert score(target(Kind.AT_LEAST, "1000"), number("499"), "5").auto_score == D("2.50")


def test_half_up_with_a_non_terminating_ratio() -> None:
    """≥3 with a = 1, w = 0.375: (1/3)·0.375 = 0.125 exactly → 0.13."""
    assert score(target(Kind.AT_LEAST, "3"), number("1"), "0.375").final_score == D("0.13")


# --- at_least / more_than -------------------------------------------------------------------


def test_at_least_shortfall_scores_the_ratio() -> None:
    """≥100 with a = 80, w = 10 → 8.00, attainment 0.8."""
    result = score(target(Kind.AT_LEAST, "100"), number("80"))
    assert result.auto_score == D("8.00")
    assert result.final_score == D("8.00")
    assert result.attainment == D("0.8")
    assert result.status == "ok"


def test_at_least_met_scores_the_full_weight() -> None:
    """≥100 with a = 100 → 10.00 and a = 110 → 10.00 (never above w)."""
    assert score(target(Kind.AT_LEAST, "100"), number("100")).final_score == D("10.00")
    assert score(target(Kind.AT_LEAST, "100"), number("110")).final_score == D("10.00")


def test_at_least_scores_carry_the_scheme_places() -> None:
    """A full score is written 10.00, with two decimals."""
    assert str(score(target(Kind.AT_LEAST, "1"), number("1")).final_score) == "10.00"


def test_over_completion_is_flagged_at_one_point_two_times_the_target() -> None:
    """≥100 with a = 120 → full score, flag over_completion, status warning; 119 is not."""
    result = score(target(Kind.AT_LEAST, "100"), number("120"))
    assert result.final_score == D("10.00")
    assert "over_completion" in result.flags
    assert result.status == "warning"
    assert "over_completion" not in score(target(Kind.AT_LEAST, "100"), number("119")).flags


def test_over_completion_deduction_when_the_scheme_sets_one() -> None:
    """deduction 2 at 1.3·t: ≥100 with a = 130, w = 10 → 8.00."""
    strict = scheme(over_completion={"deduction": 2})
    result = score(target(Kind.AT_LEAST, "100"), number("130"), s=strict)
    assert result.auto_score == D("8.00")
    assert "over_completion_deduction" in result.flags
    assert score(target(Kind.AT_LEAST, "100"), number("129"), s=strict).auto_score == D("10.00")


def test_negative_actual_counts_as_zero() -> None:
    """≥100 with a = −5 → 0.00, flagged negative_actual."""
    result = score(target(Kind.AT_LEAST, "100"), number("-5"))
    assert result.final_score == D("0.00")
    assert "negative_actual" in result.flags
    assert result.status == "warning"


def test_more_than_ratio_treats_the_bound_as_met() -> None:
    """>10 with a = 10 (ratio) → 10.00, flagged at_strict_bound; a = 5 → 5.00."""
    result = score(target(Kind.MORE_THAN, "10"), number("10"))
    assert result.final_score == D("10.00")
    assert "at_strict_bound" in result.flags
    assert score(target(Kind.MORE_THAN, "10"), number("5")).final_score == D("5.00")


def test_more_than_strict_caps_a_met_bound_at_the_partial_share() -> None:
    """strict: >10 with a = 10 → 0.7·10 = 7.00; a = 5 → 5.00; a = 11 → 10.00."""
    strict = scheme(rules={"more_than": "strict"})
    assert score(target(Kind.MORE_THAN, "10"), number("10"), s=strict).final_score == D("7.00")
    assert score(target(Kind.MORE_THAN, "10"), number("5"), s=strict).final_score == D("5.00")
    assert score(target(Kind.MORE_THAN, "10"), number("11"), s=strict).final_score == D("10.00")


def test_more_than_zero_needs_something_above_zero() -> None:
    """>0 with a = 0 → 0.00; with a = 3 → 10.00."""
    assert score(target(Kind.MORE_THAN, "0"), number("0")).final_score == D("0.00")
    assert score(target(Kind.MORE_THAN, "0"), number("3")).final_score == D("10.00")


# --- at_most / less_than --------------------------------------------------------------------


def test_at_most_linear_between_target_and_twice_the_target() -> None:
    """≤3 with a = 4, w = 10 → (1 − 1/3)·10 = 6.666… → 6.67."""
    assert score(target(Kind.AT_MOST, "3"), number("4")).final_score == D("6.67")


def test_at_most_met_and_at_twice_the_target() -> None:
    """≤3: a = 3 → 10.00; a = 6 → 0.00; a = 9 → 0.00."""
    assert score(target(Kind.AT_MOST, "3"), number("3")).final_score == D("10.00")
    assert score(target(Kind.AT_MOST, "3"), number("6")).final_score == D("0.00")
    assert score(target(Kind.AT_MOST, "3"), number("9")).final_score == D("0.00")


def test_at_most_target_over_actual_variant() -> None:
    """target_over_actual: ≤90 with a = 100 → 90/100·10 = 9.00; a = 300 → 3.00."""
    variant = scheme(rules={"at_most": "target_over_actual"})
    assert score(target(Kind.AT_MOST, "90"), number("100"), s=variant).final_score == D("9.00")
    assert score(target(Kind.AT_MOST, "90"), number("300"), s=variant).final_score == D("3.00")


def test_less_than_at_the_bound_scores_like_at_most_and_is_flagged() -> None:
    """<3 with a = 3 → 10.00, flagged at_strict_bound; a = 2 → 10.00 unflagged."""
    result = score(target(Kind.LESS_THAN, "3"), number("3"))
    assert result.final_score == D("10.00")
    assert "at_strict_bound" in result.flags
    assert score(target(Kind.LESS_THAN, "3"), number("2")).flags == ()


def test_at_most_zero_target() -> None:
    """≤0: a = 0 → 10.00; a = 1 → 0.00."""
    assert score(target(Kind.AT_MOST, "0"), number("0")).final_score == D("10.00")
    assert score(target(Kind.AT_MOST, "0"), number("1")).final_score == D("0.00")


# --- equal and range ------------------------------------------------------------------------


def test_equal_zero_target() -> None:
    """=0: a = 0 → w; a = 0.5 → 0."""
    assert score(target(Kind.EQUAL, "0"), number("0")).final_score == D("10.00")
    assert score(target(Kind.EQUAL, "0"), number("0.5")).final_score == D("0.00")


def test_equal_default_does_not_penalise_overshoot() -> None:
    """=5 (at_least variant): a = 4 → 8.00; a = 6 → 10.00."""
    assert score(target(Kind.EQUAL, "5"), number("4")).final_score == D("8.00")
    assert score(target(Kind.EQUAL, "5"), number("6")).final_score == D("10.00")


def test_equal_strict_scores_the_smaller_ratio_and_flags() -> None:
    """strict: =5 with a = 6 → 5/6·10 = 8.33, flagged not_equal; a = 5 → 10.00."""
    strict = scheme(rules={"equal": "strict"})
    result = score(target(Kind.EQUAL, "5"), number("6"), s=strict)
    assert result.final_score == D("8.33")
    assert "not_equal" in result.flags
    assert score(target(Kind.EQUAL, "5"), number("5"), s=strict).flags == ()


def test_range_inside_below_and_above() -> None:
    """80–90: a = 85 → 10.00; a = 60 → 60/80·10 = 7.50; a = 100 → 90/100·10 = 9.00."""
    t = target(Kind.RANGE, "80", upper=D("90"))
    assert score(t, number("85")).final_score == D("10.00")
    assert score(t, number("60")).final_score == D("7.50")
    assert score(t, number("100")).final_score == D("9.00")


def test_numeric_target_with_a_word_actual_is_an_error() -> None:
    """≥95 % with the actual 完成 → error naming the actual column."""
    result = score(target(Kind.AT_LEAST, "95", "percent"), band(Band.ACHIEVED))
    assert result.status == "error"
    assert result.error_column == "actual"
    assert result.final_score is None


# --- deadline -------------------------------------------------------------------------------


def deadline(month: int, day: int | None = None) -> Target:
    """A deadline without a year."""
    return Target(text="deadline", kind=Kind.DEADLINE, deadline=Deadline(month, day))


def done(date: dt.date) -> Actual:
    """A completion date."""
    return Actual(text=date.isoformat(), kind=ActualKind.DATE, date=date)


def test_deadline_on_time_scores_full() -> None:
    """Due 12-31 (year 2024), done 2024-12-31 → 10.00."""
    assert score(deadline(12, 31), done(dt.date(2024, 12, 31))).final_score == D("10.00")


def test_deadline_late_scores_the_partial_share() -> None:
    """Due 9月 (2024-09-30), done 2024-10-05 → 0.7·10 = 7.00, flagged late."""
    result = score(deadline(9), done(dt.date(2024, 10, 5)))
    assert result.final_score == D("7.00")
    assert "late" in result.flags


def test_deadline_late_per_month_loses_a_share_per_started_month() -> None:
    """late_per_month 0.25: due 06-30, done 08-15 → 2 started months → 5.00; 2025 → 0.00."""
    variant = scheme(rules={"deadline": "late_per_month"})
    assert score(deadline(6, 30), done(dt.date(2024, 8, 15)), s=variant).final_score == D("5.00")
    assert score(deadline(6, 30), done(dt.date(2025, 6, 1)), s=variant).final_score == D("0.00")


def test_months_late_counts_started_months() -> None:
    """06-30 → 07-01 is 1, → 07-30 is 1, → 07-31 is 2; on time is 0."""
    due = dt.date(2024, 6, 30)
    assert months_late(dt.date(2024, 7, 1), due) == 1
    assert months_late(dt.date(2024, 7, 30), due) == 1
    assert months_late(dt.date(2024, 7, 31), due) == 2
    assert months_late(dt.date(2024, 6, 1), due) == 0


def test_deadline_band_words() -> None:
    """按时完成 (达成) → 10.00; 未完成 (未达成) → 0.00."""
    assert score(deadline(12), band(Band.ACHIEVED)).final_score == D("10.00")
    assert score(deadline(12), band(Band.MISSED)).final_score == D("0.00")


def test_deadline_with_a_number_actual_is_an_error() -> None:
    """A deadline target with the actual 5 → error on the actual column."""
    result = score(deadline(12), number("5"))
    assert result.status == "error"
    assert result.error_column == "actual"


def test_deadline_without_any_year_takes_the_completion_year() -> None:
    """No year in the target and none given → the completion date's year dates the deadline
    (domain.md §4: evaluation year, else project year, else the actual's own year)."""
    result = score_indicator(
        deadline(12), done(dt.date(2024, 12, 1)), D(10), NATIONAL, year=None
    )
    assert (result.status, result.final_score) == ("ok", D("10.00"))
    assert "year_from_actual" in result.flags


# --- qualitative ----------------------------------------------------------------------------


QUALITATIVE = Target(text="效果明显", kind=Kind.QUALITATIVE)
SCALE = Target(text="一般/较好/很好", kind=Kind.QUALITATIVE, scale=("一般", "较好", "很好"))


def tier(index: int) -> Actual:
    """An actual that picks a tier of the scale."""
    return Actual(text=SCALE.scale[index], kind=ActualKind.TIER, tier=index)


def test_qualitative_bands_without_manual_score() -> None:
    """达成 → 10.00, 部分达成 → 7.00, 未达成 → 0.00."""
    assert score(QUALITATIVE, band(Band.ACHIEVED)).final_score == D("10.00")
    assert score(QUALITATIVE, band(Band.PARTIAL)).final_score == D("7.00")
    assert score(QUALITATIVE, band(Band.MISSED)).final_score == D("0.00")


def test_qualitative_tiers_earn_their_share() -> None:
    """一般/较好/很好: 一般 → 6.00, 较好 → 7.50, 很好 → 10.00 (national tiers)."""
    assert [score(SCALE, tier(i)).final_score for i in range(3)] == [
        D("6.00"), D("7.50"), D("10.00"),
    ]


def test_qualitative_minimum_tier() -> None:
    """Target requires 较好: 较好 and 很好 → 10.00; 一般 → 6.00, flagged below_required_tier."""
    required = Target(text="较好", kind=Kind.QUALITATIVE, scale=SCALE.scale, value=D(1))
    assert score(required, tier(1)).final_score == D("10.00")
    assert score(required, tier(2)).final_score == D("10.00")
    low = score(required, tier(0))
    assert low.final_score == D("6.00")
    assert "below_required_tier" in low.flags


def test_qualitative_manual_score_inside_the_band() -> None:
    """部分达成 with manual 7.5 of 10 (band [6, 8)) → final 7.50, auto 7.00."""
    result = score(
        QUALITATIVE, band(Band.PARTIAL), manual_score=D("7.5"), adjustment_reason="复核"
    )
    assert result.final_score == D("7.50")
    assert result.auto_score == D("7.00")
    assert "manual_score" in result.flags


def test_qualitative_manual_score_outside_the_band_is_an_error() -> None:
    """部分达成 with manual 8 of 10 (band [6, 8) excludes 8) → error on manual_score."""
    result = score(
        QUALITATIVE, band(Band.PARTIAL), manual_score=D("8"), adjustment_reason="复核"
    )
    assert result.status == "error"
    assert result.error_column == "manual_score"
    assert result.final_score is None


def test_qualitative_with_a_number_actual_is_an_error() -> None:
    """效果明显 with the actual 98 → error."""
    assert score(QUALITATIVE, number("98")).status == "error"


# --- unscorable, empty, not applicable ------------------------------------------------------


def test_unscorable_needs_a_manual_score() -> None:
    """An unscorable target without a manual score → error; with 6 and a reason → 6.00, ok."""
    placeholder = Target(text="≥**人次", kind=Kind.UNSCORABLE)
    assert score(placeholder, number("5")).status == "error"
    result = score(placeholder, number("5"), manual_score=D("6"), adjustment_reason="专家评分")
    assert result.final_score == D("6.00")
    assert result.auto_score is None
    assert result.status == "ok"


def test_unreadable_target_is_treated_as_unscorable() -> None:
    """target None → error on the target column."""
    result = score(None, number("5"))
    assert result.status == "error"
    assert result.error_column == "target"


def test_empty_actual_is_an_error() -> None:
    """An empty 实际完成值 → error with message '实际完成值 is empty'."""
    empty = Actual(text="", kind=ActualKind.EMPTY)
    for actual in (empty, None):
        result = score(target(Kind.AT_LEAST, "100"), actual)
        assert result.status == "error"
        assert "实际完成值 is empty" in result.message


def test_not_applicable_is_excluded() -> None:
    """applicable False, or the actual 不适用 → no score, status ok, flag not_applicable."""
    na = Actual(text="不适用", kind=ActualKind.NOT_APPLICABLE)
    for result in (
        score(target(Kind.AT_LEAST, "100"), number("80"), applicable=False),
        score(target(Kind.AT_LEAST, "100"), na),
    ):
        assert result.final_score is None
        assert result.status == "ok"
        assert result.flags == ("not_applicable",)


# --- manual score and adjustment ------------------------------------------------------------


def test_adjustment_with_reason_is_deducted() -> None:
    """≥100 with a = 80 (8.00) and a deduction of 1.5 with a reason → final 6.50, auto 8.00."""
    result = score(
        target(Kind.AT_LEAST, "100"), number("80"), adjustment=D("1.5"),
        adjustment_reason="资料不全",
    )
    assert result.final_score == D("6.50")
    assert result.auto_score == D("8.00")
    assert "adjustment" in result.flags


def test_adjustment_never_goes_below_zero() -> None:
    """A deduction of 20 from 8.00 → 0.00."""
    result = score(
        target(Kind.AT_LEAST, "100"), number("80"), adjustment=D("20"), adjustment_reason="x"
    )
    assert result.final_score == D("0.00")


def test_adjustment_without_reason_is_an_error() -> None:
    """A deduction without adjustment_reason → error on adjustment_reason."""
    result = score(target(Kind.AT_LEAST, "100"), number("80"), adjustment=D("1"))
    assert result.status == "error"
    assert result.error_column == "adjustment_reason"


def test_manual_score_without_reason_is_an_error() -> None:
    """A manual score without a reason → error."""
    result = score(target(Kind.AT_LEAST, "100"), number("80"), manual_score=D("9"))
    assert result.status == "error"


def test_manual_score_replaces_the_auto_score() -> None:
    """≥100, a = 80, manual 9 with a reason → final 9.00, auto 8.00."""
    result = score(
        target(Kind.AT_LEAST, "100"), number("80"), manual_score=D("9"), adjustment_reason="复核"
    )
    assert (result.auto_score, result.final_score) == (D("8.00"), D("9.00"))


def test_manual_score_above_the_weight_is_an_error() -> None:
    """Manual 11 on a weight of 10 → error on manual_score."""
    result = score(
        target(Kind.AT_LEAST, "100"), number("80"), manual_score=D("11"), adjustment_reason="r"
    )
    assert result.error_column == "manual_score"


def test_weight_must_be_positive() -> None:
    """A weight of 0 → error on the weight column."""
    assert score(target(Kind.AT_LEAST, "100"), number("80"), "0").error_column == "weight"


def test_inferred_comparator_is_a_warning() -> None:
    """A bare value read as ≥ → scored, status warning, flag comparator_inferred."""
    result = score(target(Kind.AT_LEAST, "5", inferred=True), number("4"))
    assert result.final_score == D("8.00")
    assert result.status == "warning"
    assert result.flags == ("comparator_inferred",)


@pytest.mark.parametrize("places,expected", [(0, D("7")), (1, D("6.7")), (3, D("6.667"))])
def test_rounding_follows_the_scheme_places(places: int, expected: Decimal) -> None:
    """≤3 with a = 4 rounds 6.666… to the scheme's places."""
    variant = scheme(rounding={"places": places})
    assert score(target(Kind.AT_MOST, "3"), number("4"), s=variant).final_score == expected
