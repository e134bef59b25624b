"""Writing scored results as official 自评表 workbooks, and reading them back."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from workbook_fixtures import engine, evaluation, scored

import scoring.outputs.workbook as output_workbook
import scoring.sources.workbook as source_workbook
from scoring.model.columns import INDICATOR_COLUMNS, PROJECT_COLUMNS
from scoring.model.result import Result
from scoring.outputs.workbook import write_workbook
from scoring.outputs.workbook._safe import save_atomically, set_text
from scoring.outputs.workbook._titles import sheet_title
from scoring.sources.workbook import read_workbook


def _sheet(path: Path, index: int) -> Worksheet:
    ws = openpyxl.load_workbook(path).worksheets[index]
    assert isinstance(ws, Worksheet)
    return ws


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def test_public_names() -> None:
    """The reading package exports its three public names and the writing package its two."""
    assert sorted(source_workbook.__all__) == ["WorkbookError", "read_template", "read_workbook"]
    assert sorted(output_workbook.__all__) == ["write_template", "write_workbook"]


def test_round_trip_keeps_canonical_tables(tmp_path: Path) -> None:
    """Writing a result and reading it back gives the same canonical tables."""
    ev = evaluation()
    path = write_workbook(scored(ev), tmp_path / "out.xlsx")
    back = read_workbook(path)
    pd.testing.assert_frame_equal(
        back.indicators[list(INDICATOR_COLUMNS)], ev.indicators[list(INDICATOR_COLUMNS)]
    )
    pd.testing.assert_frame_equal(
        back.projects[list(PROJECT_COLUMNS)], ev.projects[list(PROJECT_COLUMNS)]
    )
    assert (back.title, back.year, back.scheme) == (ev.title, ev.year, "national-2020")


def test_round_trip_keeps_scores(tmp_path: Path) -> None:
    """The written 得分, 执行率 得分 and 总分 read back as the result's numbers."""
    _assert_scores_round_trip(scored(evaluation()), tmp_path)


def test_round_trip_of_an_evaluated_result(tmp_path: Path) -> None:
    """With the scorer installed, its own result survives writing and reading back."""
    evaluate = engine()
    if evaluate is None:  # scorer or target grammar not installed in this checkout
        return
    ev = evaluation()
    result = evaluate(ev)
    path = write_workbook(result, tmp_path / "engine.xlsx")
    back = read_workbook(path)
    pd.testing.assert_frame_equal(
        back.indicators[list(INDICATOR_COLUMNS)].reset_index(drop=True),
        result.indicators[list(INDICATOR_COLUMNS)].astype(str).reset_index(drop=True),
    )
    _assert_scores_round_trip(result, tmp_path)


def _assert_scores_round_trip(result: Result, tmp_path: Path) -> None:
    back = read_workbook(write_workbook(result, tmp_path / "out.xlsx"))
    written = [_decimal(s) for s in back.indicators["published_score"]]
    expected = [None if pd.isna(s) else Decimal(s) for s in result.indicators["final_score"]]
    assert written == expected
    totals = [_decimal(t) for t in back.projects["published_total"]]
    assert totals == [None if pd.isna(t) else Decimal(t) for t in result.projects["total"]]


def test_hand_scores_are_written_as_numbers(tmp_path: Path) -> None:
    """Scores are numeric cells formatted 0.00; the 总分 row holds the total."""
    path = write_workbook(scored(evaluation()), tmp_path / "out.xlsx")
    ws = _sheet(path, 1)
    assert ws["H10"].value == 20 and ws["H10"].number_format == "0.00"
    assert ws["H11"].value == 8
    assert ws["H12"].value == 18
    assert ws["H13"].value is None  # the error row has no score
    assert ws["A15"].value == "总分"
    assert ws["H15"].value == pytest.approx(55.7)
    assert ws["H6"].value == pytest.approx(9.7)
    assert ws["G6"].number_format == "0.00%"
    assert ws["G6"].value == pytest.approx(0.97)
    assert (ws["D6"].value, ws["E6"].value) == (50, pytest.approx(48.5))


def test_official_layout_labels(tmp_path: Path) -> None:
    """Each project sheet carries the official labels and headers in their places."""
    ws = _sheet(write_workbook(scored(evaluation()), tmp_path / "out.xlsx"), 1)
    assert ws["A1"].value == "项目支出绩效自评表"
    assert ws["A2"].value == "（2024年度）"
    assert (ws["A3"].value, ws["B3"].value) == ("项目名称", "危岩清理")
    assert (ws["J3"].value, ws["K3"].value) == ("项目编码", "GX-01")
    assert [ws.cell(5, c).value for c in range(3, 9)] == [
        "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert [ws.cell(9, c).value for c in range(2, 10)] == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
        "偏差原因分析及改进措施"]
    assert ws["I11"].value == "两块延期"


