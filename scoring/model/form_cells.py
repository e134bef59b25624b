"""A worksheet as a grid of cell texts: merged cells, numbers stored as text, header matching."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from openpyxl.utils import get_column_letter

from scoring.model.limits import MAX_CELL_CHARS, SHOWN_CHARS, without_grouping

_SPACE = re.compile(r"\s+")
_PAREN = re.compile(r"\([^()]*\)$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def normalise(text: str) -> str:
    """NFKC text with all whitespace (line breaks, full-width spaces) removed."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def header_key(text: str) -> str:
    """A header cell's matching key: normalised, a trailing ``(50分)`` or ``(万元)`` dropped."""
    key = normalise(text)
    while True:
        shorter = _PAREN.sub("", key)
        if shorter == key or not shorter:
            return key
        key = shorter


def decimal_text(value: Decimal) -> str:
    """A decimal written plainly, without exponent or trailing zeros (``43.2``, ``100``)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def parse_number(text: str) -> Decimal | None:
    """The number in a cell text (``43.2``, ``"86%"`` → 86, ``1,234``); None when not a number
    (``1,5`` included: a comma only groups thousands)."""
    cleaned = normalise(text).removesuffix("%")
    try:
        cleaned = without_grouping(cleaned)
    except ValueError:  # 1,5: a comma that does not group thousands is no number
        return None
    if not _NUMBER.match(cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


def number_text(text: str) -> str:
    """A numeric cell's canonical text (``"86%"`` → ``86``); the text itself when not a number."""
    number = parse_number(text)
    return text.strip() if number is None else decimal_text(number)


def value_text(value: object, percent: bool = False) -> str:
    """A cell value as the text a reader sees: numbers plainly, ``0.86`` shown as % → ``86%``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if percent:
            return decimal_text(number * 100) + "%"
        return decimal_text(number)
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).strip()


def coordinate(row: int, column: int) -> str:
    """An A1-style cell name."""
    return f"{get_column_letter(column)}{row}"


@dataclass
class Grid:
    """The non-empty cells of one sheet as text, 1-based, with merged ranges remembered."""

    name: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    rows: dict[int, dict[int, str]] = field(default_factory=dict)
    #: Formula cells saved without a computed value (read as empty).
    uncached: list[tuple[int, int]] = field(default_factory=list)
    #: Cells over the length limit: (row, column, characters).
    too_long: list[tuple[int, int, int]] = field(default_factory=list)

    def put(self, row: int, column: int, text: str) -> None:
        """Record a non-empty cell text; one over the length limit is kept shortened (with a
        trailing …, which no reading accepts) and remembered in ``too_long``."""
        if len(text) > MAX_CELL_CHARS:
            self.too_long.append((row, column, len(text)))
            text = text[:SHOWN_CHARS] + "…"
        if text:
            self.cells[(row, column)] = text
            self.rows.setdefault(row, {})[column] = text

    @property
    def max_row(self) -> int:
        """The last row holding a value (never the sheet's stated dimension)."""
        return max((r for r, _ in self.cells), default=0)

    @property
    def max_column(self) -> int:
        """The last column holding a value."""
        return max((c for _, c in self.cells), default=0)

    def text(self, row: int, column: int) -> str:
        """The cell's own text; ``""`` for blanks and for covered parts of a merged range."""
        return self.cells.get((row, column), "")

    def filled(self, row: int, column: int) -> str:
        """The text a merged range shows in this cell (its top-left value)."""
        return self.cells.get(self.origin.get((row, column), (row, column)), "")

    def key(self, row: int, column: int) -> str:
        """The header key of the cell's own text."""
        return header_key(self.text(row, column))

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        """Remember that a range shows the value of its top-left cell."""
        for r in range(first_row, last_row + 1):
            for c in range(first_col, last_col + 1):
                if (r, c) != (first_row, first_col):
                    self.origin[(r, c)] = (first_row, first_col)

    def row_cells(self, row: int) -> list[tuple[int, str]]:
        """The non-empty (column, text) pairs of a row, left to right."""
        return sorted(self.rows.get(row, {}).items())

    def where(self, row: int, column: int) -> str:
        """``sheet!B12`` for messages."""
        return f"{self.name}!{coordinate(row, column)}"
