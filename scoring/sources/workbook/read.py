"""Read filled 项目支出绩效自评表 workbooks (.xlsx, .xls) into an Evaluation."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd

from scoring.model import form_layout as L
from scoring.model.columns import INDICATOR_COLUMNS, PROJECT_COLUMNS
from scoring.model.evaluation import Evaluation
from scoring.sources.workbook._errors import WorkbookError
from scoring.sources.workbook._load import load_book
from scoring.sources.workbook._read_national import SheetTables, read_sheet

#: A table that names no scheme is scored by the framework its tree fits (scoring.engine.choose).
DEFAULT_SCHEME = "auto"
_PROJECT_EXTRAS = ("department", "goal_actual", "published_exec_weight", "published_exec_rate",
                   "published_exec_score", "published_total")
_INDICATOR_EXTRAS = ("published_score", "source_row")


def read_workbook(path: str | Path, *, include_hidden: bool = False) -> Evaluation:
    """The projects and indicators of every 自评表 in a workbook (one or several per sheet).

    Published 得分 go to ``published_score``; the sheet's own 执行率 得分 and 总分 to
    ``published_exec_score`` and ``published_total``. Rows that cannot be read become
    problems; a workbook with no readable table raises WorkbookError naming file, sheet, cell.
    Hidden sheets are skipped with a warning unless ``include_hidden``.
    """
    return _read(Path(path), include_hidden=include_hidden)[0]


def read_template(path: str | Path) -> Evaluation:
    """A filled fill-in workbook made by ``write_template``, ready to score."""
    evaluation, kind = _read(Path(path))
    if kind != L.KIND_TEMPLATE:
        raise WorkbookError(f"{path}: not a fill-in template written by jixiao template")
    return evaluation


def _read(path: Path, *, include_hidden: bool = False) -> tuple[Evaluation, str]:
    """The evaluation and the kind of workbook (result, template or "" for any other)."""
    book = load_book(path, include_hidden=include_hidden)
    generated = itertools.count(1)
    tables = SheetTables()
    tables.problems += book.problems
    own_sheets = (L.SUMMARY_SHEET, L.INSTRUCTIONS_SHEET) if L.PROP_KIND in book.properties else ()
    for grid in book.grids:
        if grid.name in own_sheets:
            continue
        sheet = read_sheet(grid, str(path), lambda: f"P{next(generated):02d}")
        tables.projects += sheet.projects
        tables.indicators += sheet.indicators
        tables.problems += sheet.problems
        tables.unreadable += sheet.unreadable
    if not tables.projects:
        if tables.unreadable:
            raise WorkbookError(tables.unreadable[0])
        raise WorkbookError(
            f"{path}: no sheet holds a 项目支出绩效自评表 (no cell reads 项目名称); "
            f"sheets: {', '.join(g.name for g in book.grids) or 'none'}"
        )
    return _evaluation(path, book.properties, tables), book.properties.get(L.PROP_KIND, "")


def _evaluation(path: Path, properties: dict[str, str], tables: SheetTables) -> Evaluation:
    projects = _frame(tables.projects, PROJECT_COLUMNS + _PROJECT_EXTRAS)
    indicators = _frame(tables.indicators, INDICATOR_COLUMNS + _INDICATOR_EXTRAS)
    years = [y for y in projects["year"] if y]
    year_text = properties.get(L.PROP_YEAR) or (years[0] if years else "")
    return Evaluation(
        title=properties.get(L.PROP_TITLE) or path.stem,
        year=int(year_text) if year_text.isascii() and year_text.isdigit()
        and len(year_text) == 4 else None,
        scheme=properties.get(L.PROP_SCHEME) or DEFAULT_SCHEME,
        projects=projects,
        indicators=indicators,
        source=path,
        problems=tuple(tables.problems),
    )


def _frame(rows: list[dict[str, str]], columns: tuple[str, ...]) -> pd.DataFrame:
    """String columns in canonical order; missing cells are ``""``."""
    frame = pd.DataFrame(rows, columns=list(columns), dtype=object).fillna("")
    return frame.astype(str)
