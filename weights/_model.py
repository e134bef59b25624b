"""The ``Scheme`` model: a weighting scheme file, validated, with exact Decimal numbers."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from units import SCALES, Band
from weights._canonical import plain, settings_hash
from weights._errors import KeyedError

#: The pool every indicator shares when a scheme has no 一级 weights (``level1 = {}``).
SHARED_POOL = "指标"

HUNDRED = Decimal(100)
ONE = Decimal(1)
ZERO = Decimal(0)


def _exact_number(value: Any) -> Any:
    """Accept TOML numbers only (int, Decimal; a float from Python code via its repr)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


Number = Annotated[Decimal, BeforeValidator(_exact_number)]
Share = Annotated[Decimal, BeforeValidator(_exact_number), Field(ge=0, le=1)]
Words = tuple[Annotated[str, Field(min_length=1)], ...]


#: Points printed at the end of a 一级 text, after NFKC and whitespace removal: ``(40分)``,
#: ``40分``, ``(特性指标70分)``, ``(14)``, and ``80分)`` whose opening parenthesis was lost.
PRINTED_POINTS = re.compile(
    r"(?:\([^()]*?(\d+(?:\.\d+)?)分\)|\((\d+(?:\.\d+)?)\)|(\d+(?:\.\d+)?)分\)?)$")
#: Points printed before a 一级 name: ``(20分)项目决策``, ``(10)绩效目标``.
LEADING_POINTS = re.compile(r"^\((\d+(?:\.\d+)?)分?\)")
#: A code numbering a 一级 or 二级: ``A项目决策``, ``A1项目立项``, ``一、``, ``1.``.
LEADING_CODE = re.compile(r"^(?:[A-Za-z]\d*(?=[^\x00-\x7f])|[一二三四五六七八九十]+、|\d+[、.])")
#: Words some layouts put before a 一级 name (项目决策, 部门管理, 項目產出).
LEVEL1_PREFIXES: tuple[str, ...] = ("项目", "項目", "部门", "部門")


def compact(text: str) -> str:
    """NFKC without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def printed_points(text: str) -> Decimal | None:
    """The points a 一级 text prints at its end or its start (``产出指标(40分)``,
    ``(20分)项目决策``, ``投入(14)`` → 40, 20, 14); None when it prints none."""
    name = compact(text)
    found = PRINTED_POINTS.search(name)
    if found is not None:
        return Decimal(next(group for group in found.groups() if group))
    leading = LEADING_POINTS.match(name)
    return Decimal(leading.group(1)) if leading is not None else None


def level1_name(text: str) -> str:
    """A 一级 text without its printed points or its code: ``(20分)项目决策`` → ``项目决策``,
    ``A项目决策`` → ``项目决策``, ``部门预算管理80分)`` → ``部门预算管理``."""
    name = LEADING_POINTS.sub("", PRINTED_POINTS.sub("", compact(text)))
    return LEADING_CODE.sub("", name)


def level1_key(text: str) -> str:
    """The name a 一级 text is matched by: ``level1_name`` without a leading 项目/部门
    (``项目绩效(特性指标70分)`` → ``绩效``; ``(50分)`` → ``''``)."""
    name = level1_name(text)
    for prefix in LEVEL1_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name.removeprefix(prefix)
    return name


def level1_prefix(text: str) -> str:
    """The first two characters of a 一级 text's key (``level1_key``): how 一级 are told apart."""
    return level1_key(text)[:2]


def normal_word(word: str) -> str:
    """A vocabulary word as it is compared: NFKC, no surrounding whitespace."""
    return unicodedata.normalize("NFKC", word).strip()


