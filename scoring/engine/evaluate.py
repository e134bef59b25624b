"""Score a whole evaluation: indicator rows, the execution line, project totals and problems."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.engine._columns import Objects, all_text, objects, per_distinct
from scoring.engine._execution_columns import ExecutionLines, execution_lines
from scoring.engine._totals_columns import ProjectExecution, TotalColumns, project_total_columns
from scoring.engine.choose import AUTO, choose_scheme
from scoring.engine.execution import Execution
from scoring.engine.totals import Cells, projects_result_table
from scoring.engine.weighting import result_pools
from scoring.model.codes import Flag, ProblemCode, Severity, Status
from scoring.model.columns import PROJECT_COLUMNS
from scoring.model.evaluation import Evaluation
from scoring.model.problems import PROBLEM_COLUMNS, problem_block, problems_frame
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
    # score_frame is handed a copy of the rows (``drop`` copies them), never the evaluation's.
    inputs = (source.drop(columns=[INPUT_ERROR]) if INPUT_ERROR in source.columns
              else source.copy())
    scored = score_frame(inputs, resolved, year=evaluation.year)
    input_errors = (list(source[INPUT_ERROR]) if INPUT_ERROR in source.columns
                    else [""] * len(source))
    rows = row_problems(scored, input_errors, _default_source(evaluation))
    scored = mark_input_errors(scored, input_errors)
    pools = result_pools(resolved, scored["pool"].tolist())
    keys, columns, project_problems = project_columns(evaluation, scored, resolved, pools)
    problems = problems_frame(list(evaluation.problems), rows, project_problems)
    columns["warnings"], columns["errors"] = (
        _counts(problems, keys, severity) for severity in (Severity.WARNING, Severity.ERROR))
    return Result(
        title=evaluation.title,
        year=evaluation.year,
        scheme_name=resolved.name,
        scheme_hash=resolved.content_hash,
        indicators=scored,
        projects=projects_result_table(evaluation.projects, PROJECT_COLUMNS, pools, keys,
                                       columns),
        problems=problems,
        pools=tuple(pools),
        execution_weight=resolved.weights.execution,
        source=evaluation.source,
        scheme_choice=choice,
    )


def _counts(problems: pd.DataFrame, keys: list[str], severity: Severity) -> Objects:
    """How many problems of ``severity`` each project of ``keys`` has."""
    if not len(problems):
        return objects([0] * len(keys))
    counted = problems.loc[problems["severity"] == severity, "project_id"].value_counts()
    found = pd.Index(keys, dtype=object).get_indexer(counted.index)
    counts = np.zeros(len(keys), dtype=np.int64)
    counts[found[found >= 0]] = counted.to_numpy()[found >= 0]
    return counts.astype(object)


def project_columns(evaluation: Evaluation, scored: pd.DataFrame, scheme: Scheme,
                    pools: list[str]) -> tuple[list[str], dict[str, Cells], pd.DataFrame]:
    """The project keys (first row of each), the columns ``projects_result_table`` reads of
    them (subtotals, execution line, total, grade, 不适用 factor; no counts yet), and the
    problems they raise (a ``problem_block``). The execution lines (once per distinct pair of
    funding cells), the totals and the problems of all projects are worked out together, as
    columns (``_execution_columns``, ``_totals_columns``, ``project_problems``)."""
    source = _projects_source(evaluation)
    projects = evaluation.projects
    pids = projects["project_id"].astype(str)
    first = np.flatnonzero(~pids.duplicated().to_numpy())
    keys = pids.to_numpy(dtype=object)[first].tolist()
    lines = _executions(projects.iloc[first], scheme)
    row_pids = pd.Index(scored["project_id"].astype(str).to_numpy(dtype=object))
    owner = pd.Index(keys).get_indexer(row_pids).astype(np.intp)
    sizes = np.bincount(owner[owner >= 0], minlength=len(keys))
    found = project_total_columns(
        scored, owner, [ProjectExecution(line.score, line.cap) for line in lines.lines], pools,
        execution_weight=scheme.weights.execution,
        not_applicable=scheme.distribution.not_applicable, places=scheme.rounding.places,
        of=lines.of)
    cells = {name: projects[name].to_numpy(dtype=object)[first]
             for name in ("source_row", EXECUTION_REASON) if name in projects.columns}
    problems = project_problems(keys, sizes, lines, found, cells, scheme, source)
    no_total = _is_none(found.total)
    grades = objects([""] * len(keys))
    grades[~no_total] = _grades(found.total[~no_total], scheme)
    columns: dict[str, Cells] = dict(zip(pools, found.subtotals, strict=True))
    columns |= {"execution_rate": lines.column(lambda line: line.rate),
                "execution_score": lines.column(lambda line: line.score),
                "total": found.total, "grade": grades, "not_applicable_factor": found.factor}
    return keys, columns, problems


def _grades(totals: Objects, scheme: Scheme) -> Objects:
    """The grade of each total (Decimals), worked out once per distinct total."""
    codes, uniques = pd.factorize(totals)
    found: Objects = objects([scheme.grade_for(total) for total in uniques])[codes]
    return found


def _executions(projects: pd.DataFrame, scheme: Scheme) -> ExecutionLines:
    """The execution line of each project; under a framework without one (预算执行率 is an
    indicator of the tree) only the rate is kept, for information, and it raises nothing."""

    def cells(name: str) -> list[object]:
        return (projects[name].tolist() if name in projects.columns
                else [""] * len(projects))

    if not scheme.execution_line:
        found = execution_lines(cells("budget"), cells("spent"),
                                weight=scheme.weights.execution, reason_below=Decimal(0),
                                places=scheme.rounding.places)
        return ExecutionLines([Execution(line.rate, None) for line in found.lines], found.of)
    return execution_lines(cells("budget"), cells("spent"), weight=scheme.weights.execution,
                           reason_below=scheme.execution.reason_below,
                           caps=scheme.execution.caps, places=scheme.rounding.places)


def project_problems(keys: list[str], sizes: npt.NDArray[np.intp], lines: ExecutionLines,
                     found: TotalColumns, cells: Mapping[str, Objects], scheme: Scheme,
                     source: str) -> pd.DataFrame:
    """The problems of the projects, as a ``problem_block``, project by project in order: an
    execution line that cannot be computed (an error; no funding line at all: a warning) or
    the reason its low 执行率 needs, then the total: none (an error), capped, limited to 100."""
    count = len(keys)
    pids = objects(keys)
    unfunded = lines.column(lambda line: line.unfunded).astype(np.bool_)
    failed = lines.column(lambda line: bool(line.error)).astype(np.bool_) & ~unfunded
    reasons = (objects(per_distinct(cells[EXECUTION_REASON],
                                    lambda cell: bool(str(cell or "").strip())))
               if EXECUTION_REASON in cells else np.zeros(count, dtype=object))
    threshold = scheme.execution.reason_below * 100
    below = (lines.column(lambda line: line.reason_required).astype(np.bool_) & ~unfunded
             & ~failed & ~reasons.astype(np.bool_))
    errors = lines.column(lambda line: line.error)
    rows = np.full(count, None, dtype=object)
    located = np.flatnonzero(unfunded | failed | below)
    if "source_row" in cells and len(located):
        rows[located] = objects(per_distinct(cells["source_row"][located], _row_of))
    capped = ~_is_none(found.capped_at)
    rates = lines.column(lambda line: line.rate)
    no_total = _is_none(found.total)
    no_total_message = np.full(count, None, dtype=object)
    no_total_message[no_total & (sizes == 0)] = "the project has no indicator rows: no total"
    no_total_message[no_total & (sizes != 0)] = ("the project has no applicable indicator: "
                                                 "no total")
    capped_message = np.full(count, None, dtype=object)
    capped_message[capped] = [f"total capped at {cap} because 执行率 is {rate}%"
                              for cap, rate in zip(found.capped_at[capped].tolist(),
                                                   rates[capped].tolist(), strict=True)]
    over = found.clamped.astype(np.bool_)
    parts = [
        (unfunded, rows, None, ProblemCode.NO_FUNDING_LINE, Severity.WARNING, errors),
        (failed, rows, lines.column(lambda line: line.error_column), ProblemCode.EXECUTION,
         Severity.ERROR, errors),
        (below, rows, "spent", ProblemCode.EXECUTION_REASON,
         Severity.ERROR if scheme.execution.reason_required else Severity.WARNING,
         lines.column(lambda line: f"执行率 {line.rate}% below {threshold.normalize():f}%: "
                                   f"a reason is required")),
        (no_total, None, None, ProblemCode.NO_INDICATORS, Severity.ERROR, no_total_message),
        (capped, None, "total", ProblemCode.EXECUTION_CAP, Severity.WARNING, capped_message),
        (over, None, "total", ProblemCode.OVER_100, Severity.WARNING,
         "indicator and execution points add up to more than 100; the total is limited to "
         "100 (check the weights)"),
    ]
    return _problem_rows(parts, pids, source)


def _problem_rows(parts: list[tuple[Any, ...]], pids: Objects, source: str) -> pd.DataFrame:
    """The ``problem_block`` of the marked projects of each part (marks, row, column, code,
    severity, message: a cell per project or one value for all), ordered by project, then
    part."""
    blocks: dict[str, list[Objects]] = {name: [] for name in PROBLEM_COLUMNS}
    order: list[npt.NDArray[np.intp]] = []
    for kind, (marked, row, column, code, severity, message) in enumerate(parts):
        at = np.flatnonzero(np.asarray(marked, dtype=np.bool_))
        if not len(at):
            continue
        order.append(at * len(parts) + kind)
        for name, value in (("source", source), ("row", row), ("column", column),
                            ("code", code), ("severity", severity), ("message", message),
                            ("project_id", pids)):
            blocks[name].append(_cells_at(value, at))
    if not order:
        return problems_frame()
    sort = np.argsort(np.concatenate(order), kind="stable")
    return problem_block({name: np.concatenate(values)[sort] for name, values in blocks.items()})


def _is_none(cells: Objects) -> npt.NDArray[np.bool_]:
    """Which cells are None (without comparing every Decimal with None)."""
    return np.fromiter((cell is None for cell in cells.tolist()), dtype=np.bool_,
                       count=len(cells))


def _cells_at(value: object, at: npt.NDArray[np.intp]) -> Objects:
    """The cells of a per-project column at positions ``at``, or ``value`` in each when it
    is one value for every project."""
    if isinstance(value, np.ndarray):
        cells: Objects = value[at].astype(object)
        return cells
    return objects([value] * len(at))  # np.full would make a str enum plain text


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


def row_problems(scored: pd.DataFrame, input_errors: list[str], default: str) -> pd.DataFrame:
    """The problems of the indicator rows that are not ok (rows with input errors are already
    reported by the reader), as a ``problem_block``: a row's code, column and message are its
    own result cells. The rows are picked with array comparisons and their cells read as
    columns; no object is built per row."""
    if "status" not in scored.columns:
        return problems_frame()
    status = scored["status"].to_numpy(dtype=object)
    flagged = ((status == Status.WARNING) | (status == Status.ERROR)) & ~np.array(
        input_errors, dtype=object).astype(np.bool_)
    positions = np.flatnonzero(np.asarray(flagged, dtype=np.bool_))
    if not len(positions):
        return problems_frame()

    def cells(name: str) -> Objects:
        if name not in scored.columns:
            return objects([""] * len(positions))
        return _texts(scored[name].to_numpy(dtype=object)[positions])

    state = cells("status")
    text = np.where(cells("message") != "", cells("message"), state)
    label = cells("indicator")
    named = label != ""
    message = text.copy()
    message[named] = label[named] + ": " + text[named]
    column = cells("error_column")
    code = cells("code")
    source = cells("source_file")
    return problem_block({
        "source": np.where(source != "", source, default),
        "row": _rows_of(scored, positions),
        "column": _none_if_empty(column),
        "code": np.where(code != "", code, state),
        "severity": _severities(state),
        "message": message,
        "project_id": cells("project_id"),
    })


def _none_if_empty(cells: Objects) -> Objects:
    """The cells with None for each empty text."""
    found = cells.copy()
    found[cells == ""] = None
    return found


def _severities(states: Objects) -> Objects:
    """The severity of each flagged row's status (an error row's is an error)."""
    found = objects([Severity.WARNING] * len(states))
    found[states == Status.ERROR] = Severity.ERROR
    return found


def _texts(cells: Objects) -> Objects:
    """Each cell as ``str(cell or "")``, read once per distinct cell unless all are text."""
    if all_text(cells):
        return cells
    return objects(per_distinct(cells, lambda cell: str(cell or "")))


def _rows_of(scored: pd.DataFrame, positions: npt.NDArray[np.intp]) -> Objects:
    """``_row_of`` of the ``source_row`` cells at ``positions``; a column of integers is read
    as arrays (a number from 0 to 999,999,999 is a row, as its text would be)."""
    if "source_row" not in scored.columns:
        return objects([None] * len(positions))
    column = scored["source_row"]
    if column.dtype.kind in "iu":
        values = column.to_numpy()[positions]
        rows = values.astype(object)
        rows[(values < 0) | (values >= 10**9)] = None
        return rows
    return objects(per_distinct(column.to_numpy(dtype=object)[positions], _row_of))


def _row_of(value: object) -> int | None:
    """A ``source_row`` cell as a row number, None when there is none."""
    text = str(value if value is not None else "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None
