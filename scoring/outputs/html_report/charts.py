"""The report's charts, drawn with the bundled CJK font; deterministic PNG bytes."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from functools import wraps
from typing import TYPE_CHECKING, Literal, ParamSpec

from scoring.engine.rounding import round_half_up
from scoring.model.result import Result
from scoring.outputs.html_report._format import (
    KIND_LABELS,
    as_decimal,
    is_missing,
    kind_label,
    number_text,
    parse_schedule,
    shorten,
)
from scoring.outputs.html_report._frames import (
    EXECUTION_LABEL,
    execution_points,
    pool_columns,
    pool_maxima,
    project_key,
)
from scoring.outputs.html_report.fonts import FALLBACK_FAMILY, cjk_font_family, cjk_rc

if TYPE_CHECKING:  # matplotlib is imported where a chart is drawn (it takes a while to load)
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

__all__ = [
    "MONTH_ENDS",
    "SpendingStatus",
    "attainment_by_kind_figure",
    "execution_plan_figure",
    "figure_png",
    "score_by_level1_figure",
    "spending_status",
]

#: Resolution of every chart, in dots per inch.
DPI = 100
#: PNG text chunks: none, so the bytes depend only on the picture.
PNG_METADATA: dict[str, str | None] = {"Software": None}
#: The month ends of a ``schedule`` (3/6/10/12月底).
MONTH_ENDS: tuple[int, ...] = (3, 6, 10, 12)
#: Points below the year-end plan from which a project is far behind (red, domain.md §8).
FAR_BEHIND_POINTS = Decimal(10)

_POOL_COLOURS = ("#4C72B0", "#55A868", "#8172B2", "#CCB974", "#64B5CD", "#DD8452")
_EXECUTION_COLOUR = "#8C8C8C"
_MAXIMUM_COLOUR = "#EEEEEE"
_STATUS_COLOURS = {"on_plan": "#2E8B57", "behind": "#E0A100", "far_behind": "#C0392B"}
_STATUS_LABELS = {
    "on_plan": "达到计划",
    "behind": "低于计划",
    "far_behind": f"低于计划超过{FAR_BEHIND_POINTS}个百分点",
}
_NAME_LIMIT = 20
#: Mark of a total rescaled for 不适用 indicators (as in the terminal table).
RESCALED_MARK = "†"

SpendingStatus = Literal["on_plan", "behind", "far_behind"]
_P = ParamSpec("_P")


def spending_status(rate: Decimal, planned: Decimal) -> SpendingStatus:
    """How an execution rate compares with the planned cumulative share (both in %)."""
    if rate >= planned:
        return "on_plan"
    return "far_behind" if planned - rate > FAR_BEHIND_POINTS else "behind"


@contextmanager
def _cjk_font() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(cjk_rc()):
        yield


def _drawn_with_cjk_font(build: Callable[_P, Figure]) -> Callable[_P, Figure]:
    @wraps(build)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> Figure:
        with _cjk_font():
            figure = build(*args, **kwargs)
        _pin_fonts(figure)
        return figure

    return wrapper


def _pin_fonts(figure: Figure) -> None:
    """Name the CJK font on every text, so the figure draws right outside ``_cjk_font`` too
    (a generic family such as sans-serif is looked up in rcParams only when drawn)."""
    from matplotlib.text import Text

    families = [cjk_font_family(), FALLBACK_FAMILY]
    for axes in figure.axes:
        axes.tick_params(labelfontfamily=families)
    for text in figure.findobj(Text):
        text.set_fontfamily(families)


def figure_png(figure: Figure) -> bytes:
    """The figure as PNG bytes: fixed resolution, no metadata, same bytes every time."""
    buffer = io.BytesIO()
    with _cjk_font():
        figure.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
    return buffer.getvalue()


def _plain(text: str) -> str:
    """Text shown literally by matplotlib (a ``$`` would start mathtext)."""
    return text.replace("$", r"\$")


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _message_figure(title: str, message: str) -> Figure:
    figure = _new_figure(8.0, 2.0)
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=12)
    figure.suptitle(title)
    return figure


def _points_text(points: Decimal) -> str:
    return format(points.normalize(), "f") if points else "0"


def _range_text(values: list[Decimal]) -> str:
    low, high = min(values), max(values)
    return _points_text(low) if low == high else f"{_points_text(low)}–{_points_text(high)}"


def _project_name(row_name: object) -> str:
    return _plain(shorten("" if is_missing(row_name) else str(row_name), _NAME_LIMIT))


@_drawn_with_cjk_font
def score_by_level1_figure(result: Result, *, execution_max: Decimal | None = None) -> Figure:
    """Per project, stacked horizontal bars of the points earned in each 一级 pool and in the
    execution line, over a grey bar of the points available; segments read ``earned/maximum``.

    A pool's maximum is the sum of its indicators' weights in that project; the execution
    line's is ``execution_max``, else read from a project that spent its whole budget.
    """
    from matplotlib.patches import Patch

    title = "各项目得分构成（按一级指标）"
    projects = result.projects
    if projects.empty:
        return _message_figure(title, "没有项目")
    pools = pool_columns(result)
    execution = execution_max if execution_max is not None else execution_points(result)
    segments = [*pools, EXECUTION_LABEL]
    colours = [*(_POOL_COLOURS[i % len(_POOL_COLOURS)] for i in range(len(pools))),
               _EXECUTION_COLOUR]

    figure = _new_figure(10.0, 1.9 + 0.45 * len(projects))
    axes = figure.add_subplot()
    seen_maxima: dict[str, list[Decimal]] = {segment: [] for segment in segments}
    widest = Decimal(100)
    for position, (_, row) in enumerate(projects.iterrows()):
        maxima = pool_maxima(result, project_key(row.get("project_id")), pools)
        earned = [as_decimal(row.get(pool)) or Decimal(0) for pool in pools]
        earned.append(as_decimal(row.get("execution_score")) or Decimal(0))
        maximum: list[Decimal | None] = [maxima[pool] for pool in pools]
        maximum.append(execution)
        available = sum((points for points in maximum if points is not None), Decimal(0))
        axes.barh(position, float(available), height=0.78, color=_MAXIMUM_COLOUR,
                  edgecolor="#BBBBBB", linewidth=0.6)
        left = Decimal(0)
        for segment, colour, points, most in zip(segments, colours, earned, maximum,
                                                 strict=True):
            if most is not None:
                seen_maxima[segment].append(most)
            axes.barh(position, float(points), left=float(left), height=0.5, color=colour,
                      edgecolor="white", linewidth=0.6)
            if points >= 6:
                label = _points_text(points)
                if most is not None:
                    label += f"/{_points_text(most)}"
                axes.text(float(left + points / 2), position, label, ha="center",
                          va="center", fontsize=7, color="white")
            left += points
        end = max(left, available)
        widest = max(widest, end)
        total = number_text(row.get("total"))
        if total and not is_missing(row.get("not_applicable_factor")):
            total += RESCALED_MARK
        grade = number_text(row.get("grade"))
        axes.text(float(end) + 1, position, _plain(f"{total} {grade}".strip()), va="center",
                  fontsize=8)

    names = projects["project"] if "project" in projects.columns else [None] * len(projects)
    axes.set_yticks(range(len(projects)), [_project_name(name) for name in names])
    axes.tick_params(axis="y", labelsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, float(widest) * 1.14)
    axes.set_xlabel("得分（分）")
    axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    axes.set_axisbelow(True)
    handles = [
        Patch(facecolor=colour, label=_plain(
            f"{segment}（满分 {_range_text(seen_maxima[segment])}）"
            if seen_maxima[segment] else segment))
        for segment, colour in zip(segments, colours, strict=True)
    ]
    handles.append(Patch(facecolor=_MAXIMUM_COLOUR, edgecolor="#BBBBBB", label="可得满分"))
    figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 4),
                  fontsize=8, frameon=False)
    figure.suptitle(f"{title}：段内为 得分/满分，条末为总分与等级")
    return figure


def _kind_order(kinds: list[str]) -> list[str]:
    known = [kind for kind in KIND_LABELS if kind in kinds]
    return known + sorted(kind for kind in set(kinds) if kind not in KIND_LABELS)


def _jitter(index: int) -> float:
    """Vertical offset of the ``index``-th point of a strip: a fixed low-discrepancy sequence."""
    return ((index * 0.6180339887) % 1.0 - 0.5) * 0.5


@_drawn_with_cjk_font
def attainment_by_kind_figure(result: Result) -> Figure:
    """Attainment (score / weight) per target kind: every indicator as a point over a bar at
    the kind's mean, labelled with the number of indicators and of unscored ones."""
    title = "各类指标完成率"
    indicators = result.indicators
    if indicators.empty or "attainment" not in indicators.columns:
        return _message_figure(title, "没有已计分的指标")
    kinds_column = indicators["kind"] if "kind" in indicators.columns else [None] * len(
        indicators)
    scored: dict[str, list[Decimal]] = {}
    unscored: dict[str, int] = {}
    for kind, attainment in zip(kinds_column, indicators["attainment"], strict=True):
        name = "" if is_missing(kind) else str(kind)
        share = as_decimal(attainment)
        scored.setdefault(name, [])
        if share is None:
            unscored[name] = unscored.get(name, 0) + 1
        else:
            scored[name].append(share * 100)
    order = _kind_order([name for name in scored if name]) + ([""] if "" in scored else [])

    figure = _new_figure(9.0, 1.7 + 0.62 * len(order))
    axes = figure.add_subplot()
    highest = Decimal(100)
    labels = []
    for position, name in enumerate(order):
        values = sorted(scored[name])
        counts = [f"{len(values)} 项"] if values else []
        if unscored.get(name):
            counts.append(f"未计分 {unscored[name]} 项")
        label = f"{kind_label(name or None)}\n{'，'.join(counts)}"
        labels.append(_plain(label))
        if not values:
            axes.text(1, position, "无完成率", va="center", fontsize=8, color="#777777")
            continue
        mean = round_half_up(Fraction(sum(values, Decimal(0))) / len(values), 1)
        highest = max(highest, values[-1])
        axes.barh(position, float(mean), height=0.6, color="#C9D6EA")
        axes.scatter([float(value) for value in values],
                     [position + _jitter(i) for i in range(len(values))],
                     s=14, color="#4C72B0", alpha=0.8, zorder=3, linewidths=0)
        axes.text(float(mean), position - 0.36, f"均值 {mean}%", ha="right", va="bottom",
                  fontsize=7, color="#333333")
    axes.set_yticks(range(len(order)), labels)
    axes.tick_params(axis="y", labelsize=8)
    axes.set_ylim(len(order) - 0.5, -0.5)
    axes.set_xlim(-3, float(highest) + 5)
    axes.set_xlabel("完成率（%）＝ 得分 ÷ 分值")
    axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    axes.set_axisbelow(True)
    figure.suptitle(f"{title}（每点一个三级指标，浅色条为均值）")
    return figure


