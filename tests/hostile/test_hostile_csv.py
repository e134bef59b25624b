"""Broken and hostile flat CSV files: a clear problem per bad row, the other rows scored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hostile_inputs import HEADER, ROWS, flat_csv, replace_cell, run

from scoring.cli.main import main


def score_json(path: Path, capsys: pytest.CaptureFixture[str],
               *extra: str) -> tuple[int, dict[str, Any]]:
    """Exit code and JSON report of ``jixiao score PATH --format json``."""
    code = main(["score", str(path), "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def statuses(report: dict[str, Any]) -> dict[int, str]:
    """Status of each indicator row by its source row."""
    return {int(r["source_row"]): r["status"] for r in report["indicators"]}


def problems_at(report: dict[str, Any], row: int) -> list[dict[str, Any]]:
    return [p for p in report["problems"] if p["row"] == row]


def test_clean_table_scores_without_problems(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The base table every hostile variant starts from is clean: exit 0, 99.50."""
    code, report = score_json(flat_csv(tmp_path / "base.csv"), capsys)
    assert code == 0
    assert report["problems"] == []
    assert report["projects"][0]["total"] == "99.50"


@pytest.mark.parametrize(("weight", "expected"), [
    ("1e17", "below 1,000,000,000,000,000"),
    ("9e16", "below 1,000,000,000,000,000"),
    ("1e9", "more than the 100 points"),
    ("101", "more than the 100 points"),
    ('"1,5"', "write a decimal point, e.g. '1.5'"),
    ("0", "above 0"),
])
def test_out_of_range_weight_is_a_row_error_never_capped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], weight: str, expected: str) -> None:
    """A weight of 1e17, 9e16, 1e9 or 101 points, 0, or ``1,5`` makes its row an error naming
    the cell: exit 1, no total above 100 or below 0, the other rows scored."""
    rows = [replace_cell(ROWS[0], "weight", weight), *ROWS[1:]]
    code, report = score_json(flat_csv(tmp_path / "w.csv", rows), capsys)
    assert code == 1
    [problem, *_] = problems_at(report, 2)
    assert (problem["column"], problem["severity"]) == ("weight", "error")
    assert expected in problem["message"]
    assert statuses(report) == {2: "error", 3: "ok", 4: "ok", 5: "ok", 6: "ok"}
    total = report["projects"][0]["total"]
    assert total is None or 0 <= float(total) <= 100


def test_thousands_separator_still_reads(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """``1,000`` in a budget is a thousand: a comma that groups thousands is accepted."""
    rows = [replace_cell(r, "spent", "950") for r in ROWS]
    rows = [replace_cell(r, "budget", '"1,000"') for r in rows]
    code, report = score_json(flat_csv(tmp_path / "b.csv", rows), capsys)
    assert code == 0
    assert report["projects"][0]["execution_score"] == "9.50"


@pytest.mark.parametrize("seq", ["①", "²", "9" * 5000])
def test_odd_seq_is_a_row_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                seq: str) -> None:
    """A seq of ``①``, ``²`` or 5000 digits is an error on its row, quoted shortened; the
    file is read and the other rows scored."""
    header = HEADER + ",seq"
    rows = [ROWS[0] + f",{seq}", *(row + f",{n}" for n, row in enumerate(ROWS[1:], start=2))]
    code, report = score_json(flat_csv(tmp_path / "s.csv", rows, header), capsys)
    assert code == 1
    [problem] = problems_at(report, 2)
    assert problem["code"] == "bad_seq"
    assert len(problem["message"]) < 200
    assert [s for r, s in statuses(report).items() if r != 2] == ["ok"] * 4


@pytest.mark.parametrize("column", ["target", "actual"])
def test_5000_digit_number_is_a_row_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          column: str) -> None:
    """A 5000-digit number in a target or an actual is an error on its row (at most 30
    digits), not a refused file."""
    rows = [replace_cell(ROWS[0], column, "≥" * (column == "target") + "9" * 5000 + "人次"),
            *ROWS[1:]]
    code, report = score_json(flat_csv(tmp_path / "d.csv", rows), capsys)
    assert code == 1
    assert statuses(report) == {2: "error", 3: "ok", 4: "ok", 5: "ok", 6: "ok"}
    [problem] = problems_at(report, 2)
    assert "at most 30 digits" in problem["message"]
    assert len(problem["message"]) < 400