class _Frozen(BaseModel):
    """Immutable, and every key must be known."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Weights(_Frozen):
    """Points of the 执行率 line and of each 一级; where an unlisted 一级 takes its points from."""

    execution: Annotated[Number, Field(ge=0)]
    level1: dict[str, Annotated[Number, Field(gt=0)]]
    pools: dict[str, str]

    @model_validator(mode="after")
    def _consistent(self) -> Weights:
        if self.level1:
            parts = [f"{name} {plain(points)}" for name, points in self.level1.items()]
            parts.append(f"execution {plain(self.execution)}")
            total = sum(self.level1.values(), ZERO) + self.execution
            if total != HUNDRED:
                raise KeyedError(
                    "level1",
                    f"weights add up to {plain(total)}, expected 100 ({' + '.join(parts)})",
                )
        elif self.execution >= HUNDRED:
            raise KeyedError(
                "execution",
                f"with no level1 weights the indicators share 100 − execution, so execution "
                f"must be below 100 (got {plain(self.execution)})",
            )
        seen: dict[str, str] = {}
        for name in self.level1:
            prefix = level1_prefix(name)
            if len(prefix) < 2:
                raise KeyedError(f"level1.{name}", "a 一级 name needs at least two characters")
            if prefix in seen:
                raise KeyedError(
                    f"level1.{name}",
                    f"starts like {seen[prefix]!r}: tables are matched on the first two "
                    f"characters ({prefix!r}), so the two cannot be told apart",
                )
            seen[prefix] = name
        for name, target in self.pools.items():
            if target not in self.level1:
                known = ", ".join(self.level1) or "none: level1 is empty"
                raise KeyedError(
                    f"pools.{name}", f"points to {target!r}, which is not a level1 key ({known})"
                )
            prefix = level1_prefix(name)
            if prefix in seen:
                raise KeyedError(
                    f"pools.{name}",
                    f"starts like level1 key {seen[prefix]!r} ({prefix!r}), so it is never used",
                )
        return self

    @property
    def indicator_points(self) -> Decimal:
        """Points of all indicators together: 100 − execution."""
        return HUNDRED - self.execution

    @property
    def pool_names(self) -> tuple[str, ...]:
        """The pools indicators are scored in: the level1 keys, or the one shared pool."""
        return tuple(self.level1) if self.level1 else (SHARED_POOL,)

    def pool_points(self, pool: str) -> Decimal:
        """Points of one pool (a level1 key, or ``指标`` when level1 is empty)."""
        if not self.level1 and pool == SHARED_POOL:
            return self.indicator_points
        return self.level1[pool]

    def pool_of(self, level1_text: str) -> str | None:
        """The pool a table's 一级 text scores in, matched on the first two characters of its
        key (``level1_key``)."""
        if not self.level1:
            return SHARED_POOL
        prefix = level1_prefix(level1_text)
        if len(prefix) < 2:
            return None
        for name in self.level1:
            if level1_prefix(name) == prefix:
                return name
        for name, target in self.pools.items():
            if level1_prefix(name) == prefix:
                return target
        return None


class Minimum(_Frozen):
    """Some 一级 together must be worth at least ``points`` (产出 + 效益 ≥ 60)."""

    level1: tuple[Annotated[str, Field(min_length=1)], ...]
    points: Annotated[Number, Field(ge=0, le=100)]


class Tree(_Frozen):
    """What a scheme knows of its indicator tree beyond the points of each 一级.

    ``synonyms``: other names of a 一级 (traditional forms, older names); a table's 一级 whose
    key (``level1_key``) starts with one of them scores in that 一级. ``level2``: the 二级 of
    each 一级, by words a 二级 text contains; a blank 一级, or one that prints only its points,
    is read from its 二级 (the longest word found decides). ``execution_in``: the 一级 that
    holds 预算执行率 as an indicator, for a framework without a separate execution line
    (``weights.execution = 0``). ``rubric``: the 一级 whose rows an evaluator scores by hand
    (a manual score there only needs a reason when it is below the weight).
    ``minimums``: sums of 一级 points the framework requires. Synonyms and 二级 of a 一级 the
    scheme does not have (one a child scheme dropped) are not used.
    """

    synonyms: dict[str, Words] = Field(default_factory=dict)
    level2: dict[str, Words] = Field(default_factory=dict)
    execution_in: str = ""
    rubric: Words = ()
    minimums: tuple[Minimum, ...] = ()

    @cached_property
    def _synonym_keys(self) -> tuple[tuple[str, str], ...]:
        """(synonym key, 一级) pairs, longest synonym first."""
        pairs = [(level1_key(word), name) for name, words in self.synonyms.items()
                 for word in words]
        return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))

    def synonym_of(self, level1_text: str) -> str | None:
        """The 一级 whose synonym the text's key starts with (the longest synonym wins)."""
        key = level1_key(level1_text)
        for word, name in self._synonym_keys:
            if word and key.startswith(word):
                return name
        return None

    def level1_of_level2(self, level2_text: str) -> tuple[str | None, tuple[str, ...]]:
        """The 一级 a 二级 text belongs to, and the candidates when it is ambiguous.

        The longest listed word the text contains decides; words of equal length naming
        different 一级 leave it undecided (None with the candidates); no word: (None, ()).
        """
        text = compact(level2_text)
        best = 0
        found: list[str] = []
        for name, words in self.level2.items():
            for word in words:
                length = len(compact(word))
                if not length or compact(word) not in text:
                    continue
                if length > best:
                    best, found = length, [name]
                elif length == best and name not in found:
                    found.append(name)
        if len(found) == 1:
            return found[0], ()
        return None, tuple(found)


