"""Scored indicator rows written as they come: CSV (to a file or stdout) or Parquet.

A file is written beside its target and moved into place when every chunk is written
(``scoring.model.atomic.replacing``), so a failed run leaves the target as it was. Every cell is
text, as ``plain.csv_table`` makes it, so a Parquet file holds exactly what the CSV holds.

Rows go to a file from one background thread, one table after another in the order given,
while the caller makes the next table: Arrow encodes, compresses and writes without holding
Python's lock, so on two cores writing costs little time of its own. At most one table waits
for the thread (``write_table`` waits for the one before), so memory stays bounded by two
tables; an error of the thread comes out of the next ``write_table`` or at exit.
"""

from __future__ import annotations

import sys
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from scoring.model.atomic import replacing
from scoring.model.result import Result
from scoring.outputs.csv_text import csv_blocks, header_line
from scoring.outputs.plain import csv_bytes, csv_table, plain_table

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
        self._thread: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None

    def __enter__(self) -> RowsOut:
        if self.target is not None:
            self._temporary = self._stack.enter_context(replacing(self.target))
            if self.fmt == "csv":
                self._stream = self._stack.enter_context(self._temporary.open("wb"))
        return self

    def write(self, result: Result) -> None:
        """Append the indicator rows of ``result`` (the header comes with the first)."""
        self.write_table(csv_table(result, raw=self.raw))

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
        (an Arrow table); a file is written by the background thread (see the module)."""
        header = self.rows == 0
        self.rows += table.num_rows
        if self.target is None:
            self._append(table, header=header)
            return
        self._wait()
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rows-out")
        self._pending = self._thread.submit(self._append, table, header=header)

    def _wait(self) -> None:
        """Wait until the table handed to the thread is written (raising its error)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def _append(self, table: Any, *, header: bool) -> None:
        if self.fmt == "csv":
            if self._stream is None:
                sys.stdout.write(csv_bytes(table, header=header).decode("utf-8"))
                return
            if header:
                self._stream.write(header_line(table.column_names).encode("utf-8"))
            for block in csv_blocks(table):
                self._stream.write(block)
        else:
            self._write_parquet(table)

    def _write_parquet(self, table: Any) -> None:
        import pyarrow.parquet as pq

        table = plain_table(table)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._temporary, table.schema)
        self._parquet.write_table(table)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            self._finish(written=kind is None)
        except BaseException as failure:
            if kind is None:  # the block went well but the last write did not
                self._stack.__exit__(type(failure), failure, failure.__traceback__)
                raise
        self._stack.__exit__(kind, error, trace)

    def _finish(self, *, written: bool) -> None:
        """Wait for the thread to write what it holds, stop it and close the Parquet writer;
        ``written``: the block went well, so a Parquet output must have rows."""
        try:
            self._wait()
        finally:
            if self._thread is not None:
                self._thread.shutdown()
            if self._parquet is not None:
                self._parquet.close()
        if written and self.fmt == "parquet" and self._parquet is None:
            raise ValueError("no rows were written")  # pragma: no cover
