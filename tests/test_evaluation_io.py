"""Reading evaluations: folders with overlays, flat CSV files (Chinese headers too), bad input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from scoring import EvaluationError
from scoring.model.columns import INDICATOR_COLUMNS, PROJECT_COLUMNS
from scoring.model.problems import Problem, Severity
from scoring.sources.reader import read_evaluation

TINY = Path(__file__).parent / "data" / "evaluations" / "tiny"
CHENGDE = Path(__file__).resolve().parents[1] / "evaluations" / "chengde-2024"

INDICATOR_HEADER = ",".join(INDICATOR_COLUMNS)
PROJECT_HEADER = ",".join(PROJECT_COLUMNS)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def indicator(pid: str, seq: str, target: str, *, actual: str = "", weight: str = "10",
              adjustment: str = "", manual: str = "", applicable: str = "") -> str:
    cells = [pid, pid + "项目", seq, "产出指标", "数量指标", f"指标{seq}", target, actual, weight,
             "", "", adjustment, "扣分原因" if adjustment else "", manual, applicable]
    return ",".join(cells)


def folder(tmp_path: Path, indicators: list[str], projects: list[str] | None = None,
           actuals: str | None = None) -> Path:
    root = tmp_path / "ev"
    write(root, "evaluation.toml", 'title = "t"\nyear = 2024\nscheme = "national-2020"\n')
    write(root, "indicators.csv", "\n".join([INDICATOR_HEADER, *indicators]) + "\n")
    if projects is not None:
        write(root, "projects.csv", "\n".join([PROJECT_HEADER, *projects]) + "\n")
    if actuals is not None:
        write(root, "actuals.csv", actuals)
    return root


def only(problems: tuple[Problem, ...], code: str) -> list[Problem]:
    return [p for p in problems if p.code == code]


def digest(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.iterdir())}


def test_folder_reads_toml_tables_and_overlay() -> None:
    """The tiny folder: title, year, scheme, 2 projects, 13 rows, actuals joined on seq."""
    ev = read_evaluation(TINY)
    assert (ev.title, ev.year, ev.scheme) == ("测试单位 2024 年项目支出绩效自评", 2024,
                                              "national-2020")
    assert ev.problems == ()
    assert list(ev.projects["project_id"]) == ["A01", "B01"]
    assert list(ev.indicators.columns[: len(INDICATOR_COLUMNS)]) == list(INDICATOR_COLUMNS)
    assert len(ev.indicators) == 13
    first = ev.indicators.iloc[0]
    assert (first["target"], first["actual"], first["note"]) == ("≥2000 立方米", "1800 立方米",
                                                                 "部分危岩纳入下年度")
    deduction = ev.indicators.iloc[6]
    assert (deduction["adjustment"], deduction["adjustment_reason"]) == ("1", "植被恢复整改未完成")
    assert ev.indicators.iloc[9]["applicable"] == "不适用"
    assert list(ev.indicators["source_row"]) == list(range(2, 15))
    assert set(ev.indicators["source_file"]) == {"indicators.csv"}


def test_cells_stay_verbatim_strings() -> None:
    """Numbers are not parsed on reading: ``2024``, ``100`` and ``85%`` stay text."""
    ev = read_evaluation(TINY)
    assert ev.projects.iloc[0]["budget"] == "100"
    assert ev.indicators.iloc[5]["actual"] == "85%"


def test_reading_never_writes_the_inputs() -> None:
    """The folder is byte-identical after reading."""
    before = digest(TINY)
    read_evaluation(TINY)
    assert digest(TINY) == before


def test_chengde_project_actuals_fill_spent() -> None:
    """project_actuals.csv fills the empty spent column of chengde-2024's projects."""
    ev = read_evaluation(CHENGDE)
    assert ev.problems == ()
    assert (ev.projects["spent"] != "").all()
    assert len(ev.indicators) == 126 and len(ev.projects) == 12


def test_scheme_path_is_resolved_against_the_folder(tmp_path: Path) -> None:
    """``scheme = "my.toml"`` names a file next to evaluation.toml."""
    root = folder(tmp_path, [indicator("A", "1", "≥1 个")], ["A,A项目,,2024,,1,1,,"])
    write(root, "my.toml", 'extends = "national-2020"\n')
    write(root, "evaluation.toml", 'title = "t"\nscheme = "my.toml"\n')
    assert read_evaluation(root).scheme == str((root / "my.toml").resolve())


