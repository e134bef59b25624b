"""The 汇总 sheet: one line per project with its funding, subtotals, total and grade."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scoring.model.result import Result
from scoring.outputs.workbook._sheet import Canvas
from scoring.outputs.workbook._styles import HEADER, Style
from scoring.outputs.workbook._values import decimal_of, text_of

HEADER_ROW = 4
FIXED = (
    ("project_id", "项目编码", 14, "text"),
    ("project", "项目", 30, "text"),
    ("budget", "全年预算数(万元)", 12, "number"),
    ("spent", "全年执行数(万元)", 12, "number"),
    ("execution_rate", "执行率(%)", 10, "number"),
    ("execution_score", "执行率得分", 10, "number"),
)
TRAILING = (
    ("total", "总分", 9, "number"),
    ("grade", "等级", 7, "text"),
    ("warnings", "警告", 7, "count"),
    ("errors", "错误", 7, "count"),
)


def pool_columns(result: Result) -> list[str]:
    """The per-一级 subtotal columns of the projects table, in the order the pools appear."""
    if "pool" not in result.indicators.columns:
        return []
    ordered = list(dict.fromkeys(text_of(p) for p in result.indicators["pool"] if text_of(p)))
    return [p for p in ordered if p in result.projects.columns]


def write_summary(ws: Worksheet, result: Result) -> None:
    """Title, scheme name and hash, then one row per project."""
    columns = [*FIXED, *((p, f"{p}得分", 10, "number") for p in pool_columns(result)), *TRAILING]
    canvas = Canvas(ws)
    plain = Style()
    canvas.merged(1, 1, len(columns), result.title or "项目支出绩效自评汇总",
           Style(font="title", align="centre"))
    canvas.put(2, 1, "评分方案", HEADER)
    chosen = f"({result.scheme_choice})" if result.scheme_choice else ""
    canvas.merged(2, 2, len(columns), result.scheme_name + chosen, plain)
    canvas.put(3, 1, "方案哈希", HEADER)
    canvas.merged(3, 2, len(columns), result.scheme_hash, plain)
    for index, (_, header, width, _) in enumerate(columns, 1):
        canvas.put(HEADER_ROW, index, header, HEADER)
        ws.column_dimensions[get_column_letter(index)].width = width
    for offset, (_, project) in enumerate(result.projects.iterrows(), 1):
        for index, (name, _, _, kind) in enumerate(columns, 1):
            value = project.get(name)
            number = decimal_of(value) if kind != "text" else None
            if number is None:
                canvas.put(HEADER_ROW + offset, index, text_of(value))
            else:
                number_format = "0" if kind == "count" else "0.00"
                canvas.put(HEADER_ROW + offset, index, number,
                    Style(number_format=number_format, border=True))
    canvas.finish((HEADER_ROW, HEADER_ROW + len(result.projects), len(columns)))
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
