"""Properties of the units grammar, checked with hypothesis."""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import units
from units import Deadline, Kind, Target, _actual, _grammar
from units._normalise import normalised

SYMBOLS = list("0123456789.,-~/%‰≥≤<>=≧﹦═＝》 ") + list(
    "年月日底前完成万亿千元亩个人次以上以下内多约每不低于超过大于等于一二两三十百套期、"
    "优良中差一般较好很好率*X米平方公顷百分比每份底中旬"
) + ["\u0301", "\u3000", "㎡", "１", "－", "—", "(", ")", "含", "±", "·", "余", "季度", "第",
     "组", "粒", "比例", "萬", "個", "度", "M", "级", "零", "否", "是", "无", "每月", "全年",
     "次年", "工作日", "成", "分", "辆次", "村", "合格", "满意", "为", "达到", "km", "T", "。"]
DOMAIN_TEXT = st.lists(st.sampled_from(SYMBOLS), max_size=16).map("".join)
ANY_TEXT = st.one_of(DOMAIN_TEXT, st.text(max_size=12))
UNITS = ["", "%", "‰", "万元", "元/亩", "万元/亩", "亩", "公顷", "平方米", "立方米", "公里", "个",
         "人", "人次", "次/年", "1/月", "天", "周岁", "等别", "倍", "TB"]
VALUES = st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False,
                     allow_infinity=False)
INDICATORS = {Kind.AT_LEAST: "数量指标/完成数", Kind.AT_MOST: "成本指标/项目总成本"}
TARGET = units.parse_target("≥95%")
DEADLINE = units.parse_target("12月31日前完成", year=2024)
SCALE = units.parse_target("一般/较好/很好")
#: Targets whose actuals take the newer readings: per period, zero, yes/no, a new unit, 万元.
MORE_TARGETS = [units.parse_target(text) for text in
                ("每月≥1次", "0起", "否", "≥10组", "≤30万元", "优秀/良好/合格/不合格")]
#: A generous bound on one parse of a fresh string (a loaded CI machine included).
PARSE_SECONDS = 0.05
LONG_TEXT = st.lists(st.sampled_from(SYMBOLS), min_size=50, max_size=300).map("".join)


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_normalise_is_idempotent(text: str) -> None:
    """normalise(normalise(x)) == normalise(x)."""
    once = units.normalise(text)
    assert units.normalise(once) == once


@settings(max_examples=600, deadline=None)
@given(ANY_TEXT, st.sampled_from([None, 2024]))
def test_arbitrary_text_raises_only_parse_error(text: str, year: int | None) -> None:
    """parse_target and parse_actual raise nothing but ParseError, with a valid position."""
    parses: list[Callable[[], object]] = [
        functools.partial(units.parse_target, text, year=year),
        *[functools.partial(units.parse_actual, text, t, year=year)
          for t in (TARGET, DEADLINE, SCALE, *MORE_TARGETS)],
    ]
    for parse in parses:
        try:
            parse()
        except units.ParseError as error:
            assert 0 <= error.position <= len(text)


@settings(max_examples=150, deadline=None)
@given(st.one_of(LONG_TEXT, DOMAIN_TEXT, st.text(max_size=300)))
def test_any_string_is_read_or_refused_quickly(text: str) -> None:
    """Any string, long ones included, parses or raises ParseError within a bounded time
    (after the one-time set-up: the default vocabulary and the exact conversion registry are
    loaded on first use)."""
    units.parse_actual("达成", units.parse_target("达成"))
    units.parse_actual("1公顷", units.parse_target("≥15亩"))
    for parse in (lambda: units.parse_target(text, year=2024, indicator="数量指标/完成数"),
                  lambda: units.parse_actual(text, TARGET, year=2024)):
        assert _best_seconds(parse) < PARSE_SECONDS, text


def _best_seconds(parse: Callable[[], object]) -> float:
    """The best of three fresh parses (caches cleared), so a busy machine's pause is not
    taken for a slow parse."""
    best = float("inf")
    for _ in range(3):
        _grammar.clear_cache()
        _actual.clear_cache()
        start = time.perf_counter()
        with contextlib.suppress(units.ParseError):
            parse()
        best = min(best, time.perf_counter() - start)
    return best


@settings(max_examples=400, deadline=None)
@given(DOMAIN_TEXT, st.sampled_from([None, 2024]))
def test_parsed_targets_read_back_from_their_format(text: str, year: int | None) -> None:
    """Any text that parses formats to text that parses to the same Target."""
    try:
        target = units.parse_target(text, year=year)
    except units.ParseError:
        return
    back = units.parse_target(units.format_target(target), year=year)
    assert replace(back, text=target.text) == target


@st.composite
def targets(draw: st.DrawFn) -> tuple[Target, str | None]:
    """Targets of every kind built field by field, with the indicator to read them back."""
    kind = draw(st.sampled_from([Kind.AT_LEAST, Kind.MORE_THAN, Kind.AT_MOST, Kind.LESS_THAN,
                                 Kind.EQUAL, Kind.RANGE, Kind.DEADLINE, Kind.QUALITATIVE]))
    if kind is Kind.DEADLINE:
        month = draw(st.integers(1, 12))
        year = draw(st.one_of(st.none(), st.integers(1990, 2100)))
        day = draw(st.one_of(st.none(), st.integers(1, 28)))
        return Target("", kind, deadline=Deadline(month, day, year)), None
    if kind is Kind.QUALITATIVE:
        scale = draw(st.sampled_from([("一般", "较好", "很好"), ("差", "中", "良", "优")]))
        tier = draw(st.one_of(st.none(), st.integers(0, len(scale) - 1)))
        value = Decimal(tier) if tier is not None else None
        if tier is not None and scale[tier] in ("差", "中", "良", "优"):
            value = None
        return Target("", kind, value=value, scale=scale), None
    unit = draw(st.sampled_from(UNITS))
    value = draw(VALUES)
    if kind is Kind.RANGE:
        upper = value + draw(VALUES)
        return Target("", kind, value, upper, unit), None
    # A bare zero reads as "none may happen" (≤ 0), whatever the indicator.
    # A bare grade (等别, 级) is read as an ordinal: at most that grade, not inferred.
    inferred = (kind in INDICATORS and value != 0 and unit not in ("等别", "级")
                and draw(st.booleans()))
    return Target("", kind, value, unit=unit, inferred=inferred), INDICATORS.get(kind)


@settings(max_examples=400, deadline=None)
@given(targets())
def test_format_target_round_trip(case: tuple[Target, str | None]) -> None:
    """parse_target(format_target(t)) == t apart from the text."""
    target, indicator = case
    text = units.format_target(target)
    assert replace(units.parse_target(text, indicator=indicator), text="") == target


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["", "≥", "≤", "<", ">", "=", "≥ "]), VALUES,
       st.sampled_from(["", " "]), st.sampled_from(
           ["", "%", "个", "万元", "万元/亩", "月", "年", "个月", "次/月", "万", "km", "㎡"]))
def test_common_shape_reads_like_the_general_grammar(symbol: str, value: Decimal, space: str,
                                                     unit: str) -> None:
    """The direct reading of ``≥95%``-shaped text agrees with the general grammar."""
    text = f"{symbol}{value}{space}{unit}"
    norm = normalised(text)
    try:
        general: object = _grammar._read_any(text, norm, 2024, None)
    except units.ParseError as error:
        general = (error.position, error.expected)
    common = _grammar._common(text, norm.text, None)
    if common is not None:
        assert common == general
