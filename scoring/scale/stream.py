"""Score a large flat table (CSV or Parquet) chunk by chunk, in memory bounded by the chunk.

The file is read in batches of rows. A batch is cut after its last whole project and the
rest is carried into the next, so a project never splits across chunks; a project's rows
must therefore be contiguous (``ProjectsNotGrouped`` otherwise, and the caller scores the
table whole). Each chunk is read as the whole file would be (``evaluation.flat_evaluation``)
and scored by ``scoring.engine.evaluate``. What depends on the whole table is settled first, in a
pass over the few columns it needs: the scheme ``auto`` chooses (``choose.TreeCounts``) and
the table's year. So every row scores exactly as in a run over the whole table.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.engine.choose import AUTO, TreeCounts, choose_by_counts
from scoring.engine.evaluate import evaluate
from scoring.engine.pairs import PairBook, shared_pairs
from scoring.model.evaluation import EvaluationError
from scoring.scale.ahead import read_ahead
from scoring.sources.arrow_csv import ArrowUnfit, header_cells, record_batches
from scoring.sources.reader import (
    CSV_SUFFIXES,
    DEFAULT_SCHEME,
    FLAT_SUFFIXES,
    HEADER_ALIASES,
    PARQUET_SUFFIXES,
    READ_ERROR,
    MalformedRows,
    ProblemLog,
    ProjectNumbers,
    _decode,
    arrow_text_table,
    csv_records,
    flat_evaluation,
    flat_years,
    header_names,
    limited_cells,
    long_text_columns,
    records_table,
    renumbered,
    single_year,
    stripped_codes,
)
from weights import level1_key

if TYPE_CHECKING:
    from scoring.model.result import Result
    from weights import Scheme

#: Rows read at a time unless told otherwise (a chunk is this plus the end of a project).
#: Much of a chunk's work is per distinct value (target/actual pairs, scores, texts) and per
#: call, and it is repeated in every chunk: 1M realistic rows in chunks of 200,000 take about
#: a fifth less CPU than in chunks of 100,000 (300,000 gain nothing more), while the peak
#: memory of a Parquet run stays about 0.8 GB (0.56 GB at 100,000), well under 1.5 GB.
CHUNK_ROWS = 200_000
#: Prefix of the key of a project known by its name only (it has no project_id).
NAMED = "\0"
#: Bytes read at a time while checking a CSV file's encoding.
_BLOCK = 1 << 20


class ProjectsNotGrouped(ValueError):
    """A project's rows are not contiguous, so the file cannot be scored chunk by chunk."""


def is_flat(path: Path) -> bool:
    """Whether ``path`` is a flat file of indicator rows (CSV, TSV or Parquet)."""
    return path.is_file() and path.suffix.lower() in FLAT_SUFFIXES


@dataclass
class TableSummary:
    """What scoring needs to know of the whole table before its first chunk."""

    rows: int
    years: set[str]
    tree: TreeCounts
    #: Whether Arrow's CSV reader reads the file as the reader does (``sources.arrow_csv``).
    arrow: bool = False

    @property
    def year(self) -> int | None:
        """The year of the table (the one year its rows name, else None)."""
        return single_year(self.years)


@dataclass
class ChunkScores:
    """The scored chunks of a file and, as they go by, the severities of their problems."""

    results: Iterator[Result]
    severities: Counter[str] = field(default_factory=Counter)


def raw_batches(path: Path, rows: int, log: ProblemLog, *,
                arrow: bool = False, checked: bool = False) -> Iterator[pd.DataFrame]:
    """The rows of a flat file in batches of ``rows``: text cells under canonical column
    names, with ``source_row`` and ``READ_ERROR``; the header's problems are logged once.

    With ``arrow`` a CSV file is read by Arrow's CSV reader, which raises ``ArrowUnfit`` at a
    row it would read otherwise than the reader (``sources.arrow_csv``; ``checked``: the summary's
    pass found none, so the cells are not looked at again); without, by the reader of
    ``_csv_records``, which decodes the whole file first (a file Arrow declines is one with
    problems, read as the whole-table run reads it, up to ``MAX_CSV_BYTES``).
    """
    label = path.name
    if path.suffix.lower() in PARQUET_SUFFIXES:
        yield from _parquet_batches(path, rows, label, log)
        return
    if arrow:
        yield from _arrow_batches(path, rows, log, checked=checked)
        return
    header, found = csv_records(_decode(path, label, log), path, label, log, HEADER_ALIASES)
    malformed = MalformedRows()
    while batch := list(itertools.islice(found, rows)):
        yield records_table(header, batch, label, log, malformed)


def _arrow_batches(path: Path, rows: int, log: ProblemLog, *, checked: bool = False,
                   columns: tuple[str, ...] | None = None) -> Iterator[pd.DataFrame]:
    """Batches of a CSV file read by Arrow (only ``columns`` made Python text, when given)."""
    import pyarrow as pa

    first = header_cells(path)
    header = header_names(first, path.name, log, HEADER_ALIASES)
    keep = [position for position, name in enumerate(header)
            if columns is None or name in columns]
    names = [header[position] for position in keep]
    number = 2
    for batch in read_ahead(record_batches(path, first, rows, checked=checked)):
        table = arrow_text_table(pa.Table.from_batches([batch]).select(keep), names, number)
        table[READ_ERROR] = ""
        yield table
        number += batch.num_rows


