"""The one table of statuses, flags, problem codes and kinds.

The one table of statuses, flags, problem codes and kinds: complete, documented, and the only
source of a row's message.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

import pandas as pd
import pytest

import weights
from scoring.engine.frame import score_frame
from scoring.model.codes import (
    FLAGS,
    KINDS,
    PROBLEM_CODES,
    SEVERITIES,
    STATUSES,
    Flag,
    ProblemCode,
    Severity,
    Status,
    row_message,
)
from units import Kind

DOMAIN = Path(__file__).resolve().parents[1] / "docs" / "domain.md"
TABLES: list[tuple[type[StrEnum], object]] = [
    (Status, STATUSES), (Severity, SEVERITIES), (Flag, FLAGS), (ProblemCode, PROBLEM_CODES),
    (Kind, KINDS),
]


@pytest.mark.parametrize(("enum", "table"), TABLES, ids=lambda item: getattr(item, "__name__", ""))
def test_every_member_has_a_label_and_an_explanation(enum: type[StrEnum], table: object) -> None:
    """Each member of each enum has a Chinese label and an explanation, and nothing else is
    in its table."""
    assert isinstance(table, dict)
    assert set(table) == set(enum)
    for member in enum:
        entry = table[member]
        assert entry.zh.strip() and entry.en.strip(), member
        assert re.search(r"[\u4e00-\u9fff]", entry.zh), member


def test_every_flag_and_code_is_documented_in_domain_md() -> None:
    """docs/domain.md names every flag and every problem code the engine can emit."""
    text = DOMAIN.read_text(encoding="utf-8")
    missing = [member.value for member in (*Flag, *ProblemCode) if f"`{member.value}`" not in text]
    assert not missing


def test_the_engine_emits_only_flags_of_the_table() -> None:
    """Over a table that raises many flags, every flag a row carries is a ``Flag`` or a
    parser's ``target:``/``actual:`` note, and every code a ``ProblemCode`` or a review flag."""
    scheme = weights.load_scheme("national-2020")
    cells = [
        ("5 个", "9 个", "", "", ""), ("≥10 个", "-1 个", "", "", ""), ("≥**人次", "5", "", "", ""),
        ("≥100 个", "", "", "", ""), ("≥8公顷", "101亩", "", "", ""), ("≥90%", "≥95%", "", "", ""),
        ("≥10 个", "8 个", "6", "", "专家评分"), ("≥10 个", "8 个", "", "1", ""),
        ("≥10 个", "8 个", "", "", ""), ("约100 个", "100 个", "", "", ""),
    ]
    table = pd.DataFrame([
        {"level1": "产出指标", "level2": "数量指标", "indicator": "数量", "target": target,
         "actual": actual, "manual_score": manual, "adjustment": cut, "adjustment_reason": why,
         "applicable": "不适用" if position == 8 else ""}
        for position, (target, actual, manual, cut, why) in enumerate(cells)], dtype=object)
    result = score_frame(table, scheme, year=2024)
    for record in result.to_dict("records"):
        flags = [flag for flag in record["flags"].split(";") if flag]
        for flag in flags:
            assert flag in set(Flag) or flag.startswith(("target:", "actual:")), flag
        assert record["code"] in {"", *ProblemCode, *Flag}
        assert Status(record["status"])
        assert record["message"] == row_message(flags, record["code"], record["detail"])
    assert {"comparator_inferred", "target_unreadable", "actual_empty", "reason_missing",
            "negative_actual"} <= set(result["code"])


def test_messages_in_chinese_come_from_the_same_table() -> None:
    """The Chinese message of an error is its code's label and the detail; of a warning, its
    flags' labels."""
    assert row_message([], ProblemCode.ACTUAL_EMPTY, "", "zh") == "实际完成值为空"
    assert row_message(["comparator_inferred"], language="zh") == "指标值未写比较方向，已推定"
    assert row_message(["not_applicable", "late"]) == "不适用: excluded from the totals"
