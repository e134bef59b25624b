"""An evaluation: projects and indicators read from one source, ready to score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from scoring.model.problems import Problem


@dataclass(frozen=True)
class Evaluation:
    """The canonical tables of one evaluation and where they came from.

    ``projects`` has ``_schema.PROJECT_COLUMNS``; ``indicators`` has
    ``_schema.INDICATOR_COLUMNS`` plus any extra columns of the source, passed through.
    ``scheme`` is a scheme name or path; ``settings`` overrides parts of it.
    ``problems`` are what the reader could not understand (bad rows are kept and reported).
    ``inputs`` are the files read.
    """

    title: str
    year: int | None
    scheme: str
    projects: pd.DataFrame
    indicators: pd.DataFrame
    source: Path | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    notes: str = ""
    problems: tuple[Problem, ...] = ()
    #: Every file the reader read (resolved), so that no output is ever written over one.
    inputs: tuple[Path, ...] = ()


class EvaluationError(ValueError):
    """An evaluation that cannot be read at all (missing, not a supported file, broken TOML)."""
