"""Read an evaluation (a folder, a flat CSV of indicator rows, or a 自评表 workbook).

Every cell is read as text. What the reader cannot understand becomes a ``Problem`` naming the
file, the 1-based row (a CSV's header is row 1), the column and what was expected; reading goes
on. Only an evaluation that cannot be read at all raises ``EvaluationError``. Input files are
never written.

Indicator rows keep ``source_file`` and ``source_row`` (where the row came from). A row whose
input cells are wrong carries the problems in ``input_error``; the scorer marks it an error row.
"""

from __future__ import annotations

import csv
import io
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from scoring._evaluation import Evaluation, EvaluationError
from scoring._problems import Problem, Severity
from scoring._schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, RESULT_COLUMNS
from scoring.execution import parse_amount
from scoring.totals import parse_applicable

#: A table that names no scheme is scored by the framework its tree fits (scoring.choose).
DEFAULT_SCHEME = "auto"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
CSV_SUFFIXES = (".csv", ".tsv")
DEFAULT_FILES: dict[str, str] = {
    "projects": "projects.csv",
    "indicators": "indicators.csv",
    "actuals": "actuals.csv",
    "project_actuals": "project_actuals.csv",
}
#: Columns an indicators.csv of a folder must have.
FOLDER_REQUIRED: tuple[str, ...] = ("project_id", "level1", "indicator", "target")
#: Columns a flat CSV of indicator rows must have.
FLAT_REQUIRED: tuple[str, ...] = ("level1", "level2", "indicator", "target", "actual", "weight")
#: Columns actuals.csv may overlay onto indicators.csv (joined on project_id + seq).
OVERLAY_COLUMNS: tuple[str, ...] = (
    "actual", "adjustment", "adjustment_reason", "manual_score", "applicable", "note",
)
#: Indicator cells that must hold a number ≥ 0 when filled.
NUMBER_COLUMNS: tuple[str, ...] = ("weight", "adjustment", "manual_score")
#: Project cells that must hold a number ≥ 0 when filled.
PROJECT_NUMBER_COLUMNS: tuple[str, ...] = ("budget_initial", "budget", "spent")
#: Header spellings accepted for the canonical columns (compared without spaces, NFKC).
HEADER_ALIASES: dict[str, str] = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "indicator",
    "指标值": "target", "年度指标值": "target", "实际完成值": "actual", "完成值": "actual",
    "全年实际值": "actual", "分值": "weight", "权重": "weight",
    "项目编码": "project_id", "项目名称": "project", "项目": "project",
    "偏差原因分析及改进措施": "note", "偏差原因": "note", "指标值确定依据": "basis",
    "扣分": "adjustment", "扣分原因": "adjustment_reason", "人工评分": "manual_score",
    "是否适用": "applicable", "序号": "seq",
    "全年预算数": "budget", "年初预算数": "budget_initial", "全年执行数": "spent",
}
TOML_KEYS = frozenset({"title", "year", "scheme", "notes", "sources", "files",
                       "scheme_overrides"})


def read_evaluation(path: str | Path) -> Evaluation:
    """The evaluation at ``path``: a folder, a flat ``.csv``/``.tsv`` or an ``.xlsx`` workbook."""
    path = Path(path)
    if not path.exists():
        raise EvaluationError(f"{path}: no such file or folder")
    if path.is_dir():
        return _read_folder(path)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        from scoring.workbook import read_workbook

        try:
            return read_workbook(path)
        except ValueError as exc:
            raise EvaluationError(str(exc)) from exc
    if suffix in CSV_SUFFIXES:
        return _read_flat(path)
    hint = " (a published target document is imported with `jixiao import-text`)" \
        if suffix == ".txt" else ""
    raise EvaluationError(
        f"{path}: expected an evaluation folder, a .csv/.tsv of indicator rows or an .xlsx "
        f"workbook, got a {suffix or 'suffix-less'} file{hint}"
    )


