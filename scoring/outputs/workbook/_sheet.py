"""One project in the official layout on one worksheet, shared by results and templates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from scoring.model import form_layout as L
from scoring.model.codes import Status
from scoring.outputs.workbook._safe import set_text
from scoring.outputs.workbook._styles import HEADER, Style, apply

Value = str | Decimal | int | None

NUMBER_FIELDS = frozenset({"weight", "score", "adjustment", "manual_score"})
BODY = Style(border=True)
FUNDS_ROW = 6
GOAL_ROW = 8
HEADER_ROW = 9
FIRST_ROW = 10
LAST_COLUMN = len(L.WRITTEN_COLUMNS)


@dataclass
class Line:
    """One indicator line: values by field of ``_layout.WRITTEN_COLUMNS``, and its flag."""

    values: dict[str, Value]
    status: str = ""
    remark: str = ""


@dataclass
class Placed:
    """Where the editable parts of a written sheet ended up."""

    spent: str
    goal_actual: str
    lines: list[int] = field(default_factory=list)
    total_row: int = 0


class Canvas:
    """A worksheet being written: values go in at once; merges and styles at ``finish``.

    Merging after the values but before any styling keeps openpyxl from re-deriving borders
    for every merged range, and styles go through a cache: both are slow otherwise.
    """

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.styles: dict[tuple[int, int], Style] = {}
        self.merges: list[tuple[int, int, int, int]] = []

    def put(self, row: int, column: int, value: Value, style: Style = BODY) -> Any:
        """Write one cell (text literally, numbers as numbers); style it at ``finish``."""
        cell = self.ws.cell(row=row, column=column)
        if isinstance(value, str):
            if value:
                set_text(cell, value)
        elif value is not None:
            cell.value = value
        self.styles[(row, column)] = style
        return cell

    def merged(self, row: int, first: int, last: int, value: Value, style: Style = BODY) -> None:
        """Write a value over columns first..last of a row, merged."""
        self.put(row, first, value, style)
        if last > first:
            self.merge(row, first, row, last)

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        """Merge a range at ``finish``."""
        self.merges.append((first_row, first_col, last_row, last_col))

    def finish(self, bordered: tuple[int, int, int] | None = None) -> None:
        """Merge, then style every written cell; ``(first_row, last_row, last_col)`` of the
        bordered table gives its remaining cells a thin border too."""
        for first_row, first_col, last_row, last_col in self.merges:
            self.ws.merge_cells(start_row=first_row, start_column=first_col,
                                end_row=last_row, end_column=last_col)
        for (row, column), style in self.styles.items():
            apply(self.ws.cell(row=row, column=column), style)
        if bordered is None:
            return
        first, last, width = bordered
        for cells in self.ws.iter_rows(min_row=first, max_row=last, max_col=width):
            for cell in cells:
                if (cell.row, cell.column) not in self.styles:
                    apply(cell, BODY)


def write_project(
    ws: Worksheet,
    project: Mapping[str, str],
    funds: Mapping[str, Value],
    lines: Sequence[Line],
    total: tuple[Value, Value],
    editable: frozenset[str] = frozenset(),
) -> Placed:
    """Write the header block, 项目资金 line, goal, indicators and 总分 row.

    ``editable`` names the fields left unlocked for a fill-in template (``spent`` and
    ``goal_actual`` included); everything else stays locked. An editable field is shown even
    where a scored sheet hides it (人工评分).
    """
    canvas = Canvas(ws)
    _header(canvas, project)
    _funds(canvas, funds, "spent" in editable)
    _goal(canvas, project, "goal_actual" in editable)
    placed = Placed(spent=f"E{FUNDS_ROW}", goal_actual=f"F{GOAL_ROW}")
    for index, (name, header, width) in enumerate(L.WRITTEN_COLUMNS, 1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = width
        ws.column_dimensions[letter].hidden = name in L.HIDDEN_FIELDS and name not in editable
        if header:
            canvas.put(HEADER_ROW, index, header, HEADER)
    canvas.put(HEADER_ROW, 1, L.LABEL_INDICATORS, HEADER)
    for offset, line in enumerate(lines):
        placed.lines.append(FIRST_ROW + offset)
        _line(canvas, FIRST_ROW + offset, line, editable)
    last = FIRST_ROW + len(lines) - 1
    placed.total_row = last + 1
    _merge_runs(canvas, lines)
    if lines:
        canvas.merge(HEADER_ROW, 1, last, 1)
    _total(canvas, placed.total_row, total)
    _finish(canvas, placed.total_row)
    return placed


def _header(canvas: Canvas, project: Mapping[str, str]) -> None:
    canvas.merged(1, 1, L.LAST_VISIBLE, L.TITLE, Style(font="title", align="centre"))
    year = project.get("year", "")
    canvas.merged(2, 1, L.LAST_VISIBLE, f"（{year}年度）" if year else "", Style(align="centre"))
    canvas.put(3, 1, L.LABEL_PROJECT, HEADER)
    canvas.merged(3, 2, 9, project.get("project", ""))
    canvas.put(3, 10, L.LABEL_PROJECT_ID, HEADER)
    canvas.merged(3, 11, L.LAST_VISIBLE, project.get("project_id", ""))
    canvas.put(4, 1, L.LABEL_DEPARTMENT, HEADER)
    canvas.merged(4, 2, 5, project.get("department", ""))
    canvas.put(4, 6, L.LABEL_UNIT, HEADER)
    canvas.merged(4, 7, 9, project.get("unit", ""))
    canvas.put(4, 10, L.LABEL_SCHEDULE, HEADER)
    canvas.merged(4, 11, L.LAST_VISIBLE, project.get("schedule", ""))


def _funds(canvas: Canvas, funds: Mapping[str, Value], spent_editable: bool) -> None:
    canvas.put(FUNDS_ROW - 1, 1, L.LABEL_FUNDS, HEADER)
    canvas.merge(FUNDS_ROW - 1, 1, FUNDS_ROW, 1)
    canvas.put(FUNDS_ROW - 1, 2, "", HEADER)
    canvas.put(FUNDS_ROW, 2, L.LABEL_FUNDS_TOTAL, HEADER)
    number = Style(number_format="0.00", border=True)
    for index, (name, header) in enumerate(L.FUNDS_COLUMNS, 3):
        canvas.put(FUNDS_ROW - 1, index, header, HEADER)
        value = funds.get(name)
        if name == "exec_rate" and isinstance(value, Decimal):
            canvas.put(FUNDS_ROW, index, value / 100, replace(number, number_format="0.00%"))
        elif name == "spent":
            canvas.put(FUNDS_ROW, index, value, replace(number, locked=not spent_editable))
        else:
            canvas.put(FUNDS_ROW, index, value, number)
    canvas.merged(FUNDS_ROW - 1, 9, L.LAST_VISIBLE, "", HEADER)
    canvas.merged(FUNDS_ROW, 9, L.LAST_VISIBLE, "")


def _goal(canvas: Canvas, project: Mapping[str, str], actual_editable: bool) -> None:
    canvas.put(GOAL_ROW - 1, 1, L.LABEL_GOAL, HEADER)
    canvas.merge(GOAL_ROW - 1, 1, GOAL_ROW, 1)
    canvas.merged(GOAL_ROW - 1, 2, 5, L.LABEL_GOAL_PLANNED, HEADER)
    canvas.merged(GOAL_ROW - 1, 6, L.LAST_VISIBLE, L.LABEL_GOAL_ACTUAL, HEADER)
    canvas.merged(GOAL_ROW, 2, 5, project.get("goal", ""))
    canvas.merged(GOAL_ROW, 6, L.LAST_VISIBLE, project.get("goal_actual", ""),
           Style(border=True, locked=not actual_editable))
    longest = max(len(project.get("goal", "")), len(project.get("goal_actual", "")))
    canvas.ws.row_dimensions[GOAL_ROW].height = min(409, max(30, 15 * (longest // 40 + 1)))


def _line(canvas: Canvas, row: int, line: Line, editable: frozenset[str]) -> None:
    fill = line.status if line.status in (Status.WARNING, Status.ERROR) else ""
    for index, (name, _, _) in enumerate(L.WRITTEN_COLUMNS[1:], 2):
        value = line.values.get(name)
        numeric = name in NUMBER_FIELDS and isinstance(value, Decimal | int)
        style = Style(fill="" if name in L.HIDDEN_FIELDS else fill,
                      number_format="0.00" if numeric else "General",
                      border=True, locked=name not in editable)
        canvas.put(row, index, value, style)
    if line.remark:
        comment = Comment(line.remark, "jixiao")
        canvas.ws.cell(row=row, column=L.column_of("score")).comment = comment


def _merge_runs(canvas: Canvas, lines: Sequence[Line]) -> None:
    """Merge consecutive equal 一级 cells, and equal 二级 cells inside one 一级 run."""
    for name, keys in (("level1", ("level1",)), ("level2", ("level1", "level2"))):
        column = L.column_of(name)
        start = 0
        for index in range(1, len(lines) + 1):
            same = index < len(lines) and all(
                lines[index].values.get(k) == lines[start].values.get(k) for k in keys
            )
            if same:
                continue
            if index - 1 > start and lines[start].values.get(name):
                canvas.merge(FIRST_ROW + start, column, FIRST_ROW + index - 1, column)
            start = index


def _total(canvas: Canvas, row: int, total: tuple[Value, Value]) -> None:
    canvas.merged(row, 1, L.column_of("weight") - 1, L.LABEL_TOTAL, HEADER)
    for name, value in zip(("weight", "score"), total, strict=True):
        canvas.put(row, L.column_of(name), value,
            Style(font="bold", number_format="0.00", border=True))


def _finish(canvas: Canvas, last_row: int) -> None:
    """Merges, styles and borders, frozen header, print setup (A4 landscape, one page wide)."""
    canvas.finish((3, last_row, LAST_COLUMN))
    ws = canvas.ws
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{get_column_letter(L.LAST_VISIBLE)}{last_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
