"""Indicator trees beyond the national self-evaluation.

Indicator trees beyond the national self-evaluation: the evaluation framework, the older
project layout, 部门整体; blank and points-only 一级; unknown 一级; choosing the scheme; rubric
rows; totals without an execution line (domain.md §3, §9, §10).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from indicator_tables import reference_scores, table

from scoring import Evaluation, budget_weighted_average, choose_scheme, evaluate
from scoring.cli.main import main
from scoring.engine.frame import score_frame
from scoring.model.columns import PROJECT_COLUMNS
from weights import SchemeError, load_scheme

D = Decimal
NATIONAL = load_scheme("national-2020")
EVALUATION = load_scheme("evaluation-2020")
OLDER = load_scheme("project-2017")
DEPARTMENT = load_scheme("department-overall")
FRAMEWORKS = ("national-2020", "evaluation-2020", "project-2017", "department-overall")


def evaluation_of(rows: pd.DataFrame, *, scheme: str = "auto", budget: str = "100",
                  spent: str = "90") -> Evaluation:
    """An evaluation of one project P1 holding ``rows``."""
    projects = pd.DataFrame([{**dict.fromkeys(PROJECT_COLUMNS, ""), "project_id": "P1",
                              "project": "甲", "unit": "某局", "budget": budget,
                              "spent": spent}], dtype=object)
    return Evaluation(title="t", year=2024, scheme=scheme, projects=projects, indicators=rows)


# --- the schemes -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_each_framework_loads_and_sums_to_100(name: str) -> None:
    """Every framework scheme loads; its 一级 and execution points add up to 100."""
    scheme = load_scheme(name)
    total = sum(scheme.weights.level1.values(), D(0)) + scheme.weights.execution
    assert total == 100


def test_the_frameworks_trees() -> None:
    """Each framework names its own 一级; only the national one has an execution line."""
    assert EVALUATION.weights.pool_names == ("决策", "过程", "产出", "效益")
    assert OLDER.weights.pool_names == ("项目决策", "项目管理", "项目绩效")
    assert DEPARTMENT.weights.pool_names == ("部门决策", "部门管理", "部门绩效", "能力建设")
    assert NATIONAL.execution_line and NATIONAL.weights.execution == 10
    for scheme in (EVALUATION, OLDER, DEPARTMENT):
        assert not scheme.execution_line and scheme.tree.execution_in
    assert EVALUATION.tree.execution_in == "过程"
    assert EVALUATION.tree.rubric == ("决策", "过程")


def test_output_and_benefit_must_weigh_60_in_the_evaluation_framework() -> None:
    """产出 + 效益 below 60 breaks the framework's minimum, naming the key."""
    with pytest.raises(SchemeError) as caught:
        load_scheme("evaluation-2020", overrides={
            "weights": {"level1": {"决策": 30, "过程": 20, "产出": 25, "效益": 25}}})
    assert "tree.minimums[0]" in str(caught.value) and "at least 60" in str(caught.value)


def test_execution_inside_the_tree_needs_no_execution_line() -> None:
    """``execution_in`` with a separate execution line is contradictory: an error."""
    with pytest.raises(SchemeError) as caught:
        load_scheme("evaluation-2020", overrides={
            "weights": {"execution": 10,
                        "level1": {"决策": 20, "过程": 10, "产出": 30, "效益": 30}}})
    assert "tree.execution_in" in str(caught.value)


def test_schemes_command_lists_the_frameworks(capsys: pytest.CaptureFixture[str]) -> None:
    """``jixiao schemes`` lists every framework with its description."""
    assert main(["schemes"]) == 0
    listed = capsys.readouterr().out
    for name in FRAMEWORKS:
        assert name in listed


