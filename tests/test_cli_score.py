"""``jixiao score``: the table, csv, json, xlsx and html outputs, and the exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.cli.main import main
from scoring.outputs.plain import display_width, pad, shorten

TINY = Path(__file__).parent / "data" / "evaluations" / "tiny"
JIXIAO = Path(sys.executable).with_name("jixiao")


def clean_copy(tmp_path: Path) -> Path:
    """The tiny folder with B01's malformed deadline fixed and every 执行率 ≥ 90%: nothing to
    report."""
    root = tmp_path / "clean"
    shutil.copytree(TINY, root)
    indicators = root / "indicators.csv"
    indicators.write_text(indicators.read_text(encoding="utf-8").replace(
        "20122012 年 5 月 28 日", "6月30日前完成"), encoding="utf-8")
    projects = root / "projects.csv"
    projects.write_text(projects.read_text(encoding="utf-8").replace(",50,50,40,", ",50,50,50,"),
                        encoding="utf-8")
    return root


def test_table_shows_projects_scheme_and_problems(capsys: pytest.CaptureFixture[str]) -> None:
    """The default table: subtotals, 执行率, total, grade, counts, scheme + hash, problems;
    exit 1 because B01 has an error row."""
    assert main(["score", str(TINY)]) == 1
    out = capsys.readouterr().out
    assert "测试单位 2024 年项目支出绩效自评 (2024)" in out
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("项目编码"))
    for word in ("产出指标", "效益指标", "满意度指标", "执行率", "执行得分", "总分", "等级", "警告",
                 "错误"):
        assert word in header
    a_line = next(line for line in lines if line.startswith("A01"))
    assert a_line.split()[-6:] == ["95.00%", "9.50", "92.00", "优", "0", "0"]
    b_line = next(line for line in lines if line.startswith("B01"))
    assert b_line.split()[-9:] == ["25.00", "24.00", "10.00", "80.00%", "8.00", "78.82†", "中",
                                   "1", "1"]
    assert "scheme: national-2020 (sha256 " in out
    assert "indicators.csv row 12 column target" in out
    assert "projects.csv row 3 column spent" in out


def test_table_columns_align_by_display_width(capsys: pytest.CaptureFixture[str]) -> None:
    """Every line of the projects table has the total column ending at the same display
    column, Chinese names included."""
    main(["score", str(TINY)])
    lines = capsys.readouterr().out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("项目编码"))
    table = lines[start:start + 4]
    header = table[0]
    end = display_width(header[: header.index("总分") + 2])
    for line in table[2:]:
        total = "92.00" if line.startswith("A01") else "78.82†"
        assert display_width(line[: line.index(total) + len(total)]) == end


def test_detail_lists_every_indicator(capsys: pytest.CaptureFixture[str]) -> None:
    """--detail adds one line per indicator with kind, weight, attainment and score."""
    main(["score", str(TINY), "--detail"])
    out = capsys.readouterr().out
    line = next(row for row in out.splitlines() if "清理危岩体积" in row)
    assert "at_least" in line and "20" in line and "90.00%" in line and "18.00" in line
    assert "亩均治理成本" in out and "at_most" in out


def test_detail_marks_distributed_weights(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A weight filled in by the scheme is shown with *."""
    root = tmp_path / "ev"
    shutil.copytree(TINY, root)
    path = root / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",满意度指标,服务对象满意度指标,"
                                                              "群众满意度,=100%,,10,",
                                                              ",满意度指标,服务对象满意度指标,"
                                                              "群众满意度,=100%,,,"),
                    encoding="utf-8")
    main(["score", str(root), "--detail"])
    line = next(row for row in capsys.readouterr().out.splitlines() if "群众满意度" in row)
    assert "10*" in line or "10.00*" in line


