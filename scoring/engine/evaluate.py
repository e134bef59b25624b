"""Score a whole evaluation: indicator rows, the execution line, project totals and problems."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.engine._execution_columns import assess_executions
from scoring.engine._totals_columns import ProjectExecution, project_totals
from scoring.engine.choose import AUTO, choose_scheme
from scoring.engine.execution import Execution
from scoring.engine.totals import ProjectLine, ProjectTotal, projects_table
from scoring.engine.weighting import result_pools
from scoring.model.codes import Flag, ProblemCode, Severity, Status
from scoring.model.columns import PROJECT_COLUMNS
from scoring.model.evaluation import Evaluation
from scoring.model.problems import Problem, problems_frame
from scoring.model.result import Result

if TYPE_CHECKING:
    from weights import Scheme

#: Optional projects column: why 执行率 is below the scheme's threshold (silences the warning).
EXECUTION_REASON = "execution_reason"
#: Reader column holding the problems of a row's input cells; it makes the row an error.
INPUT_ERROR = "input_error"
#: Row flag of an indicator row whose input cells could not be read.
INPUT_ERROR_FLAG = Flag.INPUT_ERROR

def resolve_scheme(evaluation: Evaluation, scheme: Scheme | str | Path | None = None) -> Scheme:
    """The scheme to score with: the one given (a Scheme, a name or a path), else the
    evaluation's own scheme with its settings as overrides; ``auto`` picks the framework
    whose tree fits the table (``scoring.engine.choose``)."""
    return resolve_choice(evaluation, scheme)[0]


def resolve_choice(evaluation: Evaluation,
                   scheme: Scheme | str | Path | None = None) -> tuple[Scheme, str]:
    """``resolve_scheme`` and, when the scheme was chosen automatically, why ('' otherwise)."""
    from weights import Scheme, load_scheme

    if isinstance(scheme, Scheme):
        return scheme, ""
    name = scheme if scheme is not None else evaluation.scheme
    overrides = dict(evaluation.settings) or None if scheme is None else None
    if str(name) == AUTO:
        choice = choose_scheme(evaluation.indicators)
        chosen = (load_scheme(choice.scheme.name, overrides=overrides) if overrides
                  else choice.scheme)
        return chosen, choice.reason
    return load_scheme(name, overrides=overrides), ""


def evaluate(evaluation: Evaluation, scheme: Scheme | str | Path | None = None) -> Result:
    """Score every indicator and total every project of ``evaluation``.

    With ``scheme`` None the evaluation's own scheme and settings are used; ``auto`` (also
    the default of an evaluation that names no scheme) picks the framework whose tree fits
    the table, and ``Result.scheme_choice`` says why. The result records
    the scheme's name and content hash; its problems are the reader's, one per indicator row
    that is not ok, and those of the execution lines and totals.
    """
    from scoring.engine.frame import score_frame

    resolved, choice = resolve_choice(evaluation, scheme)
    source = evaluation.indicators
    inputs = source.drop(columns=[INPUT_ERROR]) if INPUT_ERROR in source.columns else source
    scored = score_frame(inputs.copy(), resolved, year=evaluation.year)
    input_errors = (list(source[INPUT_ERROR]) if INPUT_ERROR in source.columns
                    else [""] * len(source))
    problems = list(evaluation.problems)
    problems += row_problems(scored, input_errors, _default_source(evaluation))
    scored = mark_input_errors(scored, input_errors)
    pools = result_pools(resolved, scored["pool"].tolist())
    lines, project_problems = project_lines(evaluation, scored, resolved, pools)
    problems += project_problems
    counts = Counter((p.project_id, p.severity) for p in problems)
    lines = {
        pid: ProjectLine(line.totals, line.execution_rate, line.execution_score, line.grade,
                         counts[(pid, Severity.WARNING)], counts[(pid, Severity.ERROR)])
        for pid, line in lines.items()
    }
    return Result(
        title=evaluation.title,
        year=evaluation.year,
        scheme_name=resolved.name,
        scheme_hash=resolved.content_hash,
        indicators=scored,
        projects=projects_table(evaluation.projects, PROJECT_COLUMNS, pools, lines),
        problems=problems_frame(problems),
        pools=tuple(pools),
        execution_weight=resolved.weights.execution,
        source=evaluation.source,
        scheme_choice=choice,
    )


def project_lines(evaluation: Evaluation, scored: pd.DataFrame, scheme: Scheme,
                  pools: list[str]) -> tuple[dict[str, ProjectLine], list[Problem]]:
    """Execution line, subtotals, total and grade of each project (counts left at 0), and
    the problems they raise. The execution lines and the totals of all projects are worked
    out together (``_execution_columns``, ``_totals_columns``); a project's record is looked
    at only when its line raises a problem."""
    source = _projects_source(evaluation)
    projects = evaluation.projects
    pids = projects["project_id"].astype(str)
    first = np.flatnonzero(~pids.duplicated().to_numpy())
    keys = pids.to_numpy(dtype=object)[first].tolist()
    executions = _executions(projects.iloc[first], scheme)
    row_pids = pd.Index(scored["project_id"].astype(str).to_numpy(dtype=object))
    owner = pd.Index(keys).get_indexer(row_pids).astype(np.intp)
    sizes = np.bincount(owner[owner >= 0], minlength=len(keys))
    found = project_totals(
        scored, owner, [ProjectExecution(e.score, e.cap) for e in executions], pools,
        execution_weight=scheme.weights.execution,
        not_applicable=scheme.distribution.not_applicable, places=scheme.rounding.places)
    lines: dict[str, ProjectLine] = {}
    problems: list[Problem] = []
    for position, (pid, execution, totals, size) in enumerate(
            zip(keys, executions, found, sizes.tolist(), strict=True)):
        if execution.unfunded or execution.error or execution.reason_required:
            record = projects.iloc[int(first[position])].to_dict()
            problems += execution_problems(pid, record, execution, scheme, source)
        problems += total_problems(pid, size, totals, execution, source)
        grade = scheme.grade_for(totals.total) if totals.total is not None else ""
        lines[pid] = ProjectLine(totals, execution.rate, execution.score, grade, 0, 0)
    return lines, problems


def _executions(projects: pd.DataFrame, scheme: Scheme) -> list[Execution]:
    """The execution line of each project; under a framework without one (预算执行率 is an
    indicator of the tree) only the rate is kept, for information, and it raises nothing."""

    def cells(name: str) -> list[object]:
        return (projects[name].tolist() if name in projects.columns
                else [""] * len(projects))

    if not scheme.execution_line:
        found = assess_executions(cells("budget"), cells("spent"),
                                  weight=scheme.weights.execution, reason_below=Decimal(0),
                                  places=scheme.rounding.places)
        return [Execution(line.rate, None) for line in found]
    return assess_executions(cells("budget"), cells("spent"), weight=scheme.weights.execution,
                             reason_below=scheme.execution.reason_below,
                             caps=scheme.execution.caps, places=scheme.rounding.places)


def _projects_source(evaluation: Evaluation) -> str:
    """Where the project rows came from: projects.csv of a folder, else the file itself."""
    source = evaluation.source
    if isinstance(source, Path):
        return "projects.csv" if source.is_dir() else source.name
    return "projects"


def _default_source(evaluation: Evaluation) -> str:
    source = evaluation.source
    return source.name if isinstance(source, Path) else ""


def mark_input_errors(scored: pd.DataFrame, input_errors: list[str]) -> pd.DataFrame:
    """Rows whose input cells could not be read become error rows without a final score."""
    if not any(input_errors):
        return scored
    scored = scored.copy()
    for position, text in enumerate(input_errors):
        if not text:
            continue
        index = scored.index[position]
        flags = [f for f in str(scored.at[index, "flags"] or "").split(";") if f]
        scored.at[index, "status"] = Status.ERROR
        scored.at[index, "final_score"] = None
        scored.at[index, "flags"] = ";".join(dict.fromkeys([*flags, INPUT_ERROR_FLAG]))
        scored.at[index, "code"] = ProblemCode.INPUT_ERROR
        previous = str(scored.at[index, "detail"] or "")
        scored.at[index, "detail"] = "; ".join(part for part in (text, previous) if part)
        message = str(scored.at[index, "message"] or "")
        scored.at[index, "message"] = "; ".join(part for part in (text, message) if part)
    return scored


def row_problems(scored: pd.DataFrame, input_errors: list[str], default: str) -> list[Problem]:
    """One problem per indicator row that is not ok (rows with input errors are already
    reported by the reader): its code, column and message are the row's own result cells.
    The rows are picked with array comparisons; only theirs are read."""
    if "status" not in scored.columns:
        return []
    status = scored["status"].to_numpy(dtype=object)
    flagged = ((status == Status.WARNING) | (status == Status.ERROR)) & ~np.array(
        input_errors, dtype=object).astype(np.bool_)
    positions = np.flatnonzero(np.asarray(flagged, dtype=np.bool_))
    if not len(positions):
        return []

    def cells(name: str, default: object) -> list[Any]:
        if name not in scored.columns:
            return [default] * len(positions)
        found: list[Any] = scored[name].to_numpy(dtype=object)[positions].tolist()
        return found

    problems: list[Problem] = []
    for status_cell, code, column, message, row, label, source, pid in zip(
            cells("status", ""), cells("code", ""), cells("error_column", ""),
            cells("message", ""), _rows_of(scored, positions), cells("indicator", ""),
            cells("source_file", ""), cells("project_id", ""), strict=True):
        state = str(status_cell or "")
        text = str(message or "") or state
        name = str(label or "")
        problems.append(Problem(
            source=str(source or default),
            row=row,
            column=str(column or "") or None,
            code=str(code or state),
            severity=Severity(state),
            message=f"{name}: {text}" if name else text,
            project_id=str(pid or ""),
        ))
    return problems


def _rows_of(scored: pd.DataFrame, positions: npt.NDArray[np.intp]) -> list[int | None]:
    """``_row_of`` of the ``source_row`` cells at ``positions``; a column of integers is read
    as arrays (a number from 0 to 999,999,999 is a row, as its text would be)."""
    if "source_row" not in scored.columns:
        return [None] * len(positions)
    column = scored["source_row"]
    if column.dtype.kind in "iu":
        values = column.to_numpy()[positions]
        rows = values.astype(object)
        rows[(values < 0) | (values >= 10**9)] = None
        found: list[int | None] = rows.tolist()
        return found
    return [_row_of(cell) for cell in column.to_numpy(dtype=object)[positions].tolist()]


def _row_of(value: object) -> int | None:
    """A ``source_row`` cell as a row number, None when there is none."""
    text = str(value if value is not None else "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def execution_problems(pid: str, project: Mapping[Hashable, Any], execution: Execution,
                       scheme: Scheme, source: str) -> list[Problem]:
    """The error of an execution line that cannot be computed, or its missing-reason warning."""
    where = _row_of(project.get("source_row"))
    if execution.unfunded:
        return [Problem(source, where, None, ProblemCode.NO_FUNDING_LINE, Severity.WARNING,
                        execution.error, pid)]
    if execution.error:
        return [Problem(source, where, execution.error_column, ProblemCode.EXECUTION,
                        Severity.ERROR,
                        execution.error, pid)]
    if not execution.reason_required or str(project.get(EXECUTION_REASON, "") or "").strip():
        return []
    threshold = scheme.execution.reason_below * 100
    severity = Severity.ERROR if scheme.execution.reason_required else Severity.WARNING
    return [Problem(source, where, "spent", ProblemCode.EXECUTION_REASON, severity,
                    f"执行率 {execution.rate}% below {threshold.normalize():f}%: "
                    f"a reason is required", pid)]


def total_problems(pid: str, rows: int, totals: ProjectTotal, execution: Execution,
                   source: str) -> list[Problem]:
    """Warnings about how the total was reached: no indicators, capped, limited to 100."""
    found: list[Problem] = []
    if totals.total is None:
        what = "has no indicator rows" if not rows else "has no applicable indicator"
        found.append(Problem(source, None, None, ProblemCode.NO_INDICATORS, Severity.ERROR,
                             f"the project {what}: no total", pid))
    if totals.capped_at is not None:
        found.append(Problem(source, None, "total", ProblemCode.EXECUTION_CAP, Severity.WARNING,
                             f"total capped at {totals.capped_at} because 执行率 is "
                             f"{execution.rate}%", pid))
    if totals.clamped:
        found.append(Problem(source, None, "total", ProblemCode.OVER_100, Severity.WARNING,
                             "indicator and execution points add up to more than 100; the total "
                             "is limited to 100 (check the weights)", pid))
    return found
