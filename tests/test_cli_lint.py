"""``jixiao lint PATH``: review of a target table, one line per problem, exit codes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from scoring.cli.main import main

REPO = Path(__file__).resolve().parents[1]
HEADER = ("level1", "level2", "indicator", "target", "actual", "weight")


def table(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """A flat CSV of (level1, level2, indicator, target) rows without actuals or weights."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([(*row, "", "") for row in rows])
    return path


def lint(path: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str]:
    """Exit code and standard output of ``jixiao lint``."""
    code = main(["lint", str(path), *options])
    return code, capsys.readouterr().out


def found(path: Path, capsys: pytest.CaptureFixture[str]) -> set[tuple[int, str, str]]:
    """(row, code, severity) of every problem, read from the JSON output."""
    main(["lint", str(path), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    return {(p["row"], p["code"], p["severity"]) for p in document["problems"]}


CLEAN = ("产出指标", "数量指标", "清理危岩体积", "≥2304.9 立方米")


def test_clean_table_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A table whose targets are all well written → 0 problems, exit 0."""
    path = table(tmp_path / "t.csv", [CLEAN, ("满意度指标", "服务对象满意度指标", "群众满意度",
                                              "≥90%")])
    code, out = lint(path, capsys)
    assert code == 0
    assert out.strip().endswith("0 problems: 0 errors, 0 warnings")


def test_placeholder_and_malformed_date_are_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`≥**人次` → placeholder error; `20122012 年 5 月 28 日` → malformed_date error; exit 1."""
    path = table(tmp_path / "t.csv", [
        CLEAN,
        ("产出指标", "数量指标", "培训人次", "≥**人次"),
        ("产出指标", "时效指标", "竣工日期", "20122012 年 5 月 28 日"),
    ])
    problems = found(path, capsys)
    assert (3, "placeholder", "error") in problems
    assert (4, "malformed_date", "error") in problems
    assert lint(path, capsys)[0] == 1


def test_domain_heuristics_are_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The §4/§11 typos: ≤100% on 合格率, ≤95 百分比 on a benefit, ≥ on a cost, a cost in %,
    a count in %, a low 满意度 and a quantity without a comparator are each flagged."""
    path = table(tmp_path / "t.csv", [
        ("产出指标", "质量指标", "验收合格率", "≤100%"),
        ("效益指标", "社会效益指标", "便民利民", "≤95 百分比"),
        ("产出指标", "成本指标", "恢复治理亩均投资", "≥3 万元/亩"),
        ("产出指标", "成本指标", "资金到位率", "≥95 百分比"),
        ("产出指标", "数量指标", "完成出让宗数", "≥95 百分比"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥70%"),
        ("产出指标", "数量指标", "合同数量", "4个"),
    ])
    problems = found(path, capsys)
    assert problems == {
        (2, "rate_direction", "warning"),
        (3, "rate_direction", "warning"),
        (4, "cost_direction", "warning"),
        (5, "cost_direction", "warning"),
        (5, "cost_unit", "warning"),
        (6, "unit_mismatch", "warning"),
        (7, "satisfaction_low", "warning"),
        (8, "comparator_missing", "warning"),
    }
    code, out = lint(path, capsys)
    assert code == 0
    assert "8 problems: 0 errors, 8 warnings" in out
    assert lint(path, capsys, "--strict")[0] == 1


def test_duplicate_rows_and_missing_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same indicator and target twice → duplicate_row on the second; `≥10` → unit_missing."""
    path = table(tmp_path / "t.csv", [CLEAN, CLEAN, ("产出指标", "数量指标", "新建村数量", "≥10")])
    assert found(path, capsys) == {(3, "duplicate_row", "warning"), (4, "unit_missing", "warning")}


def test_table_lines_name_file_row_column_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each problem line names the file, row, column, code and severity."""
    path = table(tmp_path / "targets.csv", [("产出指标", "质量指标", "验收合格率", "≤100%")])
    _, out = lint(path, capsys)
    line = next(text for text in out.splitlines() if "rate_direction" in text)
    assert line.split()[:5] == ["targets.csv", "2", "target", "rate_direction", "warning"]


def test_missing_path_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist → exit 2 and a message on stderr."""
    assert main(["lint", str(tmp_path / "nothing")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_chengde_targets(capsys: pytest.CaptureFixture[str]) -> None:
    """The published 承德 targets: P3's ≤100% 质量等级 (验收合格率), P4's ≥3 万元/亩 cost, P5's
    完成出让宗数 in 百分比, P6's malformed date and P10's ≤95 百分比 rows are all flagged."""
    problems = found(REPO / "evaluations" / "chengde-2024", capsys)
    expected = {
        (23, "rate_direction", "warning"),
        (36, "cost_direction", "warning"),
        (43, "unit_mismatch", "warning"),
        (57, "malformed_date", "error"),
        (103, "rate_direction", "warning"),
        (104, "rate_direction", "warning"),
        (105, "rate_direction", "warning"),
        (106, "rate_direction", "warning"),
    }
    assert expected <= problems
    assert main(["lint", str(REPO / "evaluations" / "chengde-2024")]) == 1
