"""Hypothesis strategies: (target text, actual text) pairs per target kind, and whole tables."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from hypothesis import strategies as st

from units import Kind

#: Units a numeric target is written in, and the indicator name that goes with them.
UNITS: tuple[tuple[str, str], ...] = (
    ("个", "建设数量"),
    ("%", "验收合格率"),
    ("万元", "项目总成本"),
    ("立方米", "清理体积"),
    ("人次", "培训人次"),
    ("", "完成数"),
)


def decimals(low: str = "0.1", high: str = "100000", places: int = 2) -> st.SearchStrategy[Decimal]:
    """Positive decimals with at most ``places`` decimals."""
    return st.decimals(
        min_value=Decimal(low), max_value=Decimal(high), places=places,
        allow_nan=False, allow_infinity=False,
    )


def written(value: Decimal) -> str:
    """A decimal as people write it: no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def actual_near(target: Decimal) -> st.SearchStrategy[Decimal]:
    """Actuals around a target: often exactly on it or on 2t, 1.2t, sometimes far off."""
    return st.one_of(
        st.sampled_from([target, target * 2, target * Decimal("1.2"), target * Decimal("1.3"),
                         target / 2, Decimal(0), -target]),
        decimals("0", written(target * 3 + 1)),
    )


@st.composite
def comparator_pairs(draw: st.DrawFn, symbol: str) -> tuple[str, str, str]:
    """(target, actual, indicator) for a comparator target such as ``≥95 %``."""
    unit, indicator = draw(st.sampled_from(UNITS))
    target = draw(decimals())
    actual = draw(actual_near(target))
    return f"{symbol}{written(target)}{unit}", f"{written(actual)}{unit}", indicator


@st.composite
def bare_pairs(draw: st.DrawFn) -> tuple[str, str, str]:
    """(target, actual, indicator) for a bare value such as ``5 个`` (comparator inferred)."""
    target = draw(st.integers(min_value=1, max_value=500))
    actual = draw(st.integers(min_value=0, max_value=1200))
    return f"{target} 个", f"{actual} 个", "政策性关闭矿山数量"


@st.composite
def range_pairs(draw: st.DrawFn) -> tuple[str, str, str]:
    """(target, actual, indicator) for a range such as ``80%-90%``."""
    low = draw(st.integers(min_value=1, max_value=90))
    high = draw(st.integers(min_value=low, max_value=100))
    actual = draw(st.one_of(st.sampled_from([low, high]), st.integers(0, 200)))
    return f"{low}%-{high}%", f"{actual}%", "覆盖率"


@st.composite
def deadline_pairs(draw: st.DrawFn) -> tuple[str, str, str]:
    """(target, actual, indicator) for a deadline such as ``9月前``, done in 2024 or 2025."""
    month = draw(st.integers(min_value=1, max_value=12))
    done_year = draw(st.sampled_from([2024, 2024, 2025]))
    done_month = draw(st.integers(min_value=1, max_value=12))
    done_day = draw(st.integers(min_value=1, max_value=28))
    actual = draw(
        st.one_of(
            st.just(f"{done_year}年{done_month}月{done_day}日"),
            st.sampled_from(["按时完成", "未完成", "已完成"]),
        )
    )
    return f"{month}月前", actual, "完成时间"


@st.composite
def qualitative_pairs(draw: st.DrawFn) -> tuple[str, str, str]:
    """(target, actual, indicator) for a qualitative target, words or a tier scale."""
    if draw(st.booleans()):
        word = draw(st.sampled_from(["达成年度指标", "部分达成", "未达成", "基本达成", "完成"]))
        return "效果明显", word, "社会效益"
    return "一般/较好/很好", draw(st.sampled_from(["一般", "较好", "很好"])), "满意度"


