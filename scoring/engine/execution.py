"""Budget execution (预算执行率): its rate, its score and the caps it puts on a total (§6).

执行率 = spent / budget. It is shown as a percentage rounded half-up to 2 decimals; the score
uses the exact ratio, as a worksheet ``ROUND(MIN(spent/budget, 1) * w, 2)`` does, so the score is
never rounded twice. The ratio is an exact fraction: every rounding is the one
``round_half_up`` of ``scoring.engine.rounding``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Protocol

from scoring.engine.rounding import round_half_up
from scoring.model.limits import check_digits, check_magnitude, without_grouping


class CapLike(Protocol):
    """A cap of the total by 执行率: the total is at most ``max_total`` when rate < ``below``."""

    @property
    def below(self) -> Decimal: ...

    @property
    def max_total(self) -> Decimal: ...


def parse_amount(value: object) -> Decimal | None:
    """A number cell as a Decimal; None when empty.

    Accepts full-width digits, surrounding spaces and thousands separators (``1,099.00``).
    Raises ValueError with the offending text for anything else, a comma that does not group
    thousands (``1,5``) and a number out of the limits of ``scoring.model.limits``.
    """
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float) and value != value:  # NaN from a missing cell
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    check_digits(text)
    text = without_grouping(text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    check_magnitude(number, value)
    return number


def execution_ratio(budget: Decimal, spent: Decimal) -> Fraction:
    """The exact share spent / budget; ValueError for a budget of 0 or less or negative spending."""
    if budget <= 0:
        raise ValueError(f"全年预算数 must be greater than 0, got {budget}")
    if spent < 0:
        raise ValueError(f"全年执行数 must not be negative, got {spent}")
    return Fraction(spent) / Fraction(budget)


def execution_rate(budget: Decimal, spent: Decimal) -> Decimal:
    """执行率 in percent, rounded half-up to 2 decimals (``86.20`` for 37.24 of 43.2)."""
    return round_half_up(execution_ratio(budget, spent) * 100, 2)


def execution_score(budget: Decimal, spent: Decimal, weight: Decimal, places: int = 2) -> Decimal:
    """round(min(spent / budget, 1) × weight, places) half-up; overspending earns no more."""
    ratio = min(execution_ratio(budget, spent), Fraction(1))
    return round_half_up(ratio * Fraction(weight), places)


def cap_for(ratio: Fraction | Decimal, caps: Iterable[CapLike]) -> Decimal | None:
    """The lowest ``max_total`` among the caps whose ``below`` the ratio falls under, else None."""
    limits = [cap.max_total for cap in caps if ratio < cap.below]
    return min(limits) if limits else None


@dataclass(frozen=True)
class Execution:
    """The execution line of one project.

    ``rate`` is in percent (2 decimals), ``score`` in points; both None when they cannot be
    computed, and then ``error`` says why and ``error_column`` names the cell (``budget`` or
    ``spent``). ``reason_required`` is set when the rate is below
    the scheme's threshold; ``cap`` is the most the project's total may be, or None.
    ``unfunded`` marks a project with neither budget nor spent (a flat table of indicators):
    its execution line is not scored, which is a warning rather than an error.
    """

    rate: Decimal | None
    score: Decimal | None
    error: str = ""
    error_column: str = ""
    reason_required: bool = False
    cap: Decimal | None = None
    unfunded: bool = False


def assess_execution(
    budget: object,
    spent: object,
    *,
    weight: Decimal,
    reason_below: Decimal,
    caps: Iterable[CapLike] = (),
    places: int = 2,
) -> Execution:
    """Rate, score, reason warning and cap of one project from its raw budget and spent cells."""
    try:
        budget_value = parse_amount(budget)
    except ValueError:
        return _failed("budget", f"全年预算数 (budget) is not a number: {budget!r}")
    try:
        spent_value = parse_amount(spent)
    except ValueError:
        return _failed("spent", f"全年执行数 (spent) is not a number: {spent!r}")
    if budget_value is None and spent_value is None:
        return Execution(None, None, "no funding line (全年预算数, 全年执行数) was given: the "
                         "预算执行率 line is not scored", unfunded=True)
    if budget_value is None:
        return _failed("budget", "全年预算数 (budget) is missing: 执行率 cannot be computed")
    if budget_value <= 0:
        return _failed("budget", f"全年预算数 (budget) is {budget_value}, expected more than 0: "
                                 f"执行率 cannot be computed")
    if spent_value is None:
        return _failed("spent", "全年执行数 (spent) is missing: 执行率 cannot be computed")
    if spent_value < 0:
        return _failed("spent", f"全年执行数 (spent) is {spent_value}, expected 0 or more")
    ratio = execution_ratio(budget_value, spent_value)
    return Execution(
        rate=round_half_up(ratio * 100, 2),
        score=round_half_up(min(ratio, Fraction(1)) * Fraction(weight), places),
        reason_required=ratio < reason_below,
        cap=cap_for(ratio, caps),
    )


def _failed(column: str, message: str) -> Execution:
    return Execution(None, None, message, column)
