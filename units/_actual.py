"""``parse_actual``: a 实际完成值 text, read against its Target (domain.md §5)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple, Protocol

from units._convert import convert
from units._dates import DatePart, read_date
from units._errors import ParseError, UnitMismatch, detached
from units._fast import FastActual, FastDate, FastQuantity, fast_actual, forget_actuals
from units._fast import enabled as fast_enabled
from units._limits import check_text
from units._model import Actual, ActualKind, Band, Exact, Kind, Target
from units._normalise import normalise, normalised
from units._prose import one_number
from units._quantity import Statement, read_statement, unprefixed
from units._registry import unit_of
from units._scan import NoMatch, Scanner, alternation
from units._vocabulary import DEFAULT_VOCABULARY, Vocabulary
from units._words import (
    DEADLINE_POST,
    NO_WORDS,
    NOT_APPLICABLE,
    TRAILING_WORDS,
    YES_WORDS,
    bare_word,
)

_DEADLINE_POST = alternation(DEADLINE_POST)
_TRAILING = alternation(TRAILING_WORDS)
_NOT_APPLICABLE = frozenset(normalise(word) for word in NOT_APPLICABLE)
#: Words that open a target saying "none may happen" (无安全事故, 杜绝违规).
_NO_OPENERS = ("无", "未发生", "不发生", "杜绝", "没有", "不出现", "未出现", "零")
#: Numeric kinds where a fraction typed for a percentage (0.95 for ≥90%) is implausible.
_AT_LEAST_LIKE = frozenset({Kind.AT_LEAST, Kind.MORE_THAN, Kind.EQUAL, Kind.RANGE})
#: A bare number at least this many times the target, in a 万-/亿- unit, was typed in the base
#: unit (300000 against ≤30万元).
_BASE_UNIT_RATIO = Decimal(1000)


@dataclass(frozen=True, slots=True)
class _DateReading:
    date: DatePart
    flags: tuple[str, ...]


@lru_cache(maxsize=65536)
def _statement(text: str) -> Statement | NoMatch | ParseError:
    """The statement read from ``text``, or the failure (kept without its traceback, so the
    cache holds no frames for the garbage collector to rescan)."""
    scanner = Scanner(text)
    try:
        return read_statement(scanner, allow_range=False)
    except (NoMatch, ParseError) as failure:
        return detached(failure)


@lru_cache(maxsize=65536)
def _date(text: str) -> _DateReading | NoMatch | ParseError:
    """The date read from ``text`` with its flags, or the failure (without its traceback)."""
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
        return detached(failure)


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


class _Step(Enum):
    """What reading a number against a target's unit takes (``_plan``)."""

    SAME = "same"
    BARE = "bare"
    FROM_ACTUAL = "from_actual"
    PER_PERIOD = "per_period"
    CONVERT = "convert"


class _Plan(NamedTuple):
    """The step from an actual's unit to a target's: the unit the step works with (the
    target's base unit for a bare number, the actual's own unprefixed unit without a target
    unit) and the flag it always adds (``""`` for none)."""

    step: _Step
    unit: str
    flag: str


@lru_cache(maxsize=4096)
def _plan(unit: str, target_unit: str) -> _Plan:
    """How a number written in ``unit`` is read against a target in ``target_unit``; the same
    for every number of the pair of units, so worked out once per pair."""
    if not unit:
        return _Plan(_Step.BARE, unprefixed(target_unit) if target_unit else "", "")
    if not target_unit:
        return _Plan(_Step.FROM_ACTUAL, unprefixed(unit), "unit_from_actual")
    if _per_period(unit, target_unit):
        period = target_unit.partition("/")[2]
        return _Plan(_Step.PER_PERIOD, target_unit,
                     f"per_period:{period}" if period == "年" else "per_period_assumed")
    if unit != target_unit:
        return _Plan(_Step.CONVERT, target_unit, f"converted_from:{unit}")
    return _Plan(_Step.SAME, unit, "")


class _Quantity(Protocol):
    """What a number is read from: a full statement, or the fast path's quantity."""

    @property
    def comparator(self) -> Kind | None: ...
    @property
    def value(self) -> Exact: ...
    @property
    def unit(self) -> str: ...
    @property
    def multiplied(self) -> bool: ...
    @property
    def flags(self) -> tuple[str, ...]: ...
    @property
    def unit_position(self) -> int: ...


