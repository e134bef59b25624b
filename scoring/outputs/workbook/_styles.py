"""Cell styles applied through a per-workbook cache: openpyxl style assignment is slow."""

from __future__ import annotations

import weakref
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook import Workbook

from scoring.model.codes import Status

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FILLS: dict[str, PatternFill] = {
    "header": PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7"),
    Status.WARNING: PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC"),
    Status.ERROR: PatternFill("solid", start_color="F8CBAD", end_color="F8CBAD"),
}
FONTS: dict[str, Font] = {
    "plain": Font(), "bold": Font(bold=True), "title": Font(bold=True, size=16),
}
ALIGNMENTS: dict[str, Alignment] = {
    "wrap": Alignment(wrap_text=True, vertical="center"),
    "centre": Alignment(wrap_text=True, vertical="center", horizontal="center"),
    "top": Alignment(wrap_text=True, vertical="top"),
}


@dataclass(frozen=True)
class Style:
    """What a cell should look like; equal styles share one cached style array."""

    font: str = "plain"
    fill: str = ""
    align: str = "wrap"
    number_format: str = "General"
    border: bool = False
    locked: bool = True


HEADER = Style(font="bold", fill="header", align="centre", border=True)
_CACHE: weakref.WeakKeyDictionary[Workbook, dict[tuple[Style, bool], Any]] = (
    weakref.WeakKeyDictionary()
)


def apply(cell: Any, style: Style) -> None:
    """Give a cell a style, keeping its quote prefix (text that looks like a formula)."""
    quoted = bool(cell.quotePrefix)
    cache = _CACHE.setdefault(cell.parent.parent, {})
    key = (style, quoted)
    if key in cache:
        cell._style = copy(cache[key])
        return
    cell.font = FONTS[style.font]
    if style.fill:
        cell.fill = FILLS[style.fill]
    cell.alignment = ALIGNMENTS[style.align]
    cell.number_format = style.number_format
    if style.border:
        cell.border = BORDER
    if not style.locked:
        cell.protection = Protection(locked=False)
    cell.quotePrefix = quoted
    cache[key] = copy(cell._style)
