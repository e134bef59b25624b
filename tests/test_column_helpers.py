"""The column helpers of the vectorised scorer against plain Python on the same cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine._columns import combined_codes, filled, first_rows, text_codes


def _by_tuples(*columns: list[int]) -> list[int]:
    seen: dict[tuple[int, ...], int] = {}
    return [seen.setdefault(key, len(seen)) for key in zip(*columns, strict=True)]


@given(st.integers(1, 4).flatmap(lambda width: st.lists(
    st.tuples(*[st.integers(0, 6)] * width), min_size=1, max_size=60)))
def test_combined_codes_number_distinct_tuples_in_order_of_first_appearance(
        rows: list[tuple[int, ...]]) -> None:
    columns = [list(column) for column in zip(*rows, strict=True)]
    found = combined_codes(*(np.array(column, dtype=np.intp) for column in columns))
    assert found.tolist() == _by_tuples(*columns)


def test_combined_codes_of_wide_columns_do_not_overflow() -> None:
    """Columns whose widths multiply past int64 are packed in steps, not wrapped around."""
    rng = np.random.default_rng(5)
    huge = 2**40
    columns = [rng.integers(0, 3, 500) * (huge // 3) for _ in range(3)]
    columns.append(rng.integers(0, 2, 500))
    found = combined_codes(*columns)
    assert found.tolist() == _by_tuples(*(column.tolist() for column in columns))


def test_first_rows_is_the_first_row_of_each_code() -> None:
    codes = np.array([2, 0, 2, 1, 0], dtype=np.intp)
    assert first_rows(codes).tolist() == [1, 3, 0]


def test_text_codes_only_for_columns_of_text() -> None:
    cells = np.array(["b", "a", "b"], dtype=object)
    found = text_codes(cells)
    assert found is not None
    assert found[0].tolist() == [0, 1, 0] and found[1] == ["b", "a"]
    assert text_codes(np.array(["a", None], dtype=object)) is None
    assert text_codes(np.array(["a", 1], dtype=object)) is None
    assert text_codes(np.array(["a", float("nan")], dtype=object)) is None


def test_filled_holds_the_value_in_every_cell() -> None:
    found = filled(4, "x")
    assert found.dtype == object and found.tolist() == ["x"] * 4


def test_text_codes_of_long_runs_equal_a_plain_factorize() -> None:
    """A column of long runs (ids, empty cells) is read by its runs: same codes, same texts,
    and a missing cell inside a run still makes the column not text."""
    rng = np.random.default_rng(3)
    ids = np.array([f"P{n:05d}" for n in np.repeat(rng.integers(0, 900, 1000), 10)],
                   dtype=object)
    found = text_codes(ids)
    assert found is not None
    codes, uniques = pd.factorize(ids)
    assert found[0].tolist() == codes.tolist() and found[1] == list(uniques)
    empty = text_codes(filled(20_000, ""))
    assert empty is not None
    assert empty[0].tolist() == [0] * 20_000 and empty[1] == [""]
    holed = ids.copy()
    holed[5001] = None
    assert text_codes(holed) is None
    holed[5001] = pd.NA
    assert text_codes(holed) is None