@dataclass
class _Log:
    """Problems found so far, in order."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, source: str, row: int | None, column: str | None, code: str,
            severity: Severity, message: str, project_id: str = "") -> Problem:
        problem = Problem(source, row, column, code, severity, message, project_id)
        self.problems.append(problem)
        return problem

    def error(self, source: str, row: int | None, column: str | None, code: str,
              message: str, project_id: str = "") -> Problem:
        return self.add(source, row, column, code, Severity.ERROR, message, project_id)

    def warning(self, source: str, row: int | None, column: str | None, code: str,
                message: str, project_id: str = "") -> Problem:
        return self.add(source, row, column, code, Severity.WARNING, message, project_id)


# --- CSV files -------------------------------------------------------------------------------


def _header_key(name: str) -> str:
    """A header cell compared loosely: NFKC, no whitespace, English in lower case."""
    text = unicodedata.normalize("NFKC", name)
    return "".join(text.split()).lower()


def _decode(path: Path, label: str, log: _Log) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), else GB18030 with a warning."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{label}: not UTF-8 or GB18030 text ({exc})") from None
    log.warning(label, None, None, "not_utf8", "the file is not UTF-8; read as GB18030 (GBK)")
    return text


def read_csv_table(path: Path, label: str, log: _Log, *,
                   aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A CSV file as a table of strings plus ``source_row``; bad rows reported, never dropped.

    A row with too few cells is padded with empty cells, one with too many keeps the first
    cells; both are reported. Blank rows are skipped (they still count for row numbers).
    """
    text = _decode(path, label, log)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not records or not any(cell.strip() for cell in records[0]):
        raise EvaluationError(f"{label}: the file is empty (expected a header row)")
    header = _header(records[0], label, log, aliases or {})
    rows: list[list[str]] = []
    numbers: list[int] = []
    for index, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            log.error(label, index, None, "row_length",
                      f"expected {len(header)} cells as in the header, found {len(record)}")
            record = (record + [""] * len(header))[: len(header)]
        rows.append(record)
        numbers.append(index)
    table = pd.DataFrame(rows, columns=header, dtype=str)
    table = table.loc[:, ~pd.Index(header).duplicated()]
    table["source_row"] = numbers
    return table


def _header(cells: list[str], label: str, log: _Log, aliases: Mapping[str, str]) -> list[str]:
    """Header names: stripped, aliases mapped to canonical names, duplicates reported."""
    loose = {_header_key(alias): name for alias, name in aliases.items()}
    present = {cell.strip() for cell in cells}
    names: list[str] = []
    for position, cell in enumerate(cells, start=1):
        name = cell.strip()
        canonical = loose.get(_header_key(name)) or (
            name.lower() if name.lower() in INDICATOR_COLUMNS + PROJECT_COLUMNS else None
        )
        if canonical and canonical not in present and canonical not in names:
            name = canonical
        if not name:
            name = f"column_{position}"
        if name in names:
            log.error(label, 1, name, "duplicate_column",
                      f"column {name!r} appears twice; the first one is used")
        names.append(name)
    return names


def _require(table: pd.DataFrame, required: tuple[str, ...], optional: tuple[str, ...],
             label: str, log: _Log) -> pd.DataFrame:
    """Report missing required columns and add every missing column as empty text."""
    for column in required:
        if column not in table.columns:
            log.error(label, 1, column, "missing_column",
                      f"required column {column!r} is missing (expected the header to name it)")
    missing = [c for c in (*required, *optional) if c not in table.columns]
    if missing:
        table = table.assign(**dict.fromkeys(missing, ""))
    return table


# --- Checks shared by every source ---------------------------------------------------------------


def _note(errors: dict[int, list[str]], position: int, text: str) -> None:
    errors.setdefault(position, []).append(text)


def cell_problems(table: pd.DataFrame, label: str, log: _Log) -> dict[int, list[str]]:
    """Check the number and ``applicable`` cells of indicator rows; problems by row position.

    weight, adjustment and manual_score must be numbers ≥ 0 when filled (a trailing % is allowed
    on weight); applicable must be empty, true/是 or false/否/不适用.
    """
    found: dict[int, list[str]] = {}
    for position, record in enumerate(table.to_dict("records")):
        pid = str(record.get("project_id", ""))
        row = int(record["source_row"])
        for column in NUMBER_COLUMNS:
            message = _number_problem(column, record.get(column))
            if message:
                problem = log.error(label, row, column, "bad_number", message, pid)
                _note(found, position, str(problem))
        if "applicable" in record:
            try:
                parse_applicable(record["applicable"])
            except ValueError as exc:
                problem = log.error(label, row, "applicable", "bad_applicable", str(exc), pid)
                _note(found, position, str(problem))
    return found


