"""The fast path: the few shapes most cells take, read by one precompiled pattern each.

``≥95%``, ``100%``, ``12.5万元``, ``≤30万元``, ``不低于20户``, ``2304.9 立方米``, ``2.5万元/亩``,
``≥3年``, ``200万``, a plain deadline (``2024年12月31日前``, ``12月31日前完成``), a plain date
(``2024年3月12日``) and a plain word (``已完成``, ``是``). Each reader
accepts only text it is sure of and builds exactly what the full grammar builds from it;
anything else (``None``) goes to the full grammar. Every accepted text is written in characters
that normalising leaves as they are (or respells in a known way: ``>=`` is ``≥``), short, and
free of the marks the full grammar treats specially, so the length and digit limits and the
normalising can be skipped for it. ``tests/test_fast_path.py`` compares both paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from units._dates import DatePart
from units._errors import ParseError
from units._inference import bare_comparator
from units._model import Actual, ActualKind, Deadline, Kind, Target
from units._normalise import normalise
from units._numbers import MULTIPLIERS
from units._quantity import canonical_unit
from units._registry import PREFIXES, SPELLINGS, UNPREFIXED, unit_of
from units._traditional import simplified
from units._words import NO_WORDS, NOT_APPLICABLE, PRE_COMPARATORS, YES_WORDS, bare_word

#: Whether ``parse_target`` and ``parse_actual`` try the fast path first (benchmarks and the
#: equivalence tests switch it off).
_STATE = {"enabled": True}

#: Written units the fast path leaves to the full grammar, as ``_grammar._common`` does: a
#: first character that may make the number a date, units read as a percentage or as an
#: ordinal grade, bandwidths (a flag) and T (a tonne or a terabyte, by the indicator).
DATE_UNIT_STARTS = frozenset("年月")
PERCENT_WORDS = frozenset({"成", "比例", "比率"})
ORDINAL_UNITS = frozenset({"级", "等别"})
AMBIGUOUS_UNITS = frozenset({"T"})
#: 年 after a number is a duration (≥3年) unless the number may be a year (2024年): four
#: digits. A target then is a deadline.
YEARS = "年"
DURATION = re.compile(r"[0-9]{1,3}(?:\.[0-9]+)?|[0-9]{5,}")
#: Characters of a period or a date inside a unit (万元/年): such a text may be read as a
#: deadline first, so a word comparator before it is left to the full grammar.
PERIOD_CHARS = frozenset("年月日季度旬周天Qq")

#: Comparators spelled as the full grammar's normalising respells them (full-width forms
#: and ASCII pairs included); the value is the canonical symbol.
_SYMBOL_SPELLINGS = ("≥", "≤", ">", "<", "=", ">=", "<=", "=>", "=<", "≧", "≦", "⩾", "⩽",
                     "＞", "＜", "＝", "＞＝", "＜＝", "≥=", "≤=", "﹦", "═", "﹤", "﹥", "≮",
                     "≯", "》", "《", "﹥﹦", "﹤﹦", "＞=", "＜=")
SYMBOLS: dict[str, str] = {s: normalise(s) for s in _SYMBOL_SPELLINGS
                           if normalise(s) in ("≥", "≤", ">", "<", "=")}
#: Comparator words (不低于, 不超过 …) exactly as the grammar lists them.
WORDS: frozenset[str] = frozenset(w for w in PRE_COMPARATORS if len(w) > 1)

_NUMBER = r"(?P<number>[0-9]{1,15}(?:\.[0-9]{1,12})?)"
_COMPARATOR = "|".join(re.escape(s) for s in sorted([*SYMBOLS, *WORDS], key=len, reverse=True))
#: ``≥ 95 %``: a comparator, a number, a unit, each part optional but the number, at most one
#: ASCII space between parts, no space at either end; the unit is checked against the table.
QUANTITY = re.compile(
    rf"(?:(?P<comparator>{_COMPARATOR})(?P<space1> ?))?{_NUMBER}(?P<space2> ?)"
    r"(?P<unit>[^0-9\s.,;。、()（）~\-至到±…]{1,12})?"
)
#: A bare year.month number (2023.12), which the full grammar may read as a date.
YEAR_DOT_MONTH = re.compile(r"[0-9]{4}\.[0-9]{1,2}")
#: ``2024年12月31日前完成``: a plain deadline.
DEADLINE = re.compile(
    r"(?:(?P<year>[0-9]{4})年)?(?P<month>[0-9]{1,2})月(?:(?P<day>[0-9]{1,2})日|(?P<end>底|末))?"
    r"(?P<by>前|之前|以前)?(?P<done>完成)?"
)
#: ``2024年3月12日``: a plain date (an actual).
DATE = re.compile(r"(?P<year>[0-9]{4})年(?P<month>[0-9]{1,2})月(?:(?P<day>[0-9]{1,2})日)?")
#: A word of Chinese characters only (已完成, 是, 较好), short enough to hold no long numeral.
WORD = re.compile(r"[\u4e00-\u9fff]{1,20}")
#: First characters with which a word may open a date (一季度, 十二月, 年底, 全年, 上半年,
#: 第三季度): a word opening otherwise is never a date.
DATE_OPENERS = frozenset("第一二三四五六七八九十年全上下")
FIRST_YEAR, LAST_YEAR = 1900, 2199
#: Texts read as a placeholder (不适用), and words read as a yes or a no, before a quantity.
SAID_BODIES = frozenset({"", *(normalise(word) for word in NOT_APPLICABLE)})
SAID_WORDS = YES_WORDS | NO_WORDS


class FastQuantity(NamedTuple):
    """A plain quantity actual: its normalised text, that text as a word (without trailing
    punctuation) and the statement the full grammar reads from it, field by field (one object
    kept per text). ``plain`` tells that it is neither a placeholder nor a yes/no word (which
    are read before quantities); ``own`` is then, for a quantity with a unit, its reading
    against a target in that unit, the same for every such target (read once, not once per
    target)."""

    body: str
    word: str
    comparator: Kind | None
    value: Decimal
    unit: str
    multiplied: bool
    unit_position: int
    plain: bool
    own: Actual | None

    @property
    def flags(self) -> tuple[str, ...]:
        """The statement's flags: a plain quantity has none."""
        return ()

    @property
    def may_be_date(self) -> bool:
        """Whether the text may read as a date: a quantity is left to the full readings."""
        return True


