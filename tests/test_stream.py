"""Scoring a flat file chunk by chunk: the same rows, bytes and exit code as the whole run."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from scoring import read_evaluation
from scoring.cli.main import main
from scoring.scale.progress import Progress, wants_progress
from scoring.scale.stream import (
    ProjectsNotGrouped,
    project_keys,
    raw_batches,
    score_chunks,
    summarise,
    whole_projects,
)
from scoring.sources.arrow_csv import ArrowUnfit
from scoring.sources.reader import ProblemLog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from synthetic import synthetic_indicators


def flat_rows(rows: int = 240, seed: int = 3) -> pd.DataFrame:
    """A synthetic flat table with funding columns; every third project has no id (its id
    comes from its name) and one project's budget conflicts."""
    table = synthetic_indicators(rows, seed).drop(columns=["source_row"])
    project = table["project_id"].str[1:].astype(int)
    table.loc[project % 3 == 0, "project_id"] = ""
    table["budget"] = (100 + project).astype(str)
    table["spent"] = (90 + project % 15).astype(str)
    table.loc[5, "budget"] = "1"
    return table


def write_csv(table: pd.DataFrame, path: Path, *, extras: bool = True) -> Path:
    """``table`` as a CSV file with a Chinese header for the target, and (``extras``) a blank
    line and a short row in the middle."""
    lines = io.StringIO()
    writer = csv.writer(lines, lineterminator="\n")
    writer.writerow(["指标值" if c == "target" else c for c in table.columns])
    records = table.values.tolist()
    for position, record in enumerate(records):
        if extras and position == 50:
            lines.write("\n")
        if extras and position == 77:
            record = record[:-3]
        writer.writerow(record)
    path.write_text(lines.getvalue(), encoding="utf-8")
    return path


def score(*args: str) -> int:
    return main(["score", *args, "--quiet"])


def test_streamed_csv_equals_the_whole_run_byte_for_byte(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        ) -> None:
    """Chunks of 7, 31 and 1000 rows write the same bytes and exit code as the whole table."""
    source = write_csv(flat_rows(), tmp_path / "rows.csv")
    whole = score(str(source), "--format", "csv", "--out", str(tmp_path / "whole.csv"),
                  "--chunk-rows", "0")
    expected = (tmp_path / "whole.csv").read_bytes()
    assert expected.count(b"\n") == 241
    for rows in ("7", "31", "1000"):
        out = tmp_path / f"chunks-{rows}.csv"
        assert score(str(source), "--format", "csv", "--out", str(out),
                     "--chunk-rows", rows) == whole == 1
        assert out.read_bytes() == expected
    assert "not together" not in capsys.readouterr().err


def test_streamed_csv_to_stdout_equals_the_file(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Without --out the chunks go to stdout one after another, one header line."""
    source = write_csv(flat_rows(60), tmp_path / "rows.csv", extras=False)
    score(str(source), "--format", "csv", "--out", str(tmp_path / "whole.csv"),
          "--chunk-rows", "0")
    capsys.readouterr()
    score(str(source), "--format", "csv", "--chunk-rows", "9")
    printed = capsys.readouterr().out
    assert printed == (tmp_path / "whole.csv").read_text(encoding="utf-8")


def test_parquet_in_and_out_hold_the_rows_of_the_csv_run(tmp_path: Path) -> None:
    """A Parquet input scores as the same rows in CSV; Parquet output, streamed or whole,
    holds exactly the cells of the CSV output."""
    table = flat_rows()
    csv_source = write_csv(table, tmp_path / "rows.csv", extras=False)
    parquet_source = tmp_path / "rows.parquet"
    table.to_parquet(parquet_source, index=False)
    score(str(csv_source), "--format", "csv", "--out", str(tmp_path / "rows.out.csv"),
          "--chunk-rows", "0")
    expected = pd.read_csv(tmp_path / "rows.out.csv", dtype=str, keep_default_na=False)
    expected["source_file"] = "rows.parquet"
    for rows in ("0", "13"):
        out = tmp_path / f"scored-{rows}.parquet"
        assert score(str(parquet_source), "--format", "parquet", "--out", str(out),
                     "--chunk-rows", rows) == 1
        got = pq.read_table(out).to_pandas()
        pd.testing.assert_frame_equal(got, expected)


def test_parquet_is_read_like_the_same_csv(tmp_path: Path) -> None:
    """read_evaluation of a Parquet file gives the tables of the same rows in CSV."""
    table = flat_rows(80)
    from_csv = read_evaluation(write_csv(table, tmp_path / "rows.csv", extras=False))
    table.to_parquet(tmp_path / "rows.parquet", index=False)
    from_parquet = read_evaluation(tmp_path / "rows.parquet")
    pd.testing.assert_frame_equal(from_parquet.indicators.drop(columns="source_file"),
                                  from_csv.indicators.drop(columns="source_file"))
    pd.testing.assert_frame_equal(from_parquet.projects, from_csv.projects)


def test_chunks_hold_whole_projects(tmp_path: Path) -> None:
    """Regrouped batches end with a project's last row, no project in two chunks, and
    together they are the batches' rows in order."""
    source = write_csv(flat_rows(), tmp_path / "rows.csv")
    batches = list(raw_batches(source, 7, ProblemLog()))
    chunks = list(whole_projects(iter(batches), "rows"))
    assert len(chunks) > 10
    seen: set[str] = set()
    for chunk in chunks:
        keys = set(project_keys(chunk, "rows"))
        assert not keys & seen
        seen |= keys
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True),
                                  pd.concat(batches, ignore_index=True))


