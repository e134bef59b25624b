"""Open .xlsx (openpyxl) and .xls (xlrd) files as grids of cell texts, read-only."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from xml.etree import ElementTree

import openpyxl
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils import range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser

from scoring.model.form_cells import Grid, value_text
from scoring.model.limits import MAX_CELL_CHARS
from scoring.model.problems import Problem, Severity
from scoring.sources.workbook._errors import WorkbookError

#: The last row and column a worksheet can have (Excel's grid).
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_COLUMNS = 16_384
_FORMULA_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}f"


@dataclass
class Book:
    """The sheets of one workbook as grids, the workbook's own properties, and what the
    loader could not read or left out (missing and hidden sheets, formulas without a value)."""

    path: Path
    grids: list[Grid]
    properties: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


#: The first bytes of an OLE compound file: an encrypted .xlsx (or an .xls renamed).
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def load_book(path: Path, *, include_hidden: bool = False) -> Book:
    """Read every visible sheet of a workbook (hidden ones too with ``include_hidden``); a
    file that is not a workbook is a WorkbookError."""
    if not path.is_file():
        raise WorkbookError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        return _load_xls(path)
    if suffix not in (".xlsx", ".xlsm"):
        got = suffix or "no suffix"
        raise WorkbookError(f"{path}: expected an .xlsx or .xls workbook, got {got}")
    with path.open("rb") as stream:
        if stream.read(len(_OLE_MAGIC)) == _OLE_MAGIC:
            raise WorkbookError(f"{path}: the workbook is password-protected (encrypted) or is "
                                f"an old .xls named .xlsx; remove the password, or save it as "
                                f".xlsx in Excel or WPS")
    _check_unzipped_size(path)
    with warnings.catch_warnings():
        # openpyxl's notes on features it drops (extensions, default styles, a bad defined
        # name) are about formatting, not cells; a sheet it drops is reported as missing.
        warnings.simplefilter("ignore", UserWarning)
        return _load_xlsx(path, include_hidden)


def _load_xlsx(path: Path, include_hidden: bool) -> Book:
    """The sheets of an .xlsx workbook."""
    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:  # any damage inside the zip surfaces as some exception
        raise WorkbookError(f"{path}: not a readable .xlsx workbook ({_reason(exc)})") from None
    problems: list[Problem] = []
    try:
        sheets = _visible(path, wb.worksheets, include_hidden, problems)
        problems += _missing_sheets(path, [ws.title for ws in wb.worksheets])
        budget = _CellBudget()
        grids = [_grid_of(ws, budget) for ws in sheets]
        custom: Any = cast(Any, wb).custom_doc_props
        properties = {p.name: str(p.value) for p in custom.props}
    except WorkbookError as exc:
        raise WorkbookError(f"{path}: a sheet of this workbook cannot be read ({exc})") from None
    except Exception as exc:  # a damaged sheet part, whatever openpyxl makes of it
        raise WorkbookError(f"{path}: a sheet of this workbook cannot be read "
                            f"({_reason(exc)})") from None
    finally:
        wb.close()
    for grid in grids:
        problems += [_uncached(path, grid, row, column) for row, column in grid.uncached]
        problems += [_too_long(path, grid, *cell) for cell in grid.too_long]
    return Book(path, grids, properties, problems)


#: A workbook may unzip to at most this many times its own size, plus ``UNZIP_ALLOWANCE``
#: (real ones unzip to 5–15 times; a zip bomb to a thousand).
MAX_UNZIP_RATIO = 100
UNZIP_ALLOWANCE = 10_000_000


def _check_unzipped_size(path: Path) -> None:
    """Refuse a workbook whose parts unzip to far more than a real one (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl names what is wrong with the file
    limit = path.stat().st_size * MAX_UNZIP_RATIO + UNZIP_ALLOWANCE
    if unzipped > limit:
        raise WorkbookError(f"{path}: the workbook unzips to {unzipped:,} bytes, more than "
                            f"{MAX_UNZIP_RATIO} times its size; it is not read")


def _visible(path: Path, sheets: list[Any], include_hidden: bool,
             problems: list[Problem]) -> list[Any]:
    """The sheets to read: hidden and veryHidden ones are skipped with a warning unless
    ``include_hidden``."""
    kept = []
    for ws in sheets:
        state = getattr(ws, "sheet_state", "visible") or "visible"
        if state != "visible" and not include_hidden:
            problems.append(Problem(path.name, None, ws.title, "hidden_sheet", Severity.WARNING,
                                    f"sheet {ws.title!r} is {state} and is not scored "
                                    f"(--include-hidden scores it)"))
            continue
        kept.append(ws)
    return kept


_SHEET_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"


def _missing_sheets(path: Path, loaded: list[str]) -> list[Problem]:
    """An error per sheet the workbook lists whose part is missing from the file."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as part:
            listed = [e.get("name", "") for _, e in ElementTree.iterparse(part)
                      if e.tag == _SHEET_TAG]
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return []
    return [Problem(path.name, None, name, "missing_sheet", Severity.ERROR,
                    f"the workbook lists sheet {name!r} but the file does not hold it (a damaged "
                    f"or hand-edited file); its projects are not scored")
            for name in listed if name not in loaded]


def _uncached(path: Path, grid: Grid, row: int, column: int) -> Problem:
    """A warning for a formula cell the file holds no computed value for."""
    return Problem(path.name, row, grid.where(row, column), "formula_without_value",
                   Severity.WARNING,
                   "the cell holds a formula but no saved value (the file was not recalculated "
                   "and saved by Excel or WPS); it is read as empty")


def _too_long(path: Path, grid: Grid, row: int, column: int, length: int) -> Problem:
    """An error for a cell over the length limit (its row cannot be scored from it)."""
    return Problem(path.name, row, grid.where(row, column), "cell_too_long", Severity.ERROR,
                   f"the cell holds {length:,} characters; at most {MAX_CELL_CHARS:,} are read "
                   f"(it is read shortened, ending in …)")


class _Parser(WorkSheetParser):
    """The streaming sheet parser, remembering formula cells that have no cached value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.uncached: list[tuple[int, int]] = []

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        if cell["value"] is None and element.find(_FORMULA_TAG) is not None:
            self.uncached.append((cell["row"], cell["column"]))
        return cell


#: The most cells a workbook may store (a 自评表 of a hundred projects stores some 50,000).
MAX_WORKBOOK_CELLS = 250_000


class _CellBudget:
    """How many more stored cells a workbook may have."""

    def __init__(self, cells: int = MAX_WORKBOOK_CELLS) -> None:
        self.left = cells

    def spend(self, cells: int, sheet: str) -> None:
        self.left -= cells
        if self.left < 0:
            raise WorkbookError(f"the workbook stores more than {MAX_WORKBOOK_CELLS:,} cells "
                                f"(reached in sheet {sheet!r}); it is not a 自评表")


def _grid_of(ws: Any, cells: _CellBudget) -> Grid:
    """A worksheet's stored cells and merged ranges, streamed.

    Only the rows the sheet stores are visited (a lone row numbered 100000000 costs nothing;
    one beyond Excel's last row is refused); the stated <dimension> is never trusted (some WPS
    versions save a wrong one). Merged ranges come from the same pass over the sheet's XML
    (the streaming reader does not expose them), clipped to the cells in use.
    """
    grid = Grid(ws.title)
    with ws._get_source() as source:
        book = ws.parent
        parser = _Parser(source, ws._shared_strings, data_only=book.data_only,
                         epoch=book.epoch, date_formats=book._date_formats,
                         timedelta_formats=book._timedelta_formats)
        for index, stored in parser.parse():
            if index > MAX_SHEET_ROWS or any(c["column"] > MAX_SHEET_COLUMNS for c in stored):
                raise WorkbookError(f"sheet {ws.title!r} has a cell beyond Excel's last row "
                                    f"{MAX_SHEET_ROWS:,} or column {MAX_SHEET_COLUMNS:,}")
            cells.spend(len(stored), ws.title)
            for fields in stored:  # only the stored cells, never a row padded to its width
                if fields["value"] is not None:
                    cell = ReadOnlyCell(ws, **fields)
                    percent = "%" in (cell.number_format or "")
                    grid.put(cell.row, cell.column, value_text(cell.value, percent))
        grid.uncached = parser.uncached
        merged = parser.merged_cells.mergeCell if parser.merged_cells is not None else []
    last_row, last_col = grid.max_row, grid.max_column
    budget = last_row * last_col  # merged ranges that do not overlap cover no more cells
    for merge in merged:
        bounds = range_boundaries(merge.ref or "")
        if None in bounds:
            continue
        first_col, first_row, end_col, end_row = (int(b or 0) for b in bounds)
        end_row, end_col = min(end_row, last_row), min(end_col, last_col)
        budget -= max(0, end_row - first_row + 1) * max(0, end_col - first_col + 1)
        if budget < 0:
            raise WorkbookError(f"sheet {ws.title!r}: its merged ranges overlap "
                                f"(they cover more cells than the sheet uses)")
        grid.merge(first_row, first_col, end_row, end_col)
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
                                  on_demand=True, ragged_rows=True)
    except failures as exc:
        raise WorkbookError(f"{path}: not a readable .xls workbook ({_reason(exc)})") from None
    grids = []
    cells = _CellBudget()
    try:
        try:
            sheets = book.sheets()
        except failures as exc:
            raise WorkbookError(
                f"{path}: a sheet of this .xls workbook cannot be read ({_reason(exc)})"
            ) from None
        for sheet in sheets:
            grid = Grid(sheet.name)
            for r in range(sheet.nrows):  # rows as long as their last cell (ragged)
                types = sheet.row_types(r)
                filled = [c for c, kind in enumerate(types) if kind not in _XLS_EMPTY]
                cells.spend(len(filled), sheet.name)
                for c in filled:
                    grid.put(r + 1, c + 1, _xls_text(book, sheet.cell(r, c)))
            last_row, last_col = grid.max_row, grid.max_column
            budget = last_row * last_col
            for r0, r1, c0, c1 in sheet.merged_cells:
                end_row, end_col = min(r1, last_row), min(c1, last_col)
                budget -= max(0, end_row - r0) * max(0, end_col - c0)
                if budget < 0:
                    raise WorkbookError(f"{path}: sheet {sheet.name!r}: its merged ranges "
                                        f"overlap (they cover more cells than the sheet uses)")
                grid.merge(r0 + 1, c0 + 1, end_row, end_col)
            grids.append(grid)
    finally:
        book.release_resources()
    return Book(path, grids)


#: xlrd cell types of cells that hold nothing (empty, blank, error).
_XLS_EMPTY = frozenset({0, 6, 5})


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
