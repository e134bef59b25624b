"""Read an evaluation: a folder, a flat CSV or Parquet file, or a 自评表 workbook.

Read an evaluation (a folder, a flat CSV or Parquet file of indicator rows, or a 自评表
workbook).

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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.engine.execution import parse_amount
from scoring.engine.totals import parse_applicable
from scoring.model.columns import INDICATOR_COLUMNS, PROJECT_COLUMNS, RESULT_COLUMNS
from scoring.model.evaluation import Evaluation, EvaluationError
from scoring.model.limits import MAX_CELL_CHARS, SHOWN_CHARS, cell_too_long, shown
from scoring.model.problems import Problem, Severity
from scoring.sources._csv_records import MAX_COLUMNS, Decoded, Record, decode, records
from scoring.sources.arrow_csv import ArrowUnfit, header_cells, record_batches
from weights import read_bounded

#: A table that names no scheme is scored by the framework its tree fits (scoring.engine.choose).
DEFAULT_SCHEME = "auto"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
CSV_SUFFIXES = (".csv", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")
#: Files of flat indicator rows (one row per 三级指标).
FLAT_SUFFIXES = CSV_SUFFIXES + PARQUET_SUFFIXES
DEFAULT_FILES: dict[str, str] = {
    "projects": "projects.csv",
    "indicators": "indicators.csv",
    "actuals": "actuals.csv",
    "project_actuals": "project_actuals.csv",
}
#: Rows per batch when Arrow reads a whole CSV file.
ARROW_BATCH_ROWS = 100_000
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
    """The evaluation at ``path``: a folder, a flat ``.csv``/``.tsv``/``.parquet`` or an
    ``.xlsx`` workbook.

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
        from scoring.sources.workbook import read_workbook

        try:
            evaluation = read_workbook(path, include_hidden=include_hidden)
        except ValueError as exc:
            raise EvaluationError(str(exc)) from exc
        return replace(evaluation, inputs=(path.resolve(),))
    if suffix in FLAT_SUFFIXES:
        return _read_flat(path)
    hint = " (a published target document is imported with `jixiao import-text`)" \
        if suffix == ".txt" else ""
    raise EvaluationError(
        f"{path}: expected an evaluation folder, a .csv/.tsv/.parquet of indicator rows or an "
        f".xlsx workbook, got a {suffix or 'suffix-less'} file{hint}"
    )


@dataclass
class ProblemLog:
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


def _decode(path: Path, label: str, log: ProblemLog) -> Decoded:
    """The lines of a CSV file: UTF-8 (with or without BOM), else GB18030 with a warning; in a
    UTF-8 file, lines that are not UTF-8 are reported with their rows."""
    try:
        # the buffer read is as large as the limit: ask for no more than the file holds
        data = read_bounded(path, min(MAX_CSV_BYTES, path.stat().st_size))
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


