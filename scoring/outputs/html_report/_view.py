"""A Result as display rows: every cell already formatted as text for the HTML report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from scoring.engine.rounding import round_half_up
from scoring.model.codes import Flag, Severity, Status
from scoring.model.result import Result
from scoring.outputs.html_report._format import (
    SEVERITY_LABELS,
    as_decimal,
    column_label,
    count_text,
    flag_codes,
    flag_label,
    is_missing,
    kind_label,
    number_text,
    parse_schedule,
    percent_text,
)
from scoring.outputs.html_report._frames import indicators_of, pool_columns, project_key
from scoring.outputs.html_report.charts import MONTH_ENDS, spending_status


@dataclass(frozen=True)
class ProblemRow:
    """One problem as shown in a project's problem list."""

    source: str
    row: str
    column: str
    column_label: str
    code: str
    code_label: str
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
    not_applicable: bool


@dataclass(frozen=True)
class Rescaling:
    """How a project's indicator points were rescaled for its 不适用 rows (domain.md §5)."""

    factor: str
    rows: int
    weight_not_applicable: str
    weight_applicable: str
    indicator_points: str
    #: True when the execution score was rescaled with the indicators (the whole-total rule).
    whole_total: bool = True


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
    rescaling: Rescaling | None
    shared_remarks: tuple[str, ...]
    distribution: tuple[str, ...]


@dataclass(frozen=True)
class ReportView:
    """Everything the HTML template shows, as text."""

    title: str
    year: str
    scheme_name: str
    scheme_hash: str
    scheme_choice: str
    source: str
    pools: tuple[str, ...]
    notes: tuple[str, ...]
    projects: tuple[ProjectView, ...]
    other_problems: tuple[ProblemRow, ...]
    rescaled: bool
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


def problem_row(row: Mapping[str, Any]) -> ProblemRow:
    """A problem record (source, row, column, code, severity, message) as display text."""
    severity = _text(row, "severity")
    column = _text(row, "column")
    code = _text(row, "code")
    return ProblemRow(
        source=_text(row, "source"),
        row=count_text(row.get("row")),
        column=column,
        column_label=column_label(column),
        code=code,
        code_label=flag_label(code) if code != flag_label(code) else "",
        severity=severity,
        severity_label=SEVERITY_LABELS.get(severity, severity),
        message=_text(row, "message"),
    )


def _message_parts(row: Mapping[str, Any]) -> list[str]:
    """The parts of the row's ``detail`` (its problem or notes; its flags are shown as their
    labels)."""
    return [part.strip() for part in _text(row, "detail").split("; ") if part.strip()]


def _remarks(row: Mapping[str, Any], shared: set[str]) -> tuple[str, ...]:
    codes = flag_codes(row.get("flags"))
    remarks = []
    if (not is_missing(row.get("comparator_inferred")) and bool(row.get("comparator_inferred"))
            and Flag.COMPARATOR_INFERRED not in codes):
        remarks.append(flag_label(Flag.COMPARATOR_INFERRED))
    for code in codes:
        if code == Flag.MANUAL_SCORE and not is_missing(row.get("manual_score")):
            continue
        if code == Flag.ADJUSTMENT and not is_missing(row.get("adjustment")):
            continue
        remarks.append(flag_label(code))
    if not is_missing(row.get("manual_score")):
        remarks.append(f"人工评分 {_text(row, 'manual_score')}")
    if not is_missing(row.get("adjustment")):
        adjustment = f"自动得分 {_text(row, 'auto_score')}，调减 {_text(row, 'adjustment')}"
        if not is_missing(row.get("adjustment_reason")):
            adjustment += f"（{_text(row, 'adjustment_reason')}）"
        remarks.append(adjustment)
    remarks.extend(part for part in _message_parts(row) if part not in shared)
    return tuple(remarks)


def _is_not_applicable(row: Mapping[str, Any]) -> bool:
    return (_is_false(row.get("applicable"))
            or Flag.NOT_APPLICABLE in flag_codes(row.get("flags")))


def _indicator_row(position: int, row: Mapping[str, Any], shared: set[str]) -> IndicatorRow:
    applicable = not _is_not_applicable(row)
    weight_used = as_decimal(row.get("weight_used"))
    score = as_decimal(row.get("final_score"))
    note = _text(row, "note")
    status = _text(row, "status") or Status.OK
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
        remarks=_remarks(row, set() if status == Status.ERROR else shared),
        note=note,
        note_missing=(applicable and not note and score is not None
                      and weight_used is not None and score < weight_used),
        not_applicable=not applicable,
    )


