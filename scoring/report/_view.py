"""A Result as display rows: every cell already formatted as text for the HTML report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from scoring._result import Result
from scoring.report._format import (
    SEVERITY_LABELS,
    as_decimal,
    is_missing,
    kind_label,
    list_text,
    number_text,
    parse_schedule,
    percent_text,
)
from scoring.report._frames import indicators_of, pool_columns, project_key
from scoring.report.charts import MONTH_ENDS, spending_status


@dataclass(frozen=True)
class ProblemRow:
    """One problem as shown in a project's problem list."""

    source: str
    row: str
    column: str
    code: str
    severity: str
    severity_label: str
    message: str


@dataclass(frozen=True)
class IndicatorRow:
    """One 三级指标 with its score, as shown in a project's indicator table."""

    seq: str
    level1: str
    level2: str
    indicator: str
    target: str
    actual: str
    weight: str
    weight_distributed: bool
    weight_source: str
    kind: str
    attainment: str
    score: str
    status: str
    remarks: tuple[str, ...]
    note: str
    note_missing: bool


@dataclass(frozen=True)
class ProjectView:
    """One project: its summary line, its indicators and its problems."""

    anchor: str
    project_id: str
    project: str
    unit: str
    goal: str
    budget: str
    spent: str
    schedule: str
    execution_rate: str
    spending: str
    subtotals: tuple[str, ...]
    execution_score: str
    total: str
    grade: str
    warnings: str
    errors: str
    indicators: tuple[IndicatorRow, ...]
    problems: tuple[ProblemRow, ...]


@dataclass(frozen=True)
class ReportView:
    """Everything the HTML template shows, as text."""

    title: str
    year: str
    scheme_name: str
    scheme_hash: str
    source: str
    pools: tuple[str, ...]
    projects: tuple[ProjectView, ...]
    other_problems: tuple[ProblemRow, ...]
    indicator_count: int
    error_count: int
    warning_count: int


def _text(row: Mapping[str, Any], column: str) -> str:
    return number_text(row.get(column))


def _is_false(value: Any) -> bool:
    if is_missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in {"false", "no", "0", "否", "不适用"}
    return not bool(value)


def _problem_row(row: Mapping[str, Any]) -> ProblemRow:
    severity = _text(row, "severity")
    return ProblemRow(
        source=_text(row, "source"),
        row=_text(row, "row"),
        column=_text(row, "column"),
        code=_text(row, "code"),
        severity=severity,
        severity_label=SEVERITY_LABELS.get(severity, severity),
        message=_text(row, "message"),
    )


def _remarks(row: Mapping[str, Any]) -> tuple[str, ...]:
    remarks = []
    if not is_missing(row.get("comparator_inferred")) and bool(row.get("comparator_inferred")):
        remarks.append("比较方向为推定")
    flags = list_text(row.get("flags"))
    if flags:
        remarks.append(f"标记：{flags}")
    if not is_missing(row.get("manual_score")):
        remarks.append(f"人工评分 {_text(row, 'manual_score')}")
    if not is_missing(row.get("adjustment")):
        adjustment = f"自动得分 {_text(row, 'auto_score')}，调减 {_text(row, 'adjustment')}"
        if not is_missing(row.get("adjustment_reason")):
            adjustment += f"（{_text(row, 'adjustment_reason')}）"
        remarks.append(adjustment)
    message = _text(row, "message")
    if message:
        remarks.append(message)
    return tuple(remarks)


def _indicator_row(position: int, row: Mapping[str, Any]) -> IndicatorRow:
    applicable = not _is_false(row.get("applicable"))
    weight_used = as_decimal(row.get("weight_used"))
    score = as_decimal(row.get("final_score"))
    note = _text(row, "note")
    status = _text(row, "status") or "ok"
    return IndicatorRow(
        seq=_text(row, "seq") or str(position),
        level1=_text(row, "level1"),
        level2=_text(row, "level2"),
        indicator=_text(row, "indicator"),
        target=_text(row, "target"),
        actual=_text(row, "actual"),
        weight=_text(row, "weight_used") or _text(row, "weight"),
        weight_distributed=is_missing(row.get("weight")) and weight_used is not None,
        weight_source=_text(row, "weight_source"),
        kind=kind_label(row.get("kind")),
        attainment=percent_text(row.get("attainment"), share=True),
        score=_text(row, "final_score") if applicable else "不适用",
        status=status if applicable else "na",
        remarks=_remarks(row),
        note=note,
        note_missing=(applicable and not note and score is not None
                      and weight_used is not None and score < weight_used),
    )


def _spending(row: Mapping[str, Any]) -> str:
    rate = as_decimal(row.get("execution_rate"))
    plan = parse_schedule(row.get("schedule"))
    if rate is None or plan is None or len(plan) != len(MONTH_ENDS):
        return ""
    return spending_status(rate, plan[-1])


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [dict(zip(frame.columns, values, strict=True)) for values in frame.itertuples(
        index=False, name=None)]


def _project_view(
    result: Result, position: int, row: Mapping[str, Any], pools: list[str],
    problems: list[ProblemRow],
) -> ProjectView:
    key = project_key(row.get("project_id"))
    indicators = indicators_of(result, key)
    rate = row.get("execution_rate")
    return ProjectView(
        anchor=f"project-{position}",
        project_id=key,
        project=_text(row, "project"),
        unit=_text(row, "unit"),
        goal=_text(row, "goal"),
        budget=_text(row, "budget"),
        spent=_text(row, "spent"),
        schedule=_text(row, "schedule"),
        execution_rate=percent_text(rate, share=False) if not is_missing(rate) else "",
        spending=_spending(row),
        subtotals=tuple(_text(row, pool) for pool in pools),
        execution_score=_text(row, "execution_score"),
        total=_text(row, "total"),
        grade=_text(row, "grade"),
        warnings=_text(row, "warnings"),
        errors=_text(row, "errors"),
        indicators=tuple(
            _indicator_row(number, record)
            for number, record in enumerate(_records(indicators), start=1)
        ),
        problems=tuple(problems),
    )


def report_view(result: Result, *, source: str = "") -> ReportView:
    """The display rows of a result; problems go under their project, the rest at the end."""
    pools = pool_columns(result)
    project_rows = _records(result.projects)
    keys = [project_key(row.get("project_id")) for row in project_rows]
    by_project: dict[str, list[ProblemRow]] = {key: [] for key in keys}
    other: list[ProblemRow] = []
    severities = {"error": 0, "warning": 0}
    for record in _records(result.problems):
        problem = _problem_row(record)
        if problem.severity in severities:
            severities[problem.severity] += 1
        by_project.get(project_key(record.get("project_id")), other).append(problem)
    year = "" if result.year is None else str(result.year)
    return ReportView(
        title=result.title,
        year=year,
        scheme_name=result.scheme_name,
        scheme_hash=result.scheme_hash,
        source=source,
        pools=tuple(pools),
        projects=tuple(
            _project_view(result, position, row, pools, by_project[key])
            for position, (key, row) in enumerate(zip(keys, project_rows, strict=True), start=1)
        ),
        other_problems=tuple(other),
        indicator_count=len(result.indicators),
        error_count=severities["error"],
        warning_count=severities["warning"],
    )

