"""Quantity statements: an optional subject and comparator, a number, a unit, trailing words.

``≥2304.9 立方米``, ``不低于20户``, ``95%及以上``, ``8万多株``, ``年故障次数少于3次``,
``18-54周岁``. Used for targets and for actuals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from units._model import Exact, Kind
from units._numbers import MULTIPLIERS, read_number
from units._registry import PREFIXES, SPELLINGS, UNIT_NAME, define_count_unit
from units._scan import NoMatch, Scanner, alternation
from units._words import (
    APPROXIMATIONS,
    DEADLINE_POST,
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
PERIOD = re.compile(r"(?:每(半年|学年|学期|季度|季|旬)|每?(年|月|日|天|周|季度))(?![度均底末初内])")
PER_WORD = re.compile(r"(?:每|全)(半年|学年|学期|年|月|日|天|周|季度|季|旬)")
PERIOD_UNITS = {
    "年": "年", "半年": "半年", "月": "月", "日": "天", "天": "天", "周": "周", "季度": "季度",
    "季": "季度", "旬": "旬", "学期": "学期", "学年": "学年",
}
RANGE_SEP = re.compile(r"--?|~|至|到")
#: 多/余 after a number or its unit: "and some" (10余家, 200多人).
MORE_WORDS = frozenset("多余")
#: A possible measure word: one or two Chinese characters that are not numerals.
MEASURE_WORD = re.compile(r"(?:(?![零一二两三四五六七八九十百千万亿半])[\u4e00-\u9fff]){1,2}")
#: What may follow a measure word: a comparator word, a harmless trailing word, a bracket,
#: a slash, a space or punctuation.
UNIT_FOLLOWER = re.compile(
    "|".join(re.escape(w) for w in sorted(
        [*POST_COMPARATORS, *TRAILING_WORDS, *DEADLINE_POST, "/", "(", ")", " ", "、", ",", ";",
         "。", "以内", "及以上"], key=len, reverse=True))
)
#: What joins two denominators of one unit: 元/人·月, 元/人*月, 元/人、天 (per person per month).
PER_JOINERS = frozenset("·*、×")
#: A round number before a denominator's unit: 元/100km is 元 per 百公里 (a unit of the
#: registry), 元/1000人 元 per 千人.
DENOMINATOR_SCALE = re.compile(r"(100|1000|10000) ?(?=[^\d\s.])")
SCALE_PREFIXES = {"100": "百", "1000": "千", "10000": "万"}
#: Words in brackets after a statement: an annotation (百分比, 含, 优, 含10个).
ANNOTATION = re.compile(r"\(([^()]{1,16})\)")
#: Second characters that make a compound count unit of a known one (辆次, 台套, 台时, 人数).
COMPOUND_SUFFIXES = frozenset("次套时数")
#: Ratio words after a number: a fraction up to 1 (≥0.97比例), else a percentage.
RATIO_WORDS = frozenset({"比例", "比率"})
#: Words after a number that are never its unit.
NOT_MEASURES = frozenset(
    {*POST_COMPARATORS, *TRAILING_WORDS, *DEADLINE_POST, *PRE_COMPARATORS, "以", "及", "或",
     "之", "左", "右", "多", "余", "全", "万", "亿", "千", "百", "以上", "以下", "左右", "以内",
     "之内", "之前", "以前", "全部", "完成", "达标", "到位", "覆盖", "每", "为", "的", "和",
     "与", "年", "月", "日", "号", "底", "末", "前", "后", "内", "止", "上", "下", "来"}
)
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
    new_unit: bool = False
    fraction: bool = False
    about: bool = False


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
    """A unit such as ``万元/亩``, ``元/人·月`` (→ ``元/人/月``), ``元/100km`` (→ ``元/百公里``)
    or ``/月`` (→ ``1/月``) in canonical spelling, or None."""
    start = scanner.pos
    numerator = _unit_name(scanner)
    if numerator is None:
        scanner.pos = start
    denominators: list[str] = []
    while True:
        save = scanner.pos
        scanner.skip_spaces()
        text = scanner.text
        if text.startswith("/", scanner.pos):
            scanner.pos += 1
        elif not (denominators and text[scanner.pos : scanner.pos + 1] in PER_JOINERS):
            scanner.pos = save
            break
        else:
            scanner.pos += 1
        scale = DENOMINATOR_SCALE.match(text, scanner.pos)
        if scale:
            scanner.pos = scale.end()
        name = _unit_name(scanner)
        if name is None:
            scanner.pos = save
            break
        denominators.append(SCALE_PREFIXES[scale.group(1)] + name if scale else name)
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
    start = scanner.pos
    percent_words = scanner.text.startswith("百分之", start)
    value, digits = _signed_number(scanner, start, start + 3 if percent_words else start)
    if percent_words:
        return Amount(value, "%", False, False, start)
    multiplied = more = False
    unit_position = scanner.pos
    unit = read_unit(scanner)
    if unit is None:
        value, multiplied, more = _multiplied(scanner, value, digits)
        scanner.skip_spaces()
        unit_position = scanner.pos
        unit = read_unit(scanner)
    unit, new, about = _measure(scanner, unit)
    if unit is not None and scanner.peek() in MORE_WORDS and not more:
        more, scanner.pos = True, scanner.pos + 1
    value, unit, new, fraction = _as_percent(value, unit, new)
    return Amount(value, unit or "", multiplied, more, unit_position, new, fraction, about)


def _signed_number(scanner: Scanner, start: int, position: int) -> tuple[Decimal, bool]:
    """The number at ``position``, negative after a ``-`` right before its digits (consumed),
    and whether it is written in digits; fails softly at ``start`` when there is none."""
    text, sign = scanner.text, 1
    if text.startswith("-", position) and position + 1 < len(text) and text[position + 1].isdigit():
        sign, position = -1, position + 1
    number = read_number(text, position)
    if number is None:
        raise scanner.fail("a number", start)
    value, scanner.pos = number[0] * sign, number[1]
    return value, text[position].isdigit()


def _multiplied(scanner: Scanner, value: Decimal, digits: bool) -> tuple[Decimal, bool, bool]:
    """The number times a 万/亿/千 right after its digits (8万), consumed, with 多/余 after it
    (8万多): (value, multiplied, more)."""
    multiplied = more = False
    follower = scanner.peek()
    if follower in MULTIPLIERS and digits:
        value *= MULTIPLIERS[follower]
        multiplied, scanner.pos = True, scanner.pos + 1
    if scanner.peek() in MORE_WORDS:
        more, scanner.pos = True, scanner.pos + 1
    return value, multiplied, more


def _measure(scanner: Scanner, unit: str | None) -> tuple[str | None, bool, bool]:
    """The unit after the number beyond the registry's: a unit after 来 (about), a measure word
    defined on the fly (组), a compound count unit (辆次), each new one with its period (组/月):
    (unit, new, about)."""
    new = about = False
    if unit is None and scanner.peek() == "来":
        scanner.pos += 1
        about = True
        unit = read_unit(scanner)
    if unit is None:
        unit = _new_unit(scanner)
        new = unit is not None
    elif len(unit) == 1 and (compound := _compound_unit(scanner, unit)) is not None:
        unit, new = compound, True
    if new and unit is not None and scanner.peek() == "/":
        per = read_unit(scanner)
        if per is not None and per.startswith("1/"):
            unit = f"{unit}/{per[2:]}"
    return unit, new, about


def _as_percent(value: Decimal, unit: str | None, new: bool
                ) -> tuple[Decimal, str | None, bool, bool]:
    """成 and the ratio words as a percentage (9成 → 90 %; ≥0.97比例 → 97 %, a fraction up
    to 1): (value, unit, new, fraction)."""
    if unit == "成":
        return value * 10, "%", new, False
    if unit in RATIO_WORDS:
        fraction = value <= 1
        return (value * 100 if fraction else value), "%", False, fraction
    return value, unit, new, False


def _compound_unit(scanner: Scanner, unit: str) -> str | None:
    """A known one-character unit and a 次/套/时 after it (辆次, 台套, 架次) as a count unit of
    its own; None when what follows is not part of the unit (5个村 counts 村 in 个)."""
    text, at = scanner.text, scanner.pos
    char = text[at : at + 1]
    if (char not in COMPOUND_SUFFIXES or not MEASURE_WORD.fullmatch(unit)
            or UNIT_FOLLOWER.match(text, at)):
        return None
    rest = at + 1
    if rest == len(text) or UNIT_FOLLOWER.match(text, rest):
        scanner.pos = rest
        return define_count_unit(unit + char)
    return None


def _new_unit(scanner: Scanner) -> str | None:
    """A measure word the registry does not know (组, 架, 粒, 辆次), defined on the fly as a
    count unit of its own; None when the words after the number are not a measure word."""
    text, start = scanner.text, scanner.pos
    if start >= len(text) or text[start] < "\u4e00":
        return None
    for length in (2, 1):
        word = text[start : start + length]
        if len(word) != length or not MEASURE_WORD.fullmatch(word) or word in NOT_MEASURES:
            continue
        rest = start + length
        if rest == len(text) or UNIT_FOLLOWER.match(text, rest):
            scanner.pos = rest
            return define_count_unit(word)
    return None


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
        name = period.group(1) or period.group(2)
        return f"{unit}/{PERIOD_UNITS[name]}", subject[period.end() :]
    return unit, subject


def _range_units(scanner: Scanner, lower: Amount, upper: Amount) -> tuple[Exact, str]:
    """The lower bound in the upper bound's unit."""
    from units._convert import convert

    if not lower.unit or lower.unit == upper.unit:
        return lower.value, upper.unit
    if not upper.unit:
        raise scanner.fail("the unit of the range's upper bound")
    return convert(lower.value, lower.unit, upper.unit), upper.unit


