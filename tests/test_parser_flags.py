"""What the parsers notice reaches the scored row's flags, in the rules and in the frame."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from indicator_tables import table

import units
import weights
from scoring.engine.evaluate import row_problems
from scoring.engine.frame import score_frame
from scoring.engine.rules import score_indicator
from scoring.model.problems import iter_problems
from scoring.outputs.workbook.write import result_line

D = Decimal
NATIONAL = weights.load_scheme("national-2020")



def scalar(target_text: str, actual_text: str, weight: str = "50", **extra: Any) -> Any:
    """The scalar rules on one parsed pair (indicator 面积, 50 points, year 2024)."""
    target = units.parse_target(target_text, year=2024, indicator="面积")
    actual = units.parse_actual(actual_text, target, year=2024)
    return score_indicator(target, actual, D(weight), NATIONAL, year=2024, **extra)


# (target, actual, flags, status, score of the 50 points of 产出 given to one row), by hand:
#   约111.45万亩 is a bare value (comparator inferred: at_least), 112 ≥ 111.45 → 50.00;
#   ≥95% with an actual written ≥96% → 96 ≥ 95 → 50.00, a warning (a bound, not a value);
#   ≥100公顷 with 1500亩 = 100 公顷 → 50.00, converted from 亩, ok;
#   100%覆盖 is a bare 100% (inferred) followed by the harmless word 覆盖 → 50.00;
#   ≥95%左右: 左右 makes it approximate, the comparator is written → ok, 50.00;
#   ≥3次/年 with 3次: the actual is read per 年 like the target → 50.00, ok.
CASES = [
    ("约111.45万亩", "112万亩", "comparator_inferred;target:approximate", "warning", "50.00"),
    ("≥95%", "≥96%", "actual:comparator_in_actual", "warning", "50.00"),
    ("≥100公顷", "1500亩", "actual:converted_from:亩", "ok", "50.00"),
    ("100%覆盖", "100%", "comparator_inferred;target:trailing:覆盖", "warning", "50.00"),
    ("≥95%左右", "96%", "target:approximate", "ok", "50.00"),
    ("≥3次/年", "3次", "actual:per_period:年", "ok", "50.00"),
]


@pytest.mark.parametrize(("target", "actual", "flags", "status", "score"), CASES)
def test_scalar_rules_carry_the_parser_flags(
    target: str, actual: str, flags: str, status: str, score: str
) -> None:
    """score_indicator ends its flags with the target's and the actual's parser flags."""
    result = scalar(target, actual)
    assert (";".join(result.flags), result.status, result.final_score) == (flags, status, D(score))


@pytest.mark.parametrize(("target", "actual", "flags", "status", "score"), CASES)
def test_frame_carries_the_parser_flags(
    target: str, actual: str, flags: str, status: str, score: str
) -> None:
    """score_frame gives each row the same flags, status and score as the scalar rules."""
    row = score_frame(table({"target": target, "actual": actual}), NATIONAL,
                      year=2024).iloc[0]
    assert (row["flags"], row["status"], row["final_score"]) == (flags, status, D(score))


def test_comparator_in_actual_explains_itself() -> None:
    """An actual written ≥96% is a warning whose message says the bound was scored."""
    assert "bound" in scalar("≥95%", "≥96%").message


def test_deadline_flags_are_kept() -> None:
    """每年12月底前 (recurring) done on 2024-12-20 → on time, 50.00, flag target:recurring."""
    row = score_frame(table({"target": "每年12月底前", "actual": "2024年12月20日"}),
                      NATIONAL, year=2024).iloc[0]
    assert (row["flags"], row["status"], row["final_score"]) == (
        "target:recurring", "ok", D("50.00"))


def test_manual_score_keeps_the_parser_flags() -> None:
    """A manual 8 of 50 on 约111.45万亩: comparator_inferred, manual_score, then the target flag."""
    expected = "comparator_inferred;manual_score;target:approximate"
    result = scalar("约111.45万亩", "100万亩", manual_score=D("8"), adjustment_reason="抽查")
    assert (";".join(result.flags), result.final_score) == (expected, D("8.00"))
    row = score_frame(table({"target": "约111.45万亩", "actual": "100万亩",
                             "manual_score": "8", "adjustment_reason": "抽查"}),
                      NATIONAL, year=2024).iloc[0]
    assert (row["flags"], row["final_score"]) == (expected, D("8.00"))


def test_not_applicable_row_keeps_flags_and_stays_ok() -> None:
    """A 不适用 row with ≥96% as actual: not_applicable first, the parser flag kept, status ok."""
    row = score_frame(table({"target": "≥95%", "actual": "≥96%",
                             "applicable": "否"}), NATIONAL, year=2024).iloc[0]
    assert (row["flags"], row["status"], row["final_score"]) == (
        "not_applicable;actual:comparator_in_actual", "ok", None)
    assert row["message"] == "不适用: excluded from the totals"


def test_weights_warning_follows_the_parser_flags() -> None:
    """Given weights 30 + 30 in a pool of 50: weights_inconsistent comes after the parser flags."""
    result = score_frame(table({"target": "≥95%左右", "actual": "96%", "weight": "30"},
                               {"target": "≥95%", "actual": "96%", "weight": "30"}),
                         NATIONAL, year=2024)
    assert result["flags"].iloc[0] == "target:approximate;weights_inconsistent"
    assert result["status"].iloc[0] == "warning"


def test_problem_code_is_the_flag_that_asks_for_review() -> None:
    """The problem of a warning row is coded by its review flag, not an informational one."""
    scored = score_frame(table({"target": "≥95%左右", "actual": "≥96%"},
                               {"target": "约111.45万亩", "actual": "112万亩"}),
                         NATIONAL, year=2024)
    problems = list(iter_problems(row_problems(scored, ["", ""], "t.csv")))
    assert [(p.code, p.column) for p in problems] == [
        ("actual:comparator_in_actual", "actual"), ("comparator_inferred", "target")]


def test_informational_flags_do_not_mark_a_workbook_line() -> None:
    """An ok row with only parser flags is written without a warning mark; a warning row is."""
    scored = score_frame(table({"target": "≥100公顷", "actual": "1500亩"},
                               {"target": "≥95%", "actual": "≥96%"}),
                         NATIONAL, year=2024)
    lines = [result_line(row) for _, row in scored.iterrows()]
    assert [line.status for line in lines] == ["", "warning"]
    assert "actual:converted_from:亩" in str(lines[0].values["flags"])