# --- names of 一级 ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "pool"), [
    ("效果指标", "效益指标"), ("項目產出", "产出指标"), ("產出目標", "产出指标"),
    ("产出目标", "产出指标"), ("项目产出", "产出指标"), ("社会效益指标", "效益指标"),
    ("服务对象满意度指标", "满意度指标"),
])
def test_other_names_of_the_national_tree(text: str, pool: str) -> None:
    """Synonyms, traditional forms and a 项目 prefix map to the national 一级."""
    assert NATIONAL.pool_of(text) == pool


@pytest.mark.parametrize(("text", "points", "pool"), [
    ("项目决策(20分)", D(20), "项目决策"), ("项目管理 13 分", D(13), "项目管理"),
    ("项目管理13分", D(13), "项目管理"), ("项目绩效(特性指标70分)", D(70), "项目绩效"),
    ("项目绩效实现情况(80分)", D(80), "项目绩效"), ("项目决策 2 分", D(2), "项目决策"),
    ("(20分)项目决策", D(20), "项目决策"), ("A项目决策", None, "项目决策"),
])
def test_points_in_older_layouts_are_read(text: str, points: Decimal | None,
                                          pool: str) -> None:
    """Every printed form of a 一级's points is read, and the name still finds its 一级."""
    from scoring.engine.weighting import declared_points

    assert declared_points(text) == points
    assert OLDER.pool_of(text) == pool


def test_older_layout_scores_with_printed_points() -> None:
    """项目决策(20分) / 项目管理 13 分 / 项目绩效(特性指标70分) printed on every row: the
    table's points are the pools' points; the total is the sum of the tree."""
    rows = table(
        {"level1": "项目决策(20分)", "level2": "科学决策", "indicator": "立项依据",
         "target": "充分", "actual": "充分", "weight": "20"},
        {"level1": "项目管理 13 分", "level2": "资金管理", "indicator": "资金使用",
         "target": "合规", "actual": "合规", "weight": "13"},
        {"level1": "项目绩效(特性指标70分)", "level2": "项目完成", "indicator": "完成数量",
         "target": "≥10 个", "actual": "8 个", "weight": "67"},
    )
    result = evaluate(evaluation_of(rows, scheme="project-2017"))
    project = result.projects.iloc[0]
    assert [project[pool] for pool in result.pools] == [D("20.00"), D("13.00"), D("53.60")]
    assert project["total"] == D("86.60") and project["execution_score"] is None
    assert project["grade"] == "良"
    assert all("declared_points" in flags for flags in result.indicators["flags"])


# --- blank, points-only and unknown 一级 ----------------------------------------------------


def test_blank_and_points_only_level1_are_read_from_the_level2() -> None:
    """Blank 一级 with 二级 数量指标 → 产出; ``(30分)`` with 社会效益指标 → 效益; 满意度 →
    满意度; each flagged level1_inferred (a warning) and scored."""
    rows = table(
        {"level1": "", "level2": "数量指标", "target": "≥10 个", "actual": "10 个",
         "weight": "50"},
        {"level1": "(30分)", "level2": "社会效益指标", "indicator": "受益人数",
         "target": "≥100 人", "actual": "100 人", "weight": "30"},
        {"level1": "", "level2": "服务对象满意度指标", "indicator": "满意度",
         "target": "≥90%", "actual": "95%", "weight": "10"},
    )
    result = score_frame(rows, NATIONAL, year=2024)
    assert list(result["pool"]) == ["产出指标", "效益指标", "满意度指标"]
    assert list(result["final_score"]) == [D("50.00"), D("30.00"), D("10.00")]
    assert all("level1_inferred" in flags.split(";") for flags in result["flags"])
    assert set(result["status"]) == {"warning"}


def test_points_only_level1_fills_missing_weights_with_its_points() -> None:
    """``(50分)`` over two 数量 rows without 分值: the 50 printed points are shared 25/25."""
    rows = table(*({"level1": "(50分)", "level2": "数量指标", "target": "≥1 个",
                    "actual": "1 个"} for _ in range(2)))
    result = score_frame(rows, NATIONAL, year=2024)
    assert list(result["weight_used"]) == [D(25), D(25)]
    assert result["flags"].iloc[0].split(";")[-2:] == ["level1_inferred", "declared_points"]


