"""The bundled weighting schemes as one comparison table (the 方案 page)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from weights import Scheme, available_schemes, load_scheme

HASH_SHOWN = 12


@dataclass(frozen=True)
class SchemeColumn:
    """One scheme as display text, one cell per compared setting."""

    name: str
    description: str
    content_hash: str
    level1: tuple[str, ...]
    execution: str
    grades: str
    rules: tuple[str, ...]
    over_completion: str


def _points(value: Decimal | float | int) -> str:
    number = Decimal(str(value))
    return f"{number.normalize():f}"


def scheme_names() -> list[str]:
    """The names the scheme selector offers: every bundled scheme, so new ones appear."""
    return [info.name for info in available_schemes()]


def level1_names(schemes: list[Scheme]) -> tuple[str, ...]:
    """Every 一级 named by any scheme, in first-seen order."""
    seen: dict[str, None] = {}
    for scheme in schemes:
        for name in scheme.weights.level1:
            seen.setdefault(name, None)
    return tuple(seen)


def scheme_table() -> tuple[tuple[str, ...], list[SchemeColumn]]:
    """The 一级 names compared and one row per bundled scheme."""
    schemes = [load_scheme(name) for name in scheme_names()]
    levels = level1_names(schemes)
    rows = []
    for scheme in schemes:
        level1 = scheme.weights.level1
        rules = scheme.rules
        rows.append(SchemeColumn(
            name=scheme.name,
            description=scheme.description,
            content_hash=scheme.content_hash[:HASH_SHOWN],
            level1=tuple(_points(level1[name]) if name in level1 else "—" for name in levels),
            execution=_points(scheme.weights.execution),
            grades=" / ".join(f"{g.name} ≥ {_points(g.min)}" for g in scheme.grades),
            rules=(f"more_than {rules.more_than}", f"at_most {rules.at_most}",
                   f"equal {rules.equal}", f"deadline {rules.deadline}"),
            over_completion=f"≥ {_points(Decimal(str(scheme.over_completion.flag_at)) * 100)}%",
        ))
    return levels, rows
