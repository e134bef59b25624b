"""Pairs read once across the chunks of a table: ``shared_pairs`` and its ``PairBook``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from scoring.engine import frame
from scoring.engine.frame import score_frame
from scoring.engine.pairs import PairBook, shared_pairs
from weights import load_scheme

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from synthetic import YEAR, realistic_indicators

NATIONAL = load_scheme("national-2020")


def _chunks(table: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    return [table.iloc[start:start + size] for start in range(0, len(table), size)]


def _distinct_pairs(table: pd.DataFrame) -> int:
    return len(table[["target", "actual", "indicator", "level1", "level2"]].drop_duplicates())


@pytest.mark.parametrize("limit", [100_000, 700])
def test_chunks_scored_with_shared_pairs_equal_the_whole_table(limit: int) -> None:
    """Scored in chunks of whole projects within ``shared_pairs``, the rows are those of one
    call on the whole table, whether the book keeps every pair or starts afresh."""
    table = realistic_indicators(6_000, 11)
    whole = score_frame(table, NATIONAL, year=YEAR)
    with shared_pairs(PairBook(limit)) as book:
        parts = [score_frame(chunk, NATIONAL, year=YEAR) for chunk in _chunks(table, 1_000)]
        assert len(book) <= max(limit, _distinct_pairs(table))
    pd.testing.assert_frame_equal(pd.concat(parts), whole)


def test_each_pair_of_the_table_is_parsed_once_across_chunks(actuals_read: list[str]) -> None:
    """The chunks share one book: an actual is parsed for a pair the first time any chunk
    meets it, never again."""
    table = realistic_indicators(4_000, 12)
    calls = actuals_read
    with shared_pairs() as book:
        for chunk in _chunks(table, 500):
            score_frame(chunk, NATIONAL, year=YEAR)
    shared = len(calls)
    assert shared <= len(book) <= _distinct_pairs(table)
    calls.clear()
    for chunk in _chunks(table, 500):  # without a book each chunk reads its own pairs
        score_frame(chunk, NATIONAL, year=YEAR)
    assert len(calls) > shared


def test_exact_shares_are_kept_for_the_next_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """A share worked out exactly near a rounding boundary is kept in the book: the same
    pair and weight in a later chunk needs no second exact assessment."""
    row = {"project_id": "P1", "level1": "产出指标", "level2": "数量指标", "indicator": "完成数量",
           "target": "≥100 个", "actual": "70 个", "weight": "6.25"}
    chunk = pd.DataFrame([row])
    calls: list[int] = []
    assess = vars(frame)["assess"]

    def counted(*args: Any, **kw: Any) -> Any:
        calls.append(1)
        return assess(*args, **kw)

    monkeypatch.setattr(frame, "assess", counted)
    with shared_pairs():
        first = score_frame(chunk, NATIONAL, year=2024)
        after_first = len(calls)
        second = score_frame(chunk, NATIONAL, year=2024)
    assert after_first == 1 and len(calls) == 1
    assert list(first["auto_score"]) == list(second["auto_score"])
    assert str(first["auto_score"].iloc[0]) == "4.38"  # 0.7 × 6.25 = 4.375, half up


def test_a_book_starts_afresh_for_another_scheme() -> None:
    """Readings depend on the scheme (its vocabulary and rules): another scheme's table does
    not reuse them."""
    table = realistic_indicators(500, 13)
    part = table.head(50)
    other = load_scheme("evaluation-2020")
    with shared_pairs() as book:
        score_frame(table, NATIONAL, year=YEAR)
        assert len(book) == _distinct_pairs(table)
        theirs = score_frame(part, other, year=YEAR)
        assert len(book) == _distinct_pairs(part) < _distinct_pairs(table)
    pd.testing.assert_frame_equal(theirs, score_frame(part, other, year=YEAR))


def test_nested_blocks_share_the_outer_book_unless_given_one() -> None:
    with shared_pairs() as outer:
        with shared_pairs() as inner:
            assert inner is outer
        own = PairBook()
        with shared_pairs(own) as given:
            assert given is own
        with shared_pairs() as again:
            assert again is outer


def test_a_book_given_to_each_block_carries_over_between_blocks(
        actuals_read: list[str]) -> None:
    """A caller scoring one chunk per block (as a generator does between its yields) keeps
    the pairs by giving the same book to each block: the second block parses nothing."""
    table = realistic_indicators(500, 14)
    book = PairBook()
    with shared_pairs(book):
        first = score_frame(table, NATIONAL, year=YEAR)
    calls = actuals_read
    calls.clear()
    with shared_pairs(book):
        second = score_frame(table, NATIONAL, year=YEAR)
    assert calls == [] and len(book) == _distinct_pairs(table)
    pd.testing.assert_frame_equal(first, second)
    score_frame(table, NATIONAL, year=YEAR)
    assert calls  # outside the block the pairs are read afresh


def test_scoring_pauses_the_collector_and_restores_it() -> None:
    """The cyclic collector is off while a table is scored and as it was afterwards."""
    import gc

    from scoring.engine.frame import collector_paused

    seen: list[bool] = []
    with collector_paused():
        seen.append(gc.isenabled())
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    table = realistic_indicators(200, 15)
    score_frame(table, NATIONAL, year=YEAR)
    assert gc.isenabled()


def test_a_full_book_keeps_its_pairs_while_a_table_brings_none_new(
        actuals_read: list[str]) -> None:
    """A book at its limit starts afresh only for new pairs: a table of known pairs is read
    from it without parsing."""
    table = realistic_indicators(300, 16)
    book = PairBook(limit=_distinct_pairs(table))
    with shared_pairs(book):
        score_frame(table, NATIONAL, year=YEAR)
        actuals_read.clear()
        score_frame(table, NATIONAL, year=YEAR)
    assert actuals_read == [] and len(book) == book.limit
