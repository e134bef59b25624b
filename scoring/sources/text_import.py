"""Import a published 部门预算绩效文本 (PDF text) into an evaluation folder.

``import_text`` reads the document into the canonical projects and indicators tables (targets
verbatim, actuals empty) and reports every line it cannot read with its line number;
``write_evaluation_folder`` writes ``evaluation.toml``, ``projects.csv`` and ``indicators.csv``
atomically and deterministically (the same input gives byte-identical files).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from scoring.model.atomic import write_bytes
from scoring.model.columns import INDICATOR_COLUMNS, PROJECT_COLUMNS
from scoring.model.problems import Problem, Severity
from scoring.sources._text_lines import ParsedText, parse_lines

#: Columns the import adds to the projects table after ``PROJECT_COLUMNS``.
PROJECT_EXTRA_COLUMNS: tuple[str, ...] = (
    "unit_code",
    "money_unit",
    "fiscal_funds",
    "other_funds",
    "purpose",
    "source_line",
)

#: Columns the import adds to the indicators table after ``INDICATOR_COLUMNS``.
INDICATOR_EXTRA_COLUMNS: tuple[str, ...] = ("description", "source_line")


@dataclass(frozen=True)
class ImportedDocument:
    """The canonical tables read from one published document, and what could not be read.

    ``projects`` has ``PROJECT_COLUMNS`` + ``PROJECT_EXTRA_COLUMNS``; ``indicators`` has
    ``INDICATOR_COLUMNS`` + ``INDICATOR_EXTRA_COLUMNS``; every cell is a string. Each problem
    names the 1-based line of the source text.
    """

    source: Path
    department: str
    year: int | None
    projects: pd.DataFrame
    indicators: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def import_text(path: Path) -> ImportedDocument:
    """Read the 绩效目标表 of every project in the text file at ``path``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = Problem(path.name, None, None, "not_utf8", Severity.ERROR,
                          f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")
        return ImportedDocument(path, "", None, _empty(PROJECT_COLUMNS, PROJECT_EXTRA_COLUMNS),
                                _empty(INDICATOR_COLUMNS, INDICATOR_EXTRA_COLUMNS), [problem])
    parsed = parse_lines(text.splitlines(), path.name)
    return ImportedDocument(
        source=path,
        department=parsed.department,
        year=parsed.year,
        projects=_projects_frame(parsed),
        indicators=_indicators_frame(parsed),
        problems=list(parsed.problems),
    )


def _empty(columns: tuple[str, ...], extra: tuple[str, ...]) -> pd.DataFrame:
    """A table with the given columns and no rows."""
    return pd.DataFrame(columns=[*columns, *extra], dtype=str)


def _projects_frame(parsed: ParsedText) -> pd.DataFrame:
    """One row per project table, budget in the document's money unit as printed."""
    year = "" if parsed.year is None else str(parsed.year)
    rows = [
        {
            "project_id": p.project_id,
            "project": p.name,
            "unit": p.unit,
            "year": year,
            "budget_initial": p.budget,
            "budget": p.budget,
            "spent": "",
            "schedule": ",".join(p.schedule),
            "goal": p.goal,
            "unit_code": p.unit_code,
            "money_unit": p.money_unit,
            "fiscal_funds": p.fiscal_funds,
            "other_funds": p.other_funds,
            "purpose": p.purpose,
            "source_line": str(p.line),
        }
        for p in parsed.projects
    ]
    return pd.DataFrame(rows, columns=[*PROJECT_COLUMNS, *PROJECT_EXTRA_COLUMNS], dtype=str)


def _indicators_frame(parsed: ParsedText) -> pd.DataFrame:
    """One row per indicator, ``seq`` 1..n within its project, actuals empty."""
    rows = []
    for p in parsed.projects:
        for seq, r in enumerate(p.rows, start=1):
            row = dict.fromkeys((*INDICATOR_COLUMNS, *INDICATOR_EXTRA_COLUMNS), "")
            row.update(
                project_id=p.project_id,
                project=p.name,
                seq=str(seq),
                level1=r.level1,
                level2=r.level2,
                indicator=r.indicator,
                target=r.target,
                basis=r.basis,
                description=r.description,
                source_line=str(r.line),
            )
            rows.append(row)
    return pd.DataFrame(rows, columns=[*INDICATOR_COLUMNS, *INDICATOR_EXTRA_COLUMNS], dtype=str)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV with a header row and ``\\n`` line ends, no index."""
    text: str = frame.to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8")


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON string escapes are valid TOML)."""
    return json.dumps(text, ensure_ascii=False)


def evaluation_toml(
    doc: ImportedDocument, *, title: str, year: int | None, scheme: str, notes: str = ""
) -> str:
    """The ``evaluation.toml`` text for an imported document."""
    targets = f"{doc.department} {doc.year or ''} 年部门预算绩效文本 ({doc.source.name})"
    lines = [f"title = {toml_string(title)}"]
    if year is not None:
        lines.append(f"year = {int(year)}")
    lines += [
        f"scheme = {toml_string(scheme)}",
        f"notes = {toml_string(notes)}",
        "",
        "[sources]",
        f"targets = {toml_string(' '.join(targets.split()))}",
        f"actuals = {toml_string('')}",
        "",
    ]
    return "\n".join(lines)


def write_evaluation_folder(
    doc: ImportedDocument,
    out_dir: Path,
    *,
    title: str,
    year: int | None,
    scheme: str = "national-2020",
    notes: str = "",
    replace_toml: bool = True,
) -> list[Path]:
    """Write ``evaluation.toml``, ``projects.csv`` and ``indicators.csv`` into ``out_dir``.

    Existing files of those names are replaced, except an existing ``evaluation.toml`` when
    ``replace_toml`` is false (it may hold hand-written notes); other files (``actuals.csv``)
    are left alone. Returns the paths written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = {
        "projects.csv": csv_bytes(doc.projects),
        "indicators.csv": csv_bytes(doc.indicators),
        "evaluation.toml": evaluation_toml(
            doc, title=title, year=year, scheme=scheme, notes=notes
        ).encode("utf-8"),
    }
    written = []
    for name, data in outputs.items():
        target = out_dir / name
        if name == "evaluation.toml" and not replace_toml and target.exists():
            continue
        write_bytes(target, data)
        written.append(target)
    return written


def default_title(doc: ImportedDocument, year: int | None) -> str:
    """``<department> <year> 年项目支出绩效自评`` from the document's own title."""
    department = doc.department or doc.source.stem
    return f"{department} {year} 年项目支出绩效自评" if year else f"{department} 项目支出绩效自评"
