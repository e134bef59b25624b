"""Exact conversion of a value between two units: Pint's factors as fractions, never cut."""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

from units._errors import UnitMismatch
from units._model import Exact
from units._registry import _exact, exact_unit_of, unit_of


@lru_cache(maxsize=4096)
def factor(from_unit: str, to_unit: str) -> Fraction:
    """The exact factor f with 1 ``from_unit`` = f ``to_unit``; UnitMismatch when incompatible."""
    if unit_of(from_unit).dimensionality != unit_of(to_unit).dimensionality:
        raise UnitMismatch(from_unit, 0, f"a unit convertible to {to_unit!r}")
    source, target = exact_unit_of(from_unit), exact_unit_of(to_unit)
    return Fraction(_exact.Quantity(Fraction(1), source).to(target).magnitude)


def exact_number(value: Fraction) -> Exact:
    """A fraction as a Decimal when it ends as a decimal (exactly), else the fraction itself."""
    numerator, denominator = value.numerator, value.denominator
    rest, twos, fives = denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest != 1:
        return value
    with localcontext() as context:
        context.prec = len(str(abs(numerator))) + max(twos, fives) + 2
        return Decimal(numerator) / Decimal(denominator)


def convert(value: Exact, from_unit: str, to_unit: str) -> Exact:
    """``value`` in ``from_unit`` expressed exactly in ``to_unit`` (UnitMismatch if impossible):
    a Decimal when the result ends as a decimal, else a Fraction."""
    if from_unit == to_unit:
        return value
    return exact_number(Fraction(value) * factor(from_unit, to_unit))