def test_projects_apart_are_scored_whole(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """When a project's rows come back after another project's, the file cannot be cut into
    chunks: the summary says so and the command scores the table whole, same bytes."""
    table = flat_rows(60)
    moved = pd.concat([table.iloc[:5], table.iloc[20:30], table.iloc[5:20], table.iloc[30:]])
    source = write_csv(moved, tmp_path / "apart.csv", extras=False)
    with pytest.raises(ProjectsNotGrouped, match="S000001"):
        summarise(source, 7)
    whole = tmp_path / "whole.csv"
    score(str(source), "--format", "csv", "--out", str(whole), "--chunk-rows", "0")
    chunked = tmp_path / "chunked.csv"
    main(["score", str(source), "--format", "csv", "--out", str(chunked), "--chunk-rows", "7"])
    assert "scoring the table whole" in capsys.readouterr().err
    assert chunked.read_bytes() == whole.read_bytes()


def test_score_chunks_counts_the_problems_of_the_whole_run(tmp_path: Path) -> None:
    """The Python API: chunk results cover every row once; their problems by severity are
    those of the whole run."""
    from scoring import evaluate

    source = write_csv(flat_rows(), tmp_path / "rows.csv")
    scores = score_chunks(source, rows=25)
    results = list(scores.results)
    assert sum(len(r.indicators) for r in results) == 240
    whole = evaluate(read_evaluation(source))
    assert scores.severities == whole.problems["severity"].value_counts().to_dict()


def test_year_and_scheme_come_from_the_whole_table(tmp_path: Path) -> None:
    """The summary counts every row and finds the single year of the table."""
    table = flat_rows(50)
    table["year"] = "2023"
    source = write_csv(table, tmp_path / "rows.csv", extras=False)
    summary = summarise(source, 7)
    assert (summary.rows, summary.year) == (50, 2023)
    assert sum(summary.tree.level1.values()) == 50


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_not_when_quiet(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A bar with rows and rows/s on a terminal; nothing with --quiet or when stderr is not
    a terminal."""
    assert not wants_progress(False, io.StringIO())
    assert not wants_progress(True, _Terminal())
    assert wants_progress(False, _Terminal())
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bar = Progress(100, enabled=wants_progress(False))
    bar.advance(40)
    bar.close()
    shown = terminal.getvalue()
    assert "40%" in shown and "/100" in shown and "rows/s" in shown and "<00:00" in shown
    monkeypatch.undo()
    source = write_csv(flat_rows(30), tmp_path / "rows.csv", extras=False)
    main(["score", str(source), "--format", "csv", "--out", str(tmp_path / "o.csv")])
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("variant", ["plain", "bom", "newline_in_cell", "blank_and_short",
                                     "gb18030", "crlf"])
def test_summary_by_arrow_is_the_readers(tmp_path: Path, variant: str) -> None:
    """The summary read by Arrow's CSV reader equals the one read by the reader itself, or
    Arrow declines the file (blank or short rows, not UTF-8, a line break in a cell) and the
    reader is used."""
    from scoring.scale import stream

    table = flat_rows(90)
    table.loc[12, "indicator"] = "带换行\n的指标" if variant == "newline_in_cell" else "指标"
    path = write_csv(table, tmp_path / "rows.csv", extras=variant == "blank_and_short")
    text = path.read_text(encoding="utf-8")
    if variant == "bom":
        path.write_text("\ufeff" + text, encoding="utf-8")
    if variant == "gb18030":
        path.write_bytes(text.encode("gb18030"))
    if variant == "crlf":
        path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    by_reader = stream._summary_of(path, stream._columns_only(path, 25, arrow=False),
                                   arrow=False)
    summary = summarise(path, 25)
    assert (summary.rows, summary.years, summary.tree) == (by_reader.rows, by_reader.years,
                                                          by_reader.tree)
    declines = variant in ("blank_and_short", "gb18030", "newline_in_cell")
    try:
        by_arrow = stream._summary_of(path, stream._columns_only(path, 25, arrow=True),
                                      arrow=True)
    except ArrowUnfit:
        assert declines
    else:
        assert not declines and summary.arrow
        assert (by_arrow.rows, by_arrow.years, by_arrow.tree) == (by_reader.rows,
                                                                  by_reader.years,
                                                                  by_reader.tree)
        by_module = pd.concat(raw_batches(path, 25, ProblemLog()), ignore_index=True)
        fast = pd.concat(raw_batches(path, 25, ProblemLog(), arrow=True), ignore_index=True)
        pd.testing.assert_frame_equal(fast, by_module)


def test_a_long_parquet_cell_is_cut_and_reported_as_in_csv(tmp_path: Path) -> None:
    """A Parquet cell over the cell limit is cut and its row is an error row, with the same
    problem as the CSV reader gives, streamed or whole."""
    from scoring import evaluate
    from scoring.model.limits import MAX_CELL_CHARS

    table = flat_rows(30)
    table.loc[7, "note"] = "长" * (MAX_CELL_CHARS + 1)
    table.to_parquet(tmp_path / "rows.parquet", index=False)
    evaluation = read_evaluation(tmp_path / "rows.parquet")
    codes = [p.code for p in evaluation.problems]
    assert codes.count("cell_too_long") == 1
    row = evaluate(evaluation).indicators.iloc[7]
    assert row["status"] == "error" and len(row["note"]) < 100
    whole = tmp_path / "whole.csv"
    score(str(tmp_path / "rows.parquet"), "--format", "csv", "--out", str(whole),
          "--chunk-rows", "0")
    chunked = tmp_path / "chunked.csv"
    score(str(tmp_path / "rows.parquet"), "--format", "csv", "--out", str(chunked),
          "--chunk-rows", "6")
    assert chunked.read_bytes() == whole.read_bytes()


def test_formula_cells_are_neutralised_in_every_row_output(tmp_path: Path) -> None:
    """A cell a spreadsheet would run gets a leading ' in streamed CSV and Parquet output as
    in the whole run; --raw keeps it as written."""
    table = flat_rows(40)
    table.loc[3, "note"] = "=SUM(A1:A9)"
    source = write_csv(table, tmp_path / "rows.csv", extras=False)
    outputs = {}
    for name, extra in (("whole", ["--chunk-rows", "0"]), ("chunked", ["--chunk-rows", "7"]),
                        ("raw", ["--chunk-rows", "7", "--raw"])):
        out = tmp_path / f"{name}.csv"
        score(str(source), "--format", "csv", "--out", str(out), *extra)
        outputs[name] = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert outputs["whole"].loc[3, "note"] == "'=SUM(A1:A9)"
    pd.testing.assert_frame_equal(outputs["chunked"], outputs["whole"])
    assert outputs["raw"].loc[3, "note"] == "=SUM(A1:A9)"
    parquet = tmp_path / "rows.out.parquet"
    score(str(source), "--format", "parquet", "--out", str(parquet), "--chunk-rows", "7")
    assert pq.read_table(parquet).to_pandas().loc[3, "note"] == "'=SUM(A1:A9)"


@pytest.mark.parametrize("mark", ["\r", "\n", "\x00"])
def test_arrow_declines_a_cell_with_a_line_break_or_nul(mark: str) -> None:
    """A line break or NUL in any cell, first or last, of any column makes Arrow's reader
    unfit (the csv module reads such a cell otherwise); other cells, Chinese text included,
    do not."""
    import pyarrow as pa

    from scoring.sources.arrow_csv import ArrowUnfit, check_cells

    check_cells(pa.record_batch({"a": ["中文", "x"], "b": ["，", "y z"]}))
    for cells in ([f"a{mark}", "b"], ["a", f"中{mark}"]):
        batch = pa.record_batch({"a": ["1", "2"], "b": cells})
        with pytest.raises(ArrowUnfit, match="line break or NUL"):
            check_cells(batch)
    sliced = pa.record_batch({"a": [f"x{mark}", "1", "2"], "b": ["p", "q", "r"]}).slice(1)
    check_cells(sliced)


def test_chunks_read_each_pair_once(tmp_path: Path, actuals_read: list[str]) -> None:
    """The chunks of one file share their pairs: an actual is parsed once for a pair however
    many chunks repeat it."""
    table = pd.concat([flat_rows(120, 5)] * 4, ignore_index=True)
    table["project_id"] = [f"P{row // 10:04d}" for row in range(len(table))]
    source = write_csv(table, tmp_path / "repeated.csv", extras=False)
    results = list(score_chunks(source, rows=60).results)
    assert sum(len(r.indicators) for r in results) == 480
    pairs = table[["target", "actual", "indicator", "level1", "level2"]].drop_duplicates()
    assert 0 < len(actuals_read) <= len(pairs) < 240