class Distribution(_Frozen):
    """How weights are filled in when a table gives none, and where the points of 不适用
    rows go (domain.md §5).

    ``not_applicable``: ``whole_total`` (total = Σ applicable scores / Σ applicable weights ×
    the points at stake, the execution line included) or ``indicator_points`` (the indicator
    points alone are rescaled, then the execution score is added).
    """

    missing: Literal["equal_per_indicator", "equal_per_level2"]
    not_applicable: Literal["whole_total", "indicator_points"] = "whole_total"


class Rules(_Frozen):
    """The rule variant per target kind (domain.md §5)."""

    more_than: Literal["ratio", "strict"]
    at_most: Literal["linear", "target_over_actual"]
    equal: Literal["at_least", "strict"]
    deadline: Literal["band", "late_per_month"]
    late_per_month: Share
    negative_actual_as_zero: bool


class Vocabulary(_Frozen):
    """The words of an 实际完成值 that name each qualitative band."""

    achieved: Words
    partial: Words
    missed: Words

    @model_validator(mode="after")
    def _distinct(self) -> Vocabulary:
        owner: dict[str, str] = {}
        for band in ("achieved", "partial", "missed"):
            for word in getattr(self, band):
                key = normal_word(word)
                if key in owner:
                    raise KeyedError(band, f"{word!r} is already listed under {owner[key]}")
                owner[key] = band
        return self


_BAND_FIELDS: dict[Band, str] = {
    Band.ACHIEVED: "achieved",
    Band.PARTIAL: "partial",
    Band.MISSED: "missed",
}


