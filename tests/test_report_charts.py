"""Charts of a scored evaluation: Chinese labels, pool maxima, plan against 执行率, PNG bytes."""

from __future__ import annotations

import struct
import warnings
from decimal import Decimal
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from scoring.model.columns import INDICATOR_COLUMNS, PROJECT_COLUMNS, RESULT_COLUMNS
from scoring.model.problems import PROBLEM_COLUMNS
from scoring.model.result import Result
from scoring.outputs.html_report.charts import (
    attainment_by_kind_figure,
    execution_plan_figure,
    figure_png,
    score_by_level1_figure,
    spending_status,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
D = Decimal


def _indicator(project_id: str, pool: str, name: str, weight: str, kind: str,
               attainment: str | None, score: str | None) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys((*INDICATOR_COLUMNS, *RESULT_COLUMNS))
    row.update(project_id=project_id, level1=pool, indicator=name, pool=pool,
               weight_used=D(weight), kind=kind,
               attainment=None if attainment is None else D(attainment),
               final_score=None if score is None else D(score))
    return row


def _project(project_id: str, name: str, schedule: str, rate: str | None,
             subtotals: dict[str, str], execution: str, total: str, grade: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(PROJECT_COLUMNS)
    row.update(project_id=project_id, project=name, schedule=schedule)
    row.update({pool: D(points) for pool, points in subtotals.items()})
    row.update(execution_rate=None if rate is None else D(rate), execution_score=D(execution),
               total=D(total), grade=grade, warnings=0, errors=0)
    return row


def _result(projects: list[dict[str, Any]], indicators: list[dict[str, Any]]) -> Result:
    return Result(
        title="测试评价", year=2024, scheme_name="national-2020", scheme_hash="0" * 64,
        indicators=pd.DataFrame(indicators, columns=[*INDICATOR_COLUMNS, *RESULT_COLUMNS]),
        projects=pd.DataFrame(projects), problems=pd.DataFrame(columns=list(PROBLEM_COLUMNS)),
    )


@pytest.fixture
def result() -> Result:
    """Two projects: one spent its whole budget on plan, one spent 85% against a 100% plan."""
    indicators = [
        _indicator("P1", "产出指标", "清理危岩、浮渣体积", "25", "at_least", "1", "25"),
        _indicator("P1", "产出指标", "工程质量合格率", "25", "at_least", "0.66", "16.5"),
        _indicator("P1", "效益指标", "人居环境改善", "30", "qualitative", "0.7", "21"),
        _indicator("P1", "满意度指标", "项目实施满意度", "10", "at_least", "1", "10"),
        _indicator("P2", "产出指标", "恢复治理亩均投资", "50", "at_most", "0.5", "25"),
        _indicator("P2", "效益指标", "土地复垦利用率", "30", "unscorable", None, None),
    ]
    projects = [
        _project("P1", "矿山修复治理", "25,50,75,100", "100.00",
                 {"产出指标": "41.5", "效益指标": "21", "满意度指标": "10"}, "10", "82.50", "良"),
        _project("P2", "地质灾害治理", "", "85.00",
                 {"产出指标": "25", "效益指标": "0", "满意度指标": "0"}, "8.5", "33.50", "差"),
    ]
    return _result(projects, indicators)


def _texts(figure: Figure) -> list[str]:
    """Every text drawn in the figure: titles, labels, ticks, legend entries, annotations."""
    figure.canvas.draw()
    return [text.get_text() for text in figure.findobj(Text)]


def _png_chunk_types(png: bytes) -> list[bytes]:
    types, offset = [], len(PNG_SIGNATURE)
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset:offset + 4])
        types.append(png[offset + 4:offset + 8])
        offset += 12 + length
    return types


@pytest.mark.parametrize("build", [score_by_level1_figure, attainment_by_kind_figure,
                                   execution_plan_figure])
def test_charts_render_chinese_without_missing_glyphs(build: Any, result: Result) -> None:
    """Each chart has a Chinese title and draws every glyph with the bundled font."""
    figure = build(result)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = figure_png(figure)
    assert png.startswith(PNG_SIGNATURE)
    assert not [w for w in caught if "missing from font" in str(w.message)]
    assert any(text.startswith(("各项目得分构成", "各类指标完成率", "预算执行与用款计划"))
               for text in _texts(figure))


@pytest.mark.parametrize("build", [score_by_level1_figure, attainment_by_kind_figure,
                                   execution_plan_figure])
def test_charts_keep_their_font_when_drawn_elsewhere(build: Any, result: Result) -> None:
    """Drawn later under other font settings (a notebook's), the Chinese text still renders."""
    figure = build(result)
    with matplotlib.rc_context({"font.family": "DejaVu Sans"}), \
            warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    assert not [w for w in caught if "missing from font" in str(w.message)]


@pytest.mark.parametrize("build", [score_by_level1_figure, attainment_by_kind_figure,
                                   execution_plan_figure])
