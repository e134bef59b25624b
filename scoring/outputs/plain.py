"""A scored evaluation as text: an aligned terminal table, CSV or JSON."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.engine.rounding import round_half_up
from scoring.model.columns import (
    INDICATOR_COLUMNS,
    PROJECT_COLUMNS,
    PROJECT_RESULT_COLUMNS,
    RESULT_COLUMNS,
)
from scoring.model.result import Result
from scoring.outputs.html_report._format import flag_codes, flag_label

#: Widest project name shown in the terminal table (in display columns).
NAME_WIDTH = 26
#: Widest text cell of the detail table.
CELL_WIDTH = 22
#: Length of the scheme hash shown in the table.
SHORT_HASH = 12


@lru_cache(maxsize=1 << 16)
def display_width(text: str) -> int:
    """Columns a terminal uses for ``text``: wide and full-width characters count 2 (each
    distinct text measured once; ASCII text is its length)."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


@lru_cache(maxsize=1 << 16)
def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns, ending in … when cut."""
    if display_width(text) <= width:
        return text
    kept = ""
    for char in text:
        if display_width(kept + char) > width - 1:
            break
        kept += char
    return kept + "…"


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` display columns (right-aligned for numbers)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]],
               right: Sequence[bool]) -> str:
    """Rows aligned in columns by display width, with a header and a rule under it."""
    widths = [display_width(h) for h in headers]
    for row in rows:
        widths = [max(w, display_width(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = ["  ".join(pad(h, w, r) for h, w, r in zip(headers, widths, right, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        cells = zip(row, widths, right, strict=True)
        lines.append("  ".join(pad(c, w, r) for c, w, r in cells).rstrip())
    return "\n".join(line.rstrip() for line in lines)


def is_missing(value: object) -> bool:
    """None, NaN and NA count as an empty cell."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return value is pd.NA or value is pd.NaT


def cell(value: object) -> str:
    """A cell as text: empty for missing values, Decimals as written."""
    if is_missing(value):
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def percent(value: object) -> str:
    """A share (0.95) as a percentage with 2 decimals (``95.00%``), empty when missing."""
    if is_missing(value):
        return ""
    try:
        share = Decimal(str(value))
    except ArithmeticError:
        return cell(value)
    return f"{round_half_up(share * 100, 2)}%"


def pool_columns(result: Result) -> list[str]:
    """The per-一级 subtotal columns of the projects table."""
    known = set(PROJECT_COLUMNS) | set(PROJECT_RESULT_COLUMNS)
    columns = list(result.projects.columns)
    if "execution_rate" not in columns:
        return []
    end = columns.index("execution_rate")
    return [c for c in columns[:end] if c not in known]


def projects_text(result: Result) -> str:
    """One line per project: subtotals, 执行率 and its score, total, grade, counts."""
    pools = pool_columns(result)
    headers = ["项目编码", "项目", *pools, "执行率", "执行得分", "总分", "等级", "警告", "错误"]
    right = [False, False, *[True] * len(pools), True, True, True, False, True, True]
    rows = []
    rescaled = False
    for record in result.projects.to_dict("records"):
        rate = cell(record.get("execution_rate"))
        total = cell(record.get("total")) or "—"
        if cell(record.get("not_applicable_factor")):
            total += "†"
            rescaled = True
        rows.append([
            cell(record.get("project_id")),
            shorten(cell(record.get("project")), NAME_WIDTH),
            *[cell(record.get(pool)) for pool in pools],
            f"{rate}%" if rate else "—",
            cell(record.get("execution_score")) or "—",
            total,
            cell(record.get("grade")),
            cell(record.get("warnings")),
            cell(record.get("errors")),
        ])
    note = ("\n† 不适用 rows excluded: the total is rescaled to the applicable points "
            "(not_applicable_factor; the scheme's distribution.not_applicable says how)"
            ) if rescaled else ""
    return text_table(headers, rows, right) + note


