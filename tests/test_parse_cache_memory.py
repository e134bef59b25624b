"""A cached parse failure does not keep the caller's frames (and the tables they hold) alive."""

from __future__ import annotations

import gc
import weakref

import units
from units.diagnostics import clear_caches


class _Table:
    """Stands for a large table held by a caller of the parser."""


def _read(table: _Table, text: str) -> bool:
    try:
        units.parse_target(text, year=2024)
    except units.ParseError:
        return False
    return True


def _score(table: _Table, text: str) -> bool:
    return _read(table, text)


def test_a_cached_target_failure_releases_its_callers_locals() -> None:
    """The failure stays cached, but without the traceback whose frames reach the caller."""
    clear_caches()
    table = _Table()
    alive = weakref.ref(table)
    assert not _score(table, "≥≥≥")
    del table
    gc.collect()
    assert alive() is None


def _read_actual(table: _Table, text: str) -> bool:
    target = units.parse_target("≥95%", year=2024)
    try:
        units.parse_actual(text, target, year=2024)
    except units.ParseError:
        return False
    return True


def _score_actual(table: _Table, text: str) -> bool:
    return _read_actual(table, text)


def test_a_cached_actual_failure_releases_its_callers_locals() -> None:
    """The same for an 实际完成值 the parser cannot read (its statement and date caches)."""
    clear_caches()
    table = _Table()
    alive = weakref.ref(table)
    assert not _score_actual(table, "≥≥≥")
    del table
    gc.collect()
    assert alive() is None


def test_a_detached_failure_keeps_neither_its_traceback_nor_the_exception_it_ended() -> None:
    """A failure raised while another was handled carries that one (and its frames) along;
    the cached form drops both, keeping what the message needs."""
    from units._errors import ParseError, detached

    try:
        try:
            raise KeyError("inner")
        except KeyError:
            raise ParseError("≥≥≥", 1, "a number") from None
    except ParseError as failure:
        caught = failure
    try:
        try:
            raise KeyError("inner")
        except KeyError:
            raise ParseError("≥≥≥", 1, "a number")  # noqa: B904 - the context is the point
    except ParseError as failure:
        chained = failure
    assert chained.__context__ is not None and chained.__traceback__ is not None
    for error in (caught, chained):
        kept = detached(error)
        assert kept.__traceback__ is None and kept.__context__ is None
        assert kept.__cause__ is None and str(kept) == str(caught)