def _parquet_batches(path: Path, rows: int, label: str, log: ProblemLog) -> Iterator[pd.DataFrame]:
    import pyarrow as pa

    parquet = _parquet_file(path, label)
    header = header_names(list(parquet.schema_arrow.names), label, log, HEADER_ALIASES)
    number = 2
    for batch in read_ahead(parquet.iter_batches(batch_size=rows)):
        arrow = pa.Table.from_batches([batch])
        table = arrow_text_table(arrow, header, number)
        yield limited_cells(table, label, log, long_text_columns(arrow, header))
        number += batch.num_rows


def _parquet_file(path: Path, label: str, *, dictionaries: bool = False) -> Any:
    """The Parquet file; with ``dictionaries`` its text columns are read as dictionaries (as
    Parquet stores them: each distinct text then becomes one Python string without being
    looked up again), but a batch then ends where a row group does, so the batches of rows
    to score (whose ends decide the Parquet output's row groups) are read without."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        if not dictionaries:
            return pq.ParquetFile(path)
        schema = pq.ParquetFile(path).schema_arrow
        texts = [field.name for field in schema
                 if pa.types.is_string(field.type) or pa.types.is_large_string(field.type)]
        return pq.ParquetFile(path, read_dictionary=texts)
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"{label}: not a readable Parquet file ({exc})") from None


def project_keys(table: pd.DataFrame, stem: str) -> pd.Series:
    """Which project each raw row belongs to: its project_id, else its project name (as the
    reader numbers projects without an id), else the file's stem."""
    empty = np.full(len(table), "", dtype=object)
    id_codes, id_texts = stripped_codes(table["project_id"].to_numpy(dtype=object)
                                        if "project_id" in table.columns else empty)
    name_codes, name_texts = stripped_codes(table["project"].to_numpy(dtype=object)
                                            if "project" in table.columns else empty)
    named = np.array([NAMED + (name or stem) for name in name_texts.tolist()], dtype=object)
    keys = id_texts[id_codes]
    unnamed = (id_texts == "")[id_codes]
    keys[unnamed] = named[name_codes[unnamed]]
    return pd.Series(keys, index=table.index, dtype=object)


def whole_projects(batches: Iterator[pd.DataFrame], stem: str) -> Iterator[pd.DataFrame]:
    """The batches regrouped so that each ends with the last row of a project; raises
    ``ProjectsNotGrouped`` when a project's rows come back after another project's."""
    carry: pd.DataFrame | None = None
    carried = np.array([], dtype=object)
    grouping = _Grouping(stem)
    for batch in batches:
        keys = project_keys(batch, stem).to_numpy()
        grouping.check_keys(keys)
        if carry is not None:
            batch = pd.concat([carry, batch], ignore_index=True)
            keys = np.concatenate([carried, keys])
        other = np.flatnonzero(keys != keys[-1]) if len(keys) else np.array([], dtype=np.intp)
        if not len(other):
            carry, carried = batch, keys
            continue
        cut = int(other[-1]) + 1
        carry, carried = renumbered(batch.iloc[cut:]), keys[cut:]
        chunk = renumbered(batch.iloc[:cut])
        del batch  # hold one chunk at a time
        yield chunk
        del chunk
    if carry is not None and len(carry):
        yield carry


def summarise(path: Path, rows: int = CHUNK_ROWS) -> TableSummary:
    """The row count, the years and the 一级/二级 counts of a flat file, from the columns
    they need (read by Arrow when it reads the file as the reader does); raises
    ``ProjectsNotGrouped`` when a project's rows are not together."""
    try:
        return _summary_of(path, _columns_only(path, rows, arrow=True), arrow=True)
    except ArrowUnfit:
        return _summary_of(path, _columns_only(path, rows, arrow=False), arrow=False)


def _summary_of(path: Path, tables: Iterator[pd.DataFrame], *, arrow: bool) -> TableSummary:
    summary = TableSummary(0, set(), TreeCounts(Counter(), Counter()), arrow)
    grouping = _Grouping(path.stem)
    for table in tables:
        grouping.check(table)
        size = len(table)
        level1 = table["level1"] if "level1" in table.columns else [""] * size
        level2 = table["level2"] if "level2" in table.columns else [""] * size
        counted = _tree_counts(pd.Series(level1, dtype=object), pd.Series(level2, dtype=object))
        summary.tree.add(counted)
        summary.rows += size
        summary.years |= flat_years(table)
    return summary