def _number_problem(column: str, value: object) -> str:
    """What is wrong with a number cell, or ``""`` when it is empty or a number ≥ 0."""
    if value is None:
        return ""
    cell = str(value)
    text = cell.strip().removesuffix("%") if column == "weight" else cell
    try:
        number = parse_amount(text)
    except ValueError:
        return f"{column} must be a number, got {cell!r}"
    if number is not None and number < 0:
        return f"{column} must not be negative, got {cell!r}"
    return ""


def _check_project_numbers(table: pd.DataFrame, label: str, log: _Log) -> None:
    """budget_initial, budget and spent must be numbers ≥ 0 when filled."""
    for record in table.to_dict("records"):
        for column in PROJECT_NUMBER_COLUMNS:
            message = _number_problem(column, record.get(column))
            if message:
                log.error(label, int(record["source_row"]), column, "bad_number", message,
                          str(record.get("project_id", "")))


def _merge_notes(into: dict[int, list[str]], more: Mapping[int, list[str]]) -> None:
    for position, texts in more.items():
        into.setdefault(position, []).extend(texts)


def _fill_seq(table: pd.DataFrame, label: str, log: _Log,
              errors: dict[int, list[str]]) -> pd.DataFrame:
    """Give rows without ``seq`` their position within the project; report bad and duplicate
    (project_id, seq) keys."""
    table = table.copy()
    counters: dict[str, int] = {}
    seen: dict[tuple[str, str], int] = {}
    seqs: list[str] = []
    for position, (pid, seq, row) in enumerate(
        zip(table["project_id"], table["seq"], table["source_row"], strict=True)
    ):
        counters[pid] = counters.get(pid, 0) + 1
        text = str(seq).strip()
        if not text:
            text = str(counters[pid])
        elif not text.isdigit() or int(text) < 1:
            problem = log.error(label, int(row), "seq", "bad_seq",
                                f"seq must be a whole number ≥ 1, got {seq!r}", pid)
            _note(errors, position, str(problem))
        key = (pid, text)
        if key in seen:
            problem = log.error(label, int(row), "seq", "duplicate_key",
                                f"project_id {pid!r} with seq {text} already on row {seen[key]}",
                                pid)
            _note(errors, position, str(problem))
        else:
            seen[key] = int(row)
        seqs.append(text)
    table["seq"] = seqs
    return table


def _finish_indicators(table: pd.DataFrame, label: str, log: _Log,
                       errors: Mapping[int, list[str]]) -> pd.DataFrame:
    """Canonical column order, then extras, ``source_file``, ``source_row`` and ``input_error``.

    Result columns of an earlier scoring (a scored CSV read back) are dropped with a warning.
    """
    stale = [c for c in table.columns if c in RESULT_COLUMNS or c == "input_error"]
    if stale:
        log.warning(label, 1, ", ".join(stale), "result_columns",
                    "columns of an earlier scoring are ignored; the rows are scored afresh")
        table = table.drop(columns=stale)
    table = table.copy()
    table["source_file"] = label
    table["input_error"] = ["; ".join(errors.get(i, [])) for i in range(len(table))]
    extras = [c for c in table.columns if c not in INDICATOR_COLUMNS
              and c not in ("source_file", "source_row", "input_error")]
    order = [*INDICATOR_COLUMNS, *extras, "source_file", "source_row", "input_error"]
    return table[order].reset_index(drop=True)


def _projects_from_indicators(indicators: pd.DataFrame) -> pd.DataFrame:
    """One project row per project_id of the indicators, with empty funding cells."""
    firsts = indicators.drop_duplicates("project_id")
    rows = {column: [""] * len(firsts) for column in PROJECT_COLUMNS}
    rows["project_id"] = list(firsts["project_id"])
    rows["project"] = list(firsts["project"])
    return pd.DataFrame(rows, dtype=str)


def _check_projects(projects: pd.DataFrame, indicators: pd.DataFrame, label: str,
                    log: _Log) -> pd.DataFrame:
    """Report duplicate ids; add projects that only the indicators name."""
    duplicated = projects["project_id"].duplicated()
    for row, pid in zip(projects.loc[duplicated, "source_row"],
                        projects.loc[duplicated, "project_id"], strict=True):
        log.error(label, int(row), "project_id", "duplicate_key",
                  f"project_id {pid!r} appears on an earlier row; this row is ignored", pid)
    projects = projects.loc[~duplicated]
    known = set(projects["project_id"])
    missing = _projects_from_indicators(indicators[~indicators["project_id"].isin(known)])
    for pid in missing["project_id"]:
        log.error(label, None, "project_id", "unknown_project",
                  f"project_id {pid!r} has indicator rows but no row here (budget and spent "
                  f"unknown)", pid)
    if len(missing):
        projects = pd.concat([projects, missing.assign(source_row="")], ignore_index=True)
    extras = [c for c in projects.columns if c not in PROJECT_COLUMNS and c != "source_row"]
    return projects[[*PROJECT_COLUMNS, *extras, "source_row"]].fillna("").reset_index(drop=True)


