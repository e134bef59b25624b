"""The distinct (target, actual) pairs of an indicator table, parsed and assessed once each.

Each distinct (target, indicator, year) is parsed once and each distinct pair once; the clean
numeric pairs are assessed with numpy by the vectorised rule of their kind, the others (and
those near a rule boundary) by ``rules.assess``. Within ``shared_pairs()`` the readings are
kept in a ``PairBook`` across calls, so a table scored in chunks reads and assesses each pair
of the whole table once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

import units
from scoring.engine._columns import Codes, Objects, TextColumns, combined_codes, first_rows, objects
from scoring.engine.kinds import KINDS, NUMERIC_KINDS, UNREAD_TARGET_KIND, Assessment, Columns
from scoring.engine.rules import Failure, assess
from scoring.model.codes import Flag, ProblemCode, parsed_flags
from units import Actual, ActualKind, Band, Exact, Target
from weights import Scheme

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

_RELATIVE = 1e-9
#: Pairs a ``PairBook`` holds before it starts afresh (its memory stays bounded).
BOOK_PAIRS = 100_000


@dataclass(frozen=True, slots=True)
class _Parsed:
    """A parsed cell, or why it could not be parsed (a ``ProblemCode`` and the details)."""

    value: Any
    error: str = ""
    code: str = ""


def _parse_target(text: str, indicator: str, year: int | None) -> _Parsed:
    if not text:
        return _Parsed(None, "指标值 is empty: expected a target such as ≥95%",
                       ProblemCode.TARGET_EMPTY)
    try:
        return _Parsed(units.parse_target(text, year=year, indicator=indicator or None))
    except units.ParseError as exc:
        return _Parsed(None, str(exc), ProblemCode.TARGET_UNREADABLE)


def scheme_vocabulary(scheme: Scheme) -> dict[str, Band]:
    """The scheme's qualitative words and the band each names, as the actual parser takes."""
    words = scheme.qualitative.vocabulary
    return {
        word: band
        for band, listed in (
            (Band.ACHIEVED, words.achieved), (Band.PARTIAL, words.partial),
            (Band.MISSED, words.missed),
        )
        for word in listed
    }


@lru_cache(maxsize=16)
def _vocabulary_of(scheme: Scheme) -> units.Vocabulary:
    """The scheme's words as one ``units.Vocabulary``, the same object for every table (or
    chunk) scored with the scheme, so the parser's remembered readings are found at once."""
    return units.Vocabulary(scheme_vocabulary(scheme))


def _parse_actual(
    text: str, target: Target | None, year: int | None, vocabulary: units.Vocabulary
) -> _Parsed:
    if not text:
        return _Parsed(Actual(text="", kind=ActualKind.EMPTY))
    if target is None:
        said = Actual(text=text, kind=ActualKind.NOT_APPLICABLE) if text == "不适用" else None
        return _Parsed(said)
    try:
        parsed = units.parse_actual(text, target, year=year, vocabulary=vocabulary)
    except units.ParseError as exc:
        return _Parsed(None, str(exc), ProblemCode.ACTUAL_UNREADABLE)
    return _Parsed(parsed)


def _near(x: Floats, y: Floats) -> Bools:
    """Where two float arrays are too close for float arithmetic to order them reliably."""
    scale = np.maximum(np.abs(x), np.abs(y))
    return np.asarray(np.abs(x - y) <= _RELATIVE * scale + 1e-300, dtype=np.bool_)


@dataclass
class PairTable:
    """Per distinct (target, actual) pair: the assessment's share (as a float, and exactly
    where it was worked out), flags, failure, whether the over-completion deduction applies
    and the flags of its scored rows (the assessment's, then the parsers'); ``learn`` keeps
    an exact share worked out later where the pair is kept."""

    share: Floats
    exact: list[Fraction | None]
    flags: list[tuple[str, ...]]
    failure: list[Failure | None]
    deduct: Bools
    scored_flags: list[tuple[str, ...]] = field(default_factory=list)
    learn: Callable[[int, Fraction | None], None] | None = None

    def exact_share(self, code: int, work_out: Callable[[], Fraction | None]) -> Fraction | None:
        """Pair ``code``'s exact share, worked out by ``work_out`` the first time."""
        found = self.exact[code]
        if found is None:
            found = self.exact[code] = work_out()
            if self.learn is not None:
                self.learn(code, found)
        return found