class Qualitative(_Frozen):
    """Bands as shares of the weight, default shares, vocabulary and grade-scale tiers.

    达成 is ``[low, high]`` (upper bound included); 部分达成 and 未达成 are ``[low, high)``.
    """

    achieved: tuple[Share, Share]
    partial: tuple[Share, Share]
    missed: tuple[Share, Share]
    default_achieved: Share
    default_partial: Share
    default_missed: Share
    vocabulary: Vocabulary
    tiers: dict[str, Share]

    @model_validator(mode="after")
    def _consistent(self) -> Qualitative:
        (m_low, m_high), (p_low, p_high), (a_low, a_high) = self.missed, self.partial, self.achieved
        shown = (
            f"missed [{plain(m_low)}, {plain(m_high)}), partial [{plain(p_low)}, "
            f"{plain(p_high)}), achieved [{plain(a_low)}, {plain(a_high)}]"
        )
        checks = (
            ("missed", m_low == ZERO, "missed must start at 0"),
            ("partial", p_low == m_high, "partial must start where missed ends"),
            ("achieved", a_low == p_high, "achieved must start where partial ends"),
            ("achieved", a_high == ONE, "achieved must end at 1"),
            ("missed", m_low < m_high, "missed must not be empty"),
            ("partial", p_low < p_high, "partial must not be empty"),
            ("achieved", a_low <= a_high, "achieved must not be empty"),
        )
        for key, ok, message in checks:
            if not ok:
                raise KeyedError(
                    key, f"bands are not contiguous within [0, 1]: {message} ({shown})"
                )
        for band in Band:
            share = getattr(self, f"default_{_BAND_FIELDS[band]}")
            if not self.in_band(share, band):
                raise KeyedError(
                    f"default_{_BAND_FIELDS[band]}",
                    f"{plain(share)} is outside the {_BAND_FIELDS[band]} band "
                    f"{self._shown_range(band)}",
                )
        known = {word for scale in SCALES for word in scale}
        for word in self.tiers:
            if word not in known:
                raise KeyedError(f"tiers.{word}", "is not a tier of a known grade scale")
        for scale in SCALES:
            shares = [self.tier_share(word) for word in scale]
            for lower, higher, share, next_share in zip(
                    scale, scale[1:], shares, shares[1:], strict=False):
                if share is not None and next_share is not None and next_share < share:
                    raise KeyedError(
                        f"tiers.{higher}",
                        f"{plain(next_share)} is below the {plain(share)} of {lower!r}, the "
                        f"tier under it on the scale {'/'.join(scale)}",
                    )
        return self

    def _shown_range(self, band: Band) -> str:
        low, high = self.band_range(band)
        closing = "]" if band is Band.ACHIEVED else ")"
        return f"[{plain(low)}, {plain(high)}{closing}"

    @cached_property
    def _word_bands(self) -> dict[str, Band]:
        return {
            normal_word(word): band
            for band, name in _BAND_FIELDS.items()
            for word in getattr(self.vocabulary, name)
        }

    @cached_property
    def words(self) -> dict[str, Band]:
        """Every vocabulary word (NFKC, trimmed) and the band it names: the one vocabulary
        the actual parser and the scorer share."""
        return dict(self._word_bands)

    def tier_share(self, word: str) -> Decimal | None:
        """The share a tier of a grade scale earns: its ``tiers`` share, else the default
        share of its word's band; None for a word of neither."""
        if word in self.tiers:
            return self.tiers[word]
        band = self.band_of(word)
        return None if band is None else self.default_share(band)

    def band_of_share(self, share: Decimal) -> Band:
        """The band a share of the weight lies in."""
        for band in (Band.ACHIEVED, Band.PARTIAL, Band.MISSED):
            if self.in_band(share, band):
                return band
        return Band.MISSED

    def band_of(self, word: str) -> Band | None:
        """The band a vocabulary word names (NFKC, trimmed), or None for an unknown word."""
        return self._word_bands.get(normal_word(word))

    def band_range(self, band: Band) -> tuple[Decimal, Decimal]:
        """``(low, high)`` shares of a band; only 达成 includes ``high``."""
        low, high = getattr(self, _BAND_FIELDS[band])
        return low, high

    def default_share(self, band: Band) -> Decimal:
        """The share awarded for a band when no manual score is given."""
        share: Decimal = getattr(self, f"default_{_BAND_FIELDS[band]}")
        return share

    def in_band(self, share: Decimal | Fraction, band: Band) -> bool:
        """Whether a share of the weight lies in a band (达成 closed, the others half-open)."""
        low, high = self.band_range(band)
        return low <= share <= high if band is Band.ACHIEVED else low <= share < high


