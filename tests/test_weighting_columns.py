"""The weights' column arithmetic, against the exact Decimal rule.

The column arithmetic of the weights equals the exact Decimal rule, digit for digit, and
the projects whose numbers do not fit the columns take the exact rule.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scoring.engine._pool_exact
import weights
from scoring.engine.weighting import distribute_weights, weight_columns

SCHEMES = [weights.load_scheme(info.name) for info in weights.available_schemes()]
VARIANTS = [
    weights.load_scheme("national-2020", overrides={"distribution": {"missing": missing},
                                                    "rounding": {"places": places}})
    for missing in ("equal_per_indicator", "equal_per_level2") for places in (0, 1, 2, 4)
]

weights_written = st.one_of(
    st.just(""), st.just(""), st.just(""),
    st.integers(min_value=1, max_value=60).map(str),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(40), places=2).map(
        lambda d: f"{d:f}"),
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal(40), places=3).map(
        lambda d: f"{d:f}"),
    st.sampled_from(["20.0", "10.00", "5%", "0", "-3", "abc", "120", "1,000", "0.000000000001"]),
)
printed_points = st.sampled_from(["", "", "", "(20分)", "（12.5分）", "(20.0分)", "(40分)",
                                  "（0.333分）", "(1000000000000分)"])


@st.composite
def tables(draw: st.DrawFn, scheme: weights.Scheme) -> pd.DataFrame:
    """Projects of rows under the scheme's 一级 (printed points or not, sometimes different
    on two rows), unknown 一级, blank 一级, 二级 of the tree, any weight."""
    level1 = [*list(scheme.weights.level1), "综合管理", "", "决策指标"]
    level2 = [word for words in scheme.tree.level2.values() for word in words][:6]
    rows = []
    for project in range(draw(st.integers(min_value=1, max_value=4))):
        printed = {name: draw(printed_points) for name in level1}
        for _ in range(draw(st.integers(min_value=1, max_value=8))):
            name = draw(st.sampled_from(level1))
            shown = printed[name] if draw(st.integers(0, 5)) else draw(printed_points)
            rows.append({
                "project_id": f"P{project}", "level1": f"{name}{shown}",
                "level2": draw(st.sampled_from([*level2, "", "其他"])),
                "weight": draw(weights_written),
            })
    return pd.DataFrame(rows, dtype=object)


def _cells(table: pd.DataFrame, scheme: weights.Scheme, *, exact: bool) -> list[Any]:
    """Every weight column cell, Decimals with their exponent (``16.66`` is not ``16.660``)."""
    found = weight_columns(table, scheme, exact=exact)
    used = [(str(value), value.as_tuple()) if value is not None else None
            for value in found.used.tolist()]
    return [found.pool.tolist(), used, found.points.tolist(), found.source.tolist(),
            found.status.tolist(), found.code.tolist(), found.message.tolist(),
            found.declared.tolist(), found.flags.tolist()]


def _equal(left: list[Any], right: list[Any]) -> None:
    for one, other in zip(left, right, strict=True):
        assert pd.Series(one, dtype=object).equals(pd.Series(other, dtype=object)), (one, other)


SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(data=st.data())
def test_columns_equal_the_exact_rule(data: st.DataObject) -> None:
    """Under every shipped scheme and both ``missing`` rules at 0–4 places."""
    scheme = data.draw(st.sampled_from(SCHEMES + VARIANTS))
    table = data.draw(tables(scheme))
    _equal(_cells(table, scheme, exact=False), _cells(table, scheme, exact=True))


NATIONAL = weights.load_scheme("national-2020")


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of rows of each project the exact rule was called for."""
    calls: list[int] = []
    original = scoring.engine._pool_exact.distribute_project

    def spy(rows: list[int], *args: Any, **kwargs: Any) -> None:
        calls.append(len(rows))
        original(rows, *args, **kwargs)

    monkeypatch.setattr("scoring.engine.weighting.distribute_project", spy)
    return calls


def test_weights_with_many_decimals_take_the_exact_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """A weight of 13 decimals does not fit 10^-9 units: its project (only) is split by the
    exact rule, and the split is right: 50 − 0.0000000000001 over 2 rows."""
    calls = _spy(monkeypatch)
    table = pd.DataFrame([
        {"project_id": "A", "level1": "产出指标", "weight": "0.0000000000001"},
        {"project_id": "A", "level1": "产出指标", "weight": ""},
        {"project_id": "A", "level1": "产出指标", "weight": ""},
        {"project_id": "B", "level1": "产出指标", "weight": ""},
    ], dtype=object)
    result = distribute_weights(table, NATIONAL)
    assert calls == [3]
    assert list(result["weight_used"]) == [Decimal("0.0000000000001"), Decimal("25.00"),
                                           Decimal("24.9999999999999"), Decimal(50)]


def test_points_too_large_for_int64_take_the_exact_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Printed points of 10¹⁸ would overflow int64 units: that project takes the exact rule,
    the other stays in the columns; 10¹⁸ over 3 rows is split exactly."""
    calls = _spy(monkeypatch)
    table = pd.DataFrame([
        {"project_id": "A", "level1": "产出指标", "weight": ""},
        {"project_id": "B", "level1": "产出指标(1000000000000000000分)", "weight": ""},
        {"project_id": "B", "level1": "产出指标(1000000000000000000分)", "weight": ""},
        {"project_id": "B", "level1": "产出指标(1000000000000000000分)", "weight": ""},
    ], dtype=object)
    result = distribute_weights(table, NATIONAL)
    assert calls == [3]
    third = Decimal("333333333333333333.33")
    assert list(result["weight_used"])[1:] == [third, third, Decimal(10**18) - 2 * third]


def test_a_clean_table_never_takes_the_exact_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Projects whose weights need only a split are worked out in the columns alone."""
    calls = _spy(monkeypatch)
    table = pd.DataFrame([{"project_id": f"P{n // 3}", "level1": "效益指标", "weight": ""}
                          for n in range(30)], dtype=object)
    result = distribute_weights(table, NATIONAL)
    assert calls == []
    assert list(result["weight_used"])[:3] == [Decimal("10.00"), Decimal("10.00"),
                                               Decimal("10.00")]
