"""``parse_target``: a 指标值 text → a frozen Target (domain.md §4).

Readings are tried in order: placeholder, grade scale, deadline, quantity statement,
qualitative words. A reading that does not apply fails softly; when none applies, the failure
that got furthest into the text becomes the ParseError.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from units._dates import read_deadline
from units._errors import ParseError, detached
from units._fast import enabled as fast_enabled
from units._fast import fast_target
from units._inference import bare_comparator, lower_is_better
from units._limits import check_text
from units._model import Deadline, Kind, Target
from units._normalise import Normalised, normalised
from units._prose import one_number
from units._quantity import (
    NOT_RATES,
    PERIOD_UNITS,
    PRE_WORDS,
    canonical_unit,
    read_statement,
    read_unit,
)
from units._registry import UNIT_NAME_PLAIN, unit_of
from units._scales import read_scale
from units._scan import NoMatch, Scanner, alternation
from units._words import LABEL_UNITS, PRE_COMPARATORS

#: ``≥95%``, ``52个``, ``≤100万元``, ``100``: read without the general grammar.
COMMON = re.compile(
    r"(?P<symbol>[≥≤<>=])? ?(?P<number>\d+(?:\.\d+)?) ?"
    rf"(?P<unit>(?:{UNIT_NAME_PLAIN})(?: ?/ ?(?:{UNIT_NAME_PLAIN}))*)?"
)
#: Units that may make a number a date (12月, 2019年): left to the general path.
DATE_UNITS = frozenset("年月")
#: Without one of these a text cannot be a deadline (年, 月, 季度, Q4, 2024.1.1, 12.31前).
DEADLINE_HINT = re.compile(r"[年月季Qq]|\d{4} ?[.\-/] ?\d|\d\.\d{1,2} ?(?:之|以)?前")
#: A bare 2023.12: a year and a month (left to the general path, which reads it as a date).
YEAR_MONTH_NUMBER = re.compile(r"(?:19|20|21)\d\d\.(?:0?[1-9]|1[0-2])")
#: Without one of these a text can be neither a quantity nor a deadline.
MAY_BE_QUANTITY = re.compile(r"[\d零一二两三四五六七八九十百千万亿半年≥≤<>=]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
PLACEHOLDER = re.compile(r"\*+|[Xx×]{2,}")
#: A single * between two Chinese units joins them (元/人*月): not a placeholder.
JOINING_STAR = re.compile(r"(?<=[\u4e00-\u9fff])\*(?=[\u4e00-\u9fff])")
DIGIT = re.compile(r"\d")
#: A qualitative cell that only names a rate (达标率) gives no value to reach.
RATE_NAME = re.compile(r"率[.。]?$")
#: Words anywhere before a sentence's number that set its comparator (至少全年开展3次培训,
#: 面积达5万亩); other comparator words count only right before the number.
PROSE_ADVERB_KINDS: dict[str, Kind] = {
    "至少": Kind.AT_LEAST, "最少": Kind.AT_LEAST, "不少于": Kind.AT_LEAST,
    "不低于": Kind.AT_LEAST, "达到": Kind.AT_LEAST, "达": Kind.AT_LEAST,
    "最多": Kind.AT_MOST, "至多": Kind.AT_MOST, "不超过": Kind.AT_MOST,
}
PROSE_ADVERBS = alternation(PROSE_ADVERB_KINDS)
#: A period before a sentence's count (每天巡查1次 → 次/天); an amount of money per period is
#: a standard, not a rate (每生每年3300元 stays 元).
PROSE_PER = re.compile(r"每(半年|学年|学期|年|月|日|天|周|季度|季|旬)")
#: A deadline before an event, not a date (汛期前, 开学前, 验收前).
EVENT_DEADLINE = re.compile(
    r"(?!提前|目前|当前|此前|之前)[^\W\d_]{1,8}?(?:之前|以前|前)(?:完成)?[.。]?"
)
#: A comparator symbol in words without a number (抵达现场时间≤辖区平均标准).
COMPARATOR_SYMBOL = re.compile(r"[≥≤<>]")
#: A comparison with a reference that has no number of its own (不低于上年, 高于全省平均).
REFERENCE_COMPARISON = re.compile(
    r"(?:不低于|不少于|不高于|不超过|不超出|高于|低于|超过|多于|少于|优于|好于|大于|小于|持平于?)"
    r"(?:上一?年度?|去年|往年|上年同期|同期|全[省市县区国]|[省市县区]内?|平均|均值|基期|基数|历史)"
)
#: A date that comes back every period (每月中旬发放, 每季度末).
RECURRING_DATE = re.compile(
    r"每(?:个)?(?:月|周|季度?|年|半年)(?:的)?(?:上旬|中旬|下旬|初|底|末|月底|月末)"
)
#: Brackets and quotes that may enclose a whole target.
ENCLOSING = {"【": "】", "[": "]", "“": "”", '"': '"', "‘": "’", "'": "'", "「": "」", "『": "』",
             "(": ")"}
#: Indicator words of data storage, where a bare T is a terabyte rather than a tonne.
STORAGE = re.compile(r"硬盘|存储|磁盘|容量|数据|内存|带宽|空间")
#: Units the general grammar turns into a percentage (9成 → 90 %, 0.97比例 → 97 %).
READ_AS_PERCENT = frozenset({"成", "比例", "比率"})
#: Ordinal grades (1 is best): a bare grade is at most that grade.
ORDINAL_UNITS = frozenset({"级", "等别"})
#: A zero written as a word before what must not happen (零事故, 零投诉): ≤ 0 (scores as = 0).
ZERO_WORD = re.compile(r"零(?P<what>[^\W\d_]{1,10})[.。]?")
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
    """Words without a number: qualitative, unless only a comparator/unit, a rate's name, a
    comparison with a named reference (≤辖区平均标准, 不低于上年) or a recurring date (每月中旬)."""
    missing = _missing_value(scanner)
    if missing is not None:
        raise scanner.error("a number", missing)
    symbol = COMPARATOR_SYMBOL.search(scanner.text) or REFERENCE_COMPARISON.search(scanner.text)
    if symbol:
        raise scanner.error("a number to compare with (a named reference needs a manual score)",
                            symbol.end())
    if EVENT_DEADLINE.fullmatch(scanner.text):
        raise scanner.error("a date (a deadline before an event needs a manual score)", 0)
    recurring = RECURRING_DATE.search(scanner.text)
    if recurring:
        raise scanner.error("a single deadline (a recurring date needs a manual score)",
                            recurring.start())
    if RATE_NAME.search(scanner.text):
        raise scanner.error("a value for the rate the text names", len(scanner.text))
    return Target(text, Kind.QUALITATIVE)


def _deadline(text: str, scanner: Scanner, year: int | None) -> Target:
    reading = read_deadline(scanner, year)
    date = reading.date
    # A recurring date (每年11月底前) names no one year: it is due in whichever year is scored.
    chosen = year if date.year is None and "recurring" not in reading.flags else date.year
    deadline = Deadline(date.month, date.day, chosen)
    return Target(text, Kind.DEADLINE, deadline=deadline, flags=reading.flags)


def _quantity(text: str, scanner: Scanner, indicator: str | None, *, prose: bool = False
              ) -> Target:
    statement = read_statement(scanner, prose=prose)
    if statement.unit:
        try:
            unit_of(statement.unit)
        except ParseError as exc:
            raise scanner.error(f"a known unit, not {statement.unit!r}",
                                statement.unit_position) from exc
    if statement.upper is not None:
        return Target(text, Kind.RANGE, statement.value, statement.upper, statement.unit,
                      flags=statement.flags)
    if (scanner.text[statement.unit_position : statement.unit_position + 1] == "T"
            and "吨" in statement.unit and indicator and STORAGE.search(indicator)):
        raise scanner.error("a unit that is not ambiguous (T is a tonne or a terabyte: "
                            "write 吨 or TB)", statement.unit_position)
    kind, inferred, flags = statement.comparator, False, statement.flags
    if statement.unit in ORDINAL_UNITS and not prose:
        written, kind = kind, _ordinal(kind, scanner.text)
        if kind is not written:
            flags = (*flags, "ordinal_grade")
    if kind is None:
        kind, inferred = bare_comparator(indicator, statement.value == 0), True
    return Target(text, kind, statement.value, unit=statement.unit, inferred=inferred,
                  flags=flags)


def _ordinal(kind: Kind | None, body: str) -> Kind:
    """The comparator of an ordinal grade, where 1 is best: bare or 及以上 (that grade or
    better) is at most the number, 及以下 at least it; a symbol is kept as written."""
    if kind is None or (kind is Kind.AT_LEAST and "以上" in body):
        return Kind.AT_MOST
    if kind is Kind.AT_MOST and "以下" in body:
        return Kind.AT_LEAST
    return kind


def _common(text: str, body: str, indicator: str | None) -> Target | None:
    """The common shape ``≥95%``/``52个``/``100`` read directly; None for any other shape."""
    found = COMMON.fullmatch(body)
    if found is None:
        return None
    written = found.group("unit") or ""
    if written[:1] in DATE_UNITS or (not written and YEAR_MONTH_NUMBER.fullmatch(body)):
        return None
    unit = canonical_unit(written) if written else ""
    symbol = found.group("symbol")
    if (unit is None or (unit in ORDINAL_UNITS and not symbol) or "bps" in unit
            or written == "T" or unit in READ_AS_PERCENT):
        return None
    if unit:
        try:
            unit_of(unit)
        except ParseError:
            return None
    value = Decimal(found.group("number"))
    if symbol:
        return Target(text, PRE_COMPARATORS[symbol], value, unit=unit)
    return Target(text, bare_comparator(indicator, value == 0), value, unit=unit, inferred=True)


def _unenclosed(norm: Normalised) -> Normalised:
    """The text inside brackets or quotes that enclose all of it (【≥92%】, “≥99%”)."""
    body = norm.text
    if len(body) > 2 and ENCLOSING.get(body[0]) == body[-1]:
        inner = body[1:-1]
        left = len(inner) - len(inner.lstrip(" "))
        right = len(inner.rstrip(" "))
        return Normalised(inner[left:right], norm.origin[1 + left : 1 + right])
    return norm


def _read(text: str, year: int | None, indicator: str | None) -> Target:
    norm = normalised(text)
    if norm.text[:1] in ENCLOSING:
        norm = _unenclosed(norm)
    common = _common(text, norm.text, indicator)
    if common is not None:
        return common
    return _read_any(text, norm, year, indicator)


def _read_any(text: str, norm: Normalised, year: int | None, indicator: str | None) -> Target:
    """Every reading in turn (the general path): placeholder, 零 word, grade scale, words,
    deadline, quantity statement, then the readings of a text neither of those two reads."""
    body = norm.text
    scanner = Scanner(text, norm)
    if not body:
        raise scanner.error("a target value", 0)
    _refuse_placeholder(scanner)
    worded = _zero_or_scale(text, body)
    if worded is not None:
        return worded
    if not MAY_BE_QUANTITY.search(body):
        return _qualitative(text, scanner)
    failures: list[NoMatch] = []
    found = _deadline_or_quantity(text, scanner, year, indicator, failures)
    if found is not None:
        return found
    return _unread(text, scanner, indicator, failures)


def _refuse_placeholder(scanner: Scanner) -> None:
    """Raise at a placeholder written instead of a number (***, XX); a single * joining two
    units (元/人*月) is none."""
    body = scanner.text
    placeholder = PLACEHOLDER.search(body)
    if placeholder and placeholder.group() == "*" and JOINING_STAR.match(body, placeholder.start()):
        placeholder = PLACEHOLDER.search(body, placeholder.end())
    if placeholder:
        raise scanner.error("a number instead of the placeholder", placeholder.start())


def _zero_or_scale(text: str, body: str) -> Target | None:
    """A 零 word (零事故: at most 0) or a grade scale (一般/较好/很好), else None."""
    zero = ZERO_WORD.fullmatch(body)
    if zero:
        return Target(text, Kind.AT_MOST, Decimal(0), inferred=True,
                      flags=(f"zero:{zero.group('what')}",))
    scale = read_scale(body)
    if scale is not None:
        value = Decimal(scale.tier) if scale.tier is not None else None
        return Target(text, Kind.QUALITATIVE, value=value, scale=scale.scale)
    return None


def _deadline_or_quantity(text: str, scanner: Scanner, year: int | None,
                          indicator: str | None, failures: list[NoMatch]) -> Target | None:
    """The text as a deadline (when it may be one), else as a quantity statement; None when
    neither reads, with each reading's failure added to ``failures``.

    A failure is kept without its traceback: only its position and expectation are used, and
    the frames a traceback holds would stay alive (and be scanned by the garbage collector)
    as long as the error made of the failures is cached."""
    scanner.pos = 0
    if DEADLINE_HINT.search(scanner.text):
        try:
            return _deadline(text, scanner, year)
        except NoMatch as failure:
            failures.append(failure.with_traceback(None))
    else:
        failures.append(scanner.fail("a date", 0))
    scanner.pos = 0
    try:
        return _quantity(text, scanner, indicator)
    except NoMatch as failure:
        failures.append(failure.with_traceback(None))
    return None


def _unread(text: str, scanner: Scanner, indicator: str | None, failures: list[NoMatch]
            ) -> Target:
    """A text that is neither a deadline nor a statement: words without digits, numbered
    labels, or a sentence's one number; else the furthest failure as the ParseError."""
    body = scanner.text
    if not DIGIT.search(body):
        return _qualitative(text, scanner)
    if LABELS.match(body):
        return Target(text, Kind.QUALITATIVE, flags=("labels",))
    prose = _prose(text, scanner, indicator)
    if prose is not None:
        return prose
    raise _error(scanner, failures)


