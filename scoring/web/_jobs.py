"""What each page does with an upload, through the project's own readers, scorer and writers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from scoring.model.atomic import write_text
from scoring.model.evaluation import Evaluation
from scoring.model.problems import Problem
from scoring.model.result import Result
from scoring.outputs.html_report import ProblemRow, ReportView, problem_row, report_view
from scoring.web._uploads import Upload, unpack_folder

#: Types each page accepts.
SCORE_TYPES = frozenset({".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".zip"})
TEMPLATE_TYPES = SCORE_TYPES | {".txt"}
CHECK_TYPES = SCORE_TYPES
#: A CSV cell starting with one of these would be run as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class JobError(ValueError):
    """The engine could not use the file; ``detail`` is its message without server paths."""

    def __init__(self, key: str, detail: str) -> None:
        super().__init__(detail)
        self.key = key
        self.detail = detail


def source_path(upload: Upload, saved: Path, suffix: str) -> Path:
    """What the readers are given: the saved file, or the folder unpacked from a .zip."""
    if suffix == ".zip":
        return unpack_folder(saved, upload.folder / "folder")
    return saved


def without_paths(text: str, upload: Upload) -> str:
    """``text`` with the server's temporary folder left out of every path it names."""
    for prefix in (upload.folder / "folder", upload.folder / "in", upload.folder):
        text = text.replace(f"{prefix}/", "")
    return text


def engine_message(exc: Exception, upload: Upload) -> str:
    """The engine's message, naming files as the user knows them."""
    return without_paths(str(exc), upload)


@dataclass(frozen=True)
class ScoreOutcome:
    """A scored upload: the view the page shows and the files it offers."""

    view: ReportView
    downloads: dict[str, Path]
    scheme_chosen: bool
    scheme_reason: str = ""


def score_upload(upload: Upload, path: Path, display_name: str, scheme: str | None,
                 ) -> ScoreOutcome:
    """Read and score the upload, write the workbook, report, CSV and JSON into its folder."""
    from scoring.engine.evaluate import evaluate
    from scoring.outputs.html_report import write_html
    from scoring.outputs.plain import render_csv, render_json
    from scoring.outputs.workbook import write_workbook
    from scoring.sources.reader import read_evaluation

    try:
        evaluation = read_evaluation(path)
        result = evaluate(evaluation, scheme)
    except (ValueError, OSError) as exc:
        raise JobError("unreadable", engine_message(exc, upload)) from exc
    stem = Path(display_name).stem or "evaluation"
    out = upload.outputs
    downloads = {
        "xlsx": Path(write_workbook(result, out / f"{stem}-评分.xlsx")),
        "html": write_html(result, out / f"{stem}-报告.html", source=display_name,
                           notes=evaluation.notes),
        "csv": out / f"{stem}-指标.csv",
        "json": out / f"{stem}-结果.json",
    }
    write_text(downloads["csv"], guard_csv(render_csv(result)))
    write_text(downloads["json"], render_json(result))
    view = report_view(_named(result, upload), source=display_name,
                       notes=evaluation.notes)
    return ScoreOutcome(view=view, downloads=downloads, scheme_chosen=scheme is not None,
                        scheme_reason=str(getattr(result, "scheme_choice", "") or ""))


def _named(result: Result, upload: Upload) -> Result:
    """The result with problems naming the uploaded files rather than the server's copies."""
    if not len(result.problems):
        return result
    problems = result.problems.copy()
    for column in ("source", "message"):
        if column in problems.columns:
            problems[column] = problems[column].map(
                lambda s: without_paths(s, upload) if isinstance(s, str) else s)
    return replace(result, problems=problems)


