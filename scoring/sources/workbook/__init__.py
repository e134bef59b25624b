"""Official 项目支出绩效自评表 workbooks read back: filled tables and fill-in templates."""

from __future__ import annotations

from scoring.sources.workbook._errors import WorkbookError
from scoring.sources.workbook.read import read_template, read_workbook

__all__ = [
    "WorkbookError",
    "read_template",
    "read_workbook",
]
