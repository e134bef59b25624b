"""Official 项目支出绩效自评表 workbooks: read filled ones, write scored ones, make templates."""

from __future__ import annotations

from scoring.workbook._errors import WorkbookError
from scoring.workbook.read import read_template, read_workbook
from scoring.workbook.template import write_template
from scoring.workbook.write import write_workbook

__all__ = [
    "WorkbookError",
    "read_template",
    "read_workbook",
    "write_template",
    "write_workbook",
]