def test_unknown_level2_under_a_blank_level1_is_an_error_for_that_row_only() -> None:
    """A blank 一级 whose 二级 names no 一级 cannot be placed: that row is an error naming
    the 二级; the other rows are scored."""
    rows = table(
        {"level1": "", "level2": "其他指标", "target": "≥1 个", "actual": "1 个", "weight": "10"},
        {"level1": "产出指标", "target": "≥1 个", "actual": "1 个", "weight": "10"},
    )
    result = score_frame(rows, NATIONAL, year=2024)
    assert result["status"].iloc[0] == "error" and result["status"].iloc[1] != "error"
    assert "'其他指标'" in result["message"].iloc[0] and "blank" in result["message"].iloc[0]
    assert result["final_score"].iloc[1] == D("10.00")


def test_unknown_level1_with_printed_weights_scores_with_a_warning() -> None:
    """综合管理 is not a national 一级: with its printed 分值 it scores in a subtotal of its
    own, flagged unknown_level1, and the total counts it."""
    rows = table(
        {"level1": "综合管理(30分)", "level2": "制度建设", "indicator": "制度健全性",
         "target": "健全", "actual": "健全", "weight": "30"},
        {"level1": "产出指标", "target": "≥10 个", "actual": "10 个", "weight": "60"},
    )
    result = evaluate(evaluation_of(rows, scheme="national-2020"))
    first = result.indicators.iloc[0]
    assert (first["pool"], first["final_score"], first["status"]) == (
        "综合管理", D("30.00"), "warning")
    assert "unknown_level1" in first["flags"].split(";")
    assert result.pools[-1] == "综合管理"
    project = result.projects.iloc[0]
    assert project["综合管理"] == D("30.00")
    assert project["total"] == D("30.00") + D("60.00") + D("9.00")
    codes = set(result.problems["code"])
    assert "unknown_level1" in codes and "error_row" not in codes


# --- the evaluation framework and rubric rows ------------------------------------------------


def evaluation_table() -> pd.DataFrame:
    """决策 and 过程 rubric rows (evaluator's scores), 预算执行率 inside 过程, 产出 and 效益
    scored by the rules."""
    return table(
        {"level1": "决策", "level2": "项目立项", "indicator": "立项依据充分性",
         "target": "依据充分", "weight": "10", "manual_score": "10"},
        {"level1": "决策", "level2": "绩效目标", "indicator": "绩效目标合理性",
         "target": "目标合理", "weight": "10", "manual_score": "8",
         "adjustment_reason": "年度指标未细化量化"},
        {"level1": "过程", "level2": "资金管理", "indicator": "预算执行率",
         "target": "=100%", "actual": "90%", "weight": "10"},
        {"level1": "过程", "level2": "组织实施", "indicator": "管理制度健全性",
         "target": "健全", "actual": "健全", "weight": "10"},
        {"level1": "产出", "level2": "数量", "indicator": "培训人次",
         "target": "≥500 人次", "actual": "400 人次", "weight": "30"},
        {"level1": "效益", "level2": "社会效益", "indicator": "知晓率",
         "target": "≥90%", "actual": "95%", "weight": "20"},
        {"level1": "效益", "level2": "服务对象满意度", "indicator": "满意度",
         "target": "≥90%", "actual": "92%", "weight": "10"},
    )


def test_evaluation_framework_totals_are_the_sum_of_the_tree() -> None:
    """决策 18 + 过程 19 (执行率 9 of 10 inside it, 制度 10) + 产出 24 + 效益 30 = 91, 优;
    no separate execution line."""
    result = evaluate(evaluation_of(evaluation_table(), scheme="evaluation-2020"))
    project = result.projects.iloc[0]
    assert result.pools == ("决策", "过程", "产出", "效益")
    assert [project[pool] for pool in result.pools] == [D("18.00"), D("19.00"), D("24.00"),
                                                         D("30.00")]
    assert project["execution_score"] is None and project["execution_rate"] == D("90.00")
    assert (project["total"], project["grade"]) == (D("91.00"), "优")
    assert result.execution_weight == 0


