"""Fill-in workbooks for departments: targets pre-filled, only the answer cells unlocked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scoring.engine.choose import AUTO, choose_scheme
from scoring.model import form_layout as L
from scoring.model.evaluation import Evaluation
from scoring.outputs.workbook._choices import actual_choices
from scoring.outputs.workbook._instructions import write_instructions
from scoring.outputs.workbook._safe import save_atomically
from scoring.outputs.workbook._sheet import Line, Placed, Value, write_project
from scoring.outputs.workbook._titles import sheet_title
from scoring.outputs.workbook._values import (
    decimal_of,
    execution_weight,
    indicator_values,
    number_or_text,
    text_of,
)
from scoring.outputs.workbook.write import set_properties

#: Fields of an indicator line the department fills in.
EDITABLE_FIELDS: tuple[str, ...] = (
    "actual", "note", "adjustment", "adjustment_reason", "not_applicable", "manual_score",
)


def write_template(evaluation: Evaluation, path: str | Path) -> Path:
    """One protected sheet per project plus a 说明 sheet, saved atomically to ``path``."""
    path = Path(path)
    workbook = Workbook()
    guide = workbook.active
    assert isinstance(guide, Worksheet)
    guide.title = L.INSTRUCTIONS_SHEET
    write_instructions(guide)
    taken = {L.SUMMARY_SHEET.casefold(), L.INSTRUCTIONS_SHEET.casefold()}
    exec_weight = (execution_weight(evaluation.scheme) if evaluation.scheme != AUTO
                   else choose_scheme(evaluation.indicators).scheme.weights.execution)
    indicators = evaluation.indicators
    for _, project in evaluation.projects.iterrows():
        key = text_of(project["project_id"])
        rows = indicators[indicators["project_id"].map(text_of) == key]
        ws = workbook.create_sheet(sheet_title(text_of(project["project"]) or key, taken))
        _write_project(ws, project, rows, evaluation, exec_weight)
    set_properties(workbook, L.KIND_TEMPLATE, evaluation.title, evaluation.scheme, evaluation.year)
    save_atomically(workbook, path)
    return path


def _write_project(
    ws: Worksheet, project: pd.Series, rows: pd.DataFrame, evaluation: Evaluation,
    exec_weight: Decimal | None,
) -> None:
    header = {k: text_of(project.get(k)) for k in
              ("project_id", "project", "unit", "year", "schedule", "goal", "department",
               "goal_actual")}
    header["year"] = header["year"] or ("" if evaluation.year is None else str(evaluation.year))
    funds: dict[str, Value] = {
        "budget_initial": number_or_text(project.get("budget_initial")),
        "budget": number_or_text(project.get("budget")),
        "spent": number_or_text(project.get("spent")),
        "exec_weight": exec_weight,
    }
    lines = [_line(row) for _, row in rows.iterrows()]
    given = [decimal_of(line.values["weight"]) for line in lines]
    total = sum((w for w in given if w is not None), Decimal(0))
    complete = exec_weight is not None and all(w is not None for w in given)
    total_weight = total + exec_weight if complete and exec_weight is not None else None
    placed = write_project(ws, header, funds, lines, (total_weight, None),
                           editable=frozenset({*EDITABLE_FIELDS, "spent", "goal_actual"}))
    _protect(ws, placed, lines, evaluation.year)


def _line(row: pd.Series) -> Line:
    weight = decimal_of(row.get("weight"))
    values: dict[str, Value] = {
        **indicator_values(row),
        "weight": weight,
        "flags": "" if weight is not None else "分值由评分方案分配",
    }
    return Line(values)


def _protect(ws: Worksheet, placed: Placed, lines: list[Line], year: int | None) -> None:
    """Add the dropdowns, then protect the sheet (no password; answer cells are unlocked)."""
    validations: dict[tuple[str, ...], DataValidation] = {}
    deductions = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                allow_blank=True, errorStyle="warning", showErrorMessage=True,
                                errorTitle="扣分", error="扣分填写不小于 0 的数字")
    manual = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True, errorStyle="warning", showErrorMessage=True,
                            errorTitle="人工评分", error="人工评分填写 0 至分值之间的数字")
    ws.add_data_validation(deductions)
    ws.add_data_validation(manual)
    columns = {name: get_column_letter(L.column_of(name)) for name in EDITABLE_FIELDS}
    for row, line in zip(placed.lines, lines, strict=True):
        choices = actual_choices(str(line.values["target"] or ""),
                                 str(line.values["indicator"] or ""), year)
        if choices:
            _validation(ws, validations, choices, "实际完成值").add(f"{columns['actual']}{row}")
        _validation(ws, validations, L.YES_NO, "不适用").add(f"{columns['not_applicable']}{row}")
        deductions.add(f"{columns['adjustment']}{row}")
        manual.add(f"{columns['manual_score']}{row}")
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _validation(
    ws: Worksheet, known: dict[tuple[str, ...], DataValidation], choices: tuple[str, ...],
    title: str,
) -> DataValidation:
    """One list validation per distinct choice list; typing another value only warns."""
    if choices not in known:
        quoted = ",".join(c.replace('"', "") for c in choices)
        validation = DataValidation(type="list", formula1=f'"{quoted}"', allow_blank=True,
                                    errorStyle="warning", showErrorMessage=True,
                                    errorTitle=title, error="请从下拉列表中选择")
        ws.add_data_validation(validation)
        known[choices] = validation
    return known[choices]

