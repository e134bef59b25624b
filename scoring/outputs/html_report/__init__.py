"""Reports of a scored evaluation: charts drawn with a bundled CJK font and one HTML page."""

from scoring.outputs.html_report._view import ProblemRow, ReportView, problem_row, report_view
from scoring.outputs.html_report.charts import (
    attainment_by_kind_figure,
    execution_plan_figure,
    figure_png,
    score_by_level1_figure,
    spending_status,
)
from scoring.outputs.html_report.fonts import cjk_font_family, cjk_font_path, use_cjk_font
from scoring.outputs.html_report.html import render_html, write_html

__all__ = [
    "ProblemRow",
    "ReportView",
    "attainment_by_kind_figure",
    "cjk_font_family",
    "cjk_font_path",
    "execution_plan_figure",
    "figure_png",
    "problem_row",
    "render_html",
    "report_view",
    "score_by_level1_figure",
    "spending_status",
    "use_cjk_font",
    "write_html",
]