def _shared_remarks(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    """Message parts repeated on several rows of a project: shown once above its table."""
    counts: dict[str, int] = {}
    for row in rows:
        for part in dict.fromkeys(_message_parts(row)):
            counts[part] = counts.get(part, 0) + 1
    return tuple(part for part, count in counts.items() if count > 1)


def _distribution(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    """Per 一级, the weights the scheme distributed (rows without a 分值 in the table)."""
    spread: dict[str, list[Decimal]] = {}
    for row in rows:
        weight = as_decimal(row.get("weight_used"))
        if is_missing(row.get("weight")) and weight is not None:
            spread.setdefault(_text(row, "pool") or _text(row, "level1"), []).append(weight)
    lines = []
    for pool, weights in spread.items():
        low, high = min(weights), max(weights)
        each = number_text(low) if low == high else f"{number_text(low)}–{number_text(high)}"
        lines.append(f"{pool} {len(weights)} 项共 {_points(sum(weights, Decimal(0)))} 分"
                     f"（每项 {each}）")
    return tuple(lines)


def _points(value: Decimal) -> str:
    return format(round_half_up(value, 2), "f")


def _rescaling(row: Mapping[str, Any], rows: list[dict[str, Any]],
               pools: list[str]) -> Rescaling | None:
    """The 不适用 rescaling of a project, None when its total was not rescaled."""
    factor = row.get("not_applicable_factor")
    if is_missing(factor):
        return None
    excluded = [record for record in rows if _is_not_applicable(record)]
    applicable_weight = sum((as_decimal(record.get("weight_used")) or Decimal(0)
                             for record in rows if not _is_not_applicable(record)), Decimal(0))
    excluded_weight = sum((as_decimal(record.get("weight_used")) or Decimal(0)
                           for record in excluded), Decimal(0))
    points = sum((as_decimal(row.get(pool)) or Decimal(0) for pool in pools), Decimal(0))
    execution = as_decimal(row.get("execution_score")) or Decimal(0)
    total = as_decimal(row.get("total"))
    scale = as_decimal(factor) or Decimal(1)
    # Which rule made the total: the one whose reading of the figures gives it back.
    indicator_only = round_half_up(points * scale + execution, 2)
    return Rescaling(
        factor=number_text(factor),
        rows=len(excluded),
        weight_not_applicable=_points(excluded_weight),
        weight_applicable=_points(applicable_weight),
        indicator_points=_points(points),
        whole_total=not (execution and total == indicator_only),
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
    records = _records(indicators_of(result, key))
    shared = _shared_remarks([record for record in records
                              if _text(record, "status") != Status.ERROR])
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
            _indicator_row(number, record, set(shared))
            for number, record in enumerate(records, start=1)
        ),
        problems=tuple(problems),
        rescaling=_rescaling(row, records, pools),
        shared_remarks=shared,
        distribution=_distribution(records),
    )


def report_view(result: Result, *, source: str = "", notes: str = "") -> ReportView:
    """The display rows of a result; problems go under their project, the rest at the end.

    ``notes`` is the evaluation's own description (e.g. that its actuals are illustrative),
    shown as paragraphs at the top of the page.
    """
    pools = pool_columns(result)
    project_rows = _records(result.projects)
    keys = [project_key(row.get("project_id")) for row in project_rows]
    by_project: dict[str, list[ProblemRow]] = {key: [] for key in keys}
    other: list[ProblemRow] = []
    severities: dict[str, int] = {Severity.ERROR: 0, Severity.WARNING: 0}
    for record in _records(result.problems):
        problem = problem_row(record)
        if problem.severity in severities:
            severities[problem.severity] += 1
        by_project.get(project_key(record.get("project_id")), other).append(problem)
    year = "" if result.year is None else str(result.year)
    projects = tuple(
        _project_view(result, position, row, pools, by_project[key])
        for position, (key, row) in enumerate(zip(keys, project_rows, strict=True), start=1)
    )
    return ReportView(
        title=result.title,
        year=year,
        scheme_name=result.scheme_name,
        scheme_hash=result.scheme_hash,
        scheme_choice=result.scheme_choice,
        source=source,
        pools=tuple(pools),
        notes=tuple(line.strip() for line in notes.splitlines() if line.strip()),
        projects=projects,
        other_problems=tuple(other),
        rescaled=any(project.rescaling is not None for project in projects),
        indicator_count=len(result.indicators),
        error_count=severities[Severity.ERROR],
        warning_count=severities[Severity.WARNING],
    )

