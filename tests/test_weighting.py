"""Weights: given ones checked, missing ones distributed exactly (domain.md §3)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

import weights
from scoring.engine.frame import score_frame
from scoring.engine.weighting import (
    declared_points,
    distribute_weights,
    split_exactly,
)

D = Decimal
NATIONAL = weights.load_scheme("national-2020")


def table(*rows: dict[str, Any]) -> pd.DataFrame:
    """Indicator rows with empty weights unless given."""
    base = {"project_id": "P1", "level1": "产出指标", "level2": "数量指标", "weight": ""}
    return pd.DataFrame([{**base, **row} for row in rows], dtype=object)


def test_split_gives_the_remainder_to_the_last_part() -> None:
    """50 over 3 → 16.67, 16.67, 16.66 (adds up to 50 exactly)."""
    assert split_exactly(D(50), 3, 2) == [D("16.67"), D("16.67"), D("16.66")]
    assert sum(split_exactly(D(30), 7, 2)) == D(30)


def test_equal_per_indicator_within_each_pool() -> None:
    """产出 ×2 → 25 each; 效益 ×3 → 10 each; 满意度 ×1 → 10."""
    df = table(
        {"level1": "产出指标"}, {"level1": "产出指标(50分)"},
        {"level1": "效益指标"}, {"level1": "效益指标"}, {"level1": "效益指标"},
        {"level1": "满意度指标"},
    )
    result = distribute_weights(df, NATIONAL)
    assert list(result["weight_used"]) == [D(25), D(25), D(10), D(10), D(10), D(10)]
    assert list(result["pool"]) == ["产出指标", "产出指标", "效益指标", "效益指标", "效益指标",
                                    "满意度指标"]
    assert set(result["weight_source"]) == {"distributed"}
    assert set(result["weight_status"]) == {"ok"}


def test_each_project_is_distributed_on_its_own() -> None:
    """Two projects with 1 and 2 产出 rows → 50; 25, 25."""
    df = table({"project_id": "A"}, {"project_id": "B"}, {"project_id": "B"})
    assert list(distribute_weights(df, NATIONAL)["weight_used"]) == [D(50), D(25), D(25)]


def test_equal_per_level2_then_per_indicator() -> None:
    """equal_per_level2: 数量 ×3 and 质量 ×1 share 50 → 25 to each 二级: 8.33, 8.33, 8.34, 25."""
    scheme = weights.load_scheme(
        "national-2020", overrides={"distribution": {"missing": "equal_per_level2"}}
    )
    df = table({}, {}, {}, {"level2": "质量指标"})
    result = distribute_weights(df, scheme)
    assert list(result["weight_used"]) == [D("8.33"), D("8.33"), D("8.34"), D(25)]


def test_given_weights_are_kept_and_the_rest_shared() -> None:
    """产出 with 20 given and two rows empty → 20 (given), 15, 15 (distributed)."""
    df = table({"weight": "20"}, {}, {})
    result = distribute_weights(df, NATIONAL)
    assert list(result["weight_used"]) == [D(20), D(15), D(15)]
    assert list(result["weight_source"]) == ["given", "distributed", "distributed"]


def test_given_weights_not_adding_up_to_the_pool_warn() -> None:
    """产出 given 20 + 20 (pool 50) → warning on both rows naming the sum and the points."""
    result = distribute_weights(table({"weight": "20"}, {"weight": "20"}), NATIONAL)
    assert list(result["weight_status"]) == ["warning", "warning"]
    assert "add up to 40, expected 50" in result["weight_message"].iloc[0]


def test_project_total_must_be_100_minus_execution() -> None:
    """产出 50 + 效益 30 given, 满意度 missing from the table → project sums to 80 ≠ 90: warning."""
    df = table({"weight": "50"}, {"level1": "效益指标", "weight": "30"})
    result = distribute_weights(df, NATIONAL)
    assert "expected 100 − execution = 90" in result["weight_message"].iloc[0]


def test_consistent_given_weights_are_clean() -> None:
    """50 + 30 + 10 given over the three pools → no problems."""
    df = table(
        {"weight": "50"}, {"level1": "效益指标", "weight": "30"},
        {"level1": "满意度指标", "weight": "10"},
    )
    assert set(distribute_weights(df, NATIONAL)["weight_status"]) == {"ok"}


def test_nothing_left_for_rows_without_weight_is_an_error() -> None:
    """产出 given 50 and one row empty → error on the empty row."""
    result = distribute_weights(table({"weight": "50"}, {}), NATIONAL)
    assert list(result["weight_status"]) == ["ok", "error"]
    assert result["weight_used"].iloc[1] is None


def test_non_positive_and_unreadable_weights_are_errors() -> None:
    """weight 0, -1 and 'abc' → errors naming what was expected."""
    result = distribute_weights(
        table({"weight": "0"}, {"weight": "-1"}, {"weight": "abc"}), NATIONAL
    )
    assert list(result["weight_status"]) == ["error", "error", "error"]
    assert "above 0" in result["weight_message"].iloc[0]
    assert "expected a number" in result["weight_message"].iloc[2]


def test_unknown_level1_is_an_error() -> None:
    """一级 '决策指标' is not in the national scheme → error."""
    result = distribute_weights(table({"level1": "决策指标"}), NATIONAL)
    assert result["weight_status"].iloc[0] == "error"
    assert result["pool"].iloc[0] is None
    assert "unknown 一级" in result["weight_message"].iloc[0]


def test_cost_level1_takes_points_from_the_output_pool() -> None:
    """2021 format: 成本指标 as a 一级 shares the 产出 pool → 产出 + 成本 rows 25 each."""
    result = distribute_weights(table({}, {"level1": "成本指标"}), NATIONAL)
    assert list(result["pool"]) == ["产出指标", "产出指标"]
    assert list(result["weight_used"]) == [D(25), D(25)]


def test_scheme_without_level1_weights_uses_one_pool() -> None:
    """level1 empty, execution 10 → all rows share 90 in the pool 指标: 30 each."""
    scheme = weights.load_scheme(
        "national-2020", overrides={"weights": {"level1": {}, "pools": {}}}
    )
    result = distribute_weights(table({}, {"level1": "效益指标"}, {"level1": "满意度"}), scheme)
    assert list(result["pool"]) == ["指标", "指标", "指标"]
    assert list(result["weight_used"]) == [D(30), D(30), D(30)]


def test_input_is_not_modified() -> None:
    """distribute_weights returns a copy."""
    df = table({}, {})
    before = df.copy()
    distribute_weights(df, NATIONAL)
    pd.testing.assert_frame_equal(df, before)


def test_declared_points_are_read_from_the_end_of_the_level1_text() -> None:
    """(50分), （40分）, full-width digits, a bare 20 分 and decimals are read; none, 0分 → None."""
    assert declared_points("产出指标(50分)") == D(50)
    assert declared_points("产出指标（40分）") == D(40)
    assert declared_points("产出指标（４０分）") == D(40)
    assert declared_points("效益指标 20 分") == D(20)
    assert declared_points("项目产出(12.5分)") == D("12.5")
    assert declared_points("产出指标") is None
    assert declared_points("产出指标(0分)") is None


def test_printed_level1_points_replace_the_schemes_when_filling() -> None:
    """产出指标(40分) with 4 rows without weights → 40 / 4 = 10 each (not 50 / 4), marked."""
    result = distribute_weights(table(*[{"level1": "产出指标(40分)"}] * 4), NATIONAL)
    assert list(result["weight_used"]) == [D(10)] * 4
    assert list(result["weight_declared"]) == [True] * 4
    assert set(result["weight_status"]) == {"ok"}


def test_full_width_and_decimal_declarations_are_used() -> None:
    """产出指标（37.5分） over 3 rows → 12.5 each."""
    result = distribute_weights(table(*[{"level1": "产出指标（37.5分）"}] * 3), NATIONAL)
    assert list(result["weight_used"]) == [D("12.5")] * 3


def test_weights_adding_up_to_the_printed_points_are_consistent() -> None:
    """产出指标(70分) 10+10+20+10+10+10, 效益指标(20分) 10+10, 满意度指标(10分) 10: every 一级 adds
    up to its printed points and the project to 70 + 20 + 10 = 100 → no warning."""
    output = [{"level1": "产出指标(70分)", "weight": w} for w in ("10", "10", "20", "10", "10",
                                                                  "10")]
    effect = [{"level1": "效益指标(20分)", "weight": "10"}] * 2
    df = table(*output, *effect, {"level1": "满意度指标(10分)", "weight": "10"})
    result = distribute_weights(df, NATIONAL)
    assert set(result["weight_status"]) == {"ok"}
    assert list(result["weight_message"]) == [""] * 9
    assert all(result["weight_declared"])


def test_given_weights_are_checked_against_the_printed_points() -> None:
    """产出指标(40分) given 30 + 20 = 50 → warning naming 50 and the printed 40."""
    result = distribute_weights(
        table({"level1": "产出指标(40分)", "weight": "30"},
              {"level1": "产出指标(40分)", "weight": "20"}), NATIONAL)
    assert list(result["weight_status"]) == ["warning", "warning"]
    assert "add up to 50, expected 40 (printed in the table)" in result["weight_message"].iloc[0]


def test_project_total_uses_the_printed_points_and_the_schemes_for_the_rest() -> None:
    """产出指标(40分) 40 given, 效益 30, 满意度 10: 40 + 30 + 10 = 80 = 90 − 50 + 40 → clean."""
    df = table({"level1": "产出指标(40分)", "weight": "40"},
               {"level1": "效益指标", "weight": "30"}, {"level1": "满意度指标", "weight": "10"})
    result = distribute_weights(df, NATIONAL)
    assert set(result["weight_status"]) == {"ok"}
    assert list(result["weight_declared"]) == [True, False, False]


def test_different_printed_points_keep_the_schemes_and_warn() -> None:
    """产出指标(40分) and 产出指标(50分) in one project → the scheme's 50: 25, 25, warning."""
    result = distribute_weights(
        table({"level1": "产出指标(40分)"}, {"level1": "产出指标(50分)"}), NATIONAL)
    assert list(result["weight_used"]) == [D(25), D(25)]
    assert list(result["weight_status"]) == ["warning", "warning"]
    assert "different points (40分, 50分)" in result["weight_message"].iloc[0]
    assert "the scheme's 50 are used" in result["weight_message"].iloc[0]
    assert not any(result["weight_declared"])


