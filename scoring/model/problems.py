"""Problems found while reading or scoring, collected lazily into one table.

A few problems (a reader's, a project's) are ``Problem`` objects; the many of the indicator
rows are built as columns (``problem_block``) and never become objects unless a caller iterates
over them (``iter_problems``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.model.codes import Severity

__all__ = ["PROBLEM_COLUMNS", "Problem", "Severity", "iter_problems", "problem_block",
           "problems_frame"]


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




def problem_block(columns: Mapping[str, Sequence[Any] | npt.NDArray[Any]]) -> pd.DataFrame:
    """A problems table of ``PROBLEM_COLUMNS`` from one sequence per column (every column an
    object column, as in any other problems table, full or empty)."""
    return pd.DataFrame({name: pd.Series(list(columns[name]) if not isinstance(
        columns[name], np.ndarray) else columns[name], dtype=object)
                         for name in PROBLEM_COLUMNS}, columns=list(PROBLEM_COLUMNS))


def problems_frame(*parts: Sequence[Problem] | pd.DataFrame) -> pd.DataFrame:
    """The problems as a table with ``PROBLEM_COLUMNS`` (object columns), in the order found:
    each part is a list of ``Problem`` objects or a table of ``problem_block``."""
    blocks = [part if isinstance(part, pd.DataFrame) else problem_block(
        {name: [getattr(problem, name) for problem in part] for name in PROBLEM_COLUMNS})
        for part in parts]
    blocks = [block for block in blocks if len(block)]
    if not blocks:
        return problem_block({name: [] for name in PROBLEM_COLUMNS})
    if len(blocks) == 1:
        return blocks[0].reset_index(drop=True)
    return pd.concat(blocks, ignore_index=True)


def iter_problems(table: pd.DataFrame) -> Iterator[Problem]:
    """The rows of a problems table as ``Problem`` objects, built one at a time."""
    for source, row, column, code, severity, message, project_id in table[
            list(PROBLEM_COLUMNS)].itertuples(index=False, name=None):
        yield Problem(source, None if pd.isna(row) else int(row),
                      None if column is None or pd.isna(column) else column, code,
                      Severity(severity), message, project_id)