def test_spent_beyond_any_budget_is_a_clear_error(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """``spent = 1e999999`` is reported on its cell; the indicators are still scored."""
    rows = [replace_cell(r, "spent", "1e999999") for r in ROWS]
    code, report = score_json(flat_csv(tmp_path / "spent.csv", rows), capsys)
    assert code == 1
    assert any(p["column"] == "spent" and "below 1,000,000,000,000,000" in p["message"]
               for p in report["problems"])
    assert set(statuses(report).values()) == {"ok"}


def test_gbk_row_in_a_utf8_file_is_one_error_row(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """One GBK row inside a UTF-8 file is reported with its row number; the other rows are
    scored."""
    path = tmp_path / "mixed.csv"
    path.write_bytes((HEADER + "\n" + ROWS[0] + "\n").encode() + (ROWS[1] + "\n").encode("gbk")
                     + ("\n".join(ROWS[2:]) + "\n").encode())
    code, report = score_json(path, capsys)
    assert code == 1
    [problem] = problems_at(report, 3)
    assert (problem["code"], problem["severity"]) == ("not_utf8_row", "error")
    assert statuses(report) == {2: "ok", 3: "error", 4: "ok", 5: "ok", 6: "ok"}


def test_whole_gbk_file_still_reads_with_a_warning(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A file entirely in GBK is read as GB18030 with one warning."""
    path = tmp_path / "gbk.csv"
    path.write_bytes(("\n".join([HEADER, *ROWS]) + "\n").encode("gbk"))
    code, report = score_json(path, capsys)
    assert code == 0
    assert [p["code"] for p in report["problems"]] == ["not_utf8"]


def test_unbalanced_quote_is_reported_where_it_opens(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A quote opened on row 3 and never closed is an error on row 3; rows 4–6 are not
    swallowed but scored."""
    rows = [ROWS[0], replace_cell(ROWS[1], "indicator", '"合格率'), *ROWS[2:]]
    code, report = score_json(flat_csv(tmp_path / "q.csv", rows), capsys)
    assert code == 1
    [problem] = problems_at(report, 3)
    assert problem["code"] == "unbalanced_quote"
    assert statuses(report) == {2: "ok", 3: "error", 4: "ok", 5: "ok", 6: "ok"}


def test_quoted_line_breaks_are_still_one_cell(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A properly quoted cell holding a line break is one cell, not an unbalanced quote."""
    rows = [replace_cell(ROWS[0], "indicator", '"培训\n人次"'), *ROWS[1:]]
    code, report = score_json(flat_csv(tmp_path / "nl.csv", rows), capsys)
    assert code == 0
    assert report["indicators"][0]["indicator"] == "培训\n人次"


def test_header_only_csv_is_unusable(tmp_path: Path) -> None:
    """A header without rows exits 2 with one line saying there is nothing to score."""
    result = run("score", flat_csv(tmp_path / "h.csv", []))
    assert result.code == 2
    assert "no indicator rows below the header" in result.err
    assert "Traceback" not in result.err


def test_over_long_cell_is_a_row_error(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A cell of 140,000 characters (beyond the csv module's field limit) is an error on its
    row naming the limit; the other rows are scored and the output stays small."""
    rows = [replace_cell(ROWS[0], "indicator", "培" * 140_000), *ROWS[1:]]
    code, report = score_json(flat_csv(tmp_path / "long.csv", rows), capsys)
    assert code == 1
    assert any(p["code"] == "cell_too_long" and "at most 10,000" in p["message"]
               for p in problems_at(report, 2))
    assert statuses(report) == {2: "error", 3: "ok", 4: "ok", 5: "ok", 6: "ok"}
    assert len(json.dumps(report)) < 20_000


def test_too_many_columns_is_refused_fast(tmp_path: Path) -> None:
    """A 200,000-column header is refused in well under 10 s with one clear line."""
    header = HEADER + "," + ",".join(f"c{i}" for i in range(200_000))
    result = run("score", flat_csv(tmp_path / "wide.csv", list(ROWS), header), timeout=30)
    assert result.code == 2
    assert "200,010 columns" in result.err
    assert result.cpu < 10


def test_many_columns_below_the_limit_read_fast(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """900 extra columns are passed through (the header is read in linear time)."""
    header = HEADER + "," + ",".join(f"c{i}" for i in range(900))
    rows = [row + "," * 900 for row in ROWS]
    code, report = score_json(flat_csv(tmp_path / "cols.csv", rows, header), capsys)
    assert code == 0
    assert "c899" in report["indicators"][0]


def test_one_megabyte_hostile_csv_is_bounded(tmp_path: Path) -> None:
    """1 MB of hostile rows (long comparator runs, 500 unclosed quotes, 40-digit numbers,
    control characters, a GBK line) is scored in under 10 s and 1 GB, every row accounted
    for."""
    hostile = [
        replace_cell(ROWS[0], "target", ">" + "=" * 3000 + "5人次"),
        replace_cell(ROWS[1], "actual", "9" * 40 + "%"),
        replace_cell(ROWS[2], "indicator", "\x1b]0;x\x07"),
        replace_cell(ROWS[3], "weight", "1e17"),
        replace_cell(ROWS[4], "indicator", '"open'),
    ]
    lines: list[str] = []
    while sum(map(len, lines)) < 1_000_000:
        lines.extend(hostile if len(lines) < 5_000 else hostile[:4])  # 500 open quotes
        lines.extend(ROWS)
    path = tmp_path / "big.csv"
    path.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode() + (ROWS[0] + "\n").encode("gbk"))
    result = run("score", path, "--format", "json", timeout=60, memory=1 << 30)
    assert result.code == 1, result.err
    assert result.cpu < 10
    report = json.loads(result.out)
    assert len(report["indicators"]) == len(lines) + 1


def test_unbalanced_quote_in_the_header_is_reported(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A quote opened in the header is reported on row 1; the rows below stay rows."""
    header = HEADER.replace("level1", '"level1')
    code, report = score_json(flat_csv(tmp_path / "hq.csv", ROWS, header), capsys)
    assert code == 1
    assert "unbalanced_quote" in [p["code"] for p in problems_at(report, 1)]
    assert sorted(statuses(report)) == [2, 3, 4, 5, 6]


def test_bom_and_crlf_still_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A UTF-8 file with a BOM and Windows line ends, a quoted cell with a line break in it:
    every row is scored, nothing reported."""
    rows = [replace_cell(ROWS[0], "indicator", '"培训\r\n人次"'), *ROWS[1:]]
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join([HEADER, *rows, ""]).encode())
    code, report = score_json(path, capsys)
    assert code == 0
    assert report["problems"] == []
    assert sorted(statuses(report)) == [2, 3, 4, 5, 6]


def test_gbk_file_with_a_line_that_looks_like_utf8_reads_whole(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A GBK file one of whose lines happens to be valid UTF-8 (谁 is CB AD in GBK) is still
    read as GBK as a whole, not as UTF-8 with every other line in error."""
    path = tmp_path / "gbk.csv"
    rows = [*ROWS, replace_cell(ROWS[4], "indicator", "谁").replace("测试项目", "x")]
    rows[-1] = ",".join(cell if cell.isascii() or cell == "谁" else "" for cell in
                        rows[-1].split(","))
    assert (rows[-1] + "\n").encode("gbk").decode("utf-8")  # the line alone looks like UTF-8
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode("gbk"))
    _, report = score_json(path, capsys)
    assert "not_utf8_row" not in [p["code"] for p in report["problems"]]
    assert [r["indicator"] for r in report["indicators"]][-1] == "谁"


@pytest.mark.parametrize("line", ['"', "a", "a,b,c"])
def test_file_of_malformed_rows_is_refused_fast(tmp_path: Path, line: str) -> None:
    """Half a million rows that are not rows of the header (a lone quote, too few cells) are
    not a table: exit 2 with one line, in under 10 s and 1 GB."""
    path = tmp_path / "rows.csv"
    path.write_text(HEADER + "\n" + (line + "\n") * 500_000, encoding="utf-8")
    result = run("score", path, timeout=60, memory=1 << 30)
    assert result.code == 2
    assert "more than 1,000 rows do not read as rows of its header" in result.err
    assert result.cpu < 10


def test_some_malformed_rows_are_still_scored_around(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Up to 1,000 malformed rows are each reported; the good rows are scored."""
    rows = [*ROWS, *(["a,b"] * 1_000)]
    code, report = score_json(flat_csv(tmp_path / "some.csv", rows), capsys)
    assert code == 1
    assert [p["code"] for p in report["problems"]].count("row_length") == 1_000
    assert [statuses(report)[row] for row in range(2, 7)] == ["ok"] * 5
