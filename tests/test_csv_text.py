"""``_csv_text``: Arrow-made CSV bytes are those of ``DataFrame.to_csv`` (the csv module)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.model.codes import Status
from scoring.outputs.csv_text import BLOCK_ROWS, csv_blocks, header_line
from scoring.outputs.plain import (
    cell,
    coded_texts,
    csv_bytes,
    neutralised,
    neutralised_text,
    text_array,
)
from scoring.sources.reader import text_cells_of

#: Cells made of the characters that decide quoting, and of others.
CELLS = st.text(alphabet=[",", '"', "\n", "\r", " ", "\t", "'", "=", "a", "中", "，", "\u2028"],
                max_size=6)


def pandas_bytes(names: list[str], rows: list[list[str]]) -> bytes:
    frame = pd.DataFrame(rows, columns=names, dtype=object) if rows else \
        pd.DataFrame({name: pd.Series([], dtype=object) for name in names}, columns=names)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def arrow_bytes(names: list[str], rows: list[list[str]], *, coded: bool) -> bytes:
    columns = [pa.array([row[i] for row in rows], type=pa.string()) for i in range(len(names))]
    if coded:
        columns = [column.dictionary_encode() for column in columns]
    table = pa.Table.from_arrays(columns, names=names)
    return header_line(names).encode("utf-8") + b"".join(csv_blocks(table))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(lambda width: st.tuples(
    st.lists(CELLS.filter(bool), min_size=width, max_size=width, unique=True),
    st.lists(st.lists(CELLS, min_size=width, max_size=width), max_size=12))),
    st.booleans())
def test_bytes_are_those_of_to_csv(table: tuple[list[str], list[list[str]]],
                                   coded: bool) -> None:
    """Quotes only where the csv module puts them (a comma, a quote or a line feed; an empty
    cell alone on its row), quotes doubled, a lone carriage return left bare; plain and
    dictionary-encoded columns alike."""
    names, rows = table
    assert arrow_bytes(names, rows, coded=coded) == pandas_bytes(names, rows)


def test_many_rows_are_joined_block_by_block() -> None:
    """A table longer than a block comes out whole and in order."""
    rows = [[f"r{i}", "a,b" if i % 7 == 0 else "x"] for i in range(BLOCK_ROWS + 10)]
    assert arrow_bytes(["id", "text"], rows, coded=False) == pandas_bytes(["id", "text"], rows)


def test_csv_bytes_of_a_sliced_table() -> None:
    """A slice of a table (an offset into its buffers) writes only its own rows."""
    table = pa.table({"a": ["1", "2,", "3"], "b": ["x", "y", '"z"']})
    assert csv_bytes(table.slice(1, 2)) == b'a,b\n"2,",y\n3,"""z"""\n'


def test_arrow_text_is_one_string_per_distinct_text() -> None:
    """Arrow cells become the same texts, missing ones empty, repeats one shared object."""
    cells = text_cells_of(pa.chunked_array([["a", None, "b"], ["a", "", "b"]]))
    assert cells.tolist() == ["a", "", "b", "a", "", "b"]
    assert cells[0] is cells[3]
    assert text_cells_of(pa.array([], type=pa.string())).tolist() == []
    assert text_cells_of(pa.array([1, None, 1])).tolist() == ["1", "", "1"]


def test_coded_texts_spread_back_to_the_cells() -> None:
    """``texts[codes]`` are the cells, for text, whole-number and float columns."""
    for column, expected in (
            (pd.Series(["a", "b", "a"], dtype=object), ["a", "b", "a"]),
            (pd.Series([3, 10, 3]), ["3", "10", "3"]),
            (pd.Series([1.0, np.nan, 0.25, 1.0]), ["1", "", "0.25", "1"])):
        codes, texts = coded_texts(column)
        assert texts[codes].tolist() == expected


#: Cell values of any kind a scored column holds.
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.floats(allow_infinity=False), st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.sampled_from([Status.OK, Status.ERROR, "", "=1+1", "-5", "@a", "\tx", "\rx", "中文"]),
    CELLS)


@settings(max_examples=200, deadline=None)
@given(st.lists(VALUES, max_size=12), st.sampled_from(["object", "numbers"]))
def test_text_array_is_the_cell_text_of_each_value(values: list[object], kind: str) -> None:
    """``text_array`` holds ``plain.cell`` of every cell, whatever the column holds; and
    ``neutralised_text`` prefixes exactly the cells ``plain.neutralised`` prefixes."""
    if kind == "numbers":
        column = pd.Series([v for v in values if isinstance(v, int) and not isinstance(v, bool)],
                           dtype=np.int64)
    else:
        column = pd.Series(values, dtype=object)
    texts = text_array(column)
    assert texts.to_pylist() == [cell(v) for v in column.tolist()]
    assert neutralised_text(texts).to_pylist() == [neutralised(cell(v))
                                                   for v in column.tolist()]


def test_text_array_of_a_sliced_array_looks_at_its_own_cells() -> None:
    """Only the cells of a slice decide whether it needs neutralising."""
    texts = pa.array(["=1", "a", "b"], type=pa.string())
    rest = texts.slice(1)
    assert neutralised_text(rest) is rest
    assert neutralised_text(texts[:1]).to_pylist() == ["'=1"]
    assert neutralised_text(texts).to_pylist() == ["'=1", "a", "b"]
