"""Dates and deadlines: ``12月31日前完成``, ``≤10 月``, ``2021年12月``, ``2021.1.1-12.31``."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from units._numbers import chinese_value
from units._scan import NoMatch, Scanner, alternation
from units._words import DEADLINE_POST, DEADLINE_PRE, TRAILING_WORDS

YEAR = re.compile(r"(\d+) ?年")
FULL_DATE = re.compile(r"(\d{4}) ?[.\-/] ?(\d{1,2}) ?[.\-/] ?(\d{1,2})(?!\d)")
MONTH = re.compile(r"(\d{1,2}|十[一二]?|[一二三四五六七八九十]) ?月")
MONTH_DAY_DOTTED = re.compile(r"(\d{1,2}) ?[.\-/] ?(\d{1,2})(?!\d)")
DAY = re.compile(r" ?(\d{1,2}) ?[日号]")
PERIOD_SEP = re.compile(r"--?|~|至|到")
MONTH_AFTER_YEAR = re.compile(r" ?(\d{1,2}) ?月")
#: Words after a month; the day they stand for (None: the month's last day).
MONTH_ENDS: dict[str, int | None] = {
    "份底": None, "份末": None, "底": None, "末": None, "上旬": 10, "中旬": 20, "下旬": None,
    "份": None,
}
YEAR_WORDS: dict[str, int] = {
    "年底": 12, "年末": 12, "年内": 12, "年度内": 12, "年度": 12, "全年": 12, "上半年": 6,
    "下半年": 12,
}
#: The same words after a written year (2024年底, 2024年上半年, 2024年全年, 2024年度).
YEAR_ENDS: dict[str, int] = {
    "年底": 12, "年末": 12, "底": 12, "末": 12, "上半年": 6, "下半年": 12, "全年": 12,
    "度内": 12, "度": 12, "内": 12,
}
#: A year and a month written with a dot, dash or slash (2023.12, 2023-07): the month's end.
YEAR_MONTH = re.compile(r"(\d{4}) ?[.\-/] ?(\d{1,2})(?![\d.])")
#: A quarter (一季度, 第三季度, 三季度末, Q4): its last month. 1季度 alone is a duration.
QUARTER = re.compile(r"(?:第([一二三四1-4])|([一二三四]))季度(?:末|底)?|[Qq]([1-4])")
QUARTER_HINT = re.compile(r"季|[Qq]\d")
#: A span of quarters (一至三季度, 第一至第三季度): due at the end of the last one.
QUARTER_SPAN = re.compile(
    r"第?([一二三四])(?:季度)? ?(?:--?|~|至|到) ?第?([一二三四])季度(?:末|底)?")
#: A span of months (1-12月, 2024年4-10月): due at the end of the last month.
MONTH_SPAN = re.compile(r"(?:(\d{4}) ?年 ?)?(\d{1,2}) ?(?:--?|~|至|到) ?(\d{1,2}) ?月")
#: Without one of these no span of months or quarters is written.
SPAN_HINT = re.compile(r"[-~至到]")
#: The evaluation year itself (当年12月底, 本年度, 当年完成).
THIS_YEAR = re.compile(r"当年度|本年度|当年|本年|今年")
#: The year after the evaluation year (次年3月底前).
NEXT_YEAR = re.compile(r"次年|下一年度|下一年|下年度|下年|翌年")
#: A month and day with a dot before a deadline word (12.31前).
MONTH_DAY_BEFORE = re.compile(r"(\d{1,2})\.(\d{1,2}) ?(?=之前|以前|前)")
FIRST_YEAR, LAST_YEAR = 1900, 2199


@dataclass(frozen=True, slots=True)
class DatePart:
    """A written date: the year may be missing, the day None means the month's end."""

    year: int | None
    month: int
    day: int | None

    def first(self, fallback_year: int) -> dt.date:
        """The earliest day this date can mean."""
        year = self.year if self.year is not None else fallback_year
        return dt.date(year, self.month, self.day if self.day is not None else 1)

    def last(self, fallback_year: int) -> dt.date:
        """The latest day this date can mean."""
        year = self.year if self.year is not None else fallback_year
        day = self.day if self.day is not None else calendar.monthrange(year, self.month)[1]
        return dt.date(year, self.month, day)