def _numbers_of(
    targets: Sequence[Target | None], actuals: Sequence[Actual | None]
) -> tuple[Bools, Objects, Floats, Floats, Floats, Bools]:
    """(mask, kind, t, up, a, inferred) of the pairs: ``mask`` marks the clean numeric ones,
    whose kind has a vectorised rule that fits the target (the others are assessed by the
    scalar rule). A target shared by several pairs is looked at once."""
    size = len(targets)
    mask = np.zeros(size, dtype=np.bool_)
    kind = np.empty(size, dtype=object)
    t, up, a = np.zeros(size), np.zeros(size), np.zeros(size)
    inferred = np.zeros(size, dtype=np.bool_)
    seen: dict[int, tuple[Any, float, float, bool] | None] = {}
    for i, (target, actual) in enumerate(zip(targets, actuals, strict=True)):
        if (target is None or actual is None or actual.kind is not ActualKind.NUMBER
                or actual.value is None):
            continue
        numbers = seen.get(id(target), _UNSEEN)
        if numbers is _UNSEEN:
            numbers = seen[id(target)] = _target_numbers(target)
        if numbers is None:
            continue
        mask[i] = True
        kind[i], t[i], up[i], inferred[i] = numbers
        a[i] = float(actual.value)
    return mask, kind, t, up, a, inferred


#: ``_numbers_of``'s mark of a target not looked at yet.
_UNSEEN: Any = object()


def _target_numbers(target: Target) -> tuple[Any, float, float, bool] | None:
    """(kind, t, up, inferred) of a target the vectorised rule of its kind takes, else None."""
    if (target.kind not in NUMERIC_KINDS or target.value is None or target.value < 0
            or not KINDS[target.kind].fits(target)):
        return None
    upper = float(target.upper) if target.upper is not None else 0.0
    return target.kind, float(target.value), upper, target.inferred


#: Room for the review flags of the numeric pairs, one bit each (``_numeric_pairs``).
_FLAG_BITS = 63


def _numeric_pairs(
    targets: Sequence[Target | None], actuals: Sequence[Actual | None], scheme: Scheme
) -> tuple[Bools, Floats, list[tuple[str, ...]], Bools, Bools]:
    """numpy shares of the clean numeric pairs: (mask, share, flags, deduct, suspect).

    Each kind's vectorised rule, flags and boundaries (its ``KindSpec``) run over the columns
    of its own pairs. A pair's flags are ``comparator_inferred`` and ``negative_actual`` where
    they apply, then its kind's; ``suspect`` marks the pairs near a boundary (a = t, a = 0,
    t = 0 for every kind, then the kind's own), which are assessed exactly instead."""
    size = len(targets)
    mask, kind, t, up, a, inferred = _numbers_of(targets, actuals)
    negative = mask & (a < 0) & scheme.rules.negative_actual_as_zero
    a = np.where(negative, 0.0, a)
    zeros = np.zeros(size)
    share = np.zeros(size)
    deduct = np.zeros(size, dtype=np.bool_)
    suspect = mask & (_near(a, t) | _near(a, zeros) | _near(t, zeros))
    named: list[tuple[str, Bools]] = [
        (Flag.COMPARATOR_INFERRED, inferred),
        (Flag.NEGATIVE_ACTUAL, negative),
    ]
    for k, spec in KINDS.items():
        if spec.vectorised is None:
            continue
        rows = np.flatnonzero(mask & (kind == k))
        if not len(rows):
            continue
        columns = Columns(a[rows], t[rows], up[rows])
        share[rows] = spec.vectorised(columns, scheme)
        for name, on in spec.flags(columns, scheme) if spec.flags is not None else ():
            found = np.zeros(size, dtype=np.bool_)
            found[rows] = on
            named.append((name, found))
            if name == Flag.OVER_COMPLETION_DEDUCTION:
                deduct |= found
        for x, y in spec.boundaries(columns, scheme) if spec.boundaries is not None else ():
            suspect[rows] |= _near(x, y)
    share = np.clip(share, 0.0, 1.0)
    if len(named) > _FLAG_BITS:
        raise ValueError(f"the numeric kinds set {len(named)} review flags; at most "
                         f"{_FLAG_BITS} fit")
    bits = np.zeros(size, dtype=np.int64)
    for position, (_, on) in enumerate(named):
        bits |= on.astype(np.int64) << position
    combos = {
        code: tuple(name for position, (name, _) in enumerate(named) if code >> position & 1)
        for code in set(bits.tolist())
    }
    flags = [combos[code] for code in bits.tolist()]
    return mask, share, flags, deduct, suspect


