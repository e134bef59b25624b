"""Workbooks built with openpyxl for the workbook tests: official layouts, merged cells and all."""

from __future__ import annotations

import importlib
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from scoring.model.columns import INDICATOR_COLUMNS, PROJECT_COLUMNS, RESULT_COLUMNS
from scoring.model.evaluation import Evaluation
from scoring.model.result import Result

FUNDS_HEADER = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")

#: (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因) of the 廊坊 暖通改造 table.
NATIONAL_ROWS: tuple[tuple[Any, ...], ...] = (
    ("产出指标(50分)", "数量指标", "改造面积", "≥2304.9平方米", "2410平方米", 20, 20, None),
    (None, None, "改造数量", "≥3 个", 2, "15", "10", "一处延期"),
    (None, "质量指标", "验收合格率", "≥95%", "96%", 15, 15, None),
    ("效益指标(30分)", "社会效益指标", "供暖效果", "有效提升", "达成年度指标", 30, 30, None),
    ("满意度指标(10分)", "服务对象满意度指标", "师生满意度", "≥90%", 0.92, 10, 10, None),
)


def _merge_runs(ws: Worksheet, first: int, rows: tuple[tuple[Any, ...], ...], col: int) -> None:
    """Merge each non-empty 一级/二级 cell down over the blank cells below it."""
    start = None
    for offset in range(len(rows) + 1):
        value = rows[offset][col] if offset < len(rows) else "end"
        if value is not None:
            if start is not None and offset - 1 > start:
                ws.merge_cells(start_row=first + start, start_column=col + 2,
                               end_row=first + offset - 1, end_column=col + 2)
            start = offset


def write_national_block(ws: Worksheet, top: int, name: str, year: int = 2019,
                         rows: tuple[tuple[Any, ...], ...] = NATIONAL_ROWS,
                         spacer: bool = True) -> int:
    """One national-layout project starting at row ``top``; returns the row after 总分."""
    ws.cell(top, 1, "项目支出绩效自评表")
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=10)
    ws.cell(top + 1, 1, f"（{year}年度）")
    ws.cell(top + 2, 1, "项目名称")
    ws.cell(top + 2, 2, name)
    ws.merge_cells(start_row=top + 2, start_column=2, end_row=top + 2, end_column=10)
    ws.cell(top + 3, 1, "主管部门")
    ws.cell(top + 3, 2, "廊坊市教育局")
    ws.cell(top + 3, 6, "实施单位")
    ws.cell(top + 3, 7, "廊坊市食品工程学校")
    ws.cell(top + 4, 1, "项目资金\n（万元）")
    ws.merge_cells(start_row=top + 4, start_column=1, end_row=top + 7, end_column=1)
    for col, head in enumerate(FUNDS_HEADER, 3):
        ws.cell(top + 4, col, head)
    ws.cell(top + 5, 2, "年度资金总额")
    funds: list[Any] = [43.2, "43.2", "37.24", 10, "86%", 9]
    for col, value in enumerate(funds, 3):
        ws.cell(top + 5, col, value)
    ws.cell(top + 6, 2, "其中：当年财政拨款")
    ws.cell(top + 6, 4, 40)
    ws.cell(top + 7, 2, "其他资金")
    ws.cell(top + 8, 1, "年度总体目标")
    ws.cell(top + 8, 2, "预期目标")
    ws.merge_cells(start_row=top + 8, start_column=2, end_row=top + 8, end_column=5)
    ws.cell(top + 8, 6, "实际完成情况")
    ws.cell(top + 9, 2, "完成办公宿舍楼暖通改造")
    ws.merge_cells(start_row=top + 9, start_column=2, end_row=top + 9, end_column=5)
    ws.cell(top + 9, 6, "已完成改造")
    header = top + 10
    for col, head in enumerate(["绩效指标", "一级指标", "二级指标", "三级 指标", "年度\n指标值",
                                "实际完成值", "分值", "得分", "偏差原因分析及改进措施"], 1):
        ws.cell(header, col, head)
    row = header + 1
    first = row
    for index, values in enumerate(rows):
        for col, value in enumerate(values, 2):
            if value is not None:
                ws.cell(row, col, value)
        if isinstance(values[4], float):
            ws.cell(row, 6).number_format = "0%"  # 0.92 shown as 92%
        row += 1
        if spacer and index == 2:
            row += 1  # a blank spacer row inside the table
    if not spacer:
        _merge_runs(ws, first, rows, 0)
        _merge_runs(ws, first, rows, 1)
    ws.cell(row, 1, "总分")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    ws.cell(row, 7, 100)
    ws.cell(row, 8, "94")
    return row + 1