ENDS = alternation(MONTH_ENDS)
PRE = alternation(DEADLINE_PRE)
POST = alternation(DEADLINE_POST)
TRAILING = alternation(TRAILING_WORDS)
#: The task a deadline is for, after its "by" word (12月底前完成<资金拨付>): words only, no number.
TASK = re.compile(r"[\u4e00-\u9fff、]{1,20}[.。;]?\Z")
RECURRING = alternation(["每年"])


def _checked(scanner: Scanner, start: int, year: int | None, month: int, day: int | None
             ) -> DatePart:
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise scanner.error(f"a year between {FIRST_YEAR} and {LAST_YEAR}", start)
    if not 1 <= month <= 12:
        raise scanner.error("a month from 1 to 12", start)
    if day is not None:
        days = calendar.monthrange(year if year is not None else 2024, month)[1]
        if not 1 <= day <= days:
            raise scanner.error(f"a day from 1 to {days} of month {month}", start)
    return DatePart(year, month, day)


def _month_value(word: str) -> int:
    return int(word) if word.isdigit() else chinese_value(word) or 0


def _year(scanner: Scanner, start: int) -> int | None:
    found = YEAR.match(scanner.text, scanner.pos)
    if not found:
        return None
    digits = found.group(1)
    if len(digits) == 4:
        scanner.pos = found.end()
        return int(digits)
    if len(digits) > 4 and MONTH_AFTER_YEAR.match(scanner.text, found.end()):
        raise scanner.error("a four-digit year", start)
    raise scanner.fail("a date", start)


def read_date(scanner: Scanner, after: DatePart | None = None) -> DatePart:
    """One date; ``after`` is the start of a period whose year (and form) this one inherits."""
    scanner.skip_spaces()
    start = scanner.pos
    numeric = _numeric_date(scanner, start, after)
    if numeric is not None:
        return numeric
    written = _year(scanner, start)
    year = written if written is not None or after is None else after.year
    quarter = _quarter(scanner, start, year)
    if quarter is not None:
        return quarter
    year_end = _year_end(scanner, start, written, year)
    if year_end is not None:
        return year_end
    return _month_date(scanner, start, written, year)


def _numeric_date(scanner: Scanner, start: int, after: DatePart | None) -> DatePart | None:
    """A date in digits joined by dots, dashes or slashes: 2024.12.31, 2023.12 (the month's
    end), 12.31 before a deadline word, or 6.30 after the start of a period with a day."""
    text = scanner.text
    found = FULL_DATE.match(text, start)
    if found:
        scanner.pos = found.end()
        year, month, day = (int(group) for group in found.groups())
        return _checked(scanner, start, year, month, day)
    if after is not None and after.day is not None:
        found = MONTH_DAY_DOTTED.match(text, start)
        if found:
            scanner.pos = found.end()
            month, day = (int(group) for group in found.groups())
            return _checked(scanner, start, after.year, month, day)
    found = YEAR_MONTH.match(text, start) if text[start : start + 4].isdigit() else None
    if found:
        scanner.pos = found.end()
        return _checked(scanner, start, int(found.group(1)), int(found.group(2)), None)
    if after is None:
        found = MONTH_DAY_BEFORE.match(text, start)
        if found:
            scanner.pos = found.end()
            return _checked(scanner, start, None, int(found.group(1)), int(found.group(2)))
    return None


def _quarter(scanner: Scanner, start: int, year: int | None) -> DatePart | None:
    """A quarter (一季度, 第三季度末, Q4) as its last month, or None."""
    text = scanner.text
    found = QUARTER.match(text, scanner.pos) if QUARTER_HINT.search(text) else None
    if not found:
        return None
    scanner.pos = found.end()
    quarter = _month_value(found.group(1) or found.group(2) or found.group(3))
    return _checked(scanner, start, year, 3 * quarter, None)


