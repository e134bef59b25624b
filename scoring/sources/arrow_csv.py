"""Arrow's CSV reader, the fast path of the CSV reader.

Arrow's CSV reader as a fast path of the CSV reader, taken only where it reads a file row
for row as the csv module does.

Arrow parses several times faster than the csv module. It is used when the file is UTF-8,
its header names no column twice (and at most ``MAX_COLUMNS``), every row has the header's
number of cells and is not blank, and no cell holds a line break or a NUL or is longer than
``MAX_CELL_CHARS``; otherwise ``ArrowUnfit`` is raised and the caller reads the file with the
reader of ``_csv_records`` (which pads short rows, cuts long ones, skips blank ones, recovers
from a quote left open and reports them all). Cells are read as text exactly as written: no
type inference, no null values.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scoring.model.limits import MAX_CELL_CHARS
from scoring.model.text_bytes import holds_any
from scoring.sources._csv_records import MAX_COLUMNS


class ArrowUnfit(Exception):
    """Arrow would not read this CSV file row for row as the csv module does."""


def delimiter_of(path: Path) -> str:
    """A tab for ``.tsv`` files, else a comma."""
    return "\t" if path.suffix.lower() == ".tsv" else ","


def header_cells(path: Path) -> list[str]:
    """The cells of the file's first record; ``ArrowUnfit`` when the file is not UTF-8, has
    no header or repeats a header cell."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            first = next(csv.reader(stream, delimiter=delimiter_of(path)), None)
    except UnicodeDecodeError:
        raise ArrowUnfit("not UTF-8") from None
    if not first or not any(cell.strip() for cell in first) or len(set(first)) < len(first) \
            or len(first) > MAX_COLUMNS:
        raise ArrowUnfit("no header, a repeated header cell or too many columns")
    return first


def record_batches(path: Path, header: list[str], rows: int, *,
                   checked: bool = False) -> Iterator[Any]:
    """Record batches of about ``rows`` rows, every cell as text; raises ``ArrowUnfit`` at a
    row the reader would read otherwise (Arrow refuses a short or long row; a blank row the
    reader skips; a line break or NUL in a cell, a cell over the limit: the reader checks
    those) or at text Arrow cannot read. ``checked``: the file was read through before and
    passed, so the cells are not looked at again (Arrow still refuses a malformed row)."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    try:
        reader = pa_csv.open_csv(
            path,
            read_options=pa_csv.ReadOptions(block_size=max(1 << 20, rows * 200)),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter_of(path),
                                              newlines_in_values=True,
                                              ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False),
            memory_pool=pa.system_memory_pool())
        if reader.schema.names != header:
            raise ArrowUnfit("Arrow reads another header")
        for batch in reader:
            if not checked:
                check_cells(batch)
            yield batch
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise ArrowUnfit(str(exc)) from None


def check_cells(batch: Any) -> None:
    """``ArrowUnfit`` when a row of ``batch`` is blank or a cell holds a line break or a NUL
    or is over ``MAX_CELL_CHARS``; byte searches of each column's character data, and the
    blank test only on the rows still blank after the columns before."""
    import pyarrow.compute as pc

    blank: Any = None
    for column in batch.columns:
        if holds_any(column, _BREAKS):
            raise ArrowUnfit("a line break or NUL in a cell")
        if (pc.max(pc.binary_length(column)).as_py() or 0) > MAX_CELL_CHARS \
                and (pc.max(pc.utf8_length(column)).as_py() or 0) > MAX_CELL_CHARS:
            raise ArrowUnfit("a cell over the limit")
        if blank is None or blank.true_count:
            empty = pc.equal(pc.utf8_trim_whitespace(
                column if blank is None else column.filter(blank)), "")
            blank = empty if blank is None else _spread(blank, empty)
    if blank is not None and blank.true_count:
        raise ArrowUnfit("a blank row")


def _spread(mask: Any, values: Any) -> Any:
    """``values`` (one per true cell of ``mask``) put back in ``mask``'s places; false
    elsewhere."""
    import numpy as np
    import pyarrow as pa

    spread = np.zeros(len(mask), dtype=bool)
    spread[mask.to_numpy(zero_copy_only=False)] = values.to_numpy(zero_copy_only=False)
    return pa.array(spread)


#: Characters that make the csv module read a cell otherwise than Arrow.
_BREAKS = b"\r\n\x00"
