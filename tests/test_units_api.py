"""The public surface of ``units``."""

from __future__ import annotations

import subprocess
import sys

import units


def test_all_is_pinned() -> None:
    """``units.__all__`` lists exactly the public names."""
    assert sorted(units.__all__) == sorted([
        "DEFAULT_VOCABULARY", "Actual", "ActualKind", "Band", "Deadline", "Exact", "Kind",
        "ParseError", "SCALES",
        "Target",
        "as_decimal",
        "UnitMismatch", "Vocabulary", "convert", "factor", "format_target", "lower_is_better",
        "normalise",
        "parse_actual",
        "parse_target", "ureg",
    ])


def test_every_exported_name_exists() -> None:
    """Each name in ``__all__`` is an attribute of the package."""
    for name in units.__all__:
        assert hasattr(units, name), name


def test_parse_error_is_a_value_error() -> None:
    """ParseError is a ValueError; UnitMismatch is a ParseError."""
    assert issubclass(units.ParseError, ValueError)
    assert issubclass(units.UnitMismatch, units.ParseError)


def test_units_imports_neither_scoring_nor_weights() -> None:
    """Importing units loads no module of scoring or weights."""
    code = ("import sys, units; "
            "print(any(m.split('.')[0] in ('scoring', 'weights') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