def test_scheme_overrides_become_settings(tmp_path: Path) -> None:
    """[scheme_overrides] is handed on as the evaluation's settings."""
    root = folder(tmp_path, [indicator("A", "1", "≥1 个")], ["A,A项目,,2024,,1,1,,"])
    write(root, "evaluation.toml",
          'title = "t"\nscheme = "national-2020"\n[scheme_overrides.weights]\nexecution = 20\n')
    assert dict(read_evaluation(root).settings) == {"weights": {"execution": 20}}


def test_bad_numbers_are_reported_with_file_row_column(tmp_path: Path) -> None:
    """Bad weight, adjustment and manual score: one error each, the row marked, others clean."""
    root = folder(tmp_path, [
        indicator("A", "1", "≥1 个", weight="十"),
        indicator("A", "2", "≥1 个", adjustment="-1"),
        indicator("A", "3", "≥1 个", manual="五分"),
        indicator("A", "4", "≥1 个"),
    ], ["A,A项目,,2024,,abc,1,,"])
    ev = read_evaluation(root)
    bad = [(p.source, p.row, p.column) for p in only(ev.problems, "bad_number")]
    assert bad == [("indicators.csv", 2, "weight"), ("indicators.csv", 3, "adjustment"),
                   ("indicators.csv", 4, "manual_score"), ("projects.csv", 2, "budget")]
    assert all(p.severity is Severity.ERROR and p.project_id == "A"
               for p in only(ev.problems, "bad_number"))
    marked = [bool(text) for text in ev.indicators["input_error"]]
    assert marked == [True, True, True, False]
    assert "weight must be a number" in ev.indicators.iloc[0]["input_error"]
    assert ev.indicators.iloc[0]["weight"] == "十"


def test_actuals_key_not_found_and_duplicates(tmp_path: Path) -> None:
    """An actuals row for an unknown seq and a repeated key are errors naming actuals.csv rows."""
    actuals = ("project_id,seq,actual\nA,1,2 个\nA,9,3 个\nA,1,4 个\nB,1,5 个\n")
    root = folder(tmp_path, [indicator("A", "1", "≥1 个"), indicator("A", "2", "≥1 个")],
                  ["A,A项目,,2024,,1,1,,"], actuals)
    ev = read_evaluation(root)
    unknown = only(ev.problems, "unknown_key")
    assert [(p.source, p.row, p.column) for p in unknown] == [
        ("actuals.csv", 3, "project_id, seq"), ("actuals.csv", 5, "project_id, seq")]
    assert "seq '9'" in unknown[0].message
    duplicate = only(ev.problems, "duplicate_key")
    assert [(p.source, p.row) for p in duplicate] == [("actuals.csv", 4)]
    assert list(ev.indicators["actual"]) == ["2 个", ""]


def test_bad_overlay_cell_marks_the_row_it_fills(tmp_path: Path) -> None:
    """A bad adjustment in actuals.csv is reported there and marks indicators row 3."""
    actuals = "project_id,seq,actual,adjustment\nA,2,1 个,x\n"
    root = folder(tmp_path, [indicator("A", "1", "≥1 个"), indicator("A", "2", "≥1 个")],
                  ["A,A项目,,2024,,1,1,,"], actuals)
    ev = read_evaluation(root)
    [problem] = ev.problems
    assert (problem.source, problem.row, problem.column) == ("actuals.csv", 2, "adjustment")
    assert [bool(t) for t in ev.indicators["input_error"]] == [False, True]


def test_duplicate_indicator_key_and_bad_seq(tmp_path: Path) -> None:
    """Two rows with seq 1 in one project and a seq of ``x`` are errors on their rows."""
    root = folder(tmp_path, [indicator("A", "1", "≥1 个"), indicator("A", "1", "≥2 个"),
                             indicator("A", "x", "≥3 个")], ["A,A项目,,2024,,1,1,,"])
    ev = read_evaluation(root)
    assert [(p.code, p.row, p.column) for p in ev.problems] == [
        ("duplicate_key", 3, "seq"), ("bad_seq", 4, "seq")]


