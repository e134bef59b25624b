"""Regression tests, one per bug found by scoring real published tables.

Regression tests, one per bug found by scoring real published tables; each is named after
the bug it pins (expected values by hand from domain.md).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import weights
from scoring import evaluate, read_evaluation
from scoring.engine.frame import score_frame
from scoring.engine.weighting import distribute_weights

D = Decimal
NATIONAL = weights.load_scheme("national-2020")


def table(*rows: dict[str, Any]) -> pd.DataFrame:
    """An indicator table of string cells; unspecified columns are empty."""
    base = {
        "project_id": "P1", "level1": "产出指标", "level2": "数量指标", "indicator": "数量",
        "target": "", "actual": "", "weight": "",
    }
    return pd.DataFrame([{**base, **row} for row in rows], dtype=object)


def test_percent_weight_is_points_of_the_hundred_point_table() -> None:
    """A 分值 printed as ``20%`` (Sichuan tables) is 20 points, not an unreadable weight."""
    df = table(
        {"target": "≥10%", "actual": "115.25%", "weight": "20%"},
        {"target": "≥90%", "actual": "45%", "weight": "１０％"},
    )
    result = score_frame(df, NATIONAL, year=2023)
    assert list(result["weight_used"]) == [D(20), D(10)]
    assert list(result["weight_source"]) == ["given", "given"]
    assert list(result["final_score"]) == [D("20.00"), D("5.00")]
    assert "error" not in set(result["status"])


def test_a_lone_percent_sign_is_still_an_unreadable_weight() -> None:
    """``%`` without a number is reported as a bad weight, not read as an empty one."""
    result = distribute_weights(table({"target": "≥1", "actual": "1", "weight": "%"}), NATIONAL)
    assert result["weight_status"].iloc[0] == "error"
    assert "'%'" in result["weight_message"].iloc[0]


def test_level1_with_project_prefix_maps_to_its_pool() -> None:
    """宁夏 一级 texts ``项目产出(30分)``/``项目效益(35分)`` score in 产出指标/效益指标;
    ``项目决策`` names no pool of the scheme: with its printed 分值 it scores in a pool of its
    own with the warning ``unknown_level1``, never an error."""
    df = table(
        {"level1": "项目产出(30分)", "target": "≥10 人", "actual": "10 人", "weight": "10"},
        {"level1": "项目效益(35分)", "target": "≥10 人", "actual": "5 人", "weight": "15"},
        {"level1": "项目决策", "target": "≥10 人", "actual": "10 人", "weight": "5"},
    )
    result = score_frame(df, NATIONAL, year=2021)
    assert list(result["pool"])[:2] == ["产出指标", "效益指标"]
    assert list(result["final_score"])[:2] == [D("10.00"), D("7.50")]
    assert result["status"].iloc[2] == "warning"
    assert result["pool"].iloc[2] == "项目决策"
    assert result["final_score"].iloc[2] == D("5.00")
    assert "unknown_level1" in result["flags"].iloc[2].split(";")


def test_level1_without_printed_weight_and_unknown_name_is_an_error() -> None:
    """An unknown 一级 on a row without a printed 分值 cannot be scored: an error naming it."""
    df = table(
        {"level1": "产出指标", "target": "≥10 人", "actual": "10 人"},
        {"level1": "项目决策", "target": "≥10 人", "actual": "10 人"},
    )
    result = score_frame(df, NATIONAL, year=2021)
    assert list(result["status"]) == ["ok", "error"]
    assert "unknown 一级 '项目决策'" in result["message"].iloc[1]


def test_row_year_dates_deadlines_without_an_evaluation_year() -> None:
    """A ``year`` cell dates a deadline row when the evaluation has no year: 9月前, done 7月
    → full weight; 6月前 done 8月 → late, 部分达成 default 0.7 × 5 = 3.50."""
    df = table(
        {"target": "9月前", "actual": "7月", "weight": "5", "year": "2023"},
        {"target": "6月前", "actual": "8月", "weight": "5", "year": "2023"},
    )
    result = score_frame(df, NATIONAL, year=None)
    assert list(result["final_score"]) == [D("5.00"), D("3.50")]


def test_row_year_wins_over_the_evaluation_year() -> None:
    """``2021年12月`` due, done ``12月`` of the row's year 2021 → on time, though the evaluation
    year is 2022 (a done date in 2022 would be late)."""
    df = table({"target": "2021年12月前完成", "actual": "12月", "weight": "5", "year": "2021"})
    result = score_frame(df, NATIONAL, year=2022)
    assert result["final_score"].iloc[0] == D("5.00")


def test_folder_without_evaluation_year_dates_rows_by_project_year(tmp_path: Path) -> None:
    """A folder whose evaluation.toml names no year scores each project's deadlines in that
    project's year (projects.csv): 11月前 done 10月 → 5.00 in both projects."""
    (tmp_path / "evaluation.toml").write_text('title = "t"\nscheme = "national-2020"\n',
                                              encoding="utf-8")
    (tmp_path / "projects.csv").write_text(
        "project_id,project,year,budget,spent\nA,a,2022,10,10\nB,b,2023,10,10\n", encoding="utf-8")
    (tmp_path / "indicators.csv").write_text(
        "project_id,seq,level1,level2,indicator,target,actual,weight\n"
        "A,1,产出指标,时效指标,验收时间,11月前,10月,5\n"
        "B,1,产出指标,时效指标,验收时间,11月前,10月,5\n", encoding="utf-8")
    evaluation = read_evaluation(tmp_path)
    assert evaluation.year is None
    assert list(evaluation.indicators["year"]) == ["2022", "2023"]
    result = evaluate(evaluation)
    assert list(result.indicators["final_score"]) == [D("5.00"), D("5.00")]


