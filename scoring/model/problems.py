"""Problems found while reading or scoring, collected lazily into one table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scoring.model.codes import Severity

__all__ = ["PROBLEM_COLUMNS", "Problem", "Severity", "problems_frame"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, located as precisely as the source allows.

    ``row`` is the 1-based row of the source file (a CSV data row counts from 2, after the
    header; a worksheet row is the sheet's own row number); ``column`` names the column or cell;
    ``code`` is a ``_codes.ProblemCode`` (a warning row's: its first review ``Flag``; a reader's
    or lint's: their own codes).
    """

    source: str
    row: int | None
    column: str | None
    code: str
    severity: Severity
    message: str
    project_id: str = ""

    def __str__(self) -> str:
        where = self.source
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.severity.value}: {self.message} [{self.code}]"


PROBLEM_COLUMNS: tuple[str, ...] = (
    "source", "row", "column", "code", "severity", "message", "project_id",
)


def problems_frame(problems: list[Problem] | tuple[Problem, ...]) -> pd.DataFrame:
    """The problems as a table with ``PROBLEM_COLUMNS``, in the order found."""
    rows = [{name: getattr(problem, name) for name in PROBLEM_COLUMNS} for problem in problems]
    return pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS))
