"""Cell values of the result tables as numbers and as display text."""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pandas as pd

#: Placeholder shown for an empty cell.
EMPTY = ""

#: Display names of the target kinds (units.Kind values).
KIND_LABELS: dict[str, str] = {
    "at_least": "不低于（≥）",
    "more_than": "大于（>）",
    "at_most": "不高于（≤）",
    "less_than": "低于（<）",
    "equal": "等于（=）",
    "range": "区间",
    "deadline": "时限",
    "qualitative": "定性",
    "unscorable": "无法自动计分",
}

#: Display names of the severities and statuses.
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "ok": "正常"}

#: Display names of the flags a scored row can carry (scoring._kinds, plus the input and
#: weight flags); unknown flags are shown as written.
FLAG_LABELS: dict[str, str] = {
    "not_applicable": "不适用：不计分，其余指标得分按比例折算",
    "comparator_inferred": "指标值未写比较方向，已推定",
    "declared_points": "一级分值按表中所列分值计",
    "level1_inferred": "一级指标空缺或仅有分值，已按二级指标推定",
    "unknown_level1": "一级指标不在评分方案中（或未列），按所列分值单独小计",
    "rubric_score": "评价人评分（评分标准类指标）",
    "rubric_deduction_unexplained": "评价人扣分，未填写扣分原因",
    "over_completion": "实际值远超指标值，请复核指标值是否偏低",
    "over_completion_deduction": "超额完成，已按方案调减",
    "negative_actual": "实际值为负，按 0 计",
    "at_strict_bound": "实际值等于严格比较的界值",
    "not_equal": "实际值与要求值不等",
    "late": "逾期完成",
    "below_required_tier": "实际等级低于要求等级",
    "manual_score": "采用人工评分",
    "adjustment": "人工调减",
    "no_auto_score": "无法自动计分，采用人工评分",
    "input_error": "输入有误，未计分",
    "weights_inconsistent": "分值合计与评分方案不符",
    "target:approximate": "指标值为约数（约/左右）",
    "actual:comparator_in_actual": "实际完成值写成界值（≥/≤），按该值计分，请核实",
    "actual:per_period_assumed": "指标值按期（每月/每周等）计，实际完成值只写了数量，已按同期"
    "数量计分，请核实是否为全年数",
    "actual:per_period:年": "实际完成值按年计",
    "actual:fraction_as_percent": "实际完成值疑为小数（如 0.95），已按百分数（95%）计分，请核实",
    "actual:base_unit_assumed": "实际完成值比指标值大万倍左右，已按基本单位（元）换算，请核实",
    "actual:yes_no": "是/否按指标值本身的是/否判断",
    "actual:none_as_zero": "实际完成值“无/未发生”按 0 计",
    "target:unit_new": "指标值的计量单位不在单位表中，已作为独立计数单位，请核实",
    "actual:unit_new": "实际完成值的计量单位不在单位表中，已作为独立计数单位，请核实",
    "target:number_in_prose": "指标值为一句话，已读取其中唯一的数值，请核实",
    "actual:number_in_prose": "实际完成值为一句话，已读取其中唯一的数值，请核实",
    "target:plus_minus": "指标值为“±”范围，已按上下限计分，请核实基准",
    "target:bandwidth_assumed": "带宽单位 M/Mbps 按兆比特每秒计，请核实",
    "actual:bandwidth_assumed": "带宽单位 M/Mbps 按兆比特每秒计，请核实",
    "target:ordinal_grade": "等级序数（1 级最好），数值越小越好",
    "target:fraction_as_percent": "指标值疑为小数（如 0.97），已按百分数（97%）读取，请核实",
    "year_from_actual": "未给出评价年度，时限按实际完成日期所在年份计",
    "error_row": "未能自动计分",
    "execution_reason": "执行率低于 90%，须说明原因",
}

#: What the parsers noticed in a cell, as flag prefixes, and the cell's display name.
FLAG_PREFIXES: dict[str, str] = {"target:": "指标值", "actual:": "实际完成值"}

#: Display names of the input columns a problem can point at.
COLUMN_LABELS: dict[str, str] = {
    "project_id": "项目编码",
    "project": "项目名称",
    "unit": "实施单位",
    "year": "年度",
    "budget_initial": "年初预算数",
    "budget": "全年预算数",
    "spent": "全年执行数",
    "schedule": "用款计划",
    "goal": "绩效目标",
    "seq": "序号",
    "level1": "一级指标",
    "level2": "二级指标",
    "indicator": "三级指标",
    "target": "指标值",
    "actual": "实际完成值",
    "weight": "分值",
    "basis": "评分依据",
    "note": "偏差原因分析",
    "adjustment": "调减分值",
    "adjustment_reason": "调减原因",
    "manual_score": "人工评分",
    "applicable": "是否适用",
    "execution_reason": "执行率偏低原因",
}

