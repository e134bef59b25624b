"""``--engine dask`` gives the single-process output.

``--engine dask``: the partitions scored on a LocalCluster of 2 workers give the
single-process output, row for row and byte for byte.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from scoring.cli.main import main
from scoring.scale.distributed import project_ranges, score_parquet_dask

sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

from test_stream import flat_rows


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Parquet file of 300 rows in row groups of 64, so partitions cross row groups."""
    path = tmp_path_factory.mktemp("dask") / "rows.parquet"
    flat_rows(300).to_parquet(path, index=False, row_group_size=64)
    return path


def test_ranges_cut_between_projects(source: Path) -> None:
    """Ranges cover every row once, end where a project ends, and number the projects
    without an id that come before them."""
    ranges = project_ranges(source, 45)
    assert ranges[0].start == 0 and ranges[-1].stop == 300
    assert all(a.stop == b.start for a, b in itertools.pairwise(ranges))
    ids = pd.read_parquet(source)["project_id"]
    names = pd.read_parquet(source)["project"]
    keys = ids.where(ids != "", names)
    assert all(keys[r.stop - 1] != keys[r.stop] for r in ranges[:-1])
    assert [r.numbered for r in ranges[:3]] == [
        keys[: r.start][ids[: r.start] == ""].nunique() for r in ranges[:3]]


def test_dask_output_equals_the_single_process_run(source: Path, tmp_path: Path) -> None:
    """CSV through a LocalCluster of 2 workers is the bytes of the in-process run; Parquet
    holds the same cells; the exit code is the same."""
    single = tmp_path / "single.csv"
    code = main(["score", str(source), "--format", "csv", "--out", str(single),
                 "--chunk-rows", "0", "--quiet"])
    spread = tmp_path / "dask.csv"
    assert main(["score", str(source), "--format", "csv", "--out", str(spread),
                 "--engine", "dask", "--chunk-rows", "40", "--quiet"]) == code == 1
    assert spread.read_bytes() == single.read_bytes()
    table = tmp_path / "dask.parquet"
    severities = score_parquet_dask(source, table, fmt="parquet", rows=70)
    assert severities["error"] > 0
    expected = pd.read_csv(single, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(pq.read_table(table).to_pandas(), expected)


def test_dask_reads_parquet_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A CSV with --engine dask is bad usage, exit 2 with the reason."""
    path = tmp_path / "rows.csv"
    flat_rows(20).to_csv(path, index=False)
    assert main(["score", str(path), "--format", "csv", "--engine", "dask"]) == 2
    assert ".parquet" in capsys.readouterr().err