#: Pairs of the open-vocabulary readings (domain.md §4): yes/no, zero targets, per-period counts,
#: fractions and 元 typed for % and 万元, bands around 0, new measure words, sentences, grades.
open_vocabulary_pairs: st.SearchStrategy[tuple[str, str, str]] = st.sampled_from(
    [
        ("否", "是", "是否发生安全事故"), ("否", "否", "是否发生安全事故"),
        ("无", "未发生", "安全事故"), ("0起", "3起", "信访事件"), ("零事故", "无", "安全事故"),
        ("每月≥1次", "1次", "培训次数"), ("每月≥1次", "6次", "培训次数"),
        ("每月≥1次", "全年12次", "培训次数"), ("≥90%", "0.95", "合格率"),
        ("≤30万元", "300000", "项目资金"), ("±3%以内", "-5%", "计量误差"),
        ("±3%以内", "2%", "计量误差"), ("≥1000粒", "1200粒", "种子数量"),
        ("资金及时到位率为100%", "完成率98%", "资金到位"),
        ("优秀/良好/合格/不合格", "合格", "质量"), ("合格", "良好", "质量"),
        ("15天", "40天", "办结时限"), ("有效提升", "有所提升", "效果"),
        ("12月31日前完成", "按期完成", "完成时间"),
    ]
)

#: One strategy of (target text, actual text, indicator) per target kind.
PAIRS: dict[Kind, st.SearchStrategy[tuple[str, str, str]]] = {
    Kind.AT_LEAST: st.one_of(comparator_pairs("≥"), bare_pairs()),
    Kind.MORE_THAN: comparator_pairs(">"),
    Kind.AT_MOST: comparator_pairs("≤"),
    Kind.LESS_THAN: comparator_pairs("<"),
    Kind.EQUAL: comparator_pairs("="),
    Kind.RANGE: range_pairs(),
    Kind.DEADLINE: deadline_pairs(),
    Kind.QUALITATIVE: qualitative_pairs(),
}

#: Rows that cannot be scored: a placeholder, an empty actual, a unit that does not fit, a
#: number against a deadline.
bad_pairs: st.SearchStrategy[tuple[str, str, str]] = st.sampled_from(
    [("≥**人次", "5 人次", "培训人次"), ("≥5 个", "", "建设数量"), ("≥5 个", "3 公顷", "建设数量"),
     ("9月前", "5", "完成时间")]
)

any_pair: st.SearchStrategy[tuple[str, str, str]] = st.one_of(
    *PAIRS.values(), bad_pairs, open_vocabulary_pairs
)

LEVEL1 = ("产出指标", "效益指标", "满意度指标")


#: The reviewer's cells of a row: mostly empty, sometimes a manual score, a deduction (with or
#: without a reason) or 不适用.
reviews: st.SearchStrategy[dict[str, str]] = st.one_of(
    st.just({}),
    st.just({}),
    st.fixed_dictionaries(
        {
            "manual_score": st.sampled_from(["", "0", "3", "4.555", "6.5", "30"]),
            "adjustment": st.sampled_from(["", "", "1.5", "0.125"]),
            "adjustment_reason": st.sampled_from(["", "复核调整"]),
            "applicable": st.sampled_from(["", "", "否"]),
        }
    ),
)


@st.composite
def tables(
    draw: st.DrawFn, *, with_weights: bool = False, with_reviews: bool = False
) -> pd.DataFrame:
    """An indicator table of 1–3 projects with random rows of every kind."""
    rows = []
    for project in range(draw(st.integers(min_value=1, max_value=3))):
        for seq in range(draw(st.integers(min_value=1, max_value=8))):
            target, actual, indicator = draw(any_pair)
            weight = str(draw(st.integers(1, 20))) if with_weights else ""
            review = draw(reviews) if with_reviews else {}
            rows.append(
                {
                    "project_id": f"P{project}",
                    "seq": str(seq + 1),
                    "level1": draw(st.sampled_from(LEVEL1)),
                    "level2": draw(st.sampled_from(["数量指标", "质量指标", "时效指标"])),
                    "indicator": indicator,
                    "target": target,
                    "actual": actual,
                    "weight": weight,
                    **review,
                }
            )
    frame = pd.DataFrame(rows)
    return frame.fillna("") if len(frame) else frame
