"""parse_target on every form of domain.md §4 (expected values written by hand)."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest

import units
from units import Deadline, Kind, ParseError, Target

D = Decimal


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        ("≥95%", Kind.AT_LEAST, "95", "%"),
        ("≧735人次", Kind.AT_LEAST, "735", "人次"),
        (">=10", Kind.AT_LEAST, "10", ""),
        ("大于等于10157.6平方米", Kind.AT_LEAST, "10157.6", "平方米"),
        ("不低于20户", Kind.AT_LEAST, "20", "户"),
        ("不少于12 种", Kind.AT_LEAST, "12", "种"),
        ("95%以上", Kind.AT_LEAST, "95", "%"),
        ("95%及以上", Kind.AT_LEAST, "95", "%"),
        ("50%以上", Kind.AT_LEAST, "50", "%"),
        ("至少3次", Kind.AT_LEAST, "3", "次"),
        ("大于等于一套", Kind.AT_LEAST, "1", "套"),
        (">0", Kind.MORE_THAN, "0", ""),
        ("大于5个", Kind.MORE_THAN, "5", "个"),
        ("超过30人", Kind.MORE_THAN, "30", "人"),
        ("多于2家", Kind.MORE_THAN, "2", "家"),
        ("≤3 万元/亩", Kind.AT_MOST, "3", "万元/亩"),
        ("≤90万元", Kind.AT_MOST, "90", "万元"),
        ("不超过30万元", Kind.AT_MOST, "30", "万元"),
        ("不高于5%", Kind.AT_MOST, "5", "%"),
        ("控制在100万元以内", Kind.AT_MOST, "100", "万元"),
        ("10%以下", Kind.AT_MOST, "10", "%"),
        ("10分钟内完成", Kind.AT_MOST, "10", "分钟"),
        ("<5%", Kind.LESS_THAN, "5", "%"),
        ("少于3次", Kind.LESS_THAN, "3", "次"),
        ("低于2%", Kind.LESS_THAN, "2", "%"),
        ("年故障次数少于3次", Kind.LESS_THAN, "3", "次/年"),
        ("=100%", Kind.EQUAL, "100", "%"),
        ("﹦72890元", Kind.EQUAL, "72890", "元"),
        ("═100%", Kind.EQUAL, "100", "%"),
        ("＝4个", Kind.EQUAL, "4", "个"),
        ("》5个", Kind.MORE_THAN, "5", "个"),
        ("≥95 百分比", Kind.AT_LEAST, "95", "%"),
        ("≥９５％", Kind.AT_LEAST, "95", "%"),
        ("≥100㎡", Kind.AT_LEAST, "100", "平方米"),
        ("≥0.565km", Kind.AT_LEAST, "0.565", "公里"),
        ("≥2千米", Kind.AT_LEAST, "2", "公里"),
        ("≥30日", Kind.AT_LEAST, "30", "天"),
        ("≥12 等别", Kind.AT_LEAST, "12", "等别"),
        ("≥2倍", Kind.AT_LEAST, "2", "倍"),
        ("≥1人/年", Kind.AT_LEAST, "1", "人/年"),
        ("≥10,157.6平方米", Kind.AT_LEAST, "10157.6", "平方米"),
        ("≥3个月", Kind.AT_LEAST, "3", "月"),
        ("8万多株", Kind.AT_LEAST, "80000", "株"),
    ],
)
def test_explicit_comparators(text: str, kind: Kind, value: str, unit: str) -> None:
    """Comparators written as symbols or words, before or after the number."""
    target = units.parse_target(text)
    assert (target.kind, target.value, target.unit, target.inferred) == (kind, D(value), unit,
                                                                         False)


@pytest.mark.parametrize(
    ("text", "indicator", "kind"),
    [
        ("5 个", "产出指标/数量指标/政策性关闭矿山数量", Kind.AT_LEAST),
        ("200 万元", "产出指标/成本指标/所需资金", Kind.AT_MOST),
        ("100", "成本指标/成本控制率", Kind.AT_MOST),
        ("0.9%", "生态效益指标/森林火灾受害率", Kind.AT_MOST),
        ("2起", "安全生产事故发生数", Kind.AT_MOST),
        ("3次", "年投诉次数", Kind.AT_MOST),
        ("13 人", None, Kind.AT_LEAST),
        ("63人", "数量指标/对独生子伤残、死亡家庭进行扶助", Kind.AT_LEAST),
    ],
)
def test_bare_values_infer_the_comparator(text: str, indicator: str | None, kind: Kind) -> None:
    """A bare value is at_most on 成本/lower-is-better indicators, else at_least; inferred."""
    target = units.parse_target(text, indicator=indicator)
    assert target.kind is kind
    assert target.inferred is True


def test_explicit_comparator_wins_over_the_indicator() -> None:
    """≥ on a 成本 indicator is scored as written, not inferred."""
    target = units.parse_target("≥3 万元/亩", indicator="产出指标/成本指标/恢复治理亩均投资")
    assert (target.kind, target.inferred) == (Kind.AT_LEAST, False)


@pytest.mark.parametrize(
    ("text", "lower", "upper", "unit"),
    [("80%-90%", "80", "90", "%"), ("18—54周岁", "18", "54", "周岁"),
     ("5~10人", "5", "10", "人"), ("1至2万元", "1", "2", "万元"),
     ("500米-1公里", "0.5", "1", "公里")],
)
def test_ranges(text: str, lower: str, upper: str, unit: str) -> None:
    """A range keeps both bounds in the upper bound's unit."""
    target = units.parse_target(text)
    assert (target.kind, target.value, target.upper, target.unit) == (
        Kind.RANGE, D(lower), D(upper), unit)


