"""Line-by-line reading of a published 部门预算绩效文本 (text extracted from the PDF).

The text holds one 绩效目标表 per project: tab-separated rows, one physical line per table row,
merged 一级/二级 cells left blank on later rows, and a space wherever the PDF wrapped a cell.
This module only reads; ``scoring.sources.text_import`` turns the result into canonical tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scoring.model.problems import Problem, Severity

#: Header cells of an indicator table, mapped to the field each column feeds.
INDICATOR_HEADER: dict[str, str] = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "indicator",
    "绩效指标描述": "description",
    "指标值": "target",
    "指标值确定依据": "basis",
}

_WIDE = (
    r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
_WRAP_SPACE = re.compile(rf"(?<=[{_WIDE}]) (?=[{_WIDE}])")
_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"</?p\s*>", re.IGNORECASE)
_TITLE = re.compile(r"^(\d{4})\s*年\s*部门预算绩效文本")
_HEADING = re.compile(r"^\d+\s*[.．、]\s*(\S.*绩效目标表)$")
_UNIT = re.compile(r"^(\d{6})\s+(\S.*)$")
_MONEY_UNIT = re.compile(r"^单位[:：]\s*(\S+)$")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
_MONTH = re.compile(r"(\d{1,2})\s*月")


def rejoin(text: str) -> str:
    """Undo PDF cell wrapping: drop a space between two CJK characters, trim the ends.

    A wrap inside a Chinese word leaves ``汛前地质灾 害点核查``; spaces next to digits or
    Latin letters (``2023 年``, ``(2022)134号``) are typesetting and are kept.
    """
    return _WRAP_SPACE.sub("", text.strip())


def squash(text: str) -> str:
    """``text`` without any whitespace, for matching labels such as ``预算规模及 资金用途``."""
    return _SPACES.sub("", text)


def strip_tags(text: str) -> str:
    """The 绩效目标 text without ``<p>`` tags, whitespace runs collapsed to one space."""
    return _SPACES.sub(" ", _TAGS.sub(" ", text)).strip()


@dataclass
class IndicatorRow:
    """One 三级指标 row as printed (after rejoining wrapped cells), with its source line."""

    line: int
    level1: str
    level2: str
    indicator: str
    description: str
    target: str
    basis: str


@dataclass
class ProjectTable:
    """One 绩效目标表: the funding block, the spending plan, the goal and the indicator rows."""

    line: int
    heading: str = ""
    unit_code: str = ""
    unit: str = ""
    money_unit: str = ""
    project_id: str = ""
    name: str = ""
    budget: str = ""
    fiscal_funds: str = ""
    other_funds: str = ""
    purpose: str = ""
    schedule_months: list[int] = field(default_factory=list)
    schedule: list[str] = field(default_factory=list)
    goal: str = ""
    rows: list[IndicatorRow] = field(default_factory=list)


@dataclass
class ParsedText:
    """Everything read from one document, plus the problems met on the way."""

    department: str = ""
    year: int | None = None
    projects: list[ProjectTable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _cells(line: str) -> list[str]:
    """The tab-separated cells of ``line`` with trailing empty cells removed."""
    cells = [c.strip() for c in line.rstrip("\r\n").split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _after(cells: list[str], label: str) -> str:
    """The first non-empty cell after the cell whose squashed text is ``label``."""
    keys = [squash(c) for c in cells]
    if label not in keys:
        return ""
    for cell in cells[keys.index(label) + 1 :]:
        if cell:
            return cell
    return ""


class _Reader:
    """A small state machine over the lines of the document."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.out = ParsedText()
        self.heading = ""
        self.heading_line = 0
        self.unit_code = ""
        self.unit = ""
        self.money_unit = ""
        self.current: ProjectTable | None = None
        self.state = "outside"
        self.columns: dict[str, int] = {}
        self.carry = {"level1": "", "level2": ""}
        self.previous = ""

    def problem(self, line: int, column: str | None, code: str, message: str) -> None:
        """Record an error located at ``line``."""
        pid = self.current.project_id if self.current is not None else ""
        self.out.problems.append(
            Problem(self.source, line, column, code, Severity.ERROR, message, pid)
        )

    def feed(self, number: int, raw: str) -> None:
        """Read one physical line."""
        text = raw.rstrip("\r\n")
        if not text.strip():
            self.end_table(number)
            return
        cells = _cells(text)
        first = squash(cells[0]) if cells else ""
        if self.out.year is None and (m := _TITLE.match(text.strip())):
            self.out.year = int(m.group(1))
            self.out.department = self.previous
        self.previous = text.strip()
        if "\t" not in text:
            self.free_line(number, text.strip())
            return
        if first == "项目编码":
            self.start_project(number, cells)
        elif self.current is not None and not self.table_line(first, cells, text):
            self.continued_line(number, first, cells, text)

    def table_line(self, first: str, cells: list[str], text: str) -> bool:
        """A row that opens a part of the current project's table; False for any other."""
        assert self.current is not None
        if first == "预算规模及资金用途":
            self.current.budget = _after(cells, "预算数")
            self.current.fiscal_funds = _after(cells, "其中:财政资金") or _after(
                cells, "其中：财政资金"
            )
            self.current.other_funds = _after(cells, "其他资金")
            self.state = "funding"
        elif first in ("资金支出计划（%）", "资金支出计划(%)"):
            self.current.schedule_months = [int(m) for m in _MONTH.findall(text)]
            self.state = "schedule"
        elif first == "绩效目标":
            self.current.goal = strip_tags(" ".join(cells[1:]))
            self.state = "goal"
        else:
            return False
        return True

    def continued_line(self, number: int, first: str, cells: list[str], text: str) -> None:
        """A row inside the part the state names: purpose, schedule, goal or indicators."""
        assert self.current is not None
        if first == "一级指标":
            self.read_header(number, cells)
        elif self.state == "funding" and not first:
            self.current.purpose = rejoin(" ".join(c for c in cells if c))
        elif self.state == "schedule" and not first:
            self.current.schedule = _PERCENT.findall(text)
            self.check_schedule(number)
        elif self.state == "goal" and not first:
            self.current.goal = strip_tags(self.current.goal + " " + " ".join(cells))
        elif self.state == "indicators":
            self.read_indicator(number, cells)
        else:
            self.problem(number, None, "unreadable_row",
                         f"a table row that fits no part of a 绩效目标表: {text.strip()[:60]!r}")

    def free_line(self, number: int, text: str) -> None:
        """A line without tabs: a heading, the unit line, the money unit, or prose."""
        if self.state == "indicators":
            self.end_table(number)
        if m := _HEADING.match(text):
            self.heading, self.heading_line = m.group(1), number
        elif m := _UNIT.match(text):
            self.unit_code, self.unit = m.group(1), m.group(2).strip()
        elif m := _MONEY_UNIT.match(squash(text)):
            self.money_unit = m.group(1)

    def start_project(self, number: int, cells: list[str]) -> None:
        """A ``项目编码`` row opens a new project table."""
        self.end_table(number)
        project = ProjectTable(
            line=number,
            heading=self.heading,
            unit_code=self.unit_code,
            unit=self.unit,
            money_unit=self.money_unit,
            project_id=_after(cells, "项目编码"),
            name=_after(cells, "项目名称"),
        )
        self.current = project
        self.out.projects.append(project)
        self.state = "project"
        if not project.project_id:
            self.problem(number, "项目编码", "missing_project_id", "the 项目编码 cell is empty")
        if not project.name:
            self.problem(number, "项目名称", "missing_project_name", "the 项目名称 cell is empty")

    def check_schedule(self, number: int) -> None:
        """The spending plan must give one percentage per month of its header."""
        assert self.current is not None
        months, shares = self.current.schedule_months, self.current.schedule
        if not months or len(months) != len(shares):
            self.problem(
                number, "资金支出计划（%）", "bad_schedule",
                f"the spending plan names {len(months)} months but gives {len(shares)} "
                "percentages",
            )
        self.state = "project"

    def read_header(self, number: int, cells: list[str]) -> None:
        """The ``一级指标 | 二级指标 | …`` header fixes which column holds which field."""
        self.columns = {}
        for index, cell in enumerate(cells):
            key = INDICATOR_HEADER.get(squash(cell))
            if key is not None:
                self.columns[key] = index
        missing = [label for label, key in INDICATOR_HEADER.items() if key not in self.columns]
        if missing:
            self.problem(number, None, "bad_indicator_header",
                         f"the indicator header lacks {'、'.join(missing)}")
            self.state = "project"
            return
        self.carry = {"level1": "", "level2": ""}
        self.state = "indicators"

    def read_indicator(self, number: int, cells: list[str]) -> None:
        """One indicator row; blank 一级/二级 cells carry the value from the row above."""
        assert self.current is not None

        def cell(key: str) -> str:
            index = self.columns[key]
            return cells[index] if index < len(cells) else ""

        values = {key: rejoin(cell(key)) for key in self.columns}
        values["target"] = cell("target").strip()
        for key in ("level1", "level2"):
            if values[key]:
                self.carry[key] = values[key]
                if key == "level1":
                    self.carry["level2"] = ""
            else:
                values[key] = self.carry[key]
        needed = ("level1", "level2", "indicator", "target")
        empty = [key for key in needed if not values[key]]
        if empty:
            self.problem(
                number, ", ".join(empty), "unreadable_indicator",
                f"an indicator row with {len(cells)} of {len(self.columns)} cells and no "
                f"{', '.join(empty)}: {' | '.join(cells)[:80]!r}",
            )
            return
        self.current.rows.append(IndicatorRow(
            line=number,
            level1=values["level1"],
            level2=values["level2"],
            indicator=values["indicator"],
            description=values["description"],
            target=values["target"],
            basis=values["basis"],
        ))

    def end_table(self, number: int) -> None:
        """A blank line or a new project closes the current indicator table."""
        if self.current is not None and self.state == "indicators" and not self.current.rows:
            self.problem(number, None, "no_indicators", "the indicator table has no rows")
        if self.state == "indicators":
            self.state = "outside"

    def finish(self, last_line: int) -> ParsedText:
        """Close the last table and check each project is complete."""
        self.end_table(last_line)
        for project in self.out.projects:
            self.current = project
            if not project.rows:
                self.problem(project.line, None, "no_indicators",
                             f"project {project.name or project.project_id!r} has no "
                             "indicator rows")
            if not project.budget:
                self.problem(project.line, "预算数", "missing_budget",
                             f"project {project.name or project.project_id!r} has no 预算数")
        self.current = None
        if not self.out.projects:
            self.problem(last_line, None, "no_projects", "no 项目编码 row found in the document")
        return self.out


def parse_lines(lines: list[str], source: str) -> ParsedText:
    """Read the document given as its physical lines (numbered from 1)."""
    reader = _Reader(source)
    for number, line in enumerate(lines, start=1):
        reader.feed(number, line)
    return reader.finish(len(lines))