def _year_end(scanner: Scanner, start: int, written: int | None, year: int | None
              ) -> DatePart | None:
    """A word for a part of the year (年底, 上半年, or 底/度 after a ``written`` year) as its
    last month, or None."""
    words = YEAR_ENDS if written is not None else YEAR_WORDS
    for word, last_month in words.items():
        if scanner.text.startswith(word, scanner.pos):
            scanner.pos += len(word)
            return _checked(scanner, start, year, last_month, None)
    return None


def _month_date(scanner: Scanner, start: int, written: int | None, year: int | None
                ) -> DatePart:
    """A month and its day (12月31日, 6月底, 10月中旬), or a ``written`` year alone (its last
    month); fails softly when neither is there."""
    found = MONTH.match(scanner.text, scanner.pos)
    if not found:
        if written is not None:
            return _checked(scanner, start, written, 12, None)
        raise scanner.fail("a date", start)
    month = _month_value(found.group(1))
    if not 1 <= month <= 12:
        if written is None:
            raise scanner.fail("a date", start)
        raise scanner.error("a month from 1 to 12", found.start())
    scanner.pos = found.end()
    return _checked(scanner, start, year, month, _day(scanner))


def _day(scanner: Scanner) -> int | None:
    """The day after a month: a word (底, 上旬) or a number with 日/号; None is the month's
    end, as is no day at all."""
    end_word = scanner.word(ENDS)
    if end_word is not None:
        return MONTH_ENDS[end_word]
    found = DAY.match(scanner.text, scanner.pos)
    if found:
        scanner.pos = found.end()
        return int(found.group(1))
    return None


@dataclass(frozen=True, slots=True)
class DeadlineReading:
    """A due date with the flags of how it was written."""

    date: DatePart
    flags: tuple[str, ...]


def _span(scanner: Scanner) -> DatePart | None:
    """A span of months (2024年4-10月, 1-12月) or quarters (一至三季度): its last month."""
    found = scanner.match(MONTH_SPAN)
    if found:
        year = int(found.group(1)) if found.group(1) else None
        first, last = int(found.group(2)), int(found.group(3))
    else:
        found = scanner.match(QUARTER_SPAN)
        if not found:
            return None
        year = None
        first, last = (3 * _month_value(found.group(i)) for i in (1, 2))
    for month in (first, last):
        if not 1 <= month <= 12:
            raise scanner.error("a month from 1 to 12", found.start())
    if first > last:
        raise scanner.error("a period that ends after it starts", found.start())
    return _checked(scanner, found.start(), year, last, None)


def read_deadline(scanner: Scanner, year: int | None = None) -> DeadlineReading:
    """A whole deadline text (the scanner must reach the end); ``year`` is the evaluation
    year, which 次年 (the year after it) needs."""
    flags: list[str] = []
    scanner.skip_spaces()
    if scanner.word(RECURRING):
        flags.append("recurring")
    named_year = "年" in scanner.text
    next_year = named_year and scanner.match(NEXT_YEAR) is not None
    if next_year and year is None:
        raise scanner.error("an evaluation year (次年 is the year after it)", 0)
    this_year = named_year and scanner.match(THIS_YEAR) is not None
    scanner.word(PRE)
    span = _span(scanner) if SPAN_HINT.search(scanner.text) else None
    save = scanner.pos
    if span is not None:
        first = end = span
        flags.append("period")
    elif ((this_year or next_year)
          and (scanner.at_end() or TRAILING.match(scanner.text, scanner.pos))):
        first = end = DatePart(None, 12, None)
    else:
        first = end = read_date(scanner)
        save = scanner.pos
    if span is None and scanner.match(PERIOD_SEP):
        try:
            second = read_date(scanner, after=first)
        except NoMatch:
            scanner.pos = save
        else:
            end = second
            fallback = 2024
            if first.first(fallback) > end.last(fallback):
                raise scanner.error("a period that ends after it starts", save)
            flags.append("period")
    by = scanner.word(POST)
    while (word := scanner.word(TRAILING)) is not None:
        flags.append(f"trailing:{word}")
    if by is not None and (task := scanner.match(TASK)) is not None:
        flags.append(f"trailing:{task.group()}")
    scanner.expect_end()
    if next_year and year is not None and end.year is None:
        end = DatePart(year + 1, end.month, end.day)
    return DeadlineReading(end, tuple(flags))
