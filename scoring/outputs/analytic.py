"""Analytic views of a result that are not official scores.

``budget_weighted_average``: per unit, the average of its projects' totals weighted by their
全年预算数. domain.md §9: the national system does not average project scores into a
部门整体 score (a 部门整体 self-evaluation is a tree of its own, scored like a project); this
average is offered to analysts as a view of the department's projects, labelled as such.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd

from scoring.engine.execution import parse_amount
from scoring.engine.rounding import round_half_up
from scoring.model.result import Result

#: The label every output of this view carries.
ANALYTIC_LABEL = ("analytic view, not the official 部门整体 score: budget-weighted average of "
                  "project totals")


def render_average(table: pd.DataFrame, by: str = "unit") -> str:
    """The view as text lines for the terminal, headed by its label."""
    lines = [ANALYTIC_LABEL]
    for record in table.to_dict("records"):
        value = record["weighted_total"]
        shown = f"{value:f}" if isinstance(value, Decimal) else "—"
        lines.append(f"  {record[by] or '(no ' + by + ')'}: {shown} over {record['projects']} "
                     f"projects, budget {record['budget']:f}"
                     + (f"; {record['left_out']} left out (no total or no budget)"
                        if record["left_out"] else ""))
    return "\n".join(lines) + "\n"


def _amount(cell: object) -> Decimal | None:
    try:
        return parse_amount(cell)
    except ValueError:
        return None


def budget_weighted_average(result: Result, *, by: str = "unit", places: int = 2) -> pd.DataFrame:
    """Per value of the projects column ``by`` (the unit by default): the projects counted, the
    budget they weigh with, Σ(total × 全年预算数) / Σ 全年预算数 half-up to ``places``, and the
    projects left out (no total, or no budget above 0), with ``label`` saying what it is.

    Columns: ``<by>, projects, budget, weighted_total, left_out, label``.
    """
    projects = result.projects
    groups = (projects[by].astype(str).tolist() if by in projects.columns
              else [""] * len(projects))
    sums: dict[str, list[Decimal]] = {}
    counts: dict[str, list[int]] = {}
    for group, total, budget in zip(groups, projects["total"], projects["budget"], strict=True):
        weights = sums.setdefault(group, [Decimal(0), Decimal(0)])
        tally = counts.setdefault(group, [0, 0])
        amount = _amount(budget)
        if not isinstance(total, Decimal) or amount is None or amount <= 0:
            tally[1] += 1
            continue
        weights[0] += total * amount
        weights[1] += amount
        tally[0] += 1
    records = [
        {by: group, "projects": counts[group][0], "budget": budget,
         "weighted_total": (round_half_up(Fraction(weighted) / Fraction(budget), places)
                            if budget > 0 else None),
         "left_out": counts[group][1], "label": ANALYTIC_LABEL}
        for group, (weighted, budget) in sums.items()
    ]
    return pd.DataFrame.from_records(
        records, columns=[by, "projects", "budget", "weighted_total", "left_out", "label"])