def test_rubric_rows_take_the_evaluators_score() -> None:
    """A rubric row's manual score stands (flag rubric_score), without the qualitative band
    check; the rule still scores a rubric row printing only target and actual (健全/健全)."""
    result = score_frame(evaluation_table(), EVALUATION, year=2024)
    flags = [set(cell.split(";")) for cell in result["flags"]]
    assert "rubric_score" in flags[0] and "rubric_score" in flags[1]
    assert result["final_score"].iloc[1] == D("8.00") and result["status"].iloc[1] == "ok"
    assert "rubric_score" not in flags[3] and result["final_score"].iloc[3] == D("10.00")


def test_rubric_score_above_the_weight_is_an_error_and_a_bare_deduction_a_warning() -> None:
    """12 of 10 is an error naming manual_score; 6 of 10 without a reason is scored and
    flagged rubric_deduction_unexplained; 10 of 10 needs no reason."""
    rows = table(
        {"level1": "决策", "level2": "项目立项", "target": "依据充分", "weight": "10",
         "manual_score": "12"},
        {"level1": "决策", "level2": "项目立项", "target": "依据充分", "weight": "10",
         "manual_score": "6"},
        {"level1": "过程", "level2": "组织实施", "target": "健全", "weight": "10",
         "manual_score": "10"},
    )
    result = score_frame(rows, EVALUATION, year=2024)
    assert list(result["status"])[:2] == ["error", "warning"]
    assert result["error_column"].iloc[0] == "manual_score"
    assert result["code"].iloc[0] == "manual_score_invalid"
    assert result["final_score"].iloc[1] == D("6.00")
    assert "rubric_deduction_unexplained" in result["flags"].iloc[1].split(";")
    assert result["final_score"].iloc[2] == D("10.00")
    assert "rubric_deduction_unexplained" not in result["flags"].iloc[2].split(";")


def test_rubric_row_without_a_score_asks_for_the_evaluator() -> None:
    """A 决策 row printing only its standard has no rule: an error saying to enter the
    evaluator's score."""
    rows = table({"level1": "决策", "level2": "项目立项", "target": "依据充分",
                  "weight": "10", "manual_score": "", "actual": ""})
    result = score_frame(rows, EVALUATION, year=2024)
    assert result["status"].iloc[0] == "error"
    assert "evaluator" in result["message"].iloc[0]


def test_frame_and_reference_agree_on_the_framework_tables() -> None:
    """Row by row, the vectorised scores equal the Decimal reference on each framework."""
    for rows, scheme in ((evaluation_table(), EVALUATION),):
        result = score_frame(rows, scheme, year=2024)
        assert list(result["final_score"]) == reference_scores(result, scheme)


# --- 部门整体 -------------------------------------------------------------------------------


def department_table() -> pd.DataFrame:
    """A 部门整体 tree in the 部门决策 / 综合管理 / 履职效能 layout, 执行率 inside."""
    return table(
        {"level1": "部门决策(20分)", "level2": "目标设定", "indicator": "绩效目标合理性",
         "target": "合理", "weight": "20", "manual_score": "18",
         "adjustment_reason": "目标未量化"},
        {"level1": "综合管理(30分)", "level2": "预算执行", "indicator": "预算执行率",
         "target": "=100%", "actual": "95%", "weight": "15"},
        {"level1": "综合管理(30分)", "level2": "资产管理", "indicator": "资产管理规范性",
         "target": "规范", "actual": "规范", "weight": "15"},
        {"level1": "履职效能(50分)", "level2": "部门履职", "indicator": "重点工作完成率",
         "target": "≥95%", "actual": "100%", "weight": "50"},
    )


