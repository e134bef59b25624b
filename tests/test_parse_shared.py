"""Readings kept once per text are the full grammar's, shared only where nothing else answers.

A quantity in the target's own unit and a bare number in a unit that takes it as it is are
read once per text (and unit), and only where every step read before a quantity cannot answer.
"""

from __future__ import annotations

from decimal import Decimal

import units
from units import Actual, ActualKind, Band, Kind, Target
from units._fast import switched
from units.diagnostics import clear_caches

YEAR = 2024


def _both(text: str, target: Target, vocabulary: units.Vocabulary | None = None
          ) -> tuple[Actual, Actual]:
    """The reading with the fast path on (shared where it may be) and off (full grammar)."""
    found = []
    for on in (True, False):
        with switched(on):
            found.append(units.parse_actual(text, target, year=YEAR, vocabulary=vocabulary))
    return found[0], found[1]


def test_a_quantity_in_the_targets_unit_is_one_reading_for_every_such_target() -> None:
    clear_caches()
    first = units.parse_target("≥90%", year=YEAR)
    second = units.parse_target("≤5%", year=YEAR, indicator="差错率")
    reading = units.parse_actual("97.5%", first, year=YEAR)
    assert units.parse_actual("97.5%", second, year=YEAR) is reading
    assert reading == Actual("97.5%", ActualKind.NUMBER, Decimal("97.5"), "%")
    assert _both("97.5%", second) == (reading, reading)


def test_a_bare_number_is_one_reading_per_unit_that_takes_it_as_it_is() -> None:
    clear_caches()
    people = units.parse_target("≥500人", year=YEAR)
    more_people = units.parse_target("≤800人", year=YEAR)
    hectares = units.parse_target("≥8公顷", year=YEAR)
    reading = units.parse_actual("645", people, year=YEAR)
    assert units.parse_actual("645", more_people, year=YEAR) is reading
    assert reading == Actual("645", ActualKind.NUMBER, Decimal(645), "人")
    in_hectares = units.parse_actual("645", hectares, year=YEAR)
    assert in_hectares.unit == "公顷" and in_hectares is not reading


def test_a_bare_number_a_target_converts_is_read_per_target() -> None:
    """Typed in the base unit (300000 against ≤30万元), a fraction typed for a percentage
    (0.95 against ≥90%): the reading depends on the target, never shared."""
    money = units.parse_target("≤30万元", year=YEAR)
    fast, full = _both("300000", money)
    assert fast == full and fast.value == Decimal(30) and "base_unit_assumed" in fast.flags
    share = units.parse_target("≥90%", year=YEAR)
    fast, full = _both("0.95", share)
    assert fast == full and fast.flags == ("fraction_as_percent",)
    small = units.parse_target("≥0.5%", year=YEAR)
    fast, full = _both("0.95", small)
    assert fast == full and fast.value == Decimal("0.95") and fast.flags == ()


def test_words_and_kinds_read_before_a_quantity_still_answer_first() -> None:
    """A vocabulary naming the quantity, a scale, a qualitative or a deadline target."""
    vocabulary = units.Vocabulary({"100%": Band.ACHIEVED})
    share = units.parse_target("≥95%", year=YEAR)
    fast, full = _both("100%", share, vocabulary)
    assert fast == full and fast.kind is ActualKind.BAND and fast.band is Band.ACHIEVED
    fast, full = _both("100%", share)
    assert fast == full and fast.kind is ActualKind.NUMBER
    for text in ("一般/较好/很好", "效果明显", "12月31日前完成"):
        target = units.parse_target(text, year=YEAR)
        assert target.kind in (Kind.QUALITATIVE, Kind.DEADLINE)
        for actual in ("100%", "3", "2024"):
            found: list[Actual | str] = []
            for on in (True, False):
                with switched(on):
                    try:
                        found.append(units.parse_actual(actual, target, year=YEAR))
                    except units.ParseError as exc:
                        found.append(str(exc))
            assert found[0] == found[1], (actual, text)
