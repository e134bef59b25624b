"""Broken and hostile .xlsx workbooks: bounded time and memory, every loss reported."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile_inputs import add_merge, in_member, rewrite_zip, run
from workbook_fixtures import NATIONAL_ROWS, national_workbook

from scoring.cli.main import main

SHEET = "xl/worksheets/sheet1.xml"
GIGABYTE = 1 << 30


def _append(row: bytes) -> Callable[[bytes], bytes]:
    """An edit of a sheet part adding ``row`` at the end of its data."""
    return lambda data: data.replace(b"</sheetData>", row + b"</sheetData>")


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A clean two-project workbook (one project per sheet)."""
    return national_workbook(tmp_path / "clean.xlsx")


def report_of(path: Path, capsys: pytest.CaptureFixture[str],
              *extra: str) -> tuple[int, dict[str, Any]]:
    code = main(["score", str(path), "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_whole_sheet_merge_is_clipped(book: Path, tmp_path: Path) -> None:
    """``<mergeCell ref="K1:XFD1048576"/>`` (17 billion cells) is clipped to the cells in
    use: the workbook scores in under 10 s and 1 GB, like the clean one."""
    hostile = rewrite_zip(book, tmp_path / "merge.xlsx",
                          in_member(SHEET, add_merge("K1:XFD1048576")))
    clean = run("score", book, "--format", "json")
    result = run("score", hostile, "--format", "json", timeout=30, memory=GIGABYTE)
    assert result.code == clean.code
    assert result.cpu < 10
    assert len(json.loads(result.out)["indicators"]) == len(json.loads(clean.out)["indicators"])


def test_overlapping_merges_are_refused(book: Path, tmp_path: Path) -> None:
    """Thousands of overlapping whole-sheet merges (1 MB of them) are refused with one line,
    in under 10 s and 1 GB."""
    def edit(data: bytes) -> bytes:
        refs = b"".join(b'<mergeCell ref="A1:XFD1048576"/>' for _ in range(30_000))
        return re.sub(rb"<mergeCells count=\"(\d+)\">", b'<mergeCells count="30001">' + refs,
                      data, count=1)

    hostile = rewrite_zip(book, tmp_path / "overlap.xlsx", in_member(SHEET, edit))
    result = run("score", hostile, timeout=30, memory=GIGABYTE)
    assert result.code == 2
    assert "merged ranges overlap" in result.err
    assert result.cpu < 10


def test_row_beyond_the_grid_is_refused_fast(book: Path, tmp_path: Path) -> None:
    """A cell in row 100,000,000 (beyond Excel's 1,048,576) is refused at once, not walked
    to."""
    row = b'<row r="100000000"><c r="A100000000" t="inlineStr"><is><t>x</t></is></c></row>'
    hostile = rewrite_zip(book, tmp_path / "row.xlsx",
                          in_member(SHEET, _append(row)))
    result = run("score", hostile, timeout=30)
    assert result.code == 2
    assert "beyond Excel's last row" in result.err
    assert result.cpu < 10


def test_sparse_rows_cost_nothing(book: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A lone note in row 1,000,000 is read without visiting the rows in between."""
    row = b'<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>'
    hostile = rewrite_zip(book, tmp_path / "sparse.xlsx",
                          in_member(SHEET, _append(row)))
    result = run("score", hostile, "--format", "json", timeout=30)
    assert result.cpu < 10
    assert len(json.loads(result.out)["indicators"]) == 9


@pytest.mark.parametrize(("member", "edit", "expected"), [
    ("xl/workbook.xml", lambda d: d[: len(d) // 2], "not a readable .xlsx workbook"),
    ("xl/styles.xml", lambda d: re.sub(rb'numFmtId="\d+"', b'numFmtId="99999"', d),
     "cannot be read"),
])
def test_damaged_parts_are_one_clear_line(book: Path, tmp_path: Path, member: str,
                                          edit: Callable[[bytes], bytes], expected: str) -> None:
    """A truncated xl/workbook.xml or a bogus numFmtId: exit 2, one line, no traceback."""
    hostile = rewrite_zip(book, tmp_path / "damaged.xlsx", in_member(member, edit))
    result = run("score", hostile)
    assert result.code == 2
    assert expected in result.err
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_missing_sheet_member_is_an_error(book: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A sheet listed in the workbook but missing from the file is an error naming it."""
    hostile = rewrite_zip(book, tmp_path / "nosheet.xlsx",
                          lambda name, data: None if name.endswith("sheet2.xml") else data)
    code, report = report_of(hostile, capsys)
    assert code == 1
    [problem] = [p for p in report["problems"] if p["code"] == "missing_sheet"]
    assert problem["column"] == "第二个项目"
    assert problem["severity"] == "error"


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheets_are_skipped_with_a_warning(book: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  state: str) -> None:
    """A hidden or veryHidden sheet is not scored as a project unless --include-hidden, and
    says so."""
    hidden = f'state="{state}" r:id="rId2"'.encode()
    hostile = rewrite_zip(book, tmp_path / "hidden.xlsx", in_member(
        "xl/workbook.xml", lambda d: d.replace(b'state="visible" r:id="rId2"', hidden)))
    _, clean = report_of(book, capsys)
    _, report = report_of(hostile, capsys)
    assert len(report["projects"]) == len(clean["projects"]) - 1
    [problem] = [p for p in report["problems"] if p["code"] == "hidden_sheet"]
    assert state in problem["message"] and problem["column"] == "第二个项目"
    _, included = report_of(hostile, capsys, "--include-hidden")
    assert len(included["projects"]) == len(clean["projects"])


def test_formula_without_cached_value_is_named(book: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A formula cell saved without a computed value is read as empty with a warning naming
    the cell."""
    replaced: list[str] = []

    def edit(data: bytes) -> bytes:
        found = re.search(rb'<c r="([A-Z]+\d+)"[^>]*><v>20</v></c>', data)  # a 分值 of 20
        assert found is not None
        replaced.append(found.group(1).decode())
        return data.replace(found.group(0),
                            b'<c r="' + found.group(1) + b'"><f>SUM(A1:A2)</f></c>', 1)

    hostile = rewrite_zip(book, tmp_path / "formula.xlsx", in_member(SHEET, edit))
    _, report = report_of(hostile, capsys)
    flagged = [p for p in report["problems"] if p["code"] == "formula_without_value"]
    assert [p["column"] for p in flagged] == [f"暖通改造!{replaced[0]}"]
    assert "read as empty" in flagged[0]["message"]


def test_encrypted_workbook_says_so(tmp_path: Path) -> None:
    """An encrypted .xlsx (an OLE container) is named as password-protected, exit 2."""
    path = tmp_path / "secret.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(4096))
    result = run("score", path)
    assert result.code == 2
    assert "password-protected" in result.err


def test_comma_weight_in_a_workbook_is_an_error(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A 分值 typed as text ``1,5`` is an error on its row, never read as 15."""
    first = ("产出指标(50分)", "数量指标", "改造面积", "≥2304.9平方米", "2410平方米", "1,5", 20,
             None)
    path = national_workbook(tmp_path / "comma.xlsx", rows=(first, *NATIONAL_ROWS[1:]))
    code, report = report_of(path, capsys)
    assert code == 1
    row = next(r for r in report["indicators"] if r["indicator"] == "改造面积")
    assert row["status"] == "error"
    assert row["weight_used"] is None
    assert any("'1.5'" in p["message"] for p in report["problems"]), report["problems"]


def test_over_long_workbook_cell_is_an_error(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A 实际完成值 of 20,000 characters is an error naming the cell; its row gets no score."""
    actual = "2410平方米" + " 很" * 9_995
    first = ("产出指标(50分)", "数量指标", "改造面积", "≥2304.9平方米", actual, 20, 20, None)
    path = national_workbook(tmp_path / "long.xlsx", rows=(first, *NATIONAL_ROWS[1:]))
    code, report = report_of(path, capsys)
    assert code == 1
    [problem] = [p for p in report["problems"] if p["code"] == "cell_too_long"]
    assert problem["column"].startswith("暖通改造!")
    assert f"{len(actual):,} characters" in problem["message"]
    row = next(r for r in report["indicators"] if r["indicator"] == "改造面积")
    assert row["status"] == "error"
    assert len(json.dumps(report)) < 50_000


def test_zip_bomb_is_refused_fast(book: Path, tmp_path: Path) -> None:
    """A workbook whose sheet unzips to 300 MB of padding is refused in under 10 s."""
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename != SHEET:
                zout.writestr(item, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with zout.open(SHEET, "w", force_zip64=True) as part:
                part.write(head)
                chunk = b" " * 1_000_000
                for _ in range(300):
                    part.write(chunk)
                part.write(b"</sheetData>" + tail)
    assert bomb.stat().st_size < 2_000_000
    result = run("score", bomb, timeout=60, memory=GIGABYTE)
    assert result.code == 2
    assert "unzips to" in result.err
    assert result.cpu < 10


def _cells(rows: int, columns: list[str]) -> bytes:
    """Sheet rows from 100 on, each with a number in ``columns``."""
    return b"".join(
        f'<row r="{r}">'.encode()
        + b"".join(f'<c r="{c}{r}"><v>1</v></c>'.encode() for c in columns) + b"</row>"
        for r in range(100, 100 + rows))


@pytest.mark.parametrize(("rows", "columns", "expected"), [
    (60_000, ["A", "B", "C", "D", "E"], "stores more than 250,000 cells"),
    (40_000, ["XFD"], None),
])
def test_cell_floods_are_bounded(book: Path, tmp_path: Path, rows: int, columns: list[str],
                                 expected: str | None) -> None:
    """300,000 stored cells are refused at once; 40,000 rows each holding one cell in the last
    column (XFD) are read without padding every row to 16,384 cells: under 10 s and 1 GB."""
    hostile = rewrite_zip(book, tmp_path / "flood.xlsx",
                          in_member(SHEET, _append(_cells(rows, columns))))
    result = run("score", hostile, timeout=60, memory=GIGABYTE)
    assert result.cpu < 10
    if expected is None:
        assert result.code in (0, 1), result.err
    else:
        assert result.code == 2
        assert expected in result.err
