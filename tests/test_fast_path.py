"""The parser's fast path reads every text it accepts exactly as the full grammar does.

Every real text the project holds (the tsv tables of tests/data, the corpus, the seeds, the
evaluations' 指标值 and 实际完成值, a synthetic table) and generated texts of the fast path's
shapes are read both ways: the results must be equal field by field, with the same types,
spellings of numbers, flags and errors.
"""

from __future__ import annotations

import csv
import dataclasses
import sys
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from units import Actual, ActualKind, Band, Kind, ParseError, Target, parse_actual, parse_target
from units._actual import default_vocabulary
from units._fast import SYMBOLS, WORDS, fast_actual, fast_target, switched, unit_table
from units._grammar import ORDINAL_UNITS, READ_AS_PERCENT, _read
from units._limits import check_text
from units._words import NO_WORDS, NOT_APPLICABLE, SCALES, YES_WORDS
from weights import load_scheme

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SHARED_CORPUS = Path("/work/shared/corpus")
sys.path.insert(0, str(REPO / "benchmarks"))

from synthetic import synthetic_indicators  # noqa: E402

YEAR = 2024
Case = tuple[str, int | None, str | None]


def strict(found: Any) -> tuple[Any, ...]:
    """A reading as comparable data: every field with its type and exact spelling (Decimal
    95 and 95.0 differ here), or an error's type, text, position and expected."""
    if isinstance(found, ParseError):
        return (type(found).__name__, found.text, found.position, found.expected)
    return tuple((f.name, type(getattr(found, f.name)).__name__, repr(getattr(found, f.name)))
                 for f in dataclasses.fields(found))


def full_target(text: str, year: int | None, indicator: str | None) -> Target | ParseError:
    """The full grammar's reading, as ``parse_target`` gives it with the fast path off."""
    try:
        check_text(text)
        return _read(text, year, indicator)
    except ParseError as exc:
        return exc


def both_actuals(text: str, target: Target, year: int | None,
                 vocabulary: Mapping[str, Band] | None) -> tuple[Any, Any]:
    """``parse_actual`` with the fast path on and off."""
    found = []
    for on in (True, False):
        with switched(on):
            try:
                found.append(strict(parse_actual(text, target, year=year,
                                                 vocabulary=vocabulary)))
            except ParseError as exc:
                found.append(strict(exc))
    return found[0], found[1]


def _tsv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t")


def _csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def target_cases() -> list[Case]:
    """Every 指标值 with its year and indicator: tsv tables, shared corpus, evaluations."""
    cases: list[Case] = []
    for path in sorted(DATA.glob("*.tsv")):
        for row in _tsv(path):
            if "text" in row:
                year = int(row["year"]) if row.get("year") else None
                cases.append((row["text"], year, row.get("indicator") or None))
            elif "target" in row:
                cases.append((row["target"], None, row.get("level3") or None))
    for name in ("target_values.tsv", "selfeval_rows.tsv"):
        if (SHARED_CORPUS / name).exists():
            cases += [(row["target"], YEAR, row.get("level3") or None)
                      for row in _tsv(SHARED_CORPUS / name)]
    for path in sorted((REPO / "evaluations").glob("*/indicators.csv")):
        cases += [(row["target"], YEAR, row["indicator"] or None) for row in _csv(path)]
    return list(dict.fromkeys(cases))


def actual_rows() -> list[tuple[str, str | None, str]]:
    """Every real (指标值, indicator, 实际完成值) of the evaluations and the corpus, and a
    synthetic table's rows."""
    rows: list[tuple[str, str | None, str]] = []
    for path in sorted((REPO / "evaluations").glob("*/indicators.csv")):
        rows += [(r["target"], r["indicator"] or None, r["actual"]) for r in _csv(path)]
    if (SHARED_CORPUS / "selfeval_rows.tsv").exists():
        rows += [(r["target"], r["level3"] or None, r["actual"])
                 for r in _tsv(SHARED_CORPUS / "selfeval_rows.tsv")]
    table = synthetic_indicators(2000, seed=7)
    rows += list(zip(table["target"], table["indicator"], table["actual"], strict=True))
    return list(dict.fromkeys((t.strip(), i, a.strip()) for t, i, a in rows))


def test_fast_path_reads_every_real_target_as_the_full_grammar() -> None:
    cases = target_cases()
    taken = 0
    for text, year, indicator in cases:
        fast = fast_target(text, year, indicator)
        if fast is not None:
            taken += 1
            assert strict(fast) == strict(full_target(text, year, indicator)), text
    assert len(cases) > 1000
    assert taken > len(cases) // 3