def test_points_printed_on_some_rows_only_keep_the_schemes() -> None:
    """产出指标(40分) and 产出指标 in one pool → not every row prints: the scheme's 50, 25 each."""
    result = distribute_weights(table({"level1": "产出指标(40分)"}, {}), NATIONAL)
    assert list(result["weight_used"]) == [D(25), D(25)]
    assert set(result["weight_status"]) == {"ok"}
    assert not any(result["weight_declared"])


def test_printed_points_hold_for_their_own_project_only() -> None:
    """Project A prints 产出指标(40分) over 2 rows → 20, 20; project B prints none → 50."""
    df = table({"project_id": "A", "level1": "产出指标(40分)"},
               {"project_id": "A", "level1": "产出指标(40分)"}, {"project_id": "B"})
    result = distribute_weights(df, NATIONAL)
    assert list(result["weight_used"]) == [D(20), D(20), D(50)]
    assert list(result["weight_declared"]) == [True, True, False]


def test_printed_points_of_two_level1_in_one_pool_add_up() -> None:
    """产出指标(40分) given 40 and 成本指标(10分) given 10 share the 产出 pool of 40 + 10 = 50."""
    df = table({"level1": "产出指标(40分)", "weight": "40"},
               {"level1": "成本指标(10分)", "weight": "10"})
    result = distribute_weights(df, NATIONAL)
    assert list(result["pool"]) == ["产出指标", "产出指标"]
    assert list(result["weight_declared"]) == [True, True]
    assert not any("under 产出指标" in message for message in result["weight_message"])


