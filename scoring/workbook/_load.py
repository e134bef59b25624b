"""Open .xlsx (openpyxl) and .xls (xlrd) files as grids of cell texts, read-only."""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from xml.etree import ElementTree

import openpyxl
from openpyxl.utils import range_boundaries

from scoring.workbook._cells import Grid, value_text
from scoring.workbook._errors import WorkbookError

_MERGE_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"


@dataclass
class Book:
    """The sheets of one workbook as grids, and the workbook's own properties."""

    path: Path
    grids: list[Grid]
    properties: dict[str, str] = field(default_factory=dict)


def load_book(path: Path) -> Book:
    """Read every sheet of a workbook; a file that is not a workbook is a WorkbookError."""
    if not path.is_file():
        raise WorkbookError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        return _load_xls(path)
    if suffix not in (".xlsx", ".xlsm"):
        got = suffix or "no suffix"
        raise WorkbookError(f"{path}: expected an .xlsx or .xls workbook, got {got}")
    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WorkbookError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    try:
        grids = [_grid_of(ws) for ws in wb.worksheets]
        custom: Any = cast(Any, wb).custom_doc_props
        properties = {p.name: str(p.value) for p in custom.props}
    except (zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError) as exc:
        raise WorkbookError(f"{path}: a sheet of this workbook cannot be read ({exc})") from None
    finally:
        wb.close()
    return Book(path, grids, properties)


def _grid_of(ws: Any) -> Grid:
    """A worksheet's stored cells and merged ranges, streamed.

    The stated <dimension> is dropped first (some WPS versions save a wrong one), so every
    stored row is read; merged ranges come straight from the sheet's <mergeCell> elements,
    which the streaming reader does not expose.
    """
    grid = Grid(ws.title)
    ws.reset_dimensions()
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                percent = "%" in (cell.number_format or "")
                grid.put(cell.row, cell.column, value_text(cell.value, percent))
    with ws._get_source() as source:
        for _, element in ElementTree.iterparse(source):
            if element.tag == _MERGE_TAG:
                bounds = range_boundaries(element.get("ref", ""))
                if None not in bounds:
                    first_col, first_row, last_col, last_row = (int(b or 0) for b in bounds)
                    grid.merge(first_row, first_col, last_row, last_col)
            element.clear()
    return grid


def _load_xls(path: Path) -> Book:
    """An old-format workbook through xlrd, merged ranges and percent formats included.

    A truncated or damaged file makes xlrd fail in many ways (struct, index, key, assertion
    errors), when opening or when parsing a sheet; each is a WorkbookError. xlrd's notes on
    odd records go to a discarded log, never to standard output.
    """
    import xlrd
    from xlrd.compdoc import CompDocError

    failures = (xlrd.XLRDError, CompDocError, OSError, EOFError, ValueError, AssertionError,
                LookupError, OverflowError, struct.error)
    try:
        book = xlrd.open_workbook(str(path), logfile=io.StringIO(), formatting_info=True,
                                  on_demand=True)
    except failures as exc:
        raise WorkbookError(f"{path}: not a readable .xls workbook ({_reason(exc)})") from None
    grids = []
    try:
        try:
            sheets = book.sheets()
        except failures as exc:
            raise WorkbookError(
                f"{path}: a sheet of this .xls workbook cannot be read ({_reason(exc)})"
            ) from None
        for sheet in sheets:
            grid = Grid(sheet.name)
            for r in range(sheet.nrows):
                for c in range(sheet.ncols):
                    grid.put(r + 1, c + 1, _xls_text(book, sheet.cell(r, c)))
            for r0, r1, c0, c1 in sheet.merged_cells:
                grid.merge(r0 + 1, c0 + 1, r1, c1)
            grids.append(grid)
    finally:
        book.release_resources()
    return Book(path, grids)


def _reason(exc: BaseException) -> str:
    """An exception's message, or its type when it has none (a bare assertion)."""
    return str(exc) or type(exc).__name__


def _xls_text(book: Any, cell: Any) -> str:
    """One xlrd cell as text (dates as 年月日, numbers shown as % when so formatted).

    A number in a date-formatted cell that no date can show stays a number.
    """
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return value_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
        except (OverflowError, ValueError):  # 20231130 typed into a date cell: Excel shows ####
            return value_text(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return value_text(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
        fmt = book.format_map.get(xf.format_key) if xf is not None else None
        return value_text(cell.value, fmt is not None and "%" in fmt.format_str)
    return value_text(cell.value)
