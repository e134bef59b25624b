"""Exact conversion of a decimal value between two units."""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

from units._errors import UnitMismatch
from units._registry import _exact, exact_unit_of, unit_of


@lru_cache(maxsize=4096)
def factor(from_unit: str, to_unit: str) -> Fraction:
    """The exact factor f with 1 ``from_unit`` = f ``to_unit``; UnitMismatch when incompatible."""
    if unit_of(from_unit).dimensionality != unit_of(to_unit).dimensionality:
        raise UnitMismatch(from_unit, 0, f"a unit convertible to {to_unit!r}")
    source, target = exact_unit_of(from_unit), exact_unit_of(to_unit)
    return Fraction(_exact.Quantity(Fraction(1), source).to(target).magnitude)


def to_decimal(value: Fraction) -> Decimal:
    """A fraction as a decimal: exact when it terminates, else to 28 significant digits."""
    numerator, denominator = value.numerator, value.denominator
    rest, twos, fives = denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    with localcontext() as context:
        if rest == 1:
            context.prec = len(str(abs(numerator))) + max(twos, fives) + 2
        return Decimal(numerator) / Decimal(denominator)


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """``value`` in ``from_unit`` expressed exactly in ``to_unit`` (UnitMismatch if impossible)."""
    if from_unit == to_unit:
        return value
    return to_decimal(Fraction(value) * factor(from_unit, to_unit))