# --- Overlays --------------------------------------------------------------------------------


def _overlay(base: pd.DataFrame, overlay: pd.DataFrame, keys: list[str],
             allowed: tuple[str, ...], label: str, log: _Log,
             normalise: Callable[[str, str], str] | None = None,
             ) -> tuple[pd.DataFrame, dict[int, int]]:
    """Non-empty overlay cells replace the base cells of the row with the same keys.

    Returns the new table and, per overlay row position, the base row position it filled.
    An overlay row whose keys are not in the base, or whose keys repeat, is an error; an overlay
    column that is not in ``allowed`` is reported and ignored.
    """
    base = base.reset_index(drop=True)
    for column in overlay.columns:
        if column not in (*keys, *allowed, "source_row"):
            log.warning(label, 1, column, "unknown_column",
                        f"column {column!r} is not one of {', '.join(allowed)}; it is ignored")
    columns = [c for c in allowed if c in overlay.columns]
    index = {tuple(_key(base.at[i, k], k, normalise) for k in keys): int(i) for i in base.index}
    applied: dict[tuple[str, ...], int] = {}
    targets: dict[int, int] = {}
    for position, (_, row) in enumerate(overlay.iterrows()):
        key = tuple(_key(row[k], k, normalise) for k in keys)
        source_row = int(row["source_row"])
        pid = key[0]
        if key in applied:
            log.error(label, source_row, ", ".join(keys), "duplicate_key",
                      f"{_describe(keys, key)} already on row {applied[key]}; this row is ignored",
                      pid)
            continue
        applied[key] = source_row
        if key not in index:
            log.error(label, source_row, ", ".join(keys), "unknown_key",
                      f"{_describe(keys, key)} is not in the table it overlays", pid)
            continue
        target = index[key]
        targets[position] = target
        for column in columns:
            value = str(row[column])
            if value.strip():
                base.at[target, column] = value
    return base, targets


def _key(value: object, column: str, normalise: Callable[[str, str], str] | None) -> str:
    text = str(value).strip()
    return normalise(column, text) if normalise else text


def _seq_key(column: str, text: str) -> str:
    """seq compared as a number when it is one (``01`` = ``1``)."""
    return str(int(text)) if column == "seq" and text.isdigit() else text


def _describe(keys: list[str], values: tuple[str, ...]) -> str:
    return " with ".join(f"{k} {v!r}" for k, v in zip(keys, values, strict=True))


# --- Folders ---------------------------------------------------------------------------------


def _read_toml(folder: Path, log: _Log) -> dict[str, Any]:
    path = folder / "evaluation.toml"
    if not path.is_file():
        log.warning("evaluation.toml", None, None, "missing_file",
                    f"{path} is missing: title = folder name, scheme = {DEFAULT_SCHEME}")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{path}: not valid TOML: {exc}") from None
    for key in data:
        if key not in TOML_KEYS:
            log.warning("evaluation.toml", None, key, "unknown_key",
                        f"key {key!r} is not one of {', '.join(sorted(TOML_KEYS))}; ignored")
    return data


def _toml_text(data: Mapping[str, Any], key: str, default: str, log: _Log) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        log.error("evaluation.toml", None, key, "bad_value",
                  f"{key} must be text, got {value!r}")
        return default
    return value


def _toml_year(data: Mapping[str, Any], log: _Log) -> int | None:
    year = data.get("year")
    if year is None or (isinstance(year, int) and not isinstance(year, bool)):
        return year
    if isinstance(year, str) and year.strip().isdigit():
        return int(year.strip())
    log.error("evaluation.toml", None, "year", "bad_value",
              f"year must be a whole number such as 2024, got {year!r}")
    return None


def _scheme_of(folder: Path, name: str) -> str:
    """A scheme name as given, or the absolute path of a scheme file named relative to folder."""
    candidate = folder / name
    if name.endswith(".toml") or candidate.is_file():
        return str(candidate.resolve())
    return name


