"""Project totals: per-一级 subtotals, 不适用 rescaling, caps, the 100 ceiling (domain.md §5–§6)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.totals import parse_applicable, project_total, projects_result_table

D = Decimal
POOLS = ["产出指标", "效益指标", "满意度指标"]
TEN = D(10)


def rows(*items: tuple[str, str, str | None, str]) -> pd.DataFrame:
    """Scored rows from (pool, weight_used, final_score, applicable)."""
    return pd.DataFrame({
        "pool": [i[0] for i in items],
        "weight_used": pd.Series([D(i[1]) for i in items], dtype=object),
        "final_score": pd.Series([None if i[2] is None else D(i[2]) for i in items],
                                 dtype=object),
        "applicable": [i[3] for i in items],
        "flags": ["" for _ in items],
    })


def test_subtotals_are_sums_of_rounded_items() -> None:
    """产出 18 + 10.5 = 28.50, 效益 26.67, 满意度 9.33; + execution 9.5 → 74.00."""
    scored = rows(("产出指标", "20", "18.00", ""), ("产出指标", "30", "10.50", ""),
                  ("效益指标", "30", "26.67", ""), ("满意度指标", "10", "9.33", ""))
    result = project_total(scored, POOLS, execution_weight=TEN, execution_score=D("9.50"))
    assert result.subtotals == {"产出指标": D("28.50"), "效益指标": D("26.67"),
                                "满意度指标": D("9.33")}
    assert result.total == D("74.00")
    assert result.factor is None


def test_not_applicable_points_are_spread_over_the_rest() -> None:
    """W_A = 75, W_N = 15, execution 8 of 10: the default counts the execution line in both
    sums: (59 + 8) / (75 + 10) × 100 = 78.8235… → 78.82; subtotals stay 25, 24, 10."""
    scored = rows(("产出指标", "25", "25.00", ""), ("产出指标", "15", None, "不适用"),
                  ("产出指标", "10", None, ""), ("效益指标", "30", "24.00", ""),
                  ("满意度指标", "10", "10.00", "true"))
    result = project_total(scored, POOLS, execution_weight=TEN, execution_score=D("8.00"))
    assert result.factor == Fraction(100, 85)
    assert result.subtotals == {"产出指标": D("25.00"), "效益指标": D("24.00"),
                                "满意度指标": D("10.00")}
    assert result.total == D("78.82")


def test_indicator_points_rule_rescales_the_indicators_alone() -> None:
    """The scheme option ``indicator_points``: factor 90/75 = 1.2; 59 × 1.2 = 70.80; + 8 →
    78.80."""
    scored = rows(("产出指标", "25", "25.00", ""), ("产出指标", "15", None, "不适用"),
                  ("产出指标", "10", None, ""), ("效益指标", "30", "24.00", ""),
                  ("满意度指标", "10", "10.00", "true"))
    result = project_total(scored, POOLS, execution_weight=TEN, execution_score=D("8.00"),
                           not_applicable="indicator_points")
    assert result.factor == Fraction(6, 5)
    assert result.total == D("78.80")


def test_domain_example_gives_90_under_the_default() -> None:
    """domain.md §5: 73.34 applicable + 16.66 不适用, scores 65.01, execution 10 of 10 →
    (65.01 + 10) / (73.34 + 10) × 100 = 90.0048… → 90.00 (优); the indicator-points rule
    gives 65.01 × 90 / 73.34 + 10 = 89.78."""
    scored = rows(("产出指标", "73.34", "65.01", ""), ("效益指标", "16.66", None, "不适用"))
    whole = project_total(scored, POOLS, execution_weight=TEN, execution_score=D(10))
    points = project_total(scored, POOLS, execution_weight=TEN, execution_score=D(10),
                           not_applicable="indicator_points")
    assert (whole.total, points.total) == (D("90.00"), D("89.78"))


def test_rescaling_rounds_the_exact_total_once() -> None:
    """84 applicable + 6 不适用, subtotal 70.07, no execution line: 70.07 × 90/84 = 75.075
    exactly → 75.08 (a 28-digit factor gave 75.0749… → 75.07)."""
    scored = rows(("产出指标", "84", "70.07", ""), ("效益指标", "6", None, "不适用"))
    for rule in ("whole_total", "indicator_points"):
        result = project_total(scored, POOLS, execution_weight=TEN, execution_score=None,
                               not_applicable=rule)
        assert result.total == D("75.08")


def test_rescaled_indicator_points_round_half_up() -> None:
    """W_A = 80, W_N = 10 under ``indicator_points``: factor 9/8; (33.33 + 21.00) × 1.125 =
    61.12125 → 61.12; + 10 → 71.12. Subtotals are not rescaled."""
    scored = rows(("产出指标", "50", "33.33", ""), ("效益指标", "30", "21.00", ""),
                  ("满意度指标", "10", None, "否"))
    result = project_total(scored, POOLS, execution_weight=TEN, execution_score=D(10),
                           not_applicable="indicator_points")
    assert result.subtotals["产出指标"] == D("33.33")
    assert result.subtotals["效益指标"] == D("21.00")
    assert result.subtotals["满意度指标"] == D("0.00")
    assert result.total == D("71.12")


def test_scorer_flag_marks_not_applicable() -> None:
    """A row flagged not_applicable by the scorer is excluded even with an empty cell."""
    scored = rows(("产出指标", "45", "45.00", ""), ("产出指标", "45", None, ""))
    scored.loc[1, "flags"] = "not_applicable"
    total = project_total(scored, POOLS, execution_weight=TEN, execution_score=D(10)).total
    assert total == D("100.00")


def test_error_rows_earn_nothing_but_keep_their_weight() -> None:
    """An error row (no score) is not rescaled away: 40 of 90 points + 10 → 50.00."""
    scored = rows(("产出指标", "40", "40.00", ""), ("效益指标", "50", None, ""))
    result = project_total(scored, POOLS, execution_weight=TEN, execution_score=D(10))
    assert result.total == D("50.00") and result.factor is None


def test_missing_execution_score_totals_what_could_be_scored() -> None:
    """Budget unknown: the total is the indicator points alone."""
    scored = rows(("产出指标", "50", "45.00", ""))
    total = project_total(scored, POOLS, execution_weight=TEN, execution_score=None).total
    assert total == D("45.00")


def test_cap_lowers_the_total() -> None:
    """92.00 capped at 89 → 89.00 with capped_at set; 80 under a cap of 89 is untouched."""
    high = project_total(rows(("产出指标", "90", "86.00", "")), POOLS,
                         execution_weight=TEN, execution_score=D(6), cap=D(89))
    assert (high.total, high.capped_at) == (D("89.00"), D(89))
    low = project_total(rows(("产出指标", "90", "74.00", "")), POOLS,
                        execution_weight=TEN, execution_score=D(6), cap=D(89))
    assert (low.total, low.capped_at) == (D("80.00"), None)


def test_total_never_exceeds_100() -> None:
    """Weights adding up to more than 90 are limited to 100 and marked clamped."""
    result = project_total(rows(("产出指标", "95", "95.00", "")), POOLS,
                           execution_weight=TEN, execution_score=D(10))
    assert result.total == D("100.00") and result.clamped


def test_no_applicable_rows_gives_no_total() -> None:
    """A project whose rows are all 不适用 (or that has none) has no total."""
    assert project_total(rows(("产出指标", "90", None, "不适用")), POOLS,
                         execution_weight=TEN, execution_score=D(10)).total is None
    assert project_total(rows(), POOLS, execution_weight=TEN, execution_score=D(10)).total is None


def test_rows_of_unknown_pools_are_left_out() -> None:
    """A row the scheme could not place in a pool counts nowhere."""
    scored = rows(("产出指标", "50", "50.00", ""), ("", "40", None, ""))
    total = project_total(scored, POOLS, execution_weight=TEN, execution_score=D(10)).total
    assert total == D("60.00")


@pytest.mark.parametrize(("text", "expected"), [
    ("", True), ("true", True), ("是", True), ("TRUE", True),
    ("false", False), ("否", False), ("不适用", False), (" 不适用 ", False),
])
def test_applicable_cells(text: str, expected: bool) -> None:
    """empty/true/是 mean applicable; false/否/不适用 mean not."""
    assert parse_applicable(text) is expected


def test_applicable_rejects_other_text() -> None:
    """Anything else is an error naming the value."""
    with pytest.raises(ValueError, match="maybe"):
        parse_applicable("maybe")


def test_projects_result_table_columns() -> None:
    """Canonical columns, then one subtotal per pool, the result columns, then extras."""
    projects = pd.DataFrame({"project_id": ["A"], "project": ["甲"], "budget": ["10"],
                             "money_unit": ["万元"], "source_row": [2]})
    total = project_total(rows(("产出指标", "90", "80.00", "")), POOLS, execution_weight=TEN,
                          execution_score=D(5))
    columns: dict[str, list[object]] = {pool: [total.subtotals.get(pool)] for pool in POOLS}
    columns |= {
        "execution_rate": [D("50.00")], "execution_score": [D("5.00")], "total": [total.total],
        "grade": ["良"], "warnings": [1], "errors": [0], "not_applicable_factor": [total.factor]}
    table = projects_result_table(projects, ["project_id", "project", "budget", "spent"], POOLS,
                                  ["A"], columns)
    assert list(table.columns) == ["project_id", "project", "budget", "spent", *POOLS,
                                   "execution_rate", "execution_score", "total", "grade",
                                   "warnings", "errors", "not_applicable_factor", "money_unit"]
    record = table.iloc[0]
    assert (record["产出指标"], record["total"], record["grade"]) == (D("80.00"), D("85.00"), "良")
    assert record["spent"] == ""


scores = st.decimals(min_value=D(0), max_value=D(30), places=2)


@given(st.lists(st.tuples(st.sampled_from(POOLS), scores, scores, st.booleans()),
                min_size=1, max_size=12),
       st.decimals(min_value=D(0), max_value=D(10), places=2))
def test_totals_stay_within_100(items: list[tuple[str, Decimal, Decimal, bool]],
                                execution: Decimal) -> None:
    """Weights within 90 and scores within their weights never total more than 100, rescaled
    or not (no clamping needed)."""
    largest = sum((max(a, b) for _, a, b, _ in items), D(0))
    scale = D("89.9") / largest if largest else D(1)
    made = [(pool, f"{max(a, b) * scale:.4f}",
             f"{(min(a, b) * scale).quantize(D('0.01'), rounding=ROUND_DOWN)}",
             "" if applicable else "不适用") for pool, a, b, applicable in items]
    result = project_total(rows(*made), POOLS, execution_weight=TEN, execution_score=execution)
    assert not result.clamped
    assert result.total is None or D(0) <= result.total <= D(100)
