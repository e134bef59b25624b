"""The layout's promises, checked on the source.

The layout's promises, checked on the source: no import cycles, dependencies between the
parts of scoring/ running one way, no private imports across packages, engine functions short
enough to read, and a purpose line at the top of every module.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("units", "weights", "scoring")
#: The engine and the model it works on: functions here stay within 60 lines.
SHORT_FUNCTIONS = ("scoring/engine", "scoring/model")
#: The parts of scoring/ by role and the parts each may import (docs/architecture.md): the
#: command line and the web page at the top, the arithmetic and its vocabulary at the bottom.
MAY_IMPORT: dict[str, set[str]] = {
    "model": set(),
    "engine": {"model"},
    "sources": {"engine", "model"},
    "outputs": {"engine", "model"},
    "review": {"sources", "engine", "model"},
    "scale": {"sources", "outputs", "engine", "model"},
    "web": {"review", "outputs", "sources", "engine", "model"},
    "cli": {"web", "scale", "review", "outputs", "sources", "engine", "model"},
}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> list[str]:
    """Every module ``path`` imports, at any depth (lazy and type-only imports too): for
    ``from a import b`` the module ``a.b`` when there is one, else ``a``."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            module = node.module
            names += [f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules
                      else module for alias in node.names]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {found for found in _imports(path, modules)
                   if found in modules and found != name}
            for name, path in modules.items()}


#: Imports still waiting to be turned around, each with its reason (keep this empty).
KNOWN_BACK_EDGES: set[tuple[str, str]] = set()


def test_no_import_cycles() -> None:
    """Dependencies run one way: no module reaches itself through its imports (apart from the
    listed back edges)."""
    graph = _graph()
    for source, target in KNOWN_BACK_EDGES:
        graph[source].discard(target)
    cycles = []
    for start in graph:
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            name = todo.pop()
            if name == start:
                cycles.append(start)
                break
            if name not in seen:
                seen.add(name)
                todo.extend(graph[name])
    assert not cycles


