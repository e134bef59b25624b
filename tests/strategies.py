"""Hypothesis strategies: (target text, actual text) pairs per target kind, and whole tables."""

from __future__ import annotations

import pandas as pd
from hypothesis import strategies as st

from scoring.engine.kinds import KINDS
from units import Kind

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

#: One strategy of (target text, actual text, indicator) per target kind: the kind's own, from
#: its module in the registry.
PAIRS: dict[Kind, st.SearchStrategy[tuple[str, str, str]]] = {
    kind: spec.pairs() for kind, spec in KINDS.items() if spec.pairs is not None
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
