"""Build the ``published-tables`` evaluation folder from the transcribed corpus TSVs.

Run ``python evaluations/published-tables/build.py [OUT_DIR]`` (default: this folder). It reads
``source/selfeval_rows.tsv`` and ``source/selfeval_projects.tsv`` (copies of the development
corpus) and writes ``projects.csv`` and ``indicators.csv``; the same sources always give
byte-identical files.

The transcriptions mark an empty neighbouring cell with a pipe at the start or the end of a cell:
``8 |`` is a score of 8 followed by an empty cell, ``| 1 |`` an empty 分值, a score of 1 and an
empty cell, ``| 2023年度`` an empty cell followed by the text. Each such cell is expanded back into
the cells it stands for before the columns are assigned; the raw cells are kept beside the
cleaned ones. Anything the expansion leaves over is appended to the transcriber's note.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from pathlib import Path

import pandas as pd

from scoring.model.atomic import write_bytes
from scoring.model.columns import INDICATOR_COLUMNS, PROJECT_COLUMNS
from scoring.sources.text_import import csv_bytes

HERE = Path(__file__).resolve().parent

INDICATOR_EXTRA: tuple[str, ...] = (
    "published_score",
    "published_score_raw",
    "weight_raw",
    "source_url",
    "region",
    "table_type",
    "deviation_note",
    "transcriber_note",
)

PROJECT_EXTRA: tuple[str, ...] = (
    "money_unit",
    "budget_raw",
    "spent_raw",
    "published_exec_weight",
    "published_exec_rate",
    "published_exec_score",
    "published_total",
    "published_grade",
    "source_url",
    "region",
    "table_type",
    "transcriber_note",
)

_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_YEAR = re.compile(r"(?<!填报)(\d{4})年度?")


def read_tsv(path: Path) -> list[dict[str, str]]:
    """The rows of a tab-separated file with a header row, as strings."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def expand(cells: list[str]) -> list[str]:
    """The logical cells behind transcribed cells whose edge pipes stand for empty cells."""
    out: list[str] = []
    for raw in cells:
        cell = raw.strip()
        if cell == "|":
            out += ["", ""]
            continue
        lead, trail = cell.startswith("|"), cell.endswith("|")
        core = cell[1 if lead else 0 : len(cell) - 1 if trail else len(cell)].strip()
        out += [""] * lead + [core] + [""] * trail
    return out


def assign(cells: list[str], count: int) -> tuple[list[str], str]:
    """The first ``count`` cells, and the non-empty cells beyond them joined by ``; ``."""
    padded = cells + [""] * max(0, count - len(cells))
    return padded[:count], "; ".join(c for c in padded[count:] if c)


def join_notes(*notes: str) -> str:
    """Non-empty notes joined by ``; ``."""
    return "; ".join(n for n in notes if n)


def project_id(source_url: str, project: str) -> str:
    """A short id that stays the same as long as the source and the project name do."""
    digest = hashlib.sha1(f"{source_url}\t{project}".encode()).hexdigest()
    return f"pub-{digest[:8]}"


def clean_money(text: str) -> str:
    """A funding cell as a plain number: ``150万`` → ``150`` (the folder's unit is 万元)."""
    core = text.strip().removesuffix("万")
    return core if _NUMBER.match(core) else ""


def build_projects(
    rows: list[dict[str, str]], passthrough: tuple[str, ...] = ()
) -> pd.DataFrame:
    """One row per funding line of ``selfeval_projects.tsv``.

    ``passthrough`` names source columns copied unchanged after the standard ones (a folder
    built on the same layout adds its own, e.g. the table's framework).
    """
    records = []
    physical = ["budget_annual", "spent", "exec_weight", "exec_rate", "exec_score",
                "total_score", "grade"]
    for row in rows:
        cells = [*expand([row[k] for k in physical]), row["note"].strip()]
        (budget, spent, weight, rate, score, total, grade, note), extra = assign(cells, 8)
        note = join_notes(note, extra)
        year = _YEAR.search(note)
        records.append({
            "project_id": project_id(row["source_url"], row["project"]),
            "project": row["project"],
            "unit": row["region"],
            "year": year.group(1) if year else "",
            "budget_initial": "",
            "budget": clean_money(budget),
            "spent": clean_money(spent),
            "schedule": "",
            "goal": "",
            "money_unit": "元" if "资金单位为元" in note else "万元",
            "budget_raw": row["budget_annual"],
            "spent_raw": row["spent"],
            "published_exec_weight": weight,
            "published_exec_rate": rate,
            "published_exec_score": score,
            "published_total": total,
            "published_grade": grade,
            "source_url": row["source_url"],
            "region": row["region"],
            "table_type": row["table_type"],
            "transcriber_note": note,
            **{name: row[name] for name in passthrough},
        })
    columns = [*PROJECT_COLUMNS, *PROJECT_EXTRA, *passthrough]
    return pd.DataFrame(records, columns=columns, dtype=str)


def build_indicators(
    rows: list[dict[str, str]], passthrough: tuple[str, ...] = ()
) -> pd.DataFrame:
    """One row per 三级指标 of ``selfeval_rows.tsv``, ``seq`` 1..n within each project.

    ``passthrough`` names source columns copied unchanged after the standard ones.
    """
    columns = [*INDICATOR_COLUMNS, *INDICATOR_EXTRA, *passthrough]
    records = []
    seqs: dict[str, int] = {}
    for row in rows:
        pid = project_id(row["source_url"], row["project"])
        seqs[pid] = seqs.get(pid, 0) + 1
        cells = expand([row["weight"], row["score"], row["deviation_note"]])
        (weight, score, deviation), extra = assign(cells, 3)
        record = dict.fromkeys(columns, "")
        record.update(
            project_id=pid,
            project=row["project"],
            seq=str(seqs[pid]),
            level1=row["level1"],
            level2=row["level2"],
            indicator=row["level3"],
            target=row["target"],
            actual=row["actual"],
            weight=weight,
            note=deviation,
            published_score=score if _NUMBER.match(score) else "",
            published_score_raw=row["score"],
            weight_raw=row["weight"],
            source_url=row["source_url"],
            region=row["region"],
            table_type=row["table_type"],
            deviation_note=deviation,
            transcriber_note=join_notes(row["transcriber_note"], extra),
        )
        record.update({name: row[name] for name in passthrough})
        records.append(record)
    return pd.DataFrame(records, columns=columns, dtype=str)


def build(source_dir: Path, out_dir: Path) -> list[Path]:
    """Write ``projects.csv`` and ``indicators.csv`` built from ``source_dir`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        "projects.csv": build_projects(read_tsv(source_dir / "selfeval_projects.tsv")),
        "indicators.csv": build_indicators(read_tsv(source_dir / "selfeval_rows.tsv")),
    }
    return write_tables(tables, out_dir)


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write each table as CSV into ``out_dir`` (atomically); the paths written."""
    written = []
    for name, frame in tables.items():
        write_bytes(out_dir / name, csv_bytes(frame))
        written.append(out_dir / name)
    return written


def main(argv: list[str]) -> int:
    """Build into ``argv[0]`` (default: this folder)."""
    out = Path(argv[0]) if argv else HERE
    for path in build(HERE / "source", out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
