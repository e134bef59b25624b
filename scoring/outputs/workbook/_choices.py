"""Dropdown choices for an 实际完成值 cell: the target's own scale or the national answers."""

from __future__ import annotations

import importlib
import re

from scoring.model import form_layout as L

_SCALE = re.compile(r"^[\u4e00-\u9fff]{1,4}(?:[/、][\u4e00-\u9fff]{1,4}){1,5}$")


def actual_choices(target: str, indicator: str = "", year: int | None = None) -> tuple[str, ...]:
    """Choices for a qualitative target; ``()`` for a quantitative one (free entry).

    Uses the target grammar when it is available and falls back to a plain reading of the
    text (no digits → qualitative; ``一般/较好/很好`` → its tiers) when it is not or fails.
    """
    text = target.strip()
    if not text:
        return ()
    try:
        parsed = importlib.import_module("units").parse_target(text, year=year, indicator=indicator)
    except Exception:  # grammar missing or text it rejects: read the text plainly
        return _plain_choices(text)
    if str(parsed.kind) != "qualitative":
        return ()
    scale = tuple(str(tier) for tier in parsed.scale)
    return scale if scale else L.QUALITATIVE_ANSWERS


def _plain_choices(text: str) -> tuple[str, ...]:
    if _SCALE.match(text):
        return tuple(re.split(r"[/、]", text))
    if any(ch.isdigit() for ch in text):
        return ()
    return L.QUALITATIVE_ANSWERS