def test_department_tree_is_scored_as_its_own_tree() -> None:
    """部门决策 18 + 部门管理 (综合管理) 29.25 + 部门绩效 (履职效能) 50 = 97.25; the
    department's 执行率 is the indicator inside 部门管理, no separate line."""
    rows = department_table()
    result = evaluate(evaluation_of(rows, scheme="department-overall"))
    project = result.projects.iloc[0]
    assert [project[pool] for pool in result.pools] == [D("18.00"), D("29.25"), D("50.00"),
                                                         D("0.00")]
    assert (project["total"], project["execution_score"]) == (D("97.25"), None)
    scored = score_frame(rows, DEPARTMENT, year=2024)
    assert list(scored["final_score"]) == reference_scores(scored, DEPARTMENT)


def test_budget_weighted_average_is_a_labelled_analytic_view() -> None:
    """Totals 80 (budget 100) and 100 (budget 300) of one unit → 95.00; a project without a
    budget is left out and counted; the label says it is not the official score."""
    rows = pd.concat([
        table({"project_id": "P1", "target": "≥10 个", "actual": "7 个", "weight": "90"}),
        table({"project_id": "P2", "target": "≥10 个", "actual": "10 个", "weight": "90"}),
        table({"project_id": "P3", "target": "≥10 个", "actual": "10 个", "weight": "90"}),
    ], ignore_index=True)
    projects = pd.DataFrame([
        {**dict.fromkeys(PROJECT_COLUMNS, ""), "project_id": pid, "project": pid,
         "unit": "某局", "budget": budget, "spent": spent}
        for pid, budget, spent in (("P1", "100", "100"), ("P2", "300", "300"), ("P3", "", ""))
    ], dtype=object)
    result = evaluate(Evaluation("t", 2024, "national-2020", projects, rows))
    assert list(result.projects["total"])[:2] == [D("73.00"), D("100.00")]
    view = budget_weighted_average(result)
    record = view.iloc[0]
    assert (record["unit"], record["projects"], record["left_out"]) == ("某局", 2, 1)
    assert record["weighted_total"] == D("93.25")
    assert "not the official" in record["label"]


# --- choosing the scheme ---------------------------------------------------------------------


@pytest.mark.parametrize(("rows", "expected"), [
    (evaluation_table(), "evaluation-2020"),
    (department_table(), "department-overall"),
    (table({"level1": "项目决策(20分)", "level2": "科学决策", "target": "充分",
            "weight": "20"}), "project-2017"),
    (table({"level1": "产出指标", "target": "≥1 个", "actual": "1 个"}), "national-2020"),
    (table({"level1": "产出", "target": "≥1 个", "actual": "1 个"},
           {"level1": "效益", "target": "≥1 个", "actual": "1 个"},
           {"level1": "满意度", "target": "≥90%", "actual": "95%"}), "national-2020"),
    (table({"level1": "", "level2": "", "target": "≥1 个", "actual": "1 个"}), "national-2020"),
])
def test_auto_picks_the_tree_that_fits(rows: pd.DataFrame, expected: str) -> None:
    """The scheme whose tree fits the 一级 texts best is chosen; nothing to go by → the
    national default."""
    assert choose_scheme(rows).scheme.name == expected


