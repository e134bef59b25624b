"""Exact half-up rounding of scores (the worksheet ROUND, not Python's banker's round())."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def round_half_up(value: Fraction | Decimal | int, places: int) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals, exactly.

    Works on the exact rational value, so ``1/3 · 0.375`` (= 0.125) rounds to 0.13 even though
    no finite decimal holds 1/3. The result carries exactly ``places`` decimals (``8.00``).
    """
    exact = Fraction(value) * 10**places
    magnitude = abs(exact)
    scaled = (2 * magnitude.numerator + magnitude.denominator) // (2 * magnitude.denominator)
    signed = -scaled if exact < 0 else scaled
    return Decimal(signed).scaleb(-places)
