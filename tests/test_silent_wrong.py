"""Pairs that were once scored wrong without a warning.

Pairs that were once scored wrong without a warning: each now scores as an evaluator would,
or is flagged for review. Every case runs through the scalar rules and the frame alike.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from indicator_tables import table

import units
import weights
from scoring.engine.frame import score_frame
from scoring.engine.rules import score_indicator

D = Decimal
NATIONAL = weights.load_scheme("national-2020")


def both(indicator: str, target_text: str, actual_text: str
         ) -> tuple[tuple[str, str, Decimal | None], tuple[str, str, Decimal | None]]:
    """(flags, status, score) of the scalar rules and of the frame, for one pair worth the 50
    points of 产出 (the frame's one row takes them all)."""
    target = units.parse_target(target_text, year=2024, indicator=indicator)
    actual = units.parse_actual(actual_text, target, year=2024)
    scalar = score_indicator(target, actual, D(50), NATIONAL, year=2024)
    row = score_frame(
        table({"indicator": indicator, "target": target_text, "actual": actual_text}),
        NATIONAL, year=2024,
    ).iloc[0]
    return ((";".join(scalar.flags), scalar.status, scalar.final_score),
            (row["flags"], row["status"], row["final_score"]))


def scored(indicator: str, target_text: str, actual_text: str) -> tuple[str, str, Decimal | None]:
    """The scalar result, after checking that the frame agrees with it."""
    scalar, frame = both(indicator, target_text, actual_text)
    assert scalar == frame
    return scalar


@pytest.mark.parametrize(
    ("indicator", "target", "actual", "score"),
    [
        ("是否发生安全事故", "否", "是", "0.00"),
        ("是否发生安全事故", "否", "否", "50.00"),
        ("是否发生安全事故", "无", "有", "0.00"),
        ("是否发生安全事故", "无", "未发生", "50.00"),
        ("是否按时完成", "是", "否", "0.00"),
        ("是否按时完成", "是", "是", "50.00"),
        ("安全生产", "无安全事故", "有", "0.00"),
    ],
)
def test_yes_no_actual_is_judged_against_the_targets_own_yes_no(
    indicator: str, target: str, actual: str, score: str
) -> None:
    """否 asked and 是 answered is a miss, whatever the word list says of 是."""
    assert scored(indicator, target, actual)[2] == D(score)


def test_bare_count_against_a_per_month_target_is_sent_to_review() -> None:
    """每月≥1次 / 1次: which period the 1 counts is unknown, so the row is a warning."""
    flags, status, score = scored("培训次数", "每月≥1次", "1次")
    assert "actual:per_period_assumed" in flags.split(";")
    assert status == "warning"
    assert score == D("50.00")


def test_over_count_against_a_per_month_target_is_sent_to_review_too() -> None:
    """每月≥1次 / 6次 is also flagged per_period_assumed, not just over-completion."""
    flags, status, _ = scored("培训次数", "每月≥1次", "6次")
    assert "actual:per_period_assumed" in flags.split(";")
    assert status == "warning"


@pytest.mark.parametrize(("actual", "score"), [("12次/年", "50.00"), ("6次/年", "25.00")])
def test_count_that_names_its_period_converts(actual: str, score: str) -> None:
    """每月≥1次 / 12次/年 is 1 次/月 (×1/12): met; 6次/年 is half of it."""
    flags, _, got = scored("培训次数", "每月≥1次", actual)
    assert got == D(score)
    assert "actual:per_period_assumed" not in flags.split(";")


@pytest.mark.parametrize(
    ("indicator", "target", "actual", "score"),
    [
        ("信访事件", "0起", "3起", "0.00"),
        ("信访事件", "0起", "0起", "50.00"),
        ("重大质量问题", "0", "1", "0.00"),
        ("重大质量问题", "0", "0", "50.00"),
        ("重大质量问题", "0", "无", "50.00"),
        ("安全事故", "零事故", "2起", "0.00"),
        ("安全事故", "零事故", "0起", "50.00"),
    ],
)
def test_zero_target_without_comparator_means_none_may_happen(
    indicator: str, target: str, actual: str, score: str
) -> None:
    """0起 / 3起: any positive actual scores 0."""
    assert scored(indicator, target, actual)[2] == D(score)


@pytest.mark.parametrize(
    ("indicator", "target", "actual", "score"),
    [
        ("办结时限", "15天", "40天", "0.00"),
        ("办结时限", "15天", "10天", "50.00"),
        ("项目工期", "180天", "270天", "25.00"),
        ("平均响应时间", "30分钟", "45分钟", "25.00"),
        ("群众投诉", "5件", "10件", "0.00"),
        ("产品不合格率", "2%", "3%", "25.00"),
        ("城镇登记失业率", "4%", "5%", "37.50"),
        ("工程造价", "100万元", "150万元", "25.00"),
        ("投诉处理率", "95%", "95%", "50.00"),
    ],
)
def test_lower_is_better_indicator_reads_a_bare_value_as_at_most(
    indicator: str, target: str, actual: str, score: str
) -> None:
    """办结时限 15天 / 40天 is far over the limit, not "target set too low"; 投诉处理率 is a
    rate of handled complaints, so higher is better again."""
    assert scored(indicator, target, actual)[2] == D(score)


def test_fraction_typed_for_a_percentage_is_read_as_percent() -> None:
    """≥90% / 0.95 is 95 %: full marks, flagged fraction_as_percent."""
    flags, status, score = scored("合格率", "≥90%", "0.95")
    assert score == D("50.00")
    assert "actual:fraction_as_percent" in flags.split(";")
    assert status == "warning"


def test_number_typed_in_yuan_against_wan_yuan_is_read_in_yuan() -> None:
    """≤30万元 / 300000 is 30 万元: met, flagged base_unit_assumed."""
    flags, status, score = scored("项目资金", "≤30万元", "300000")
    assert score == D("50.00")
    assert "actual:base_unit_assumed" in flags.split(";")
    assert status == "warning"


@pytest.mark.parametrize(
    ("target", "higher", "lower"),
    [
        ("优秀/良好/合格/不合格", "良好", "合格"),
        ("优秀/良好/合格/不合格", "合格", "不合格"),
        ("优/良/中/差", "良", "中"),
        ("好/较好/一般", "好", "较好"),
        ("高/中/低", "中", "低"),
        ("满意/基本满意/不满意", "基本满意", "不满意"),
        ("很好/较好/一般", "较好", "一般"),
    ],
)
def test_a_higher_grade_never_scores_less(target: str, higher: str, lower: str) -> None:
    """On every known grade scale a higher tier scores strictly more than a lower one."""
    high, low = scored("质量", target, higher)[2], scored("质量", target, lower)[2]
    assert high is not None and low is not None and high > low


@pytest.mark.parametrize("word", ["有效提升", "达成", "已达成", "通过", "全部完成", "按期完成",
                                  "按时完成", "提前完成", "及时", "非常好"])
def test_achieved_words_are_read_by_parser_and_scorer_alike(word: str) -> None:
    """One vocabulary: every word the scheme lists is read and earns its band."""
    assert scored("效果", "有效提升", word)[2] == D("50.00")


@pytest.mark.parametrize("word", ["部分完成", "比较满意", "有所提升", "延期完成"])
def test_partial_words_earn_the_partial_share(word: str) -> None:
    """部分完成, 比较满意 … are 部分达成: 0.7 of the weight (35 of 50)."""
    assert scored("效果", "有效提升", word)[2] == D("35.00")


@pytest.mark.parametrize("word", ["未达标", "未通过", "未完成"])
def test_missed_words_earn_nothing(word: str) -> None:
    """未达标, 未通过 … are 未达成."""
    assert scored("效果", "达成", word)[2] == D("0.00")


def test_parser_default_vocabulary_is_the_schemes() -> None:
    """parse_actual without a vocabulary reads exactly the national scheme's words."""
    words = NATIONAL.qualitative.words
    for word, band in words.items():
        if word in ("是", "否"):
            continue
        assert units.parse_actual(word, units.parse_target("达成")).band is band, word


def test_count_that_names_its_year_converts_to_the_targets_month() -> None:
    """每月≥1次 / 全年12次: the actual names its period, so 12 次/年 = 1 次/月, met, unflagged."""
    flags, _, score = scored("培训次数", "每月≥1次", "全年12次")
    assert score == D("50.00")
    assert "actual:per_period_assumed" not in flags.split(";")


def test_deadline_without_any_year_takes_the_completion_dates_year() -> None:
    """A flat table without a year: 12月31日前完成 / 2024年11月30日 is on time, not an error."""
    target = units.parse_target("12月31日前完成")
    on_time = units.parse_actual("2024年11月30日", target)
    late = units.parse_actual("2025年2月1日", target)
    first = score_indicator(target, on_time, D(10), NATIONAL, year=None)
    second = score_indicator(target, late, D(10), NATIONAL, year=None)
    assert (first.final_score, first.status) == (D("10.00"), "ok")
    assert "year_from_actual" in first.flags
    assert second.final_score == D("10.00") and "late" not in second.flags
    row = score_frame(table({"target": "12月31日前完成", "actual": "2024年11月30日"}),
                      NATIONAL, year=None).iloc[0]
    assert (row["final_score"], row["status"]) == (D("50.00"), "ok")


@pytest.mark.parametrize(("actual", "score"), [("-2%", "50.00"), ("2%", "50.00"),
                                               ("-5%", "30.00"), ("5%", "30.00")])
def test_deviation_outside_a_band_around_zero_loses_marks(actual: str, score: str) -> None:
    """±3%以内 / −5 %: outside the band on either side earns 3/5 of the weight, never full."""
    flags, status, got = scored("计量误差", "±3%以内", actual)
    assert got == D(score)
    assert "target:plus_minus" in flags.split(";") and status == "warning"


def test_bare_count_against_a_per_quarter_target_is_sent_to_review() -> None:
    """每季度≥1次 / 4次: read per quarter, flagged per_period_assumed."""
    flags, status, _ = scored("检查次数", "每季度≥1次", "4次")
    assert "actual:per_period_assumed" in flags.split(";") and status == "warning"


@pytest.mark.parametrize(("indicator", "kind"), [
    ("挽回经济损失", "at_least"), ("减少群众投诉", "at_least"), ("事故起数下降", "at_least"),
    ("群众投诉", "at_most"), ("项目工期", "at_most"), ("信访案件办结率", "at_least"),
])
def test_reducing_verbs_and_heads_turn_a_lower_is_better_name_around(indicator: str, kind: str
                                                                       ) -> None:
    """挽回/减少 before a lower-is-better noun, or 下降 after it, make a bare value a floor."""
    assert units.parse_target("10", indicator=indicator).kind.value == kind
