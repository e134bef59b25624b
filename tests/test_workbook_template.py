"""Fill-in templates: protected sheets, dropdowns, and reading the filled file back."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from workbook_fixtures import engine, evaluation, national_workbook, scored

from scoring.outputs.workbook import write_template, write_workbook
from scoring.outputs.workbook._choices import _plain_choices, actual_choices
from scoring.sources.workbook import WorkbookError, read_template, read_workbook

ANSWERS = ["达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差"]


def _sheet(path: Path, title: str) -> Worksheet:
    ws = openpyxl.load_workbook(path)[title]
    assert isinstance(ws, Worksheet)
    return ws


def _choices_at(ws: Worksheet, ref: str) -> list[str]:
    """The dropdown list of a cell, [] when it has none."""
    for validation in ws.data_validations.dataValidation:
        if ref in validation.sqref:
            return str(validation.formula1).strip('"').split(",")
    return []


def _fill(template: Path, filled: Path) -> None:
    """Fill the answer cells the way a department would, with openpyxl."""
    wb = openpyxl.load_workbook(template)
    ws = wb["危岩清理"]
    ws["E6"] = 48.5
    ws["F8"] = "已完成清理"
    ws["F10"] = "2410立方米"
    ws["F11"] = "8个"
    ws["I11"] = "两块警示牌延期到货"
    ws["J12"] = "2"
    ws["K12"] = "资料不全"
    ws["F13"] = "较好"
    ws["L14"] = "是"
    wb["=HYPERLINK(\"httpx\")"]["F10"] = "达成年度指标"
    wb.save(filled)


def test_targets_are_prefilled_and_sheets_protected(tmp_path: Path) -> None:
    """Each project sheet shows its targets, weights and basis and is protected."""
    path = write_template(evaluation(), tmp_path / "t.xlsx")
    ws = _sheet(path, "危岩清理")
    assert ws.protection.sheet is True
    assert [ws.cell(r, 5).value for r in range(10, 15)] == [
        "≥2304.9 立方米", "≥10 个", "=100%", "一般/较好/很好", "≥90%"]
    assert ws["G10"].value == 20
    assert ws["M14"].value == "分值由评分方案分配"
    assert ws["H10"].value is None  # 得分 is left to the scorer
    assert ws["D6"].value == 50


def test_only_answer_cells_are_unlocked(tmp_path: Path) -> None:
    """实际完成值, 偏差原因, 扣分, 扣分理由, 不适用 and 全年执行数 are unlocked; the rest locked."""
    ws = _sheet(write_template(evaluation(), tmp_path / "t.xlsx"), "危岩清理")
    for ref in ("F10", "I10", "J10", "K10", "L10", "F14", "E6"):
        assert ws[ref].protection.locked is False, ref
    for ref in ("B10", "D10", "E10", "G10", "H10", "D6", "B3", "H6"):
        assert ws[ref].protection.locked is True, ref


def test_dropdowns_for_qualitative_targets_and_not_applicable(tmp_path: Path) -> None:
    """Qualitative targets offer the three answers or their own tiers; 不适用 offers 是/否."""
    path = write_template(evaluation(), tmp_path / "t.xlsx")
    ws = _sheet(path, "危岩清理")
    assert _choices_at(ws, "F13") == ["一般", "较好", "很好"]
    assert _choices_at(ws, "F10") == []
    assert _choices_at(ws, "L12") == ["是", "否"]
    deduction = next(v for v in ws.data_validations.dataValidation if "J12" in v.sqref)
    assert (deduction.type, deduction.operator, deduction.formula1) == (
        "decimal", "greaterThanOrEqual", "0")
    other = _sheet(path, "=HYPERLINK(\"httpx\")")
    assert _choices_at(other, "F10") == ANSWERS


def test_instructions_sheet(tmp_path: Path) -> None:
    """A 说明 sheet in Chinese explains what to fill and how it is scored, with no formulas."""
    ws = _sheet(write_template(evaluation(), tmp_path / "t.xlsx"), "说明")
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    for phrase in ("实际完成值", "不使用任何公式", "扣分", "不适用", "预算执行率得分"):
        assert phrase in text


def test_filled_template_reads_back(tmp_path: Path) -> None:
    """Values typed into the unlocked cells arrive in the evaluation's tables."""
    template = write_template(evaluation(), tmp_path / "t.xlsx")
    filled = tmp_path / "filled.xlsx"
    _fill(template, filled)
    ev = read_template(filled)
    rows = ev.indicators.set_index(["project_id", "seq"])
    assert rows.loc[("GX-01", "1"), "actual"] == "2410立方米"
    assert rows.loc[("GX-01", "2"), "note"] == "两块警示牌延期到货"
    assert rows.loc[("GX-01", "3"), "adjustment"] == "2"
    assert rows.loc[("GX-01", "3"), "adjustment_reason"] == "资料不全"
    assert rows.loc[("GX-01", "4"), "actual"] == "较好"
    assert rows.loc[("GX-01", "5"), "applicable"] == "false"
    assert rows.loc[("GX-02", "1"), "actual"] == "达成年度指标"
    project = ev.projects.set_index("project_id").loc["GX-01"]
    assert (project["spent"], project["goal_actual"]) == ("48.5", "已完成清理")
    assert (ev.title, ev.year, ev.scheme) == ("承德县 2024 自评", 2024, "national-2020")
    assert ev.problems == ()