class FastDate(NamedTuple):
    """A plain date actual (2024年3月12日)."""

    date: DatePart


class FastWord(NamedTuple):
    """A plain word actual: its normalised text and that text as a word; ``may_be_date`` is
    False only when the date reading is sure to fail."""

    body: str
    word: str
    may_be_date: bool


#: What the fast path read from an 实际完成值.
FastActual = FastQuantity | FastDate | FastWord


def enabled() -> bool:
    """Whether the fast path is on."""
    return _STATE["enabled"]


@contextmanager
def switched(on: bool) -> Iterator[None]:
    """Turn the fast path on or off inside a ``with`` block."""
    before = _STATE["enabled"]
    _STATE["enabled"] = on
    try:
        yield
    finally:
        _STATE["enabled"] = before


def _candidates() -> Iterator[str]:
    yield from SPELLINGS
    for prefix in PREFIXES:
        for name, canonical in SPELLINGS.items():
            if canonical not in UNPREFIXED:
                yield prefix + name


@cache
def unit_table(target: bool = False) -> dict[str, str]:
    """Written unit → canonical unit, for every registry spelling (with or without a 万/亿/千
    prefix) that normalising leaves alone and the unit reader reads whole (Pint is asked
    about each when it is used, through its cache), and that the fast path does not leave to
    the full grammar (for a target, as
    ``_grammar._common`` does, also a unit that may make a date, an ordinal grade and T).
    Built once from the registry."""
    table: dict[str, str] = {}
    for written in _candidates():
        if normalise(written) != written or any(c.isspace() or c.isdigit() for c in written):
            continue
        if target and written != YEARS and (written[:1] in DATE_UNIT_STARTS
                                            or written in AMBIGUOUS_UNITS):
            continue
        unit = canonical_unit(written)
        if (unit is None or unit in PERCENT_WORDS or written in PERCENT_WORDS or "bps" in unit
                or (target and unit in ORDINAL_UNITS)):
            continue
        table[written] = unit
    return table


def _unit(written: str, target: bool) -> str:
    """The canonical unit of a written unit (one name, or two joined by ``/``: 万元/亩), or
    ``""`` when the fast path does not read it."""
    unit = unit_table(target).get(written)
    if unit is None:
        numerator, slash, denominator = written.partition("/")
        head, tail = unit_table(target).get(numerator), unit_table().get(denominator)
        if not slash or head is None or tail is None:
            return ""
        unit = f"{head}/{tail}"
    try:
        unit_of(unit)
    except ParseError:
        return ""
    return unit


class _Quantity(NamedTuple):
    """A quantity text as the full grammar normalises and reads it."""

    body: str
    comparator: str | None
    value: Decimal
    unit: str
    unit_position: int
    multiplied: bool


