"""Import of a published 部门预算绩效文本: the real 承德县 2024 document and broken copies of it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scoring.cli.main import main
from scoring.model.columns import INDICATOR_COLUMNS, PROJECT_COLUMNS
from scoring.sources._text_lines import rejoin, strip_tags
from scoring.sources.text_import import ImportedDocument, import_text, write_evaluation_folder

SEED = Path(__file__).resolve().parents[1] / "evaluations/chengde-2024/source/targets.txt"

#: Indicator rows per project, counted by hand in the seed (line ranges in the comments).
EXPECTED_COUNTS: dict[str, int] = {
    "13082124P00012810001R": 11,  # lines 92-102
    "13082124P000127100014": 9,  # 117-125
    "13082124P000095100027": 9,  # 140-148
    "13082123P00510410002N": 12,  # 163-174
    "13082124P00012110002M": 11,  # 189-199
    "13082124P00009410002H": 10,  # 214-223
    "13082124P000120100020": 11,  # 238-248
    "13082124P00011910002U": 11,  # 263-273
    "13082124P00009310002U": 11,  # 288-298
    "13082124P00009710002J": 10,  # 313-322
    "13082124P00009610002W": 10,  # 337-346
    "13082124P000098100028": 11,  # 361-371
}


@pytest.fixture(scope="module")
def doc() -> ImportedDocument:
    """The seed document, imported once."""
    return import_text(SEED)


def indicator(doc: ImportedDocument, project_id: str, seq: int) -> pd.Series:
    """The indicator row ``seq`` of ``project_id``."""
    rows = doc.indicators[
        (doc.indicators["project_id"] == project_id) & (doc.indicators["seq"] == str(seq))
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def project(doc: ImportedDocument, project_id: str) -> pd.Series:
    """The project row of ``project_id``."""
    rows = doc.projects[doc.projects["project_id"] == project_id]
    assert len(rows) == 1
    return rows.iloc[0]


def broken_copy(tmp_path: Path, edits: dict[int, str]) -> Path:
    """A copy of the seed with the given 1-based lines replaced."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for number, text in edits.items():
        lines[number - 1] = text
    path = tmp_path / "broken.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_seed_has_twelve_projects_in_document_order(doc: ImportedDocument) -> None:
    """All 12 项目编码 are found, in the order the document prints them."""
    assert list(doc.projects["project_id"]) == list(EXPECTED_COUNTS)


def test_seed_indicator_counts_per_project(doc: ImportedDocument) -> None:
    """Every indicator row of every project is read: 126 rows, counted by hand per project."""
    counts = doc.indicators.groupby("project_id", sort=False).size().to_dict()
    assert counts == EXPECTED_COUNTS
    assert len(doc.indicators) == 126


def test_seed_reads_without_problems(doc: ImportedDocument) -> None:
    """The published document has no line the importer cannot read."""
    assert doc.problems == []


def test_year_and_department_come_from_the_title(doc: ImportedDocument) -> None:
    """``2024 年部门预算绩效文本`` gives the year; the line above it the department."""
    assert doc.year == 2024
    assert doc.department == "承德县自然资源和规划局"


def test_tables_have_canonical_columns_first(doc: ImportedDocument) -> None:
    """Both tables start with the schema columns, then the extra ones."""
    assert tuple(doc.projects.columns[: len(PROJECT_COLUMNS)]) == PROJECT_COLUMNS
    assert tuple(doc.indicators.columns[: len(INDICATOR_COLUMNS)]) == INDICATOR_COLUMNS
    assert "description" in doc.indicators.columns


def test_seq_runs_from_one_per_project(doc: ImportedDocument) -> None:
    """``seq`` is 1..n within each project."""
    for pid, rows in doc.indicators.groupby("project_id"):
        assert list(rows["seq"]) == [str(i) for i in range(1, EXPECTED_COUNTS[str(pid)] + 1)]