def indicators_text(result: Result) -> str:
    """One line per indicator; a weight marked * was distributed by the scheme."""
    headers = ["项目编码", "一级", "三级指标", "kind", "指标值", "实际完成值", "分值", "完成率",
               "得分", "flags"]
    right = [False, False, False, False, False, False, True, True, True, False]
    frame = result.indicators
    texts = {name: column_texts(frame, name) for name in (
        "project_id", "level1", "indicator", "kind", "target", "actual", "weight_used",
        "weight_source", "final_score", "flags")}
    marked = (texts["weight_used"] != "") & (texts["weight_source"] == "distributed")
    weights = np.where(marked, texts["weight_used"] + "*", texts["weight_used"])
    attainment = (_mapped(frame["attainment"], percent) if "attainment" in frame.columns
                  else np.full(len(frame), "", dtype=object))
    columns = [
        texts["project_id"],
        [shorten(text, 10) for text in texts["level1"]],
        [shorten(text, CELL_WIDTH) for text in texts["indicator"]],
        texts["kind"],
        [shorten(text, CELL_WIDTH) for text in texts["target"]],
        [shorten(text, CELL_WIDTH) for text in texts["actual"]],
        weights,
        attainment,
        texts["final_score"],
        texts["flags"],
    ]
    rows = [list(row) for row in zip(*columns, strict=True)]
    note = "\n* weight distributed by the scheme" if marked.any() else ""
    return text_table(headers, rows, right) + note + _flag_legend(result)


def column_texts(frame: pd.DataFrame, name: str) -> npt.NDArray[np.object_]:
    """A column's ``cell`` texts as Python strings (empty texts when there is no such
    column), each distinct value formatted once."""
    if name not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    codes, texts = coded_texts(frame[name])
    strings: npt.NDArray[np.object_] = np.array([str(text) for text in texts],
                                                dtype=object)[codes]
    return strings if len(codes) else np.array([], dtype=object)


def _mapped(column: pd.Series, format_value: Callable[[object], str]) -> npt.NDArray[np.object_]:
    """``format_value`` of each cell, called once per distinct value (NaN and None apart)."""
    codes, uniques = pd.factorize(column.to_numpy(), use_na_sentinel=False)
    texts: npt.NDArray[np.object_] = np.array([format_value(value) for value in uniques],
                                              dtype=object)
    return texts[codes] if len(codes) else np.array([], dtype=object)


def _flag_legend(result: Result) -> str:
    """Each flag the indicator rows carry, explained in Chinese (one line per flag)."""
    codes: dict[str, None] = {}
    for value in result.indicators.get("flags", []):
        codes.update(dict.fromkeys(flag_codes(value)))
    lines = [f"  {code}: {flag_label(code)}" for code in codes if flag_label(code) != code]
    return "\nflags:\n" + "\n".join(lines) if lines else ""


def problems_text(result: Result) -> str:
    """One line per problem: severity, project, file, row, column, message."""
    lines = []
    for record in result.problems.to_dict("records"):
        where = cell(record.get("source"))
        if cell(record.get("row")):
            where += f" row {cell(record.get('row'))}"
        if cell(record.get("column")):
            where += f" column {cell(record.get('column'))}"
        project = cell(record.get("project_id"))
        prefix = f"{cell(record.get('severity')):<7} {project + ' ' if project else ''}"
        code = cell(record.get("code"))
        label = flag_label(code)
        explained = f" {label}" if label != code else ""
        lines.append(f"{prefix}{where.strip()}: {cell(record.get('message'))} "
                     f"[{code}]{explained}")
    return "\n".join(lines)


#: Control characters (C0 but line feed, DEL, C1): a terminal would act on them.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` without the control characters a terminal would act on (escape sequences)."""
    return _CONTROL.sub("", text)


