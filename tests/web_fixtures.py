"""Files the web tests upload.

Files the web tests upload: the 承德 targets, the template filled with its illustrative
actuals the way a department would, zipped evaluation folders and hostile tables.
"""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from scoring.model import form_layout as L

REPO = Path(__file__).resolve().parents[1]
CHENGDE = REPO / "evaluations" / "chengde-2024"
#: The overlays that hold the illustrative actuals; without them the folder is the targets only.
OVERLAYS = ("actuals.csv", "project_actuals.csv")


def targets_folder(into: Path) -> Path:
    """A copy of the 承德 evaluation with its targets and empty actuals overlays."""
    folder = into / "chengde-2024"
    shutil.copytree(CHENGDE, folder, ignore=shutil.ignore_patterns("source"))
    for name in OVERLAYS:
        header = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        (folder / name).write_text(header + "\n", encoding="utf-8")
    return folder


def zip_folder(folder: Path, path: Path) -> Path:
    """The folder zipped under its own name, as a file manager zips it."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, Path(folder.name) / file.relative_to(folder))
    return path


def _rows(name: str) -> list[dict[str, str]]:
    with (CHENGDE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _find(ws: Worksheet, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise LookupError(f"{ws.title}: no cell reads {text}")


def fill_template(template: Path, filled: Path) -> Path:
    """Fill the answer cells of a 承德 template from actuals.csv and project_actuals.csv.

    Writes 实际完成值, 偏差原因, 扣分, 扣分理由, 人工评分, 不适用 and 全年执行数.
    """
    actuals = {(r["project_id"], r["seq"]): r for r in _rows("actuals.csv")}
    spent = {r["project_id"]: r["spent"] for r in _rows("project_actuals.csv")}
    columns = {name: L.column_of(name) for name in
               ("actual", "note", "adjustment", "adjustment_reason", "manual_score",
                "not_applicable", "seq")}
    book = openpyxl.load_workbook(template)
    for ws in book.worksheets:
        if ws.title == L.INSTRUCTIONS_SHEET:
            continue
        label_row, label_col = _find(ws, L.LABEL_PROJECT_ID)
        project_id = str(ws.cell(label_row, label_col + 1).value)
        spent_row, spent_col = _find(ws, "全年执行数")
        if project_id in spent:
            ws.cell(spent_row + 1, spent_col, float(spent[project_id]))
        for row in range(1, ws.max_row + 1):
            seq = ws.cell(row, columns["seq"]).value
            answer = actuals.get((project_id, str(seq))) if isinstance(seq, int) else None
            if answer is None:
                continue
            for name in ("actual", "note", "adjustment", "adjustment_reason", "manual_score"):
                if answer[name]:
                    ws.cell(row, columns[name], answer[name])
            if answer["applicable"] == "不适用":
                ws.cell(row, columns["not_applicable"], "是")
    book.save(filled)
    return filled


def flat_csv(path: Path, indicator: str, actual: str = "95%") -> Path:
    """A one-project flat table whose first indicator is named ``indicator``."""
    path.write_text(
        "level1,level2,indicator,target,actual,weight\n"
        f"产出指标,数量指标,\"{indicator}\",≥100%,{actual},50\n"
        "效益指标,社会效益指标,群众满意度,≥90%,95%,30\n"
        "满意度指标,服务对象满意度指标,满意度,≥90%,92%,10\n",
        encoding="utf-8",
    )
    return path
