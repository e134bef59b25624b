"""Read the project blocks of one sheet in the national 项目支出绩效自评表 layout."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from scoring.model import form_layout as L
from scoring.model.form_cells import Grid, header_key, normalise, number_text, parse_number
from scoring.model.problems import Problem, Severity
from scoring.sources.workbook._read_sichuan import compose_target

_YEAR = re.compile(r"((?:19|20)\d{2})年度?")


@dataclass
class SheetTables:
    """Rows read from one sheet, as string dictionaries, and what was wrong with some."""

    projects: list[dict[str, str]] = field(default_factory=list)
    indicators: list[dict[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


@dataclass
class _Block:
    """One project's rows on a sheet: [first, last], the 项目名称 cell at (first, label_col)."""

    first: int
    last: int
    label_col: int


def project_blocks(grid: Grid) -> list[_Block]:
    """Each 项目名称 row starts a project; it runs to the row before the next one."""
    starts: list[tuple[int, int]] = []
    for row in sorted(grid.rows):
        for column, text in grid.row_cells(row):
            if _label_value(text, L.LABEL_PROJECT) is not None:
                starts.append((row, column))
                break
    if not starts:
        return []
    ends = [r - 1 for r, _ in starts[1:]] + [grid.max_row]
    return [_Block(r, end, c) for (r, c), end in zip(starts, ends, strict=True)]


def _label_value(text: str, label: str) -> str | None:
    """None when the cell is not the label; else the value written inside it (``项目名称：X``)."""
    norm = normalise(text)
    if header_key(text) == label:
        return ""
    for colon in (":", "："):
        if norm.startswith(label + colon):
            return text.split(colon, 1)[1].strip() if colon in text else norm[len(label) + 1 :]
    return None


def read_sheet(grid: Grid, source: str, new_id: Callable[[], str]) -> SheetTables:
    """All project blocks of a sheet; a block without an indicator table is reported."""
    tables = SheetTables()
    previous_end = 0
    for block in project_blocks(grid):
        _read_block(grid, block, source, new_id, tables, previous_end)
        previous_end = block.last
    return tables


class _Reader:
    """Reads one block; collects problems located as ``sheet!cell``."""

    def __init__(self, grid: Grid, block: _Block, source: str, tables: SheetTables) -> None:
        self.grid, self.block, self.source, self.tables = grid, block, source, tables
        self.project_id = ""

    def problem(self, row: int, column: int, code: str, severity: Severity, message: str) -> None:
        self.tables.problems.append(
            Problem(self.source, row, self.grid.where(row, column), code, severity, message,
                    self.project_id)
        )

    def find(self, label: str, last: int) -> tuple[int, int, str] | None:
        """The first cell of the block (up to row ``last``) holding a label, and its value."""
        for row in range(self.block.first, last + 1):
            for column, text in self.grid.row_cells(row):
                inline = _label_value(text, label)
                if inline is None:
                    continue
                return row, column, inline or self.right_of(row, column)
        return None

    def right_of(self, row: int, column: int) -> str:
        """The first value right of a label cell, or "" when the next thing is another label."""
        for c, text in self.grid.row_cells(row):
            if c <= column:
                continue
            return "" if header_key(text) in L.HEADER_LABELS else text
        return ""

    def number(self, row: int, column: int | None, code: str, severity: Severity) -> str:
        """A numeric cell as canonical text; a non-number is reported and kept verbatim."""
        if column is None:
            return ""
        text = self.grid.text(row, column)
        if text and parse_number(text) is None:
            self.problem(row, column, code, severity, f"expected a number, got {text!r}")
        return number_text(text)


def _read_block(
    grid: Grid, block: _Block, source: str, new_id: Callable[[], str],
    tables: SheetTables, previous_end: int,
) -> None:
    reader = _Reader(grid, block, source, tables)
    header = _indicator_header(grid, block)
    if header is None:
        tables.unreadable.append(
            f"{source}, sheet {grid.name}, cell {grid.where(block.first, block.label_col)}: "
            "found 项目名称 but no indicator header row "
            "(一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分)"
        )
        reader.problem(block.first, block.label_col, "no_indicator_table", Severity.ERROR,
                       "project has no indicator header row; skipped")
        return
    header_row, data_start, columns = header
    top = header_row - 1
    found = reader.find(L.LABEL_PROJECT_ID, top)
    reader.project_id = (found[2] if found else "") or new_id()
    project = _project_row(reader, top, previous_end)
    tables.projects.append(project)
    _indicator_rows(reader, project, data_start, columns)


def _value(reader: _Reader, label: str, last: int) -> str:
    found = reader.find(label, last)
    return found[2] if found else ""