def _assess_pairs(
    targets: Sequence[Target | None],
    actuals: Sequence[Actual | None],
    errors: Sequence[Failure | None],
    scheme: Scheme,
    years: Sequence[int | None],
) -> PairTable:
    """Assess every distinct pair: numpy for clean numeric ones, ``rules.assess`` otherwise."""
    mask, share, flags, deduct, suspect = _numeric_pairs(targets, actuals, scheme)
    exact: list[Fraction | None] = [None] * len(targets)
    failure: list[Failure | None] = list(errors)
    share = share.copy()
    deduct = deduct.copy()
    for i in np.flatnonzero(~mask | suspect).tolist():
        if errors[i] is not None:
            continue
        found: Assessment = assess(targets[i], actuals[i], scheme, year=years[i])
        exact[i] = found.share
        share[i] = float(found.share) if found.share is not None else np.nan
        flags[i] = found.flags
        failure[i] = (Failure(ProblemCode(found.code), found.column, found.error)
                      if found.error else None)
        deduct[i] = found.deduct
    return PairTable(share, exact, flags, failure, deduct)


#: Word of a 二级 (成本指标, 经济成本指标; 2020 format) or 一级 (2021 format) under which a bare
#: value means "at most".
_COST_GROUP = "成本"


def inference_name(level1: str, level2: str, indicator: str) -> str:
    """The name the comparator of a bare target is inferred from: the indicator, preceded by
    its 一级/二级 when that is 成本 (a bare value of a 成本 indicator is an upper bound,
    domain.md §4, even when its own name, e.g. 项目计划总投资, does not say 成本)."""
    cost = _COST_GROUP in level1 or _COST_GROUP in level2
    return f"{_COST_GROUP}指标 {indicator}" if cost else indicator


def _inference_names(texts: TextColumns) -> tuple[Codes, list[str]]:
    """``inference_name`` of every row (codes into the distinct names), worked out once per
    distinct (一级, 二级, indicator)."""
    columns = [texts.stripped(name) for name in ("level1", "level2", "indicator")]
    combos = combined_codes(*(codes for codes, _ in columns))
    names = [inference_name(*(texts[codes[row]] for codes, texts in columns))
             for row in first_rows(combos).tolist()]
    codes, uniques = pd.factorize(objects(names))
    return codes.astype(np.intp)[combos], list(uniques)


#: (target text, indicator name the comparator is inferred from, year, actual text).
PairKey = tuple[str, str, int | None, str]


@dataclass
class Pairs:
    """The distinct (target, actual) pairs of a table: each row's pair code, and per pair the
    parsed target and actual, the failure of parsing them, what the parsers noticed, whether
    the actual says 不适用 and the result columns read off the pair alone (``shown``)."""

    array: npt.NDArray[np.intp]
    targets: list[Target | None]
    actuals: list[Actual | None]
    errors: list[Failure | None]
    noticed: list[tuple[str, ...]]
    said: list[bool]
    shown: dict[str, list[Any]]


