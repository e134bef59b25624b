"""The parse benchmark runs on a small table.

The parse benchmark runs on a small synthetic table (its figures are not asserted:
benchmarks are not timed tests), and what it counts as taken by the fast path is so.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import parse_corpus


def test_parse_benchmark_runs_both_ways_on_every_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_corpus.main(["--rounds", "1", "--synthetic-rounds", "1",
                              "--synthetic-rows", "300"]) == 0
    out = capsys.readouterr().out
    assert "fast off" in out and "fast on" in out
    for name in ("real 指标值", "real 实际完成值", "synthetic 300 rows: 指标值",
                 "synthetic 300 rows: 实际完成值"):
        line = next(line for line in out.splitlines() if line.startswith(name))
        share = float(re.findall(r"([\d.]+)%$", line)[0])
        assert 0 < share <= 100, line
    assert "scorable:" in out