@dataclass(slots=True)
class _Opening:
    """The words before a statement's number (not frozen: a frozen init costs a microsecond
    per statement)."""

    subject: str
    signed: bool
    plus_minus: bool
    pre_word: str | None
    per: re.Match[str] | None


@dataclass(slots=True)
class _Draft:
    """A statement while it is read: its bounds, unit, flags and the comparators found."""

    value: Exact
    unit: str
    flags: list[str]
    upper: Exact | None = None
    kinds: set[Kind] = field(default_factory=set)


def read_statement(scanner: Scanner, *, allow_range: bool = True, prose: bool = False
                   ) -> Statement:
    """A whole quantity statement; the scanner must reach the end of the text, unless
    ``prose``: then the statement is the one number of a sentence (``完成监测点位12个。``),
    read from the scanner's position with what follows it left as prose.

    A soft failure leaves without the traceback of the steps below: callers cache failures,
    and a traceback would keep every step's frame alive for the garbage collector to scan."""
    try:
        return _statement(scanner, allow_range, prose)
    except NoMatch as failure:
        raise failure.with_traceback(None) from None


def _statement(scanner: Scanner, allow_range: bool, prose: bool) -> Statement:
    """``read_statement``, step by step."""
    flags: list[str] = ["number_in_prose"] if prose else []
    scanner.skip_spaces()
    opening = _opening(scanner, flags, prose)
    amount = read_amount(scanner)
    unit, subject = _rate_unit(scanner, opening, amount)
    if subject:
        flags.insert(0, f"subject:{subject}")
    draft = _Draft(amount.value, unit, flags)
    if opening.pre_word is not None:
        draft.kinds.add(PRE_COMPARATORS[opening.pre_word])
    if opening.plus_minus:
        draft.value, draft.upper = -draft.value, draft.value
    _amount_flags(draft, amount)
    if allow_range and not draft.kinds:
        if opening.signed and draft.upper is None and scanner.peek() == "±":
            _spread(scanner, draft, amount)
        else:
            _range(scanner, draft, amount, bool(opening.per or subject))
    _post_comparator(scanner, draft, opening.plus_minus)
    _trailing(scanner, draft)
    if not prose:
        scanner.expect_end()
    return Statement(
        comparator=next(iter(draft.kinds)) if draft.kinds else None,
        value=draft.value,
        upper=draft.upper,
        unit=draft.unit,
        multiplied=amount.multiplied,
        flags=tuple(draft.flags),
        unit_position=amount.unit_position,
    )


