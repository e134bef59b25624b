"""Cell values that can never run as formulas, and atomic saving of workbooks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.workbook import Workbook

from scoring.model.atomic import replacing

#: First characters that make a spreadsheet treat a typed text as a formula.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def set_text(cell: Any, text: str) -> None:
    """Write a string as a literal text cell, whatever it starts with."""
    clean = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.value = clean
    cell.data_type = "s"
    if clean.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def set_number(cell: Any, value: Decimal | int | None, number_format: str = "0.00") -> None:
    """Write a number (None leaves the cell blank) with a display format."""
    if value is None:
        return
    cell.value = value
    cell.number_format = number_format


def save_atomically(workbook: Workbook, path: Path) -> None:
    """Save to a temporary file beside ``path``, then move it into place in one step."""
    with replacing(path) as temporary:
        workbook.save(temporary)