def test_filled_template_is_ready_to_score(tmp_path: Path) -> None:
    """The read-back evaluation keeps weights and targets, and scores when the engine exists."""
    template = write_template(evaluation(), tmp_path / "t.xlsx")
    filled = tmp_path / "filled.xlsx"
    _fill(template, filled)
    ev = read_template(filled)
    assert ev.indicators["weight"].tolist() == ["20", "10", "20", "30", "", "50"]
    assert ev.indicators["target"].tolist() == evaluation().indicators["target"].tolist()
    evaluate = engine()
    if evaluate is None:  # scorer or target grammar not installed in this checkout
        return
    result = evaluate(ev)
    assert len(result.indicators) == len(ev.indicators)
    scores = result.indicators["final_score"].tolist()
    assert Decimal(str(scores[0])) == Decimal("20")  # 2410 ≥ 2304.9 立方米 → the full 20


def test_read_template_rejects_other_workbooks(tmp_path: Path) -> None:
    """A result workbook or a hand-made 自评表 is not a template."""
    result = write_workbook(scored(evaluation()), tmp_path / "r.xlsx")
    with pytest.raises(WorkbookError, match="not a fill-in template"):
        read_template(result)
    with pytest.raises(WorkbookError, match="not a fill-in template"):
        read_template(national_workbook(tmp_path / "n.xlsx"))


def test_template_from_a_read_workbook(tmp_path: Path) -> None:
    """A filled national workbook can be turned into a template and back, input untouched."""
    source = national_workbook(tmp_path / "n.xlsx")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    ev = read_workbook(source)
    back = read_template(write_template(ev, tmp_path / "t.xlsx"))
    assert back.indicators["target"].tolist() == ev.indicators["target"].tolist()
    assert back.indicators["actual"].tolist() == ev.indicators["actual"].tolist()
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest


def test_plain_choices_fallback() -> None:
    """Without the grammar: words give the answers, a slash scale its tiers, numbers nothing."""
    assert _plain_choices("有效提升") == tuple(ANSWERS)
    assert _plain_choices("一般/较好/很好") == ("一般", "较好", "很好")
    assert _plain_choices("≥95%") == ()
    assert actual_choices("") == ()


def test_manual_score_column_is_shown_and_filled_in(tmp_path: Path) -> None:
    """人工评分 is a visible, unlocked column of the template; a score typed there is the
    row's manual score when the filled file is read and scored."""
    template = write_template(evaluation(), tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(template)
    ws = wb["危岩清理"]
    assert ws["N9"].value == "人工评分"
    assert ws.column_dimensions["N"].hidden is False
    assert ws["N13"].protection.locked is False
    assert ws.column_dimensions["O"].hidden is True  # 序号 stays hidden
    ws["F13"] = "景观恢复效果良好，群众认可"
    ws["N13"] = 24
    ws["K13"] = "复核组按现场照片评分"
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    ev = read_template(filled)
    rows = ev.indicators.set_index(["project_id", "seq"])
    assert rows.loc[("GX-01", "4"), "manual_score"] == "24"
    evaluate = engine()
    assert evaluate is not None
    result = evaluate(ev).indicators.set_index(["project_id", "seq"])
    assert Decimal(str(result.loc[("GX-01", "4"), "final_score"])) == Decimal("24")