def test_backwards_range_is_an_error() -> None:
    """A range whose upper bound is below its lower bound cannot be scored."""
    with pytest.raises(ParseError):
        units.parse_target("90%-80%")


@pytest.mark.parametrize(
    ("text", "year", "deadline"),
    [
        ("12月31日前完成", 2024, Deadline(12, 31, 2024)),
        ("9月前", None, Deadline(9, None, None)),
        ("≤10 月", 2024, Deadline(10, None, 2024)),
        ("≤12月底", 2024, Deadline(12, None, 2024)),
        ("6月份前完成", 2024, Deadline(6, None, 2024)),
        ("2021年12月完成", 2024, Deadline(12, None, 2021)),
        ("每年12月底前", None, Deadline(12, None, None)),
        ("2021.1.1-12.31", None, Deadline(12, 31, 2021)),
        ("2021年1月-12月", None, Deadline(12, None, 2021)),
        ("2019年", None, Deadline(12, None, 2019)),
        ("年底前完成", 2023, Deadline(12, None, 2023)),
        ("十一月底前", 2024, Deadline(11, None, 2024)),
        ("2024-06-30前", None, Deadline(6, 30, 2024)),
        ("12月中旬", 2024, Deadline(12, 20, 2024)),
    ],
)
def test_deadlines(text: str, year: int | None, deadline: Deadline) -> None:
    """Deadlines keep their date; without a year in the text they take ``year``."""
    target = units.parse_target(text, year=year)
    assert target.kind is Kind.DEADLINE
    assert target.deadline == deadline
    assert (target.value, target.unit) == (None, "")


def test_month_deadline_means_the_end_of_the_month() -> None:
    """≤10 月 in 2024 is due on 2024-10-31."""
    assert units.parse_target("≤10 月", year=2024).deadline.isoformat() == "2024-10-31"  # type: ignore[union-attr]


def test_duration_in_years_is_not_a_deadline() -> None:
    """≤1 年 is a duration (at most one year), not a calendar date."""
    target = units.parse_target("≤1 年")
    assert (target.kind, target.value, target.unit) == (Kind.AT_MOST, D(1), "年")


