"""What the report reads from a Result beyond single cells: pools, maxima, rows per project."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from scoring.model.columns import PROJECT_COLUMNS, PROJECT_RESULT_COLUMNS
from scoring.model.result import Result
from scoring.outputs.html_report._format import as_decimal, is_missing

#: Display name of the budget-execution line.
EXECUTION_LABEL = "预算执行率"


def project_key(value: Any) -> str:
    """A project id as text, so ids read as numbers and as strings match."""
    number = as_decimal(value) if not isinstance(value, str) else None
    if number is not None and number == number.to_integral_value():
        return str(int(number))
    return "" if is_missing(value) else str(value).strip()


def pool_columns(result: Result) -> list[str]:
    """The per-一级 subtotal columns of ``result.projects``, in table order.

    They are ``result.pools``; for a Result built without them, the columns that are neither
    canonical nor scorer totals and hold only numbers.
    """
    if result.pools:
        return list(result.pools)
    projects = result.projects
    known = set(PROJECT_COLUMNS) | set(PROJECT_RESULT_COLUMNS)
    return [
        str(column)
        for column in projects.columns
        if column not in known
        and all(is_missing(cell) or as_decimal(cell) is not None for cell in projects[column])
    ]


def indicators_of(result: Result, key: str) -> pd.DataFrame:
    """The indicator rows of one project, in table order."""
    indicators = result.indicators
    if "project_id" not in indicators.columns:
        return indicators.iloc[0:0]
    mask = [project_key(value) == key for value in indicators["project_id"]]
    return indicators.loc[mask]


def pool_maxima(result: Result, key: str, pools: list[str]) -> dict[str, Decimal]:
    """Points each pool can earn in one project: the sum of its indicators' weights used."""
    maxima = dict.fromkeys(pools, Decimal(0))
    rows = indicators_of(result, key)
    if "pool" not in rows.columns or "weight_used" not in rows.columns:
        return maxima
    for pool, weight in zip(rows["pool"], rows["weight_used"], strict=True):
        points = as_decimal(weight)
        if not is_missing(pool) and str(pool) in maxima and points is not None:
            maxima[str(pool)] += points
    return maxima


def execution_points(result: Result) -> Decimal | None:
    """The points of the execution line as seen in the result: the score of a project that
    spent its whole budget (执行率 ≥ 100%); None when no project did."""
    projects = result.projects
    if not {"execution_rate", "execution_score"} <= set(projects.columns):
        return None
    full = [
        as_decimal(score)
        for rate, score in zip(projects["execution_rate"], projects["execution_score"], strict=True)
        if (as_decimal(rate) or Decimal(0)) >= 100
    ]
    found = [points for points in full if points is not None]
    return max(found) if found else None
