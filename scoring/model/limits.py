"""Limits on input cells, checked before any work, each with a message saying what to write.

A number cell may use a comma only to group thousands (``1,099.00``; ``1,5`` is refused,
never read as 15), may hold at most ``MAX_NUMBER_DIGITS`` digits and must stay below
``MAX_AMOUNT`` (no budget or weight is that large). A weight is a number of points: above 0 and
never more than ``MAX_WEIGHT``. A text cell holds at most ``MAX_CELL_CHARS`` characters.
"""

from __future__ import annotations

import re
from decimal import Decimal

#: The longest text cell read (a 指标值 or a reason is a sentence or two).
MAX_CELL_CHARS = 10_000
#: The most digits a number cell may hold.
MAX_NUMBER_DIGITS = 30
#: Every number cell is below this (10¹⁵: a thousand trillion 元).
MAX_AMOUNT = Decimal("1e15")
#: No weight is above the 100 points of the whole table.
MAX_WEIGHT = Decimal(100)
#: Characters of a cell quoted in a message.
SHOWN_CHARS = 60

_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_DIGITS = re.compile(r"\d")


def shown(value: object) -> str:
    """``repr(value)`` cut to ``SHOWN_CHARS`` characters (a 5000-digit cell is not echoed)."""
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def without_grouping(text: str) -> str:
    """``text`` without its thousands separators; ValueError when a comma is not one
    (``1,5`` asks for ``1.5``)."""
    if "," not in text:
        return text
    if not _GROUPED.fullmatch(text):
        raise ValueError(f"a comma only groups thousands (1,099.00); write a decimal point, "
                         f"e.g. {shown(text.replace(',', '.'))}, got {shown(text)}")
    return text.replace(",", "")


def check_digits(text: str) -> None:
    """ValueError when a number text holds more than ``MAX_NUMBER_DIGITS`` digits."""
    count = len(_DIGITS.findall(text))
    if count > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number of at most {MAX_NUMBER_DIGITS} digits is expected, "
                         f"got {count:,} digits")


def check_magnitude(number: Decimal, text: object) -> None:
    """ValueError when ``number`` is ``MAX_AMOUNT`` or more in size."""
    if abs(number) >= MAX_AMOUNT:
        raise ValueError(f"a number below {MAX_AMOUNT:,.0f} is expected, got {shown(text)}")


def weight_problem(weight: Decimal) -> str:
    """What is wrong with a given weight; ``""`` when nothing.

    A weight above its pool's points but within the table's 100 is left to the pool-sum
    check (published tables do give a 一级 more points than the scheme, and are warned).
    """
    if weight <= 0:
        return f"weight: expected a weight above 0, got {weight:f}"
    if weight > MAX_WEIGHT:
        return (f"weight: {weight:f} is more than the {MAX_WEIGHT} points of the whole table; "
                f"a weight is a number of points, at most {MAX_WEIGHT}")
    return ""


def cell_too_long(text: str) -> str:
    """A message when ``text`` is longer than ``MAX_CELL_CHARS``; ``""`` otherwise."""
    if len(text) <= MAX_CELL_CHARS:
        return ""
    return (f"the cell holds {len(text):,} characters; at most {MAX_CELL_CHARS:,} are read "
            f"(the row is not scored)")
