"""Text normalisation before parsing.

NFKC, simplified characters, one spelling per comparator and dash, single
spaces, no wraps.

Every character of the normalised text remembers the index of the original character it came
from, so a parse error can point into the text as the user wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from units._traditional import simplified

#: Spellings replaced after NFKC (longest first); the values are the canonical spellings.
REPLACEMENTS: dict[str, str] = {
    ">=": "≥",
    "=>": "≥",
    "≥=": "≥",
    "<=": "≤",
    "=<": "≤",
    "≤=": "≤",
    "≧": "≥",
    "⩾": "≥",
    "≮": "≥",
    "≦": "≤",
    "⩽": "≤",
    "≯": "≤",
    "═": "=",
    "》": ">",
    "《": "<",
    "—": "-",
    "–": "-",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "―": "-",
    "−": "-",
    "〜": "~",
    "〇": "零",
    "≥≥": "≥",
    "≤≤": "≤",
    ">>": ">",
    "<<": "<",
    "==": "=",
}
_REPLACE = re.compile(
    "|".join(re.escape(k) for k in sorted(REPLACEMENTS, key=len, reverse=True))
)
_SPACES = re.compile(r"\s+")
_SPACE = re.compile(r"\s")
#: Anything the normalising respells or trims: a replaced spelling or whitespace.
_SPECIAL = re.compile(_REPLACE.pattern + r"|\s")
#: A space between two Chinese characters is a line break of the printed cell, not a separator.
_WRAP = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text; ``origin[i]`` is the index in the raw text of character ``i``."""

    text: str
    origin: Sequence[int]

    def raw_index(self, position: int, raw_length: int) -> int:
        """The index in the raw text for a position in the normalised text."""
        if position < len(self.origin):
            return self.origin[position]
        return raw_length


def _nfkc(raw: str) -> tuple[str, Sequence[int]]:
    """NFKC per cluster (a starter and its combining marks), keeping each cluster's origin
    (a range when nothing changes: the common case allocates no list)."""
    if unicodedata.is_normalized("NFKC", raw):
        return raw, range(len(raw))
    out: list[str] = []
    origin: list[int] = []
    start = 0
    for index in range(1, len(raw) + 1):
        if index < len(raw) and unicodedata.combining(raw[index]):
            continue
        chunk = unicodedata.normalize("NFKC", raw[start:index])
        out.append(chunk)
        origin.extend([start] * len(chunk))
        start = index
    return "".join(out), origin


def _substitute(text: str, origin: Sequence[int], pattern: re.Pattern[str],
                repl: dict[str, str] | str | Callable[[str], str]
                ) -> tuple[str, Sequence[int]]:
    if not pattern.search(text):
        return text, origin
    out: list[str] = []
    new_origin: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(text[last : match.start()])
        new_origin.extend(origin[last : match.start()])
        spelled = (repl if isinstance(repl, str) else repl[match.group()]
                   if isinstance(repl, dict) else repl(match.group()))
        out.append(spelled)
        new_origin.extend([origin[match.start()]] * len(spelled))
        last = match.end()
    out.append(text[last:])
    new_origin.extend(origin[last:])
    return "".join(out), new_origin


def normalised(raw: str) -> Normalised:
    """The normalised form of ``raw`` with the origin of every character."""
    text, origin = _nfkc(raw)
    if not text.isascii():
        text = simplified(text)
    if not _SPECIAL.search(text):
        # Nothing to respell and no whitespace: the common cell is already normal.
        return Normalised(text, origin if isinstance(origin, range) else tuple(origin))
    # Each round replaces every spelling once; a run of ``=`` or of one comparator at least
    # halves in a round (``==`` → ``=``, ``≥=`` → ``≥``), so the rounds are few even for a
    # long run, and the result is that of replacing spelling by spelling until nothing changes.
    for _ in range(len(text) + 1):
        replaced, origin = _substitute(text, origin, _REPLACE, REPLACEMENTS)
        if replaced == text:
            break
        text = replaced
    if _SPACE.search(text):
        text, origin = _substitute(text, origin, _SPACES, " ")
        text, origin = _substitute(text, origin, _WRAP, "")
    left = len(text) - len(text.lstrip(" "))
    right = len(text.rstrip(" "))
    kept = origin[left:right]
    return Normalised(text[left:right], kept if isinstance(kept, range) else tuple(kept))


def normalise(text: str) -> str:
    """NFKC, canonical comparator and dash spellings, whitespace runs as one space, stripped."""
    return normalised(text).text
