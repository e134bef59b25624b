"""The official 项目支出绩效自评表 layout: labels, header synonyms and the written column order."""

from __future__ import annotations

#: Title printed above each project's table.
TITLE = "项目支出绩效自评表"
SUMMARY_SHEET = "汇总"
INSTRUCTIONS_SHEET = "说明"

#: Workbook custom properties written by this package.
PROP_KIND = "jixiao.kind"
PROP_TITLE = "jixiao.title"
PROP_SCHEME = "jixiao.scheme"
PROP_YEAR = "jixiao.year"
KIND_RESULT = "result"
KIND_TEMPLATE = "template"

#: Labels of the header block; each is followed by its value further right.
LABEL_PROJECT = "项目名称"
LABEL_PROJECT_ID = "项目编码"
LABEL_DEPARTMENT = "主管部门"
LABEL_UNIT = "实施单位"
LABEL_SCHEDULE = "计划支出进度(%)"
LABEL_FUNDS = "项目资金(万元)"
LABEL_FUNDS_TOTAL = "年度资金总额"
LABEL_GOAL = "年度总体目标"
LABEL_GOAL_PLANNED = "预期目标"
LABEL_GOAL_ACTUAL = "实际完成情况"
LABEL_INDICATORS = "绩效指标"
LABEL_TOTAL = "总分"

HEADER_LABELS: frozenset[str] = frozenset(
    {LABEL_PROJECT, LABEL_PROJECT_ID, LABEL_DEPARTMENT, LABEL_UNIT, "计划支出进度", "项目资金",
     LABEL_GOAL, LABEL_GOAL_PLANNED, LABEL_GOAL_ACTUAL}
)
TOTAL_LABELS: frozenset[str] = frozenset({"总分", "合计", "总计", "总得分", "自评总分"})

#: Funding block: field → header texts that name it (matched on header_key).
FUNDS_HEADERS: dict[str, tuple[str, ...]] = {
    "budget_initial": ("年初预算数", "年初预算", "年初预算安排"),
    "budget": ("全年预算数", "全年预算", "调整后预算数", "预算数", "年度预算数"),
    "spent": ("全年执行数", "执行数", "实际执行数", "全年实际执行数", "资金使用合计"),
    "exec_weight": ("分值", "权重"),
    "exec_rate": ("执行率", "预算执行率"),
    "exec_score": ("得分",),
}

#: Indicator table: field → header texts that name it. ``note`` also matches any 偏差原因… text.
INDICATOR_HEADERS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "indicator": ("三级指标", "指标名称"),
    "nature": ("指标性质",),
    "target": ("年度指标值", "指标值", "年初指标值", "预期指标值", "目标值"),
    "measure": ("度量单位", "计量单位"),
    "actual": ("实际完成值", "全年实际值", "完成值", "年终完成值", "实际值"),
    "weight": ("分值", "权重", "参考分值"),
    "score": ("得分", "自评分", "自评得分"),
    "note": ("偏差原因分析及改进措施", "偏差原因", "偏差原因分析"),
    "flags": ("备注",),
    "adjustment": ("扣分",),
    "adjustment_reason": ("扣分理由",),
    "manual_score": ("人工评分",),
    "not_applicable": ("不适用",),
    "seq": ("序号",),
    "weight_given": ("原分值",),
    "basis": ("指标值确定依据",),
}
NOTE_PREFIX = "偏差原因"

#: Columns of a written project sheet, left to right: (field, header, width).
#: Column A holds the block labels (项目资金, 绩效指标); the hidden columns carry what a
#: round trip needs and the official form has no place for.
WRITTEN_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("label", "", 12),
    ("level1", "一级指标", 12),
    ("level2", "二级指标", 12),
    ("indicator", "三级指标", 24),
    ("target", "年度指标值", 16),
    ("actual", "实际完成值", 16),
    ("weight", "分值", 9),
    ("score", "得分", 9),
    ("note", "偏差原因分析及改进措施", 30),
    ("adjustment", "扣分", 8),
    ("adjustment_reason", "扣分理由", 20),
    ("not_applicable", "不适用", 8),
    ("flags", "备注", 30),
    ("manual_score", "人工评分", 9),
    ("seq", "序号", 6),
    ("weight_given", "原分值", 8),
    ("basis", "指标值确定依据", 20),
)
HIDDEN_FIELDS: frozenset[str] = frozenset({"manual_score", "seq", "weight_given", "basis"})
LAST_VISIBLE = max(i for i, (f, _, _) in enumerate(WRITTEN_COLUMNS, 1) if f not in HIDDEN_FIELDS)


def column_of(field_name: str) -> int:
    """The 1-based column of a written field."""
    for index, (name, _, _) in enumerate(WRITTEN_COLUMNS, 1):
        if name == field_name:
            return index
    raise KeyError(field_name)


#: Funding block columns of a written sheet (under the indicator columns B..H).
FUNDS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("budget_initial", "年初预算数"),
    ("budget", "全年预算数"),
    ("spent", "全年执行数"),
    ("exec_weight", "分值"),
    ("exec_rate", "执行率"),
    ("exec_score", "得分"),
)

#: The three qualitative answers of the national form, best first.
QUALITATIVE_ANSWERS: tuple[str, ...] = (
    "达成年度指标",
    "部分达成年度指标并具有一定效果",
    "未达成年度指标且效果较差",
)
YES_NO: tuple[str, ...] = ("是", "否")
NOT_APPLICABLE_WORDS: frozenset[str] = frozenset({"false", "否", "不适用", "no", "0", "n", "f"})
APPLICABLE_WORDS: frozenset[str] = frozenset({"true", "是", "适用", "yes", "1", "y", "t"})
