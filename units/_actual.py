"""``parse_actual``: a 实际完成值 text, read against its Target (domain.md §5)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from units._convert import convert
from units._dates import DatePart, read_date
from units._errors import ParseError, UnitMismatch
from units._limits import check_text
from units._model import Actual, ActualKind, Band, Exact, Kind, Target
from units._normalise import normalise, normalised
from units._quantity import Statement, read_statement, unprefixed
from units._registry import unit_of
from units._scan import NoMatch, Scanner, alternation
from units._words import DEADLINE_POST, NATIONAL_VOCABULARY, NOT_APPLICABLE, TRAILING_WORDS

_TRAILING_PUNCTUATION = ".。;,"
_DEADLINE_POST = alternation(DEADLINE_POST)
_TRAILING = alternation(TRAILING_WORDS)
_NOT_APPLICABLE = frozenset(normalise(word) for word in NOT_APPLICABLE)
_NATIONAL = {normalise(word): band for word, band in NATIONAL_VOCABULARY.items()}


@dataclass(frozen=True, slots=True)
class _DateReading:
    date: DatePart
    flags: tuple[str, ...]


@lru_cache(maxsize=65536)
def _statement(text: str) -> Statement | NoMatch | ParseError:
    scanner = Scanner(text)
    try:
        return read_statement(scanner, allow_range=False)
    except (NoMatch, ParseError) as failure:
        return failure


@lru_cache(maxsize=65536)
def _date(text: str) -> _DateReading | NoMatch | ParseError:
    scanner = Scanner(text)
    try:
        date = read_date(scanner)
        flags: list[str] = []
        if scanner.word(_DEADLINE_POST):
            flags.append("before")
        while (word := scanner.word(_TRAILING)):
            flags.append(f"trailing:{word}")
        scanner.expect_end()
        return _DateReading(date, tuple(flags))
    except (NoMatch, ParseError) as failure:
        return failure


def _raise(text: str, failure: NoMatch | ParseError) -> ParseError:
    if isinstance(failure, ParseError):
        return type(failure)(failure.text, failure.position, failure.expected)
    scanner = Scanner(text)
    return scanner.error(failure.expected, failure.position)


def _as_date(text: str, reading: _DateReading, target: Target, year: int | None) -> Actual:
    chosen = reading.date.year
    if chosen is None:
        chosen = year if year is not None else (
            target.deadline.year if target.deadline is not None else None)
    if chosen is None:
        raise ParseError(text, 0, "a date with a year (no evaluation year was given)")
    part = DatePart(chosen, reading.date.month, reading.date.day)
    return Actual(text, ActualKind.DATE, date=part.last(chosen), flags=reading.flags)


def _number(text: str, statement: Statement, target: Target) -> Actual:
    flags = list(statement.flags)
    if statement.comparator is not None:
        flags.append("comparator_in_actual")
    value: Exact = statement.value
    unit = statement.unit
    if unit:
        try:
            unit_of(unit)
        except ParseError as exc:
            raise ParseError(text, statement.unit_position, "a known unit") from exc
    if not unit:
        if statement.multiplied and target.unit and unprefixed(target.unit) != target.unit:
            value = convert(value, unprefixed(target.unit), target.unit)
        unit = target.unit
    elif not target.unit:
        value, unit = convert(value, unit, unprefixed(unit)), unprefixed(unit)
        flags.append("unit_from_actual")
    elif _per_period(unit, target.unit):
        flags.append(f"per_period:{target.unit.partition('/')[2]}")
        unit = target.unit
    elif unit != target.unit:
        try:
            value = convert(value, unit, target.unit)
        except UnitMismatch as exc:
            position = Scanner(text).norm.raw_index(statement.unit_position, len(text))
            raise UnitMismatch(text, position, f"a unit convertible to {target.unit!r}") from exc
        flags.append(f"converted_from:{unit}")
        unit = target.unit
    return Actual(text, ActualKind.NUMBER, value=value, unit=unit,
                  comparator=statement.comparator, flags=tuple(flags))


#: Periods a rate target may name (`年故障次数少于3次` → 次/年).
_PERIODS = frozenset({"年", "月", "周", "天", "日"})


def _per_period(unit: str, target_unit: str) -> bool:
    """A count against a rate target of the same count (1 次 against < 3 次/年): the count
    is what happened in that period."""
    counted, slash, period = target_unit.partition("/")
    return bool(slash) and counted == unit and period in _PERIODS


@lru_cache(maxsize=64)
def _normalised_vocabulary(items: frozenset[tuple[str, Band]]) -> dict[str, Band]:
    """A vocabulary keyed by the normalised spelling of each word, built once."""
    return {normalise(word): band for word, band in items}


def _band(word: str, vocabulary: Mapping[str, Band] | None) -> Band | None:
    if vocabulary is None:
        return _NATIONAL.get(word)
    found = vocabulary.get(word)
    if found is not None:
        return found
    return _normalised_vocabulary(frozenset(vocabulary.items())).get(word)


def parse_actual(
    text: str,
    target: Target,
    *,
    year: int | None = None,
    vocabulary: Mapping[str, Band] | None = None,
) -> Actual:
    """Read an 实际完成值 against ``target``: a number in the target's unit, a date, a band,
    a tier of the target's scale, 不适用 or empty. Raises ParseError (UnitMismatch for a unit
    that cannot be converted into the target's).
    """
    check_text(text)
    body = normalised(text).text
    if not body:
        return Actual(text, ActualKind.EMPTY)
    if body in _NOT_APPLICABLE:
        return Actual(text, ActualKind.NOT_APPLICABLE)
    word = body.rstrip(_TRAILING_PUNCTUATION).strip()
    if target.kind is Kind.DEADLINE:
        reading = _date(text)
        if isinstance(reading, _DateReading):
            return _as_date(text, reading, target, year)
    if target.scale and word in target.scale:
        return Actual(text, ActualKind.TIER, tier=target.scale.index(word))
    if target.kind is Kind.QUALITATIVE and word == normalise(target.text).rstrip(
            _TRAILING_PUNCTUATION).strip():
        return Actual(text, ActualKind.BAND, band=Band.ACHIEVED, flags=("same_as_target",))
    band = _band(word, vocabulary)
    if band is not None:
        return Actual(text, ActualKind.BAND, band=band)
    failures: list[NoMatch | ParseError] = []
    statement = _statement(text)
    if isinstance(statement, Statement):
        return _number(text, statement, target)
    failures.append(statement)
    reading = _date(text)
    if isinstance(reading, _DateReading):
        return _as_date(text, reading, target, year)
    failures.append(reading)
    raise _failure(text, failures)


def _failure(text: str, failures: list[NoMatch | ParseError]) -> ParseError:
    """A hard error if there is one, else the furthest soft failure."""
    hard = [f for f in failures if isinstance(f, ParseError)]
    if hard:
        return _raise(text, hard[0])
    furthest = max(failures, key=lambda f: f.position)
    if furthest.position == 0:
        return ParseError(text, 0, "a number, a date or a word of the qualitative vocabulary")
    return _raise(text, furthest)


def clear_cache() -> None:
    """Forget every cached reading (used by benchmarks)."""
    _statement.cache_clear()
    _date.cache_clear()

