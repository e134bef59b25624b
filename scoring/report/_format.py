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
