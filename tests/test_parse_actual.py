"""parse_actual: actual values read against their target (expected values by hand)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import units
from units import ActualKind, Band, Kind, ParseError, UnitMismatch

D = Decimal
PERCENT = units.parse_target("≥95%")
AREA = units.parse_target("≥15 亩")
MONEY = units.parse_target("≤90万元")
PEOPLE = units.parse_target("≥100人")
DEADLINE = units.parse_target("12月31日前完成", year=2024)
SCALE = units.parse_target("一般/较好/很好")
WORDS = units.parse_target("效果明显")
BARE = units.parse_target("200万", indicator="成本指标")


@pytest.mark.parametrize(
    ("text", "target", "value", "unit"),
    [
        ("98.70%", PERCENT, "98.70", "%"),
        ("98", PERCENT, "98", "%"),
        ("95 百分比", PERCENT, "95", "%"),
        ("1 公顷", AREA, "15", "亩"),
        ("1.5万亩", AREA, "15000", "亩"),
        ("900000元", MONEY, "90", "万元"),
        ("90", MONEY, "90", "万元"),
        ("5万", MONEY, "5", "万元"),
        ("-3", PERCENT, "-3", "%"),
        ("两百人", PEOPLE, "200", "人"),
        ("105名", PEOPLE, "105", "人"),
    ],
)
def test_numbers_in_the_targets_unit(text: str, target: units.Target, value: str, unit: str
                                     ) -> None:
    """A number takes the target's unit, or is converted exactly into it."""
    actual = units.parse_actual(text, target)
    assert (actual.kind, actual.value, actual.unit) == (ActualKind.NUMBER, D(value), unit)


def test_unit_on_a_unitless_target_is_kept_without_prefix() -> None:
    """Against a bare target, an actual's 万元 is expressed in 元 and flagged."""
    actual = units.parse_actual("195.5万元", BARE)
    assert (actual.value, actual.unit) == (D(1955000), "元")
    assert "unit_from_actual" in actual.flags


def test_incompatible_unit_is_a_mismatch() -> None:
    """12 个 against a 人 target raises UnitMismatch at the unit."""
    with pytest.raises(UnitMismatch) as caught:
        units.parse_actual("12个", PEOPLE)
    assert caught.value.position == 2


def test_actual_with_comparator_keeps_it() -> None:
    """≥266米 as an actual is 266 with the comparator noted."""
    actual = units.parse_actual("≥266米", units.parse_target("≥266米"))
    assert (actual.value, actual.comparator) == (D(266), Kind.AT_LEAST)
    assert "comparator_in_actual" in actual.flags


@pytest.mark.parametrize(
    ("text", "year", "date"),
    [
        ("2024年11月20日", None, dt.date(2024, 11, 20)),
        ("2024-11-20", None, dt.date(2024, 11, 20)),
        ("11月", 2024, dt.date(2024, 11, 30)),
        ("11月", None, dt.date(2024, 11, 30)),
        ("2021年12月完成", None, dt.date(2021, 12, 31)),
        ("2020年", None, dt.date(2020, 12, 31)),
    ],
)
def test_dates(text: str, year: int | None, date: dt.date) -> None:
    """Dates against a deadline; a month alone means its last day in the year."""
    actual = units.parse_actual(text, DEADLINE, year=year)
    assert (actual.kind, actual.date) == (ActualKind.DATE, date)


def test_date_without_any_year_is_an_error() -> None:
    """A month with no year anywhere cannot be dated."""
    target = units.parse_target("9月前")
    with pytest.raises(ParseError):
        units.parse_actual("7月", target)


@pytest.mark.parametrize(
    ("text", "band"),
    [("按时完成", Band.ACHIEVED), ("已完成", Band.ACHIEVED),
     ("达成年度指标", Band.ACHIEVED), ("是", Band.ACHIEVED), ("合格", Band.ACHIEVED),
     ("部分达成年度指标并具有一定效果", Band.PARTIAL), ("基本达成", Band.PARTIAL),
     ("未达成年度指标且效果较差", Band.MISSED), ("未完成", Band.MISSED), ("否", Band.MISSED)],
)
def test_national_vocabulary(text: str, band: Band) -> None:
    """Qualitative words map to the three bands of domain.md §5."""
    actual = units.parse_actual(text, WORDS)
    assert (actual.kind, actual.band) == (ActualKind.BAND, band)