def test_missing_projects_file_is_an_error_but_reading_goes_on(tmp_path: Path) -> None:
    """Without projects.csv each project still appears, with empty budget and spent."""
    ev = read_evaluation(folder(tmp_path, [indicator("A", "1", "≥1 个")]))
    [problem] = ev.problems
    assert (problem.source, problem.code, problem.severity) == ("projects.csv", "missing_file",
                                                                Severity.ERROR)
    assert list(ev.projects["project_id"]) == ["A"]
    assert ev.projects.iloc[0]["budget"] == ""


def test_project_without_funding_row(tmp_path: Path) -> None:
    """Indicator rows of a project missing from projects.csv are kept; the gap is an error."""
    root = folder(tmp_path, [indicator("A", "1", "≥1 个"), indicator("B", "1", "≥1 个")],
                  ["A,A项目,,2024,,1,1,,"])
    ev = read_evaluation(root)
    assert [(p.code, p.project_id) for p in ev.problems] == [("unknown_project", "B")]
    assert list(ev.projects["project_id"]) == ["A", "B"]


def test_missing_required_column_and_short_rows(tmp_path: Path) -> None:
    """indicators.csv without ``target``, and a row with too few cells, are both reported."""
    root = tmp_path / "ev"
    write(root, "evaluation.toml", 'title = "t"\n')
    write(root, "indicators.csv", "project_id,level1,indicator\nA,产出指标,甲\nA,产出指标\n")
    write(root, "projects.csv", "project_id,budget,spent\nA,1,1\n")
    ev = read_evaluation(root)
    assert [(p.code, p.row, p.column) for p in ev.problems] == [
        ("row_length", 3, None), ("missing_column", 1, "target")]
    assert list(ev.indicators["indicator"]) == ["甲", ""]
    assert list(ev.indicators["seq"]) == ["1", "2"]


def test_bad_applicable_cell(tmp_path: Path) -> None:
    """``applicable = maybe`` is an error naming the column."""
    root = folder(tmp_path, [indicator("A", "1", "≥1 个", applicable="maybe")],
                  ["A,A项目,,2024,,1,1,,"])
    [problem] = read_evaluation(root).problems
    assert (problem.row, problem.column, problem.code) == (2, "applicable", "bad_applicable")


def test_missing_toml_uses_defaults(tmp_path: Path) -> None:
    """A folder without evaluation.toml is read with a warning: its name, the scheme chosen
    by the table's tree (``auto``)."""
    root = folder(tmp_path, [indicator("A", "1", "≥1 个")], ["A,A项目,,2024,,1,1,,"])
    (root / "evaluation.toml").unlink()
    ev = read_evaluation(root)
    assert (ev.title, ev.scheme) == ("ev", "auto")
    assert [(p.source, p.severity) for p in ev.problems] == [("evaluation.toml",
                                                              Severity.WARNING)]


@pytest.mark.parametrize("make", ["nothing", "no_indicators", "broken_toml", "suffix"])
def test_unreadable_evaluations_raise(tmp_path: Path, make: str) -> None:
    """No such path, no indicators.csv, broken TOML or an unknown file type raise
    EvaluationError (a ValueError) with the path in the message."""
    target = tmp_path / "ev"
    if make == "no_indicators":
        write(target, "evaluation.toml", 'title = "t"\n')
    elif make == "broken_toml":
        folder(tmp_path, [indicator("A", "1", "≥1")])
        write(target, "evaluation.toml", "title = \n")
    elif make == "suffix":
        target = write(tmp_path, "rows.json", "{}")
    with pytest.raises(EvaluationError, match=str(target.name)):
        read_evaluation(target)
    assert issubclass(EvaluationError, ValueError)