def test_fast_path_reads_every_real_actual_as_the_full_grammar() -> None:
    """Each real row's actual against its own target, then each distinct actual the fast
    path recognises against targets of every kind, with and without a vocabulary (a text the
    fast path does not recognise goes straight to the full readings)."""
    rows = actual_rows()
    vocabulary = dict(default_vocabulary())
    taken: dict[str, None] = {}
    for target_text, indicator, text in rows:
        target = full_target(target_text, YEAR, indicator)
        if isinstance(target, Target) and fast_actual(text) is not None:
            taken[text] = None
            fast, full = both_actuals(text, target, YEAR, vocabulary)
            assert fast == full, (text, target)
    assert len(rows) > 2000 and len(taken) > len({row[2] for row in rows}) // 2
    for text in taken:
        for target in _TARGETS:
            for words in (None, vocabulary):
                fast, full = both_actuals(text, target, YEAR, words)
                assert fast == full, (text, target)


def test_the_common_shapes_take_the_fast_path() -> None:
    for text in ("≥95%", "100%", "12.5万元", "≤30万元", "≥2304.9立方米", "≥2304.9 立方米",
                 ">=95%", "＞＝95%", "﹦100%", "不低于20户", "≥3 年", "=1年", "12月31日前完成",
                 "2024年12月31日前"):
        assert fast_target(text, YEAR, "合格率") is not None, text
    for text in ("≥95%", "12.5万元", "150万", "2024年3月12日", "已完成", "是"):
        assert fast_actual(text) is not None, text


def test_the_fast_path_refuses_what_it_is_unsure_of() -> None:
    for text in ("2023.12", "2024年", "≤2024年", "≥2024.5年", "≤10月", "9成", "2级", "100T",
                 "≥10Mbps", " ≥95%", "≥95%。",
                 "95%以上", "约5万元", "12月32日前", "2024年2月30日", "1899年12月31日前",
                 "5 万", "≥1,000元", "≥95%（优）", "12.31前", "12 月31日前"):
        assert fast_target(text, YEAR, None) is None, text
    for text in ("2024年2月30日", "十二月底", "全年", "第三季度", "9成", "≥95%。"):
        assert fast_actual(text) is None or fast_actual(text).may_be_date, text  # type: ignore[union-attr]


def test_the_fast_units_leave_the_special_ones_to_the_full_grammar() -> None:
    table = unit_table(target=True)
    assert "%" in table and table["万元"] == "万元" and table["百分比"] == "%"
    assert not set(table) & (ORDINAL_UNITS | READ_AS_PERCENT | {"T", "月", "月份"})
    assert not [unit for unit in table.values() if "bps" in unit]


# Generated texts of the fast path's shapes.

_UNITS = sorted(unit_table())
_OTHER_UNITS = ["年", "月", "月份", "成", "比例", "级", "等别", "T", "Mbps", "万", "亿", "千",
                "个月", "人次/年", "万元/亩", "元/人·月", "平方 米", "m²", "公斤", "辆次", "架",
                "头牛"]
_COMPARATORS = [*SYMBOLS, *sorted(WORDS), "＞", "≥≥", "=>=", "≤=", "约", "大约", "≥ ", ""]
_INDICATORS = [None, "合格率", "项目成本", "投诉处理率", "故障次数", "减少投诉", "存储容量"]


@st.composite
def numbers(draw: st.DrawFn) -> str:
    whole = str(draw(st.integers(0, 10**draw(st.integers(0, 16)))))
    if draw(st.booleans()):
        whole = "0" * draw(st.integers(0, 2)) + whole
    if draw(st.booleans()):
        return whole
    return f"{whole}.{draw(st.from_regex(r'[0-9]{1,13}', fullmatch=True))}"


@st.composite
def quantities(draw: st.DrawFn) -> str:
    comparator = draw(st.sampled_from(_COMPARATORS)) if draw(st.booleans()) else ""
    names = st.sampled_from(_UNITS + _OTHER_UNITS)
    unit = draw(names) if draw(st.integers(0, 4)) else ""
    if unit and draw(st.booleans()):
        unit += "/" + draw(names)
    space = st.sampled_from(["", "", " ", "  ", "\u3000"])
    return f"{comparator}{draw(space)}{draw(numbers())}{draw(space)}{unit}"


