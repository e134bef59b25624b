"""Read an evaluation (a folder, a flat CSV of indicator rows, or a 自评表 workbook).

Every cell is read as text. What the reader cannot understand becomes a ``Problem`` naming the
file, the 1-based row (a CSV's header is row 1), the column and what was expected; reading goes
on. Only an evaluation that cannot be read at all raises ``EvaluationError``. Input files are
never written.

Indicator rows keep ``source_file`` and ``source_row`` (where the row came from). A row whose
input cells are wrong carries the problems in ``input_error``; the scorer marks it an error row.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from scoring._csv_records import MAX_COLUMNS, Decoded, decode, records
from scoring._evaluation import Evaluation, EvaluationError
from scoring._limits import MAX_CELL_CHARS, SHOWN_CHARS, cell_too_long, shown
from scoring._problems import Problem, Severity
from scoring._schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, RESULT_COLUMNS
from scoring.execution import parse_amount
from scoring.totals import parse_applicable
from weights import read_bounded

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
#: The largest CSV file read (a million indicator rows take about 150 MB).
MAX_CSV_BYTES = 500_000_000
#: A CSV with more rows that do not read as rows of its header is not a table (exit 2).
MAX_MALFORMED_ROWS = 1_000
#: Years an evaluation may name.
MIN_YEAR, MAX_YEAR = 1949, 2200
#: Digits a seq may have.
MAX_SEQ_DIGITS = 6
TOML_KEYS = frozenset({"title", "year", "scheme", "notes", "sources", "files",
                       "scheme_overrides"})


def is_whole(text: str, digits: int) -> bool:
    """Whether ``text`` is a whole number of at most ``digits`` ASCII digits (not ``²`` or
    ``①``, which Python also calls digits)."""
    return 0 < len(text) <= digits and text.isascii() and text.isdigit()


def read_evaluation(path: str | Path, *, allow_outside: bool = False,
                    include_hidden: bool = False) -> Evaluation:
    """The evaluation at ``path``: a folder, a flat ``.csv``/``.tsv`` or an ``.xlsx`` workbook.

    A folder's ``[files]`` must name files inside it unless ``allow_outside``; a workbook's
    hidden sheets are skipped with a warning unless ``include_hidden``.
    """
    path = Path(path)
    if not path.exists():
        raise EvaluationError(f"{path}: no such file or folder")
    if path.is_dir():
        return _read_folder(path, allow_outside=allow_outside)
    if not path.is_file():
        raise EvaluationError(f"{path}: not a regular file (a device or a pipe is never read)")
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        from scoring.workbook import read_workbook

        try:
            evaluation = read_workbook(path, include_hidden=include_hidden)
        except ValueError as exc:
            raise EvaluationError(str(exc)) from exc
        return replace(evaluation, inputs=(path.resolve(),))
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


def _decode(path: Path, label: str, log: _Log) -> Decoded:
    """The lines of a CSV file: UTF-8 (with or without BOM), else GB18030 with a warning; in a
    UTF-8 file, lines that are not UTF-8 are reported with their rows."""
    try:
        data = read_bounded(path, MAX_CSV_BYTES)
    except ValueError as exc:
        raise EvaluationError(f"{label}: {exc}") from None
    decoded = decode(data)
    if decoded is None:
        raise EvaluationError(f"{label}: not UTF-8 or GB18030 text (save it as UTF-8 CSV)")
    if decoded.gb18030:
        log.warning(label, None, None, "not_utf8", "the file is not UTF-8; read as GB18030 (GBK)")
    return decoded


#: Column a table read by ``read_csv_table`` carries: why a row cannot be scored (``""``).
READ_ERROR = "_read_error"


def read_csv_table(path: Path, label: str, log: _Log, *,
                   aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A CSV file as a table of strings plus ``source_row``; bad rows reported, never dropped.

    A row with too few cells is padded with empty cells, one with too many keeps the first
    cells; both are reported. Blank rows are skipped (they still count for row numbers).
    A row that is not UTF-8, opens a quote it never closes or holds a cell longer than the
    limit is reported and kept, with the reason in ``READ_ERROR`` (the row is not scored).
    """
    decoded = _decode(path, label, log)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    found = records(decoded, delimiter)
    first = next(found, None)
    if first is None or not any(cell.strip() for cell in first.cells):
        raise EvaluationError(f"{label}: the file is empty (expected a header row)")
    if len(first.cells) > MAX_COLUMNS:
        raise EvaluationError(f"{label}: the header has {len(first.cells):,} columns; a "
                              f"table of indicators has at most {MAX_COLUMNS:,}")
    if first.problem:
        log.error(label, 1, None, first.code, first.problem)
    header = _header(first.cells, label, log, aliases or {})
    rows: list[list[str]] = []
    numbers: list[int] = []
    reasons: list[str] = []
    malformed = 0
    for record in found:
        cells, index = record.cells, record.row
        if not any(cell.strip() for cell in cells):
            continue
        if record.problem or len(cells) != len(header):
            malformed += 1
            if malformed > MAX_MALFORMED_ROWS:
                raise EvaluationError(
                    f"{label}: more than {MAX_MALFORMED_ROWS:,} rows do not read as rows of its "
                    f"header (cells missing or too many, quotes left open, not UTF-8), the last "
                    f"on row {index}: the file is not a table of indicators")
        problems: list[str] = []
        if record.problem:
            problems.append(str(log.error(label, index, None, record.code, record.problem)))
        elif len(cells) != len(header):
            log.error(label, index, None, "row_length",
                      f"expected {len(header)} cells as in the header, found {len(cells)}")
        cells = (cells + [""] * len(header))[: len(header)]
        for position, cell in enumerate(cells):
            too_long = cell_too_long(cell)
            if too_long:
                problems.append(str(log.error(label, index, header[position], "cell_too_long",
                                              too_long)))
                cells[position] = cell[:SHOWN_CHARS] + "…"
        rows.append(cells)
        numbers.append(index)
        reasons.append("; ".join(problems))
    table = pd.DataFrame(rows, columns=header, dtype=str)
    table = table.loc[:, ~pd.Index(header).duplicated()]
    table["source_row"] = numbers
    table[READ_ERROR] = reasons
    return table