def render_table(result: Result, *, detail: bool = False, notes: str = "") -> str:
    """The terminal report: title, projects, scheme and hash, then the problems (no control
    characters)."""
    title = result.title + (f" ({result.year})" if result.year is not None else "")
    parts = [title]
    if notes.strip():
        parts.append(notes.strip())
    parts.append(projects_text(result))
    if detail:
        parts.append(indicators_text(result))
    parts.append(scheme_line(result))
    count = len(result.problems)
    if count:
        parts.append(f"problems ({count}):\n{problems_text(result)}")
    else:
        parts.append("problems: none")
    return printable("\n\n".join(parts)) + "\n"


def scheme_line(result: Result) -> str:
    """``scheme: NAME (sha256 …)``, with why it was chosen when it was chosen automatically,
    and, for a framework without a separate execution line, how the total is made."""
    line = f"scheme: {result.scheme_name} (sha256 {result.scheme_hash[:SHORT_HASH]})"
    if result.scheme_choice:
        line += f", {result.scheme_choice}"
    if result.execution_weight is not None and result.execution_weight == 0:
        line += f"\ntotal = {' + '.join(result.pools)} (预算执行率 is an indicator of the tree)"
    return line


def indicator_columns(result: Result) -> list[str]:
    """The input indicator columns (canonical first, then extras) followed by the result ones."""
    columns = list(result.indicators.columns)
    inputs = [c for c in columns if c not in RESULT_COLUMNS]
    canonical = [c for c in INDICATOR_COLUMNS if c in inputs]
    extras = [c for c in inputs if c not in INDICATOR_COLUMNS]
    return [*canonical, *extras, *[c for c in RESULT_COLUMNS if c in columns]]


#: CSV column: the subtotal of the row's 一级 (its pool) in its project.
POOL_SUBTOTAL = "pool_subtotal"


def pool_subtotals(result: Result) -> npt.NDArray[np.object_]:
    """Per indicator row, the subtotal of its pool in its project (None when there is none):
    the projects' subtotal columns looked up by the rows' project and pool positions (a
    project id listed twice gives the subtotals of its last row)."""
    projects, indicators = result.projects, result.indicators
    found = np.full(len(indicators), None, dtype=object)
    if "project_id" not in projects.columns or "project_id" not in indicators.columns:
        return found
    pools = [pool for pool in result.pools if pool in projects.columns]
    if not pools or not len(projects):
        return found
    keys = pd.Series(_strings(projects["project_id"]), dtype=object)
    last = np.flatnonzero(~keys.duplicated(keep="last").to_numpy())
    table = np.column_stack([projects[pool].to_numpy(dtype=object)[last] for pool in pools])
    project = pd.Index(keys.to_numpy()[last], dtype=object).get_indexer(
        pd.Index(_strings(indicators["project_id"]), dtype=object))
    cells = (indicators["pool"].to_numpy(dtype=object) if "pool" in indicators.columns
             else np.full(len(indicators), None, dtype=object))
    pool = pd.Index(pools, dtype=object).get_indexer(pd.Index(cells, dtype=object))
    known = (project >= 0) & (pool >= 0)
    found[known] = table[project[known], pool[known]]
    return found


def _strings(column: pd.Series) -> npt.NDArray[np.object_]:
    """``str`` of each cell, made once per distinct cell."""
    codes, uniques = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=False)
    texts = np.array([str(value) for value in uniques], dtype=object)
    strings: npt.NDArray[np.object_] = texts[codes] if len(codes) else texts[:0]
    return strings


def text_cells(column: pd.Series) -> npt.NDArray[np.object_]:
    """A column as its ``cell`` texts, ``cell`` called once per distinct value.

    Values are told apart by value for numpy dtypes and by identity for objects (equal
    Decimals such as 1.0 and 1.00 print differently; the scorer spreads one object per
    distinct value, so identity finds the repeats); text columns are kept as they are.
    """
    values = column.to_numpy()
    if values.dtype == object and pd.api.types.infer_dtype(values, skipna=False) == "string":
        return values
    codes, texts = coded_texts(column)
    cells: npt.NDArray[np.object_] = texts[codes]
    return cells