def _draw_plan(axes: Axes, schedule: object, rate: Decimal | None) -> SpendingStatus | None:
    plan = parse_schedule(schedule)
    top = Decimal(110)
    status: SpendingStatus | None = None
    if plan is not None and len(plan) == len(MONTH_ENDS):
        axes.plot([0, *MONTH_ENDS], [0.0, *(float(share) for share in plan)], marker="o",
                  markersize=3, color="#4C72B0", linewidth=1.2)
        top = max(top, max(plan) + 10)
    else:
        message = "无用款计划" if plan is None and is_missing(schedule) else "用款计划无法识别"
        axes.text(6, 60, message, ha="center", va="center", fontsize=8, color="#777777")
    if rate is None:
        axes.text(6, 40, "执行率缺失", ha="center", va="center", fontsize=8, color="#C0392B")
    else:
        if plan is not None and len(plan) == len(MONTH_ENDS):
            status = spending_status(rate, plan[-1])
        colour = _STATUS_COLOURS[status] if status else "#333333"
        axes.scatter([12], [float(rate)], marker="D", s=36, color=colour, zorder=3)
        axes.annotate(f"{rate}%", (12, float(rate)), xytext=(-6, -4), textcoords="offset points",
                      ha="right", va="top", fontsize=8, color=colour)
        top = max(top, rate + 10)
    axes.set_xticks(MONTH_ENDS, [f"{month}月底" for month in MONTH_ENDS])
    axes.tick_params(labelsize=7)
    axes.set_xlim(0, 12.8)
    axes.set_ylim(0, float(top))
    axes.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    return status


