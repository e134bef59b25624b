"""Cell values of the result tables as numbers and as display text."""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

from scoring.engine.rounding import round_half_up
from scoring.model.codes import FLAGS, KINDS, PROBLEM_CODES, STATUSES

#: Placeholder shown for an empty cell.
EMPTY = ""

#: Display names of the target kinds (units.Kind values), from the one table in ``_codes``.
KIND_LABELS: dict[str, str] = {str(kind): label.zh for kind, label in KINDS.items()}

#: Display names of the severities and statuses.
SEVERITY_LABELS: dict[str, str] = {str(status): label.zh for status, label in STATUSES.items()}

#: Display names of the flags a scored row can carry and of the problem codes; parser flags
#: not listed here are shown by their cell (``flag_label``).
FLAG_LABELS: dict[str, str] = {
    **{str(code): label.zh for code, label in PROBLEM_CODES.items()},
    **{str(flag): info.zh for flag, info in FLAGS.items()},
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
    return f"{round_half_up(number, 2)}%"


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