def read_csv_table(path: Path, label: str, log: ProblemLog, *,
                   aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A CSV file as a table of strings plus ``source_row``; bad rows reported, never dropped.

    A row with too few cells is padded with empty cells, one with too many keeps the first
    cells; both are reported. Blank rows are skipped (they still count for row numbers).
    A row that is not UTF-8, opens a quote it never closes or holds a cell longer than the
    limit is reported and kept, with the reason in ``READ_ERROR`` (the row is not scored).
    A file that Arrow's CSV reader reads row for row as this reader does is read by Arrow
    (``sources.arrow_csv``: several times faster).
    """
    fast = _arrow_table(path, label, aliases or {})
    if fast is not None:
        table, problems = fast
        log.problems.extend(problems)
        return table
    header, found = csv_records(_decode(path, label, log), path, label, log, aliases or {})
    return records_table(header, found, label, log, MalformedRows())


def csv_records(decoded: Decoded, path: Path, label: str, log: ProblemLog,
                aliases: Mapping[str, str]) -> tuple[list[str], Iterator[Record]]:
    """The header names of a decoded CSV file and its records after the header."""
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
    return header_names(first.cells, label, log, aliases), found


@dataclass
class MalformedRows:
    """Rows so far that do not read as rows of the header (a file read in batches)."""

    count: int = 0


def records_table(header: list[str], found: Iterable[Record], label: str, log: ProblemLog,
                  malformed: MalformedRows) -> pd.DataFrame:
    """CSV records as a table of strings plus ``source_row`` and ``READ_ERROR``: blank
    records skipped, ragged ones padded or cut, unreadable ones and cells over the limit
    reported; more than ``MAX_MALFORMED_ROWS`` malformed rows is not a table."""
    rows: list[list[str]] = []
    numbers: list[int] = []
    reasons: list[str] = []
    for record in found:
        cells, index = record.cells, record.row
        if not any(cell.strip() for cell in cells):
            continue
        if record.problem or len(cells) != len(header):
            malformed.count += 1
            if malformed.count > MAX_MALFORMED_ROWS:
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


def _arrow_table(path: Path, label: str, aliases: Mapping[str, str],
                 ) -> tuple[pd.DataFrame, list[Problem]] | None:
    """The table of a CSV file read by Arrow's CSV reader, and the problems of its header;
    None when Arrow would not read it row for row as ``records_table`` does (``sources.arrow_csv``)
    or the file is over ``MAX_CSV_BYTES``."""
    import pyarrow as pa

    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            return None
        first = header_cells(path)
        header_log = ProblemLog()
        header = header_names(first, label, header_log, aliases)
        batches = list(record_batches(path, first, ARROW_BATCH_ROWS))
    except (ArrowUnfit, OSError):
        return None
    if not batches:
        return None
    table = arrow_text_table(pa.Table.from_batches(batches), header, 2)
    table[READ_ERROR] = ""
    return table, header_log.problems


def _with_rows(table: pd.DataFrame, label: str) -> pd.DataFrame:
    """``table`` when it has rows; a file of indicators with a header alone is unusable."""
    if table.empty:
        raise EvaluationError(f"{label}: no indicator rows below the header (nothing to score)")
    return table


def _read_errors(table: pd.DataFrame, errors: dict[int, list[str]]) -> pd.DataFrame:
    """Move ``READ_ERROR`` of a table into ``errors`` (by row position); the table without it."""
    _note_read_errors(table, errors)
    return table.drop(columns=[READ_ERROR])


def _note_read_errors(table: pd.DataFrame, errors: dict[int, list[str]]) -> None:
    """Note ``READ_ERROR`` of a table in ``errors`` (by row position)."""
    reasons = table[READ_ERROR].to_numpy()
    for position in np.flatnonzero(reasons != ""):
        _note(errors, int(position), str(reasons[position]))


def renumbered(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` numbered 0, 1, … without copying their cells (``reset_index`` copies them)."""
    found = rows.copy(deep=False)
    found.index = pd.RangeIndex(len(found))
    return found


def read_parquet_table(path: Path, label: str, log: ProblemLog, *,
                       aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A Parquet file as a table of strings plus ``source_row`` (its row number as in a CSV
    file with a header: the first row is 2) and ``READ_ERROR``; a missing cell is empty text,
    a cell over the limit is cut and reported."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"{label}: not a readable Parquet file ({exc})") from None
    names = header_names(list(table.column_names), label, log, aliases or {})
    return limited_cells(arrow_text_table(table, names, 2), label, log,
                         long_text_columns(table, names))


def limited_cells(table: pd.DataFrame, label: str, log: ProblemLog,
                  columns: Iterable[str] | None = None) -> pd.DataFrame:
    """``table`` with ``READ_ERROR``: a text cell over ``MAX_CELL_CHARS`` is cut and
    reported, as the CSV reader does; only ``columns`` are looked at when given (those
    ``long_text_columns`` found), else every column."""
    reasons: dict[int, list[str]] = {}
    rows = table["source_row"].to_numpy()
    names = [c for c in table.columns if c != "source_row"] if columns is None else columns
    for column in names:
        cells = table[column].to_numpy(dtype=object)
        long = np.flatnonzero(table[column].str.len().to_numpy() > MAX_CELL_CHARS)
        if not len(long):
            continue
        cells = cells.copy()
        for position in long.tolist():
            cell = str(cells[position])
            problem = log.error(label, int(rows[position]), str(column), "cell_too_long",
                                cell_too_long(cell))
            reasons.setdefault(position, []).append(str(problem))
            cells[position] = cell[:SHOWN_CHARS] + "…"
        table[column] = cells
    table[READ_ERROR] = joined_notes(reasons, len(table)) if reasons else ""
    return table


def long_text_columns(table: Any, header: list[str]) -> list[str]:
    """The names (``header``) of the columns of an Arrow table that hold a cell over
    ``MAX_CELL_CHARS``, found by Arrow without making Python strings."""
    import pyarrow as pa
    import pyarrow.compute as pc

    found: list[str] = []
    for name, column in zip(header, table.columns, strict=True):
        if pa.types.is_dictionary(column.type):  # its texts are in its dictionary
            column = pa.chunked_array([chunk.dictionary for chunk in column.chunks],
                                      type=column.type.value_type)
        text = column if pa.types.is_string(column.type) else pc.cast(column, pa.string())
        if name not in found and (pc.max(pc.utf8_length(text)).as_py() or 0) > MAX_CELL_CHARS:
            found.append(name)
    return found


def arrow_text_table(table: Any, header: list[str], first_row: int) -> pd.DataFrame:
    """An Arrow table as a table of strings named ``header`` (a repeated name keeps its
    first column), with ``source_row`` numbered from ``first_row``. Each distinct text of a
    column becomes one Python string, shared by the rows that hold it."""
    data: dict[str, Any] = {}
    for name, column in zip(header, table.columns, strict=True):
        if name not in data:
            data[name] = text_cells_of(column)
    data["source_row"] = np.arange(first_row, first_row + table.num_rows)
    return pd.DataFrame(data, columns=list(data))


def text_cells_of(column: Any) -> npt.NDArray[np.object_]:
    """An Arrow column as an array of Python strings (a missing cell is empty text), one
    string object per distinct text (per dictionary entry of a dictionary-encoded column,
    as Parquet text is read: its dictionary is taken as it is, not worked out again)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if not len(column):
        return np.array([], dtype=object)
    if pa.types.is_dictionary(column.type):
        return _dictionary_cells(column)
    text = column if pa.types.is_string(column.type) else pc.cast(column, pa.string())
    return _dictionary_cells(pc.fill_null(text, "").dictionary_encode())


def _dictionary_cells(column: Any) -> npt.NDArray[np.object_]:
    """A dictionary-encoded Arrow array as Python strings, a missing cell as empty text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    dictionary = column.dictionary
    if not pa.types.is_string(dictionary.type):
        dictionary = pc.cast(dictionary, pa.string())
    distinct = np.asarray(pc.fill_null(dictionary, "").to_numpy(zero_copy_only=False),
                          dtype=object)
    indices = column.indices
    if indices.null_count:
        distinct = np.append(distinct, np.array([""], dtype=object))
        indices = pc.fill_null(indices, len(dictionary))
    cells: npt.NDArray[np.object_] = distinct[indices.to_numpy(zero_copy_only=False)]
    return cells


def header_names(cells: list[str], label: str, log: ProblemLog,
                 aliases: Mapping[str, str]) -> list[str]:
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
             label: str, log: ProblemLog) -> pd.DataFrame:
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


def stripped(cells: pd.Series) -> pd.Series:
    """The cells as text without surrounding whitespace, each distinct cell stripped once."""
    codes, texts = stripped_codes(cells.to_numpy(dtype=object))
    return pd.Series(texts[codes] if len(codes) else np.array([], dtype=object),
                     index=cells.index, dtype=object)


def stripped_codes(cells: npt.NDArray[np.object_]) -> tuple[npt.NDArray[np.intp],
                                                            npt.NDArray[np.object_]]:
    """The cells as codes into their distinct texts without surrounding whitespace
    (``texts[codes]``; two codes may share a text), each distinct cell stripped once."""
    codes, uniques = cell_codes(cells)
    return codes, np.array([str(value).strip() for value in uniques], dtype=object)


def cell_codes(cells: npt.NDArray[np.object_]) -> tuple[npt.NDArray[np.intp], Any]:
    """``pd.factorize`` of object cells, None and NaN kept as values; a column of text (the
    reader's) is factorised without the separate pass that looks for missing cells."""
    if pd.api.types.infer_dtype(cells, skipna=False) == "string":
        return pd.factorize(cells)
    return pd.factorize(cells, use_na_sentinel=False)


def _note(errors: dict[int, list[str]], position: int, text: str) -> None:
    errors.setdefault(position, []).append(text)


def cell_problems(table: pd.DataFrame, label: str, log: ProblemLog) -> dict[int, list[str]]:
    """Check the number and ``applicable`` cells of indicator rows; problems by row position.

    weight, adjustment and manual_score must be numbers ≥ 0 when filled (a trailing % is allowed
    on weight); applicable must be empty, true/是 or false/否/不适用. Each distinct cell of a
    column is checked once; problems are logged row by row, in column order.
    """
    found: dict[int, list[str]] = {}
    checks = [(column, _number_checker(column)) for column in NUMBER_COLUMNS]
    checks.append(("applicable", _applicable_problem))
    located: list[tuple[int, int, str, str, str]] = []
    for order, (column, check) in enumerate(checks):
        if column not in table.columns:
            continue
        for position, message in _bad_cells(table[column], check):
            code = "bad_applicable" if column == "applicable" else "bad_number"
            located.append((position, order, column, code, message))
    if not located:
        return found
    pids = table["project_id"].to_numpy() if "project_id" in table.columns else None
    rows = table["source_row"].to_numpy()
    for position, _, column, code, message in sorted(located):
        pid = str(pids[position]) if pids is not None else ""
        problem = log.error(label, int(rows[position]), column, code, message, pid)
        _note(found, position, str(problem))
    return found


def _bad_cells(cells: pd.Series, check: Callable[[object], str]) -> list[tuple[int, str]]:
    """``(position, message)`` of the cells ``check`` finds wrong; each distinct cell once."""
    codes, uniques = cell_codes(cells.to_numpy(dtype=object))
    messages = [check(value) for value in uniques]
    bad = [code for code, message in enumerate(messages) if message]
    if not bad:
        return []
    positions = np.flatnonzero(np.isin(codes, bad))
    return [(int(position), messages[codes[position]]) for position in positions]


def _number_checker(column: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        return _number_problem(column, value)
    return check


def _applicable_problem(value: object) -> str:
    """What is wrong with an ``applicable`` cell, or ``""``."""
    try:
        parse_applicable(value)
    except ValueError as exc:
        return str(exc)
    return ""


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


def _check_project_numbers(table: pd.DataFrame, label: str, log: ProblemLog) -> None:
    """budget_initial, budget and spent must be numbers ≥ 0 when filled."""
    located: list[tuple[int, int, str, str]] = []
    for order, column in enumerate(PROJECT_NUMBER_COLUMNS):
        if column in table.columns:
            located += [(position, order, column, message) for position, message
                        in _bad_cells(table[column], _number_checker(column))]
    pids = table["project_id"].to_numpy() if "project_id" in table.columns else None
    rows = table["source_row"].to_numpy()
    for position, _, column, message in sorted(located):
        pid = str(pids[position]) if pids is not None else ""
        log.error(label, int(rows[position]), column, "bad_number", message, pid)


def joined_notes(notes: Mapping[int, list[str]], rows: int) -> npt.NDArray[np.object_]:
    """Per row position, its notes joined by ``; `` (empty text for a row without any)."""
    joined = np.full(rows, "", dtype=object)
    for position, texts in notes.items():
        joined[position] = "; ".join(texts)
    return joined


def _merge_notes(into: dict[int, list[str]], more: Mapping[int, list[str]]) -> None:
    for position, texts in more.items():
        into.setdefault(position, []).extend(texts)


def _fill_seq(table: pd.DataFrame, label: str, log: ProblemLog,
              errors: dict[int, list[str]]) -> pd.DataFrame:
    """Give rows without ``seq`` their position within the project; report bad and duplicate
    (project_id, seq) keys."""
    table = table.copy(deep=False)  # columns are replaced, never written into
    pids = table["project_id"].astype(str)
    given = stripped(table["seq"])
    counters = (pids.groupby(pids, sort=False).cumcount() + 1).astype(str)
    empty = (given == "").to_numpy()
    seqs = given.where(~empty, counters)
    codes, distinct = pd.factorize(given)
    valid = np.array([is_whole(text, MAX_SEQ_DIGITS) and int(text) >= 1 for text in distinct],
                     dtype=bool)
    bad = ~empty & ~valid[codes]
    keys = pd.DataFrame({"pid": pids, "seq": seqs, "row": table["source_row"]})
    repeated = keys.duplicated(["pid", "seq"]).to_numpy()
    located = sorted([(int(p), 0) for p in np.flatnonzero(bad)]
                     + [(int(p), 1) for p in np.flatnonzero(repeated)])
    if located:
        first_rows = keys.groupby(["pid", "seq"], sort=False)["row"].transform("first")
    rows, given_seqs = table["source_row"].to_numpy(), table["seq"].to_numpy()
    for position, what in located:
        pid, row = str(pids.iat[position]), int(rows[position])
        if what == 0:
            problem = log.error(label, row, "seq", "bad_seq",
                                f"seq must be a whole number ≥ 1, got "
                                f"{shown(given_seqs[position])}", pid)
        else:
            problem = log.error(label, row, "seq", "duplicate_key",
                                f"project_id {pid!r} with seq {seqs.iat[position]} already on "
                                f"row {int(first_rows.to_numpy()[position])}", pid)
        _note(errors, position, str(problem))
    table["seq"] = seqs.to_numpy(dtype=object)
    return table


def _finish_indicators(table: pd.DataFrame, label: str, log: ProblemLog,
                       errors: Mapping[int, list[str]],
                       left_out: Iterable[str] = ()) -> pd.DataFrame:
    """Canonical column order, then extras, ``source_file``, ``source_row`` and ``input_error``;
    the columns ``left_out`` are not carried over (the cells are copied once, here).

    Result columns of an earlier scoring (a scored CSV read back) are dropped with a warning.
    """
    stale = [c for c in table.columns if c in RESULT_COLUMNS or c == "input_error"]
    if stale:
        log.warning(label, 1, ", ".join(stale), "result_columns",
                    "columns of an earlier scoring are ignored; the rows are scored afresh")
    dropped = {*stale, *left_out}
    kept = [c for c in table.columns if c not in dropped]
    extras = [c for c in kept if c not in INDICATOR_COLUMNS
              and c not in ("source_file", "source_row", "input_error")]
    order = [*INDICATOR_COLUMNS, *extras, "source_row"]
    finished = renumbered(table[order])
    finished.insert(len(order) - 1, "source_file", label)
    finished["input_error"] = joined_notes(errors, len(finished))
    return finished


def _projects_from_indicators(indicators: pd.DataFrame) -> pd.DataFrame:
    """One project row per project_id of the indicators, with empty funding cells."""
    firsts = indicators.drop_duplicates("project_id")
    rows = {column: [""] * len(firsts) for column in PROJECT_COLUMNS}
    rows["project_id"] = list(firsts["project_id"])
    rows["project"] = list(firsts["project"])
    return pd.DataFrame(rows, dtype=str)


def _check_projects(projects: pd.DataFrame, indicators: pd.DataFrame, label: str,
                    log: ProblemLog) -> pd.DataFrame:
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
             allowed: tuple[str, ...], label: str, log: ProblemLog,
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


def _read_toml(folder: Path, log: ProblemLog) -> dict[str, Any]:
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


def _toml_text(data: Mapping[str, Any], key: str, default: str, log: ProblemLog) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        log.error("evaluation.toml", None, key, "bad_value",
                  f"{key} must be text, got {value!r}")
        return default
    return value


def _toml_year(data: Mapping[str, Any], log: ProblemLog) -> int | None:
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


def _files(data: Mapping[str, Any], log: ProblemLog) -> tuple[dict[str, str], set[str]]:
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
    log = ProblemLog()
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


def _apply_actuals(indicators: pd.DataFrame, path: Path, label: str, log: ProblemLog,
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
                   indicators: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
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
    """Indicator rows of one or more projects in one CSV or Parquet file (``project_id`` and
    ``project`` optional)."""
    log = ProblemLog()
    table = _with_rows(read_flat_table(path, log), path.name)
    return flat_evaluation(table, path, log, year=_flat_year(table))


def read_flat_table(path: Path, log: ProblemLog) -> pd.DataFrame:
    """A flat file's rows as text with canonical column names and ``source_row``."""
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return read_parquet_table(path, path.name, log, aliases=HEADER_ALIASES)
    return read_csv_table(path, path.name, log, aliases=HEADER_ALIASES)


def flat_evaluation(table: pd.DataFrame, path: Path, log: ProblemLog, *, year: int | None,
                    numbers: ProjectNumbers | None = None,
                    repeat: bool = False) -> Evaluation:
    """The evaluation of flat indicator rows (the whole file, or the rows of whole projects
    when the file is read in chunks: ``numbers`` then carries the project ids given so far,
    and ``repeat`` leaves out the problems of the header, reported with the first chunk)."""
    label = path.name
    once = ProblemLog() if repeat else log
    table = _require(table, FLAT_REQUIRED, INDICATOR_COLUMNS, label, once)
    errors: dict[int, list[str]] = {}
    _note_read_errors(table, errors)
    table = _flat_ids(table, path.stem, numbers)
    table = _fill_seq(table, label, log, errors)
    _merge_notes(errors, cell_problems(table, label, log))
    projects = _flat_projects(table, label, log)
    funding = [c for c in PROJECT_COLUMNS if c not in INDICATOR_COLUMNS and c in table.columns]
    indicators = _finish_indicators(table, label, once, errors, left_out=[READ_ERROR, *funding])
    return Evaluation(
        title=path.stem,
        year=year,
        scheme=DEFAULT_SCHEME,
        projects=projects,
        indicators=indicators,
        source=path,
        problems=tuple(log.problems),
        inputs=(path.resolve(),),
    )


@dataclass
class ProjectNumbers:
    """The ids P01, P02 … given to projects without one, in the order their names appear;
    ``given`` ids were handed out before (the rows of a file before this chunk)."""

    given: int = 0
    ids: dict[str, str] = field(default_factory=dict)

    def id_for(self, name: str) -> str:
        """The id of the project named ``name``, given it when it has none yet."""
        if name not in self.ids:
            self.given += 1
            self.ids[name] = f"P{self.given:02d}"
        return self.ids[name]


def _flat_ids(table: pd.DataFrame, stem: str,
              numbers: ProjectNumbers | None = None) -> pd.DataFrame:
    """Fill empty project ids: P01, P02 … in the order the project names first appear
    (``numbers`` carries the ids given so far when a file is read in chunks)."""
    numbers = ProjectNumbers() if numbers is None else numbers
    table = table.copy(deep=False)  # columns are replaced, never written into
    name_codes, name_texts = stripped_codes(table["project"].to_numpy(dtype=object))
    distinct_names = np.where(name_texts == "", stem, name_texts).astype(object)
    names = distinct_names[name_codes]
    id_codes, id_texts = stripped_codes(table["project_id"].to_numpy(dtype=object))
    ids = id_texts[id_codes]
    empty = (id_texts == "")[id_codes]
    if empty.any():
        given = {name: numbers.id_for(name) for name in pd.unique(names[empty])}
        ids[empty] = np.array([given.get(name, "") for name in distinct_names.tolist()],
                              dtype=object)[name_codes[empty]]
    table["project_id"] = ids
    table["project"] = names
    return table


def _flat_projects(table: pd.DataFrame, label: str, log: ProblemLog) -> pd.DataFrame:
    """One project per project_id; funding columns (budget, spent …) taken from its rows:
    the first filled cell of the project, and an error when its filled cells differ."""
    projects = _projects_from_indicators(table)
    codes, _ = pd.factorize(table["project_id"].astype(str).to_numpy(dtype=object))
    count = len(projects)  # projects come in the order their ids first appear, as ``codes``
    rows = table["source_row"].to_numpy()
    for column in PROJECT_COLUMNS:
        if column in ("project_id", "project") or column not in table.columns:
            continue
        cells = stripped(table[column]).to_numpy(dtype=object)
        filled = np.flatnonzero(cells != "")
        first = _first_positions(codes[filled], filled, count)
        values = np.where(first >= 0, cells[np.maximum(first, 0)], "")
        for code in _with_several(codes[filled], cells[filled], count):
            pid = str(projects["project_id"].iat[code])
            found = sorted(set(cells[filled[codes[filled] == code]].tolist()))
            log.error(label, int(rows[first[code]]), column, "conflicting_values",
                      f"project {pid!r} has different {column} values: {', '.join(found)}",
                      pid)
        projects[column] = [str(value) for value in values]
    projects["source_row"] = rows[_first_positions(codes, np.arange(len(codes)), count)].tolist()
    _check_project_numbers(projects, label, log)
    return projects


def _first_positions(codes: npt.NDArray[np.intp], positions: npt.NDArray[np.intp],
                     count: int) -> npt.NDArray[np.intp]:
    """Per code 0 … count-1, the first of ``positions`` carrying it (-1 for none)."""
    first = np.full(count, -1, dtype=np.intp)
    first[codes[::-1]] = positions[::-1]
    return first


def _with_several(codes: npt.NDArray[np.intp], cells: npt.NDArray[np.object_],
                  count: int) -> list[int]:
    """The codes, in order, whose cells hold more than one distinct value."""
    values, distinct = pd.factorize(cells)
    if len(distinct) < 2:
        return []
    pairs = np.unique(codes.astype(np.int64) * len(distinct) + values)
    per_code = np.bincount(pairs // len(distinct), minlength=count)
    return [int(code) for code in np.flatnonzero(per_code > 1)]


def _flat_year(table: pd.DataFrame) -> int | None:
    return single_year(flat_years(table))


def flat_years(table: pd.DataFrame) -> set[str]:
    """The distinct years written in a flat table's ``year`` column."""
    if "year" not in table.columns:
        return set()
    return {str(y).strip() for y in pd.unique(table["year"]) if is_whole(str(y).strip(), 4)}


def single_year(years: set[str]) -> int | None:
    """The year of a flat table: the one year its rows name, else None."""
    return int(next(iter(years))) if len(years) == 1 else None
