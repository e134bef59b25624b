"""``format_target``: a Target written back as text.

``format_target``: a Target written back as text that ``parse_target`` reads to the same
Target (apart from ``text``). An inferred comparator is written as a bare value, so it must be
read back with the same ``indicator``.
"""

from __future__ import annotations

from units._model import SYMBOLS, Deadline, Exact, Kind, Target, as_decimal


def _number(value: Exact | None) -> str:
    if value is None:
        raise ValueError("a numeric target needs a value")
    return format(as_decimal(value), "f")


def _unit(unit: str) -> str:
    return unit[1:] if unit.startswith("1/") else unit


def _flag_values(target: Target, prefix: str) -> list[str]:
    return [flag[len(prefix) :] for flag in target.flags if flag.startswith(prefix)]


def _trailing(target: Target) -> str:
    return "".join(_flag_values(target, "trailing:"))


def _date(deadline: Deadline, recurring: bool, period: bool) -> str:
    year = f"{deadline.year}年" if deadline.year is not None else ""
    day = f"{deadline.day}日" if deadline.day is not None else "底"
    end = f"{year}{deadline.month}月{day}"
    if period:
        start = f"{year}1月1日" if deadline.day is not None else f"{year}1月"
        return f"{start}至{end}"
    return ("每年" if recurring else "") + end + "前"


def format_target(target: Target) -> str:
    """Text that parse_target reads back to ``target`` (same ``indicator`` for inferred ones)."""
    kind = target.kind
    if any(flag == "number_in_prose" or flag.startswith("zero:") for flag in target.flags):
        return target.text
    if kind in SYMBOLS:
        subject = "".join(_flag_values(target, "subject:"))
        approximate = "约" if "approximate" in target.flags else ""
        if "ordinal_grade" in target.flags:
            # An ordinal grade (1 is best): bare is "that grade or better", 以下 the reverse.
            worse = "以下" if kind is Kind.AT_LEAST else ""
            return f"{_number(target.value)}{_unit(target.unit)}{worse}{_trailing(target)}"
        symbol = "" if target.inferred else SYMBOLS[kind]
        return (f"{subject}{symbol}{approximate}{_number(target.value)}{_unit(target.unit)}"
                f"{_trailing(target)}")
    if kind is Kind.RANGE:
        unit = _unit(target.unit)
        if "plus_minus" in target.flags:
            # ±3% is the range −3 … 3 around 0, written back as it was.
            return f"±{_number(target.upper)}{unit}{_trailing(target)}"
        # The unit once, after the upper bound: `1月~1月` would read as a period of months.
        approximate = "约" if "approximate" in target.flags else ""
        return (f"{approximate}{_number(target.value)}~{_number(target.upper)}{unit}"
                f"{_trailing(target)}")
    if kind is Kind.DEADLINE and target.deadline is not None:
        text = _date(target.deadline, "recurring" in target.flags, "period" in target.flags)
        return text + _trailing(target)
    if kind is Kind.QUALITATIVE and target.scale:
        if target.value is not None:
            return target.scale[int(target.value)]
        return "/".join(target.scale)
    return target.text
