"""Grade scales written as targets: ``一般/较好/很好``, ``优良中差``, a single tier ``较好``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from units._words import SCALES

_SEPARATORS = re.compile(r"[/、,;|\s]+")
_PREFIX = re.compile(r"^定性[::]?\s*")
_AT_LEAST_TIER = re.compile(r"(?:及以上|以上)$")
_SINGLE_CHARACTER_TIERS = frozenset(t for scale in SCALES for t in scale if len(t) == 1)


@dataclass(frozen=True, slots=True)
class ScaleReading:
    """A scale (lowest tier first) and the index of the named tier, if one is named."""

    scale: tuple[str, ...]
    tier: int | None


def _tiers(body: str) -> list[str]:
    parts = [p for p in _SEPARATORS.split(body) if p]
    if len(parts) == 1 and len(parts[0]) > 1 and set(parts[0]) <= _SINGLE_CHARACTER_TIERS:
        return list(parts[0])
    return parts


def _single_tier(word: str) -> ScaleReading | None:
    owners = [scale for scale in SCALES if word in scale]
    if not owners:
        return None
    # The longest scale the word belongs to, the first listed on a tie
    # (合格 → 不合格/合格/良好/优秀).
    chosen = max(owners, key=len)
    return ScaleReading(chosen, chosen.index(word))


def read_scale(text: str) -> ScaleReading | None:
    """The scale a text writes out or names one tier of; None when it is neither."""
    body = _PREFIX.sub("", text).strip()
    tiers = _tiers(body)
    if len(tiers) == 1:
        return _single_tier(_AT_LEAST_TIER.sub("", tiers[0]))
    for scale in SCALES:
        if len(tiers) == len(scale) and set(tiers) == set(scale):
            return ScaleReading(scale, None)
    return None