def _quantity(text: str, target: bool) -> _Quantity | None:
    found = QUANTITY.fullmatch(text)
    if found is None:
        return None
    spelled, space1, number, space2, written = found.group(
        "comparator", "space1", "number", "space2", "unit")
    symbol = SYMBOLS.get(spelled, spelled) if spelled is not None else None
    head = (symbol or "") + (space1 or "") + number
    body = head + space2 + (written or "")
    if body == text:
        body = text  # one string kept, not two equal ones
    if written is None:
        if target and spelled is None and YEAR_DOT_MONTH.fullmatch(text):
            return None
        return _Quantity(body, symbol, Decimal(number), "", len(head), False)
    unit = _unit(written, target)
    if not unit:
        if written not in MULTIPLIERS or space2:
            return None
        value = Decimal(number) * MULTIPLIERS[written]
        return _Quantity(body, symbol, value, "", len(body), True)
    if ((target and written.partition("/")[0] == YEARS and not DURATION.fullmatch(number))
            or (symbol in WORDS and not PERIOD_CHARS.isdisjoint(written))):
        return None
    return _Quantity(body, symbol, Decimal(number), unit, len(head), False)


def fast_target(text: str, year: int | None, indicator: str | None) -> Target | None:
    """The Target the full grammar reads from a plain quantity or deadline, or None."""
    quantity = _quantity(text, target=True)
    if quantity is not None:
        if quantity.comparator is not None:
            kind = PRE_COMPARATORS[quantity.comparator]
            return Target(text, kind, quantity.value, unit=quantity.unit)
        kind = bare_comparator(indicator, quantity.value == 0)
        return Target(text, kind, quantity.value, unit=quantity.unit, inferred=True)
    return _deadline(text, year)


def _checked_date(year: int | None, month: int, day: int | None) -> bool:
    """Whether the date is one the full grammar accepts as written."""
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        return False
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        Deadline(month, day, year if year is not None else 2024).on()
    except ValueError:
        return False
    return True


def _deadline(text: str, year: int | None) -> Target | None:
    found = DEADLINE.fullmatch(text)
    if found is None:
        return None
    written_year = int(found.group("year")) if found.group("year") else None
    month = int(found.group("month"))
    day = int(found.group("day")) if found.group("day") else None
    if not _checked_date(written_year, month, day):
        return None
    flags = ("trailing:完成",) if found.group("done") else ()
    chosen = written_year if written_year is not None else year
    return Target(text, Kind.DEADLINE, deadline=Deadline(month, day, chosen), flags=flags)


#: Distinct actual texts whose fast readings are kept: a province's table holds a few hundred
#: thousand, read against many targets each in no particular order (about 0.4 kB each).
TEXTS_KEPT = 2**18
#: The fast reading of each text read lately (``fast_actual``).
_KEPT: dict[str, FastActual | None] = {}


def fast_actual(text: str) -> FastActual | None:
    """``read_fast_actual``, kept per text: a table repeats an actual against many targets.
    Up to ``TEXTS_KEPT`` texts are kept, then all are forgotten at once (a plain dictionary
    finds a text faster than a least-recently-used cache)."""
    try:
        return _KEPT[text]
    except KeyError:
        pass
    found = read_fast_actual(text)
    if len(_KEPT) >= TEXTS_KEPT:
        _KEPT.clear()
    _KEPT[text] = found
    return found


def forget_actuals() -> None:
    """Forget every kept fast reading (used by benchmarks)."""
    _KEPT.clear()


def read_fast_actual(text: str) -> FastActual | None:
    """What a plain quantity, date or word actual says, or None for any other text."""
    quantity = _quantity(text, target=False)
    if quantity is not None:
        comparator = PRE_COMPARATORS[quantity.comparator] if quantity.comparator else None
        own = None
        word = bare_word(quantity.body)
        plain = quantity.body not in SAID_BODIES and word not in SAID_WORDS
        if quantity.unit and plain:
            flags = ("comparator_in_actual",) if comparator is not None else ()
            own = Actual(text, ActualKind.NUMBER, quantity.value, quantity.unit, None, None,
                         None, comparator, flags)
        return FastQuantity(quantity.body, word, comparator, quantity.value, quantity.unit,
                            quantity.multiplied, quantity.unit_position, plain, own)
    found = DATE.fullmatch(text)
    if found is not None:
        year, month = int(found.group("year")), int(found.group("month"))
        day = int(found.group("day")) if found.group("day") else None
        if not _checked_date(year, month, day):
            return None
        return FastDate(DatePart(year, month, day))
    if WORD.fullmatch(text):
        body = simplified(text)
        return FastWord(body, bare_word(body), text[0] in DATE_OPENERS)
    return None
