"""Scoring whole evaluations: hand-computed totals of the tiny folder, problems, caps, grades.

The tiny folder (tests/data/evaluations/tiny) under national-2020 (产出 50, 效益 30, 满意度 10,
执行率 10), every number worked out by hand from domain.md §5–§7:

A01 危岩清理工程, budget 100, spent 95 → 执行率 95.00%, execution score 0.95 × 10 = 9.50
  1 at_least   ≥2000 立方米, 1800   w20: 1800/2000 × 20          = 18.00
  2 more_than  >10 个, 11           w10: 11 > 10                 = 10.00
  3 at_most    ≤3 万元/亩, 3.3      w10: (1 − 0.3/3) × 10        =  9.00
  4 deadline   12月31日前, 11月20日 w10: on time                 = 10.00
    产出 = 18 + 10 + 9 + 10                                      = 47.00
  5 less_than  <3 次, 1             w10                          = 10.00
  6 range      80%-90%, 85%         w10: inside                  = 10.00
  7 qualitative 效果明显, 基本达成  w10: 部分达成 0.7 × 10 = 7, deduction 1 → 6.00
    效益 = 10 + 10 + 6                                           = 26.00
  8 equal      =100%, 95%           w10: as at_least 95/100 × 10 =  9.50
    满意度                                                       =  9.50
  total = 47 + 26 + 9.5 + 9.5 = 92.00 → 优; no warning, no error.

B01 农民技能培训, budget 50, spent 40 → 执行率 80.00% (< 90%: warning), score 8.00
  1 at_least ≥500 人次, 550 w25 = 25.00
  2 ≥95%, 不适用            w15: excluded
  3 `20122012 年 5 月 28 日` w10: malformed target → error row, 0 points
  4 at_least ≥10 万元, 8    w30: 8/10 × 30 = 24.00
  5 at_least ≥90%, 92%      w10 = 10.00
  applicable weights W_A = 25 + 10 + 30 + 10 = 75, 不适用 W_N = 15, execution 10: factor 100/85
  产出 = 25 + 0 = 25.00; 效益 = 24.00; 满意度 = 10.00 (subtotals are not rescaled)
  total = (59 + 8) / (75 + 10) × 100 = 78.82 → 中 (the execution line counts in both sums)
  (良 under grades 80/70/60); 1 warning, 1 error.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from scoring import evaluate, read_evaluation
from scoring.engine.evaluate import row_problems
from scoring.model.columns import INDICATOR_COLUMNS, PROJECT_COLUMNS, RESULT_COLUMNS
from scoring.model.evaluation import Evaluation
from scoring.model.problems import iter_problems
from scoring.model.result import Result
from weights import load_scheme

D = Decimal
TINY = Path(__file__).parent / "data" / "evaluations" / "tiny"
POOLS = ["产出指标", "效益指标", "满意度指标"]


@pytest.fixture(scope="module")
def tiny() -> Evaluation:
    """The tiny folder evaluation."""
    return read_evaluation(TINY)


@pytest.fixture(scope="module")
def result(tiny: Evaluation) -> Result:
    """The tiny evaluation scored with its own scheme."""
    return evaluate(tiny)


def project(result: Result, pid: str) -> pd.Series:
    """The result row of one project."""
    rows = result.projects[result.projects["project_id"] == pid]
    assert len(rows) == 1
    return rows.iloc[0]


def scores(result: Result, pid: str) -> list[Decimal | None]:
    rows = result.indicators[result.indicators["project_id"] == pid]
    return [None if s is None or s != s else s for s in rows["final_score"]]


def test_row_scores_by_hand(result: Result) -> None:
    """Every kind scores as worked out in the module docstring."""
    assert scores(result, "A01") == [D("18.00"), D("10.00"), D("9.00"), D("10.00"), D("10.00"),
                                     D("10.00"), D("6.00"), D("9.50")]
    assert scores(result, "B01") == [D("25.00"), None, None, D("24.00"), D("10.00")]


def test_project_a_totals(result: Result) -> None:
    """A01: 47.00 / 26.00 / 9.50, 执行率 95.00%, 9.50, total 92.00, 优, clean."""
    a = project(result, "A01")
    assert [a[p] for p in POOLS] == [D("47.00"), D("26.00"), D("9.50")]
    assert (a["execution_rate"], a["execution_score"]) == (D("95.00"), D("9.50"))
    assert (a["total"], a["grade"], a["warnings"], a["errors"]) == (D("92.00"), "优", 0, 0)


def test_project_b_rescaled_with_error_row(result: Result) -> None:
    """B01: 不适用 points spread (×100/85), error row scores 0 but is marked; total 78.82, 中."""
    b = project(result, "B01")
    assert [b[p] for p in POOLS] == [D("25.00"), D("24.00"), D("10.00")]
    assert (b["execution_rate"], b["execution_score"]) == (D("80.00"), D("8.00"))
    assert (b["total"], b["grade"], b["warnings"], b["errors"]) == (D("78.82"), "中", 1, 1)


def test_statuses(result: Result) -> None:
    """The malformed target is the only error row; the 不适用 row is ok."""
    b = result.indicators[result.indicators["project_id"] == "B01"]
    assert list(b["status"]) == ["ok", "ok", "error", "ok", "ok"]
    assert "not_applicable" in b.iloc[1]["flags"]


def test_problems_name_project_file_row_column(result: Result) -> None:
    """The error row (indicators.csv row 12) and the 执行率 warning (projects.csv row 3)."""
    problems = result.problems
    assert list(problems["project_id"]) == ["B01", "B01"]
    error = problems[problems["severity"] == "error"].iloc[0]
    assert (error["source"], error["row"], error["column"]) == ("indicators.csv", 12, "target")
    warning = problems[problems["severity"] == "warning"].iloc[0]
    assert (warning["source"], warning["row"], warning["column"]) == ("projects.csv", 3, "spent")
    assert "below 90%" in warning["message"] and "reason" in warning["message"]
    assert result.has_errors


def test_result_tables_keep_inputs(tiny: Evaluation, result: Result) -> None:
    """Indicators keep every input column (the input_error marker aside) plus the result
    columns; projects have canonical, pool and result columns; the input is untouched."""
    inputs = [c for c in tiny.indicators.columns if c != "input_error"]
    assert list(result.indicators.columns) == [*inputs, *RESULT_COLUMNS]
    pd.testing.assert_frame_equal(result.indicators[list(INDICATOR_COLUMNS)],
                                  tiny.indicators[list(INDICATOR_COLUMNS)])
    assert list(result.projects.columns) == [*PROJECT_COLUMNS, *POOLS, "execution_rate",
                                             "execution_score", "total", "grade", "warnings",
                                             "errors", "not_applicable_factor"]
    assert "input_error" in tiny.indicators.columns


def test_scheme_name_and_hash(result: Result) -> None:
    """The result records the scheme and the hash of its resolved settings."""
    scheme = load_scheme("national-2020")
    assert (result.scheme_name, result.scheme_hash) == ("national-2020", scheme.content_hash)
    assert (result.title, result.year) == ("测试单位 2024 年项目支出绩效自评", 2024)


def test_other_grade_bands(tiny: Evaluation) -> None:
    """Under grades 80/70/60 B01's 78.82 is 良 and A01's 92.00 is 优."""
    graded = evaluate(tiny, "grades-80-70-60")
    assert list(graded.projects["grade"]) == ["优", "良"]
    assert graded.scheme_name == "grades-80-70-60"


def test_caps_by_execution(tiny: Evaluation) -> None:
    """A cap of 75 below 90%: B01 (80%) 78.82 → 75.00, flagged; A01 (95%) untouched."""
    scheme = load_scheme("national-2020", overrides={
        "execution": {"caps": [{"below": D("0.9"), "max_total": D(75)}]}})
    capped = evaluate(tiny, scheme)
    assert list(capped.projects["total"]) == [D("92.00"), D("75.00")]
    assert list(capped.projects["warnings"]) == [0, 2]
    codes = list(capped.problems["code"])
    assert "execution_cap" in codes
    assert capped.scheme_hash != load_scheme("national-2020").content_hash


def test_settings_override_the_scheme(tiny: Evaluation) -> None:
    """[scheme_overrides] (here execution 20, 产出 40) are applied when no scheme is given.

    A01: 执行 0.95 × 20 = 19.00; 产出 weights 20/10/10/10 are table weights and stay, so the
    table no longer matches the scheme, but the total is still the sum: 47 + 26 + 9.5 + 19 →
    capped by 100 only if above (101.50 → 100.00).
    """
    settings = {"weights": {"execution": 20, "level1": {"产出指标": 40, "效益指标": 30,
                                                        "满意度指标": 10}}}
    ev = Evaluation(title=tiny.title, year=tiny.year, scheme=tiny.scheme,
                    projects=tiny.projects, indicators=tiny.indicators, source=tiny.source,
                    settings=settings)
    scored = evaluate(ev)
    a = project(scored, "A01")
    assert a["execution_score"] == D("19.00")
    assert a["total"] == D("100.00")
    assert scored.scheme_hash != load_scheme("national-2020").content_hash


def test_budget_zero_is_an_error_and_indicators_still_count(tiny: Evaluation) -> None:
    """Budget 0: no 执行率, an error naming projects.csv row and column budget; the total is the
    indicator points alone (47 + 26 + 9.5 = 82.50, 良)."""
    projects = tiny.projects.copy()
    projects.loc[0, "budget"] = "0"
    ev = Evaluation(title="t", year=2024, scheme="national-2020", projects=projects,
                    indicators=tiny.indicators, source=tiny.source)
    scored = evaluate(ev)
    a = project(scored, "A01")
    assert (a["execution_rate"], a["execution_score"]) == (None, None)
    assert (a["total"], a["grade"], a["errors"]) == (D("82.50"), "良", 1)
    problem = scored.problems[scored.problems["code"] == "execution"].iloc[0]
    assert (problem["source"], problem["row"], problem["column"]) == ("projects.csv", 2, "budget")


def test_bad_input_rows_are_errors_and_the_rest_is_scored(tmp_path: Path) -> None:
    """A bad weight and a bad overlay deduction make their rows errors (one problem each, from
    the reader, naming file, row and column); the good row still scores: 50 + execution 10 →
    60.00, with 2 errors."""
    root = tmp_path / "ev"
    root.mkdir()
    (root / "evaluation.toml").write_text('title = "t"\nyear = 2024\n', encoding="utf-8")
    (root / "projects.csv").write_text("project_id,project,budget,spent\nX,项目,10,10\n",
                                       encoding="utf-8")
    header = ",".join(INDICATOR_COLUMNS)
    (root / "indicators.csv").write_text(
        f"{header}\n"
        "X,项目,1,产出指标,数量指标,甲,≥10 个,10 个,50,,,,,,\n"
        "X,项目,2,效益指标,社会效益指标,乙,≥10 个,10 个,abc,,,,,,\n"
        "X,项目,3,满意度指标,服务对象满意度指标,丁,≥90%,,10,,,,,,\n", encoding="utf-8")
    (root / "actuals.csv").write_text("project_id,seq,actual,adjustment\nX,3,95%,很多\n",
                                      encoding="utf-8")
    scored = evaluate(read_evaluation(root))
    rows = scored.indicators
    assert list(rows["status"]) == ["ok", "error", "error"]
    assert [s if s is not None and s == s else None for s in rows["final_score"]] == [
        D("50.00"), None, None]
    assert "input_error" in rows.iloc[1]["flags"]
    assert "weight must be a number" in rows.iloc[1]["message"]
    x = project(scored, "X")
    assert (x["total"], x["warnings"], x["errors"]) == (D("60.00"), 0, 2)
    located = scored.problems[["source", "row", "column"]].values.tolist()
    assert located == [["indicators.csv", 3, "weight"], ["actuals.csv", 2, "adjustment"]]


def test_project_without_indicators_has_no_total(tiny: Evaluation) -> None:
    """A funding line without indicator rows gets no total and an error."""
    extra = pd.DataFrame([["C01", "空项目", "", "2024", "", "10", "10", "", ""]],
                         columns=list(PROJECT_COLUMNS))
    ev = Evaluation(title="t", year=2024, scheme="national-2020",
                    projects=pd.concat([tiny.projects, extra], ignore_index=True),
                    indicators=tiny.indicators, source=tiny.source)
    c = project(evaluate(ev), "C01")
    assert (c["total"], c["grade"], c["errors"]) == (None, "", 1)
    assert c["execution_score"] == D("10.00")


def test_totals_never_exceed_100(result: Result) -> None:
    """Every total lies in 0..100."""
    assert all(D(0) <= t <= D(100) for t in result.projects["total"] if t is not None)


def test_row_numbers_read_alike_from_integers_and_text() -> None:
    """A source_row column of integers gives the rows its text would: 0 to 999,999,999 only."""
    def problems(rows: list[int] | list[str]) -> list[int | None]:
        scored = pd.DataFrame({"status": ["warning"] * len(rows), "code": "c", "message": "m",
                               "source_row": rows})
        return [p.row for p in iter_problems(row_problems(scored, [""] * len(rows), "t.csv"))]

    numbers = [2, -1, 10**9, 999_999_999, 0]
    assert problems(numbers) == problems([str(n) for n in numbers]) == [
        2, None, None, 999_999_999, 0]


def test_problems_table_has_the_same_dtypes_empty_and_full(result: Result) -> None:
    """A problems table keeps one dtype per column whether it holds problems or none, and the
    problems of the indicator rows read back as the objects a reader's problems are."""
    empty = row_problems(pd.DataFrame({"status": ["ok"]}), [""], "t.csv")
    full = result.problems
    assert len(empty) == 0 and len(full) > 0
    assert list(empty.columns) == list(full.columns)
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()
    found = list(iter_problems(full))
    assert len(found) == len(full)
    assert [p.row for p in found] == [None if pd.isna(r) else r for r in full["row"]]
    assert {type(p.row) for p in found} <= {int, type(None)}
