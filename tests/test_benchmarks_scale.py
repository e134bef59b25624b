"""The province-scale benchmark runs end to end on a small size.

The province-scale benchmark runs end to end on a small size (its figures are not
asserted: benchmarks are not timed tests).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import scale
from synthetic import ROWS_PER_PROJECT, realistic_indicators


def test_realistic_table_repeats_rows_in_whole_projects() -> None:
    """A realistic table of 2,000 rows holds at most 100 distinct rows, 10 per project with
    ids and row numbers continuing from the given start."""
    table = realistic_indicators(2_000, seed=4, first_project=30, first_row=302)
    assert len(table[["target", "actual", "indicator"]].drop_duplicates()) <= 100
    assert table["project_id"].iloc[0] == "S0000031"
    assert (table.groupby("project_id").size() == ROWS_PER_PROJECT).all()
    assert table["source_row"].iloc[0] == 302


def test_scale_benchmark_runs_on_a_small_table(capsys: pytest.CaptureFixture[str]) -> None:
    """Every figure is printed, both command-line runs exit 1 (the synthetic tables have
    bad rows on purpose) and the Dask output equals the single-process output."""
    assert scale.main(["--rows", "1500", "--dask-rows", "1200", "--sample", "100",
                       "--chunk-rows", "400"]) == 0
    out = capsys.readouterr().out
    for measure in ("realistic rows", "naive Pint loop", "factorize floor", "worst-case rows",
                    "CSV in and out (exit 1)", "Parquet in and out (exit 1)",
                    "1,200 rows (generated", "CPU seconds by phase (CSV)",
                    "CPU seconds by phase (Parquet)"):
        assert measure in out
    assert "phases not measured" not in out
    assert "score_frame" in out.split("CPU seconds by phase (CSV)")[1].splitlines()[0]
    assert "equal to the single-process output: True" in out