def _files(data: Mapping[str, Any], log: _Log) -> tuple[dict[str, str], set[str]]:
    """File names of the folder and which of them [files] named explicitly."""
    given = data.get("files", {})
    if not isinstance(given, dict):
        log.error("evaluation.toml", None, "files", "bad_value", "[files] must be a table")
        given = {}
    files = dict(DEFAULT_FILES)
    for key, value in given.items():
        if key not in DEFAULT_FILES or not isinstance(value, str):
            log.warning("evaluation.toml", None, f"files.{key}", "unknown_key",
                        f"expected one of {', '.join(DEFAULT_FILES)} naming a file; ignored")
            continue
        files[key] = value
    return files, {k for k in given if k in DEFAULT_FILES}


def _read_folder(folder: Path) -> Evaluation:
    log = _Log()
    data = _read_toml(folder, log)
    files, explicit = _files(data, log)
    indicators_path = folder / files["indicators"]
    if not indicators_path.is_file():
        raise EvaluationError(
            f"{folder}: no {files['indicators']} (expected the indicator rows of the evaluation)"
        )
    label = files["indicators"]
    indicators = read_csv_table(indicators_path, label, log)
    indicators = _require(indicators, FOLDER_REQUIRED, INDICATOR_COLUMNS, label, log)
    errors: dict[int, list[str]] = {}
    indicators = _fill_seq(indicators, label, log, errors)
    _merge_notes(errors, cell_problems(indicators, label, log))
    actuals_path = folder / files["actuals"]
    if actuals_path.is_file():
        indicators = _apply_actuals(indicators, actuals_path, files["actuals"], log, errors)
    elif "actuals" in explicit:
        log.error("evaluation.toml", None, "files.actuals", "missing_file",
                  f"{actuals_path} is named in [files] but does not exist")
    indicators = _finish_indicators(indicators, label, log, errors)
    projects = _read_projects(folder, files, explicit, indicators, log)
    year = _toml_year(data, log)
    if year is None:
        indicators = _with_project_years(indicators, projects)
    title = _toml_text(data, "title", folder.resolve().name, log)
    overrides = data.get("scheme_overrides", {})
    if not isinstance(overrides, dict):
        log.error("evaluation.toml", None, "scheme_overrides", "bad_value",
                  "[scheme_overrides] must be a table")
        overrides = {}
    return Evaluation(
        title=title,
        year=year,
        scheme=_scheme_of(folder, _toml_text(data, "scheme", DEFAULT_SCHEME, log)),
        projects=projects,
        indicators=indicators,
        source=folder,
        settings=overrides,
        notes=_toml_text(data, "notes", "", log),
        problems=tuple(log.problems),
    )