def _opening(scanner: Scanner, flags: list[str], prose: bool) -> _Opening:
    """The words before the number, consumed: a subject (not in prose), 约, a ± or a
    comparator word, then 每月/全年; flags ``plus_minus`` and ``approximate``."""
    subject = "" if prose else _subject(scanner)
    approximate = scanner.word(APPROX) is not None
    signed = "±" in scanner.text
    plus_minus = signed and scanner.peek() == "±"
    if plus_minus:
        scanner.pos += 1
        flags.append("plus_minus")
    pre_word = None if plus_minus else _pre_word(scanner, signed)
    if pre_word is not None and not approximate:
        approximate = scanner.word(APPROX) is not None
    if approximate:
        flags.append("approximate")
    return _Opening(subject, signed, plus_minus, pre_word, scanner.match(PER_WORD))


def _pre_word(scanner: Scanner, signed: bool) -> str | None:
    """A comparator word before the number (≥, 不低于), consumed; a ± after it fails."""
    word = scanner.word(PRE_WORDS)
    if signed and word is not None and scanner.peek() == "±":
        raise scanner.fail("a single comparator")
    return word


def _rate_unit(scanner: Scanner, opening: _Opening, amount: Amount) -> tuple[str, str]:
    """(unit, subject): a period before the number (每月1次) or opening the subject
    (年故障次数) makes the amount's unit a rate."""
    unit, per = amount.unit, opening.per
    if per:
        if not _rated(unit):
            raise scanner.fail("a count or an amount after " + per.group(), amount.unit_position)
        return f"{unit}/{PERIOD_UNITS[per.group(1)]}", opening.subject
    if opening.subject:
        return _subject_rate(opening.subject, unit)
    return unit, opening.subject