def _part(module: str) -> str:
    """The unit a module belongs to: ``units``, ``weights`` or a part of scoring/
    (``scoring.engine``); the package root ``scoring`` is its own."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "scoring" and len(parts) > 1 else parts[0]


def _private_imports(modules: dict[str, Path]) -> list[str]:
    found = []
    for name, path in modules.items():
        own = _part(name)
        for imported in _imports(path, modules):
            unit = _part(imported)
            inner = imported.split(".")[len(unit.split(".")):]
            if unit.split(".")[0] in PACKAGES and unit != own and any(
                    part.startswith("_") for part in inner):
                found.append(f"{name} imports {imported}")
    return found


def test_no_private_import_from_another_package() -> None:
    """``units``, ``weights`` and the parts of ``scoring`` use each other through their public
    names only: nothing imports ``<another package>._private``."""
    assert not _private_imports(_modules())


#: Private modules the benchmarks still reach, each with its reason (keep this empty).
BENCHMARK_PRIVATE: set[str] = set()


def test_benchmarks_use_public_names_only() -> None:
    """The benchmarks import ``units``, ``weights`` and ``scoring`` through public modules
    (``units.diagnostics`` clears the caches)."""
    modules = _modules()
    found = {imported
             for path in sorted((ROOT / "benchmarks").glob("*.py"))
             for imported in _imports(path, modules)
             if imported.split(".")[0] in PACKAGES
             and any(part.startswith("_") for part in imported.split(".")[1:])}
    assert found <= BENCHMARK_PRIVATE


def test_private_import_check_sees_a_private_import(tmp_path: Path) -> None:
    """The check reports a module of one part that imports a private module of another, and
    not a module of the same part."""
    lint = tmp_path / "lint.py"
    lint.write_text("from scoring.sources._csv_records import MAX_COLUMNS\n", encoding="utf-8")
    reader = tmp_path / "reader.py"
    reader.write_text("from scoring.sources._csv_records import MAX_COLUMNS\n", encoding="utf-8")
    modules = {"scoring.review.lint": lint, "scoring.sources.reader": reader,
               "scoring.sources._csv_records": reader}
    assert _private_imports(modules) == [
        "scoring.review.lint imports scoring.sources._csv_records"]


def _layer_violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for name, imported in graph.items():
        parts = name.split(".")
        if parts[0] != "scoring" or len(parts) < 2:
            continue
        own = parts[1]
        for target in imported:
            target_parts = target.split(".")
            if target_parts[0] != "scoring":
                continue
            other = target_parts[1] if len(target_parts) > 1 else "the package root"
            if other != own and other not in MAY_IMPORT[own]:
                found.append(f"{name} imports {target}")
    return found


def test_every_part_of_scoring_has_a_place_in_the_layers() -> None:
    """scoring/ holds only its public ``__init__`` and the parts the layers name."""
    parts = {path.name for path in (ROOT / "scoring").iterdir()
             if path.is_dir() and (path / "__init__.py").exists()}
    modules = {path.name for path in (ROOT / "scoring").glob("*.py")}
    assert parts == set(MAY_IMPORT)
    assert modules == {"__init__.py"}


def test_dependencies_between_the_parts_run_one_way() -> None:
    """cli → web → review/outputs/sources → engine → model (scale between cli and the readers
    and writers): no part imports one above it, a sibling beside it or the package root."""
    assert not _layer_violations(_graph())


def test_layer_check_sees_an_upward_import() -> None:
    """The layer check reports the engine importing a reader and the model importing the
    package root."""
    graph = {"scoring.engine.frame": {"scoring.sources.reader", "scoring.model.codes"},
             "scoring.model.codes": {"scoring"}}
    assert sorted(_layer_violations(graph)) == [
        "scoring.engine.frame imports scoring.sources.reader",
        "scoring.model.codes imports scoring",
    ]


def test_engine_functions_are_at_most_60_lines() -> None:
    """No function of the engine or the model is longer than 60 lines (docstring included)."""
    long = []
    for folder in SHORT_FUNCTIONS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    assert node.end_lineno is not None
                    if node.end_lineno - node.lineno + 1 > 60:
                        long.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert not long


def _summary_problem(path: Path) -> str:
    """What is wrong with the opening of ``path``'s docstring, or ``""``."""
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    if not docstring or not docstring.splitlines()[0].strip():
        return "no docstring"
    lines = docstring.splitlines()
    if not lines[0].rstrip().endswith((".", ":", ")", "?")) or (len(lines) > 1
                                                               and lines[1].strip()):
        return "the first line is not a sentence of its own"
    return ""


def test_every_module_opens_with_its_purpose() -> None:
    """Each module of the packages, benchmarks and tests starts with a docstring saying what
    it is for."""
    paths = [*_modules().values(), *(ROOT / "benchmarks").glob("*.py"),
             *(ROOT / "tests").rglob("*.py")]
    missing = [str(path.relative_to(ROOT)) for path in paths
               if _summary_problem(path) == "no docstring"]
    assert not missing


def test_every_module_opens_with_a_one_line_purpose() -> None:
    """In units, scoring, weights, benchmarks and tests that docstring opens with one line that
    is a whole sentence, then a blank line (PEP 257's summary line)."""
    paths = list(_modules().values())
    paths += (ROOT / "benchmarks").glob("*.py")
    paths += (ROOT / "tests").glob("*.py")
    found = [f"{path.relative_to(ROOT)}: {problem}" for path in paths
             if (problem := _summary_problem(path))]
    assert not found


def test_summary_check_sees_a_wrapped_first_sentence(tmp_path: Path) -> None:
    """A first sentence that runs onto the second line is reported; a summary line is not."""
    wrapped = tmp_path / "wrapped.py"
    wrapped.write_text('"""Read the tables of an evaluation and\nscore them."""\n',
                       encoding="utf-8")
    summary = tmp_path / "summary.py"
    summary.write_text('"""Read and score an evaluation.\n\nMore here."""\n', encoding="utf-8")
    assert _summary_problem(wrapped) == "the first line is not a sentence of its own"
    assert _summary_problem(summary) == ""
