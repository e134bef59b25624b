"""The words of the grammar: comparators, harmless trailing words, scales and vocabularies."""

from __future__ import annotations

from types import MappingProxyType

from units._model import Band, Kind

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

#: Parts of an indicator name that mean lower is better (a bare value is then at_most).
LOWER_IS_BETTER: tuple[str, ...] = (
    "成本", "费用", "单价", "发生率", "发生数", "发生面积", "发生", "事故", "投诉", "超支",
    "损失", "故障", "受害率", "成灾", "差错", "违规", "违纪", "死亡率", "死亡人数", "变质",
    "逾期", "失误", "误差", "返工", "退货", "能耗", "排放量",
)

#: Grade scales, each tier listed lowest first.
SCALES: tuple[tuple[str, ...], ...] = (
    ("一般", "较好", "很好"),
    ("差", "中", "良", "优"),
    ("差", "低", "中", "良", "优"),
)

#: The national qualitative vocabulary (domain.md §5): actual words → band.
NATIONAL_VOCABULARY: MappingProxyType[str, Band] = MappingProxyType({
    **dict.fromkeys(
        ("达成年度指标", "达成预期指标", "达到预期目的", "达到预期", "达成", "已完成", "完成",
         "按时完成", "全部完成", "已达成", "达标", "已达标", "通过", "是", "合格", "很好", "好",
         "优", "优秀"),
        Band.ACHIEVED,
    ),
    **dict.fromkeys(
        ("部分达成年度指标并具有一定效果", "部分达成", "部分完成", "基本达成", "基本完成",
         "较好", "良", "一般"),
        Band.PARTIAL,
    ),
    **dict.fromkeys(
        ("未达成年度指标且效果较差", "未达成", "未完成", "未达标", "否", "差", "不合格",
         "未通过"),
        Band.MISSED,
    ),
})

#: Actual texts that mean the indicator does not apply.
NOT_APPLICABLE: frozenset[str] = frozenset({"不适用", "N/A", "n/a", "NA", "不涉及"})
