"""Small indicator tables for the scorer's tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

import units
import weights
from scoring.engine.frame import scheme_vocabulary
from scoring.engine.rules import score_indicator


def table(*rows: dict[str, Any]) -> pd.DataFrame:
    """An indicator table of string cells; unspecified columns are empty."""
    base = {
        "project_id": "P1", "level1": "产出指标", "level2": "数量指标", "indicator": "数量",
        "target": "", "actual": "", "weight": "", "manual_score": "", "adjustment": "",
        "adjustment_reason": "", "applicable": "",
    }
    return pd.DataFrame([{**base, **row} for row in rows], dtype=object)


def reference_scores(result: pd.DataFrame, scheme: weights.Scheme,
                     year: int | None = 2024) -> list[Decimal | None]:
    """Each row scored alone by the Decimal reference ``rules.score_indicator``, with the
    weight and pool the frame used."""
    found: list[Decimal | None] = []
    vocabulary = scheme_vocabulary(scheme)
    for row in result.to_dict("records"):
        try:
            target = units.parse_target(row["target"], year=year, indicator=row["indicator"])
        except units.ParseError:
            target = None
        actual = None
        if target is not None and row["actual"]:
            try:
                actual = units.parse_actual(row["actual"], target, year=year,
                                            vocabulary=vocabulary)
            except units.ParseError:
                actual = None
        manual = Decimal(str(row["manual_score"])) if row.get("manual_score") else None
        weight = row["weight_used"] or Decimal(0)
        scored = score_indicator(target, actual, weight, scheme, year=year, manual_score=manual,
                                 adjustment_reason=row.get("adjustment_reason") or "",
                                 rubric=row["pool"] in scheme.tree.rubric)
        found.append(scored.final_score)
    return found