def _with_rows(table: pd.DataFrame, label: str) -> pd.DataFrame:
    """``table`` when it has rows; a file of indicators with a header alone is unusable."""
    if table.empty:
        raise EvaluationError(f"{label}: no indicator rows below the header (nothing to score)")
    return table


def _read_errors(table: pd.DataFrame, errors: dict[int, list[str]]) -> pd.DataFrame:
    """Move ``READ_ERROR`` of a table into ``errors`` (by row position); the table without it."""
    for position, reason in enumerate(table[READ_ERROR]):
        if reason:
            _note(errors, position, reason)
    return table.drop(columns=[READ_ERROR])


def _header(cells: list[str], label: str, log: _Log, aliases: Mapping[str, str]) -> list[str]:
    """Header names: stripped, aliases mapped to canonical names, duplicates reported."""
    loose = {_header_key(alias): name for alias, name in aliases.items()}
    present = {cell.strip() for cell in cells}
    names: list[str] = []
    taken: set[str] = set()
    for position, cell in enumerate(cells, start=1):
        name = cell.strip()
        canonical = loose.get(_header_key(name)) or (
            name.lower() if name.lower() in INDICATOR_COLUMNS + PROJECT_COLUMNS else None
        )
        if canonical and canonical not in present and canonical not in taken:
            name = canonical
        if not name:
            name = f"column_{position}"
        if name in taken:
            log.error(label, 1, name, "duplicate_column",
                      f"column {name!r} appears twice; the first one is used")
        names.append(name)
        taken.add(name)
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
    if len(cell) > MAX_CELL_CHARS:
        return f"{column} must be a number, got a cell of {len(cell):,} characters"
    try:
        number = parse_amount(text)
    except ValueError as exc:
        reason = str(exc)
        if reason.startswith("not a number"):
            return f"{column} must be a number, got {shown(cell)}"
        return f"{column}: {reason}"
    if number is not None and number < 0:
        return f"{column} must not be negative, got {shown(cell)}"
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
        elif not is_whole(text, MAX_SEQ_DIGITS) or int(text) < 1:
            problem = log.error(label, int(row), "seq", "bad_seq",
                                f"seq must be a whole number ≥ 1, got {shown(seq)}", pid)
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
    return str(int(text)) if column == "seq" and is_whole(text, MAX_SEQ_DIGITS) else text


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
        data = tomllib.loads(read_bounded(path).decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError) as exc:
        raise EvaluationError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise EvaluationError(f"{path}: not valid TOML: tables or arrays nested too deeply"
                              ) from None
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
    if year is None:
        return None
    if isinstance(year, str) and is_whole(year.strip(), 4):
        year = int(year.strip())
    if isinstance(year, int) and not isinstance(year, bool) and MIN_YEAR <= year <= MAX_YEAR:
        return year
    log.error("evaluation.toml", None, "year", "bad_value",
              f"year must be a year such as 2024 (from {MIN_YEAR} to {MAX_YEAR}), "
              f"got {shown(year)}")
    return None


