"""Grade scales written as targets: ``一般/较好/很好``, ``优良中差``, a single tier ``较好``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from units._words import SCALES

_SEPARATORS = re.compile(r"[/、,;|\s]+")
_PREFIX = re.compile(r"^(?:定性[::]?|评定为|评定|评为|达到|保持|等级为|为)\s*")
_AT_LEAST_TIER = re.compile(r"(?:及以上|以上)$")
_SINGLE_CHARACTER_TIERS = frozenset(t for scale in SCALES for t in scale if len(t) == 1)
#: Each tier word → the first scale listed that it belongs to (合格 → 不合格/合格/良好/优秀).
_OWNER: dict[str, tuple[str, ...]] = {}
for _scale in SCALES:
    for _word in _scale:
        _OWNER.setdefault(_word, _scale)
#: The set of a scale's tiers → the scale (the first listed when two share their words).
_BY_TIERS: dict[frozenset[str], tuple[str, ...]] = {}
for _scale in SCALES:
    _BY_TIERS.setdefault(frozenset(_scale), _scale)


@dataclass(frozen=True, slots=True)
class ScaleReading:
    """A scale (lowest tier first) and the index of the named tier, if one is named."""

    scale: tuple[str, ...]
    tier: int | None


def _tiers(body: str) -> list[str]:
    parts = [p for p in _SEPARATORS.split(body) if p]
    if (len(parts) == 1 and len(parts[0]) > 1 and parts[0] not in _OWNER
            and set(parts[0]) <= _SINGLE_CHARACTER_TIERS):
        return list(parts[0])
    return parts


def _single_tier(word: str) -> ScaleReading | None:
    chosen = _OWNER.get(word)
    if chosen is None:
        return None
    return ScaleReading(chosen, chosen.index(word))


def read_scale(text: str) -> ScaleReading | None:
    """The scale a text writes out or names one tier of; None when it is neither."""
    body = _PREFIX.sub("", text).strip()
    tiers = _tiers(body)
    if len(tiers) == 1:
        return _single_tier(_AT_LEAST_TIER.sub("", tiers[0]))
    scale = _BY_TIERS.get(frozenset(tiers))
    if scale is not None and len(tiers) == len(scale):
        return ScaleReading(scale, None)
    return None
