"""The flags of readings the parser had to assume reach the user.

The flags of readings the parser had to assume are explained in Chinese in the text, xlsx
and HTML outputs, send their rows to review, and are lint warnings.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from scoring.cli.main import main
from scoring.model.codes import FLAGS, PARSER_WARNINGS, WARNING_FLAGS, Flag
from scoring.outputs.html_report._format import FLAG_LABELS

HEADER = ("level1", "level2", "indicator", "target", "actual", "weight")
#: (indicator, target, actual, the flag the row must carry).
ROWS = [
    ("培训次数", "每月≥1次", "1次", "actual:per_period_assumed"),
    ("种苗数量", "≥1000粒", "1200粒", "target:unit_new"),
    ("资金到位", "资金及时到位率为100%", "100%", "target:number_in_prose"),
    ("合格率", "≥90%", "0.95", "actual:fraction_as_percent"),
    ("项目资金", "≤30万元", "300000", "actual:base_unit_assumed"),
]
CJK = range(0x4E00, 0xA000)


def _has_chinese(text: str) -> bool:
    return any(ord(char) in CJK for char in text)


def test_every_new_flag_has_a_chinese_explanation() -> None:
    """Each flag of an assumed reading (and year_from_actual) has a Chinese label."""
    for flag in (*PARSER_WARNINGS, Flag.YEAR_FROM_ACTUAL):
        assert flag in FLAG_LABELS and _has_chinese(FLAG_LABELS[flag]), flag


def test_assumed_readings_ask_for_review() -> None:
    """Every flag of an assumed reading makes its row a warning."""
    assert PARSER_WARNINGS <= WARNING_FLAGS


@pytest.fixture()
def flat(tmp_path: Path) -> Path:
    """A flat CSV with one row per assumed reading (weights 10 each, 产出 50)."""
    path = tmp_path / "flat.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for indicator, target, actual, _ in ROWS:
            writer.writerow(("产出指标", "数量指标", indicator, target, actual, "10"))
    return path


def test_text_output_explains_each_flag(flat: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The --detail table is followed by each flag with its Chinese explanation; every row is
    a warning problem naming the flag."""
    main(["score", str(flat), "--detail"])
    out = capsys.readouterr().out
    for indicator, _, _, flag in ROWS:
        assert f"{flag}: {FLAG_LABELS[flag]}" in out
        assert any(line.startswith("warning") and f" {indicator}: " in line
                   and FLAGS[Flag(flag)].en in line for line in out.splitlines())


def test_xlsx_output_explains_each_flag(flat: Path, tmp_path: Path) -> None:
    """The written workbook's remark of each row holds the flag's Chinese explanation."""
    out = tmp_path / "out"
    main(["score", str(flat), "--format", "xlsx", "--out", str(out)])
    (workbook_path,) = out.glob("*.xlsx")
    cells = [str(cell.value) for sheet in openpyxl.load_workbook(workbook_path).worksheets
             for row in sheet.iter_rows() for cell in row if cell.value is not None]
    text = "\n".join(cells)
    for _, _, _, flag in ROWS:
        assert f"{FLAG_LABELS[flag]}（{flag}）" in text


def test_html_output_explains_each_flag(flat: Path, tmp_path: Path) -> None:
    """The HTML report shows each flag's Chinese explanation."""
    out = tmp_path / "out"
    main(["score", str(flat), "--format", "html", "--out", str(out)])
    (page,) = out.glob("*.html")
    html = page.read_text(encoding="utf-8")
    for _, _, _, flag in ROWS:
        assert FLAG_LABELS[flag] in html


def test_lint_warns_of_each_assumed_target_reading(
    flat: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """jixiao lint reports unit_new and number_in_prose as warnings on the target column."""
    main(["lint", str(flat), "--format", "json"])
    problems = json.loads(capsys.readouterr().out)["problems"]
    found = {(p["code"], p["column"], p["severity"]) for p in problems}
    assert ("unit_new", "target", "warning") in found
    assert ("number_in_prose", "target", "warning") in found