def _prose(text: str, scanner: Scanner, indicator: str | None) -> Target | None:
    """A sentence with exactly one number read as that number's statement, flagged
    ``number_in_prose``; None when the text holds no or several numbers, or only a date."""
    found = one_number(scanner.text)
    if found is None:
        return None
    scanner.pos, number = found
    try:
        target = _quantity(text, scanner, indicator, prose=True)
    except NoMatch:
        return None
    return _prose_words(target, scanner.text[:number])


def _prose_words(target: Target, before: str) -> Target:
    """What the words before a sentence's number say: a comparator adverb (至少全年开展3次,
    面积达5万亩) sets the comparator, a period (每天巡查1次) makes the count a rate."""
    if target.inferred:
        adverb = [m for m in PROSE_ADVERBS.finditer(before)]
        if adverb:
            kind = PROSE_ADVERB_KINDS[adverb[-1].group()]
            target = replace(target, kind=kind, inferred=False)
    period = [m for m in PROSE_PER.finditer(before)]
    if (period and "/" not in target.unit and target.unit not in NOT_RATES
            and "元" not in target.unit):
        unit = f"{target.unit}/{PERIOD_UNITS[period[-1].group(1)]}"
        target = replace(target, unit=unit)
    return target


@lru_cache(maxsize=65536)
def _cached(text: str, year: int | None, indicator: str | None) -> Target | ParseError:
    fast = fast_target(text, year, indicator) if fast_enabled() else None
    if fast is not None:
        return fast
    try:
        return _read(text, year, indicator)
    except ParseError as exc:
        return detached(exc)


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
    lower_is_better.cache_clear()
    canonical_unit.cache_clear()