def test_level_runs_are_merged(tmp_path: Path) -> None:
    """Consecutive equal 一级 cells merge, and 二级 cells merge within their 一级."""
    ws = _sheet(write_workbook(scored(evaluation()), tmp_path / "out.xlsx"), 1)
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"B10:B12", "C10:C11", "A9:A14", "B8:E8"} <= merged
    assert "C12:C13" not in merged


def test_flagged_rows_are_highlighted_with_reason(tmp_path: Path) -> None:
    """Warning and error rows get a fill, the reason in 备注 and a comment on 得分."""
    ws = _sheet(write_workbook(scored(evaluation()), tmp_path / "out.xlsx"), 1)
    assert ws["D10"].fill.fill_type is None
    assert ws["D11"].fill.fill_type == "solid"
    assert ws["D13"].fill.fgColor.rgb != ws["D11"].fill.fgColor.rgb
    assert ws["M11"].value == "below_target"
    assert ws["M13"].value == "实际完成值为空"
    assert ws["H13"].comment is not None and "实际完成值为空" in ws["H13"].comment.text


def test_print_setup_frozen_header_and_hidden_columns(tmp_path: Path) -> None:
    """A4 landscape, one page wide, header frozen, round-trip columns hidden."""
    ws = _sheet(write_workbook(scored(evaluation()), tmp_path / "out.xlsx"), 1)
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1
    fit = ws.sheet_properties.pageSetUpPr
    assert fit is not None and fit.fitToPage is True
    assert ws.freeze_panes == "A10"
    assert ws.column_dimensions["O"].hidden and not ws.column_dimensions["I"].hidden
    assert ws["D10"].border.left.style == "thin"


def test_summary_sheet(tmp_path: Path) -> None:
    """汇总 lists each project with 执行率, per-一级 subtotals, total, grade and the scheme."""
    ws = _sheet(write_workbook(scored(evaluation()), tmp_path / "out.xlsx"), 0)
    assert ws.title == "汇总"
    assert (ws["B2"].value, ws["B3"].value) == ("national-2020", "abc123")
    headers = [c.value for c in ws[4]]
    assert headers == ["项目编码", "项目", "全年预算数(万元)", "全年执行数(万元)", "执行率(%)",
                       "执行率得分", "产出指标得分", "效益指标得分", "满意度指标得分", "总分",
                       "等级", "警告", "错误"]
    row = [c.value for c in ws[5]]
    assert row[0:2] == ["GX-01", "危岩清理"]
    assert row[4] == 97 and row[6] == 46 and row[9] == pytest.approx(55.7)
    assert row[10:] == ["差", 1, 1]


def test_sheet_titles_are_valid_and_unique() -> None:
    """Titles lose []:*?/\\, fit 31 characters and get (2), (3) when repeated."""
    taken: set[str] = {"汇总"}
    long = "承德县2024年度地质灾害隐患点危岩清理及警示牌设置项目专项资金"
    first = sheet_title(long + "甲", taken)
    second = sheet_title(long + "乙", taken)
    assert len(first) == 31 and len(second) == 31
    assert first != second and second.endswith("(2)")
    assert sheet_title("a/b:c*d?[e]", taken) == "abcde"
    assert sheet_title("汇总", taken) == "汇总(2)"
    assert sheet_title("", taken) == "项目"


def test_text_starting_like_a_formula_stays_text(tmp_path: Path) -> None:
    """Cells starting with = + - @ are literal strings, never formulas, in the saved file."""
    path = write_workbook(scored(evaluation()), tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(path)
    literals = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s"
                    literals[cell.value] = cell
    assert {'=HYPERLINK("http://x")', "@SUM(A1)", "+培训", "=100%", "-超标扣分"} <= set(literals)
    assert literals["@SUM(A1)"].quotePrefix
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and all(b"<f>" not in archive.read(n) for n in sheets)


def test_set_text_strips_illegal_characters_and_quotes_tabs() -> None:
    """Control characters are dropped; a leading tab is kept as quoted text."""
    cell = openpyxl.Workbook().active["A1"]  # type: ignore[index]
    set_text(cell, "\tx\x01")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("\tx", "s", True)


def test_atomic_save_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    """Saving replaces an existing file in one step and leaves no temporary file."""
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    write_workbook(scored(evaluation()), target)
    assert zipfile.is_zipfile(target)
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When saving fails the old file is untouched and the temporary file is removed."""
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    wb = openpyxl.Workbook()

    def broken(path: str) -> None:
        Path(path).write_bytes(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(wb, "save", broken)
    with pytest.raises(OSError, match="disk full"):
        save_atomically(wb, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_writing_leaves_the_result_unchanged(tmp_path: Path) -> None:
    """The result's tables are not modified by writing."""
    result = scored(evaluation())
    before = (result.indicators.copy(), result.projects.copy())
    write_workbook(result, tmp_path / "x.xlsx")
    pd.testing.assert_frame_equal(result.indicators, before[0])
    pd.testing.assert_frame_equal(result.projects, before[1])