@dataclass
class _Readings:
    """Per pair, in one list each: what ``Pairs`` and ``PairTable`` hold of it."""

    targets: list[Target | None] = field(default_factory=list)
    actuals: list[Actual | None] = field(default_factory=list)
    errors: list[Failure | None] = field(default_factory=list)
    noticed: list[tuple[str, ...]] = field(default_factory=list)
    share: list[float] = field(default_factory=list)
    exact: list[Fraction | None] = field(default_factory=list)
    flags: list[tuple[str, ...]] = field(default_factory=list)
    failure: list[Failure | None] = field(default_factory=list)
    deduct: list[bool] = field(default_factory=list)
    scored_flags: list[tuple[str, ...]] = field(default_factory=list)
    said: list[bool] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    comparator_inferred: list[bool] = field(default_factory=list)
    target_value: list[float] = field(default_factory=list)
    target_unit: list[str] = field(default_factory=list)
    actual_value: list[float] = field(default_factory=list)

    def extend(self, other: _Readings) -> None:
        """Append the pairs of ``other``."""
        for name, values in vars(other).items():
            getattr(self, name).extend(values)

    def taken(self, rows: list[int]) -> _Readings:
        """The pairs at ``rows``, in that order."""
        if len(rows) < 2:
            return _Readings(**{name: [values[row] for row in rows]
                                for name, values in vars(self).items()})
        take = itemgetter(*rows)
        return _Readings(**{name: list(take(values)) for name, values in vars(self).items()})

    def shown(self) -> dict[str, list[Any]]:
        """The result columns read off the pair alone, per pair."""
        return {name: getattr(self, name) for name in SHOWN_COLUMNS}


#: Result columns whose value is the pair's own (``_Readings`` has a list of each).
SHOWN_COLUMNS = ("kind", "comparator_inferred", "target_value", "target_unit", "actual_value")


def _number(value: Exact | None) -> float:
    return float(value) if value is not None else np.nan


def _describe(found: _Readings) -> None:
    """Fill in what is read off each pair: its flags as scored (the assessment's, then what
    the parsers noticed), whether the actual says 不适用, and the shown columns."""
    found.scored_flags = [flags + seen for flags, seen
                          in zip(found.flags, found.noticed, strict=True)]
    found.said = [actual is not None and actual.kind is ActualKind.NOT_APPLICABLE
                  for actual in found.actuals]
    targets = found.targets
    found.kind = [t.kind.value if t is not None else UNREAD_TARGET_KIND.value for t in targets]
    found.comparator_inferred = [bool(t is not None and t.inferred) for t in targets]
    found.target_value = [_number(t.value) if t is not None else np.nan for t in targets]
    found.target_unit = [t.unit if t is not None else "" for t in targets]
    found.actual_value = [_number(a.value) if a is not None else np.nan
                          for a in found.actuals]


def _read(keys: Sequence[PairKey], scheme: Scheme) -> _Readings:
    """Parse and assess the pairs of ``keys``, each target text parsed once."""
    vocabulary = _vocabulary_of(scheme)
    parsed_targets: dict[tuple[str, str, int | None], _Parsed] = {}
    found = _Readings()
    for text, indicator, year, actual_text in keys:
        parsed_target = parsed_targets.get((text, indicator, year))
        if parsed_target is None:
            parsed_target = parsed_targets[(text, indicator, year)] = _parse_target(
                text, indicator, year)
        target = parsed_target.value
        parsed_actual = _parse_actual(actual_text, target, year, vocabulary)
        found.targets.append(target)
        found.actuals.append(parsed_actual.value)
        failed = parsed_target if parsed_target.error else parsed_actual
        column = "target" if parsed_target.error else "actual"
        found.errors.append(Failure(ProblemCode(failed.code), column, failed.error)
                            if failed.error else None)
        found.noticed.append(parsed_flags(target, parsed_actual.value))
    table = _assess_pairs(found.targets, found.actuals, found.errors, scheme,
                          [year for _, _, year, _ in keys])
    found.share, found.exact = table.share.tolist(), table.exact
    found.flags, found.failure = table.flags, table.failure
    found.deduct = table.deduct.tolist()
    _describe(found)
    return found


