"""``parse_target``: a 指标值 text → a frozen Target (domain.md §4).

Readings are tried in order: placeholder, grade scale, deadline, quantity statement,
qualitative words. A reading that does not apply fails softly; when none applies, the failure
that got furthest into the text becomes the ParseError.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from units._dates import read_deadline
from units._errors import ParseError
from units._inference import bare_comparator
from units._limits import check_text
from units._model import Deadline, Kind, Target
from units._normalise import Normalised, normalised
from units._quantity import PRE_WORDS, canonical_unit, read_statement, read_unit
from units._registry import UNIT_NAME_PLAIN, unit_of
from units._scales import read_scale
from units._scan import NoMatch, Scanner
from units._words import LABEL_UNITS, PRE_COMPARATORS

#: ``≥95%``, ``52个``, ``≤100万元``, ``100``: read without the general grammar.
COMMON = re.compile(
    r"(?P<symbol>[≥≤<>=])? ?(?P<number>\d+(?:\.\d+)?) ?"
    rf"(?P<unit>(?:{UNIT_NAME_PLAIN})(?: ?/ ?(?:{UNIT_NAME_PLAIN}))*)?"
)
#: Units that may make a number a date (12月, 2019年): left to the general path.
DATE_UNITS = frozenset("年月")
#: Without one of these a text can be neither a quantity nor a deadline.
MAY_BE_QUANTITY = re.compile(r"[\d零一二两三四五六七八九十百千万亿半年≥≤<>=]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
PLACEHOLDER = re.compile(r"\*+|[Xx×]{2,}")
DIGIT = re.compile(r"\d")
#: A qualitative cell that only names a rate (达标率) gives no value to reach.
RATE_NAME = re.compile(r"率[.。]?$")
#: Numbers used as labels at the start of a statement (1-6期培训结束后…).
LABELS = re.compile(
    r"^\d+(?:-\d+)?(?:" + "|".join(LABEL_UNITS) + r")(?=[^\W\d_])[^\d]*$"
)


def _error(scanner: Scanner, failures: list[NoMatch]) -> ParseError:
    """The failure that got furthest (the later reading on a tie), with a hint for compounds."""
    furthest = max(enumerate(failures), key=lambda pair: (pair[1].position, pair[0]))[1]
    expected = furthest.expected
    numbers = len(NUMBER.findall(scanner.text))
    if numbers > 1:
        expected += (f" (the text holds {numbers} numbers; "
                     "a compound statement needs a manual score)")
    return scanner.error(expected, furthest.position)


def _missing_value(scanner: Scanner) -> int | None:
    """Where the number is missing in a bare comparator and/or unit (≥, 万元/亩), else None."""
    scanner.pos = 0
    scanner.word(PRE_WORDS)
    scanner.skip_spaces()
    missing = scanner.pos
    if scanner.at_end() or (read_unit(scanner) is not None and scanner.at_end()):
        return missing
    return None


def _qualitative(text: str, scanner: Scanner) -> Target:
    """Words without a number: qualitative, unless only a comparator/unit or a rate's name."""
    missing = _missing_value(scanner)
    if missing is not None:
        raise scanner.error("a number", missing)
    if RATE_NAME.search(scanner.text):
        raise scanner.error("a value for the rate the text names", len(scanner.text))
    return Target(text, Kind.QUALITATIVE)


def _deadline(text: str, scanner: Scanner, year: int | None) -> Target:
    reading = read_deadline(scanner)
    date = reading.date
    deadline = Deadline(date.month, date.day, date.year if date.year is not None else year)
    return Target(text, Kind.DEADLINE, deadline=deadline, flags=reading.flags)


def _quantity(text: str, scanner: Scanner, indicator: str | None) -> Target:
    statement = read_statement(scanner)
    if statement.unit:
        try:
            unit_of(statement.unit)
        except ParseError as exc:
            raise scanner.error(f"a known unit, not {statement.unit!r}",
                                statement.unit_position) from exc
    if statement.upper is not None:
        return Target(text, Kind.RANGE, statement.value, statement.upper, statement.unit,
                      flags=statement.flags)
    kind, inferred = statement.comparator, False
    if kind is None:
        kind, inferred = bare_comparator(indicator), True
    return Target(text, kind, statement.value, unit=statement.unit, inferred=inferred,
                  flags=statement.flags)


def _common(text: str, body: str, indicator: str | None) -> Target | None:
    """The common shape ``≥95%``/``52个``/``100`` read directly; None for any other shape."""
    found = COMMON.fullmatch(body)
    if found is None:
        return None
    written = found.group("unit") or ""
    if written[:1] in DATE_UNITS:
        return None
    unit = canonical_unit(written) if written else ""
    if unit is None:
        return None
    if unit:
        try:
            unit_of(unit)
        except ParseError:
            return None
    value = Decimal(found.group("number"))
    symbol = found.group("symbol")
    if symbol:
        return Target(text, PRE_COMPARATORS[symbol], value, unit=unit)
    return Target(text, bare_comparator(indicator), value, unit=unit, inferred=True)


def _read(text: str, year: int | None, indicator: str | None) -> Target:
    norm = normalised(text)
    common = _common(text, norm.text, indicator)
    if common is not None:
        return common
    return _read_any(text, norm, year, indicator)


def _read_any(text: str, norm: Normalised, year: int | None, indicator: str | None) -> Target:
    """Every reading in turn (the general path)."""
    body = norm.text
    scanner = Scanner(text, norm)
    if not body:
        raise scanner.error("a target value", 0)
    placeholder = PLACEHOLDER.search(body)
    if placeholder:
        raise scanner.error("a number instead of the placeholder", placeholder.start())
    scale = read_scale(body)
    if scale is not None:
        value = Decimal(scale.tier) if scale.tier is not None else None
        return Target(text, Kind.QUALITATIVE, value=value, scale=scale.scale)
    if not MAY_BE_QUANTITY.search(body):
        return _qualitative(text, scanner)
    failures: list[NoMatch] = []
    for attempt in range(2):
        scanner.pos = 0
        try:
            if attempt == 0:
                return _deadline(text, scanner, year)
            return _quantity(text, scanner, indicator)
        except NoMatch as failure:
            failures.append(failure)
    if not DIGIT.search(body):
        return _qualitative(text, scanner)
    if LABELS.match(body):
        return Target(text, Kind.QUALITATIVE, flags=("labels",))
    raise _error(scanner, failures)


@lru_cache(maxsize=65536)
def _cached(text: str, year: int | None, indicator: str | None) -> Target | ParseError:
    try:
        return _read(text, year, indicator)
    except ParseError as exc:
        return exc


def parse_target(text: str, *, year: int | None = None, indicator: str | None = None) -> Target:
    """Read a 指标值; ``year`` dates deadlines without one, ``indicator`` infers bare values.

    Raises ParseError (with ``text``, ``position`` and ``expected``) when the text cannot be
    scored; no character is ever dropped silently (harmless ones become ``flags``).
    """
    check_text(text)
    found = _cached(text, year, indicator)
    if isinstance(found, ParseError):
        raise type(found)(found.text, found.position, found.expected)
    return found


def clear_cache() -> None:
    """Forget every cached reading (used by benchmarks)."""
    _cached.cache_clear()
    bare_comparator.cache_clear()
    canonical_unit.cache_clear()
