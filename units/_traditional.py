"""Traditional characters read as their simplified forms (萬元 → 万元, 個 → 个, 畝 → 亩).

The table is OpenCC's traditional-to-simplified character dictionary, as shipped by the
``opencc-python-reimplemented`` package: each traditional character that has one simplified
character (its first, most common reading) maps to it, unless the character is also in GB 2312
(the simplified set: 乾, 著). Only one-to-one characters are used, so every position of a text
keeps its place and error positions stay true. A text all in GB 2312 is left as it is without
looking further (the common case, checked at codec speed).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

#: The dictionary of OpenCC's t2s conversion, one ``traditional<TAB>simplified …`` per line.
_DICTIONARY = ("dictionary", "TSCharacters.txt")


@lru_cache(maxsize=1)
def simplified_table() -> dict[int, str]:
    """``str.translate`` table from each traditional character to its simplified form."""
    text = resources.files("opencc").joinpath(*_DICTIONARY).read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for line in text.splitlines():
        traditional, _, readings = line.partition("\t")
        first = readings.split(" ")[0] if readings else ""
        if (len(traditional) == 1 and len(first) == 1 and first != traditional
                and not _simplified_charset(traditional)):
            table[ord(traditional)] = first
    return table


def _simplified_charset(text: str) -> bool:
    """Whether every character of ``text`` is in GB 2312, the simplified character set (a
    character there, such as 乾 or 著, is also written in simplified text: never converted)."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


_TABLE = simplified_table()
_TRADITIONAL = frozenset(chr(code) for code in _TABLE)


def simplified(text: str) -> str:
    """``text`` with every traditional character replaced by its simplified form (a text all
    in GB 2312 has none: checked at codec speed)."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        if _TRADITIONAL.isdisjoint(text):
            return text
        return text.translate(_TABLE)
    return text
