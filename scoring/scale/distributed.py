"""Score a Parquet file of indicator rows on a dask.distributed cluster.

The driver reads only the columns that decide the partitions and the scheme (project ids and
names, 一级, 二级, year: ``stream.summarise``) and cuts the rows into ranges of whole projects
of about ``rows`` rows each. ``dask.dataframe.from_map`` makes one partition per range; each
worker reads its range of the file and scores it with the same per-chunk scorer as the
single-process run (``evaluation.flat_evaluation`` + ``evaluate``), so the rows are scored
exactly as there. A partition comes back as Arrow-backed text columns, each distinct text
held once (``plain.coded_table``: about 16 MB per 100,000 rows), and at most two per
worker are in flight. The driver writes the partitions' rows in order as they arrive, into
a CSV or Parquet file written atomically, so the output is the single-process output, row for
row and byte for byte. The workers must see the file at the same path (a shared file
system or object store).

    from scoring.scale.distributed import score_parquet_dask
    score_parquet_dask("big.parquet", Path("scored.parquet"), fmt="parquet",
                       scheduler="tcp://scheduler:8786")
"""

from __future__ import annotations

import ctypes
import gc
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from scoring.engine.evaluate import evaluate
from scoring.model.evaluation import EvaluationError
from scoring.outputs.plain import coded_table
from scoring.outputs.row_writer import RowsOut
from scoring.scale.stream import (
    CHUNK_ROWS,
    NAMED,
    project_keys,
    settle_scheme,
    summarise,
)
from scoring.sources.reader import (
    PARQUET_SUFFIXES,
    ProblemLog,
    ProjectNumbers,
    flat_evaluation,
)

if TYPE_CHECKING:
    from weights import Scheme

#: Workers of the LocalCluster started when no scheduler address is given.
LOCAL_WORKERS = 2


@dataclass(frozen=True)
class RowRange:
    """Rows ``start`` (0-based, inclusive) to ``stop`` of the file: whole projects.

    ``numbered`` projects without an id come before it (their ids P01 … are taken), and
    ``first`` says whether it holds the first row (the header's problems are its own)."""

    start: int
    stop: int
    numbered: int = 0

    @property
    def first(self) -> bool:
        """Whether the range starts at the file's first row."""
        return self.start == 0


def project_ranges(path: Path, rows: int) -> list[RowRange]:
    """Ranges of about ``rows`` rows, each ending with the last row of a project."""
    import pyarrow.parquet as pq

    from scoring.sources.reader import HEADER_ALIASES, arrow_text_table, header_names

    parquet = pq.ParquetFile(path)
    names = list(parquet.schema_arrow.names)
    header = header_names(names, path.name, ProblemLog(), HEADER_ALIASES)
    wanted = [raw for raw, name in zip(names, header, strict=True)
              if name in ("project_id", "project")]
    kept = [name for name in header if name in ("project_id", "project")]
    if wanted:
        table = pq.read_table(path, columns=wanted)
        keys = project_keys(arrow_text_table(table, kept, 0), path.stem).to_numpy()
    else:
        keys = project_keys(pd.DataFrame(index=range(parquet.metadata.num_rows)),
                            path.stem).to_numpy()
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]])) \
        if len(keys) else np.array([], dtype=np.intp)
    named = np.cumsum([str(key).startswith(NAMED) for key in keys[starts]])
    ranges: list[RowRange] = []
    start = numbered = 0
    for run, end in enumerate([*starts[1:].tolist(), len(keys)]):
        if end - start >= rows or end == len(keys):
            ranges.append(RowRange(start, end, numbered))
            start, numbered = end, int(named[run])
    return ranges


def read_range(path: Path, span: RowRange, log: ProblemLog) -> pd.DataFrame:
    """The rows of ``span`` as the reader's text table (``source_row`` as in the whole
    file), reading only the row groups that hold them; cells over the limit go to ``log``."""
    import pyarrow.parquet as pq

    from scoring.sources.reader import (
        HEADER_ALIASES,
        arrow_text_table,
        header_names,
        limited_cells,
        long_text_columns,
    )

    parquet = pq.ParquetFile(path)
    header = header_names(list(parquet.schema_arrow.names), path.name, ProblemLog(),
                          HEADER_ALIASES)
    groups: list[int] = []
    offset = first = 0
    for group in range(parquet.metadata.num_row_groups):
        size = parquet.metadata.row_group(group).num_rows
        if offset < span.stop and offset + size > span.start:
            if not groups:
                first = offset
            groups.append(group)
        offset += size
    table = parquet.read_row_groups(groups).slice(span.start - first, span.stop - span.start)
    return limited_cells(arrow_text_table(table, header, span.start + 2), path.name, log,
                         long_text_columns(table, header))


