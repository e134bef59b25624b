"""The error raised for a workbook that cannot be understood."""

from __future__ import annotations

from scoring.model.evaluation import EvaluationError


class WorkbookError(EvaluationError):
    """A workbook, sheet or cell that cannot be read; the message names file, sheet and cell."""
