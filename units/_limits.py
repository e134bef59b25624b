"""Limits checked before a text is parsed, so hostile cells fail fast with a clear ParseError.

A 指标值 or 实际完成值 is a short phrase; anything longer than ``MAX_TEXT_CHARS`` characters, or
holding a run of more than ``MAX_DIGITS`` digits (or Chinese numerals), is refused before the
grammar sees it. Both limits keep every step of the parser linear and far from Python's
integer-string conversion limit.
"""

from __future__ import annotations

import re

from units._errors import ParseError

#: The longest text the parsers read.
MAX_TEXT_CHARS = 10_000
#: The longest run of digits (or Chinese numerals) one number may have.
MAX_DIGITS = 30
_TOO_MANY = MAX_DIGITS + 1
_DIGIT_RUN = re.compile(rf"\d{{{_TOO_MANY},}}|[零〇一二两三四五六七八九十百千万亿]{{{_TOO_MANY},}}")


#: The mark a reader leaves at the end of a cell it had to shorten; such a text is never read.
CUT_SHORT = "…"


def check_text(text: str) -> None:
    """Raise ParseError when ``text`` is too long, holds a number with too many digits, or
    ends in ``CUT_SHORT`` (a cell shortened on reading: what is left is not the whole text)."""
    if len(text) > MAX_TEXT_CHARS:
        raise ParseError(text[:40] + "…", 0,
                         f"a text of at most {MAX_TEXT_CHARS:,} characters "
                         f"(this one has {len(text):,})")
    run = _DIGIT_RUN.search(text)
    if run is not None:
        shown = text[: run.start() + MAX_DIGITS] + "…"
        raise ParseError(shown, run.start(),
                         f"a number of at most {MAX_DIGITS} digits "
                         f"(this one has {len(run.group()):,})")
    if text.rstrip().endswith(CUT_SHORT):
        raise ParseError(text[-40:], len(text) - 1,
                         "the whole text (it ends in …: it was cut short, so it is not read)")