def score_range(span: RowRange, path: str, scheme: Scheme, year: int | None,
                raw: bool = False) -> pd.DataFrame:
    """Score the rows of ``span`` (whole projects) as the single-process run scores them:
    the scored rows as text (``plain.coded_table``: Arrow-backed, each column's distinct
    texts held once, so a partition is small to keep and to send), the counts of their
    problems by severity in ``attrs["severities"]``."""
    file = Path(path)
    log = ProblemLog()
    evaluation = flat_evaluation(read_range(file, span, log), file, log, year=year,
                                 numbers=ProjectNumbers(given=span.numbered),
                                 repeat=not span.first)
    result = evaluate(evaluation, scheme)
    del evaluation
    frame: pd.DataFrame = coded_table(result, raw=raw).to_pandas(types_mapper=pd.ArrowDtype)
    frame.attrs["severities"] = dict(Counter(str(s) for s in result.problems["severity"]))
    del result
    release_memory()
    return frame


def release_memory() -> None:
    """Hand memory freed by a partition back to the system (a full garbage collection, then
    glibc's ``malloc_trim`` where there is one). What a worker still keeps between
    partitions is what the parse caches pin: a cached parse failure holds its traceback,
    and with it the frames (and tables) of the partition that first met the text (see
    benchmarks/README.md)."""
    gc.collect()
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc
        return
    libc.malloc_trim(0)


def score_parquet_dask(path: str | Path, target: Path | None, *,
                       scheme: Scheme | str | Path | None = None, fmt: str = "parquet",
                       scheduler: str | None = None, rows: int = CHUNK_ROWS,
                       quiet: bool = True, raw: bool = False) -> Counter[str]:
    """Score a Parquet file of indicator rows on a dask.distributed cluster and write the
    scored rows to ``target`` (``fmt`` csv or parquet; CSV to stdout when ``target`` is
    None), exactly as ``jixiao score FILE --format FMT`` does in one process.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); None starts
    a LocalCluster of ``LOCAL_WORKERS`` worker processes for the run. Partitions hold about
    ``rows`` rows of whole projects (a project's rows must be together). Returns the counts
    of the problems found, by severity. Cells a spreadsheet would run as a formula are
    neutralised unless ``raw``, as in the single-process output.
    """
    import dask.dataframe
    import distributed

    from scoring.scale.progress import Progress, wants_progress

    path = Path(path).resolve()
    if path.suffix.lower() not in PARQUET_SUFFIXES or not path.is_file():
        raise EvaluationError(f"{path}: --engine dask reads a .parquet file of indicator rows")
    summary = summarise(path, rows)
    resolved = settle_scheme(summary, scheme)
    ranges = project_ranges(path, rows)
    constants: list[Any] = [str(path), resolved, summary.year, raw]
    if not ranges:
        raise EvaluationError(f"{path}: the file has no indicator rows")
    meta = score_range(RowRange(0, 1), *constants).iloc[:0]
    from_map: Any = dask.dataframe.from_map
    client_of: Any = distributed.Client
    local_cluster: Any = distributed.LocalCluster
    partitions = from_map(score_range, ranges, args=constants, meta=meta,
                             enforce_metadata=False)
    severities: Counter[str] = Counter()
    cluster = None if scheduler else local_cluster(n_workers=LOCAL_WORKERS,
                                                  threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    progress = Progress(summary.rows, enabled=wants_progress(quiet))
    try:
        with client_of(scheduler or cluster) as client, RowsOut(target, fmt) as out:
            for frame in _in_order(client, partitions.to_delayed()):
                severities.update(frame.attrs.get("severities", {}))
                out.write_frame(frame)
                progress.advance(len(frame))
    finally:
        progress.close()
        if cluster is not None:
            cluster.close()
    return severities


def _in_order(client: Any, parts: list[Any]) -> Iterator[pd.DataFrame]:
    """The computed partitions in their order, a few in flight per worker, so the driver
    holds only those."""
    window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    futures = [client.compute(part) for part in parts[:window]]
    following = len(futures)
    while futures:
        frame: pd.DataFrame = futures.pop(0).result()
        if following < len(parts):
            futures.append(client.compute(parts[following]))
            following += 1
        yield frame
