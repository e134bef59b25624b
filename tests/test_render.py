"""Plain-text cells, formatted once per distinct value.

``plain.text_cells``: every cell formatted as ``plain.cell`` formats it, once per
distinct value.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from scoring.outputs.plain import cell, text_cells

CELLS = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.booleans(),
    st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.sampled_from([Decimal("1.0"), Decimal("1.00"), Decimal("1"), Decimal("1E+1")]),
    st.text(max_size=5),
)


@given(st.lists(CELLS, max_size=40))
def test_object_columns_read_as_cell_reads_them(values: list[object]) -> None:
    """Mixed object cells (equal Decimals written differently, 1 and True and 1.0 side by
    side, missing values) come out exactly as ``cell`` makes them."""
    column = pd.Series(np.array(values + values[:5], dtype=object), dtype=object)
    assert text_cells(column).tolist() == [cell(v) for v in column.tolist()]


@given(st.lists(st.floats(allow_infinity=False, width=32), max_size=40))
def test_float_columns_read_as_cell_reads_them(values: list[float]) -> None:
    """A float column: NaN empty, whole numbers without a point, others as Python writes
    them."""
    column = pd.Series(values, dtype="float64")
    assert text_cells(column).tolist() == [cell(v) for v in column.tolist()]


def test_text_and_bool_columns() -> None:
    """Text is kept as it is; a bool column reads True/False."""
    assert text_cells(pd.Series(["a", "b"], dtype=object)).tolist() == ["a", "b"]
    assert text_cells(pd.Series([True, False, True])).tolist() == ["True", "False", "True"]
