"""``jixiao parse``: one JSON object per text."""

from __future__ import annotations

import io
import json

import pytest

from scoring.cli.main import main

FIELDS = ["text", "kind", "value", "upper", "unit", "deadline", "scale", "inferred", "flags",
          "error"]


Rows = list[dict[str, object]]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, Rows]:
    code = main(["parse", *argv])
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines()]


def test_fields_and_values(capsys: pytest.CaptureFixture[str]) -> None:
    """Each text gives the documented fields; integral values are JSON integers."""
    code, rows = _run(["≥2304.9 立方米", "≤3 万元/亩"], capsys)
    assert code == 0
    assert [list(r) for r in rows] == [FIELDS, FIELDS]
    assert rows[0]["value"] == 2304.9 and rows[0]["unit"] == "立方米"
    assert rows[1]["value"] == 3 and isinstance(rows[1]["value"], int)
    assert rows[1]["kind"] == "at_most" and rows[1]["error"] is None


def test_unscorable_is_reported_not_failed(capsys: pytest.CaptureFixture[str]) -> None:
    """A text that cannot be scored is kind unscorable with the reason; exit 0."""
    code, rows = _run(["≥**人次"], capsys)
    assert code == 0
    assert rows[0]["kind"] == "unscorable"
    assert "position 1" in str(rows[0]["error"])


def test_year_and_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    """--year dates a deadline; without it the date is recurring (--MM-DD)."""
    _, with_year = _run(["12月31日前完成", "--year", "2024"], capsys)
    _, without = _run(["12月31日前完成"], capsys)
    assert with_year[0]["deadline"] == "2024-12-31"
    assert without[0]["deadline"] == "--12-31"


def test_indicator_infers(capsys: pytest.CaptureFixture[str]) -> None:
    """--indicator decides the comparator of a bare value."""
    _, rows = _run(["200 万元", "--indicator", "产出指标/成本指标/所需资金"], capsys)
    assert (rows[0]["kind"], rows[0]["inferred"]) == ("at_most", True)


def test_scale_is_a_list(capsys: pytest.CaptureFixture[str]) -> None:
    """A grade scale is printed as a list, lowest tier first."""
    _, rows = _run(["优良中差"], capsys)
    assert rows[0]["scale"] == ["差", "中", "良", "优"]


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``-`` reads one text per line from standard input, keeping non-ASCII as is."""
    monkeypatch.setattr("sys.stdin", io.StringIO("≥95%\n效果明显\n"))
    code = main(["parse", "-"])
    out = capsys.readouterr().out
    assert code == 0
    assert "效果明显" in out
    assert [json.loads(line)["kind"] for line in out.splitlines()] == ["at_least", "qualitative"]


def test_flags_show_what_the_reading_assumed(capsys: pytest.CaptureFixture[str]) -> None:
    """A new measure word and a number in a sentence are shown in the flags field."""
    assert main(["parse", "≥10组", "完成监测点位12个。"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["flags"] == ["unit_new"]
    assert "number_in_prose" in rows[1]["flags"]
