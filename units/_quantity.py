"""Quantity statements: an optional subject and comparator, a number, a unit, trailing words.

``≥2304.9 立方米``, ``不低于20户``, ``95%及以上``, ``8万多株``, ``年故障次数少于3次``,
``18-54周岁``. Used for targets and for actuals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from units._model import Exact, Kind
from units._numbers import MULTIPLIERS, read_number
from units._registry import PREFIXES, SPELLINGS, UNIT_NAME
from units._scan import NoMatch, Scanner, alternation
from units._words import (
    APPROXIMATIONS,
    POST_COMPARATORS,
    PRE_COMPARATORS,
    TRAILING_WORDS,
)

PRE_WORDS = alternation(PRE_COMPARATORS)
POST_WORDS = alternation(POST_COMPARATORS)
TRAILING = alternation(TRAILING_WORDS)
APPROX = alternation(APPROXIMATIONS)
PRE_SEARCH = PRE_WORDS
#: A subject before a comparator: words only (年故障次数, 合格率).
SUBJECT = re.compile(r"[^\W\d_]+")
#: A period that makes a count a rate (年故障次数 → per 年; 每月1次 → per 月).
PERIOD = re.compile(r"每?(年|月|日|天|周|季度)(?![度均底末初内])")
PER_WORD = re.compile(r"每(年|月|日|天|周|季度)")
PERIOD_UNITS = {"年": "年", "月": "月", "日": "天", "天": "天", "周": "周", "季度": "季度"}
RANGE_SEP = re.compile(r"--?|~|至|到")
#: Units a period never divides: shares and grades.
NOT_RATES = frozenset({"%", "‰", "倍", "等别", ""})


@dataclass(frozen=True, slots=True)
class Amount:
    """A number and its unit as written (unit canonical, ``""`` when none)."""

    value: Decimal
    unit: str
    multiplied: bool
    more: bool
    unit_position: int


@dataclass(frozen=True, slots=True)
class Statement:
    """A quantity statement; ``comparator`` is None when the text names none."""

    comparator: Kind | None
    value: Exact
    upper: Exact | None
    unit: str
    multiplied: bool
    flags: tuple[str, ...]
    unit_position: int


def _unit_name(scanner: Scanner) -> str | None:
    scanner.skip_spaces()
    found = UNIT_NAME.match(scanner.text, scanner.pos)
    if not found:
        return None
    scanner.pos = found.end()
    if found.group("whole"):
        return SPELLINGS[found.group("whole")]
    return found.group("prefix") + SPELLINGS[found.group("base")]


def read_unit(scanner: Scanner) -> str | None:
    """A unit such as ``万元/亩`` or ``/月`` (→ ``1/月``) in canonical spelling, or None."""
    start = scanner.pos
    numerator = _unit_name(scanner)
    if numerator is None:
        scanner.pos = start
    denominators: list[str] = []
    while True:
        save = scanner.pos
        scanner.skip_spaces()
        if not scanner.text.startswith("/", scanner.pos):
            scanner.pos = save
            break
        scanner.pos += 1
        name = _unit_name(scanner)
        if name is None:
            scanner.pos = save
            break
        denominators.append(name)
    if numerator is None and not denominators:
        scanner.pos = start
        return None
    return "/".join([numerator or "1", *denominators])


@lru_cache(maxsize=4096)
def canonical_unit(written: str) -> str | None:
    """The canonical spelling of a unit substring (``万 元／亩`` → ``万元/亩``), or None."""
    scanner = Scanner(written)
    unit = read_unit(scanner)
    return unit if unit is not None and scanner.at_end() else None


def read_amount(scanner: Scanner) -> Amount:
    """A number with its multiplier (万/亿/千), 多 and unit."""
    scanner.skip_spaces()
    text, start = scanner.text, scanner.pos
    sign = 1
    percent_words = text.startswith("百分之", start)
    position = start + 3 if percent_words else start
    if text.startswith("-", position) and position + 1 < len(text) and text[position + 1].isdigit():
        sign, position = -1, position + 1
    number = read_number(text, position)
    if number is None:
        raise scanner.fail("a number", start)
    value, scanner.pos = number[0] * sign, number[1]
    if percent_words:
        return Amount(value, "%", False, False, start)
    multiplied = more = False
    unit_position = scanner.pos
    unit = read_unit(scanner)
    if unit is None:
        follower = scanner.peek()
        if follower in MULTIPLIERS and text[position].isdigit():
            value *= MULTIPLIERS[follower]
            multiplied, scanner.pos = True, scanner.pos + 1
        if scanner.peek() == "多":
            more, scanner.pos = True, scanner.pos + 1
        scanner.skip_spaces()
        unit_position = scanner.pos
        unit = read_unit(scanner)
    return Amount(value, unit or "", multiplied, more, unit_position)


def _subject(scanner: Scanner) -> str:
    """Words before a comparator (年故障次数 in 年故障次数少于3次), consumed; "" if none."""
    found = PRE_SEARCH.search(scanner.text, scanner.pos)
    if not found or found.start() == scanner.pos:
        return ""
    words = scanner.text[scanner.pos : found.start()].strip()
    if not SUBJECT.fullmatch(words) or words in APPROXIMATIONS:
        return ""
    scanner.pos = found.start()
    return words


def _rated(unit: str) -> bool:
    """True when a period may divide the unit (a count or an amount, not a share)."""
    return unit not in NOT_RATES and "/" not in unit


def _subject_rate(subject: str, unit: str) -> tuple[str, str]:
    """(unit, subject flag words): a subject opening with a period makes the unit a rate."""
    period = PERIOD.match(subject)
    if period and _rated(unit):
        return f"{unit}/{PERIOD_UNITS[period.group(1)]}", subject[period.end() :]
    return unit, subject


def _range_units(scanner: Scanner, lower: Amount, upper: Amount) -> tuple[Exact, str]:
    """The lower bound in the upper bound's unit."""
    from units._convert import convert

    if not lower.unit or lower.unit == upper.unit:
        return lower.value, upper.unit
    if not upper.unit:
        raise scanner.fail("the unit of the range's upper bound")
    return convert(lower.value, lower.unit, upper.unit), upper.unit