def test_shared_pool_takes_the_sum_of_the_printed_points() -> None:
    """level1 empty: 产出指标(50分) ×2 and 效益指标(30分) share 80 → 26.67, 26.67, 26.66."""
    scheme = weights.load_scheme(
        "national-2020", overrides={"weights": {"level1": {}, "pools": {}}}
    )
    df = table({"level1": "产出指标(50分)"}, {"level1": "产出指标(50分)"},
               {"level1": "效益指标(30分)"})
    result = distribute_weights(df, scheme)
    assert list(result["weight_used"]) == [D("26.67"), D("26.67"), D("26.66")]


def test_scored_rows_carry_declared_points_as_information() -> None:
    """score_frame: 产出指标(40分) ×4, ≥10个 met → 10 each, flag declared_points, status ok."""
    df = table(*[{"level1": "产出指标(40分)", "indicator": "数量", "target": "≥10个",
                  "actual": "10个"}] * 4)
    result = score_frame(df, NATIONAL)
    assert list(result["final_score"]) == [D("10.00")] * 4
    assert list(result["flags"]) == ["declared_points"] * 4
    assert set(result["status"]) == {"ok"}
    assert "weight_declared" not in result.columns


def test_scored_rows_with_different_printed_points_are_inconsistent() -> None:
    """score_frame: 产出指标(40分) and 产出指标(50分) → 25 each, weights_inconsistent warning."""
    rows = [{"level1": text, "indicator": "数量", "target": "≥10个", "actual": "10个"}
            for text in ("产出指标(40分)", "产出指标(50分)")]
    result = score_frame(table(*rows), NATIONAL)
    assert list(result["final_score"]) == [D("25.00"), D("25.00")]
    assert list(result["flags"]) == ["weights_inconsistent"] * 2
    assert set(result["status"]) == {"warning"}
