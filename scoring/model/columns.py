"""Column names of the canonical tables every reader produces and every writer consumes."""

from __future__ import annotations

from scoring.model.codes import Status

#: One row per 三级指标. ``target``/``actual`` stay verbatim strings; ``weight`` may be empty.
INDICATOR_COLUMNS: tuple[str, ...] = (
    "project_id",
    "project",
    "seq",
    "level1",
    "level2",
    "indicator",
    "target",
    "actual",
    "weight",
    "basis",
    "note",
    "adjustment",
    "adjustment_reason",
    "manual_score",
    "applicable",
)

#: One row per project (资金 line). ``schedule`` is the planned cumulative spending in %,
#: e.g. ``25,50,75,100`` for 3/6/10/12月底.
PROJECT_COLUMNS: tuple[str, ...] = (
    "project_id",
    "project",
    "unit",
    "year",
    "budget_initial",
    "budget",
    "spent",
    "schedule",
    "goal",
)

#: Columns the scorer adds to each indicator row.
RESULT_COLUMNS: tuple[str, ...] = (
    "pool",
    "weight_used",
    "weight_source",
    "kind",
    "comparator_inferred",
    "target_value",
    "target_unit",
    "actual_value",
    "attainment",
    "auto_score",
    "final_score",
    "status",
    "code",
    "error_column",
    "flags",
    "detail",
    "message",
)

#: Columns the scorer adds to each project row after the per-一级 subtotals.
PROJECT_RESULT_COLUMNS: tuple[str, ...] = (
    "execution_rate",
    "execution_score",
    "total",
    "grade",
    "warnings",
    "errors",
    "not_applicable_factor",
)

#: Values of the ``status`` result column (``_codes.Status``).
STATUSES: tuple[str, ...] = tuple(Status)