def read_statement(scanner: Scanner, *, allow_range: bool = True) -> Statement:
    """A whole quantity statement; the scanner must reach the end of the text."""
    flags: list[str] = []
    scanner.skip_spaces()
    subject = _subject(scanner)
    approximate = scanner.word(APPROX) is not None
    pre_word = scanner.word(PRE_WORDS)
    if pre_word is not None and not approximate:
        approximate = scanner.word(APPROX) is not None
    if approximate:
        flags.append("approximate")
    per = scanner.match(PER_WORD)
    amount = read_amount(scanner)
    unit = amount.unit
    if per:
        if not _rated(unit):
            raise scanner.fail("a count or an amount after " + per.group(), amount.unit_position)
        unit = f"{unit}/{PERIOD_UNITS[per.group(1)]}"
    elif subject:
        unit, subject = _subject_rate(subject, unit)
    if subject:
        flags.insert(0, f"subject:{subject}")
    kinds: set[Kind] = set()
    if pre_word is not None:
        kinds.add(PRE_COMPARATORS[pre_word])
    if amount.more:
        kinds.add(Kind.MORE_THAN)
    value, unit, upper = (_range_end(scanner, amount, unit, bool(per or subject))
                          if allow_range and not kinds else (amount.value, unit, None))
    _post_comparator(scanner, kinds, flags, ranged=upper is not None)
    while (word := scanner.word(TRAILING)) is not None:
        flags.append(f"trailing:{word}")
    scanner.expect_end()
    return Statement(
        comparator=next(iter(kinds)) if kinds else None,
        value=value,
        upper=upper,
        unit=unit,
        multiplied=amount.multiplied,
        flags=tuple(flags),
        unit_position=amount.unit_position,
    )


def _range_end(scanner: Scanner, amount: Amount, unit: str,
               qualified: bool) -> tuple[Exact, str, Exact | None]:
    """(value, unit, upper) of a statement that may go on as a range (``80%-90%``); a range
    takes no subject or rate (``qualified``)."""
    save = scanner.pos
    if not scanner.match(RANGE_SEP):
        return amount.value, unit, None
    try:
        second = read_amount(scanner)
    except NoMatch:
        scanner.pos = save
        return amount.value, unit, None
    if qualified:
        raise scanner.fail("a range without a subject or a rate", save)
    value, unit = _range_units(scanner, amount, second)
    if second.value < value:
        raise scanner.fail("a range whose upper bound is not below its lower bound")
    return value, unit, second.value


def _post_comparator(scanner: Scanner, kinds: set[Kind], flags: list[str], *,
                     ranged: bool) -> None:
    """A comparator word after the amount (``以上``, ``以内``, ``左右``), added to ``kinds``;
    more than one comparator, or one on a range, is an error."""
    post_at = scanner.pos
    post_word = scanner.word(POST_WORDS)
    if post_word is not None:
        post_kind = POST_COMPARATORS[post_word]
        if post_kind is None:
            flags.append("approximate")
        else:
            kinds.add(post_kind)
    if len(kinds) > 1 or (ranged and kinds):
        raise scanner.fail("a single comparator", post_at)


def unprefixed(unit: str) -> str:
    """The unit without a 万-/亿-/千- prefix on its numerator (万元/亩 → 元/亩)."""
    for prefix in PREFIXES:
        rest = unit[len(prefix) :]
        head = rest.split("/", 1)[0]
        if unit.startswith(prefix) and head in SPELLINGS:
            return rest
    return unit