def test_flat_csv_with_chinese_headers(tmp_path: Path) -> None:
    """一级指标/二级指标/三级指标/指标值/实际完成值/分值 are read as the canonical columns;
    rows of two projects get ids P01, P02 and their funding from the rows."""
    path = write(tmp_path, "自评.csv",
                 "\ufeff项目名称,一级指标,二级指标,三级指标,指标值,实际完成值,"
                 "分值,全年预算数,全年执行数,备注\n"
                 "甲,产出指标,数量指标,培训人次,≥500 人次,550 人次,50,100,90,x\n"
                 "甲,效益指标,社会效益指标,知晓率,≥90%,95%,40,100,,\n"
                 "乙,产出指标,数量指标,设施,≥1 个,1 个,90,20,20,\n")
    ev = read_evaluation(path)
    assert ev.problems == ()
    assert (ev.title, ev.scheme, ev.source) == ("自评", "auto", path)
    rows = ev.indicators
    assert list(rows["project_id"]) == ["P01", "P01", "P02"]
    assert list(rows["target"]) == ["≥500 人次", "≥90%", "≥1 个"]
    assert list(rows["weight"]) == ["50", "40", "90"]
    assert list(rows["seq"]) == ["1", "2", "1"]
    assert rows.iloc[0]["备注"] == "x"
    assert "budget" not in rows.columns
    projects = ev.projects.set_index("project_id")
    first = projects.loc["P01"]
    assert [first["project"], first["budget"], first["spent"]] == ["甲", "100", "90"]
    assert projects.loc["P02", "budget"] == "20"


def test_flat_csv_missing_required_columns(tmp_path: Path) -> None:
    """A flat CSV without actual and weight columns reports both and still reads the rows."""
    path = write(tmp_path, "rows.csv", "level1,level2,indicator,target\n产出指标,数量,甲,≥1 个\n")
    ev = read_evaluation(path)
    assert [(p.source, p.row, p.column) for p in ev.problems] == [
        ("rows.csv", 1, "actual"), ("rows.csv", 1, "weight")]
    assert len(ev.indicators) == 1 and ev.indicators.iloc[0]["actual"] == ""


def test_flat_csv_conflicting_budget(tmp_path: Path) -> None:
    """Two budgets for one project are reported on the project's first row."""
    path = write(tmp_path, "rows.csv",
                 "project_id,level1,level2,indicator,target,actual,weight,budget,spent\n"
                 "X,产出指标,数量,甲,≥1,1,45,10,5\nX,效益指标,社会,乙,≥1,1,45,12,5\n")
    [problem] = read_evaluation(path).problems
    assert (problem.row, problem.column, problem.code) == (2, "budget", "conflicting_values")


def test_flat_csv_in_gbk_is_read_with_a_warning(tmp_path: Path) -> None:
    """A CSV saved by Excel in GBK is decoded as GB18030 and the encoding reported."""
    path = tmp_path / "gbk.csv"
    text = ("一级指标,二级指标,三级指标,指标值,实际完成值,分值\n"
            "产出指标,数量指标,人数,≥5 人,6 人,90\n")
    path.write_bytes(text.encode("gbk"))
    ev = read_evaluation(path)
    assert [p.code for p in ev.problems] == ["not_utf8"]
    assert ev.indicators.iloc[0]["indicator"] == "人数"


def test_flat_table_matches_folder_table(tmp_path: Path) -> None:
    """The tiny folder's merged rows written as one flat CSV read back as the same cells."""
    folder_ev = read_evaluation(TINY)
    flat = folder_ev.indicators[list(INDICATOR_COLUMNS)]
    path = tmp_path / "flat.csv"
    flat.to_csv(path, index=False)
    again = read_evaluation(path).indicators[list(INDICATOR_COLUMNS)]
    pd.testing.assert_frame_equal(again, flat)


def test_result_columns_of_an_earlier_scoring_are_dropped(tmp_path: Path) -> None:
    """A scored CSV read back loses its old status/final_score columns, with a warning."""
    path = write(tmp_path, "scored.csv",
                 "level1,level2,indicator,target,actual,weight,final_score,status\n"
                 "产出指标,数量,甲,≥1 个,1 个,90,90.00,ok\n")
    ev = read_evaluation(path)
    [problem] = ev.problems
    assert (problem.code, problem.severity, problem.column) == ("result_columns",
                                                                Severity.WARNING,
                                                                "final_score, status")
    assert "status" not in ev.indicators.columns
