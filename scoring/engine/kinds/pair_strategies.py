"""Hypothesis building blocks of the kinds' example pairs.

Only a kind's ``pairs()`` imports this module (the property tests call it), so hypothesis
stays a test dependency."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

#: Units a numeric target is written in, and the indicator name that goes with them.
UNITS: tuple[tuple[str, str], ...] = (
    ("个", "建设数量"),
    ("%", "验收合格率"),
    ("万元", "项目总成本"),
    ("立方米", "清理体积"),
    ("人次", "培训人次"),
    ("", "完成数"),
)


def decimals(low: str = "0.1", high: str = "100000", places: int = 2) -> st.SearchStrategy[Decimal]:
    """Positive decimals with at most ``places`` decimals."""
    return st.decimals(
        min_value=Decimal(low), max_value=Decimal(high), places=places,
        allow_nan=False, allow_infinity=False,
    )


def written(value: Decimal) -> str:
    """A decimal as people write it: no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def actual_near(target: Decimal) -> st.SearchStrategy[Decimal]:
    """Actuals around a target: often exactly on it or on 2t, 1.2t, sometimes far off."""
    return st.one_of(
        st.sampled_from([target, target * 2, target * Decimal("1.2"), target * Decimal("1.3"),
                         target / 2, Decimal(0), -target]),
        decimals("0", written(target * 3 + 1)),
    )


@st.composite
def comparator_pairs(draw: st.DrawFn, symbol: str) -> tuple[str, str, str]:
    """(target, actual, indicator) for a comparator target such as ``≥95 %``."""
    unit, indicator = draw(st.sampled_from(UNITS))
    target = draw(decimals())
    actual = draw(actual_near(target))
    return f"{symbol}{written(target)}{unit}", f"{written(actual)}{unit}", indicator