QUALITATIVE_TEXTS = ["效果明显", "有效提升", "达到预期目的", "不超预算", "群众满意"]


@pytest.mark.parametrize("text", QUALITATIVE_TEXTS)
def test_qualitative_text(text: str) -> None:
    """Words without a number are qualitative with no scale."""
    target = units.parse_target(text)
    assert (target.kind, target.scale, target.value) == (Kind.QUALITATIVE, (), None)


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("一般/较好/很好", ("一般", "较好", "很好")),
        ("很好/较好/一般", ("一般", "较好", "很好")),
        ("优良中差", ("差", "中", "良", "优")),
        ("定性 优良中低差", ("差", "低", "中", "良", "优")),
        ("优、良、中、差", ("差", "中", "良", "优")),
    ],
)
def test_grade_scales(text: str, scale: tuple[str, ...]) -> None:
    """A written scale becomes its tiers, lowest first, with no tier required."""
    target = units.parse_target(text)
    assert (target.kind, target.scale, target.value) == (Kind.QUALITATIVE, scale, None)


@pytest.mark.parametrize(
    ("text", "scale", "tier"),
    [
        ("较好", ("一般", "较好", "很好"), 1),
        ("合格", ("不合格", "合格", "良好", "优秀"), 1),
        ("良好及以上", ("不合格", "合格", "良好", "优秀"), 2),
        ("满意", ("不满意", "基本满意", "满意"), 2),
        ("高", ("低", "中", "高"), 2),
    ],
)
def test_single_tier_word_names_the_minimum_tier(text: str, scale: tuple[str, ...], tier: int
                                                 ) -> None:
    """A tier word as a target is the minimum tier of the longest known scale it belongs to."""
    target = units.parse_target(text)
    assert (target.scale, target.value) == (scale, D(tier))


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("一套", "1", "套"), ("三年", "3", "年"), ("两个", "2", "个"), ("十二个", "12", "个"),
     ("一百二十人", "120", "人"), ("百分之九十五", "95", "%")],
)
def test_chinese_numerals(text: str, value: str, unit: str) -> None:
    """Chinese numerals are numbers."""
    target = units.parse_target(text)
    assert (target.value, target.unit) == (D(value), unit)


def test_rate_per_month() -> None:
    """每月1次 is 1 次 per 月."""
    assert units.parse_target("每月1次").unit == "次/月"


@pytest.mark.parametrize(
    ("text", "flag"),
    [("100%覆盖", "trailing:覆盖"), ("100%达标", "trailing:达标"), ("约111.45万亩", "approximate"),
     ("12月底到位", "trailing:到位"), ("100人左右", "approximate"),
     ("合格率不低于95%", "subject:合格率")],
)
def test_harmless_words_become_flags(text: str, flag: str) -> None:
    """Leftover words are kept as flags, never dropped silently."""
    assert flag in units.parse_target(text).flags


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("≥**人次", 1),
        ("20122012 年 5 月 28 日", 0),
        ("M.8万元", 0),
        ("完成1部宣传片,2套方案", 0),
        ("≥ 平方米", 2),
        ("", 0),
        ("2024年13月", 5),
        ("2月30日前", 0),
        ("≥95%以下", 4),
    ],
)
def test_unscorable_text_raises_with_position(text: str, position: int) -> None:
    """Text that cannot be scored raises ParseError pointing into the original text."""
    with pytest.raises(ParseError) as caught:
        units.parse_target(text)
    error = caught.value
    assert (error.text, error.position) == (text, position)
    assert error.expected and error.expected in str(error)
    assert repr(text) in str(error) and f"position {position}" in str(error)


def test_position_counts_original_characters() -> None:
    """A position points into the text as written, before NFKC and ≥ respelling."""
    with pytest.raises(ParseError) as caught:
        units.parse_target("＞= ９５％ 以下")
    assert caught.value.position == 7