class OverCompletion(_Frozen):
    """The review flag and the optional deduction for a target met far beyond."""

    flag_at: Annotated[Number, Field(ge=1)]
    deduct_at: Annotated[Number, Field(ge=1)]
    deduction: Annotated[Number, Field(ge=0)]


class Cap(_Frozen):
    """The total may not exceed ``max_total`` when 执行率 is below ``below``."""

    below: Annotated[Number, Field(gt=0, le=1)]
    max_total: Annotated[Number, Field(ge=0, le=100)]


class Execution(_Frozen):
    """Budget-execution settings: the reason threshold and optional caps of the total.

    ``reason_required``: a missing reason below ``reason_below`` is an error, not a warning.
    """

    reason_below: Share
    reason_required: bool = False
    caps: tuple[Cap, ...]

    @model_validator(mode="after")
    def _distinct_caps(self) -> Execution:
        seen = [cap.below for cap in self.caps]
        for index, below in enumerate(seen):
            if below in seen[:index]:
                raise KeyedError(f"caps[{index}].below", f"{plain(below)} is listed twice")
        return self

    def max_total_for(self, rate: Decimal) -> Decimal | None:
        """The lowest cap whose threshold the 执行率 share is below, or None when none applies."""
        applying = [cap.max_total for cap in self.caps if rate < cap.below]
        return min(applying) if applying else None


class Rounding(_Frozen):
    """Decimal ROUND_HALF_UP to ``places`` decimals, per indicator."""

    places: Annotated[int, Field(ge=0, le=4, strict=True)]

    @property
    def quantum(self) -> Decimal:
        """The exponent to quantize to: ``Decimal('0.01')`` for 2 places."""
        return ONE.scaleb(-self.places)


class Grade(_Frozen):
    """A grade name and its inclusive lower bound."""

    name: Annotated[str, Field(min_length=1)]
    min: Annotated[Number, Field(ge=0, le=100)]


