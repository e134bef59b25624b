"""The bundled weighting schemes as one comparison table (the 方案 page)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from decimal import Decimal

from weights import available_schemes, load_scheme

HASH_SHOWN = 12


@dataclass(frozen=True)
class SchemeColumn:
    """One scheme as display text, one cell per compared setting."""

    name: str
    description: str
    content_hash: str
    level1: tuple[tuple[str, str], ...]
    execution: str
    grades: tuple[str, ...]
    rules: tuple[str, ...]
    over_completion: str


def _points(value: Decimal | float | int) -> str:
    number = Decimal(str(value))
    return f"{number.normalize():f}"


def scheme_names() -> list[str]:
    """The bundled schemes, so a scheme added to ``weights/schemes`` appears by itself."""
    return [info.name for info in available_schemes()]


def automatic_choice() -> str | None:
    """The word that asks the engine to choose the scheme from the table (``auto``), when
    this engine offers that choice (``scoring.engine.choose``), else None."""
    try:
        module = importlib.import_module("scoring.engine.choose")
    except ModuleNotFoundError:
        return None
    word = getattr(module, "AUTO", None)
    return word if isinstance(word, str) else None


def scheme_choices() -> list[str]:
    """What the scheme selector offers besides the default: the automatic choice when the
    engine has one, then every bundled scheme."""
    automatic = automatic_choice()
    return ([automatic] if automatic else []) + scheme_names()


def scheme_table() -> list[SchemeColumn]:
    """One row per bundled scheme: its 一级 with their points, execution, grades, rules."""
    rows = []
    for scheme in (load_scheme(name) for name in scheme_names()):
        rules = scheme.rules
        rows.append(SchemeColumn(
            name=scheme.name,
            description=scheme.description,
            content_hash=scheme.content_hash[:HASH_SHOWN],
            level1=tuple((name, _points(points))
                         for name, points in scheme.weights.level1.items()),
            execution=_points(scheme.weights.execution),
            grades=tuple(f"{g.name} ≥ {_points(g.min)}" for g in scheme.grades),
            rules=(f"more_than {rules.more_than}", f"at_most {rules.at_most}",
                   f"equal {rules.equal}", f"deadline {rules.deadline}"),
            over_completion=f"≥ {_points(Decimal(str(scheme.over_completion.flag_at)) * 100)}%",
        ))
    return rows