class _Grouping:
    """Checks, batch after batch, that each project's rows come one after another."""

    def __init__(self, stem: str) -> None:
        self.stem = stem
        self.seen: set[str] = set()
        self.last: str | None = None

    def check(self, table: pd.DataFrame) -> None:
        """Raise ``ProjectsNotGrouped`` when a project of ``table`` was left before."""
        if len(table):
            self.check_keys(project_keys(table, self.stem).to_numpy())

    def check_keys(self, keys: npt.NDArray[np.object_]) -> None:
        """``check`` of the rows' project keys (``project_keys``)."""
        if not len(keys):
            return
        previous = np.concatenate([[self.last], keys[:-1]])
        starts = keys[keys != previous]
        repeated = [key for key, count in Counter(starts).items() if count > 1]
        repeated += [key for key in starts if key in self.seen]
        if repeated:
            name = str(repeated[0]).removeprefix(NAMED)
            raise ProjectsNotGrouped(
                f"the rows of project {name!r} are not together (expected the rows of each "
                f"project one after another)")
        self.seen.update(starts)
        self.last = keys[-1]


def _tree_counts(level1: pd.Series, level2: pd.Series) -> TreeCounts:
    """``TreeCounts.of`` the rows, each distinct 一级 looked at once."""
    one, two = level1.astype(str), level2.astype(str)
    names = {text: bool(level1_key(text)) for text in pd.unique(one)}
    unnamed = ~one.map(names).to_numpy(dtype=bool)
    level1_counts = one.value_counts()
    level2_counts = two[unnamed].value_counts()
    return TreeCounts(
        Counter(dict(zip(map(str, level1_counts.index), level1_counts.tolist(), strict=True))),
        Counter(dict(zip(map(str, level2_counts.index), level2_counts.tolist(), strict=True))),
        len(one))


#: The columns the summary of a table looks at.
SUMMARY_COLUMNS = ("project_id", "project", "level1", "level2", "year")


def _columns_only(path: Path, rows: int, *, arrow: bool) -> Iterator[pd.DataFrame]:
    """Batches of the ``SUMMARY_COLUMNS`` a flat file has; with ``arrow``, a CSV file is read
    by Arrow's CSV reader (several times faster than the csv module), which raises
    ``ArrowUnfit`` when it would not read the file row for row as the reader does."""
    columns = SUMMARY_COLUMNS
    if path.suffix.lower() in PARQUET_SUFFIXES:
        parquet = _parquet_file(path, path.name, dictionaries=True)
        header = header_names(list(parquet.schema_arrow.names), path.name, ProblemLog(),
                              HEADER_ALIASES)
        wanted = [raw for raw, name in zip(parquet.schema_arrow.names, header, strict=True)
                  if name in columns]
        names = [name for name in header if name in columns]
        import pyarrow as pa

        for batch in read_ahead(parquet.iter_batches(batch_size=rows, columns=wanted)):
            yield arrow_text_table(pa.Table.from_batches([batch]), names, 0)
        return
    if arrow:
        yield from _arrow_batches(path, rows, ProblemLog(), columns=columns)
        return
    for table in raw_batches(path, rows, ProblemLog()):
        yield table[[c for c in columns if c in table.columns]]


def settle_scheme(summary: TableSummary, scheme: Scheme | str | Path | None) -> Scheme:
    """The scheme every chunk is scored with: the one given, else the one ``auto`` chooses
    for the whole table."""
    from weights import Scheme as SchemeModel
    from weights import load_scheme

    if isinstance(scheme, SchemeModel):
        return scheme
    name = DEFAULT_SCHEME if scheme is None else str(scheme)
    if name == AUTO:
        return choose_by_counts(summary.tree).scheme
    return load_scheme(name)


def score_chunks(path: str | Path, scheme: Scheme | str | Path | None = None, *,
                 rows: int = CHUNK_ROWS, summary: TableSummary | None = None) -> ChunkScores:
    """The results of a flat file's chunks, each the rows of whole projects, scored lazily;
    ``severities`` counts their problems as the chunks are consumed."""
    path = Path(path)
    if path.suffix.lower() not in FLAT_SUFFIXES:
        raise EvaluationError(f"{path}: only a flat {', '.join(FLAT_SUFFIXES)} file of "
                              f"indicator rows is scored in chunks")
    if not path.is_file():
        raise EvaluationError(f"{path}: no such file")
    if rows < 1:
        raise ValueError(f"rows must be at least 1, got {rows}")
    summary = summary if summary is not None else summarise(path, rows)
    resolved = settle_scheme(summary, scheme)
    scores = ChunkScores(iter(()))

    def results() -> Iterator[Result]:
        log = ProblemLog()
        numbers = ProjectNumbers()
        batches = raw_batches(path, rows, log, arrow=summary.arrow, checked=True)
        book = PairBook()  # the chunks share their pairs: each is parsed and assessed once
        for position, chunk in enumerate(whole_projects(batches, path.stem)):
            evaluation = flat_evaluation(chunk, path, log, year=summary.year,
                                         numbers=numbers, repeat=position > 0)
            del chunk  # hold one chunk at a time
            log.problems.clear()
            with shared_pairs(book):
                result = evaluate(evaluation, resolved)
            del evaluation
            scores.severities.update(str(s) for s in result.problems["severity"].tolist())
            yield result
            del result

    scores.results = results()
    return scores


__all__ = [
    "CHUNK_ROWS",
    "CSV_SUFFIXES",
    "ChunkScores",
    "ProjectsNotGrouped",
    "TableSummary",
    "is_flat",
    "score_chunks",
    "summarise",
]
