"""frame = rules, proven column by column.

frame = rules, proven column by column: random tables with cross-unit pairs, 成本 rows,
declared points, decimal and % weights, 不适用, manual scores and deductions, under every
shipped scheme, against a row-by-row oracle built from the scalar rules and the production
comparator inference.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import any_pair, reviews

import units
import weights
from scoring.engine.frame import inference_name, scheme_vocabulary, score_frame
from scoring.engine.rules import score_indicator
from scoring.engine.totals import parse_applicable
from scoring.engine.weighting import (
    WEIGHT_CODE,
    WEIGHT_FLAGS,
    WEIGHT_MESSAGE,
    WEIGHT_STATUS,
    distribute_weights,
)
from scoring.model.codes import (
    FLAGS,
    Flag,
    ProblemCode,
    Status,
    parsed_flags,
    review_code,
    row_message,
    status_of,
)

SCHEMES = [weights.load_scheme(info.name) for info in weights.available_schemes()]
#: Examples per test; two tests make the 2,000 of the proof.
EXAMPLES = 1000

#: (target unit, actual units it converts from, indicator) for cross-unit pairs.
CROSS_UNITS = (
    ("公顷", ("亩", "公顷", "平方米"), "治理面积"),
    ("万元", ("元", "万元"), "项目总成本"),
    ("公里", ("米", "公里"), "道路长度"),
    ("吨", ("公斤", "吨"), "处理量"),
    ("%", ("%", "‰"), "覆盖率"),
)


@st.composite
def cross_unit_pairs(draw: st.DrawFn) -> tuple[str, str, str]:
    """A comparator target and an actual in another unit of the same kind (亩 against 公顷:
    conversions that do not end as decimals)."""
    unit, sources, indicator = draw(st.sampled_from(CROSS_UNITS))
    symbol = draw(st.sampled_from(["≥", "≤", "=", ">", "<", ""]))
    target = draw(st.integers(min_value=1, max_value=400))
    actual = draw(st.integers(min_value=0, max_value=9000))
    return f"{symbol}{target}{unit}", f"{actual}{draw(st.sampled_from(sources))}", indicator


weights_written = st.one_of(
    st.just(""), st.just(""),
    st.integers(min_value=1, max_value=25).map(str),
    st.decimals(min_value=Decimal("0.5"), max_value=Decimal(25), places=2).map(lambda d: f"{d:f}"),
    st.decimals(min_value=Decimal("0.5"), max_value=Decimal(25), places=3).map(lambda d: f"{d:f}"),
    st.integers(min_value=1, max_value=25).map(lambda n: f"{n}%"),
)


@st.composite
def tables(draw: st.DrawFn, scheme: weights.Scheme) -> pd.DataFrame:
    """1–2 projects of rows in the scheme's own tree: 一级 with or without printed points,
    its 二级 (成本 among them), any pair, any weight, any review, sometimes 不适用."""
    pools = list(scheme.weights.level1) or ["指标"]
    level2 = [word for words in scheme.tree.level2.values() for word in words] or ["数量"]
    rows = []
    for project in range(draw(st.integers(min_value=1, max_value=2))):
        printed = {pool: draw(st.sampled_from(["", "", "(20分)", "（12.5分）"])) for pool in pools}
        for _ in range(draw(st.integers(min_value=1, max_value=6))):
            pool = draw(st.sampled_from(pools))
            target, actual, indicator = draw(st.one_of(any_pair, cross_unit_pairs()))
            if draw(st.integers(min_value=0, max_value=9)) == 0:
                actual = "不适用"
            rows.append({
                "project_id": f"P{project}", "level1": f"{pool}{printed[pool]}",
                "level2": draw(st.sampled_from([*level2, "成本指标"])), "indicator": indicator,
                "target": target, "actual": actual, "weight": draw(weights_written),
                **draw(reviews),
            })
    return pd.DataFrame(rows, dtype=object).fillna("")


#: Failures of the row's own cells, which no rubric note follows.
_CELL_CODES = {ProblemCode.WEIGHT_INVALID, ProblemCode.WEIGHTS_EXHAUSTED,
               ProblemCode.WEIGHTS_TOO_FEW, ProblemCode.LEVEL1_UNKNOWN,
               ProblemCode.LEVEL1_UNREADABLE}


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text.strip() else None


def _parse(row: dict[str, Any], scheme: weights.Scheme
           ) -> tuple[units.Target | None, units.Actual | None, tuple[str, str, str] | None]:
    """The row's target and actual parsed on their own, with the production inference, and
    the (code, column, detail) of a cell that cannot be read."""
    name = inference_name(row["level1"], row["level2"], row["indicator"])
    if not row["target"].strip():
        return None, None, (ProblemCode.TARGET_EMPTY, "target",
                            "指标值 is empty: expected a target such as ≥95%")
    try:
        target = units.parse_target(row["target"].strip(), year=2024, indicator=name or None)
    except units.ParseError as exc:
        actual = (units.Actual("不适用", units.ActualKind.NOT_APPLICABLE)
                  if row["actual"].strip() == "不适用" else None)
        return None, actual, (ProblemCode.TARGET_UNREADABLE, "target", str(exc))
    text = row["actual"].strip()
    if not text:
        return target, units.Actual("", units.ActualKind.EMPTY), None
    try:
        return target, units.parse_actual(text, target, year=2024,
                                          vocabulary=scheme_vocabulary(scheme)), None
    except units.ParseError as exc:
        return target, None, (ProblemCode.ACTUAL_UNREADABLE, "actual", str(exc))


def oracle(row: dict[str, Any], scheme: weights.Scheme) -> dict[str, Any]:
    """Every result cell of one row from the scalar rules (weights as distributed)."""
    target, actual, unreadable = _parse(row, scheme)
    noticed = parsed_flags(target, actual)
    tree = tuple(row[WEIGHT_FLAGS])
    weight = row["weight_used"]
    flags: tuple[str, ...]
    failure: tuple[str, str, str] | None = None
    detail = ""
    auto = final = None
    said = actual is not None and actual.kind is units.ActualKind.NOT_APPLICABLE
    if not parse_applicable(row.get("applicable", "")) or said:
        flags = (Flag.NOT_APPLICABLE, *noticed, *tree)
    elif row[WEIGHT_STATUS] == Status.ERROR:
        weight_code = ProblemCode(row[WEIGHT_CODE])
        column = ("level1" if weight_code in (ProblemCode.LEVEL1_UNKNOWN,
                                              ProblemCode.LEVEL1_UNREADABLE) else "weight")
        flags, failure = (*noticed, *tree), (weight_code, column, row[WEIGHT_MESSAGE])
    else:
        manual, cut = _decimal(row.get("manual_score", "")), _decimal(row.get("adjustment", ""))
        rubric = row["pool"] in scheme.tree.rubric
        if manual is None and cut is None and unreadable is not None:
            flags, failure = (*noticed, *tree), unreadable
        else:
            result = score_indicator(
                target if unreadable is None or unreadable[1] != "target" else None,
                actual, weight, scheme, year=2024, manual_score=manual, adjustment=cut,
                adjustment_reason=row.get("adjustment_reason", ""), rubric=rubric)
            flags, detail = (*result.flags, *tree), result.detail
            auto, final = result.auto_score, result.final_score
            if result.status is Status.ERROR:
                failure = (result.code, result.error_column, result.detail)
            elif row[WEIGHT_STATUS] == Status.WARNING:
                flags = (*flags, Flag.WEIGHTS_INCONSISTENT)
                detail = "; ".join(part for part in (detail, row[WEIGHT_MESSAGE]) if part)
    by_hand = (_decimal(row.get("manual_score", "")) is not None
               or _decimal(row.get("adjustment", "")) is not None)
    if (failure is not None and failure[0] not in _CELL_CODES and not by_hand
            and row["pool"] in scheme.tree.rubric):
        failure = (*failure[:2], f"{failure[2]}; a rubric row of {row['pool']} is scored by "
                                 f"the evaluator: enter the score as manual_score")
    if failure is not None:
        error, column, detail = failure
        return {"auto_score": None, "final_score": None, "status": Status.ERROR, "code": error,
                "error_column": column, "flags": ";".join(flags), "detail": detail,
                "message": row_message(flags, error, detail), "attainment": math.nan}
    status = status_of(flags, False)
    code = review_code(flags) if status is Status.WARNING else ""
    return {"auto_score": auto, "final_score": final, "status": status, "code": code,
            "error_column": FLAGS[Flag(code)].column if code else "", "flags": ";".join(flags),
            "detail": detail, "message": row_message(flags, detail=detail),
            "attainment": (float(final / weight) if final is not None and weight else math.nan)}


def _check(table: pd.DataFrame, scheme: weights.Scheme) -> None:
    result = score_frame(table, scheme, year=2024)
    spread = distribute_weights(table, scheme)
    for (_, row), (_, weights_row) in zip(result.iterrows(), spread.iterrows(), strict=True):
        cells: dict[str, Any] = {str(key): value for key, value in row.items()}
        cells.update({name: weights_row[name] for name in (
            WEIGHT_STATUS, WEIGHT_CODE, WEIGHT_MESSAGE, WEIGHT_FLAGS)})
        expected = oracle(cells, scheme)
        for column, value in expected.items():
            found = row[column]
            if column == "attainment":
                assert (math.isnan(found) and math.isnan(value)) or abs(found - value) < 1e-12
            else:
                assert found == value, (column, row["target"], row["actual"], found, value)


SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(data=st.data())
def test_frame_equals_the_oracle_under_every_scheme(data: st.DataObject) -> None:
    """Every result column of score_frame equals the row-by-row oracle, any shipped scheme."""
    scheme = data.draw(st.sampled_from(SCHEMES))
    _check(data.draw(tables(scheme)), scheme)


@SETTINGS
@given(data=st.data())
def test_frame_equals_the_oracle_under_rule_variants(data: st.DataObject) -> None:
    """The same under the variant rules (strict >, target over actual, strict =, months late,
    over-completion deduction)."""
    scheme = weights.load_scheme("national-2020", overrides={
        "rules": {"more_than": "strict", "at_most": "target_over_actual", "equal": "strict",
                  "deadline": "late_per_month"},
        "over_completion": {"deduction": 2}})
    _check(data.draw(tables(scheme)), scheme)
