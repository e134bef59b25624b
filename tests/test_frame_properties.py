"""Properties of the frame scorer on random tables, checked against the scalar rules."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import tables

import units
import weights
from scoring.engine.frame import scheme_vocabulary, score_frame
from scoring.engine.kinds.pair_strategies import decimals, written
from scoring.engine.rules import score_indicator

NATIONAL = weights.load_scheme("national-2020")
VARIANT = weights.load_scheme(
    "national-2020",
    overrides={
        "rules": {"more_than": "strict", "at_most": "target_over_actual", "equal": "strict",
                  "deadline": "late_per_month"},
        "over_completion": {"deduction": 2},
    },
)
SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _cell(row: pd.Series, name: str) -> str:
    return str(row.get(name, "") or "")


EVALUATION = weights.load_scheme("evaluation-2020")
#: The evaluation framework's 一级 for the national ones of a random table (决策 and 过程 are
#: rubric 一级: a manual score there is the evaluator's).
FRAMEWORK_LEVEL1 = {"产出指标": "决策", "效益指标": "过程", "满意度指标": "产出"}


def _reference(row: pd.Series, scheme: weights.Scheme) -> tuple[object, object, str, str]:
    """(auto, final, status, flags) of one row by the scalar rules, parsing on its own."""
    target: units.Target | None
    actual: units.Actual | None
    try:
        target = units.parse_target(row["target"], year=2024, indicator=row["indicator"])
    except units.ParseError:
        target = None
    try:
        actual = None if target is None else units.parse_actual(
            row["actual"], target, year=2024, vocabulary=scheme_vocabulary(scheme)
        )
    except units.ParseError:
        actual = None
    manual, adjustment = _cell(row, "manual_score"), _cell(row, "adjustment")
    if (target is None or actual is None) and not manual and _cell(row, "applicable") != "否":
        return None, None, "error", ""
    result = score_indicator(
        target, actual, row["weight_used"], scheme, year=2024,
        manual_score=Decimal(manual) if manual else None,
        adjustment=Decimal(adjustment) if adjustment else None,
        adjustment_reason=_cell(row, "adjustment_reason"),
        applicable=_cell(row, "applicable") != "否",
        rubric=row["pool"] in scheme.tree.rubric,
    )
    return result.auto_score, result.final_score, result.status, ";".join(result.flags)


@SETTINGS
@given(df=tables(with_reviews=True), scheme=st.sampled_from([NATIONAL, VARIANT]))
def test_frame_equals_the_scalar_rules_to_the_cent(
    df: pd.DataFrame, scheme: weights.Scheme
) -> None:
    """Every row of score_frame has the auto score, final score, status and flags of the rules."""
    result = score_frame(df, scheme, year=2024)
    for _, row in result.iterrows():
        auto, final, status, flags = _reference(row, scheme)
        assert row["auto_score"] == auto, (row["target"], row["actual"])
        assert row["final_score"] == final, (row["target"], row["actual"])
        assert row["status"] == status, (row["target"], row["actual"], row["message"])
        if status != "error":
            assert row["flags"] == flags


@SETTINGS
@given(df=tables(with_reviews=True))
def test_frame_equals_the_rules_on_the_evaluation_framework(df: pd.DataFrame) -> None:
    """Under evaluation-2020, with 决策/过程 rubric rows, every row of score_frame has the
    auto score, final score and status of the scalar rules."""
    if len(df):
        df["level1"] = df["level1"].map(FRAMEWORK_LEVEL1)
    result = score_frame(df, EVALUATION, year=2024)
    for _, row in result.iterrows():
        auto, final, status, _ = _reference(row, EVALUATION)
        assert row["auto_score"] == auto, (row["target"], row["actual"])
        assert row["final_score"] == final, (row["target"], row["actual"], row["manual_score"])
        assert row["status"] == status or (status == "ok" and row["status"] == "warning"
                                           and "weights_inconsistent" in row["flags"]), (
            row["target"], row["actual"], row["message"])


@SETTINGS
@given(df=tables(with_weights=True))
def test_scores_lie_between_zero_and_the_weight(df: pd.DataFrame) -> None:
    """0 ≤ final score ≤ weight_used on every scored row."""
    result = score_frame(df, NATIONAL, year=2024)
    for final, weight in zip(result["final_score"], result["weight_used"], strict=True):
        if final is not None:
            assert Decimal(0) <= final <= weight


def _scores(target: str, actuals: list[str], scheme: weights.Scheme) -> list[Decimal]:
    df = pd.DataFrame(
        {"project_id": "P", "level1": "产出指标", "level2": "数量指标", "indicator": "数量",
         "target": target, "actual": actuals, "weight": "7"}
    )
    scores: list[Decimal] = list(score_frame(df, scheme, year=2024)["final_score"])
    return scores


@SETTINGS
@given(
    t=decimals("0.1", "1000"),
    actuals=st.lists(decimals("0", "3000"), min_size=2, max_size=8),
    scheme=st.sampled_from([NATIONAL, VARIANT]),
    symbol=st.sampled_from(["≥", ">"]),
)
def test_at_least_scores_never_fall_as_the_actual_rises(
    t: Decimal, actuals: list[Decimal], scheme: weights.Scheme, symbol: str
) -> None:
    """For ≥ and > targets, a higher actual never scores less (deduction off)."""
    if scheme.over_completion.deduction:
        return
    ordered = sorted(actuals)
    scores = _scores(f"{symbol}{written(t)} 个", [f"{written(a)} 个" for a in ordered], scheme)
    assert None not in scores
    assert scores == sorted(scores)


@SETTINGS
@given(
    t=decimals("0.1", "1000"),
    actuals=st.lists(decimals("0", "3000"), min_size=2, max_size=8),
    scheme=st.sampled_from([NATIONAL, VARIANT]),
    symbol=st.sampled_from(["≤", "<"]),
)
def test_at_most_scores_never_rise_as_the_actual_rises(
    t: Decimal, actuals: list[Decimal], scheme: weights.Scheme, symbol: str
) -> None:
    """For ≤ and < targets, a higher actual never scores more."""
    ordered = sorted(actuals)
    scores = _scores(f"{symbol}{written(t)} 万元", [f"{written(a)} 万元" for a in ordered], scheme)
    assert None not in scores
    assert scores == sorted(scores, reverse=True)


@SETTINGS
@given(
    t=decimals("0.1", "5000"),
    hectares=decimals("0", "1000"),
    symbol=st.sampled_from(["≥", "≤", "="]),
)
def test_the_same_actual_in_mu_or_hectares_scores_the_same(
    t: Decimal, hectares: Decimal, symbol: str
) -> None:
    """An actual of h 公顷 scores as 15·h 亩 against a target in 亩."""
    scores = _scores(
        f"{symbol}{written(t)} 亩", [f"{written(hectares)} 公顷", f"{written(hectares * 15)} 亩"],
        NATIONAL,
    )
    assert scores[0] is not None
    assert scores[0] == scores[1]


@SETTINGS
@given(df=tables())
def test_distributed_totals_never_exceed_the_indicator_points(df: pd.DataFrame) -> None:
    """With distributed weights, each project's indicator scores add up to ≤ 100 − execution."""
    result = score_frame(df, NATIONAL, year=2024)
    limit = NATIONAL.weights.indicator_points
    for _, rows in result.groupby("project_id"):
        assert sum(rows["weight_used"], Decimal(0)) <= limit
        scored = [score for score in rows["final_score"] if score is not None]
        assert sum(scored, Decimal(0)) <= limit
