"""The analyst notebooks run top to bottom on the bundled data.

The analyst notebooks run top to bottom on the bundled data, use only public names, and are
committed without outputs. `make notebooks` runs this module on its own.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat import NotebookNode

import weights

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
SELF_EVALUATION = "01-self-evaluation.ipynb"
WEIGHTING = "02-weighting-sensitivity.ipynb"
PUBLISHED = "03-published-tables.ipynb"
CELL_TIMEOUT_SECONDS = 300

#: ``import x``, ``from x import a, b`` and ``from x import (a,\n b)``.
IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<module>[\w.]+)[ \t]+)?import[ \t]+(?P<names>\([^)]*\)|[^\n#;]+)",
    re.MULTILINE,
)
#: An attribute or submodule whose name starts with an underscore: ``scoring.sources._csv_records``.
PRIVATE_ATTRIBUTE = re.compile(r"[\w)\]]\.(?P<name>_\w*)")


def private_names(source: str) -> list[str]:
    """Names starting with ``_`` that ``source`` imports or reads as an attribute."""
    found: list[str] = []
    for match in IMPORT.finditer(source):
        words = re.findall(r"[\w.]+", f"{match['module'] or ''} {match['names']}")
        found += [piece for word in words for piece in word.split(".") if piece.startswith("_")]
    code = IMPORT.sub("", source)
    found += [match["name"] for match in PRIVATE_ATTRIBUTE.finditer(code)]
    return found


def notebook(name: str) -> NotebookNode:
    """The committed notebook ``name``."""
    return nbformat.read(NOTEBOOK_DIR / name, as_version=4)


def execute(name: str, out: Path, monkeypatch: pytest.MonkeyPatch) -> NotebookNode:
    """Run a copy of notebook ``name`` from ``notebooks/`` with its files written to ``out``."""
    monkeypatch.setenv("JIXIAO_NOTEBOOK_OUT", str(out))
    copy = notebook(name)
    client = NotebookClient(
        copy,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    client.execute()
    return copy


def outputs(node: NotebookNode) -> list[NotebookNode]:
    """Every output of every code cell."""
    return [output for cell in node.cells if cell.cell_type == "code" for output in cell.outputs]


def output_text(node: NotebookNode) -> str:
    """All printed and displayed text (plain and HTML) of an executed notebook."""
    parts: list[str] = []
    for output in outputs(node):
        if output.output_type == "stream":
            parts.append(output.text)
        elif "data" in output:
            parts += [output.data.get("text/plain", ""), output.data.get("text/html", "")]
    return "\n".join(parts)


def image_count(node: NotebookNode) -> int:
    """How many PNG images an executed notebook shows."""
    return sum("image/png" in output.get("data", {}) for output in outputs(node))


def assert_ran_cleanly(node: NotebookNode) -> None:
    """Every code cell ran, and none wrote an error or anything (warnings) to stderr."""
    code = [cell for cell in node.cells if cell.cell_type == "code"]
    assert all(cell.execution_count is not None for cell in code)
    problems = [
        output.get("text", output.get("evalue", ""))
        for output in outputs(node)
        if output.output_type == "error"
        or (output.output_type == "stream" and output.name == "stderr")
    ]
    assert problems == []


def test_self_evaluation_notebook_scores_every_project_and_writes_the_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """01 runs cleanly, shows all 12 承德 projects, charts, and writes the workbook and HTML."""
    ran = execute(SELF_EVALUATION, tmp_path, monkeypatch)
    assert_ran_cleanly(ran)
    text = output_text(ran)
    with open(ROOT / "evaluations/chengde-2024/projects.csv", encoding="utf-8") as stream:
        projects = [row["project"] for row in csv.DictReader(stream)]
    assert len(projects) == 12
    assert [name for name in projects if name not in text] == []
    assert "ILLUSTRATIVE" in text
    assert image_count(ran) >= 4
    written = {path.name for path in tmp_path.iterdir()}
    assert {"chengde-2024.xlsx", "chengde-2024.html"} <= written
    assert "re-scoring the written workbook gives the same totals: True" in text


def test_weighting_notebook_compares_every_bundled_scheme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """02 runs cleanly, names every bundled scheme and the 二级 distribution, with charts."""
    ran = execute(WEIGHTING, tmp_path, monkeypatch)
    assert_ran_cleanly(ran)
    text = output_text(ran)
    names = [info.name for info in weights.available_schemes()]
    assert len(names) >= 2
    assert [name for name in names if name not in text] == []
    assert "equal_per_level2" in text
    assert image_count(ran) >= 4


def test_published_notebook_shows_agreement_with_published_scores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """03 runs cleanly, states the agreement rate, keeps source URLs and draws the scatter."""
    ran = execute(PUBLISHED, tmp_path, monkeypatch)
    assert_ran_cleanly(ran)
    text = output_text(ran)
    assert re.search(r"agree[^\n]*\d+(\.\d+)?\s*%", text)
    assert "http" in text
    assert image_count(ran) >= 2


def test_every_notebook_has_a_test() -> None:
    """The notebooks folder holds exactly the three notebooks tested here."""
    found = sorted(path.name for path in NOTEBOOK_DIR.glob("*.ipynb"))
    assert found == [SELF_EVALUATION, WEIGHTING, PUBLISHED]


@pytest.mark.parametrize("name", [SELF_EVALUATION, WEIGHTING, PUBLISHED])
def test_committed_notebook_has_no_outputs(name: str) -> None:
    """A committed notebook is stripped: no outputs, no execution counts."""
    code = [cell for cell in notebook(name).cells if cell.cell_type == "code"]
    assert code
    assert [cell.outputs for cell in code if cell.outputs] == []
    assert [cell.execution_count for cell in code if cell.execution_count is not None] == []


@pytest.mark.parametrize("name", [SELF_EVALUATION, WEIGHTING, PUBLISHED])
def test_notebook_uses_only_public_names(name: str) -> None:
    """No cell imports or reads a name that starts with an underscore."""
    sources = [cell.source for cell in notebook(name).cells if cell.cell_type == "code"]
    assert [found for source in sources for found in private_names(source)] == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from scoring.sources._text_lines import parse_lines", ["_text_lines"]),
        ("from scoring.outputs.html_report import _frames", ["_frames"]),
        ("from units import (\n    parse_target,\n    _grammar,\n)", ["_grammar"]),
        ("import scoring.sources._csv_records as records", ["_csv_records"]),
        ("limit = scoring.sources._csv_records.MAX_COLUMNS", ["_csv_records"]),
        ("from scoring.outputs import html_report, workbook\nimport numpy as np", []),
        ("text = '_private' + value.strip()", []),
    ],
)
def test_private_name_check_finds_private_imports(source: str, expected: list[str]) -> None:
    """The private-name check reports underscore names in imports and attribute reads only."""
    assert private_names(source) == expected
