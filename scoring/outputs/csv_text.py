"""Text cells as CSV bytes, column by column in Arrow, written as the csv module writes them.

``pandas.DataFrame.to_csv`` hands every cell to the csv module, one Python call per cell.
Here each column is quoted by Arrow's compute functions and the columns are joined row by
row in C, so a million rows take a fraction of a second. The bytes are those of the csv
module with ``lineterminator="\\n"`` and minimal quoting: a cell is quoted when it holds the
delimiter, a double quote or a line feed (a lone carriage return is not quoted, as there),
a quote inside doubled; the one cell of a one-column row is quoted when it is empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from scoring.model.text_bytes import holds_any

#: Rows joined at a time (keeps each joined block far below Arrow's 2 GB string limit).
BLOCK_ROWS = 65_536
#: What makes a cell need quotes with a comma delimiter and a line-feed terminator.
_NEEDS_QUOTES = '[,"\\n]'


def header_line(names: Sequence[str]) -> str:
    """The header row as the csv module writes it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(names)
    return buffer.getvalue()


def quoted(column: Any, *, alone: bool = False) -> Any:
    """A string column with the cells that need it quoted (``alone``: the only column, where
    an empty cell is quoted too)."""
    import pyarrow.compute as pc

    if not alone and not holds_any(column, b',"\n'):
        return column
    needs = pc.match_substring_regex(column, _NEEDS_QUOTES)
    if alone:
        needs = pc.or_(needs, pc.equal(column, ""))
    if not pc.any(needs).as_py():
        return column
    wrapped = pc.binary_join_element_wise('"', pc.replace_substring(column, '"', '""'), '"',
                                          "")
    return pc.if_else(needs, wrapped, column)


def csv_blocks(table: Any) -> Iterator[bytes]:
    """The rows of an Arrow table of strings (plain or dictionary-encoded, no nulls) as UTF-8
    CSV lines, block by block."""
    import pyarrow as pa
    import pyarrow.compute as pc

    alone = table.num_columns == 1
    for start in range(0, table.num_rows, BLOCK_ROWS):
        block = table.slice(start, BLOCK_ROWS).combine_chunks()
        cells = [_quoted_cells(column.combine_chunks() if isinstance(column, pa.ChunkedArray)
                               else column, alone=alone) for column in block.columns]
        ends = pa.array([""] * block.num_rows, type=pa.string())
        lines = pc.binary_join_element_wise(*cells, ",") if cells else ends
        lines = pc.binary_join_element_wise(lines, ends, "\n")
        yield _joined(lines)


def _quoted_cells(column: Any, *, alone: bool) -> Any:
    """``quoted`` of a string column, or of a dictionary-encoded one's distinct texts, spread
    over its rows."""
    import pyarrow as pa

    if pa.types.is_dictionary(column.type):
        return quoted(column.dictionary, alone=alone).take(column.indices)
    return quoted(column, alone=alone)


def _joined(lines: Any) -> bytes:
    """The bytes of a string array's cells one after another (its data buffer, sliced)."""
    import pyarrow as pa

    if isinstance(lines, pa.ChunkedArray):
        return b"".join(_joined(chunk) for chunk in lines.chunks)
    if len(lines) == 0:
        return b""
    _, offsets, data = lines.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int32)[lines.offset:lines.offset + len(lines) + 1]
    start, stop = int(bounds[0]), int(bounds[-1])
    return data.slice(start, stop - start).to_pybytes() if data is not None else b""