def _amount_flags(draft: _Draft, amount: Amount) -> None:
    """What the amount says beyond its value: a bandwidth unit, 多 (at least, approximate),
    来 (approximate), a new measure word, a fraction read as a percentage."""
    flags = draft.flags
    if "bps" in draft.unit:
        flags.append("bandwidth_assumed")
    if amount.more:
        draft.kinds.add(Kind.AT_LEAST)
        if "approximate" not in flags:
            flags.append("approximate")
    if amount.about and "approximate" not in flags:
        flags.append("approximate")
    if amount.new_unit:
        flags.append("unit_new")
    if amount.fraction:
        flags.append("fraction_as_percent")


def _spread(scanner: Scanner, draft: _Draft, amount: Amount) -> None:
    """A ± spread after the base (50±5): the band from base - spread to base + spread."""
    scanner.pos += 1
    spread = read_amount(scanner)
    if spread.unit:
        low, draft.unit = _range_units(scanner, spread, amount)
    else:
        low = spread.value
    draft.value, draft.upper = _plus(draft.value, -low), _plus(draft.value, low)
    if draft.value < 0:
        raise scanner.fail("a band around a base larger than its ± spread")
    draft.flags.append("plus_minus")


def _range(scanner: Scanner, draft: _Draft, amount: Amount, subject_or_rate: bool) -> None:
    """A second amount after a range separator (18-54周岁), the lower bound taking the upper
    bound's unit; nothing is consumed when no amount follows the separator, and a statement
    with a subject or a rate cannot be a range."""
    save = scanner.pos
    if not scanner.match(RANGE_SEP):
        return
    try:
        second = read_amount(scanner)
    except NoMatch:
        scanner.pos = save
        return
    if subject_or_rate:
        raise scanner.fail("a range without a subject or a rate", save)
    draft.value, draft.unit = _range_units(scanner, amount, second)
    draft.upper = second.value
    if draft.upper < draft.value:
        raise scanner.fail("a range whose upper bound is not below its lower bound")


def _post_comparator(scanner: Scanner, draft: _Draft, plus_minus: bool) -> None:
    """A comparator word after the amount (及以上, 以内; 左右 is approximate), consumed; fails
    when the statement then has two comparators, or a comparator and a range."""
    post_at = scanner.pos
    post_word = scanner.word(POST_WORDS)
    if post_word is not None:
        post_kind = POST_COMPARATORS[post_word]
        if post_kind is None:
            draft.flags.append("approximate")
        else:
            draft.kinds.add(post_kind)
    if plus_minus and draft.kinds == {Kind.AT_MOST}:
        draft.kinds.clear()
    if len(draft.kinds) > 1 or (draft.upper is not None and draft.kinds):
        raise scanner.fail("a single comparator", post_at)


def _trailing(scanner: Scanner, draft: _Draft) -> None:
    """Harmless words and bracketed annotations after the statement, consumed and flagged; a
    unit written in brackets after a bare number (≥10(万元)) becomes its unit."""
    flags = draft.flags
    bracketed = "(" in scanner.text
    if bracketed:
        _annotations(scanner, flags)
    while (word := scanner.word(TRAILING)) is not None:
        flags.append(f"trailing:{word}")
        if bracketed:
            _annotations(scanner, flags)
    if bracketed and not draft.unit:
        for flag in flags:
            written = canonical_unit(flag.removeprefix("annotation:"))
            if flag.startswith("annotation:") and written:
                draft.unit = written


def _annotations(scanner: Scanner, flags: list[str]) -> None:
    """Bracketed words after a statement (``≥98%(百分比)``, ``≥1000万元(含)``, ``95%(优)``),
    consumed and kept as ``annotation:<words>`` flags."""
    while (found := scanner.match(ANNOTATION)) is not None:
        flags.append(f"annotation:{found.group(1)}")


def _plus(a: Exact, b: Exact) -> Exact:
    """a + b, exactly: a Decimal when both are, else a Fraction."""
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a + b
    return Fraction(a) + Fraction(b)


def unprefixed(unit: str) -> str:
    """The unit without a 万-/亿-/千- prefix on its numerator (万元/亩 → 元/亩)."""
    for prefix in PREFIXES:
        rest = unit[len(prefix) :]
        head = rest.split("/", 1)[0]
        if unit.startswith(prefix) and head in SPELLINGS:
            return rest
    return unit