@_drawn_with_cjk_font
def execution_plan_figure(result: Result) -> Figure:
    """Per project, the planned cumulative spending at 3/6/10/12月底 against the year-end
    执行率, coloured by whether it is below the plan (far below: more than 10 points)."""
    from matplotlib.lines import Line2D

    title = "预算执行与用款计划"
    projects = result.projects
    if projects.empty:
        return _message_figure(title, "没有项目")
    columns = min(4, len(projects))
    rows = math.ceil(len(projects) / columns)
    figure = _new_figure(2.7 * columns + 0.3, 2.3 * rows + 1.1)
    grid = figure.subplots(rows, columns, squeeze=False)
    cells = [axes for line in grid for axes in line]
    for axes, (_, row) in zip(cells, projects.iterrows(), strict=False):
        rate = as_decimal(row.get("execution_rate"))
        _draw_plan(axes, row.get("schedule"), rate)
        name = "" if is_missing(row.get("project")) else str(row.get("project"))
        axes.set_title(_plain(shorten(name, 14)), fontsize=9)
    for axes in cells[len(projects):]:
        axes.set_axis_off()
    cells[0].set_ylabel("累计支出（%）", fontsize=8)
    handles: list[Line2D] = [
        Line2D([], [], color="#4C72B0", marker="o", markersize=3, label="计划累计支出"),
    ]
    handles.extend(
        Line2D([], [], color=_STATUS_COLOURS[status], marker="D", linestyle="",
               label=f"年末执行率：{label}")
        for status, label in _STATUS_LABELS.items()
    )
    figure.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8,
                  frameon=False)
    figure.suptitle(f"{title}（计划为累计支出占预算的百分比）")
    return figure