def _number(text: str, statement: _Quantity, target: Target) -> Actual:
    value: Exact = statement.value
    unit = statement.unit
    flags = statement.flags
    if statement.comparator is not None:
        flags = (*flags, "comparator_in_actual")
    if unit:
        try:
            unit_of(unit)
        except ParseError as exc:
            raise ParseError(text, statement.unit_position, "a known unit") from exc
    plan = _plan(unit, target.unit)
    step = plan.step
    if step is _Step.BARE:
        base = plan.unit
        if statement.multiplied and base != target.unit:
            value = convert(value, base, target.unit)
        elif _typed_in_base_unit(value, target, base):
            value = convert(value, base, target.unit)
            flags = (*flags, "base_unit_assumed")
        elif _fraction_for_percent(value, target):
            value *= 100
            flags = (*flags, "fraction_as_percent")
        unit = target.unit
    elif step is _Step.FROM_ACTUAL:
        value, unit = convert(value, unit, plan.unit), plan.unit
        flags = (*flags, plan.flag)
    elif step is _Step.PER_PERIOD:
        flags = (*flags, plan.flag)
        unit = target.unit
    elif step is _Step.CONVERT:
        try:
            value = convert(value, unit, target.unit)
        except UnitMismatch as exc:
            position = Scanner(text).norm.raw_index(statement.unit_position, len(text))
            raise UnitMismatch(text, position, f"a unit convertible to {target.unit!r}") from exc
        flags = (*flags, plan.flag)
        unit = target.unit
    return Actual(text, ActualKind.NUMBER, value, unit, None, None, None, statement.comparator,
                  flags)


def _typed_in_base_unit(value: Exact, target: Target, base: str) -> bool:
    """A bare number ≥ 1000 times a 万-/亿- target: typed in the base unit (元, 亩)."""
    return (base != target.unit and target.value is not None and target.value > 0
            and value >= _base_threshold(target.value))


@lru_cache(maxsize=4096)
def _base_threshold(target_value: Exact) -> Fraction:
    """The least bare number read as typed in the base unit against ``target_value``."""
    return Fraction(_BASE_UNIT_RATIO) * Fraction(target_value)


def _fraction_for_percent(value: Exact, target: Target) -> bool:
    """A bare 0 < value ≤ 1 against a percentage above 1 that it should reach (0.95 for
    ≥90%): a fraction typed for a percentage."""
    return (target.unit == "%" and target.kind in _AT_LEAST_LIKE and target.value is not None
            and target.value > 1 and 0 < value <= 1)


#: Periods a rate target may name (`年故障次数少于3次` → 次/年).
_PERIODS = frozenset({"年", "半年", "季度", "月", "周", "天", "日", "旬", "学期", "学年"})


def _per_period(unit: str, target_unit: str) -> bool:
    """A count against a rate target of the same count (1 次 against < 3 次/年): the count
    is what happened in that period."""
    counted, slash, period = target_unit.partition("/")
    return bool(slash) and counted == unit and period in _PERIODS


def default_vocabulary() -> Mapping[str, Band]:
    """The vocabulary the parser reads when it is given none (units/_vocabulary.py; the
    national scheme states the same words)."""
    return DEFAULT_VOCABULARY


def _polarity(word: str) -> bool | None:
    """True for a yes (是, 有), False for a no (否, 无, 未发生), None for anything else."""
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def _target_polarity(target: Target) -> bool | None:
    """The yes/no a target asks for: 是/否 themselves, or a text opening with 无/杜绝/未发生."""
    return _polarity_of_text(target.text)


@lru_cache(maxsize=4096)
def _polarity_of_text(text: str) -> bool | None:
    """``_target_polarity`` of a target's text, worked out once per text."""
    body = bare_word(normalise(text))
    said = _polarity(body)
    if said is not None:
        return said
    return False if body.startswith(_NO_OPENERS) else None


@lru_cache(maxsize=4096)
def _own_word(text: str) -> str:
    """A target's text as a word (normalised, without trailing punctuation), which an actual
    repeating it is compared with; worked out once per text."""
    return bare_word(normalise(text))


@lru_cache(maxsize=1)
def _default_normalised() -> dict[str, Band]:
    return {normalise(word): band for word, band in default_vocabulary().items()}