def test_funding_block(doc: ImportedDocument) -> None:
    """预算数, 其中：财政资金, an empty 其他资金 and the purpose line are read as printed."""
    p = project(doc, "13082124P00012810001R")
    assert p["budget"] == "435.00"
    assert p["budget_initial"] == "435.00"
    assert p["fiscal_funds"] == "435.00"
    assert p["other_funds"] == ""
    assert p["purpose"] == "用于矿山修复治理项目"
    assert p["spent"] == ""
    assert p["money_unit"] == "万元"
    assert project(doc, "13082124P00011910002U")["budget"] == "13302.01"


def test_spending_plan_with_stray_tabs(doc: ImportedDocument) -> None:
    """3/6/10/12月底 percentages spread over two lines with stray tabs become 25,50,75,100."""
    assert set(doc.projects["schedule"]) == {"25,50,75,100"}


def test_goal_has_no_p_tags(doc: ImportedDocument) -> None:
    """The 绩效目标 text loses its ``<p>`` tags and keeps its words."""
    goal = project(doc, "13082124P00012810001R")["goal"]
    assert "<p>" not in goal and "</p>" not in goal
    assert goal.startswith("1.2024 年度，完成前期可行性研究报告")
    assert goal.endswith("3.完成实施方案要求的内容")


def test_unit_line_and_name(doc: ImportedDocument) -> None:
    """The ``324004 承德县不动产登记中心`` line gives unit and unit code; 项目名称 the name."""
    p = project(doc, "13082124P00009710002J")
    assert (p["unit"], p["unit_code"], p["project"]) == (
        "承德县不动产登记中心", "324004", "档案盒档案袋",
    )
    first = project(doc, "13082124P00012810001R")
    assert first["project"] == "2024 年承德县历史遗留矿山修复治理项目（冀财资环【2023】117号）"
    assert first["unit"] == "承德县自然资源和规划局本级"


def test_wrapped_cells_rejoin_without_the_space(doc: ImportedDocument) -> None:
    """A wrap inside a Chinese word (``汛前地质灾 害点核查``) is joined; 2023 年 keeps its space."""
    row = indicator(doc, "13082124P000095100027", 1)
    assert row["indicator"] == "汛前地质灾害点核查"
    row = indicator(doc, "13082124P000095100027", 5)
    assert row["description"] == (
        "6月份前完成汛前核排查，地质灾害隐患点核销和新增认定及修订定制灾害隐患点应急预案完成率"
    )
    row = indicator(doc, "13082124P000095100027", 7)
    assert (row["level2"], row["description"]) == ("经济效益指标", "避免经济损失19679.2万元")
    row = indicator(doc, "13082124P00009710002J", 1)
    assert row["indicator"] == "档案盒档案袋购买数量"
    assert row["basis"] == "根据上一年度存档数量及 2023 年工作的实际需要"
    row = indicator(doc, "13082124P00009710002J", 6)
    assert row["description"] == "按照 2023 年预算执行标准，如不能满足提前及时增加指标"
    row = indicator(doc, "13082124P000098100028", 11)
    assert (row["level2"], row["indicator"]) == ("服务对象满意度指标", "可以选择自助服务")


def test_targets_stay_verbatim(doc: ImportedDocument) -> None:
    """指标值 cells are kept exactly as printed, wrap spaces included."""
    assert indicator(doc, "13082124P00009410002H", 6)["target"] == "≤399.46 万 元"
    assert indicator(doc, "13082124P00009410002H", 4)["target"] == "20122012 年 5 月 28 日"
    assert indicator(doc, "13082124P000098100028", 4)["target"] == "年故障次 数少于3 次"
    assert indicator(doc, "13082124P00012810001R", 1)["target"] == "≥2304.9 立方米"
    assert indicator(doc, "13082124P00012810001R", 7)["target"] == "一般/较好/很好"