def coded_texts(column: pd.Series) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.object_]]:
    """A column as ``codes`` into its distinct ``cell`` texts (``texts[codes]`` are the
    cells; two codes may share a text)."""
    values = column.to_numpy()
    if values.dtype != object:
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        if values.dtype.kind == "f":
            return codes, np.array([_float_text(value) for value in uniques], dtype=object)
        if values.dtype.kind in "iu":  # cell of a whole number is its decimal digits
            return codes, np.asarray(uniques).astype(str).astype(object)
        return codes, np.array([cell(value) for value in uniques], dtype=object)
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        return codes, np.asarray(uniques, dtype=object)
    count = len(values)
    identities = np.fromiter(map(id, values), dtype=np.uintp, count=count)
    codes, uniques = pd.factorize(identities)
    first = np.empty(len(uniques), dtype=np.intp)
    first[codes[::-1]] = np.arange(count)[::-1]
    objects = values[first]
    if set(map(type, objects)) <= {Decimal, type(None)}:  # the scores: cell without its checks
        texts = np.array(["" if value is None else f"{value:f}" for value in objects],
                         dtype=object)
    else:
        texts = np.array([cell(value) for value in objects], dtype=object)
    return codes, texts


def _float_text(value: float) -> str:
    """``cell`` of a float: empty for NaN, whole numbers without a point."""
    if math.isnan(value):
        return ""
    return str(int(value)) if value.is_integer() else str(value)


def neutralised(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting with ``= + - @``, a tab or a
    carriage return gets a leading ``'`` (the OWASP rule), as the xlsx writer does."""
    from scoring.outputs.workbook._safe import FORMULA_STARTS

    return "'" + text if text.startswith(FORMULA_STARTS) else text


def neutralised_column(column: Any) -> Any:
    """``neutralised`` over an Arrow string column, by Arrow: the cells it changes get the
    leading ``'``, the others are kept as they are."""
    import pyarrow.compute as pc

    from scoring.outputs.workbook._safe import FORMULA_STARTS

    starts = "".join(re.escape(start) for start in FORMULA_STARTS)
    risky = pc.match_substring_regex(column, f"^[{starts}]")
    if not pc.any(risky).as_py():
        return column
    return pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)


def coded_table(result: Result, *, raw: bool = False) -> Any:
    """``csv_table`` with dictionary-encoded columns (each distinct text held once: a compact
    table to hand to another process; ``plain_table`` decodes it)."""
    import pyarrow as pa

    table = csv_table(result, raw=raw)
    return pa.Table.from_arrays([column.dictionary_encode() for column in table.columns],
                                names=table.column_names)


def plain_table(table: Any) -> Any:
    """An Arrow table with its dictionary-encoded columns decoded into plain strings."""
    import pyarrow as pa

    columns = [pa.chunked_array([chunk.dictionary_decode() for chunk in column.chunks],
                                type=column.type.value_type)
               if pa.types.is_dictionary(column.type) else column for column in table.columns]
    return pa.Table.from_arrays(columns, names=table.column_names)


# --- The scored rows as Arrow text, column by column ---------------------------------------------
#
# Each column becomes one Arrow string array without a Python call per cell: a column of Python
# strings is handed to Arrow as it is, a column of whole numbers is cast by Arrow, and only the
# other columns (scores as Decimals, floats, booleans, missing cells) are formatted in Python,
# once per distinct value (``coded_texts``), and spread over the rows by Arrow. Cells a
# spreadsheet would run as a formula are found by their first byte.


def csv_table(result: Result, *, raw: bool = False) -> Any:
    """The indicator rows' input columns and result columns, then the subtotal of the row's
    一级 in its project (``pool_subtotal``), as an Arrow table of plain strings, column by
    column; cells (and headers) that a spreadsheet would run as a formula are neutralised
    unless ``raw``."""
    import pyarrow as pa

    frame = result.indicators
    columns = {str(name): text_array(frame[name]) for name in indicator_columns(result)}
    columns[POOL_SUBTOTAL] = text_array(pd.Series(pool_subtotals(result), dtype=object))
    if raw:
        return pa.Table.from_arrays(list(columns.values()), names=list(columns))
    return pa.Table.from_arrays([neutralised_text(column) for column in columns.values()],
                                names=[neutralised(name) for name in columns])