#: The last plain vocabulary read, a copy of it and the ``Vocabulary`` made of it: a caller
#: may pass the same mapping for every cell, so it is normalised once and only compared after.
_LAST_VOCABULARY: list[tuple[Mapping[str, Band], dict[str, Band], Vocabulary]] = []


def _frozen(vocabulary: Mapping[str, Band]) -> Vocabulary:
    """``vocabulary`` as a ``Vocabulary``; the same (unchanged) mapping is normalised once."""
    if _LAST_VOCABULARY:
        last, copy, frozen = _LAST_VOCABULARY[0]
        if last is vocabulary and copy == vocabulary:
            return frozen
    frozen = Vocabulary(vocabulary)
    _LAST_VOCABULARY[:] = [(vocabulary, dict(vocabulary), frozen)]
    return frozen


def _band(word: str, vocabulary: Mapping[str, Band] | None) -> Band | None:
    if vocabulary is None:
        return _default_normalised().get(word)
    if not isinstance(vocabulary, Vocabulary):
        vocabulary = _frozen(vocabulary)
    return vocabulary.band(word)


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

    With no vocabulary or a ``Vocabulary`` (which cannot change), each distinct reading is
    remembered, so a table scored chunk by chunk reads each pair once: a plain quantity that
    reads the same against every target in one unit once per text and unit, any other
    reading once per pair.
    """
    fast = fast_enabled()
    if vocabulary is not None and not isinstance(vocabulary, Vocabulary):
        return _read_actual(text, target, year, vocabulary, fast)
    if fast:
        shared = _shared(text, target, vocabulary)
        if shared is not None:
            return shared
    found = _remembered(text, target, year, vocabulary, fast)
    if isinstance(found, ParseError):
        raise type(found)(found.text, found.position, found.expected)
    return found


#: Kinds of target an actual is read against as a word or a date before as a quantity.
_WORD_KINDS = frozenset({Kind.DEADLINE, Kind.QUALITATIVE})


def _shared(text: str, target: Target, vocabulary: Vocabulary | None) -> Actual | None:
    """The reading of a plain quantity that is the same for every target in one unit, kept
    per text and unit instead of per pair: a quantity in the target's own unit
    (``FastQuantity.own``), or a bare number against a target whose unit takes no
    conversion from a bare number (a target in 万元 does, one in % only for a fraction typed
    for a percentage). None when the text or the target may read otherwise: the steps
    ``answer_fast`` takes first cannot answer (the quantity is no placeholder and no yes/no,
    and a deadline, a qualitative target, a scale and a word of the vocabulary are left to
    it)."""
    fast = fast_actual(text)
    if (not isinstance(fast, FastQuantity) or not fast.plain or target.scale
            or target.kind in _WORD_KINDS or _band(fast.word, vocabulary) is not None):
        return None
    if fast.unit:
        return fast.own if fast.unit == target.unit else None
    if _plan("", target.unit).unit != target.unit or _fraction_for_percent(fast.value, target):
        return None
    return _bare(text, target.unit)


@lru_cache(maxsize=65536)
def _bare(text: str, unit: str) -> Actual:
    """A plain bare number read in ``unit`` as it is (``_shared``)."""
    fast = fast_actual(text)
    assert isinstance(fast, FastQuantity)
    flags = ("comparator_in_actual",) if fast.comparator is not None else ()
    return Actual(text, ActualKind.NUMBER, fast.value, unit, None, None, None, fast.comparator,
                  flags)


@lru_cache(maxsize=65536)
def _remembered(text: str, target: Target, year: int | None, vocabulary: Vocabulary | None,
                fast: bool) -> Actual | ParseError:
    """``_read_actual`` remembered; ``fast`` is part of the key so that the fast path
    switched off (to compare it with the full readings) reads afresh."""
    try:
        return _read_actual(text, target, year, vocabulary, fast)
    except ParseError as failure:
        return detached(failure)


def _read_actual(text: str, target: Target, year: int | None,
                 vocabulary: Mapping[str, Band] | None, fast_on: bool) -> Actual:
    """``parse_actual`` itself: the fast path's shapes (when ``fast_on``), else the full
    readings."""
    fast = fast_actual(text) if fast_on else None
    if fast is not None:
        found = answer_fast(text, fast, target, year, vocabulary)
        if found is not None:
            return found
    check_text(text)
    body = normalised(text).text
    return (_placeholder(text, body) or _word_reading(text, body, target, year, vocabulary)
            or _numeric_reading(text, target, year))


def answer_fast(text: str, fast: FastActual, target: Target, year: int | None,
               vocabulary: Mapping[str, Band] | None) -> Actual | None:
    """The reading of a text the fast path recognised, or None to leave it to the full
    readings: the same steps in the same order, with the fast path's own readings (public
    within units so the benchmark can count what the fast path answers)."""
    deadline = target.kind is Kind.DEADLINE
    if isinstance(fast, FastDate):
        return _as_date(text, _DateReading(fast.date, ()), target, year) if deadline else None
    if deadline and fast.may_be_date:
        return None
    said = _placeholder(text, fast.body) or _named(text, fast.word, target, vocabulary)
    if said is not None or not isinstance(fast, FastQuantity):
        return said
    if fast.own is not None and fast.unit == target.unit:
        return fast.own
    return _number(text, fast, target)


def _placeholder(text: str, body: str) -> Actual | None:
    """An empty text or 不适用."""
    if not body:
        return Actual(text, ActualKind.EMPTY)
    if body in _NOT_APPLICABLE:
        return Actual(text, ActualKind.NOT_APPLICABLE)
    return None


def _word_reading(text: str, body: str, target: Target, year: int | None,
               vocabulary: Mapping[str, Band] | None) -> Actual | None:
    """A date against a deadline, else a word: a tier, the target's own words, a yes/no or
    a word of the vocabulary; None for anything else."""
    if target.kind is Kind.DEADLINE:
        reading = _date(text)
        if isinstance(reading, _DateReading):
            return _as_date(text, reading, target, year)
    return _named(text, bare_word(body), target, vocabulary)


def _named(text: str, word: str, target: Target, vocabulary: Mapping[str, Band] | None
           ) -> Actual | None:
    """A tier of the target's scale, the target's own words, a yes/no or a vocabulary word."""
    if target.scale and word in target.scale:
        return Actual(text, ActualKind.TIER, tier=target.scale.index(word))
    if target.kind is Kind.QUALITATIVE and word == _own_word(target.text):
        return Actual(text, ActualKind.BAND, band=Band.ACHIEVED, flags=("same_as_target",))
    polarity = _polarity(word)
    if polarity is not None:
        answer = _yes_no(text, polarity, target)
        if answer is not None:
            return answer
    band = _band(word, vocabulary)
    if band is not None:
        return Actual(text, ActualKind.BAND, band=band)
    return None


def _numeric_reading(text: str, target: Target, year: int | None) -> Actual:
    """A quantity statement, else a date, else the one number of a sentence; else the
    ParseError of the reading that got furthest."""
    statement = _statement(text)
    if isinstance(statement, Statement):
        return _number(text, statement, target)
    reading = _date(text)
    if isinstance(reading, _DateReading):
        return _as_date(text, reading, target, year)
    prose = _prose_number(text, target)
    if prose is not None:
        return prose
    raise _failure(text, [statement, reading])


def _prose_number(text: str, target: Target) -> Actual | None:
    """The one number of a sentence (完成率100%, 全年共开展12次), read as the actual and flagged
    ``number_in_prose``; None when the text holds no or several numbers, or a date."""
    found = one_number(normalised(text).text)
    if found is None:
        return None
    scanner = Scanner(text)
    scanner.pos = found[0]
    try:
        statement = read_statement(scanner, allow_range=False, prose=True)
    except (NoMatch, ParseError):
        return None
    return _number(text, statement, target)


def _yes_no(text: str, polarity: bool, target: Target) -> Actual | None:
    """A yes/no actual judged by the target's own yes/no; a no against a zero target is 0."""
    if target.kind is Kind.QUALITATIVE and not target.scale:
        wanted = _target_polarity(target)
        if wanted is not None:
            band = Band.ACHIEVED if polarity == wanted else Band.MISSED
            return Actual(text, ActualKind.BAND, band=band, flags=("yes_no",))
    if not polarity and target.value == 0 and target.kind in (Kind.AT_MOST, Kind.EQUAL):
        return Actual(text, ActualKind.NUMBER, value=Decimal(0), unit=target.unit,
                      flags=("none_as_zero",))
    return None


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
    forget_actuals()
    _remembered.cache_clear()
    _plan.cache_clear()
    _bare.cache_clear()
    _base_threshold.cache_clear()
    _polarity_of_text.cache_clear()
    _own_word.cache_clear()