def test_deadline_done_word_is_a_band() -> None:
    """按时完成 against a deadline is the achieved band."""
    assert units.parse_actual("按时完成", DEADLINE).band is Band.ACHIEVED


def test_custom_vocabulary() -> None:
    """A vocabulary mapping replaces the national one."""
    actual = units.parse_actual("圆满", WORDS, vocabulary={"圆满": Band.ACHIEVED})
    assert actual.band is Band.ACHIEVED
    with pytest.raises(ParseError):
        units.parse_actual("已完成", WORDS, vocabulary={"圆满": Band.ACHIEVED})


def test_same_words_as_the_target_are_achieved() -> None:
    """An actual restating a qualitative target is achieved, flagged."""
    actual = units.parse_actual("效果明显", WORDS)
    assert (actual.band, actual.flags) == (Band.ACHIEVED, ("same_as_target",))


@pytest.mark.parametrize(("text", "tier"), [("一般", 0), ("较好", 1), ("很好", 2)])
def test_tiers_of_the_targets_scale(text: str, tier: int) -> None:
    """A tier word of the target's scale is that tier's index."""
    actual = units.parse_actual(text, SCALE)
    assert (actual.kind, actual.tier) == (ActualKind.TIER, tier)


@pytest.mark.parametrize("text", ["不适用", "N/A", "n/a"])
def test_not_applicable(text: str) -> None:
    """不适用 and N/A mark the row not applicable."""
    assert units.parse_actual(text, PERCENT).kind is ActualKind.NOT_APPLICABLE


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_empty(text: str) -> None:
    """Empty and whitespace-only cells are EMPTY."""
    assert units.parse_actual(text, PERCENT).kind is ActualKind.EMPTY


@pytest.mark.parametrize("text", ["全天候", "完成1部宣传片,2套方案", "80%-90%", "≥**"])
def test_unknown_text_is_an_error(text: str) -> None:
    """Text that is no number, date or known word raises ParseError."""
    with pytest.raises(ParseError):
        units.parse_actual(text, PERCENT)


def test_count_against_a_rate_target_is_the_count_in_that_period() -> None:
    """`1 次` against `年故障次数少于3次` (< 3 次/年) is 1 次 in the year, flagged."""
    target = units.parse_target("年故障次数少于3次")
    actual = units.parse_actual("1 次", target)
    assert (actual.value, actual.unit) == (Decimal(1), "次/年")
    assert "per_period:年" in actual.flags


def test_count_of_another_classifier_against_a_rate_is_refused() -> None:
    """`1 个` cannot be read against a 次/年 target."""
    with pytest.raises(units.UnitMismatch):
        units.parse_actual("1 个", units.parse_target("年故障次数少于3次"))


def test_vocabulary_words_match_in_any_spelling() -> None:
    """A vocabulary word given in full-width or spaced form still matches the actual."""
    target = units.parse_target("效果明显")
    actual = units.parse_actual("基本达成", target, vocabulary={"基本 达成": units.Band.PARTIAL})
    assert actual.band is units.Band.PARTIAL


@pytest.mark.parametrize(("text", "value"), [("完成率100%", "100"), ("已完成100%", "100"),
                                             ("资金到位率为98.5%", "98.5")])
def test_the_one_number_of_an_actual_sentence_is_read_and_flagged(text: str, value: str) -> None:
    """An actual written as a sentence with one number is read, flagged number_in_prose."""
    actual = units.parse_actual(text, PERCENT)
    assert (actual.kind, actual.value, actual.unit) == (ActualKind.NUMBER, D(value), "%")
    assert "number_in_prose" in actual.flags


@pytest.mark.parametrize("text", ["完成12个点位,3个村", "已于2024年11月完成"])
def test_an_actual_sentence_with_several_numbers_is_refused(text: str) -> None:
    """Two numbers (a year counts) in an actual sentence: a clear error, never a guess."""
    with pytest.raises(ParseError):
        units.parse_actual(text, units.parse_target("≥10个"))