def national_workbook(path: Path, stacked: bool = False,
                      rows: tuple[tuple[Any, ...], ...] = NATIONAL_ROWS) -> Path:
    """Two projects, one per sheet, or both stacked on one sheet.

    The first uses merged 一级/二级 cells; the second leaves them blank below their first
    row and has a blank spacer row inside its table.
    """
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = "暖通改造"
    after = write_national_block(ws, 1, "办公宿舍楼、食堂及餐厅暖通改造经费", rows=rows,
                                 spacer=False)
    second = ws if stacked else wb.create_sheet("第二个项目")
    top = after + 2 if stacked else 1
    write_national_block(second, top, "校园绿化提升", year=2019, rows=NATIONAL_ROWS[:4])
    wb.save(path)
    return path


def with_wrong_dimension(path: Path) -> Path:
    """Rewrite every sheet's <dimension ref> to A1:A1, as some WPS versions save it."""
    target = path.with_name(path.stem + "-wps.xlsx")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1"', data)
            zout.writestr(item, data)
    return target


SICHUAN_HEADER = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值",
                  "权重", "得分", "偏差原因分析及改进措施")
SICHUAN_ROWS: tuple[tuple[Any, ...], ...] = (
    ("产出指标", "数量指标", "培训人次", "≧", 735, "人次", "750", "30", 30, None),
    (None, "时效指标", "完成时间", "≤", "12", "月", "11", "20", 20, None),
    ("效益指标", "社会效益指标", "群众知晓度", "定性", "有效提升", None, "达成年度指标", 30, 30,
     None),
    ("满意度指标", "服务对象满意度指标", "满意度", "≥", "90", "%", "88", "10%", 9.78, "宣传不足"),
)


def sichuan_workbook(path: Path, grouped: bool = False) -> Path:
    """The Sichuan form: 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分.

    ``grouped`` prints the three target cells under a merged 年度指标值 header (two header rows).
    """
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = "项目1"
    ws["A1"] = "部门预算项目支出绩效自评表"
    ws["A2"] = "（2023年度）"
    ws["A3"] = "项目名称"
    ws["C3"] = "全县安可替代补助资金项目"
    ws["A4"] = "项目资金(万元)"
    for col, head in enumerate(FUNDS_HEADER, 3):
        ws.cell(5, col, head)
    ws.cell(6, 2, "年度资金总额")
    for col, value in enumerate([0, 3.36, 3.36, 10, 1.0, 10], 3):
        ws.cell(6, col, value)
    ws.cell(6, 7).number_format = "0.00%"
    for col, head in enumerate(SICHUAN_HEADER, 1):
        ws.cell(8, col, head)
    first = 9
    if grouped:
        ws.insert_rows(8)
        for col in (1, 2, 3, 7, 8, 9, 10):
            ws.cell(8, col, SICHUAN_HEADER[col - 1])
            ws.cell(9, col, None)
            ws.merge_cells(start_row=8, start_column=col, end_row=9, end_column=col)
        ws.cell(8, 4, "年度指标值")
        ws.merge_cells("D8:F8")
        first = 10
    for row, values in enumerate(SICHUAN_ROWS, first):
        for col, value in enumerate(values, 1):
            if value is not None:
                ws.cell(row, col, value)
    ws.merge_cells(start_row=first, start_column=1, end_row=first + 1, end_column=1)
    ws.cell(first + 4, 1, "合计")
    ws.cell(first + 4, 9, 99.78)
    wb.save(path)
    return path