def guard_csv(text: str) -> str:
    """The CSV with every cell that a spreadsheet would run as a formula prefixed by ``'``."""
    rows = list(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(["'" + cell if cell.startswith(FORMULA_STARTS) and not _number(cell)
                         else cell for cell in row])
    return buffer.getvalue()


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class TemplateOutcome:
    """A template made from an upload, and what the reader could not understand."""

    path: Path
    projects: int
    indicators: int
    problems: tuple[ProblemRow, ...] = field(default_factory=tuple)


def template_upload(upload: Upload, path: Path, display_name: str) -> TemplateOutcome:
    """The protected fill-in workbook of a target table or a published target text."""
    from scoring.outputs.workbook import write_template
    from scoring.sources.reader import read_evaluation

    problems: list[Problem] = []
    try:
        if path.suffix.lower() == ".txt":
            evaluation, problems = _imported(upload, path)
        else:
            evaluation = read_evaluation(path)
    except (ValueError, OSError, ImportError) as exc:
        if isinstance(exc, JobError):
            raise
        raise JobError("unreadable", engine_message(exc, upload)) from exc
    problems += list(evaluation.problems)
    stem = Path(display_name).stem or "evaluation"
    written = write_template(evaluation, upload.outputs / f"{stem}-填报模板.xlsx")
    return TemplateOutcome(
        path=written, projects=len(evaluation.projects),
        indicators=len(evaluation.indicators),
        problems=tuple(problem_row(_problem_record(p, upload)) for p in problems),
    )


def _imported(upload: Upload, path: Path) -> tuple[Evaluation, list[Problem]]:
    """An evaluation folder imported from a published target text, read back."""
    from scoring.sources.reader import read_evaluation
    from scoring.sources.text_import import default_title, import_text, write_evaluation_folder

    doc = import_text(path)
    if doc.year is None:
        raise JobError("no_year", path.name)
    folder = upload.folder / "folder"
    write_evaluation_folder(doc, folder, title=default_title(doc, doc.year), year=doc.year,
                            replace_toml=False)
    return read_evaluation(folder), list(doc.problems)


def _problem_record(problem: Problem, upload: Upload) -> dict[str, Any]:
    """A problem as a record, naming the uploaded files rather than the server's copies."""
    return {"source": without_paths(problem.source, upload), "row": problem.row,
            "column": problem.column or "", "code": problem.code,
            "severity": problem.severity.value,
            "message": without_paths(problem.message, upload), "project_id": problem.project_id}


@dataclass(frozen=True)
class LintOutcome:
    """The review problems of a target table, with their counts."""

    problems: tuple[ProblemRow, ...]
    errors: int
    warnings: int


def lint_upload(upload: Upload, path: Path, display_name: str, scheme: str | None,
                ) -> LintOutcome:
    """Lint the table as ``jixiao lint`` does."""
    from scoring.review.lint import lint_evaluation

    try:
        problems = lint_evaluation(path, scheme)
    except (ValueError, OSError) as exc:
        raise JobError("unreadable", engine_message(exc, upload)) from exc
    rows = tuple(problem_row(_problem_record(p, upload)) for p in problems)
    return LintOutcome(
        problems=rows,
        errors=sum(p.severity.value == "error" for p in problems),
        warnings=sum(p.severity.value == "warning" for p in problems),
    )


@dataclass(frozen=True)
class Difference:
    """One filled score that differs from the rule score, as text."""

    level: str
    project: str
    row: str
    seq: str
    indicator: str
    published: str
    jixiao: str
    difference: str
    note: str


@dataclass(frozen=True)
class CheckOutcome:
    """The differing filled scores and how many were compared (None when none were filled)."""

    differences: tuple[Difference, ...]
    compared: int
    differ: int


def check_upload(upload: Upload, path: Path, scheme: str | None) -> CheckOutcome:
    """Re-check the filled scores as ``jixiao check`` does."""
    from scoring.engine.evaluate import evaluate
    from scoring.review.check import cell_text, check_result
    from scoring.sources.reader import read_evaluation

    try:
        result = evaluate(read_evaluation(path), scheme)
    except (ValueError, OSError) as exc:
        raise JobError("unreadable", engine_message(exc, upload)) from exc
    checked: pd.DataFrame = check_result(result)
    differing = checked[checked["differs"].astype(bool)] if len(checked) else checked
    rows = tuple(
        Difference(*(cell_text(record.get(name)) for name in (
            "level", "project_id", "row", "seq", "indicator", "published", "jixiao",
            "difference", "note")))
        for record in differing.to_dict("records")
    )
    return CheckOutcome(differences=rows, compared=len(checked), differ=len(rows))