def test_parse_error_pickles() -> None:
    """ParseError survives pickling (batches run in worker processes)."""
    error = ParseError("≥**", 1, "a number")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.text, copy.position, copy.expected, str(copy)) == (
        "≥**", 1, "a number", str(error))


def test_target_is_frozen_and_keeps_the_text() -> None:
    """The Target keeps the raw text and cannot be changed."""
    target = units.parse_target(" ≥2304.9 立方米 ")
    assert target.text == " ≥2304.9 立方米 "
    with pytest.raises(AttributeError):
        target.value = D(1)  # type: ignore[misc]


def test_repr() -> None:
    """The repr reads like the comparator."""
    assert repr(units.parse_target("≥2304.9 立方米")) == "<Target at_least ≥ 2304.9 立方米>"


def test_parsing_is_cached() -> None:
    """The same text, year and indicator give the very same Target object."""
    first = units.parse_target("≥95%", year=2024, indicator="x")
    assert units.parse_target("≥95%", year=2024, indicator="x") is first


@pytest.mark.parametrize(
    ("text", "normal"),
    [("≧ 95％", "≥ 95%"), (">=10", "≥10"), ("  a \t b  ", "a b"), ("18—54", "18-54"),
     ("﹦1", "=1"), ("》1", ">1")],
)
def test_normalise(text: str, normal: str) -> None:
    """normalise applies NFKC, comparator spellings and single spaces."""
    assert units.normalise(text) == normal


@pytest.mark.parametrize(
    "target",
    [
        Target("", Kind.AT_LEAST, D("2304.9"), unit="立方米"),
        Target("", Kind.LESS_THAN, D(3), unit="次/年", flags=("subject:故障次数",)),
        Target("", Kind.AT_MOST, D(6200000), unit="1/月"),
        Target("", Kind.RANGE, D(18), D(54), unit="周岁"),
        Target("", Kind.DEADLINE, deadline=Deadline(12, 31, 2024)),
        Target("", Kind.DEADLINE, deadline=Deadline(12, None, None), flags=("recurring",)),
        Target("", Kind.QUALITATIVE, value=D(1), scale=("一般", "较好", "很好")),
    ],
)
def test_format_target_reads_back(target: Target) -> None:
    """format_target writes text that parse_target reads back to the same Target."""
    text = units.format_target(target)
    back = units.parse_target(text)
    assert back == Target(text, target.kind, target.value, target.upper, target.unit,
                          target.deadline, target.scale, target.inferred, target.flags)


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        ("资金及时到位率为100%", Kind.AT_LEAST, "100", "%"),
        ("完成监测点位12个。", Kind.AT_LEAST, "12", "个"),
        ("12个村卫生室", Kind.AT_LEAST, "12", "个"),
        ("至少全年开展3次培训", Kind.AT_LEAST, "3", "次"),
        ("降低交通事故损失,提升安全保障水平≥95%", Kind.AT_LEAST, "95", "%"),
        ("≥95%合格", Kind.AT_LEAST, "95", "%"),
        ("新增托位数400个以上", Kind.AT_LEAST, "400", "个"),
    ],
)
def test_the_one_number_of_a_sentence_is_read_and_flagged(
    text: str, kind: Kind, value: str, unit: str
) -> None:
    """A sentence with exactly one number is read as that number's statement, flagged."""
    target = units.parse_target(text)
    assert (target.kind, target.value, target.unit) == (kind, D(value), unit)
    assert "number_in_prose" in target.flags