def test_png_bytes_are_reproducible_and_carry_no_metadata(build: Any, result: Result) -> None:
    """The same result gives the same PNG bytes, with no text or time chunks."""
    first, second = figure_png(build(result)), figure_png(build(result))
    assert first == second
    chunk_types = _png_chunk_types(first)
    assert chunk_types[0] == b"IHDR" and chunk_types[-1] == b"IEND"
    assert not {b"tEXt", b"iTXt", b"zTXt", b"tIME"} & set(chunk_types)


def test_score_chart_shows_each_pool_maximum(result: Result) -> None:
    """Legend entries carry each pool's points; a segment reads earned/maximum."""
    texts = _texts(score_by_level1_figure(result))
    assert "产出指标（满分 50）" in texts
    assert "效益指标（满分 30）" in texts
    # P2 has no 满意度 indicator: its maximum there is 0, P1's is 10.
    assert "满意度指标（满分 0–10）" in texts
    # The execution points are read from P1, which spent its whole budget and scored 10.
    assert "预算执行率（满分 10）" in texts
    assert "41.5/50" in texts
    assert "21/30" in texts
    assert "82.50 良" in texts


def test_score_chart_takes_the_execution_points_given(result: Result) -> None:
    """Without a project at 100% the execution maximum is unknown unless it is passed in."""
    projects = result.projects.copy()
    projects["execution_rate"] = pd.Series([D("99.00"), D("85.00")], dtype=object)
    partial = Result(result.title, result.year, result.scheme_name, result.scheme_hash,
                     result.indicators, projects, result.problems)
    assert "预算执行率" in _texts(score_by_level1_figure(partial))
    assert "预算执行率（满分 20）" in _texts(
        score_by_level1_figure(partial, execution_max=D(20)))


def test_attainment_chart_counts_and_means_per_kind(result: Result) -> None:
    """Each kind is labelled with its scored and unscored counts; the mean is half-up to 0.1."""
    texts = _texts(attainment_by_kind_figure(result))
    # at_least: 1, 0.66, 1 → mean 88.666…% → 88.7%.
    assert "不低于（≥）\n3 项" in texts
    assert "均值 88.7%" in texts
    assert "不高于（≤）\n1 项" in texts
    assert "均值 50.0%" in texts
    assert "无法自动计分\n未计分 1 项" in texts
    assert "无完成率" in texts


def test_execution_chart_draws_the_plan_and_the_year_end_rate(result: Result) -> None:
    """The plan runs 0→25→50→75→100 over 3/6/10/12月底; the rate sits at 12月底."""
    figure = execution_plan_figure(result)
    first, second = figure.axes[0], figure.axes[1]
    (plan,) = first.get_lines()
    assert np.asarray(plan.get_xdata()).tolist() == [0, 3, 6, 10, 12]
    assert np.asarray(plan.get_ydata()).tolist() == [0.0, 25.0, 50.0, 75.0, 100.0]
    points = [c for c in first.collections if isinstance(c, PathCollection)]
    assert np.asarray(points[0].get_offsets()).tolist() == [[12.0, 100.0]]
    assert [t.get_text() for t in first.get_xticklabels()] == ["3月底", "6月底", "10月底",
                                                               "12月底"]
    assert not second.get_lines()
    assert "无用款计划" in [text.get_text() for text in second.texts]
    assert "85.00%" in [text.get_text() for text in second.texts]


@pytest.mark.parametrize(
    ("rate", "planned", "status"),
    [
        ("100", "100", "on_plan"),
        ("102.3", "100", "on_plan"),
        ("99.99", "100", "behind"),
        ("90", "100", "behind"),
        ("89.99", "100", "far_behind"),
        ("62", "75", "far_behind"),
    ],
)
def test_spending_status_against_plan(rate: str, planned: str, status: str) -> None:
    """Below plan is behind; more than 10 points below is far behind (domain.md §8)."""
    assert spending_status(D(rate), D(planned)) == status


def test_empty_result_gives_message_figures() -> None:
    """A result without projects or indicators still renders every chart, with a message."""
    empty = _result([], [])
    assert "没有项目" in _texts(score_by_level1_figure(empty))
    assert "没有已计分的指标" in _texts(attainment_by_kind_figure(empty))
    assert "没有项目" in _texts(execution_plan_figure(empty))


def test_dollar_signs_in_names_are_drawn_literally(result: Result) -> None:
    """A project name with $…$ is not read as mathtext (which would fail on unknown symbols)."""
    projects = result.projects.copy()
    projects["project"] = ["费用$\\bogus$项目", "地质灾害治理"]
    odd = Result(result.title, result.year, result.scheme_name, result.scheme_hash,
                 result.indicators, projects, result.problems)
    for build in (score_by_level1_figure, execution_plan_figure):
        assert figure_png(build(odd)).startswith(PNG_SIGNATURE)