def _with_project_years(indicators: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Without an evaluation year, each indicator row's empty ``year`` cell takes its project's
    ``year`` from projects.csv, so the deadlines of a folder of several years are dated right."""
    if "year" not in projects.columns:
        return indicators
    years = {str(pid).strip(): str(year).strip()
             for pid, year in zip(projects["project_id"], projects["year"], strict=True)
             if str(year).strip()}
    if not years:
        return indicators
    out = indicators.copy()
    own = out["year"].astype(str).str.strip() if "year" in out.columns else None
    filled = [years.get(str(pid).strip(), "") for pid in out["project_id"]]
    if own is None:
        out["year"] = filled
    else:
        out["year"] = [mine or theirs for mine, theirs in zip(own, filled, strict=True)]
    return out


def _apply_actuals(indicators: pd.DataFrame, path: Path, label: str, log: _Log,
                   errors: dict[int, list[str]]) -> pd.DataFrame:
    """Overlay actuals.csv; its bad cells are reported against it and mark the row they fill."""
    overlay = read_csv_table(path, label, log)
    overlay = _require(overlay, ("project_id", "seq"), (), label, log)
    for row, seq, pid in zip(overlay["source_row"], overlay["seq"], overlay["project_id"],
                             strict=True):
        if not str(seq).strip().isdigit():
            log.error(label, int(row), "seq", "bad_seq",
                      f"seq must be a whole number ≥ 1, got {seq!r}", str(pid))
    bad_cells = cell_problems(overlay, label, log)
    merged, targets = _overlay(indicators, overlay, ["project_id", "seq"], OVERLAY_COLUMNS,
                               label, log, _seq_key)
    for position, texts in bad_cells.items():
        if position in targets:
            errors.setdefault(targets[position], []).extend(texts)
    return merged


def _read_projects(folder: Path, files: Mapping[str, str], explicit: set[str],
                   indicators: pd.DataFrame, log: _Log) -> pd.DataFrame:
    label = files["projects"]
    path = folder / label
    if path.is_file():
        projects = read_csv_table(path, label, log)
        projects = _require(projects, ("project_id", "budget", "spent"), PROJECT_COLUMNS,
                            label, log)
        _check_project_numbers(projects, label, log)
    else:
        log.error(label, None, None, "missing_file",
                  f"{path} is missing: budget and spent of every project are unknown")
        projects = _projects_from_indicators(indicators).assign(source_row="")
    extra_path = folder / files["project_actuals"]
    if extra_path.is_file():
        extra_label = files["project_actuals"]
        overlay = read_csv_table(extra_path, extra_label, log)
        overlay = _require(overlay, ("project_id",), (), extra_label, log)
        allowed = tuple(c for c in PROJECT_COLUMNS if c != "project_id")
        _check_project_numbers(overlay, extra_label, log)
        projects, _ = _overlay(projects.reset_index(drop=True), overlay, ["project_id"], allowed,
                               extra_label, log)
    elif "project_actuals" in explicit:
        log.error("evaluation.toml", None, "files.project_actuals", "missing_file",
                  f"{extra_path} is named in [files] but does not exist")
    return _check_projects(projects, indicators, label, log)


# --- Flat CSV --------------------------------------------------------------------------------


def _read_flat(path: Path) -> Evaluation:
    """Indicator rows of one or more projects in one CSV (``project_id``/``project`` optional)."""
    log = _Log()
    label = path.name
    table = read_csv_table(path, label, log, aliases=HEADER_ALIASES)
    table = _require(table, FLAT_REQUIRED, INDICATOR_COLUMNS, label, log)
    table = _flat_ids(table, path.stem)
    errors: dict[int, list[str]] = {}
    table = _fill_seq(table, label, log, errors)
    _merge_notes(errors, cell_problems(table, label, log))
    projects = _flat_projects(table, label, log)
    funding = [c for c in PROJECT_COLUMNS if c not in INDICATOR_COLUMNS and c in table.columns]
    indicators = _finish_indicators(table.drop(columns=funding), label, log, errors)
    return Evaluation(
        title=path.stem,
        year=_flat_year(table),
        scheme=DEFAULT_SCHEME,
        projects=projects,
        indicators=indicators,
        source=path,
        problems=tuple(log.problems),
    )


def _flat_ids(table: pd.DataFrame, stem: str) -> pd.DataFrame:
    """Fill empty project ids: P01, P02 … in the order the project names first appear."""
    table = table.copy()
    names = [str(n).strip() or stem for n in table["project"]]
    numbering: dict[str, str] = {}
    ids: list[str] = []
    for pid, name in zip(table["project_id"], names, strict=True):
        if str(pid).strip():
            ids.append(str(pid).strip())
            continue
        numbering.setdefault(name, f"P{len(numbering) + 1:02d}")
        ids.append(numbering[name])
    table["project_id"] = ids
    table["project"] = names
    return table


def _flat_projects(table: pd.DataFrame, label: str, log: _Log) -> pd.DataFrame:
    """One project per project_id; funding columns (budget, spent …) taken from its rows."""
    projects = _projects_from_indicators(table)
    for column in PROJECT_COLUMNS:
        if column in ("project_id", "project") or column not in table.columns:
            continue
        values = []
        for pid in projects["project_id"]:
            rows = table[table["project_id"] == pid]
            filled = [(v, r) for v, r in zip(rows[column], rows["source_row"], strict=True)
                      if str(v).strip()]
            distinct = {str(v).strip() for v, _ in filled}
            if len(distinct) > 1:
                log.error(label, int(filled[0][1]), column, "conflicting_values",
                          f"project {pid!r} has different {column} values: "
                          f"{', '.join(sorted(distinct))}", pid)
            values.append(str(filled[0][0]).strip() if filled else "")
        projects[column] = values
    projects["source_row"] = table.drop_duplicates("project_id")["source_row"].tolist()
    _check_project_numbers(projects, label, log)
    return projects


def _flat_year(table: pd.DataFrame) -> int | None:
    if "year" not in table.columns:
        return None
    years = {str(y).strip() for y in table["year"] if str(y).strip().isdigit()}
    return int(years.pop()) if len(years) == 1 else None
