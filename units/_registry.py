"""The unit registry, built once at import from ``definitions.txt``, and the unit lexicon.

``ureg`` is the public registry (float magnitudes, safe for any caller). A twin registry with
exact fractions is kept privately for conversion factors. The lexicon maps every written unit
name, symbol and alias to its canonical spelling, so the grammar can find a unit inside a cell
without handing the cell to Pint.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import pint

from units._errors import ParseError
from units._scan import trie_pattern

DEFINITIONS = Path(__file__).with_name("definitions.txt")

#: Spellings that differ from the definition's own name.
PREFERRED: dict[str, str] = {"percent": "%", "permille": "‰"}

#: Units that take no 万-/亿-/千- prefix when written after a number.
UNPREFIXED: frozenset[str] = frozenset({"%", "‰", "倍", "等别"})


def _load(non_int_type: type) -> Any:
    registry: Any = pint.UnitRegistry(None, non_int_type=non_int_type, cache_folder=None)
    registry.load_definitions(str(DEFINITIONS))
    return registry


ureg: Any = _load(float)
_exact: Any = _load(Fraction)


def _spellings(registry: Any) -> dict[str, str]:
    """Every written name, symbol and alias of a unit → the canonical spelling."""
    found: dict[str, str] = {}
    for definition in list(registry._units.values()):
        canonical = PREFERRED.get(definition.name, definition.name)
        names = [definition.name, *definition.aliases]
        if definition.defined_symbol:
            names.append(definition.defined_symbol)
        for name in names:
            found[name] = canonical
    return found


SPELLINGS: dict[str, str] = _spellings(ureg)
PREFIXES: tuple[str, ...] = tuple(p for p in ureg._prefixes if p)
CANONICAL_UNITS: frozenset[str] = frozenset(SPELLINGS.values())


def _alternation(names: list[str]) -> str:
    return trie_pattern(names)


_PREFIXABLE = [n for n, c in SPELLINGS.items() if c not in UNPREFIXED]
#: One unit name at a position: a whole spelling, or a prefix and a spelling.
UNIT_NAME = re.compile(
    f"(?P<whole>{_alternation(list(SPELLINGS))})"
    f"|(?P<prefix>{_alternation(list(PREFIXES))}) ?(?P<base>{_alternation(_PREFIXABLE)})"
)


#: The same without groups, for embedding in larger patterns.
UNIT_NAME_PLAIN = (
    f"(?:{_alternation(list(SPELLINGS))})"
    f"|(?:{_alternation(list(PREFIXES))}) ?(?:{_alternation(_PREFIXABLE)})"
)


def define_count_unit(word: str) -> str:
    """``word`` as a count unit of its own dimension (粒 is never 个), defined in both
    registries the first time it is met; returns the word."""
    if word not in _NEW_UNITS and word not in SPELLINGS:
        dimension = "new_" + "_".join(f"{ord(char):x}" for char in word)
        for registry in (ureg, _exact):
            registry.define(f"{word} = [{dimension}]")
        _NEW_UNITS.add(word)
    return word


#: Measure words defined on the fly (``define_count_unit``).
_NEW_UNITS: set[str] = set()


@lru_cache(maxsize=4096)
def unit_of(unit: str) -> Any:
    """The Pint unit for a canonical unit string (``""`` is dimensionless); cached."""
    try:
        return ureg.parse_units(unit)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, SyntaxError) as exc:
        raise ParseError(unit, 0, "a unit of units/definitions.txt") from exc


@lru_cache(maxsize=4096)
def exact_unit_of(unit: str) -> Any:
    """The unit in the exact (fraction) registry; cached."""
    unit_of(unit)
    return _exact.parse_units(unit)


def clear_caches() -> None:
    """Forget every cached unit (used by benchmarks)."""
    unit_of.cache_clear()
    exact_unit_of.cache_clear()