@st.composite
def date_like_quantities(draw: st.DrawFn) -> str:
    """Numbers before 年 or 月, which the grammar may read as a duration or as a date."""
    comparator = draw(st.sampled_from(["", "≥", "≤", "=", "<", "不少于", "不超过", "＝"]))
    number = draw(st.sampled_from(["1", "3", "20", "1.5", "2024", "1999", "20000", "12", "0"])
                  | numbers())
    unit = draw(st.sampled_from(["年", "月", "年/人", "个月", "年度", "年底"]))
    return f"{comparator}{draw(st.sampled_from(['', ' ']))}{number}{unit}"


@st.composite
def deadlines(draw: st.DrawFn) -> str:
    year = f"{draw(st.integers(1890, 2210))}年" if draw(st.booleans()) else ""
    month = f"{draw(st.integers(0, 13))}月"
    day = draw(st.sampled_from(["", "底", "末", "份", "下旬", f"{draw(st.integers(0, 32))}日"]))
    by = draw(st.sampled_from(["", "前", "之前", "以前", "止", "内"]))
    done = draw(st.sampled_from(["", "完成", "完成资金拨付", "。"]))
    return year + month + day + by + done


@settings(max_examples=2000)
@given(quantities() | date_like_quantities() | deadlines(), st.sampled_from(_INDICATORS),
       st.sampled_from([None, YEAR]))
def test_generated_targets_read_the_same_both_ways(text: str, indicator: str | None,
                                                   year: int | None) -> None:
    fast = fast_target(text, year, indicator)
    if fast is not None:
        assert strict(fast) == strict(full_target(text, year, indicator))


def _targets() -> list[Target]:
    texts = [("≥90%", "合格率"), ("100%", "完成率"), ("≤30万元", None), ("≥12.5万元", None),
             ("≥8公顷", None), ("=0起", "事故"), ("0", "投诉"), ("≥2304.9立方米", None),
             ("12月31日前完成", None), ("2024年6月", None), ("是", None), ("否", None),
             ("无安全事故", None), ("优", None), ("一般/较好/很好", None), ("效果明显", None),
             ("<3次/年", "故障次数"), ("≥5个", None), ("10-20人", None), ("100", None)]
    return [parse_target(text, year=YEAR, indicator=indicator) for text, indicator in texts]


_TARGETS = _targets()
_VOCABULARIES: list[Mapping[str, Band] | None] = [
    None,
    load_scheme("national-2020").qualitative.words,
    {"100%": Band.ACHIEVED, "已 完成": Band.ACHIEVED, "是": Band.MISSED, "一般": Band.PARTIAL},
]
_WORDS = sorted({*YES_WORDS, *NO_WORDS, *NOT_APPLICABLE, *(w for s in SCALES for w in s),
                 *default_vocabulary(), "十二月底", "全年", "上半年", "第三季度", "三季度",
                 "年底", "一月", "已經完成", "無", "效果明显", "无安全事故", "尚未"})


@st.composite
def dates(draw: st.DrawFn) -> str:
    day = f"{draw(st.integers(0, 32))}日" if draw(st.booleans()) else ""
    return f"{draw(st.integers(1890, 2210))}年{draw(st.integers(0, 13))}月{day}"


@settings(max_examples=2000)
@given(quantities() | date_like_quantities() | dates() | st.sampled_from(_WORDS)
       | st.text("是否已完成二年月日", max_size=4), st.sampled_from(_TARGETS),
       st.sampled_from(_VOCABULARIES), st.sampled_from([None, YEAR]))
def test_generated_actuals_read_the_same_both_ways(
        text: str, target: Target, vocabulary: Mapping[str, Band] | None,
        year: int | None) -> None:
    fast, full = both_actuals(text, target, year, vocabulary)
    assert fast == full


def test_a_comparator_word_and_a_unit_of_a_period_are_left_to_the_grammar() -> None:
    """不超过10万元/年 may first be tried as a deadline: the fast path does not read it."""
    assert fast_target("不超过10万元/年", YEAR, None) is None
    assert fast_target("≤10万元", YEAR, None) == Target("≤10万元", Kind.AT_MOST, Decimal(10),
                                                        unit="万元")


def test_parse_actual_reads_a_plain_percentage_the_same_with_the_fast_path_on_and_off(
) -> None:
    target = parse_target("≥90%", indicator="合格率")
    for on in (True, False):
        with switched(on):
            assert parse_actual("95%", target) == Actual(
                "95%", ActualKind.NUMBER, value=Decimal(95), unit="%")
            assert parse_actual("0.95", target).flags == ("fraction_as_percent",)
