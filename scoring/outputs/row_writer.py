"""Scored indicator rows written as they come: CSV (to a file or stdout) or Parquet.

A file is written beside its target and moved into place when every chunk is written
(``scoring.model.atomic.replacing``), so a failed run leaves the target as it was. Every cell is
text, as ``plain.csv_table`` makes it, so a Parquet file holds exactly what the CSV holds.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from scoring.model.atomic import replacing
from scoring.model.result import Result
from scoring.outputs.plain import csv_bytes, plain_table
from scoring.outputs.text_columns import text_table

#: Output formats written row chunk by row chunk.
ROW_FORMATS = ("csv", "parquet")


class RowsOut:
    """Write the indicator rows of one result after another into one CSV or Parquet output
    (``target`` None: CSV to stdout); cells a spreadsheet would run as a formula are
    neutralised unless ``raw``. Use as a context manager; the file appears on exit without
    an error."""

    def __init__(self, target: Path | None, fmt: str, *, raw: bool = False) -> None:
        if fmt not in ROW_FORMATS:
            raise ValueError(f"expected one of {', '.join(ROW_FORMATS)}, got {fmt!r}")
        if fmt == "parquet" and target is None:
            raise ValueError("Parquet output needs a file to write")
        self.target = target
        self.fmt = fmt
        self.raw = raw
        self.rows = 0
        self._stack = ExitStack()
        self._stream: Any = None
        self._parquet: Any = None
        self._temporary: Path | None = None

    def __enter__(self) -> RowsOut:
        if self.target is not None:
            self._temporary = self._stack.enter_context(replacing(self.target))
            if self.fmt == "csv":
                self._stream = self._stack.enter_context(self._temporary.open("wb"))
        return self

    def write(self, result: Result) -> None:
        """Append the indicator rows of ``result`` (the header comes with the first)."""
        self.write_table(text_table(result, raw=self.raw))

    def write_frame(self, frame: pd.DataFrame) -> None:
        """Append rows already made text, as a pandas table (text cells, or Arrow-backed
        columns of ``plain.coded_table``)."""
        import pyarrow as pa

        table = pa.Table.from_pandas(frame, preserve_index=False)
        columns = [column if pa.types.is_dictionary(column.type) else column.cast(pa.string())
                   for column in table.columns]
        self.write_table(pa.Table.from_arrays(columns, names=[str(n) for n in frame.columns]))

    def write_table(self, table: Any) -> None:
        """Append rows already made text by ``plain.csv_table`` or ``plain.coded_table``
        (an Arrow table)."""
        if self.fmt == "csv":
            data = csv_bytes(table, header=self.rows == 0)
            if self._stream is None:
                sys.stdout.write(data.decode("utf-8"))
            else:
                self._stream.write(data)
        else:
            self._write_parquet(table)
        self.rows += table.num_rows

    def _write_parquet(self, table: Any) -> None:
        import pyarrow.parquet as pq

        table = plain_table(table)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._temporary, table.schema)
        self._parquet.write_table(table)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._parquet is not None:
            self._parquet.close()
        elif self.fmt == "parquet" and kind is None:
            raise ValueError("no rows were written")  # pragma: no cover
        self._stack.__exit__(kind, error, trace)
