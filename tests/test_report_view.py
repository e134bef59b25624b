"""What the HTML report explains: 不适用 rescaling, flags in Chinese, shared notes, printing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import pytest

from scoring.model.columns import INDICATOR_COLUMNS, PROJECT_COLUMNS, RESULT_COLUMNS
from scoring.model.problems import PROBLEM_COLUMNS
from scoring.model.result import Result
from scoring.outputs.html_report import render_html
from scoring.outputs.html_report._format import count_text, flag_codes, flag_label
from scoring.outputs.html_report._view import report_view

D = Decimal
WEIGHT_NOTE = "the project's weights add up to 80, expected 100 − execution = 90"


def _indicator(project_id: str, name: str, **cells: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys((*INDICATOR_COLUMNS, *RESULT_COLUMNS))
    row.update(project_id=project_id, level1="产出指标", level2="数量指标", indicator=name,
               target="≥10 个", actual="10 个", pool="产出指标", kind="at_least", status="ok",
               applicable=True, weight=D("40"), weight_used=D("40"), attainment=D("1"),
               final_score=D("40.00"))
    row.update(cells)
    return row


def _project(project_id: str, name: str, **cells: Any) -> dict[str, Any]:
    row: dict[str, Any] = {**dict.fromkeys(PROJECT_COLUMNS), "project_id": project_id,
                           "project": name, "budget": D("100.00"), "spent": D("100.00"),
                           "schedule": "25,50,75,100", "产出指标": D("80.00"),
                           "execution_rate": D("100.00"), "execution_score": D("10.00"),
                           "total": D("90.00"), "grade": "优", "warnings": 0, "errors": 0,
                           "not_applicable_factor": None}
    row.update(cells)
    return row


def _result(indicators: list[dict[str, Any]], projects: list[dict[str, Any]],
            problems: list[dict[str, Any]] | None = None) -> Result:
    return Result(
        title="测试评价", year=2024, scheme_name="national-2020", scheme_hash="cd34" * 16,
        indicators=pd.DataFrame(indicators, columns=[*INDICATOR_COLUMNS, *RESULT_COLUMNS]),
        projects=pd.DataFrame(projects),
        problems=pd.DataFrame(problems or [], columns=list(PROBLEM_COLUMNS)),
        pools=("产出指标",),
    )


@pytest.fixture(scope="module")
def rescaled() -> Result:
    """P1: weights 40 + 40 + 10 (不适用); the 80 points earned are rescaled by 90/80 = 1.125."""
    indicators = [
        _indicator("P1", "完成数量"),
        _indicator("P1", "完成质量"),
        _indicator("P1", "生态效益", applicable="不适用", weight=D("10"), weight_used=D("10"),
                   attainment=None, final_score=None, flags="not_applicable",
                   message="不适用: excluded from the totals"),
        _indicator("P2", "普通指标"),
    ]
    # 80.00 × 1.125 = 90.00, plus execution 10.00 → 100.00.
    projects = [_project("P1", "有不适用指标的项目", total=D("100.00"),
                         not_applicable_factor=D("1.1250")),
                _project("P2", "普通项目", 产出指标=D("40.00"), total=D("50.00"), grade="差")]
    return _result(indicators, projects)


def test_rescaled_total_is_marked_and_explained(rescaled: Result) -> None:
    """A total rescaled for 不适用 rows carries †, and the page explains the factor."""
    page = render_html(rescaled)
    assert "100.00<span class=\"mark footnote\">†</span>" in page
    assert 'id="rescaling-note"' in page
    assert "折算系数 1.1250" in page
    assert "50.00<span class=\"mark footnote\"></span>" in page


def test_rescaling_view_counts_the_excluded_rows(rescaled: Result) -> None:
    """The rescaling line names the 不适用 rows, their weight and the applicable weight."""
    first, second = report_view(rescaled).projects
    assert first.rescaling is not None
    assert (first.rescaling.rows, first.rescaling.weight_not_applicable,
            first.rescaling.weight_applicable, first.rescaling.indicator_points,
            first.rescaling.factor) == (1, "10.00", "80.00", "80.00", "1.1250")
    assert second.rescaling is None
    excluded = first.indicators[2]
    assert excluded.not_applicable and excluded.score == "不适用" and excluded.status == "na"
    assert excluded.remarks == ("不适用：不计分，其余指标得分按比例折算",)


def test_no_rescaling_note_without_a_factor() -> None:
    """A result without 不适用 rows has no † and no rescaling note."""
    view = report_view(_result([_indicator("P1", "完成数量")], [_project("P1", "普通项目")]))
    assert view.rescaled is False
    assert view.projects[0].rescaling is None


def test_flags_are_shown_in_chinese_once() -> None:
    """``a;b`` flags become Chinese labels; their English explanations are not repeated."""
    row = _indicator("P1", "人员数量", comparator_inferred=True,
                     flags="comparator_inferred;over_completion;target:approximate",
                     message="no comparator written; the comparator was inferred; actual far "
                             "above target: check whether the target was set too low")
    view = report_view(_result([row], [_project("P1", "项目")]))
    assert view.projects[0].indicators[0].remarks == (
        "指标值未写比较方向，已推定",
        "实际值远超指标值，请复核指标值是否偏低",
        "指标值为约数（约/左右）",
    )


def test_message_repeated_on_rows_is_shown_once_above_the_table() -> None:
    """A note every row repeats goes above the project's table; a row keeps its own error."""
    rows = [
        _indicator("P1", "甲", flags="weights_inconsistent", detail=WEIGHT_NOTE),
        _indicator("P1", "乙", flags="weights_inconsistent", detail=WEIGHT_NOTE),
        _indicator("P1", "丙", status="error", flags="input_error;weights_inconsistent",
                   detail=f"cannot read target; {WEIGHT_NOTE}", final_score=None),
    ]
    project = report_view(_result(rows, [_project("P1", "项目")])).projects[0]
    assert project.shared_remarks == (WEIGHT_NOTE,)
    assert project.indicators[0].remarks == ("分值合计与评分方案不符",)
    assert project.indicators[2].remarks == (
        "输入有误，未计分", "分值合计与评分方案不符", "cannot read target", WEIGHT_NOTE)


