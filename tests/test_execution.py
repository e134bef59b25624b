"""Budget execution: 执行率, its score, the reason threshold and the caps (domain.md §6)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.execution import (
    assess_execution,
    cap_for,
    execution_rate,
    execution_score,
    parse_amount,
)

D = Decimal
TEN = D(10)
REASON = D("0.9")


@dataclass(frozen=True)
class Cap:
    below: Decimal
    max_total: Decimal


#: A province's manual (domain.md §6): 70–80% → 89; 60–70% → 79; < 60% → 69; < 50% → 59.
CAPS = (Cap(D("0.8"), D(89)), Cap(D("0.7"), D(79)), Cap(D("0.6"), D(69)), Cap(D("0.5"), D(59)))


def test_rate_is_a_percentage_to_two_places() -> None:
    """37.24 of 43.2 万元 is 86.2037…% → 86.20."""
    assert execution_rate(D("43.2"), D("37.24")) == D("86.20")


def test_rate_rounds_half_up() -> None:
    """1 of 8 = 12.5% exactly; 1 of 16 = 6.25% → 6.25; 0.00125 of 1 = 0.125% → 0.13."""
    assert execution_rate(D(8), D(1)) == D("12.50")
    assert execution_rate(D(1), D("0.00125")) == D("0.13")


def test_score_uses_the_exact_share() -> None:
    """37.24/43.2 × 10 = 8.6203… → 8.62."""
    assert execution_score(D("43.2"), D("37.24"), TEN) == D("8.62")


def test_score_is_not_rounded_twice() -> None:
    """1234.5 of 10000 is 12.345% → shown 12.35%, but the score is 1.2345 → 1.23, not 1.24."""
    assert execution_rate(D(10000), D("1234.5")) == D("12.35")
    assert execution_score(D(10000), D("1234.5"), TEN) == D("1.23")


def test_score_half_up_at_the_cent() -> None:
    """1/8 × 10 = 1.25 exactly; 1/16 × 10 = 0.625 → 0.63 (banker's rounding would give 0.62)."""
    assert execution_score(D(8), D(1), TEN) == D("1.25")
    assert execution_score(D(16), D(1), TEN) == D("0.63")


def test_overspending_earns_no_more_than_the_weight() -> None:
    """120 of 100 is 120.00% and still 10 points."""
    assert execution_rate(D(100), D(120)) == D("120.00")
    assert execution_score(D(100), D(120), TEN) == D("10.00")


def test_score_follows_the_scheme_weight() -> None:
    """With 20 execution points (a provincial variant) 80% earns 16."""
    assert execution_score(D(50), D(40), D(20)) == D("16.00")


@pytest.mark.parametrize(("budget", "spent", "column"), [
    ("0", "10", "budget"),
    ("", "10", "budget"),
    ("0.00", "0", "budget"),
    ("abc", "1", "budget"),
    ("-5", "1", "budget"),
    ("100", "", "spent"),
    ("100", "九十", "spent"),
    ("100", "-1", "spent"),
])
def test_unusable_funding_is_an_error_not_a_division(budget: str, spent: str,
                                                     column: str) -> None:
    """Budget 0, missing or not a number (or spent missing/negative) gives no rate, an error."""
    result = assess_execution(budget, spent, weight=TEN, reason_below=REASON)
    assert (result.rate, result.score) == (None, None)
    assert result.error and result.error_column == column


def test_no_funding_line_at_all_is_unfunded_not_an_error_column() -> None:
    """A table without budget and spent (a flat CSV of indicators) is marked unfunded."""
    result = assess_execution("", "", weight=TEN, reason_below=REASON)
    assert (result.rate, result.score, result.error_column) == (None, None, "")
    assert result.unfunded and result.error


def test_reason_required_below_ninety_percent() -> None:
    """89.99% needs a reason, exactly 90% does not."""
    below = assess_execution("100", "89.99", weight=TEN, reason_below=REASON)
    at = assess_execution("100", "90", weight=TEN, reason_below=REASON)
    assert below.reason_required and not at.reason_required
    assert (below.rate, below.score) == (D("89.99"), D("9.00"))


def test_cells_with_separators_and_full_width_digits() -> None:
    """``1,099.00`` and full-width ``５５０`` read as numbers: 550/1099 = 50.05%."""
    result = assess_execution("1,099.00", "５５０", weight=TEN, reason_below=REASON)
    assert result.rate == D("50.05")
    assert result.score == D("5.00")


def test_caps_take_the_lowest_that_applies() -> None:
    """75% → 89; 65% → 79; 55% → 69; 45% → 59; 80% and above → no cap."""
    assert cap_for(D("0.75"), CAPS) == D(89)
    assert cap_for(D("0.65"), CAPS) == D(79)
    assert cap_for(D("0.55"), CAPS) == D(69)
    assert cap_for(D("0.45"), CAPS) == D(59)
    assert cap_for(D("0.8"), CAPS) is None
    assert cap_for(D("0.45"), ()) is None


def test_assess_reports_the_cap() -> None:
    """A project at 65% is capped at 79."""
    assert assess_execution("100", "65", weight=TEN, reason_below=REASON, caps=CAPS).cap == D(79)


def test_parse_amount_rejects_text() -> None:
    """A cell that is not a number raises ValueError naming it; an empty one is None."""
    assert parse_amount("  ") is None
    assert parse_amount(" 12.50 ") == D("12.50")
    with pytest.raises(ValueError, match="12万"):
        parse_amount("12万")


@given(
    budget=st.decimals(min_value=D("0.01"), max_value=D(10**7), places=2),
    spent=st.decimals(min_value=D(0), max_value=D(2 * 10**7), places=2),
)
def test_score_stays_within_the_weight(budget: Decimal, spent: Decimal) -> None:
    """0 ≤ score ≤ weight, and a higher rate never earns less."""
    score = execution_score(budget, spent, TEN)
    assert D(0) <= score <= TEN
    assert execution_score(budget, spent + D("0.01"), TEN) >= score
