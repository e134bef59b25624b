"""What scoring an evaluation returns."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from scoring.model.codes import Severity


@dataclass(frozen=True)
class Result:
    """Scored indicators and projects of one evaluation under one scheme.

    ``indicators``: the canonical indicator columns plus ``_schema.RESULT_COLUMNS``.
    ``projects``: the canonical project columns plus one subtotal column per 一级 pool of the
    scheme (named as in the scheme, e.g. ``产出指标``), ``execution_rate`` (percent, Decimal, 2
    places), ``execution_score``, ``total``, ``grade``, ``warnings``, ``errors``.
    ``problems``: one row per problem found (``project_id, row, column, code, severity,
    message``), collected lazily, never stopping at the first.
    Scores are ``decimal.Decimal`` quantised to the scheme's places (object columns).
    ``pools`` names the subtotal columns in order; ``execution_weight`` is the points of the
    预算执行率 line under the scheme (0 when the framework has none: the total is the sum of
    the tree); ``source`` is where the evaluation was read from; ``scheme_choice`` says why
    the scheme was chosen when it was chosen automatically (``auto``), else ''.
    """

    title: str
    year: int | None
    scheme_name: str
    scheme_hash: str
    indicators: pd.DataFrame
    projects: pd.DataFrame
    problems: pd.DataFrame
    pools: tuple[str, ...] = ()
    execution_weight: Decimal | None = None
    source: Path | None = None
    scheme_choice: str = ""

    @property
    def has_errors(self) -> bool:
        """Whether any row could not be scored."""
        if not len(self.problems):
            return False
        return bool((self.problems["severity"] == Severity.ERROR).any())