def test_distributed_weights_are_explained_per_pool() -> None:
    """Weights the scheme filled in are summed per 一级 with the range of the shares."""
    rows = [_indicator("P1", name, weight=None, weight_used=D(points))
            for name, points in (("甲", "16.66"), ("乙", "16.66"), ("丙", "16.68"))]
    rows.append(_indicator("P1", "丁", level1="效益指标", pool="效益指标"))
    project = report_view(_result(rows, [_project("P1", "项目")])).projects[0]
    assert project.distribution == ("产出指标 3 项共 50.00 分（每项 16.66–16.68）",)
    assert [row.weight_distributed for row in project.indicators] == [True, True, True, False]


def test_problem_rows_read_as_floats_show_as_whole_numbers() -> None:
    """A row number read as 2.0 shows as 2; the column and code get Chinese names."""
    problems = [{"source": "indicators.csv", "row": 2.0, "column": "weight",
                 "code": "weights_inconsistent", "severity": "warning", "message": WEIGHT_NOTE,
                 "project_id": "P1"}]
    view = report_view(_result([_indicator("P1", "甲")], [_project("P1", "项目")], problems))
    (problem,) = view.projects[0].problems
    assert (problem.row, problem.column_label, problem.code_label) == (
        "2", "分值", "分值合计与评分方案不符")


def test_notes_are_shown_escaped_one_paragraph_per_line() -> None:
    """The evaluation's notes appear at the top, one paragraph per line, as text."""
    result = _result([_indicator("P1", "甲")], [_project("P1", "项目")])
    page = render_html(result, notes="实际完成值为示例。\n<b>不得引用</b>\n")
    assert "<p>实际完成值为示例。</p>" in page
    assert "<p>&lt;b&gt;不得引用&lt;/b&gt;</p>" in page
    assert page.index('id="notes"') < page.index('id="summary"')


def test_page_prints_on_a4_landscape() -> None:
    """The stylesheet asks for A4 landscape pages and repeats table headers when printed."""
    page = render_html(_result([_indicator("P1", "甲")], [_project("P1", "项目")]))
    assert "@page { size: A4 landscape;" in page
    assert "thead { display: table-header-group; }" in page


def test_format_helpers_for_flags_and_counts() -> None:
    """Flags split on ';' without repeats; parser flags name their cell; counts drop '.0'."""
    assert flag_codes("a;b;;a") == ("a", "b")
    assert flag_codes(("over_completion",)) == ("over_completion",)
    assert flag_codes(None) == ()
    assert flag_label("actual:converted_from:亩") == "实际完成值由 亩 换算"
    assert flag_label("target:subject:故障次数") == "指标值：subject:故障次数"
    assert flag_label("something_new") == "something_new"
    assert count_text(2.0) == "2" and count_text("7") == "7" and count_text(None) == ""


def test_rescaling_explains_the_rule_that_made_the_total() -> None:
    """The report's 不适用 line names the rule whose figures give the total back: the
    whole-total rule by default, the indicator-points rule when the scheme chooses it."""
    import scoring
    import weights
    from scoring.outputs.html_report._view import _rescaling

    evaluation = scoring.read_evaluation("evaluations/chengde-2024")
    default = weights.load_scheme("national-2020")
    old = default.model_copy(update={"distribution": default.distribution.model_copy(
        update={"not_applicable": "indicator_points"})})
    for scheme, whole in ((default, True), (old, False)):
        result = scoring.evaluate(evaluation, scheme)
        row = result.projects[result.projects["project_id"] == "13082124P00012110002M"]
        records = [{str(k): v for k, v in record.items()} for record in result.indicators[
            result.indicators["project_id"] == "13082124P00012110002M"].to_dict("records")]
        summary = {str(k): v for k, v in row.iloc[0].to_dict().items()}
        rescaling = _rescaling(summary, records, list(result.pools))
        assert rescaling is not None
        assert rescaling.whole_total is whole