def test_the_choice_and_its_reason_are_in_every_output(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A flat CSV names no scheme: auto picks evaluation-2020 and says why in the table and the
    JSON; ``--scheme NAME`` wins and gives no reason; the CSV carries per-一级 subtotals."""
    path = tmp_path / "评价.csv"
    evaluation_table().drop(columns=["project_id"]).to_csv(path, index=False)
    main(["score", str(path)])
    text = capsys.readouterr().out
    assert "scheme: evaluation-2020" in text and "chosen automatically" in text
    assert "total = 决策 + 过程 + 产出 + 效益" in text
    main(["score", str(path), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert document["scheme"] == "evaluation-2020" and "fits 7 of 7" in document["scheme_choice"]
    assert document["pools"] == ["决策", "过程", "产出", "效益"]
    assert document["projects"][0]["过程"] == "19.00"
    main(["score", str(path), "--scheme", "national-2020", "--format", "json"])
    forced = json.loads(capsys.readouterr().out)
    assert (forced["scheme"], forced["scheme_choice"]) == ("national-2020", "")
    main(["score", str(path), "--format", "csv"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(",pool_subtotal") and lines[1].endswith(",18.00")


def test_an_evaluation_toml_scheme_always_wins() -> None:
    """An evaluation that names its scheme is scored with it, whatever its tree looks like."""
    result = evaluate(evaluation_of(evaluation_table(), scheme="national-2020"))
    assert (result.scheme_name, result.scheme_choice) == ("national-2020", "")


def test_subtotals_in_the_workbook_and_html_use_the_schemes_names(tmp_path: Path) -> None:
    """The 汇总 sheet and the HTML report show the evaluation framework's 一级."""
    from openpyxl import load_workbook

    from scoring.outputs.html_report import write_html
    from scoring.outputs.workbook import write_workbook

    result = evaluate(evaluation_of(evaluation_table(), scheme="evaluation-2020"))
    book = load_workbook(write_workbook(result, tmp_path / "out.xlsx"))
    header = [cell.value for cell in book["汇总"][4]]
    assert [name for name in header if str(name).endswith("得分")][1:5] == [
        "决策得分", "过程得分", "产出得分", "效益得分"]
    assert D(str(book["汇总"].cell(5, header.index("过程得分") + 1).value)) == D(19)
    write_html(result, tmp_path / "out.html")
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "过程" in html and "决策" in html


def test_the_readme_worked_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's third-party example: rubric scores entered in an actuals.csv overlay of a
    copy of published-frameworks; the 湖北 sheet's 决策 subtotal is 2 + 3 + 4 = 9.00."""
    import shutil

    folder = tmp_path / "review"
    shutil.copytree(Path(__file__).resolve().parents[1] / "evaluations" / "published-frameworks",
                    folder)
    (folder / "actuals.csv").write_text(
        "project_id,seq,manual_score,adjustment_reason\npub-a329b7e2,1,2,\n"
        "pub-a329b7e2,2,3,目标与发展规划的衔接说明不充分\npub-a329b7e2,3,4,年度指标未全部细化量化\n",
        encoding="utf-8")
    main(["score", str(folder), "--scheme", "evaluation-2020", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    project = next(p for p in document["projects"] if p["project_id"] == "pub-a329b7e2")
    assert (project["决策"], project["total"]) == ("9.00", "9.00")


def test_the_choice_is_in_the_workbook_and_html_and_flags_are_labelled(tmp_path: Path) -> None:
    """An automatic choice is written beside the scheme's name in the 汇总 sheet and the HTML;
    the new flags have Chinese labels in the report."""
    from openpyxl import load_workbook

    from scoring.outputs.html_report import write_html
    from scoring.outputs.workbook import write_workbook

    result = evaluate(evaluation_of(evaluation_table()))
    assert result.scheme_name == "evaluation-2020" and result.scheme_choice
    book = load_workbook(write_workbook(result, tmp_path / "out.xlsx"))
    assert "chosen automatically" in str(book["汇总"].cell(2, 2).value)
    write_html(result, tmp_path / "out.html")
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "chosen automatically" in html and "评价人评分" in html


def test_check_takes_the_printed_rubric_score_as_the_evaluators(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``jixiao check`` on an evaluation-framework table: a rubric 得分 within its 分值 is the
    evaluator's and agrees; one above its 分值 is reported as differing."""
    rows = evaluation_table().drop(columns=["project_id", "manual_score"])
    rows["published_score"] = ["10", "12", "9", "10", "24", "20", "10"]
    path = tmp_path / "评价.csv"
    rows.to_csv(path, index=False)
    assert main(["check", str(path), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    text = json.dumps(document, ensure_ascii=False)
    assert "绩效目标合理性" in text and "立项依据充分性" not in text
