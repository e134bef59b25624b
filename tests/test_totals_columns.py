"""Totals of all projects at once, against ``project_total``.

The totals of all projects at once equal ``project_total`` of each project: subtotals,
total, 不适用 factor, cap, limit of 100; and projects whose numbers do not fit the columns are
totalled by ``project_total`` itself.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scoring.engine._totals_columns
import scoring.engine.totals
from scoring.engine._totals_columns import ProjectExecution, project_total_columns
from scoring.engine.totals import ProjectTotal, project_total

D = Decimal
POOLS = ["产出指标", "效益指标", "满意度指标", "综合管理"]

numbers = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=60).map(D),
    st.decimals(min_value=D(0), max_value=D(60), places=2),
    st.decimals(min_value=D("0.001"), max_value=D(40), places=3),
    st.decimals(min_value=D(-5), max_value=D(5), places=4),
    st.sampled_from([D("0.0000000000001"), D("33.33333333333333"), D("1E+3"), "abc", "12.5",
                     D("99999999")]),
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[pd.DataFrame, list[ProjectExecution], np.ndarray]:
    """Rows of a few projects (some of no project), any pool (or none), any weight and score,
    applicable or not by the cell or the flag; an execution score and cap per project."""
    projects = draw(st.integers(min_value=1, max_value=5))
    rows: list[dict[str, Any]] = []
    owner: list[int] = []
    for _ in range(draw(st.integers(min_value=0, max_value=20))):
        owner.append(draw(st.integers(min_value=-1, max_value=projects - 1)))
        rows.append({
            "pool": draw(st.sampled_from([*POOLS, "", None, "其他"])),
            "weight_used": draw(numbers), "final_score": draw(numbers),
            "flags": draw(st.sampled_from(["", "", "not_applicable", "over_completion"])),
            "applicable": draw(st.sampled_from(["", "", "", "否", "不适用", "maybe", None])),
        })
    executions = [ProjectExecution(
        draw(st.one_of(st.none(), st.decimals(min_value=D(0), max_value=D(20), places=2))),
        draw(st.sampled_from([None, None, D(60), D(79.99), D("0.5")])))
        for _ in range(projects)]
    table = pd.DataFrame(rows, columns=["pool", "weight_used", "final_score", "flags",
                                        "applicable"], dtype=object)
    return table, executions, np.array(owner, dtype=np.intp)


def _same(found: ProjectTotal, expected: ProjectTotal) -> None:
    """Equal, Decimal digits included (``8.00`` is not ``8``)."""
    assert found == expected
    assert str(found.total) == str(expected.total)
    assert [str(v) for v in found.subtotals.values()] == [
        str(v) for v in expected.subtotals.values()]


@settings(max_examples=500, deadline=None)
@given(tables(), st.sampled_from(["whole_total", "indicator_points"]),
       st.sampled_from([0, 1, 2, 4]), st.sampled_from([D(10), D(0), D("12.5")]))
def test_columns_equal_project_total(case: tuple[pd.DataFrame, list[ProjectExecution], Any],
                                     rule: Any, places: int, execution_weight: Decimal) -> None:
    table, executions, owner = case
    found = project_total_columns(table, owner, executions, POOLS,
                                  execution_weight=execution_weight, not_applicable=rule,
                                  places=places).totals(POOLS)
    for index, execution in enumerate(executions):
        expected = project_total(
            table.iloc[np.flatnonzero(owner == index)], POOLS, execution_score=execution.score,
            execution_weight=execution_weight, not_applicable=rule, cap=execution.cap,
            places=places)
        _same(found[index], expected)


def test_numbers_that_do_not_fit_take_project_total(monkeypatch: pytest.MonkeyPatch) -> None:
    """A weight of 13 decimals sends its project (only) to ``project_total``, whose exact
    total is kept: 10 of 10.0000000000001 points, rescaled by the 不适用 row to
    10 · 20.0000000000001 / 10.0000000000001 = 19.99999999999990…, which rounds to 20.00."""
    calls: list[int] = []
    original = scoring.engine.totals.project_total

    def spy(rows: Any, *args: Any, **kwargs: Any) -> ProjectTotal:
        calls.append(len(rows))
        return original(rows, *args, **kwargs)

    monkeypatch.setattr(scoring.engine._totals_columns, "project_total", spy)
    table = pd.DataFrame([
        {"pool": "产出指标", "weight_used": D("10.0000000000001"), "final_score": D("10.00"),
         "flags": "", "applicable": ""},
        {"pool": "产出指标", "weight_used": D(10), "final_score": None, "flags": "",
         "applicable": "不适用"},
        {"pool": "产出指标", "weight_used": D(50), "final_score": D("25.00"), "flags": "",
         "applicable": ""},
    ], dtype=object)
    executions = [ProjectExecution(None, None), ProjectExecution(None, None)]
    found = project_total_columns(table, np.array([0, 0, 1]), executions, POOLS[:1],
                                  execution_weight=D(10),
                                  not_applicable="whole_total").totals(POOLS[:1])
    assert calls == [2]
    assert found[0].total == D("20.00")
    assert found[0].factor == Fraction(200000000000001, 100000000000001)
    assert found[1].total == D("25.00") and found[1].factor is None
