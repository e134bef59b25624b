"""The vectorised frame scorer on hand-built tables (expectations from domain.md §3 and §5)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from indicator_tables import table

import weights
from scoring.engine.frame import score_frame
from scoring.model.codes import row_message
from scoring.model.columns import RESULT_COLUMNS

D = Decimal
NATIONAL = weights.load_scheme("national-2020")



def test_result_columns_are_added_and_the_input_is_kept() -> None:
    """Every RESULT_COLUMNS column is added; the input frame is not modified."""
    df = table({"target": "≥100 个", "actual": "80 个", "weight": "10"})
    before = df.copy()
    result = score_frame(df, NATIONAL, year=2024)
    assert set(RESULT_COLUMNS) <= set(result.columns)
    pd.testing.assert_frame_equal(df, before)
    assert list(result.columns[: len(df.columns)]) == list(df.columns)


def test_scores_follow_the_rules_per_kind() -> None:
    """≥100 a=80 w=10 → 8.00; ≤3 万元 a=4 w=10 → 6.67; ≤3 a=6 → 0.00; 一般/较好/很好 较好 → 7.50."""
    df = table(
        {"target": "≥100 个", "actual": "80 个", "weight": "10"},
        {"target": "≤3 万元", "actual": "4 万元", "weight": "10", "indicator": "单位成本"},
        {"target": "≤3 万元", "actual": "6 万元", "weight": "10", "indicator": "单位成本"},
        {"target": "一般/较好/很好", "actual": "较好", "weight": "10", "indicator": "满意度"},
        {"target": "≥100 个", "actual": "80 个", "weight": "10"},
    )
    result = score_frame(df, NATIONAL, year=2024)
    assert list(result["final_score"]) == [D("8.00"), D("6.67"), D("0.00"), D("7.50"), D("8.00")]
    assert list(result["kind"]) == ["at_least", "at_most", "at_most", "qualitative", "at_least"]
    assert result["attainment"].iloc[0] == pytest.approx(0.8)
    assert result["target_value"].iloc[0] == 100.0
    assert result["actual_value"].iloc[1] == 4.0


def test_actual_in_another_unit_is_converted_to_the_target_unit() -> None:
    """≥100 亩 with the actual 6 公顷 (= 90 亩), w = 10 → 9.00, actual_value 90."""
    df = table({"target": "≥100 亩", "actual": "6 公顷", "weight": "10", "indicator": "面积"})
    result = score_frame(df, NATIONAL, year=2024)
    assert result["final_score"].iloc[0] == D("9.00")
    assert result["actual_value"].iloc[0] == pytest.approx(90.0)


def test_half_up_rounding_in_the_frame() -> None:
    """≥8 with a = 1, w = 1 → 0.13 (exactly 0.125, rounded half-up)."""
    df = table({"target": "≥8", "actual": "1", "weight": "1"})
    assert score_frame(df, NATIONAL, year=2024)["final_score"].iloc[0] == D("0.13")


def test_distributed_weights_are_used() -> None:
    """Three 产出 rows without weights share 50 points: 16.67, 16.67, 16.66; all met → same."""
    df = table(*({"target": "≥1 个", "actual": "1 个"} for _ in range(3)))
    result = score_frame(df, NATIONAL, year=2024)
    assert list(result["weight_used"]) == [D("16.67"), D("16.67"), D("16.66")]
    assert list(result["final_score"]) == [D("16.67"), D("16.67"), D("16.66")]
    assert set(result["weight_source"]) == {"distributed"}


def test_bad_rows_are_reported_and_the_others_scored() -> None:
    """An unreadable target and an empty actual are errors that carry their code and column
    as data; the message is the problem alone (the row is located by its own cells)."""
    df = table(
        {"target": "≥100 个", "actual": "80 个"},
        {"target": "≥**人次", "actual": "5"},
        {"target": "≥100 个", "actual": ""},
    )
    result = score_frame(df, NATIONAL, year=2024)
    assert list(result["status"]) == ["ok", "error", "error"]
    assert result["final_score"].iloc[0] == D("13.34")  # 0.8 × 16.67 = 13.336
    assert result["final_score"].iloc[1] is None
    assert list(result["code"]) == ["", "target_unreadable", "actual_empty"]
    assert list(result["error_column"]) == ["", "target", "actual"]
    assert "placeholder" in result["detail"].iloc[1]
    assert result["message"].iloc[2] == "实际完成值 is empty"


def test_messages_are_built_from_the_structured_result() -> None:
    """Every row's message is ``row_message`` of its flags, code and detail: no location or
    other text exists only in the message."""
    df = table(
        {"target": "≥100 个", "actual": "", "weight": "10", "source_row": "92"},
        {"target": "5 个", "actual": "9 个", "weight": "10"},
        {"target": "≥1 个", "actual": "1 个", "weight": "x"},
    )
    result = score_frame(df, NATIONAL, year=2024)
    for record in result.to_dict("records"):
        flags = [flag for flag in record["flags"].split(";") if flag]
        assert record["message"] == row_message(flags, record["code"], record["detail"])
    assert list(result["code"]) == ["actual_empty", "comparator_inferred", "weight_invalid"]
    assert list(result["error_column"]) == ["actual", "target", "weight"]


def test_missing_required_column_is_a_clear_error() -> None:
    """A table without the actual column → ValueError naming it."""
    df = table({"target": "≥100 个", "actual": "80 个"}).drop(columns=["actual"])
    with pytest.raises(ValueError, match="actual"):
        score_frame(df, NATIONAL)


def test_not_applicable_rows_are_excluded() -> None:
    """applicable 否 and the actual 不适用 → no score, status ok, flag not_applicable."""
    df = table(
        {"target": "≥100 个", "actual": "80 个", "weight": "10", "applicable": "否"},
        {"target": "≥100 个", "actual": "不适用", "weight": "10"},
    )
    result = score_frame(df, NATIONAL, year=2024)
    assert list(result["final_score"]) == [None, None]
    assert list(result["status"]) == ["ok", "ok"]
    assert list(result["flags"]) == ["not_applicable", "not_applicable"]
    assert list(result["weight_used"]) == [D("10"), D("10")]


def test_manual_score_and_adjustment_in_the_frame() -> None:
    """A deduction of 1.5 with a reason → 6.50; without a reason → error on adjustment_reason."""
    df = table(
        {"target": "≥100 个", "actual": "80 个", "weight": "10", "adjustment": "1.5",
         "adjustment_reason": "资料不全"},
        {"target": "≥100 个", "actual": "80 个", "weight": "10", "adjustment": "1.5"},
        {"target": "≥**人次", "actual": "", "weight": "10", "manual_score": "6",
         "adjustment_reason": "专家评分"},
    )
    result = score_frame(df, NATIONAL, year=2024)
    assert result["final_score"].iloc[0] == D("6.50")
    assert result["auto_score"].iloc[0] == D("8.00")
    assert result["status"].iloc[1] == "error"
    assert (result["code"].iloc[1], result["error_column"].iloc[1]) == (
        "reason_missing", "adjustment_reason")
    assert result["final_score"].iloc[2] == D("6.00")


def test_inferred_comparator_and_over_completion_flags() -> None:
    """A bare 5 个 with 6 个 → full 50 points, flags comparator_inferred;over_completion."""
    df = table({"target": "5 个", "actual": "6 个"})
    result = score_frame(df, NATIONAL, year=2024)
    assert result["final_score"].iloc[0] == D("50.00")
    assert result["status"].iloc[0] == "warning"
    assert result["flags"].iloc[0] == "comparator_inferred;over_completion"
    assert bool(result["comparator_inferred"].iloc[0])


def test_inconsistent_given_weights_warn() -> None:
    """产出 rows given 20 + 20 (pool worth 50) → scored, flagged weights_inconsistent."""
    df = table(
        {"target": "≥1 个", "actual": "1 个", "weight": "20"},
        {"target": "≥1 个", "actual": "1 个", "weight": "20"},
    )
    result = score_frame(df, NATIONAL, year=2024)
    assert list(result["status"]) == ["warning", "warning"]
    assert "weights_inconsistent" in result["flags"].iloc[0]
    assert "expected 50" in result["message"].iloc[0]


def test_deadline_uses_the_evaluation_year() -> None:
    """9月前 done 2024年10月5日 → late: 0.7·10 = 7.00; done 2024年9月1日 → 10.00."""
    df = table(
        {"target": "9月前", "actual": "2024年10月5日", "weight": "10", "level2": "时效指标"},
        {"target": "9月前", "actual": "2024年9月1日", "weight": "10", "level2": "时效指标"},
    )
    result = score_frame(df, NATIONAL, year=2024)
    assert list(result["final_score"]) == [D("7.00"), D("10.00")]


def test_empty_table_scores_to_an_empty_table() -> None:
    """No rows in → no rows out, with the result columns."""
    df = table({"target": "≥1", "actual": "1"}).iloc[0:0]
    result = score_frame(df, NATIONAL, year=2024)
    assert len(result) == 0
    assert set(RESULT_COLUMNS) <= set(result.columns)