def text_array(column: pd.Series) -> Any:
    """A column's ``cell`` texts as an Arrow string array."""
    import pyarrow as pa

    values = column.to_numpy()
    if values.dtype == object and pd.api.types.infer_dtype(values, skipna=False) == "string":
        return pa.array(values, type=pa.string())
    if values.dtype.kind in "iu":  # cell of a whole number is its decimal digits
        return pa.array(values).cast(pa.string())
    codes, texts = coded_texts(column)
    return pa.array(texts, type=pa.string()).take(pa.array(codes, type=pa.int64()))


def neutralised_text(column: Any) -> Any:
    """``neutralised_column`` of a string array, which is returned as it is (without a
    regular expression run over it) when no cell starts with a formula character."""
    return neutralised_column(column) if _may_start_formula(column) else column


def _may_start_formula(column: Any) -> bool:
    """Whether a cell of a string array starts with one of ``FORMULA_STARTS`` (each a single
    ASCII character, which no other character's UTF-8 bytes begin with), looking at the first
    byte of each cell."""
    import pyarrow as pa

    from scoring.outputs.workbook._safe import FORMULA_STARTS

    if isinstance(column, pa.ChunkedArray):
        return any(_may_start_formula(chunk) for chunk in column.chunks)
    if len(column) == 0:
        return False
    _, offsets, data = column.buffers()
    if data is None:
        return False
    bounds = np.frombuffer(offsets, dtype=np.int32)[column.offset:column.offset + len(column) + 1]
    starts = bounds[:-1][bounds[1:] > bounds[:-1]]
    if not len(starts):
        return False
    first = np.frombuffer(data, dtype=np.uint8)[starts]
    marks = np.frombuffer("".join(FORMULA_STARTS).encode("ascii"), dtype=np.uint8)
    return bool(np.isin(first, marks).any())


def csv_frame(result: Result, *, raw: bool = False) -> pd.DataFrame:
    """``csv_table`` as a pandas table of text cells."""
    table = csv_table(result, raw=raw)
    return pd.DataFrame({name: column.to_numpy(zero_copy_only=False)
                         for name, column in zip(table.column_names, table.columns,
                                                 strict=True)},
                        columns=table.column_names)


def csv_bytes(table: Any, *, header: bool = True) -> bytes:
    """An Arrow table of text cells as UTF-8 CSV, as ``DataFrame.to_csv`` writes it."""
    from scoring.outputs.csv_text import csv_blocks, header_line

    head = header_line(table.column_names).encode("utf-8") if header else b""
    return head + b"".join(csv_blocks(table))


def render_csv(result: Result, *, raw: bool = False, header: bool = True) -> str:
    """The scored indicator rows (``csv_table``) as CSV text: cells that a spreadsheet would
    run as a formula are neutralised unless ``raw``; without the header line when ``header``
    is false (the chunks after the first of a streamed run)."""
    return csv_bytes(csv_table(result, raw=raw), header=header).decode("utf-8")


def plain(value: object) -> Any:
    """A cell as a JSON value: Decimals as strings, missing as null, numpy scalars unwrapped."""
    if is_missing(value):
        return None
    if isinstance(value, Decimal):
        return f"{value:f}"
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def render_json(result: Result) -> str:
    """``{title, year, scheme, scheme_hash, scheme_choice, pools, projects, indicators,
    problems}`` as JSON text; each project carries one subtotal per pool (``pools``, the
    scheme's 一级 names)."""
    document = {
        "title": result.title,
        "year": result.year,
        "scheme": result.scheme_name,
        "scheme_hash": result.scheme_hash,
        "scheme_choice": result.scheme_choice,
        "pools": list(result.pools),
        "projects": _records(result.projects),
        "indicators": _records(result.indicators[indicator_columns(result)]),
        "problems": _records(result.problems),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