def _project_row(reader: _Reader, top: int, previous_end: int) -> dict[str, str]:
    grid, block = reader.grid, reader.block
    row: dict[str, str] = {
        "project_id": reader.project_id,
        "project": _value(reader, L.LABEL_PROJECT, top),
        "unit": _value(reader, L.LABEL_UNIT, top),
        "department": _value(reader, L.LABEL_DEPARTMENT, top),
        "year": _year(grid, previous_end + 1, top),
        "schedule": _value(reader, "计划支出进度", top),
    }
    if not row["project"]:
        reader.problem(block.first, block.label_col, "missing_project", Severity.WARNING,
                       "项目名称 is empty")
    row.update(_funds(reader, top))
    row["goal"], row["goal_actual"] = _goal(reader, top)
    return row


def _year(grid: Grid, first: int, last: int) -> str:
    """The year of a ``（2024年度）`` line above or within the header block."""
    for row in range(max(first, 1), last + 1):
        for _, text in grid.row_cells(row):
            match = _YEAR.search(normalise(text))
            if match and "年度" in normalise(text):
                return match.group(1)
    return ""


def _funds(reader: _Reader, top: int) -> dict[str, str]:
    """The 项目资金 line: 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分."""
    grid = reader.grid
    empty = {"budget_initial": "", "budget": "", "spent": "", "published_exec_weight": "",
             "published_exec_rate": "", "published_exec_score": ""}
    for row in range(reader.block.first, top + 1):
        columns = _match_headers(grid, row, L.FUNDS_HEADERS)
        if "budget" not in columns and "spent" not in columns:
            continue
        data = _funds_data_row(grid, row + 1, top, columns)
        if data is None:
            reader.problem(row, min(columns.values()), "no_funds_row", Severity.WARNING,
                           "项目资金 header has no row of numbers under it")
            return empty
        rate = grid.text(data, columns["exec_rate"]) if "exec_rate" in columns else ""
        return {
            "budget_initial": reader.number(data, columns.get("budget_initial"), "bad_budget",
                                            Severity.WARNING),
            "budget": reader.number(data, columns.get("budget"), "bad_budget", Severity.ERROR),
            "spent": reader.number(data, columns.get("spent"), "bad_spent", Severity.ERROR),
            "published_exec_weight": reader.number(data, columns.get("exec_weight"),
                                                   "bad_published", Severity.WARNING),
            "published_exec_rate": number_text(rate),
            "published_exec_score": reader.number(data, columns.get("exec_score"),
                                                  "bad_published", Severity.WARNING),
        }
    reader.problem(reader.block.first, reader.block.label_col, "no_funds", Severity.WARNING,
                   "no 项目资金 block (全年预算数 | 全年执行数) above the indicators")
    return empty


def _funds_data_row(grid: Grid, first: int, last: int, columns: dict[str, int]) -> int | None:
    """The 年度资金总额 row, else the first row with a budget or spending figure."""
    candidates = []
    for row in range(first, last + 1):
        labels = [header_key(t) for c, t in grid.row_cells(row) if c < min(columns.values())]
        if any(key in (L.LABEL_GOAL, L.LABEL_INDICATORS, L.LABEL_PROJECT) for key in labels):
            break
        figures = [grid.text(row, columns[f]) for f in ("budget", "spent") if f in columns]
        if not any(figures):
            continue
        if any(k.startswith(L.LABEL_FUNDS_TOTAL) or k in L.TOTAL_LABELS for k in labels):
            return row
        candidates.append(row)
    return candidates[0] if candidates else None


def _goal(reader: _Reader, top: int) -> tuple[str, str]:
    """年度总体目标: the 预期目标 and 实际完成情况 texts (under their headers, or beside it)."""
    grid = reader.grid
    planned = reader.find(L.LABEL_GOAL_PLANNED, top)
    if planned is None:
        return _value(reader, L.LABEL_GOAL, top), ""
    done = reader.find(L.LABEL_GOAL_ACTUAL, top)

    def below(found: tuple[int, int, str] | None) -> str:
        if found is None:
            return ""
        row, column, _ = found
        for r in range(row + 1, top + 1):
            if text := grid.text(r, column):
                return text
        return ""

    return below(planned), below(done)


