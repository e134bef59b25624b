"""Reading filled 项目支出绩效自评表 workbooks (national and Sichuan layouts)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
import xlrd
from openpyxl.cell.cell import MergedCell
from workbook_fixtures import (
    NATIONAL_ROWS,
    national_workbook,
    sichuan_workbook,
    with_wrong_dimension,
    write_national_block,
)

from scoring.model.columns import INDICATOR_COLUMNS, PROJECT_COLUMNS
from scoring.model.form_cells import header_key, parse_number, value_text
from scoring.model.problems import Severity
from scoring.sources.workbook import WorkbookError, read_workbook
from scoring.sources.workbook._read_sichuan import compose_target


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_national_project_fields(tmp_path: Path) -> None:
    """The header block, 项目资金 line, goal and published totals are read from their labels."""
    ev = read_workbook(national_workbook(tmp_path / "n.xlsx"))
    first = ev.projects.iloc[0]
    assert first["project"] == "办公宿舍楼、食堂及餐厅暖通改造经费"
    assert first["unit"] == "廊坊市食品工程学校"
    assert first["department"] == "廊坊市教育局"
    assert (first["budget_initial"], first["budget"], first["spent"]) == ("43.2", "43.2", "37.24")
    assert first["published_exec_rate"] == "86"
    assert first["published_exec_score"] == "9"
    assert first["published_total"] == "94"
    assert first["goal"] == "完成办公宿舍楼暖通改造"
    assert first["goal_actual"] == "已完成改造"
    assert first["year"] == "2019"
    assert ev.year == 2019
    assert ev.scheme == "auto"


def test_canonical_columns_come_first(tmp_path: Path) -> None:
    """Both tables start with the canonical columns, in order, as strings."""
    ev = read_workbook(national_workbook(tmp_path / "n.xlsx"))
    assert tuple(ev.projects.columns[: len(PROJECT_COLUMNS)]) == PROJECT_COLUMNS
    assert tuple(ev.indicators.columns[: len(INDICATOR_COLUMNS)]) == INDICATOR_COLUMNS
    assert all(isinstance(v, str) for v in ev.indicators.to_numpy().ravel())


def test_merged_level_cells_carry_down(tmp_path: Path) -> None:
    """A merged 一级/二级 cell applies to every row it spans."""
    ev = read_workbook(national_workbook(tmp_path / "n.xlsx"))
    rows = ev.indicators[ev.indicators["project_id"] == "P01"]
    expected = ["产出指标(50分)"] * 3 + ["效益指标(30分)", "满意度指标(10分)"]
    assert rows["level1"].tolist() == expected
    assert rows["level2"].tolist()[:3] == ["数量指标", "数量指标", "质量指标"]


def test_blank_level_cells_and_spacer_rows(tmp_path: Path) -> None:
    """Blank 一级/二级 cells take the value above; a blank spacer row is not an indicator."""
    ev = read_workbook(national_workbook(tmp_path / "n.xlsx"))
    rows = ev.indicators[ev.indicators["project_id"] == "P02"]
    assert rows["indicator"].tolist() == ["改造面积", "改造数量", "验收合格率", "供暖效果"]
    assert rows["level1"].tolist()[:3] == ["产出指标(50分)"] * 3
    assert rows["seq"].tolist() == ["1", "2", "3", "4"]


def test_numbers_as_text_and_percent_cells(tmp_path: Path) -> None:
    """Weights typed as text are numbers; 0.92 formatted as % reads as 92%; targets verbatim."""
    ev = read_workbook(national_workbook(tmp_path / "n.xlsx"))
    rows = ev.indicators[ev.indicators["project_id"] == "P01"]
    assert rows["target"].tolist()[:2] == ["≥2304.9平方米", "≥3 个"]
    assert rows["actual"].tolist() == ["2410平方米", "2", "96%", "达成年度指标", "92%"]
    assert rows["weight"].tolist() == ["20", "15", "15", "30", "10"]
    assert rows["published_score"].tolist() == ["20", "10", "15", "30", "10"]
    assert rows["note"].tolist()[1] == "一处延期"


def test_stacked_projects_on_one_sheet(tmp_path: Path) -> None:
    """Each 项目名称 row starts a new project on the same sheet."""
    ev = read_workbook(national_workbook(tmp_path / "s.xlsx", stacked=True))
    assert ev.projects["project"].tolist() == ["办公宿舍楼、食堂及餐厅暖通改造经费", "校园绿化提升"]
    assert ev.projects["project_id"].tolist() == ["P01", "P02"]
    counts = ev.indicators.groupby("project_id").size().to_dict()
    assert counts == {"P01": 5, "P02": 4}


def test_wrong_sheet_dimension_is_ignored(tmp_path: Path) -> None:
    """A sheet whose stored dimension says A1:A1 (WPS) is still read in full."""
    original = national_workbook(tmp_path / "n.xlsx")
    wps = with_wrong_dimension(original)
    assert openpyxl.load_workbook(wps, read_only=True).active.max_row == 1  # type: ignore[union-attr]
    a, b = read_workbook(original), read_workbook(wps)
    assert a.indicators.equals(b.indicators)
    assert a.projects.equals(b.projects)


def test_sichuan_columns_join_into_target(tmp_path: Path) -> None:
    """指标性质 + 指标值 + 度量单位 become the target as printed; 定性 is not joined."""
    ev = read_workbook(sichuan_workbook(tmp_path / "sc.xlsx"))
    rows = ev.indicators
    assert rows["target"].tolist() == ["≧735人次", "≤12月", "有效提升", "≥90%"]
    assert rows["actual"].tolist() == ["750", "11", "达成年度指标", "88"]
    assert rows["weight"].tolist() == ["30", "20", "30", "10"]
    assert rows["published_score"].tolist() == ["30", "20", "30", "9.78"]
    assert rows["level1"].tolist() == ["产出指标", "产出指标", "效益指标", "满意度指标"]
    project = ev.projects.iloc[0]
    assert project["published_exec_rate"] == "100"
    assert project["published_total"] == "99.78"
    assert (project["budget"], project["spent"], project["year"]) == ("3.36", "3.36", "2023")


def test_sichuan_two_header_rows(tmp_path: Path) -> None:
    """指标性质 | 指标值 | 度量单位 under a merged 年度指标值 header read like one header row."""
    flat = read_workbook(sichuan_workbook(tmp_path / "flat.xlsx"))
    grouped = read_workbook(sichuan_workbook(tmp_path / "grouped.xlsx", grouped=True))
    assert grouped.indicators["target"].tolist() == ["≧735人次", "≤12月", "有效提升", "≥90%"]
    # The two layouts differ by one header row, so only where the rows sit differs.
    same = [c for c in flat.indicators.columns if c != "source_row"]
    assert grouped.indicators[same].equals(flat.indicators[same])
    assert grouped.projects["published_total"].tolist() == ["99.78"]


def test_bad_rows_become_problems_and_reading_continues(tmp_path: Path) -> None:
    """A weight that is not a number is reported with file and sheet!cell; other rows stay."""
    rows = (NATIONAL_ROWS[0], (None, None, "改造数量", "≥3 个", 2, "十五", 10, None),
            *NATIONAL_ROWS[2:])
    path = national_workbook(tmp_path / "bad.xlsx", rows=rows)
    ev = read_workbook(path)
    bad = [p for p in ev.problems if p.code == "bad_weight"]
    assert len(bad) == 1
    assert bad[0].source == str(path)
    assert bad[0].column == "暖通改造!G13"
    assert bad[0].row == 13
    assert bad[0].severity is Severity.ERROR
    assert bad[0].project_id == "P01"
    assert len(ev.indicators) == 9
    assert ev.indicators["weight"].tolist()[1] == "十五"


def test_sheet_without_any_table_is_an_error(tmp_path: Path) -> None:
    """A workbook with no 项目名称 cell raises WorkbookError naming the file and sheets."""
    wb = openpyxl.Workbook()
    wb.active.title = "封面"  # type: ignore[union-attr]
    path = tmp_path / "empty.xlsx"
    wb.save(path)
    with pytest.raises(WorkbookError, match=r"empty\.xlsx.*项目名称.*封面"):
        read_workbook(path)


def test_project_without_indicator_header_names_the_cell(tmp_path: Path) -> None:
    """项目名称 with no indicator header row raises, naming file, sheet and cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表一"  # type: ignore[union-attr]
    ws["A3"] = "项目名称"  # type: ignore[index]
    ws["B3"] = "某项目"  # type: ignore[index]
    path = tmp_path / "half.xlsx"
    wb.save(path)
    with pytest.raises(WorkbookError, match=r"half\.xlsx.*表一.*表一!A3.*一级指标"):
        read_workbook(path)