@pytest.mark.parametrize("text", ["资金到位率100%,执行率95%", "2024年完成12个", "M.8万元"])
def test_a_sentence_with_several_numbers_needs_a_manual_score(text: str) -> None:
    """Two numbers (or a garbled one) in a sentence: a clear error, never a guess."""
    with pytest.raises(ParseError):
        units.parse_target(text)


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("一季度", "2024-03-31"), ("第三季度", "2024-09-30"), ("三季度末", "2024-09-30"),
        ("2024年第四季度", "2024-12-31"), ("一至三季度", "2024-09-30"), ("年度内", "2024-12-31"),
        ("全年", "2024-12-31"), ("本年度", "2024-12-31"), ("当年完成", "2024-12-31"),
        ("2024年全年", "2024-12-31"), ("当年12月底", "2024-12-31"), ("次年3月底前", "2025-03-31"),
        ("12.31前", "2024-12-31"), ("2024年年底前", "2024-12-31"), ("1-12月", "2024-12-31"),
        ("2024年4-10月", "2024-10-31"), ("2024年3月至12月", "2024-12-31"),
        ("2023.07-2024.01", "2024-01-31"), ("2023.12", "2023-12-31"), ("上半年", "2024-06-30"),
        ("每年11月底前", "--11-30"),
    ],
)
def test_deadlines_of_quarters_years_and_spans(text: str, deadline: str) -> None:
    """Quarters, year words, 次年, month spans and periods are deadlines (the year 2024 given)."""
    target = units.parse_target(text, year=2024)
    assert target.kind is Kind.DEADLINE
    assert target.deadline is not None and target.deadline.isoformat() == deadline


@pytest.mark.parametrize("text", ["次年3月底前", "汛期前", "每月中旬发放", "≤辖区平均标准"])
def test_deadlines_that_cannot_be_dated_are_refused(text: str) -> None:
    """次年 without an evaluation year, an event, a recurring date, a named reference: errors."""
    with pytest.raises(ParseError):
        units.parse_target(text)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("≥90分", "90", "分"), ("≤15个工作日", "15", "工作日"), ("≥9成", "90", "%"),
        ("100 hm²", "100", "公顷"), ("500㎡", "500", "平方米"), ("≥100kW", "100", "千瓦"),
        ("1000度", "1000", "千瓦时"), ("10TB", "10", "TB"), ("5KM", "5", "公里"), ("3t", "3", "吨"),
        ("≤200元/人/天", "200", "元/人/天"), ("≤200元/人·月", "200", "元/人/月"),
        ("≤200元/人*月", "200", "元/人/月"), ("≤8元/100km", "8", "元/百公里"),
        ("300万株", "3000000", "株"), ("120万", "1200000", ""), ("≥100萬元", "100", "万元"),
        ("5個", "5", "个"), ("≥≥95%", "95", "%"), ("≥98%(百分比)", "98", "%"),
        ("≥1000万元(含)", "1000", "万元"), ("95%(优)", "95", "%"), ("≥0.97比例", "97", "%"),
    ],
)
def test_units_that_need_a_meaning_and_noise(text: str, value: str, unit: str) -> None:
    """Units real tables use, traditional characters and noise around the value."""
    target = units.parse_target(text)
    assert target.value is not None
    assert (units.convert(target.value, target.unit, unit) if target.unit != unit
            else target.value) == D(value)


@pytest.mark.parametrize(("text", "unit"), [("≥10组", "组"), ("12架", "架"), ("5辆次", "辆次"),
                                            ("3台套", "台套"), ("≥1000粒", "粒")])
def test_unknown_measure_word_is_its_own_count_unit(text: str, unit: str) -> None:
    """A measure word the registry does not know is a unit of its own, flagged unit_new, and
    never converts to 个."""
    target = units.parse_target(text)
    assert (target.unit, "unit_new" in target.flags) == (unit, True)
    with pytest.raises(units.UnitMismatch):
        units.parse_actual("12个", target)


def test_bandwidth_and_ordinal_grades_are_flagged() -> None:
    """M is read as Mbps, flagged; a bare grade is at most that grade (1 is best), flagged."""
    bandwidth = units.parse_target("≥100M")
    assert (bandwidth.unit, "bandwidth_assumed" in bandwidth.flags) == ("Mbps", True)
    grade = units.parse_target("二级及以上")
    assert (grade.kind, grade.value, "ordinal_grade" in grade.flags) == (Kind.AT_MOST, D(2), True)
