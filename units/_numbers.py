"""Numbers at a position: Arabic digits (with thousands separators) and Chinese numerals."""

from __future__ import annotations

import re
from decimal import Decimal

ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?")
CHINESE = re.compile(r"[零一二两三四五六七八九十百千万亿]+|半")
#: A multiplier written after Arabic digits (5万, 1.2亿) when no unit follows.
MULTIPLIERS: dict[str, int] = {"万": 10_000, "亿": 100_000_000, "千": 1_000}

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 10_000, "亿": 100_000_000}


def chinese_value(word: str) -> int | None:
    """The value of a Chinese numeral (一百二十 → 120, 二零二四 → 2024); None if malformed."""
    if word and all(c in _DIGITS for c in word):
        if len(word) == 1:
            return _DIGITS[word]
        return int("".join(str(_DIGITS[c]) for c in word))
    total = section = 0
    digit: int | None = None
    last_large = 10**12
    for char in word:
        if char in _DIGITS:
            if digit is not None and _DIGITS[char] != 0 and digit != 0:
                return None
            digit = _DIGITS[char]
        elif char in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[char]
            digit = None
        elif char in _LARGE:
            size = _LARGE[char]
            if size >= last_large and total:
                return None
            section += digit or 0
            if section == 0:
                return None
            total = (total + section) * size if size > last_large else total + section * size
            last_large, section, digit = size, 0, None
        else:
            return None
    return total + section + (digit or 0)


def read_number(text: str, position: int) -> tuple[Decimal, int] | None:
    """The number starting at ``position`` and the index after it, or None."""
    match = ARABIC.match(text, position)
    if match:
        return Decimal(match.group().replace(",", "")), match.end()
    match = CHINESE.match(text, position)
    if match:
        word = match.group()
        if word == "半":
            return Decimal("0.5"), match.end()
        # A trailing 千/万/亿 may be a unit prefix (一千米); try the longest reading first.
        for end in range(len(word), 0, -1):
            value = chinese_value(word[:end])
            if value is not None:
                return Decimal(value), position + end
    return None