def test_clean_evaluation_exits_0_and_strict(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """No problems: exit 0, also with --strict."""
    root = clean_copy(tmp_path)
    assert main(["score", str(root)]) == 0
    assert "problems: none" in capsys.readouterr().out
    assert main(["score", str(root), "--strict"]) == 0


def test_strict_turns_warnings_into_exit_1(tmp_path: Path) -> None:
    """Only the 执行率 warning left: exit 0, but 1 with --strict."""
    root = clean_copy(tmp_path)
    projects = root / "projects.csv"
    projects.write_text(projects.read_text(encoding="utf-8").replace(",50,50,50,", ",50,50,40,"),
                        encoding="utf-8")
    assert main(["score", str(root)]) == 0
    assert main(["score", str(root), "--strict"]) == 1


def test_csv_keeps_input_columns(capsys: pytest.CaptureFixture[str]) -> None:
    """--format csv: every input column with its verbatim text, then the result columns."""
    main(["score", str(TINY), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 13
    first = rows[0]
    assert (first["target"], first["actual"], first["note"]) == ("≥2000 立方米", "1800 立方米",
                                                                 "部分危岩纳入下年度")
    assert Decimal(first["weight_used"]) == 20
    assert (first["final_score"], first["status"]) == ("18.00", "ok")
    assert list(rows[0])[:3] == ["project_id", "project", "seq"]
    assert "source_row" in rows[0] and "input_error" not in rows[0]


def test_json_parses_with_decimals_as_strings(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json: scheme, hash, projects, indicators, problems; scores as strings."""
    main(["score", str(TINY), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert document["scheme"] == "national-2020" and len(document["scheme_hash"]) == 64
    totals = {p["project_id"]: p["total"] for p in document["projects"]}
    assert totals == {"A01": "92.00", "B01": "78.82"}
    assert len(document["indicators"]) == 13
    assert [p["severity"] for p in document["problems"]] == ["error", "warning"]
    assert document["problems"][0]["row"] == 12


def test_out_file_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--out FILE writes there and prints the path; --out DIR names the file after the
    evaluation."""
    target = tmp_path / "scores.json"
    main(["score", str(TINY), "--format", "json", "--out", str(target)])
    assert capsys.readouterr().out.strip() == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["projects"]
    main(["score", str(TINY), "--format", "csv", "--out", str(tmp_path)])
    assert (tmp_path / "tiny.csv").read_text(encoding="utf-8").startswith("project_id,")


def test_xlsx_and_html_need_an_out_folder(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Without --out DIR, xlsx/html are a usage error (2); with it, <DIR>/tiny.xlsx/.html."""
    assert main(["score", str(TINY), "--format", "xlsx"]) == 2
    assert "--out DIR" in capsys.readouterr().err
    assert main(["score", str(TINY), "--format", "xlsx", "--out", str(tmp_path)]) == 1
    assert (tmp_path / "tiny.xlsx").stat().st_size > 0
    assert main(["score", str(TINY), "--format", "html", "--out", str(tmp_path)]) == 1
    page = (tmp_path / "tiny.html").read_text(encoding="utf-8")
    assert "92.00" in page and "Invented numbers for the tests." in page


def test_output_never_replaces_the_input(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """--out naming the input file (or a file of the input folder) is refused with exit 2."""
    root = tmp_path / "ev"
    shutil.copytree(TINY, root)
    before = (root / "indicators.csv").read_bytes()
    assert main(["score", str(root), "--format", "csv", "--out",
                 str(root / "indicators.csv")]) == 2
    assert "overwrite the input" in capsys.readouterr().err
    assert (root / "indicators.csv").read_bytes() == before
    flat = tmp_path / "rows.csv"
    flat.write_text("level1,level2,indicator,target,actual,weight\n产出指标,数量,甲,≥1,1,90\n",
                    encoding="utf-8")
    assert main(["score", str(flat), "--format", "csv", "--out", str(flat)]) == 2


def test_unreadable_input_exits_2_without_traceback(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A missing path and an unknown scheme print one line and exit 2."""
    assert main(["score", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and "Traceback" not in err
    assert main(["score", str(TINY), "--scheme", "no-such-scheme"]) == 2
    assert "no-such-scheme" in capsys.readouterr().err


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown --format is an argparse error: exit 2."""
    with pytest.raises(SystemExit) as exit_info:
        main(["score", str(TINY), "--format", "pdf"])
    assert exit_info.value.code == 2


def test_scheme_option(capsys: pytest.CaptureFixture[str]) -> None:
    """--scheme grades-80-70-60 grades B01's 78.82 as 良."""
    main(["score", str(TINY), "--scheme", "grades-80-70-60"])
    out = capsys.readouterr().out
    b_line = next(line for line in out.splitlines() if line.startswith("B01"))
    assert "78.82" in b_line and "良" in b_line
    assert "scheme: grades-80-70-60" in out


def test_flat_csv_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A flat CSV with Chinese headers scores: 550/500 → 50, 95/100 % → 38.00 of 40;
    budget 100, spent 95 → 9.50; total 97.50 优."""
    path = tmp_path / "rows.csv"
    path.write_text("项目名称,一级指标,二级指标,三级指标,指标值,实际完成值,分值,全年预算数,全年执行数\n"
                    "甲,产出指标,数量指标,培训人次,≥500 人次,550 人次,50,100,95\n"
                    "甲,效益指标,社会效益指标,知晓率,≥100%,95%,40,100,95\n", encoding="utf-8")
    assert main(["score", str(path), "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)["projects"]
    assert (row["project_id"], row["total"], row["grade"]) == ("P01", "97.50", "优")


def test_flat_csv_without_funding_scores_with_a_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Indicator rows alone score (50 + 28.50 + 10 = 88.50, no execution line) and exit 0;
    the missing funding line is a warning, with --strict it makes the exit code 1."""
    path = tmp_path / "rows.csv"
    path.write_text("level1,level2,indicator,target,actual,weight\n"
                    "产出指标,数量指标,培训人次,≥500 人次,550 人次,50\n"
                    "效益指标,社会效益指标,知晓率,≥100%,95%,30\n"
                    "满意度指标,服务对象满意度指标,满意度,≥90%,95%,10\n", encoding="utf-8")
    assert main(["score", str(path), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    [row] = report["projects"]
    assert (row["total"], row["execution_score"]) == ("88.50", None)
    assert [p["code"] for p in report["problems"]] == ["no_funding_line"]
    assert main(["score", str(path), "--strict"]) == 1


def test_display_width_helpers() -> None:
    """CJK characters take two columns; padding and shortening count them so."""
    assert display_width("产出ab") == 6
    assert pad("产出", 6) == "产出  " and pad("7", 3, right=True) == "  7"
    assert shorten("承德县自然资源和规划局", 9) == "承德县自…"


def test_console_script() -> None:
    """The installed ``jixiao`` script scores the tiny folder as json and exits 1."""
    done = subprocess.run([str(JIXIAO), "score", str(TINY), "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8", check=False,
                          timeout=120)
    assert done.returncode == 1, done.stderr
    assert {p["total"] for p in json.loads(done.stdout)["projects"]} == {"92.00", "78.82"}


def test_scoring_rows_does_not_load_the_chart_library(tmp_path: Path) -> None:
    """matplotlib is loaded only where a chart is drawn: the command line, and a run that
    writes scored rows, start without it (it takes a good part of a second to import)."""
    out = tmp_path / "scored.csv"
    probe = ("import sys; from scoring.cli.main import main; "
             f"code = main(['score', {str(TINY)!r}, '--format', 'csv', '--out', {str(out)!r}]); "
             "print(code, 'matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split()[-2:] == ["1", "False"]
    assert out.read_text(encoding="utf-8").startswith("project_id,")
