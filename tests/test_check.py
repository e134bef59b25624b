"""Re-checking a filled table's own published scores.

Re-checking a filled table's own published scores (``scoring.review.check``,
``jixiao check``).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from workbook_fixtures import national_workbook

from scoring.cli.main import main
from scoring.engine.evaluate import evaluate
from scoring.review.check import check_result
from scoring.sources.reader import read_evaluation

HEADER = ("project", "level1", "level2", "indicator", "target", "actual", "weight",
          "published_score")


def flat(path: Path, published: tuple[str, str, str]) -> Path:
    """Three scored rows (18.00, 9.47 and 8.00 by the rules) with the given published 得分."""
    rows = [
        ("培训", "产出指标", "数量指标", "培训人次", "≥500 人次", "450 人次", "20"),
        ("培训", "产出指标", "质量指标", "验收合格率", "≥95%", "90%", "10"),
        ("培训", "效益指标", "经济效益指标", "带动增收", "≥10 万元", "8 万元", "10"),
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([(*row, score) for row, score in zip(rows, published, strict=True)])
    return path


def test_indicator_differences_beyond_half_a_cent(tmp_path: Path) -> None:
    """450/500·20 = 18.00 agrees with 18; 90/95·10 = 9.47 differs from 9.48 by 0.01;
    8/10·10 = 8.00 agrees with 8.004 (within 0.005)."""
    result = evaluate(read_evaluation(flat(tmp_path / "t.csv", ("18", "9.48", "8.004"))))
    checked = check_result(result)
    assert checked["level"].tolist() == ["indicator"] * 3
    assert checked["differs"].tolist() == [False, True, False]
    assert checked["jixiao"].tolist() == [Decimal("18.00"), Decimal("9.47"), Decimal("8.00")]
    assert checked.loc[1, "difference"] == Decimal("0.01")
    assert checked.loc[1, "row"] == "3"


def test_unreadable_published_score_differs(tmp_path: Path) -> None:
    """A published 得分 that is not a number is listed as differing, with a note."""
    checked = check_result(evaluate(read_evaluation(
        flat(tmp_path / "t.csv", ("十八", "9.47", "")))))
    assert checked["differs"].tolist() == [True, False]
    assert "not a number" in str(checked.loc[0, "note"])


def test_workbook_execution_and_totals(tmp_path: Path) -> None:
    """廊坊 workbook: every 得分 agrees; 执行率 37.24/43.2 = 86.20% → 8.62, not the published 9;
    total 20+10+15+30+10+8.62 = 93.62 vs 94, and the 4-row project 75+8.62 = 83.62 vs 94."""
    checked = check_result(evaluate(read_evaluation(national_workbook(tmp_path / "n.xlsx"))))
    indicators = checked[checked["level"] == "indicator"]
    assert len(indicators) == 9
    assert not indicators["differs"].any()
    projects = checked[checked["level"] != "indicator"]
    assert [(r["level"], r["project_id"], r["published"], r["jixiao"])
            for r in projects.to_dict("records")] == [
        ("execution", "P01", Decimal(9), Decimal("8.62")),
        ("total", "P01", Decimal(94), Decimal("93.62")),
        ("execution", "P02", Decimal(9), Decimal("8.62")),
        ("total", "P02", Decimal(94), Decimal("83.62")),
    ]
    assert projects["differs"].all()


def test_cli_lists_differences_and_exits_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Differences → one line each, a summary, exit 1; all agreeing → exit 0."""
    assert main(["check", str(flat(tmp_path / "a.csv", ("18", "9.48", "8")))]) == 1
    out = capsys.readouterr().out
    assert "验收合格率" in out and "培训人次" not in out
    assert "1 of 3 published scores differ (indicator 1/3, execution 0/0, total 0/0)" in out
    assert main(["check", str(flat(tmp_path / "b.csv", ("18", "9.47", "8")))]) == 0


def test_cli_without_published_scores_is_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A table that publishes no score → exit 2 with an explanation."""
    assert main(["check", str(flat(tmp_path / "t.csv", ("", "", "")))]) == 2
    assert "publishes no score" in capsys.readouterr().err
