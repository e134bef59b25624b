"""The Sichuan/Yunnan variant: 指标性质 | 指标值 | 度量单位 printed in three cells."""

from __future__ import annotations

import unicodedata

#: 指标性质 texts that are comparators and are printed in front of the value.
COMPARATORS: frozenset[str] = frozenset(
    {"≥", "≧", ">=", ">", "≤", "≦", "<=", "<", "=", "﹦", "═", "》", "大于", "大于等于", "小于",
     "小于等于", "等于", "不低于", "不高于", "不少于", "不超过", "不多于", "至少", "低于", "高于"}
)


def is_comparator(nature: str) -> bool:
    """Whether a 指标性质 cell holds a comparator (``≧``) rather than a word like ``定性``."""
    text = nature.strip()
    return text in COMPARATORS or unicodedata.normalize("NFKC", text) in COMPARATORS


def compose_target(nature: str, value: str, measure: str) -> str:
    """The target as printed: ``≧`` + ``735`` + ``人次`` → ``≧735人次``.

    A 指标性质 that is not a comparator (``定性``, ``正向``) is left out; a unit already
    written after the value is not repeated.
    """
    value = value.strip()
    measure = measure.strip()
    prefix = nature.strip() if is_comparator(nature) else ""
    suffix = "" if not measure or value.endswith(measure) else measure
    if not value:
        return ""
    return f"{prefix}{value}{suffix}"