def _scheme_of(folder: Path, name: str) -> str:
    """A scheme name as given, or the absolute path of a scheme file named relative to folder."""
    candidate = folder / name
    if name.endswith(".toml") or candidate.is_file():
        return str(candidate.resolve())
    return name


def _inside(folder: Path, files: Mapping[str, str]) -> None:
    """Refuse a ``[files]`` entry that leads out of the evaluation folder."""
    root = folder.resolve()
    for key, name in files.items():
        if not (folder / name).resolve().is_relative_to(root):
            raise EvaluationError(
                f"{folder / 'evaluation.toml'}: [files] {key} = {name!r} is outside the "
                f"evaluation folder; move the file into the folder, or give --allow-outside "
                f"to read it there")


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


def _read_folder(folder: Path, *, allow_outside: bool = False) -> Evaluation:
    log = _Log()
    data = _read_toml(folder, log)
    files, explicit = _files(data, log)
    if not allow_outside:
        _inside(folder, files)
    indicators_path = folder / files["indicators"]
    if not indicators_path.is_file():
        raise EvaluationError(
            f"{folder}: no {files['indicators']} (expected the indicator rows of the evaluation)"
        )
    label = files["indicators"]
    indicators = _with_rows(read_csv_table(indicators_path, label, log), label)
    indicators = _require(indicators, FOLDER_REQUIRED, INDICATOR_COLUMNS, label, log)
    errors: dict[int, list[str]] = {}
    indicators = _read_errors(indicators, errors)
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
        inputs=tuple(p.resolve() for p in (folder / "evaluation.toml",
                                             *(folder / name for name in files.values()))
                     if p.is_file()),
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
    unreadable: dict[int, list[str]] = {}
    overlay = _read_errors(overlay, unreadable)
    for row, seq, pid in zip(overlay["source_row"], overlay["seq"], overlay["project_id"],
                             strict=True):
        if not is_whole(str(seq).strip(), MAX_SEQ_DIGITS):
            log.error(label, int(row), "seq", "bad_seq",
                      f"seq must be a whole number ≥ 1, got {shown(seq)}", str(pid))
    bad_cells = cell_problems(overlay, label, log)
    _merge_notes(bad_cells, unreadable)
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
        projects = read_csv_table(path, label, log).drop(columns=[READ_ERROR])
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
        overlay = read_csv_table(extra_path, extra_label, log).drop(columns=[READ_ERROR])
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
    table = _with_rows(read_csv_table(path, label, log, aliases=HEADER_ALIASES), label)
    table = _require(table, FLAT_REQUIRED, INDICATOR_COLUMNS, label, log)
    errors: dict[int, list[str]] = {}
    table = _read_errors(table, errors)
    table = _flat_ids(table, path.stem)
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
        inputs=(path.resolve(),),
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
    years = {str(y).strip() for y in table["year"] if is_whole(str(y).strip(), 4)}
    return int(years.pop()) if len(years) == 1 else None
