"""Totals against an exact-Fraction oracle.

Totals against an exact-Fraction oracle: random 不适用 rows, 3-decimal and % weights,
rescaling factors that do not divide, unit conversions that do not end (domain.md §5–§6).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import weights
from scoring.engine.execution import assess_execution
from scoring.engine.frame import score_frame
from scoring.engine.rules import score_indicator
from scoring.engine.totals import project_total
from units import parse_actual, parse_target

D = Decimal
NATIONAL = weights.load_scheme("national-2020")
POINTS = weights.load_scheme("national-2020",
                             overrides={"distribution": {"not_applicable": "indicator_points"}})
POOLS = list(NATIONAL.weights.pool_names)


def half_up(value: Fraction, places: int = 2) -> Fraction:
    """The oracle's own half-up rounding: floor(x · 10^p + 1/2) / 10^p (x ≥ 0)."""
    scale = 10**places
    scaled = value * scale
    return Fraction((scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator),
                    scale)


def oracle_total(rows: list[tuple[str, Fraction, Fraction, bool]], execution: Fraction,
                 execution_points: Fraction, rule: str) -> Fraction:
    """domain.md §5 written out: (pool, weight, exact share, applicable) rows."""
    scores = [half_up(share * weight) for _, weight, share, fit in rows if fit]
    applicable = sum((weight for _, weight, _, fit in rows if fit), Fraction(0))
    left_out = sum((weight for _, weight, _, fit in rows if not fit), Fraction(0))
    scored = sum(scores, Fraction(0))
    if left_out == 0 or applicable == 0:
        total = scored + execution
    elif rule == "indicator_points":
        total = scored * (applicable + left_out) / applicable + execution
    else:
        total = ((scored + execution) / (applicable + execution_points)
                 * (applicable + left_out + execution_points))
    return half_up(min(total, Fraction(100)))


#: Weights as tables print them: integers, 2 or 3 decimals, and percentages of the table.
weight_texts = st.one_of(
    st.integers(min_value=1, max_value=30).map(str),
    st.decimals(min_value=D("0.5"), max_value=D(30), places=2).map(lambda d: f"{d:f}"),
    st.decimals(min_value=D("0.5"), max_value=D(30), places=3).map(lambda d: f"{d:f}"),
    st.integers(min_value=1, max_value=30).map(lambda n: f"{n}%"),
)


def weight_of(text: str) -> Fraction:
    return Fraction(D(text.removesuffix("%")))


@st.composite
def projects(draw: st.DrawFn) -> tuple[pd.DataFrame, list[tuple[str, Fraction, Fraction, bool]]]:
    """A one-project table of ≥ targets (some in 公顷 against actuals in 亩, whose shares do
    not end as decimals) and the oracle's view of each row."""
    size = draw(st.integers(min_value=1, max_value=8))
    cells: list[dict[str, str]] = []
    view: list[tuple[str, Fraction, Fraction, bool]] = []
    for _ in range(size):
        pool = draw(st.sampled_from(POOLS))
        weight = draw(weight_texts)
        target = draw(st.integers(min_value=1, max_value=40))
        actual = draw(st.integers(min_value=0, max_value=800))
        in_mu = draw(st.booleans())
        fit = draw(st.integers(min_value=0, max_value=3)) > 0
        share = min(Fraction(actual, 15 if in_mu else 1) / target, Fraction(1))
        cells.append({
            "project_id": "P", "level1": pool, "level2": "", "indicator": "面积",
            "target": f"≥{target}公顷", "actual": f"{actual}{'亩' if in_mu else '公顷'}",
            "weight": weight, "applicable": "" if fit else "不适用",
        })
        view.append((pool, weight_of(weight), share, fit))
    return pd.DataFrame(cells, dtype=object), view


@settings(max_examples=300, deadline=None)
@given(projects(), st.integers(min_value=0, max_value=1000), st.sampled_from([NATIONAL, POINTS]))
def test_totals_equal_the_exact_oracle(
    project: tuple[pd.DataFrame, list[tuple[str, Fraction, Fraction, bool]]],
    spent: int, scheme: weights.Scheme,
) -> None:
    """Scores, subtotals and the total of a project equal the exact oracle to the cent."""
    table, view = project
    scored = score_frame(table, scheme, year=2024)
    expected_scores = [half_up(share * weight) if fit else None for _, weight, share, fit in view]
    assert [None if s is None else Fraction(s) for s in scored["final_score"]] == expected_scores
    execution = assess_execution(D(1000), D(spent), weight=scheme.weights.execution,
                                 reason_below=D(0))
    assert execution.score is not None
    result = project_total(scored, POOLS, execution_score=execution.score,
                           execution_weight=scheme.weights.execution,
                           not_applicable=scheme.distribution.not_applicable)
    if not any(fit for *_, fit in view):
        assert result.total is None
        return
    exact = Fraction(min(Fraction(spent, 1000), Fraction(1))) * 10
    assert Fraction(execution.score) == half_up(exact)
    expected = oracle_total(view, Fraction(execution.score), Fraction(10),
                            scheme.distribution.not_applicable)
    assert result.total is not None and Fraction(result.total) == expected
    for pool in POOLS:
        assert Fraction(result.subtotals[pool]) == sum(
            (score for (name, *_), score in zip(view, expected_scores, strict=True)
             if name == pool and score is not None), Fraction(0))


def test_conversion_that_does_not_end_is_scored_exactly() -> None:
    """≥8 公顷 against 101 亩 at weight 15: 101/15/8 × 15 = 12.625 exactly → 12.63, in the
    scalar rule and in the frame (a 28-digit 亩 factor gave 12.62)."""
    target = parse_target("≥8公顷")
    actual = parse_actual("101亩", target)
    scalar = score_indicator(target, actual, D(15), NATIONAL, year=2024)
    table = pd.DataFrame([{"level1": "产出指标", "level2": "数量指标", "indicator": "面积",
                           "target": "≥8公顷", "actual": "101亩", "weight": "15"}], dtype=object)
    assert scalar.final_score == D("12.63")
    assert list(score_frame(table, NATIONAL, year=2024)["final_score"]) == [D("12.63")]


def test_execution_score_uses_the_exact_ratio() -> None:
    """spent/budget = 101/120 does not end; × 15 = 12.625 exactly → 12.63."""
    execution = assess_execution(D(120), D(101), weight=D(15), reason_below=D(0))
    assert execution.score == D("12.63")
    assert execution.rate == D("84.17")