def test_unreadable_files_are_workbook_errors(tmp_path: Path) -> None:
    """Garbage bytes, a wrong suffix or a missing file give WorkbookError, not a traceback."""
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip file")
    with pytest.raises(WorkbookError, match=r"junk\.xlsx.*not a readable \.xlsx"):
        read_workbook(junk)
    old = tmp_path / "junk.xls"
    old.write_bytes(b"not an ole2 file")
    with pytest.raises(WorkbookError, match=r"junk\.xls.*not a readable \.xls"):
        read_workbook(old)
    with pytest.raises(WorkbookError, match=r"\.csv"):
        read_workbook(tmp_path / "t.csv")
    assert issubclass(WorkbookError, ValueError)


def test_reading_never_modifies_the_input(tmp_path: Path) -> None:
    """The workbook's bytes are the same before and after reading."""
    path = national_workbook(tmp_path / "n.xlsx")
    before = _digest(path)
    read_workbook(path)
    assert _digest(path) == before


class _FakeXlsSheet:
    """An xlrd sheet stand-in built from an openpyxl sheet (0-based, merged ranges half-open)."""

    def __init__(self, ws: Any) -> None:
        self.name = ws.title
        self.nrows, self.ncols = ws.max_row, ws.max_column
        self.merged_cells = [(r.min_row - 1, r.max_row, r.min_col - 1, r.max_col)
                             for r in ws.merged_cells.ranges]
        self._ws = ws

    def row_types(self, r: int) -> list[int]:
        return [self.cell(r, c).ctype for c in range(self.ncols)]

    def cell(self, r: int, c: int) -> SimpleNamespace:
        cell = self._ws.cell(r + 1, c + 1)
        value = None if isinstance(cell, MergedCell) else cell.value
        if value is None:
            return SimpleNamespace(ctype=xlrd.XL_CELL_EMPTY, value="", xf_index=0)
        if isinstance(value, int | float):
            return SimpleNamespace(ctype=xlrd.XL_CELL_NUMBER, value=float(value),
                                   xf_index=1 if "%" in cell.number_format else 0)
        return SimpleNamespace(ctype=xlrd.XL_CELL_TEXT, value=str(value), xf_index=0)


