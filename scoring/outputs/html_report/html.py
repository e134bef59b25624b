"""The self-contained HTML report: one file, inline CSS, charts as PNG data URIs."""

from __future__ import annotations

import base64
import functools
import importlib.metadata
import importlib.resources
import os
import re
import struct
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from scoring.model.atomic import write_text
from scoring.model.result import Result
from scoring.outputs.html_report._view import report_view
from scoring.outputs.html_report.charts import (
    FAR_BEHIND_POINTS,
    attainment_by_kind_figure,
    execution_plan_figure,
    figure_png,
    score_by_level1_figure,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

TEMPLATE = "report.html.j2"


@dataclass(frozen=True)
class ChartView:
    """One chart embedded in the page."""

    title: str
    caption: str
    data_uri: str
    width: int
    height: int


@functools.cache
def _template() -> jinja2.Template:
    text = importlib.resources.files(__package__).joinpath("templates", TEMPLATE).read_text(
        encoding="utf-8"
    )
    environment = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.from_string(text)


def _version() -> str:
    try:
        return importlib.metadata.version("jixiao")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _chart(title: str, caption: str, figure: Figure) -> ChartView:
    png = figure_png(figure)
    width, height = struct.unpack(">II", png[16:24])
    data_uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return ChartView(title=title, caption=caption, data_uri=data_uri, width=width, height=height)


def _charts(result: Result, execution_max: Decimal | None) -> list[ChartView]:
    return [
        _chart(
            "各项目得分构成",
            "按一级指标堆叠的得分，灰色为可得满分；段内为 得分/满分，条末为总分与等级"
            "（† 为按不适用指标折算的总分，高于各段之和）。",
            score_by_level1_figure(result, execution_max=execution_max),
        ),
        _chart(
            "各类指标完成率",
            "每点为一个三级指标的完成率（得分 ÷ 分值），浅色条为该类均值；未计分的指标单独计数。",
            attainment_by_kind_figure(result),
        ),
        _chart(
            "预算执行与用款计划",
            "蓝线为3/6/10/12月底计划累计支出，菱形为年末执行率，颜色表示是否低于12月底计划。",
            execution_plan_figure(result),
        ),
    ]


#: Control characters HTML does not allow (NUL, escapes …); input text may hold them.
_NOT_IN_HTML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def render_html(
    result: Result, *, source: str | os.PathLike[str] | None = None,
    execution_max: Decimal | None = None, notes: str = "",
) -> str:
    """The report as one self-contained HTML page; the same result gives the same text.

    ``source`` names where the evaluation was read from; ``execution_max`` is the scheme's
    execution points, shown as that line's maximum in the score chart (default: the
    result's own ``execution_weight``); ``notes`` is the evaluation's description, shown
    at the top (one paragraph per line).
    """
    view = report_view(result, source="" if source is None else os.fspath(source), notes=notes)
    return _NOT_IN_HTML.sub("", _template().render(
        view=view,
        charts=_charts(result, execution_max if execution_max is not None
                       else result.execution_weight),
        version=_version(),
        far_behind=FAR_BEHIND_POINTS,
    ))


def write_html(
    result: Result, path: str | os.PathLike[str], *,
    source: str | os.PathLike[str] | None = None, execution_max: Decimal | None = None,
    notes: str = "",
) -> Path:
    """Write the report to ``path`` atomically (temporary file beside it, then replace)."""
    target = Path(path)
    text = render_html(result, source=source, execution_max=execution_max, notes=notes)
    write_text(target, text)
    return target