class PairBook:
    """The readings of every pair met so far with one scheme, found by ``PairKey``; when
    the new pairs of a table would take it past ``limit`` pairs it starts afresh."""

    def __init__(self, limit: int = BOOK_PAIRS) -> None:
        self.limit = limit
        self._scheme: Scheme | None = None
        self._rows: dict[PairKey, int] = {}
        self._readings = _Readings()

    def __len__(self) -> int:
        return len(self._rows)

    def read(self, keys: list[PairKey], scheme: Scheme) -> tuple[_Readings, list[int]]:
        """The readings of ``keys`` (new ones parsed and assessed, then kept) and their rows
        in the book."""
        if scheme != self._scheme:
            self._scheme, self._rows, self._readings = scheme, {}, _Readings()
        rows = [self._rows.get(key, -1) for key in keys]
        new = [position for position, row in enumerate(rows) if row < 0]
        if new and len(self._rows) + len(new) > self.limit:
            self._rows, self._readings = {}, _Readings()
            rows, new = [-1] * len(keys), list(range(len(keys)))
        if new:
            start = len(self._readings.targets)
            self._readings.extend(_read([keys[position] for position in new], scheme))
            for offset, position in enumerate(new):
                rows[position] = self._rows[keys[position]] = start + offset
        return self._readings.taken(rows), rows

    def learn_exact(self, row: int, share: Fraction | None) -> None:
        """Keep the exact share worked out for the pair at ``row``."""
        self._readings.exact[row] = share


_SHARED: ContextVar[PairBook | None] = ContextVar("shared_pairs", default=None)


@contextmanager
def shared_pairs(book: PairBook | None = None) -> Iterator[PairBook]:
    """Within the block, ``score_frame`` calls keep the pairs they read in one ``PairBook``:
    ``book`` when given (a caller scoring chunks one block at a time passes the same book to
    each), else the book of an enclosing block, else a new one."""
    if book is None:
        book = _SHARED.get()
    if book is None:
        book = PairBook()
    token = _SHARED.set(book)
    try:
        yield book
    finally:
        _SHARED.reset(token)


def _pair_keys(texts: TextColumns, years: tuple[Codes, list[int | None]]
               ) -> tuple[Codes, list[PairKey]]:
    """Each row's pair code and each pair's key."""
    target_codes, target_text = texts.stripped("target")
    actual_codes, actual_text = texts.stripped("actual")
    indicator_codes, indicator = _inference_names(texts)
    year_codes, year = years
    pair_array = combined_codes(target_codes, indicator_codes, year_codes, actual_codes)
    first = first_rows(pair_array)

    def at_first(codes: Codes, distinct: Sequence[Any]) -> list[Any]:
        values: list[Any] = objects(distinct)[codes[first]].tolist()
        return values

    keys = list(zip(at_first(target_codes, target_text), at_first(indicator_codes, indicator),
                    at_first(year_codes, year), at_first(actual_codes, actual_text),
                    strict=True))
    return pair_array, keys


def read_pairs(texts: TextColumns, scheme: Scheme, years: tuple[Codes, list[int | None]]
               ) -> tuple[Pairs, PairTable]:
    """The distinct pairs of the table of ``texts``, parsed and assessed (through the
    ``PairBook`` of ``shared_pairs`` when one is in use)."""
    pair_array, keys = _pair_keys(texts, years)
    book = _SHARED.get()
    if book is None:
        readings, learn = _read(keys, scheme), None
    else:
        readings, rows = book.read(keys, scheme)
        learn = _learner(book, rows)
    pairs = Pairs(pair_array, readings.targets, readings.actuals,
                  readings.errors, readings.noticed, readings.said, readings.shown())
    table = PairTable(np.array(readings.share, dtype=float), readings.exact, readings.flags,
                      readings.failure, np.array(readings.deduct, dtype=np.bool_),
                      readings.scored_flags, learn)
    return pairs, table


def _learner(book: PairBook, rows: list[int]) -> Callable[[int, Fraction | None], None]:
    """Keep an exact share worked out for a pair of the table in ``book``."""
    def learn(code: int, share: Fraction | None) -> None:
        book.learn_exact(rows[code], share)
    return learn