def test_xls_files_are_read_through_xlrd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An .xls goes through xlrd with formatting info; merged cells and % formats are honoured."""
    source = openpyxl.load_workbook(national_workbook(tmp_path / "n.xlsx"))
    calls: list[dict[str, Any]] = []
    book = SimpleNamespace(
        sheets=lambda: [_FakeXlsSheet(ws) for ws in source.worksheets],
        datemode=0,
        xf_list=[SimpleNamespace(format_key=0), SimpleNamespace(format_key=1)],
        format_map={0: SimpleNamespace(format_str="General"), 1: SimpleNamespace(format_str="0%")},
        release_resources=lambda: None,
    )

    def fake_open(name: str, **kwargs: Any) -> SimpleNamespace:
        calls.append(kwargs)
        return book

    monkeypatch.setattr(xlrd, "open_workbook", fake_open)
    path = tmp_path / "old.xls"
    path.write_bytes(b"")
    ev = read_workbook(path)
    assert calls and calls[0]["formatting_info"] is True
    rows = ev.indicators[ev.indicators["project_id"] == "P01"]
    assert rows["level1"].tolist()[:3] == ["产出指标(50分)"] * 3
    assert rows["actual"].tolist()[-1] == "92%"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("43.2", "43.2"), ("86%", "86"), (" 1,234.50 ", "1234.50"), ("４３", "43"), ("abc", None),
     ("", None), ("-2", "-2")],
)
def test_parse_number(text: str, expected: str | None) -> None:
    """Numbers typed as text, with % or thousands separators or full-width digits, are numbers."""
    result = parse_number(text)
    assert (None if result is None else str(result)) == expected


def test_value_text_and_header_key() -> None:
    """Floats print plainly, % formats multiply by 100, header keys drop spaces and (分)."""
    assert value_text(37.24) == "37.24"
    assert value_text(10.0) == "10"
    assert value_text(0.8624, percent=True) == "86.24%"
    assert header_key("三级 指标") == "三级指标"
    assert header_key("项目资金\n（万元）") == "项目资金"
    assert header_key("产出指标（50分）") == "产出指标"


def test_compose_target() -> None:
    """The Sichuan cells join as printed and a unit already in the value is not repeated."""
    assert compose_target("≧", "735", "人次") == "≧735人次"
    assert compose_target("定性", "有效提升", "") == "有效提升"
    assert compose_target("≥", "95%", "%") == "≥95%"
    assert compose_target("≥", "", "%") == ""


def test_stacked_blocks_keep_their_own_rows(tmp_path: Path) -> None:
    """A second table further down a sheet does not swallow the first one's 总分."""
    wb = openpyxl.Workbook()
    ws = wb.active
    after = write_national_block(ws, 1, "甲", rows=NATIONAL_ROWS[:1])  # type: ignore[arg-type]
    write_national_block(ws, after + 3, "乙", rows=NATIONAL_ROWS[3:])  # type: ignore[arg-type]
    path = tmp_path / "two.xlsx"
    wb.save(path)
    ev = read_workbook(path)
    by_project = ev.indicators.groupby("project")["indicator"].apply(list).to_dict()
    assert by_project == {"甲": ["改造面积"], "乙": ["供暖效果", "师生满意度"]}
