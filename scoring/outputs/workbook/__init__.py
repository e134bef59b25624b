"""Official 项目支出绩效自评表 workbooks written: scored results and fill-in templates."""

from __future__ import annotations

from scoring.outputs.workbook.template import write_template
from scoring.outputs.workbook.write import write_workbook

__all__ = [
    "write_template",
    "write_workbook",
]
