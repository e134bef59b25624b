"""The kind registry: one module per target kind.

Each kind module holds its exact rule, its vectorised rule (or None: the frame then calls
the exact rule once per distinct pair) with the review flags and rule boundaries that go with
it, its lint checks and its Hypothesis strategy as one ``SPEC``. A new kind is a new module
here (and its ``units.Kind`` member, which the parser produces); ``load_kinds`` finds it, and
``rules``, the frame and lint look every kind up in ``KINDS``."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping

from scoring.engine.kinds.base import (
    Assessment,
    Bools,
    Boundaries,
    Columns,
    Fits,
    Floats,
    KindSpec,
    Pairs,
    Rule,
    VectorFlags,
    VectorRule,
)
from units import Kind

__all__ = [
    "KINDS",
    "NUMERIC_KINDS",
    "UNREAD_TARGET_KIND",
    "Assessment",
    "Bools",
    "Boundaries",
    "Columns",
    "Fits",
    "Floats",
    "KindSpec",
    "Pairs",
    "Rule",
    "VectorFlags",
    "VectorRule",
    "kinds_linted",
    "load_kinds",
]

#: Modules of this package that hold no kind.
_NOT_KINDS = frozenset({"base", "pair_strategies"})


def load_kinds(package: str = __name__) -> Mapping[Kind, KindSpec]:
    """The ``SPEC`` of every public module of ``package`` but the shared ones, by kind.

    A module without a ``KindSpec`` named ``SPEC``, or two modules claiming one kind, is a
    ``TypeError``/``ValueError`` naming the module, so a broken kind module fails at import."""
    found: dict[Kind, KindSpec] = {}
    origin: dict[Kind, str] = {}
    for info in sorted(pkgutil.iter_modules(importlib.import_module(package).__path__),
                       key=lambda info: info.name):
        if info.name.startswith("_") or info.name in _NOT_KINDS:
            continue
        name = f"{package}.{info.name}"
        spec = getattr(importlib.import_module(name), "SPEC", None)
        if not isinstance(spec, KindSpec):
            raise TypeError(f"{name}: a kind module must define SPEC = KindSpec(...)")
        if spec.kind in found:
            raise ValueError(f"{name}: kind {spec.kind.value!r} is already registered by "
                             f"{origin[spec.kind]}")
        found[spec.kind], origin[spec.kind] = spec, name
    return found


#: The registry: every target kind and its spec.
KINDS: Mapping[Kind, KindSpec] = load_kinds()

#: The kinds whose target and actual are numbers: those with a vectorised rule.
NUMERIC_KINDS: frozenset[Kind] = frozenset(
    kind for kind, spec in KINDS.items() if spec.vectorised is not None)


#: The kind reported for a target that could not be read: like an unscorable one, its rows
#: need a manual score.
UNREAD_TARGET_KIND: Kind = Kind.UNSCORABLE


def kinds_linted(code: str) -> frozenset[str]:
    """The kinds (as ``kind`` column values) on whose rows the lint check ``code`` runs."""
    return frozenset(kind.value for kind, spec in KINDS.items() if code in spec.lint)