def test_bare_value_under_cost_level2_is_an_upper_bound() -> None:
    """A bare ``20万元`` under 二级 成本指标 whose name does not say 成本 (项目计划总投资) is read
    as at_most (domain.md §4): actual 25万元 → (1 − 5/20) × 10 = 7.50, not 10."""
    df = table(
        {"level2": "成本指标", "indicator": "项目计划总投资", "target": "20万元",
         "actual": "25万元", "weight": "10"},
        {"level2": "经济成本指标", "indicator": "设备采购", "target": "20万元",
         "actual": "15万元", "weight": "10"},
        {"level2": "数量指标", "indicator": "项目计划总投资", "target": "20万元",
         "actual": "25万元", "weight": "10"},
    )
    result = score_frame(df, NATIONAL, year=2024)
    assert list(result["kind"]) == ["at_most", "at_most", "at_least"]
    assert list(result["final_score"]) == [D("7.50"), D("10.00"), D("10.00")]
    assert all(result["comparator_inferred"])


def test_a_deadline_followed_by_its_task_is_a_deadline() -> None:
    """`年底前完成拨付`, `12月底前完成资金拨付`: the date is the deadline, the task is kept as a
    trailing flag (it used to be read as qualitative, or refused)."""
    from units import Kind, parse_target

    for text, month, day in (("年底前完成拨付", 12, 31), ("12月底前完成资金拨付", 12, 31),
                             ("6月底前全部发放到位", 6, 30), ("年底前完成撥付", 12, 31)):
        target = parse_target(text, year=2024)
        assert target.kind is Kind.DEADLINE, text
        assert target.deadline is not None
        assert target.deadline.isoformat() == f"2024-{month:02d}-{day:02d}", text
        assert any(flag.startswith("trailing:") for flag in target.flags), text


def test_a_comparison_with_last_year_or_an_average_needs_a_manual_score() -> None:
    """`不低于上年`, `高于全省平均水平` compare with a reference that has no number: refused with
    a clear error, never read as a qualitative target that 达成 would fill."""
    from units import ParseError, parse_target

    for text in ("不低于上年", "不低于上年水平", "高于全省平均水平", "不少于去年同期"):
        with pytest.raises(ParseError, match="named reference"):
            parse_target(text)


def test_school_terms_half_years_and_ten_day_periods_are_rates() -> None:
    """`每学期≥2次`, `每半年至少1次`, `每旬1次` are counts per period, like `每月≥1次`: a bare
    count against them is flagged per_period_assumed, never silently compared as a plain count."""
    from units import parse_actual, parse_target

    assert parse_target("每学期≥2次").unit == "次/学期"
    assert parse_target("每半年至少1次").unit == "次/半年"
    assert parse_target("每季1次").unit == "次/季度"
    assert parse_target("每旬巡查1次").unit == "次/旬"
    for text in ("每学期≥2次", "每半年至少1次"):
        actual = parse_actual("4次", parse_target(text))
        assert "per_period_assumed" in actual.flags, text


def test_quality_grade_you_liang_is_above_he_ge() -> None:
    """水利 quality grades: a target `优良` is not met by `合格` (it used to take full marks
    through the achieved vocabulary); `显著/较显著/一般`, written best first, is ordered."""
    frame = table(
        {"indicator": "单元工程质量等级", "target": "优良", "actual": "合格", "weight": "10"},
        {"indicator": "单元工程质量等级2", "target": "优良", "actual": "优良", "weight": "10"},
        {"indicator": "治理成效", "target": "显著/较显著/一般", "actual": "较显著",
         "weight": "10"},
    )
    scores = score_frame(distribute_weights(frame, weights.load_scheme("national-2020")),
                         weights.load_scheme("national-2020"))["final_score"].tolist()
    assert [Decimal(str(s)) for s in scores] == [Decimal("6.00"), Decimal("10.00"),
                                                 Decimal("7.50")]
