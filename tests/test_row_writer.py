"""``RowsOut``: scored rows written by a background thread.

Tables are written in order, atomically; a failed write leaves the target as it was and comes
out as the error of the block."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scoring.outputs.row_writer import RowsOut


def tables(count: int) -> list[pa.Table]:
    return [pa.table({"a": [f"{n}-{i}" for i in range(3)], "b": ["x,y", "", '"q"']})
            for n in range(count)]


def test_tables_are_written_in_order(tmp_path: Path) -> None:
    """Parquet and CSV outputs hold every table in the order given, the header once."""
    parquet, csv = tmp_path / "rows.parquet", tmp_path / "rows.csv"
    for target, fmt in ((parquet, "parquet"), (csv, "csv")):
        with RowsOut(target, fmt) as out:
            for table in tables(5):
                out.write_table(table)
        assert out.rows == 15
    assert pq.read_table(parquet).equals(pa.concat_tables(tables(5)))
    lines = csv.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "a,b" and len(lines) == 16
    assert lines[1:4] == ['0-0,"x,y"', "0-1,", '0-2,"""q"""']
    assert lines[-1] == '4-2,"""q"""'


def test_a_failed_write_keeps_the_target(tmp_path: Path) -> None:
    """A table the Parquet writer refuses (another schema) fails in the thread; the failure
    is raised by the block and the old target is left as it was, with no file beside it."""
    target = tmp_path / "rows.parquet"
    target.write_bytes(b"old")
    odd = pa.table({"c": ["1"]})
    with pytest.raises((ValueError, pa.ArrowInvalid)), RowsOut(target, "parquet") as out:
        out.write_table(tables(1)[0])
        out.write_table(odd)
    assert target.read_bytes() == b"old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["rows.parquet"]


def test_an_error_of_the_block_waits_for_the_thread(tmp_path: Path) -> None:
    """An error raised between writes is the one that comes out; nothing is left behind."""
    target = tmp_path / "rows.csv"
    with pytest.raises(KeyError), RowsOut(target, "csv") as out:
        out.write_table(tables(1)[0])
        raise KeyError("stop")
    assert list(tmp_path.iterdir()) == []
