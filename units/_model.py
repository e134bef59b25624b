"""Frozen value objects produced by the target and actual grammars."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

#: An exact number: a Decimal as written, or a Fraction where a unit conversion does not end
#: as a decimal (101 亩 in 公顷 = 101/15 = 6.7333…). Never cut to a precision.
Exact = Decimal | Fraction


class Kind(StrEnum):
    """How a target is met; one scoring rule per kind (domain.md §5)."""

    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    LESS_THAN = "less_than"
    EQUAL = "equal"
    RANGE = "range"
    DEADLINE = "deadline"
    QUALITATIVE = "qualitative"
    UNSCORABLE = "unscorable"


def as_decimal(value: Exact) -> Decimal:
    """``value`` as a Decimal for display: exact when it ends, else to 28 significant digits
    (the exact value stays in the object)."""
    return value if isinstance(value, Decimal) else Decimal(value.numerator) / value.denominator


def shown(value: Exact | None) -> str:
    """A value as text: ``2304.9``, ``6.733333333333333333333333333`` for 101/15."""
    return "None" if value is None else str(as_decimal(value))


#: The symbol each comparator kind is written with when a target is formatted.
SYMBOLS: dict[Kind, str] = {
    Kind.AT_LEAST: "≥",
    Kind.MORE_THAN: ">",
    Kind.AT_MOST: "≤",
    Kind.LESS_THAN: "<",
    Kind.EQUAL: "=",
}


class Band(StrEnum):
    """The three qualitative bands of domain.md §5."""

    ACHIEVED = "达成"
    PARTIAL = "部分达成"
    MISSED = "未达成"


class ActualKind(StrEnum):
    """What an 实际完成值 turned out to be."""

    NUMBER = "number"
    DATE = "date"
    BAND = "band"
    TIER = "tier"
    NOT_APPLICABLE = "not_applicable"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class Deadline:
    """A due date; ``year`` is None when the text names none and no year was given."""

    month: int
    day: int | None = None
    year: int | None = None

    def isoformat(self) -> str:
        """``2024-12-31``, or ``--12-31`` without a year (ISO 8601 recurring date)."""
        day = self.day if self.day is not None else self.last_day(self.year)
        if self.year is None:
            return f"--{self.month:02d}-{day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{day:02d}"

    def last_day(self, year: int | None) -> int:
        """Last day of the month (a leap year when the year is unknown)."""
        return calendar.monthrange(year if year is not None else 2024, self.month)[1]

    def on(self, year: int | None = None) -> dt.date:
        """The due date, taking ``year`` when the deadline has none."""
        chosen = self.year if self.year is not None else year
        if chosen is None:
            raise ValueError(f"deadline {self.isoformat()} has no year and none was given")
        day = self.day if self.day is not None else self.last_day(chosen)
        return dt.date(chosen, self.month, day)


@dataclass(frozen=True, slots=True)
class Target:
    """A parsed 指标值: the raw text and what it asks for.

    ``value`` (and ``upper`` for a range) are exact numbers (``Exact``) expressed in ``unit``,
    a unit string that ``units.ureg.parse_units`` accepts (``""`` for a bare number).
    """

    text: str
    kind: Kind
    value: Exact | None = None
    upper: Exact | None = None
    unit: str = ""
    deadline: Deadline | None = None
    scale: tuple[str, ...] = ()
    inferred: bool = False
    flags: tuple[str, ...] = field(default=())

    @property
    def symbol(self) -> str:
        """The comparator symbol, or ``""`` for kinds without one."""
        return SYMBOLS.get(self.kind, "")

    def __repr__(self) -> str:
        return f"<Target {self.kind.value} {self.describe()}>"

    def describe(self) -> str:
        """A short human reading such as ``≥ 2304.9 立方米``."""
        unit = f" {self.unit}" if self.unit else ""
        if self.kind in SYMBOLS:
            return f"{self.symbol} {shown(self.value)}{unit}"
        if self.kind is Kind.RANGE:
            return f"{shown(self.value)}–{shown(self.upper)}{unit}"
        if self.kind is Kind.DEADLINE and self.deadline is not None:
            return f"by {self.deadline.isoformat()}"
        if self.kind is Kind.QUALITATIVE and self.scale:
            return "/".join(self.scale)
        return repr(self.text)


@dataclass(frozen=True, slots=True)
class Actual:
    """A parsed 实际完成值, with numbers already converted exactly into the target's unit
    (``value`` is a Fraction when the conversion does not end as a decimal)."""

    text: str
    kind: ActualKind
    value: Exact | None = None
    unit: str = ""
    date: dt.date | None = None
    band: Band | None = None
    tier: int | None = None
    comparator: Kind | None = None
    flags: tuple[str, ...] = field(default=())

    def __repr__(self) -> str:
        text = {
            ActualKind.NUMBER: f"{shown(self.value)} {self.unit}".rstrip(),
            ActualKind.DATE: str(self.date),
            ActualKind.BAND: str(self.band),
            ActualKind.TIER: f"tier {self.tier}",
        }.get(self.kind, self.kind.value)
        return f"<Actual {self.kind.value} {text}>"
