"""Small indicator tables for the scorer's tests."""

from __future__ import annotations

from typing import Any

import pandas as pd


def table(*rows: dict[str, Any]) -> pd.DataFrame:
    """An indicator table of string cells; unspecified columns are empty."""
    base = {
        "project_id": "P1", "level1": "产出指标", "level2": "数量指标", "indicator": "数量",
        "target": "", "actual": "", "weight": "", "manual_score": "", "adjustment": "",
        "adjustment_reason": "", "applicable": "",
    }
    return pd.DataFrame([{**base, **row} for row in rows], dtype=object)
