"""The default qualitative vocabulary: the words of an 实际完成值 that name each band.

The parser reads these words when it is given no vocabulary. Schemes state their own (the
national scheme restates exactly this list; a test keeps the two alike), and the scorer passes
the scheme's to the parser, so parser and scorer always read the same words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from units._model import Band
from units._normalise import normalise

#: Words of a band 达成 (achieved).
ACHIEVED_WORDS: tuple[str, ...] = (
    "达成年度指标", "达成预期指标", "达到预期目的", "达到预期目标", "达到预期", "达成", "已达成",
    "已完成", "完成", "全部完成", "按时完成", "按期完成", "如期完成", "提前完成", "已按期完成",
    "已按时完成", "按计划完成", "按要求完成", "已全部完成", "均已完成", "全面完成", "圆满完成",
    "顺利完成", "及时", "是", "合格", "达标", "已达标", "通过", "已通过", "很好", "非常好", "好",
    "优", "优秀", "高", "满意", "非常满意", "效果明显", "显著", "优良", "有效提升", "显著提升",
    "明显提升", "有效提高", "明显改善", "显著改善", "有效改善", "已实现", "实现",
)
#: Words of a band 部分达成 (partly achieved).
PARTIAL_WORDS: tuple[str, ...] = (
    "部分达成年度指标并具有一定效果", "部分达成", "部分完成", "基本达成", "基本完成",
    "基本按期完成", "基本按计划完成", "基本实现", "基本达标", "基本合格", "延期完成", "逾期完成",
    "较好", "比较好", "良", "良好", "一般", "中", "较高", "基本满意", "较满意", "比较满意",
    "有所提升", "有所提高", "有所改善", "逐步提升", "较显著",
)
#: Words of a band 未达成 (missed).
MISSED_WORDS: tuple[str, ...] = (
    "未达成年度指标且效果较差", "未达成", "未完成", "未按期完成", "未达标", "未通过", "未实现",
    "不及时", "否", "不合格", "差", "较差", "低", "不满意", "效果较差",
)


def _keyed() -> dict[str, Band]:
    """Each word (NFKC, trimmed, as schemes key theirs) and the band it names."""
    return {
        unicodedata.normalize("NFKC", word).strip(): band
        for band, words in ((Band.ACHIEVED, ACHIEVED_WORDS), (Band.PARTIAL, PARTIAL_WORDS),
                            (Band.MISSED, MISSED_WORDS))
        for word in words
    }


#: Every default word and the band it names (read-only).
DEFAULT_VOCABULARY = MappingProxyType(_keyed())


class Vocabulary(Mapping[str, Band]):
    """A qualitative vocabulary that cannot change, its words normalised once.

    The parser looks a word up in a plain mapping only after checking the mapping is still the
    one it normalised (a caller may change it between calls); a ``Vocabulary`` cannot change,
    so a scorer that reads many cells with one builds it once and the check goes.
    """

    __slots__ = ("_hash", "_normalised", "_words")

    def __init__(self, words: Mapping[str, Band]) -> None:
        self._words = dict(words)
        self._normalised = {normalise(word): band for word, band in self._words.items()}
        self._hash = hash(frozenset(self._words.items()))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Vocabulary):
            return self is other or (self._hash == other._hash and self._words == other._words)
        return super().__eq__(other)

    def __getitem__(self, word: str) -> Band:
        return self._words[word]

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)

    def __repr__(self) -> str:
        return f"Vocabulary({self._words!r})"

    def band(self, word: str) -> Band | None:
        """The band ``word`` names, as written or normalised; None for another word."""
        found = self._words.get(word)
        return found if found is not None else self._normalised.get(word)
