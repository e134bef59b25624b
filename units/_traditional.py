"""Traditional characters read as their simplified forms (萬元 → 万元, 個 → 个, 畝 → 亩).

The table is OpenCC's traditional-to-simplified character dictionary, as shipped by the
``opencc-python-reimplemented`` package: each traditional character that has one simplified
character (its first, most common reading) maps to it. Only one-to-one characters are used, so
every position of a text keeps its place and error positions stay true.
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
        if len(traditional) == 1 and len(first) == 1 and first != traditional:
            table[ord(traditional)] = first
    return table


_TABLE = simplified_table()
_TRADITIONAL = frozenset(chr(code) for code in _TABLE)


def simplified(text: str) -> str:
    """``text`` with every traditional character replaced by its simplified form."""
    if _TRADITIONAL.isdisjoint(text):
        return text
    return text.translate(_TABLE)
