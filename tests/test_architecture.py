"""The layout's promises, checked on the source: no import cycles, no private imports across
packages, and engine functions short enough to read."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("units", "weights", "scoring")
#: The engine: the arithmetic and the rules (docs/architecture.md).
ENGINE = ("rules.py", "frame.py", "weighting.py", "execution.py", "totals.py", "_rounding.py",
          "_vectorised.py", "_codes.py", "_columns.py", "_pool_columns.py", "_pool_exact.py",
          "_totals_columns.py", "_execution_columns.py")


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
KNOWN_BACK_EDGES = {
    # The parser reads the default qualitative vocabulary from the national scheme (lazily);
    # the vocabulary belongs in units, with the scheme extending it.
    ("units._actual", "weights"),
}


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


def test_no_private_import_from_another_package() -> None:
    """``units``, ``weights`` and ``scoring`` use each other through their public API only:
    nothing imports ``<another package>._private``."""
    found = []
    modules = _modules()
    for name, path in modules.items():
        own = name.split(".")[0]
        for imported in _imports(path, modules):
            parts = imported.split(".")
            if parts[0] in PACKAGES and parts[0] != own and any(
                    part.startswith("_") for part in parts[1:]):
                found.append(f"{name} imports {imported}")
    assert not found


def test_engine_functions_are_at_most_60_lines() -> None:
    """No function of the engine is longer than 60 lines (docstring included)."""
    long = []
    for module in ENGINE:
        tree = ast.parse((ROOT / "scoring" / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                if node.end_lineno - node.lineno + 1 > 60:
                    long.append(f"{module}:{node.name}")
    assert not long


def test_every_module_opens_with_its_purpose() -> None:
    """Each module of the packages starts with a docstring saying what it is for."""
    missing = [name for name, path in _modules().items()
               if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))]
    assert not missing
