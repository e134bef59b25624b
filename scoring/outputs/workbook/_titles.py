"""Worksheet titles: Excel's 31-character limit, no []:*?/\\ characters, no duplicates."""

from __future__ import annotations

import re

MAX_LENGTH = 31
_INVALID = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unused sheet title for ``name``; records it in ``taken`` (case-insensitive)."""
    base = _INVALID.sub("", name).strip().strip("'").strip() or "项目"
    title = base[:MAX_LENGTH]
    number = 1
    while title.casefold() in taken:
        number += 1
        suffix = f"({number})"
        title = base[: MAX_LENGTH - len(suffix)] + suffix
    taken.add(title.casefold())
    return title
