"""The words of the grammar: comparators, harmless trailing words, scales and vocabularies."""

from __future__ import annotations

from units._model import Kind

#: Comparators written before the number (symbols after normalisation, then words).
PRE_COMPARATORS: dict[str, Kind] = {
    "≥": Kind.AT_LEAST,
    ">": Kind.MORE_THAN,
    "≤": Kind.AT_MOST,
    "<": Kind.LESS_THAN,
    "=": Kind.EQUAL,
    "大于等于": Kind.AT_LEAST,
    "大于或等于": Kind.AT_LEAST,
    "不小于": Kind.AT_LEAST,
    "不低于": Kind.AT_LEAST,
    "不少于": Kind.AT_LEAST,
    "不得低于": Kind.AT_LEAST,
    "不得少于": Kind.AT_LEAST,
    "至少": Kind.AT_LEAST,
    "最少": Kind.AT_LEAST,
    "最低": Kind.AT_LEAST,
    "达到": Kind.AT_LEAST,
    "大于": Kind.MORE_THAN,
    "多于": Kind.MORE_THAN,
    "高于": Kind.MORE_THAN,
    "超过": Kind.MORE_THAN,
    "超出": Kind.MORE_THAN,
    "小于等于": Kind.AT_MOST,
    "小于或等于": Kind.AT_MOST,
    "不大于": Kind.AT_MOST,
    "不超过": Kind.AT_MOST,
    "不高于": Kind.AT_MOST,
    "不多于": Kind.AT_MOST,
    "不得超过": Kind.AT_MOST,
    "不得高于": Kind.AT_MOST,
    "不超": Kind.AT_MOST,
    "最多": Kind.AT_MOST,
    "至多": Kind.AT_MOST,
    "最高": Kind.AT_MOST,
    "控制在": Kind.AT_MOST,
    "小于": Kind.LESS_THAN,
    "少于": Kind.LESS_THAN,
    "低于": Kind.LESS_THAN,
    "不足": Kind.LESS_THAN,
    "等于": Kind.EQUAL,
}

#: Comparators written after the quantity; None marks an approximation (左右).
POST_COMPARATORS: dict[str, Kind | None] = {
    "(含)以上": Kind.AT_LEAST,
    "及以上": Kind.AT_LEAST,
    "或以上": Kind.AT_LEAST,
    "以上": Kind.AT_LEAST,
    "(含)以下": Kind.AT_MOST,
    "及以下": Kind.AT_MOST,
    "或以下": Kind.AT_MOST,
    "以下": Kind.AT_MOST,
    "以内": Kind.AT_MOST,
    "之内": Kind.AT_MOST,
    "内": Kind.AT_MOST,
    "左右": None,
}

#: Words before a number that make it approximate.
APPROXIMATIONS: tuple[str, ...] = ("大约", "约为", "约", "近")

#: Harmless words after a target, kept as ``trailing:<word>`` flags.
TRAILING_WORDS: tuple[str, ...] = (
    "全部完成", "完成", "全覆盖", "覆盖", "达标", "到位", "完工", "办结", ".", "。", ";", ",",
)

#: Words after a deadline's date meaning "by then".
DEADLINE_POST: tuple[str, ...] = ("之前", "以前", "为止", "前", "止", "内")

#: Words before a deadline's date.
DEADLINE_PRE: tuple[str, ...] = ("≤", "<", "=", "不晚于", "截止到", "截至", "截止", "于", "在")

#: Counting words that, after a leading number, only label things (第1-6期): not a quantity.
LABEL_UNITS: tuple[str, ...] = ("期", "届", "批", "号")

#: Parts of an indicator name that mean lower is better: a bare value is then at_most.
#: This is the one list of such words (docs/domain.md §4 lists it too); lint reads it as well.
LOWER_IS_BETTER: tuple[str, ...] = (
    "成本", "费用", "单价", "造价", "发生率", "发生数", "发生面积", "发生起数", "事故", "投诉",
    "信访", "案件", "超支", "损失", "故障", "受害率", "成灾", "差错", "违规", "违纪", "死亡率",
    "死亡人数", "变质", "逾期", "失误", "误差", "偏差", "返工", "退货", "能耗", "排放量",
    "时限", "工期", "周期", "响应时间", "办理时间", "等待时间", "用时", "耗时", "不合格率",
    "失业率", "辍学率", "流失率", "空置率", "漏报率", "误报率", "差错率", "复发率", "返贫",
    "发病率", "感染率", "超标", "拖欠", "积压", "漏损率", "损耗率", "漏损",
)

#: Heads of an indicator name that mean higher is better even after a lower-is-better word
#: (投诉处理率, 信访案件办结率, 成本节约率). The head of a Chinese noun phrase is its end, so
#: of the words found, the one that ends last decides (the longer one on a tie: 不合格率
#: beats 合格率).
HIGHER_IS_BETTER: tuple[str, ...] = (
    "处理率", "处置率", "办结率", "化解率", "结案率", "回复率", "答复率", "受理率", "解决率",
    "查处率", "破案率", "调处率", "节约率", "下降率", "降低率", "减少率", "降幅", "完成率",
    "及时率", "合格率", "达标率", "满意度", "满意率", "覆盖率", "到位率", "知晓率", "整改率",
    "消除率", "响应率", "处结率", "履约率", "下降", "减少", "降低", "减幅",
)

#: Verbs that turn a lower-is-better noun after them into something to achieve (挽回经济损失,
#: 减少投诉, 降低成本, 节约费用): the indicator is then higher-is-better.
REDUCING_VERBS: tuple[str, ...] = (
    "挽回", "避免", "减少", "降低", "节约", "节省", "压减", "压缩", "减轻", "减免",
)

#: Grade scales, each tier listed lowest first. A single tier word names the first scale listed
#: that it belongs to: 合格 → 不合格/合格/良好/优秀, 优 → 差/中/良/优.
SCALES: tuple[tuple[str, ...], ...] = (
    ("一般", "较好", "很好"),
    ("差", "中", "良", "优"),
    ("不合格", "合格", "良好", "优秀"),
    ("差", "低", "中", "良", "优"),
    ("不合格", "合格"),
    ("一般", "较好", "好"),
    ("低", "中", "高"),
    ("不满意", "基本满意", "满意"),
    # 水利/建设 工程质量等级 (SL 176): 优良 is above 合格.
    ("不合格", "合格", "优良"),
    # Effects written best first on many tables: 显著/较显著/一般.
    ("一般", "较显著", "显著"),
)

#: Answers that say yes / no. An actual of one of them against a target that is one of them is
#: judged by the target's own polarity (是否发生安全事故: 否 / 是 → 未达成).
YES_WORDS: frozenset[str] = frozenset({"是", "有", "已发生", "发生", "存在"})
NO_WORDS: frozenset[str] = frozenset({"否", "无", "没有", "未发生", "不存在", "零", "未出现"})

#: Punctuation a text may end with that is no part of its word (已完成。).
TRAILING_PUNCTUATION = ".。;,"


def bare_word(body: str) -> str:
    """A normalised text without trailing punctuation: what is looked up as a word."""
    return body.rstrip(TRAILING_PUNCTUATION).strip()


#: Actual texts that mean the indicator does not apply.
NOT_APPLICABLE: frozenset[str] = frozenset({"不适用", "N/A", "n/a", "NA", "不涉及"})
