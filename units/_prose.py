"""The one number of a sentence: ``资金及时到位率为100%``, ``完成监测点位12个。``, ``完成率100%``.

A cell that is a sentence is read when it holds exactly one number (domain.md §4): the
statement starts at a comparator, ± or 约 right before the number (after 为/是/: connectors),
else at the number itself. A year or a month in the sentence is a number too, and a number
touching Latin letters or number punctuation (``M.8万元``) is garbled, not prose.
"""

from __future__ import annotations

import re

from units._quantity import PRE_WORDS
from units._scan import alternation
from units._words import APPROXIMATIONS

#: A number of a sentence: digits, with thousands separators or decimals.
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
#: What may not touch a sentence's number: Latin letters and number punctuation.
GARBLE = re.compile(r"[A-Za-z.,/\-]")
#: Two Chinese words that are not numerals: the text is a sentence, not a garbled number.
WORDS = re.compile(r"(?:(?![零一二两三四五六七八九十百千万亿半])[\u4e00-\u9fff]){2}")
#: Words between a comparator and its number in a sentence (≥ 为 95%, 是 100%).
CONNECTORS = " 为是:"
#: A four-digit year: a date, never the statement's number.
YEAR_NUMBER = re.compile(r"(?:19|20|21)\d\d ?年")
#: A month or a day of a date (3月底, 15日): a date in a sentence, never its statement.
DATE_NUMBER = re.compile(r"\d{1,2} ?(?:月|日|号)")
#: 约/近 before a number.
APPROX_WORDS = alternation(APPROXIMATIONS)


def _start(body: str, number: int) -> int:
    """Where the statement of the number at ``number`` starts."""
    if body[number - 1 : number] == "±":
        return number - 1
    start = number
    before = body[:number].rstrip(CONNECTORS)
    for words in (PRE_WORDS, APPROX_WORDS):
        found = [m for m in words.finditer(before) if m.end() == len(before)]
        if found:
            before = before[: found[-1].start()]
            start = len(before)
            before = before.rstrip(CONNECTORS)
    return start


def one_number(body: str) -> tuple[int, int] | None:
    """(where the statement starts, where its number starts) in a normalised sentence with
    exactly one number; None for no or several numbers, a date, or a garbled number."""
    numbers = list(NUMBER.finditer(body))
    if len(numbers) != 1 or not WORDS.search(body):
        return None
    number = numbers[0].start()
    if (YEAR_NUMBER.match(body, number) or DATE_NUMBER.match(body, number)
            or (number and GARBLE.match(body, number - 1))):
        return None
    return _start(body, number), number