_SCHEDULE_SEPARATORS = re.compile(r"[,，、;；/\s]+")


def is_missing(value: Any) -> bool:
    """Whether a cell is empty: None, NA, NaN or blank text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, Decimal):
        return value.is_nan()
    if isinstance(value, str):
        return not value.strip()
    return False


def as_decimal(value: Any) -> Decimal | None:
    """A number cell as an exact Decimal; None when empty or not a number."""
    if is_missing(value) or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return Decimal(repr(number)) if math.isfinite(number) else None
    if isinstance(value, str):
        try:
            number_text = Decimal(value.strip().rstrip("%％"))
        except InvalidOperation:
            return None
        return number_text if number_text.is_finite() else None
    return None


def as_float(value: Any) -> float | None:
    """A number cell as a float for plotting; None when empty or not a number."""
    number = as_decimal(value)
    return None if number is None else float(number)


def number_text(value: Any) -> str:
    """A cell as text: Decimals keep their places, floats print without binary noise."""
    if is_missing(value):
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    number = as_decimal(value) if isinstance(value, numbers.Number) else None
    if number is not None:
        return format(number, "f")
    return str(value).strip()


def count_text(value: Any) -> str:
    """A count or row number as a whole number (a float ``2.0`` read from a table shows ``2``)."""
    number = as_decimal(value)
    if number is not None and number == number.to_integral_value():
        return str(int(number))
    return number_text(value)


def flag_codes(value: Any) -> tuple[str, ...]:
    """The flags of a ``flags`` cell (``a;b`` text or a collection of codes), without repeats."""
    if is_missing(value):
        return ()
    if isinstance(value, str):
        items: Iterable[Any] = value.split(";")
    elif isinstance(value, Iterable):
        items = value
    else:
        items = [value]
    codes = (str(item).strip() for item in items if not is_missing(item))
    return tuple(dict.fromkeys(code for code in codes if code))


def flag_label(code: str) -> str:
    """The display name of a flag; a parser flag (``actual:converted_from:亩``) names its cell;
    any other unknown flag as written."""
    if code in FLAG_LABELS:
        return FLAG_LABELS[code]
    for prefix, cell in FLAG_PREFIXES.items():
        if code.startswith(prefix):
            detail = code.removeprefix(prefix)
            if detail.startswith("converted_from:"):
                return f"{cell}由 {detail.removeprefix('converted_from:')} 换算"
            return f"{cell}：{detail}"
    return code


def flags_explained(value: Any) -> str:
    """A flags cell as ``说明（code）`` items joined by ``；``: the Chinese explanation of each
    flag followed by its code (a flag without an explanation as written)."""
    parts = []
    for code in flag_codes(value):
        label = flag_label(code)
        parts.append(code if label == code else f"{label}（{code}）")
    return "；".join(parts)


def column_label(column: str) -> str:
    """The display name of an input column, empty when it has none."""
    return COLUMN_LABELS.get(column, "")


def percent_text(value: Any, *, share: bool) -> str:
    """A percentage to 2 places (half-up); ``share`` means the cell holds 0..1, not 0..100."""
    number = as_decimal(value)
    if number is None:
        return number_text(value)
    if share:
        number *= 100
    return f"{number.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def kind_label(value: Any) -> str:
    """The display name of a target kind; unknown kinds as written, empty as 未识别."""
    if is_missing(value):
        return "未识别"
    return KIND_LABELS.get(str(value), str(value))


def list_text(value: Any) -> str:
    """A flags cell (text or a collection of codes) as one line of text."""
    if is_missing(value):
        return EMPTY
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Iterable):
        return "、".join(str(item) for item in value if not is_missing(item))
    return str(value)


def parse_schedule(value: Any) -> tuple[Decimal, ...] | None:
    """The planned cumulative spending percentages of a ``schedule`` cell (``25,50,75,100``).

    None when the cell is empty or any part is not a number.
    """
    if is_missing(value):
        return None
    parts = [part for part in _SCHEDULE_SEPARATORS.split(str(value).strip()) if part]
    numbers_found = [as_decimal(part) for part in parts]
    if not numbers_found or any(number is None for number in numbers_found):
        return None
    return tuple(number for number in numbers_found if number is not None)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, marked with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
