"""The HTML report: one self-contained, escaped, reproducible page with every project."""

from __future__ import annotations

import base64
import os
import struct
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from scoring.model.columns import INDICATOR_COLUMNS, PROJECT_COLUMNS, RESULT_COLUMNS
from scoring.model.problems import PROBLEM_COLUMNS
from scoring.model.result import Result
from scoring.outputs.html_report import render_html, write_html

D = Decimal
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
VOID_ELEMENTS = {"meta", "img", "br", "hr", "link", "input", "col", "source", "wbr"}
HOSTILE_NAME = "<script>alert(1)</script>"


def _indicator(project_id: str, name: str, **cells: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys((*INDICATOR_COLUMNS, *RESULT_COLUMNS))
    row.update(project_id=project_id, level1="产出指标", level2="数量指标", indicator=name,
               target="≥10 个", actual="10 个", pool="产出指标", kind="at_least", status="ok",
               applicable=True)
    row.update(cells)
    return row


@pytest.fixture(scope="module")
def result() -> Result:
    """Two projects; one indicator name is hostile markup, one project name holds an ampersand."""
    indicators = [
        _indicator("P1", "清理危岩、浮渣体积", weight=None, weight_used=D("25.00"),
                   attainment=D("1"), final_score=D("25.00")),
        _indicator("P1", HOSTILE_NAME, weight=D("25"), weight_used=D("25"),
                   attainment=D("0.98765"), final_score=D("24.69"), note=""),
        _indicator("P1", "项目实施满意度", level1="满意度指标", pool="满意度指标",
                   weight=D("10"), weight_used=D("10"), attainment=D("0.5"),
                   final_score=D("5.00"), note="问卷回收率低", flags=("over_completion",)),
        _indicator("P2", "土地复垦利用率", weight=None, weight_used=D("50"), kind="unscorable",
                   status="error", message="需要人工评分"),
    ]
    projects = [
        {**dict.fromkeys(PROJECT_COLUMNS), "project_id": "P1", "project": "矿山修复 & 治理",
         "budget": D("435.00"), "spent": D("369.75"), "schedule": "25,50,75,100",
         "产出指标": D("49.69"), "满意度指标": D("5.00"), "execution_rate": D("85.00"),
         "execution_score": D("8.50"), "total": D("63.19"), "grade": "中", "warnings": 1,
         "errors": 0},
        {**dict.fromkeys(PROJECT_COLUMNS), "project_id": "P2", "project": "地质灾害治理",
         "budget": D("100.00"), "spent": D("100.00"), "schedule": "25,50,75,100",
         "产出指标": D("0"), "满意度指标": D("0"), "execution_rate": D("100.00"),
         "execution_score": D("10.00"), "total": D("10.00"), "grade": "差", "warnings": 0,
         "errors": 1},
    ]
    problems = [
        {"source": "indicators.csv", "row": 5, "column": "actual", "code": "unscorable",
         "severity": "error", "message": "土地复垦利用率：需要人工评分", "project_id": "P2"},
        {"source": "projects.csv", "row": 9, "column": "project_id", "code": "unknown_project",
         "severity": "warning", "message": "项目 P9 不在项目表中", "project_id": "P9"},
    ]
    return Result(
        title="承德县自然资源和规划局 2024 年绩效自评", year=2024, scheme_name="national-2020",
        scheme_hash="ab12" * 16,
        indicators=pd.DataFrame(indicators, columns=[*INDICATOR_COLUMNS, *RESULT_COLUMNS]),
        projects=pd.DataFrame(projects),
        problems=pd.DataFrame(problems, columns=list(PROBLEM_COLUMNS)),
    )


class _Page(HTMLParser):
    """Collects text, attributes and table rows, and checks that every element is closed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)
        if tag == "tr":
            self.rows.append([])
        if tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()
        if tag in {"td", "th"} and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def page(result: Result) -> str:
    """The rendered page, once per module (each render draws three charts)."""
    return render_html(result)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert parser.open == []
    return parser


def _row_with(parser: _Page, cell: str) -> list[str]:
    (row,) = [row for row in parser.rows if cell in row]
    return row


def test_page_parses_with_every_element_closed(page: str) -> None:
    """The page is well-formed HTML in Chinese, with a title and UTF-8 charset."""
    parser = _parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert ("html", "lang", "zh-CN") in parser.attributes
    assert ("meta", "charset", "utf-8") in parser.attributes
    assert "承德县自然资源和规划局 2024 年绩效自评" in "".join(parser.text)


def test_page_names_every_project_and_indicator(result: Result, page: str) -> None:
    """Every project and every indicator appears in the page text."""
    text = "".join(_parse(page).text)
    for name in [*result.projects["project"], *result.indicators["indicator"]]:
        assert name in text


def test_page_shows_scheme_and_source_without_a_clock(result: Result) -> None:
    """The scheme name, its full hash and the source are shown; rendering twice is identical."""
    page = render_html(result, source="evaluations/chengde-2024")
    text = "".join(_parse(page).text)
    assert "national-2020" in text
    assert "ab12" * 16 in text
    assert "evaluations/chengde-2024" in text
    assert page == render_html(result, source="evaluations/chengde-2024")


def test_page_loads_nothing_from_the_network(page: str) -> None:
    """No script, stylesheet link or remote URL: links are anchors, images are data URIs."""
    parser = _parse(page)
    assert "script" not in parser.tags and "link" not in parser.tags
    references = [value for _, name, value in parser.attributes if name in {"src", "href"}]
    assert references
    assert all(value.startswith(("#", "data:image/png;base64,")) for value in references)
    assert "http://" not in page and "https://" not in page
    assert "url(" not in page and "@import" not in page


def test_charts_are_embedded_pngs(page: str) -> None:
    """Three images, each a base64 PNG whose size matches the img width and height."""
    parser = _parse(page)
    sources = [value for tag, name, value in parser.attributes if tag == "img" and name == "src"]
    widths = [value for tag, name, value in parser.attributes if tag == "img" and name == "width"]
    heights = [value for tag, name, value in parser.attributes
               if tag == "img" and name == "height"]
    assert len(sources) == 3
    for source, width, height in zip(sources, widths, heights, strict=True):
        png = base64.b64decode(source.removeprefix("data:image/png;base64,"), validate=True)
        assert png.startswith(PNG_SIGNATURE)
        assert png[12:16] == b"IHDR"
        assert struct.unpack(">II", png[16:24]) == (int(width), int(height))


def test_text_is_escaped(page: str) -> None:
    """Markup in an indicator name is shown as text, never run; & is escaped too."""
    assert HOSTILE_NAME not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "矿山修复 &amp; 治理" in page
    assert HOSTILE_NAME in "".join(_parse(page).text)


def test_summary_row_per_project(page: str) -> None:
    """The summary lists budget, spent, 执行率, each pool's subtotal, execution, total, grade."""
    parser = _parse(page)
    header = _row_with(parser, "预算执行得分")
    assert header == ["序号", "项目", "全年预算数", "全年执行数", "执行率", "产出指标",
                      "满意度指标", "预算执行得分", "总分", "等级", "警告", "错误"]
    assert _row_with(parser, "矿山修复 & 治理") == [
        "1", "矿山修复 & 治理", "435.00", "369.75", "85.00%", "49.69", "5.00", "8.50",
        "63.19", "中", "1", "0"]
    assert _row_with(parser, "地质灾害治理") == [
        "2", "地质灾害治理", "100.00", "100.00", "100.00%", "0", "0", "10.00", "10.00", "差",
        "0", "1"]


def test_indicator_rows_mark_distributed_weights_and_round_half_up(page: str) -> None:
    """A weight the table left empty is marked ※; attainment shows as % to 2 places, half-up."""
    parser = _parse(page)
    distributed = _row_with(parser, "清理危岩、浮渣体积")
    assert distributed[6] == "25.00※"
    assert distributed[8] == "100.00%"
    given = _row_with(parser, HOSTILE_NAME)
    # 0.98765 → 98.765% → 98.77% (half-up; half-even would give 98.76%).
    assert given[6:10] == ["25", "不低于（≥）", "98.77%", "24.69"]


def test_missing_deviation_note_is_pointed_out(page: str) -> None:
    """Score below weight without a deviation note is marked; a given note is shown instead."""
    parser = _parse(page)
    assert _row_with(parser, HOSTILE_NAME)[11] == "得分低于分值，未填写"
    satisfaction = _row_with(parser, "项目实施满意度")
    assert satisfaction[11] == "问卷回收率低"
    assert satisfaction[10] == "实际值远超指标值，请复核指标值是否偏低"
    assert _row_with(parser, "清理危岩、浮渣体积")[11] == ""


def test_problems_listed_under_their_project(page: str) -> None:
    """A project's problem sits in its section; a problem of no known project goes last."""
    first = page.index('id="project-1"')
    second = page.index('id="project-2"')
    other = page.index('id="other-problems"')
    assert second < page.index("土地复垦利用率：需要人工评分") < other
    assert other < page.index("项目 P9 不在项目表中")
    assert "土地复垦利用率：需要人工评分" not in page[first:second]


def test_write_html_writes_the_rendered_page(
    result: Result, page: str, tmp_path: Path,
) -> None:
    """The file holds exactly the rendered page in UTF-8, and no temporary file is left."""
    target = tmp_path / "report.html"
    assert write_html(result, target) == target
    assert target.read_text(encoding="utf-8") == page
    assert [path.name for path in tmp_path.iterdir()] == ["report.html"]


def test_write_html_keeps_the_old_file_when_writing_fails(
    result: Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failure while writing leaves the previous report untouched and cleans up."""
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")

    def broken_fsync(_: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        write_html(result, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["report.html"]


def test_write_html_keeps_the_permissions_of_the_file_it_replaces(
    result: Result, tmp_path: Path,
) -> None:
    """Replacing a report keeps its mode; a new report is readable by others (rw-r--r--)."""
    fresh = write_html(result, tmp_path / "new.html")
    assert fresh.stat().st_mode & 0o777 == 0o644
    existing = tmp_path / "old.html"
    existing.write_text("old", encoding="utf-8")
    existing.chmod(0o600)
    write_html(result, existing)
    assert existing.stat().st_mode & 0o777 == 0o600


def test_package_exports_are_pinned() -> None:
    """The report package exports exactly its public functions and the view the web page shows."""
    import scoring.outputs.html_report as html_report

    assert sorted(html_report.__all__) == [
        "ProblemRow", "ReportView", "attainment_by_kind_figure", "cjk_font_family",
        "cjk_font_path", "execution_plan_figure", "figure_png", "problem_row", "render_html",
        "report_view", "score_by_level1_figure", "spending_status", "use_cjk_font", "write_html",
    ]
    assert all(callable(getattr(html_report, name)) for name in html_report.__all__)


def test_rendering_leaves_the_result_unchanged(result: Result) -> None:
    """Rendering reads the result's tables and never modifies them."""
    before = [frame.copy(deep=True) for frame in (result.indicators, result.projects,
                                                   result.problems)]
    render_html(result)
    after = (result.indicators, result.projects, result.problems)
    assert all(old.equals(new) for old, new in zip(before, after, strict=True))
