"""Review checks of a scored target table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from scoring.review.lint import lint_scored


def scored(**cells: Any) -> pd.DataFrame:
    """One scored row; unspecified cells are those of a clean ≥ 95 % row that met its target."""
    row = {
        "project_id": "P1", "level1": "产出指标", "level2": "质量指标", "indicator": "验收合格率",
        "target": "≥95%", "kind": "at_least", "target_unit": "percent", "target_value": 95.0,
        "final_score": Decimal("10.00"), "weight_used": Decimal(10), "note": "",
    }
    return pd.DataFrame([{**row, **cells}])


def codes(frame: pd.DataFrame) -> list[str]:
    """The codes of the problems found."""
    return [problem.code for problem in lint_scored(frame)]


def test_clean_row_has_no_problem() -> None:
    """A met ≥95% quality target → nothing to report."""
    assert codes(scored()) == []


def test_shortfall_without_note_is_reported_on_row_two() -> None:
    """Score 8 of 10 without a note → deviation_note_missing at CSV row 2, column note."""
    problems = lint_scored(scored(final_score=Decimal("8.00")))
    assert [(p.code, p.row, p.column) for p in problems] == [("deviation_note_missing", 2, "note")]
    assert codes(scored(final_score=Decimal("8.00"), note="工期延误")) == []


def test_rate_written_with_at_most_is_flagged() -> None:
    """≤100% on 验收合格率 → rate_direction."""
    assert codes(scored(kind="at_most", target="≤100%")) == ["rate_direction"]


def test_cost_written_with_at_least_is_flagged() -> None:
    """≥3 万元/亩 on a 成本 indicator → cost_direction."""
    row = scored(level2="成本指标", indicator="单位成本", target_unit="万元/亩")
    assert codes(row) == ["cost_direction"]


def test_quantity_without_unit_and_duplicates() -> None:
    """A bare number target → unit_missing; the same row twice → duplicate_row."""
    frame = pd.concat([scored(target_unit="")] * 2, ignore_index=True)
    assert codes(frame) == ["unit_missing", "unit_missing", "duplicate_row"]
