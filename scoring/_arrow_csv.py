"""Arrow's CSV reader as a fast path of the CSV reader, taken only where it reads a file row
for row as the csv module does.

Arrow parses several times faster than the csv module. It is used when the file is UTF-8,
its header names no column twice and every row has the header's number of cells and is not
blank; otherwise ``ArrowUnfit`` is raised and the caller reads the file with the csv module
(which pads short rows, cuts long ones, skips blank ones and reports them). Cells are read
as text exactly as written: no type inference, no null values.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any


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
    if not first or not any(cell.strip() for cell in first) or len(set(first)) < len(first):
        raise ArrowUnfit("no header, or a repeated header cell")
    return first


def record_batches(path: Path, header: list[str], rows: int) -> Iterator[Any]:
    """Record batches of about ``rows`` rows, every cell as text; raises ``ArrowUnfit`` at a
    row the csv module would read otherwise (Arrow refuses a short or long row; a blank row
    the reader skips) or at text Arrow cannot read."""
    import pyarrow as pa
    import pyarrow.compute as pc
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
                quoted_strings_can_be_null=False))
        if reader.schema.names != header:
            raise ArrowUnfit("Arrow reads another header")
        for batch in reader:
            blank = None
            for column in batch.columns:
                empty = pc.equal(pc.utf8_trim_whitespace(column), "")
                blank = empty if blank is None else pc.and_(blank, empty)
            if blank is not None and pc.any(blank).as_py():
                raise ArrowUnfit("a blank row")
            yield batch
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise ArrowUnfit(str(exc)) from None