def test_merged_level_cells_carry_down(doc: ImportedDocument) -> None:
    """Blank 一级/二级 cells take the value printed above them."""
    row = indicator(doc, "13082124P00012810001R", 6)
    assert (row["level1"], row["level2"], row["indicator"]) == (
        "产出指标", "成本指标", "恢复治理亩均投资",
    )
    row = indicator(doc, "13082124P00012810001R", 9)
    assert (row["level1"], row["level2"]) == ("效益指标", "生态效益指标")
    row = indicator(doc, "13082124P00012810001R", 11)
    assert (row["level1"], row["level2"]) == ("满意度指标", "服务对象满意度指标")


def test_basis_and_description_columns(doc: ImportedDocument) -> None:
    """绩效指标描述 goes to ``description``, 指标值确定依据 to ``basis``; actuals stay empty."""
    row = indicator(doc, "13082124P000127100014", 1)
    assert (row["indicator"], row["description"], row["target"], row["basis"]) == (
        "人员数量", "自收自支人员数量", "13 人", "三定方案",
    )
    assert (doc.indicators["actual"] == "").all()
    assert (doc.indicators["weight"] == "").all()


def test_duplicated_rows_are_kept(doc: ImportedDocument) -> None:
    """The document repeats some indicators; both copies are kept."""
    first = indicator(doc, "13082124P00012110002M", 1)
    second = indicator(doc, "13082124P00012110002M", 2)
    keys = ["level2", "indicator", "description", "target", "basis"]
    assert first[keys].tolist() == second[keys].tolist()
    assert first["target"] == "≥95 百分比"


def test_source_line_points_at_the_printed_row(doc: ImportedDocument) -> None:
    """Each indicator records the line of the text it came from."""
    assert indicator(doc, "13082124P000095100027", 1)["source_line"] == "140"
    assert indicator(doc, "13082124P000098100028", 11)["source_line"] == "371"


def test_rejoin_rules() -> None:
    """Spaces between two CJK characters go; spaces next to digits, Latin or brackets stay."""
    assert rejoin(" 查清灾害保 障安全 ") == "查清灾害保障安全"
    assert rejoin("保证不动产权利人查档方便， 档案完整") == "保证不动产权利人查档方便，档案完整"
    assert rejoin("年度存档数量 及 2023 年工 作") == "年度存档数量及 2023 年工作"
    assert rejoin("冀自然资字 (2022)134号") == "冀自然资字 (2022)134号"


def test_strip_tags() -> None:
    """``<p>`` tags become single spaces and the ends are trimmed."""
    assert strip_tags("<p>1.甲</p> <p>2.乙</p>") == "1.甲 2.乙"


def test_unreadable_indicator_row_is_reported_with_its_line(tmp_path: Path) -> None:
    """A row without its 指标值 is reported at its line; the other rows are still read."""
    path = broken_copy(tmp_path, {141: "\t质量指标\t质量等级"})
    doc = import_text(path)
    assert [(p.row, p.code) for p in doc.problems] == [(141, "unreadable_indicator")]
    assert doc.problems[0].project_id == "13082124P000095100027"
    counts = doc.indicators.groupby("project_id", sort=False).size().to_dict()
    assert counts["13082124P000095100027"] == 8
    assert len(doc.indicators) == 125


def test_bad_schedule_and_stray_row_are_reported(tmp_path: Path) -> None:
    """A spending plan missing a percentage and a row that fits nowhere are both reported."""
    path = broken_copy(tmp_path, {114: "\t25%\t\t50%\t75%\t", 186: "??\t!!"})
    doc = import_text(path)
    assert [(p.row, p.code) for p in doc.problems] == [
        (114, "bad_schedule"),
        (186, "unreadable_row"),
    ]
    assert len(doc.projects) == 12
    assert len(doc.indicators) == 126


def test_file_without_projects_is_reported(tmp_path: Path) -> None:
    """A text with no 项目编码 row gives one problem and empty tables."""
    path = tmp_path / "empty.txt"
    path.write_text("承德县自然资源和规划局\n2024 年部门预算绩效文本\n", encoding="utf-8")
    doc = import_text(path)
    assert [p.code for p in doc.problems] == ["no_projects"]
    assert doc.projects.empty and doc.indicators.empty