def _match_headers(grid: Grid, row: int, headers: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """field → column of the header cells of one row; the first match of a field wins."""
    columns: dict[str, int] = {}
    for column, text in grid.row_cells(row):
        key = header_key(text)
        for name, names in headers.items():
            is_note = name == "note" and key.startswith(L.NOTE_PREFIX)
            if name not in columns and (key in names or is_note):
                columns[name] = column
                break
    return columns


def _indicator_header(grid: Grid, block: _Block) -> tuple[int, int, dict[str, int]] | None:
    """(header row, first data row, field → column); a second header row refines the first."""
    for row in range(block.first, block.last + 1):
        columns = _match_headers(grid, row, L.INDICATOR_HEADERS)
        if "indicator" not in columns or not ({"target", "actual"} & columns.keys()):
            continue
        below = _match_headers(grid, row + 1, L.INDICATOR_HEADERS)
        for name in ("level1", "level2", "indicator"):
            below.pop(name, None)
        has_numbers = any(parse_number(t) is not None for _, t in grid.row_cells(row + 1))
        if len(below) < 2 or has_numbers:
            return row, row + 1, columns
        taken = set(below.values())
        refined = {f: c for f, c in columns.items() if c not in taken and f not in below}
        refined.update(below)
        return row, row + 2, refined
    return None


def _indicator_rows(
    reader: _Reader, project: dict[str, str], first: int, columns: dict[str, int]
) -> None:
    grid = reader.grid
    level1 = level2 = ""
    position = 0

    def cell(name: str, row: int) -> str:
        return grid.text(row, columns[name]) if name in columns else ""

    for row in range(first, reader.block.last + 1):
        keys = {header_key(t) for _, t in grid.row_cells(row)}
        if keys & L.TOTAL_LABELS:
            project["published_total"] = reader.number(row, columns.get("score"),
                                                        "bad_published", Severity.WARNING)
            break
        if "level1" in columns and (text := grid.filled(row, columns["level1"])):
            if text != level1:
                level2 = ""
            level1 = text
        if "level2" in columns and (text := grid.filled(row, columns["level2"])):
            level2 = text
        values = [cell(n, row) for n in ("indicator", "target", "actual", "weight", "score")]
        if not any(values) or header_key(cell("indicator", row)) == "三级指标":
            continue
        position += 1
        indicator = _indicator(reader, row, cell, columns)
        indicator.update(project_id=reader.project_id, project=project["project"],
                         level1=level1, level2=level2)
        if not indicator["seq"]:
            indicator["seq"] = str(position)
        if not level1:
            reader.problem(row, columns.get("level1", 1), "missing_level1", Severity.ERROR,
                           "indicator row has no 一级指标")
        if not indicator["indicator"]:
            reader.problem(row, columns["indicator"], "missing_indicator", Severity.WARNING,
                           "三级指标 is empty")
        reader.tables.indicators.append(indicator)
    project.setdefault("published_total", "")


def _indicator(
    reader: _Reader, row: int, cell: Callable[[str, int], str], columns: dict[str, int]
) -> dict[str, str]:
    """One indicator row's own cells as canonical text."""
    if "nature" in columns or "measure" in columns:
        target = compose_target(cell("nature", row), cell("target", row), cell("measure", row))
    else:
        target = cell("target", row)
    weight_column = columns.get("weight_given", columns.get("weight"))
    seq = cell("seq", row)
    return {
        "seq": seq if seq.isascii() and seq.isdigit() and 0 < len(seq) < 10 and int(seq) > 0
        else "",
        "source_row": str(row),
        "indicator": cell("indicator", row),
        "target": target,
        "actual": cell("actual", row),
        "weight": reader.number(row, weight_column, "bad_weight", Severity.ERROR),
        "basis": cell("basis", row),
        "note": cell("note", row),
        "adjustment": reader.number(row, columns.get("adjustment"), "bad_adjustment",
                                    Severity.ERROR),
        "adjustment_reason": cell("adjustment_reason", row),
        "manual_score": reader.number(row, columns.get("manual_score"), "bad_manual_score",
                                      Severity.ERROR),
        "applicable": _applicable(reader, row, columns.get("not_applicable")),
        "published_score": reader.number(row, columns.get("score"), "bad_published",
                                         Severity.WARNING),
    }


def _applicable(reader: _Reader, row: int, column: int | None) -> str:
    """不适用 = 是 → ``false``; 否 → ``true``; blank → ``""`` (applicable by default)."""
    text = reader.grid.text(row, column) if column is not None else ""
    if not text:
        return ""
    word = normalise(text).lower()
    if word in ("是", "不适用", "true", "yes", "y", "1", "√"):
        return "false"
    if word in ("否", "适用", "false", "no", "n", "0"):
        return "true"
    assert column is not None
    reader.problem(row, column, "bad_applicable", Severity.ERROR,
                   f"不适用 expects 是 or 否, got {text!r}")
    return ""