class Scheme(_Frozen):
    """A resolved weighting scheme (``extends`` and overrides already applied)."""

    name: Annotated[str, Field(min_length=1)]
    description: str = ""
    source: str = ""
    weights: Weights
    distribution: Distribution
    rules: Rules
    qualitative: Qualitative
    over_completion: OverCompletion
    execution: Execution
    rounding: Rounding
    grades: tuple[Grade, ...]
    tree: Tree = Field(default_factory=Tree)

    @model_validator(mode="after")
    def _tree_fits(self) -> Scheme:
        if not self.weights.level1:
            # One shared pool: every 一级 text scores in it, the tree has nothing to name.
            return self
        known = ", ".join(self.weights.level1)
        self._check_synonyms()
        for index, name in enumerate(self.tree.rubric):
            if name not in self.weights.level1:
                raise KeyedError(f"tree.rubric[{index}]", f"{name!r} is not a level1 key ({known})")
        self._check_execution_in(known)
        self._check_minimums(known)
        return self

    def _check_synonyms(self) -> None:
        """Synonyms and 二级 of a 一级 the scheme does not have are not used (a scheme that
        drops an inherited 一级 need not restate its tree); those it has are checked."""
        for name in self.tree.synonyms:
            if name not in self.weights.level1 and name not in self.weights.pools:
                continue
            for word in self.tree.synonyms[name]:
                if len(level1_key(word)) < 2:
                    raise KeyedError(f"tree.synonyms.{name}",
                                     f"{word!r}: a synonym needs at least two characters")
                owner = self.weights.pool_of(word)
                target = self.weights.pools.get(name, name)
                if owner is not None and owner != target:
                    raise KeyedError(f"tree.synonyms.{name}",
                                     f"{word!r} already names {owner!r}, so it is never used")

    def _check_execution_in(self, known: str) -> None:
        """预算执行率 inside the tree: a 一级 of the scheme, and no execution line besides."""
        if not self.tree.execution_in:
            return
        if self.tree.execution_in not in self.weights.level1:
            raise KeyedError("tree.execution_in",
                             f"{self.tree.execution_in!r} is not a level1 key ({known})")
        if self.weights.execution != ZERO:
            raise KeyedError("tree.execution_in",
                             f"预算执行率 is an indicator of {self.tree.execution_in}, so "
                             f"weights.execution must be 0 (got "
                             f"{plain(self.weights.execution)})")

    def _check_minimums(self, known: str) -> None:
        """Each minimum names 一级 of the scheme whose points reach it."""
        for index, minimum in enumerate(self.tree.minimums):
            missing = [name for name in minimum.level1 if name not in self.weights.level1]
            if missing:
                raise KeyedError(f"tree.minimums[{index}].level1",
                                 f"{', '.join(missing)} not a level1 key ({known})")
            points = sum((self.weights.level1[name] for name in minimum.level1), ZERO)
            if points < minimum.points:
                shown = " + ".join(f"{name} {plain(self.weights.level1[name])}"
                                   for name in minimum.level1)
                raise KeyedError(f"tree.minimums[{index}]",
                                 f"{shown} = {plain(points)}, the framework requires at least "
                                 f"{plain(minimum.points)}")

    @property
    def execution_line(self) -> bool:
        """Whether 预算执行率 is scored as its own line (else it is inside the tree or absent)."""
        return self.weights.execution > ZERO

    @model_validator(mode="after")
    def _grades_descend(self) -> Scheme:
        if not self.grades:
            raise KeyedError("grades", "at least one grade is needed (the last with min = 0)")
        names = [grade.name for grade in self.grades]
        for index, grade in enumerate(self.grades):
            if grade.name in names[:index]:
                raise KeyedError(f"grades[{index}].name", f"{grade.name!r} is listed twice")
            if index and grade.min >= self.grades[index - 1].min:
                previous = self.grades[index - 1]
                raise KeyedError(
                    f"grades[{index}].min",
                    f"grades must be strictly descending: {grade.name} {plain(grade.min)} "
                    f"follows {previous.name} {plain(previous.min)}",
                )
        last = self.grades[-1]
        if last.min != ZERO:
            raise KeyedError(
                f"grades[{len(self.grades) - 1}].min",
                f"the last grade ({last.name}) must have min = 0, got {plain(last.min)}",
            )
        return self

    @cached_property
    def content_hash(self) -> str:
        """sha256 hex of the canonical JSON of the resolved settings."""
        return settings_hash(self)

    def __hash__(self) -> int:
        """Equal schemes hash alike, so a scheme can key a cache."""
        return hash(self.content_hash)

    def grade_for(self, total: Decimal) -> str:
        """The first grade (highest first) whose lower bound the total reaches."""
        for grade in self.grades:
            if total >= grade.min:
                return grade.name
        return self.grades[-1].name

    def pool_of(self, level1_text: str) -> str | None:
        """The level1 key (or ``指标``) a table's 一级 text scores in, by name, then by
        synonym; None when unknown."""
        found = self.weights.pool_of(level1_text)
        if found is not None or not self.weights.level1:
            return found
        name = self.tree.synonym_of(level1_text)
        return self._own_pool(name)

    def _own_pool(self, name: str | None) -> str | None:
        """The pool a tree entry names, None when the scheme has no such 一级."""
        if name is None:
            return None
        if name in self.weights.pools:
            return self.weights.pools[name]
        return name if name in self.weights.level1 else None

    def level1_of_level2(self, level2_text: str) -> tuple[str | None, tuple[str, ...]]:
        """The pool a blank 一级 is read as from its 二级 (``Tree.level1_of_level2``)."""
        if not self.weights.level1:
            return SHARED_POOL, ()
        name, candidates = self.tree.level1_of_level2(level2_text)
        pool = self._own_pool(name)
        if pool is None:
            return None, tuple(found for found in map(self._own_pool, candidates) if found)
        return pool, ()
