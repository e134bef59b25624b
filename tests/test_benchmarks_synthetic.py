"""The synthetic table generator of the benchmarks: deterministic, realistic, scorable."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from scoring.engine.frame import score_frame
from scoring.model.columns import INDICATOR_COLUMNS, STATUSES
from weights import load_scheme

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from synthetic import ROWS_PER_PROJECT, synthetic_indicators, templates


def test_same_seed_gives_the_same_table() -> None:
    """Two tables with the same size and seed are identical; another seed differs."""
    first = synthetic_indicators(200, seed=7)
    pd.testing.assert_frame_equal(first, synthetic_indicators(200, seed=7))
    assert not first.equals(synthetic_indicators(200, seed=8))


def test_table_has_the_canonical_columns_and_projects() -> None:
    """Canonical columns first, 10 rows per project numbered 1..10, CSV row numbers from 2."""
    table = synthetic_indicators(35, seed=1)
    assert tuple(table.columns[: len(INDICATOR_COLUMNS)]) == INDICATOR_COLUMNS
    assert table["project_id"].nunique() == 4
    assert table["seq"].tolist()[:ROWS_PER_PROJECT] == [str(i) for i in range(1, 11)]
    assert table["source_row"].tolist() == list(range(2, 37))


def test_targets_come_from_the_real_tables() -> None:
    """Every target text is one of the corpus or seed targets."""
    known = {template.target for template in templates()}
    assert set(synthetic_indicators(300, seed=2)["target"]) <= known


def test_table_scores_without_exceptions() -> None:
    """score_frame scores 400 rows; the mix holds every main kind, 不适用 rows and bad rows."""
    scored = score_frame(synthetic_indicators(400, seed=3), load_scheme("national-2020"),
                         year=2024)
    assert len(scored) == 400
    assert set(scored["status"]) <= set(STATUSES)
    assert {"at_least", "at_most", "equal", "deadline", "qualitative"} <= set(scored["kind"])
    assert scored["flags"].str.contains("not_applicable").any()
    errors = scored["status"] == "error"
    assert 0 < errors.sum() < len(scored) * 0.2
    assert scored.loc[~errors & ~scored["flags"].str.contains("not_applicable"),
                      "final_score"].notna().all()


def test_some_actuals_are_in_another_convertible_unit() -> None:
    """Some numeric actuals are written in a unit other than the target's and still score."""
    table = synthetic_indicators(400, seed=4)
    scored = score_frame(table, load_scheme("national-2020"), year=2024)
    converted = scored[
        scored["actual"].str.contains("公里|万立方米|元|亩|公顷|百分比", regex=True)
        & (scored["status"] != "error")
        & (scored["target_unit"] != "")
        & ~scored.apply(lambda row: str(row["target_unit"]) in str(row["actual"]), axis=1)
    ]
    assert len(converted) > 0