def test_write_is_deterministic_and_atomic(doc: ImportedDocument, tmp_path: Path) -> None:
    """Writing twice gives byte-identical files and leaves no temporary files behind."""
    for name in ("a", "b"):
        write_evaluation_folder(doc, tmp_path / name, title="T", year=2024)
    for name in ("evaluation.toml", "projects.csv", "indicators.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        "evaluation.toml", "indicators.csv", "projects.csv",
    ]


def test_written_csv_reads_back_verbatim(doc: ImportedDocument, tmp_path: Path) -> None:
    """The CSV files read back (as strings) equal the imported tables."""
    write_evaluation_folder(doc, tmp_path, title="T", year=2024)
    for name, frame in (("projects.csv", doc.projects), ("indicators.csv", doc.indicators)):
        back = pd.read_csv(tmp_path / name, dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(back, frame.reset_index(drop=True), check_dtype=False)


def test_evaluation_toml_fields(doc: ImportedDocument, tmp_path: Path) -> None:
    """evaluation.toml carries title, year, scheme and the source document."""
    import tomllib

    write_evaluation_folder(doc, tmp_path, title="标题 \"x\"", year=2024, scheme="hubei")
    data = tomllib.loads((tmp_path / "evaluation.toml").read_text(encoding="utf-8"))
    assert (data["title"], data["year"], data["scheme"]) == ("标题 \"x\"", 2024, "hubei")
    assert "targets.txt" in data["sources"]["targets"]


def test_cli_writes_folder_and_summarises(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``jixiao import-text`` writes the folder, prints the counts and exits 0."""
    out = tmp_path / "ev"
    assert main(["import-text", str(SEED), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "12 projects, 126 indicators, 0 problems" in printed
    assert (out / "indicators.csv").is_file()


def test_cli_refuses_non_empty_folder_without_force(tmp_path: Path) -> None:
    """A non-empty --out folder is left alone unless --force is given."""
    out = tmp_path / "ev"
    out.mkdir()
    (out / "actuals.csv").write_text("keep\n", encoding="utf-8")
    assert main(["import-text", str(SEED), "--out", str(out)]) == 2
    assert not (out / "projects.csv").exists()
    assert main(["import-text", str(SEED), "--out", str(out), "--force"]) == 0
    assert (out / "actuals.csv").read_text(encoding="utf-8") == "keep\n"


def test_cli_exits_one_and_names_lines_on_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unreadable lines make the exit code 1 and are listed with their line numbers."""
    path = broken_copy(tmp_path, {141: "\t质量指标\t质量等级"})
    assert main(["import-text", str(path), "--out", str(tmp_path / "ev")]) == 1
    assert "line 141:" in capsys.readouterr().out


def test_cli_title_and_year_options(tmp_path: Path) -> None:
    """--title and --year override what the document says."""
    import tomllib

    out = tmp_path / "ev"
    args = ["import-text", str(SEED), "--out", str(out), "--title", "X", "--year", "2025"]
    assert main(args) == 0
    data = tomllib.loads((out / "evaluation.toml").read_text(encoding="utf-8"))
    assert (data["title"], data["year"]) == ("X", 2025)


def test_cli_force_keeps_hand_written_toml(tmp_path: Path) -> None:
    """Re-importing with --force replaces the CSV files but keeps an existing evaluation.toml."""
    out = tmp_path / "ev"
    out.mkdir()
    (out / "evaluation.toml").write_text('title = "hand"\n', encoding="utf-8")
    (out / "projects.csv").write_text("stale\n", encoding="utf-8")
    assert main(["import-text", str(SEED), "--out", str(out), "--force"]) == 0
    assert (out / "evaluation.toml").read_text(encoding="utf-8") == 'title = "hand"\n'
    assert (out / "projects.csv").read_text(encoding="utf-8").startswith("project_id,")
