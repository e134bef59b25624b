"""The scored indicator rows as an Arrow table of text, made column by column.

Each column becomes one Arrow string array without a Python call per cell: a column of
Python strings is handed to Arrow as it is, a column of whole numbers is cast by Arrow, and
only the other columns (scores as Decimals, floats, booleans, missing cells) are formatted in
Python, once per distinct value (``plain.coded_texts``), and spread over the rows by Arrow.
The texts are those ``plain.cell`` makes of each value. Cells a spreadsheet would run as a
formula are found by their first byte and neutralised as ``plain.neutralised_column`` does.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from scoring.model.result import Result


def text_table(result: Result, *, raw: bool = False) -> Any:
    """The indicator rows' input and result columns, then ``pool_subtotal``, as an Arrow
    table of plain strings (``plain.csv_table``); cells and headers that a
    spreadsheet would run as a formula are neutralised unless ``raw``."""
    import pyarrow as pa

    from scoring.outputs.plain import (
        POOL_SUBTOTAL,
        indicator_columns,
        neutralised,
        pool_subtotals,
    )

    frame = result.indicators
    columns = {str(name): text_array(frame[name]) for name in indicator_columns(result)}
    columns[POOL_SUBTOTAL] = text_array(pd.Series(pool_subtotals(result), dtype=object))
    if raw:
        return pa.Table.from_arrays(list(columns.values()), names=list(columns))
    return pa.Table.from_arrays([neutralised_text(column) for column in columns.values()],
                                names=[neutralised(name) for name in columns])


def text_array(column: pd.Series) -> Any:
    """A column's ``plain.cell`` texts as an Arrow string array."""
    import pyarrow as pa

    from scoring.engine._columns import all_text
    from scoring.outputs.plain import coded_texts

    values = column.to_numpy()
    if values.dtype == object and all_text(values):
        return pa.array(values, type=pa.string())
    if values.dtype.kind in "iu":  # cell of a whole number is its decimal digits
        return pa.array(values).cast(pa.string())
    codes, texts = coded_texts(column)
    return pa.array(texts, type=pa.string()).take(pa.array(codes, type=pa.int64()))


def neutralised_text(column: Any) -> Any:
    """``plain.neutralised_column`` of a string array, which is returned as it is (without a
    regular expression run over it) when no cell starts with a formula character."""
    from scoring.outputs.plain import neutralised_column

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
