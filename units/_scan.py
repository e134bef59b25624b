"""A cursor over normalised text that reports failures in the raw text's positions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from units._errors import ParseError
from units._normalise import Normalised, normalised


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, preferring the longest, as a prefix
    tree: ``万(?:元)?`` rather than ``万元|万``. The engine then follows one branch per
    character instead of trying every word in turn, so long word lists stay fast."""
    tree: dict[str, Any] = {}
    for word in words:
        if not word:
            continue
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(tree)


def _branches(node: dict[str, Any]) -> str:
    """The pattern of a prefix-tree node: its children (leaves folded into one character
    class), optional when a word ends here."""
    leaves = sorted(char for char, child in node.items() if char and list(child) == [""])
    parts = [re.escape(char) + _branches(child) for char, child in node.items()
             if char and char not in leaves]
    if len(leaves) == 1:
        parts.append(re.escape(leaves[0]))
    elif leaves:
        parts.append("[" + "".join(re.escape(char) for char in leaves) + "]")
    if not parts:
        return ""
    single = len(parts) == 1 and (len(parts[0]) == 1 or parts[0].startswith("["))
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if "" in node:
        return f"{body}?" if single else f"(?:{body})?"
    return body


def alternation(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any of ``words``, the longest first."""
    return re.compile(trie_pattern(words))


class NoMatch(Exception):
    """A reading does not apply here (soft failure); the furthest one becomes the ParseError."""

    def __init__(self, position: int, expected: str) -> None:
        super().__init__(position, expected)
        self.position = position
        self.expected = expected


class Scanner:
    """A position in the normalised form of a raw text."""

    def __init__(self, raw: str, norm: Normalised | None = None) -> None:
        self.raw = raw
        self.norm = norm if norm is not None else normalised(raw)
        self.text = self.norm.text
        self.pos = 0

    def skip_spaces(self) -> None:
        """Move past a space (normalised text has no runs of spaces)."""
        if self.text.startswith(" ", self.pos):
            self.pos += 1

    def at_end(self) -> bool:
        """True when only spaces are left."""
        self.skip_spaces()
        return self.pos >= len(self.text)

    def match(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """Match ``pattern`` after spaces; advance past it when it matches."""
        self.skip_spaces()
        found = pattern.match(self.text, self.pos)
        if found:
            self.pos = found.end()
        return found

    def word(self, words: re.Pattern[str]) -> str | None:
        """The word of the alternation ``words`` found here (consumed), or None."""
        self.skip_spaces()
        found = words.match(self.text, self.pos)
        if not found:
            return None
        self.pos = found.end()
        return found.group()

    def peek(self, length: int = 1) -> str:
        """The next characters after spaces, not consumed."""
        self.skip_spaces()
        return self.text[self.pos : self.pos + length]

    def fail(self, expected: str, position: int | None = None) -> NoMatch:
        """A soft failure at ``position`` (default: here)."""
        return NoMatch(self.pos if position is None else position, expected)

    def error(self, expected: str, position: int | None = None) -> ParseError:
        """A ParseError at a normalised position, reported in raw-text coordinates."""
        at = self.pos if position is None else position
        return ParseError(self.raw, self.norm.raw_index(at, len(self.raw)), expected)

    def expect_end(self) -> None:
        """Fail softly unless only spaces are left."""
        if not self.at_end():
            raise self.fail("the end of the text")