def evaluation(year: int = 2024) -> Evaluation:
    """A two-project evaluation in canonical tables (strings, as a folder reader gives)."""
    projects = pd.DataFrame([
        ["GX-01", "危岩清理", "承德县自然资源和规划局", str(year), "50", "50", "48.5",
         "25,50,75,100", "清理危岩体"],
        ["GX-02", "=HYPERLINK(\"http://x\")", "承德县自然资源和规划局", str(year), "20", "20", "",
         "", "@SUM(A1)"],
    ], columns=list(PROJECT_COLUMNS))
    rows = [
        ["GX-01", "危岩清理", "1", "产出指标", "数量指标", "清理危岩、浮渣体积", "≥2304.9 立方米",
         "2410 立方米", "20", "", "", "", "", "", ""],
        ["GX-01", "危岩清理", "2", "产出指标", "数量指标", "设置警示牌", "≥10 个", "8 个", "10",
         "", "两块延期", "", "", "", "true"],
        ["GX-01", "危岩清理", "3", "产出指标", "质量指标", "验收合格率", "=100%", "100%", "20",
         "依据", "", "2", "-超标扣分", "", ""],
        ["GX-01", "危岩清理", "4", "效益指标", "社会效益指标", "群众安全感", "一般/较好/很好", "",
         "30", "", "", "", "", "", ""],
        ["GX-01", "危岩清理", "5", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%",
         "", "", "", "", "", "", "", "false"],
        ["GX-02", "=HYPERLINK(\"http://x\")", "1", "产出指标", "数量指标", "+培训", "达到预期目的",
         "", "50", "", "", "", "", "", ""],
    ]
    indicators = pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS))
    return Evaluation(title="承德县 2024 自评", year=year, scheme="national-2020",
                      projects=projects, indicators=indicators)


def _objects(values: list[Any]) -> pd.Series:
    """A column of Python objects (Decimal, None), as the scorer produces."""
    return pd.Series(values, dtype=object)


def scored(ev: Evaluation) -> Result:
    """A Result built by hand from ``ev``, scores worked out from domain.md §5–§7."""
    ind = ev.indicators.copy()
    d = Decimal
    ind["pool"] = ind["level1"]
    ind["weight_used"] = _objects([d("20"), d("10"), d("20"), d("30"), d("10"), d("50")])
    ind["weight_source"] = ["table"] * 5 + ["table"]
    for column in RESULT_COLUMNS:
        if column not in ind.columns:
            ind[column] = ""
    # 2410/2304.9 ≥ 1 → 20; 8/10·10 = 8; 100% → 20 − 2 = 18; no actual → error; n/a; no actual.
    ind["final_score"] = _objects([d("20.00"), d("8.00"), d("18.00"), None, None, None])
    ind["status"] = ["ok", "warning", "ok", "error", "ok", "error"]
    ind["flags"] = ["", "below_target", "", "", "", ""]
    ind["message"] = ["", "", "", "实际完成值为空", "", "实际完成值为空"]
    proj = ev.projects.copy()
    proj["产出指标"] = _objects([d("46.00"), d("0.00")])
    proj["效益指标"] = _objects([d("0.00"), d("0.00")])
    proj["满意度指标"] = _objects([d("0.00"), d("0.00")])
    proj["execution_rate"] = _objects([d("97.00"), None])
    proj["execution_score"] = _objects([d("9.70"), None])
    proj["total"] = _objects([d("55.70"), None])
    proj["grade"] = ["差", ""]
    proj["warnings"] = [1, 0]
    proj["errors"] = [1, 1]
    problems = pd.DataFrame(columns=["project_id", "row", "column", "code", "severity", "message"])
    return Result(title=ev.title, year=ev.year, scheme_name="national-2020",
                  scheme_hash="abc123", indicators=ind, projects=proj, problems=problems)


def engine() -> Callable[[Evaluation], Result] | None:
    """``scoring.engine.evaluate.evaluate`` once the scorer and the target grammar are installed."""
    try:
        evaluate = importlib.import_module("scoring.engine.evaluate").evaluate
        importlib.import_module("units").parse_target  # noqa: B018 - the grammar it needs
    except (ImportError, AttributeError):
        return None
    function: Callable[[Evaluation], Result] = evaluate
    return function
