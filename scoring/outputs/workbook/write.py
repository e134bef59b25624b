"""Write scored results as official 项目支出绩效自评表 sheets plus a 汇总 summary sheet."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pandas as pd
from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.worksheet.worksheet import Worksheet

from scoring.model import form_layout as L
from scoring.model.codes import ACTUAL_PREFIX, TARGET_PREFIX, Status
from scoring.model.result import Result
from scoring.outputs.html_report._format import flags_explained
from scoring.outputs.workbook._safe import save_atomically
from scoring.outputs.workbook._sheet import Line, Value, write_project
from scoring.outputs.workbook._summary import write_summary
from scoring.outputs.workbook._titles import sheet_title
from scoring.outputs.workbook._values import (
    decimal_of,
    execution_weight,
    indicator_values,
    number_or_text,
    text_of,
)


def write_workbook(result: Result, path: str | Path) -> Path:
    """One official sheet per project and a 汇总 sheet, saved atomically to ``path``."""
    path = Path(path)
    workbook = Workbook()
    summary = workbook.active
    assert isinstance(summary, Worksheet)
    summary.title = L.SUMMARY_SHEET
    taken = {L.SUMMARY_SHEET.casefold(), L.INSTRUCTIONS_SHEET.casefold()}
    by_project = _grouped(result.indicators)
    for _, project in result.projects.iterrows():
        key = text_of(project["project_id"])
        rows = by_project.get(key, pd.DataFrame(columns=result.indicators.columns))
        ws = workbook.create_sheet(sheet_title(text_of(project["project"]) or key, taken))
        _write_project(ws, project, rows, result)
    write_summary(summary, result)
    set_properties(workbook, L.KIND_RESULT, result.title, result.scheme_name, result.year)
    save_atomically(workbook, path)
    return path


def set_properties(
    workbook: Workbook, kind: str, title: str, scheme: str, year: int | None
) -> None:
    """Record what the workbook is, so reading it back restores title, scheme and year."""
    workbook.properties.title = title
    for name, value in ((L.PROP_KIND, kind), (L.PROP_TITLE, title), (L.PROP_SCHEME, scheme),
                        (L.PROP_YEAR, "" if year is None else str(year))):
        if value:
            cast(Any, workbook).custom_doc_props.append(StringProperty(name=name, value=value))


def _grouped(indicators: pd.DataFrame) -> dict[str, pd.DataFrame]:
    if not len(indicators):
        return {}
    keys = indicators["project_id"].map(text_of)
    return {str(k): group for k, group in indicators.groupby(keys, sort=False)}


def _write_project(ws: Worksheet, project: pd.Series, rows: pd.DataFrame, result: Result) -> None:
    exec_weight = _execution_weight(project, result)
    funds: dict[str, Value] = {
        "budget_initial": number_or_text(project.get("budget_initial")),
        "budget": number_or_text(project.get("budget")),
        "spent": number_or_text(project.get("spent")),
        "exec_weight": exec_weight,
        "exec_rate": decimal_of(project.get("execution_rate")),
        "exec_score": decimal_of(project.get("execution_score")),
    }
    lines = [result_line(row) for _, row in rows.iterrows()]
    weights = [decimal_of(r.get("weight_used")) for _, r in rows.iterrows()]
    total_weight = sum((w for w in weights if w is not None), Decimal(0))
    if exec_weight is not None:
        total_weight += exec_weight
    header = {k: text_of(project.get(k)) for k in
              ("project_id", "project", "unit", "year", "schedule", "goal", "department",
               "goal_actual")}
    header["year"] = header["year"] or ("" if result.year is None else str(result.year))
    write_project(ws, header, funds, lines, (total_weight, decimal_of(project.get("total"))))


def result_line(row: Mapping[str, Any] | pd.Series) -> Line:
    """An indicator row of a Result as a written line, flagged by its status."""
    status = text_of(row.get("status"))
    flags = text_of(row.get("flags"))
    message = text_of(row.get("message"))
    remark = "；".join(part for part in (flags_explained(flags), message) if part)
    values: dict[str, Value] = {
        **indicator_values(row),
        "weight": decimal_of(row.get("weight_used")),
        "score": decimal_of(row.get("final_score")),
        "flags": remark,
    }
    flagged = status in (Status.WARNING, Status.ERROR) or any(
        flag and not flag.startswith((TARGET_PREFIX, ACTUAL_PREFIX)) for flag in flags.split(";")
    )
    return Line(values, status if status in (Status.WARNING, Status.ERROR) else
                (Status.WARNING if flagged else ""), remark if flagged else "")


def _execution_weight(project: pd.Series, result: Result) -> Decimal | None:
    """The 执行率 分值: from the projects table when it has one, else from the named scheme."""
    for column in ("execution_weight", "exec_weight"):
        if column in project.index and (value := decimal_of(project[column])) is not None:
            return value
    return execution_weight(result.scheme_name)
