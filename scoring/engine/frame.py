"""The vectorised scorer: a whole indicator table at once, equal to ``rules`` to the cent.

1. Weights are checked and distributed (``weighting.distribute_weights``).
2. The distinct (target, indicator) strings are parsed once each, then the distinct
   (target, actual) pairs; units are converted by the parser, once per pair.
3. For a kind with a vectorised rule the share of the weight and the review flags are
   computed with numpy over all its pairs at once, by the rule and flags of its ``KindSpec``
   (``scoring/engine/kinds/``); a pair whose float numbers lie within 1e-9 (relative) of a
   rule boundary (a = t, a = 0, t = 0, then the kind's own ``boundaries``: a = 2t, a bound
   of a range, flag_at·t, …) is re-assessed exactly by ``rules.assess``, as are the pairs of
   the other kinds (deadline, qualitative: a few distinct words and dates).
4. Scores are rounded half-up in numpy on integers scaled by 10^places; a row whose scaled
   score lies within 1e-7 of a .5 boundary is rounded exactly from the exact share instead.
   Float error here is below 1e-10, so every other row rounds as the exact rule does.
5. Rows with a manual score or an adjustment (few by nature) go through
   ``rules.score_indicator`` itself.
6. A row's flags are the scoring flags, then what the parsers noticed (``target:…``,
   ``actual:…``), then ``declared_points`` (its pool took the 一级 points printed in the
   table), then ``weights_inconsistent``. Flags, status and message are made once per
   distinct pair and spread over its rows; rows that are 不适用, in error, reviewed by hand or
   with a weight problem are completed one by one.

A row that cannot be scored gets status ``error`` and a message naming the project, the row
(the ``source_row`` column when present, else the index + 2, as in a CSV with a header) and
the column; every other row is still scored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any, Generic, TypeVar, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

import units
from scoring.engine._columns import (
    Codes,
    Ints,
    Objects,
    TextColumns,
    combined_codes,
    distinct_codes,
    filled,
    first_rows,
    objects,
)
from scoring.engine.execution import parse_amount
from scoring.engine.kinds import (
    KINDS,
    NUMERIC_KINDS,
    UNREAD_TARGET_KIND,
    Assessment,
    Columns,
)
from scoring.engine.rounding import round_half_up
from scoring.engine.rules import Failure, IndicatorScore, assess, score_indicator
from scoring.engine.totals import parse_applicable
from scoring.engine.weighting import (
    WEIGHT_CODE,
    WEIGHT_DECLARED,
    WEIGHT_FLAGS,
    WEIGHT_MESSAGE,
    WEIGHT_STATUS,
    WeightColumns,
    weight_columns,
)
from scoring.model.codes import (
    Flag,
    ProblemCode,
    Status,
    flag_info,
    parsed_flags,
    review_code,
    row_message,
    status_of,
)
from scoring.model.columns import RESULT_COLUMNS
from units import Actual, ActualKind, Band, Exact, Target
from weights import Scheme

REQUIRED_COLUMNS: tuple[str, ...] = ("level1", "level2", "indicator", "target", "actual")

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

_T = TypeVar("_T")
_RELATIVE = 1e-9
_HALF_TOLERANCE = 1e-7
#: A row without a score, in a column of scores counted in units of 10^-places.
_NO_SCORE = np.iinfo(np.int64).min


@dataclass(frozen=True, slots=True)
class _Parsed:
    """A parsed cell, or why it could not be parsed (a ``ProblemCode`` and the details)."""

    value: Any
    error: str = ""
    code: str = ""


def _text_cell(cell: object) -> str:
    """One cell as a stripped string ('' when missing)."""
    if isinstance(cell, str):
        return cell.strip()
    missing: object = pd.isna(cast(Any, cell))
    if isinstance(missing, bool | np.bool_) and missing:
        return ""
    return str(cell).strip()


def _text_codes(texts: TextColumns, name: str) -> tuple[Codes, list[str]]:
    """Each row's code of its cell of column ``name`` as a stripped string ('' for missing
    cells or a missing column), and the distinct stripped strings."""
    df = texts.df
    found = texts.get(name)
    if found is not None:
        codes, raw = found
        stripped, uniques = pd.factorize(objects([text.strip() for text in raw]))
        return stripped.astype(np.intp)[codes], list(uniques)
    if name not in df.columns:
        return np.zeros(len(df), dtype=np.intp), [""]
    cells = df[name].to_numpy(dtype=object)
    codes, uniques = pd.factorize(objects([_text_cell(cell) for cell in cells.tolist()]))
    return codes.astype(np.intp), list(uniques)


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
class _PairTable:
    """Per distinct (target, actual) pair: the assessment's share, flags and failure."""

    share: Floats
    exact: list[Fraction | None]
    flags: list[tuple[str, ...]]
    failure: list[Failure | None]
    deduct: Bools


def _numbers_of(
    targets: Sequence[Target | None], actuals: Sequence[Actual | None]
) -> tuple[Bools, Objects, Floats, Floats, Floats, Bools]:
    """(mask, kind, t, up, a, inferred) of the pairs: ``mask`` marks the clean numeric ones,
    whose kind has a vectorised rule that fits the target (the others are assessed by the
    scalar rule)."""
    size = len(targets)
    mask = np.zeros(size, dtype=np.bool_)
    kind = np.empty(size, dtype=object)
    t, up, a = np.zeros(size), np.zeros(size), np.zeros(size)
    inferred = np.zeros(size, dtype=np.bool_)
    for i, (target, actual) in enumerate(zip(targets, actuals, strict=True)):
        if (
            target is None or actual is None or target.kind not in NUMERIC_KINDS
            or target.value is None or target.value < 0
            or actual.kind is not ActualKind.NUMBER or actual.value is None
            or not KINDS[target.kind].fits(target)
        ):
            continue
        mask[i] = True
        kind[i] = target.kind
        t[i] = float(target.value)
        up[i] = float(target.upper) if target.upper is not None else 0.0
        a[i] = float(actual.value)
        inferred[i] = target.inferred
    return mask, kind, t, up, a, inferred


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
) -> _PairTable:
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
    return _PairTable(share, exact, flags, failure, deduct)


def _read_points(cell: object) -> tuple[Decimal | None, str]:
    try:
        return parse_amount(cell), ""
    except ValueError:
        return None, f"expected a number of points, got {cell!r}"


@dataclass(frozen=True)
class _ReadColumn(Generic[_T]):
    """What a reader made of each distinct cell of a column: the value and the error text
    ('' when none), and each row's code into them."""

    codes: Codes
    values: list[_T]
    errors: list[str]

    def value(self, i: int) -> _T:
        """Row ``i``'s value."""
        return self.values[int(self.codes[i])]

    def error(self, i: int) -> str:
        """Row ``i``'s error text ('' when none)."""
        return self.errors[int(self.codes[i])]

    def where(self, test: Callable[[_T, str], bool]) -> Bools:
        """Per row: ``test`` of its value and error, called once per distinct cell."""
        found = np.array([test(value, error) for value, error
                          in zip(self.values, self.errors, strict=True)], dtype=np.bool_)
        return found[self.codes]


def _read_column(df: pd.DataFrame, name: str, read: Callable[[object], tuple[_T, str]],
                 empty: _T) -> _ReadColumn[_T]:
    """What ``read`` makes of each cell of column ``name``, once per distinct cell; ``empty``
    and no error for a missing column."""
    if name not in df.columns:
        return _ReadColumn(np.zeros(len(df), dtype=np.intp), [empty], [""])
    codes, cells = distinct_codes(df[name].to_numpy(dtype=object))
    found = [read(cell) for cell in cells]
    return _ReadColumn(codes, [value for value, _ in found], [error for _, error in found])


def _read_applicable(cell: object) -> tuple[bool, str]:
    try:
        return parse_applicable(cell), ""
    except ValueError as exc:
        return True, str(exc)


def _round_rows(
    share: Floats, weight: Floats, exact: Callable[[int], Decimal], places: int,
    alike: tuple[Codes, Codes],
) -> Ints:
    """share·weight rounded half-up per row, in units of 10^-places (``_NO_SCORE`` where there
    is no score); rows near a .5 boundary are rounded exactly, once per distinct (pair code,
    weight code) of ``alike`` among them (such rows have the same exact score)."""
    scaled = share * weight * 10.0**places
    finite = np.isfinite(scaled)
    fraction = scaled - np.floor(np.where(finite, scaled, 0.0))
    suspect = finite & (np.abs(fraction - 0.5) < _HALF_TOLERANCE)
    integers = np.floor(np.where(finite, scaled, 0.0) + 0.5).astype(np.int64)
    integers[~finite] = _NO_SCORE
    near = np.flatnonzero(suspect)
    if len(near):
        pair_codes, weight_codes = alike
        groups = combined_codes(pair_codes[near], weight_codes[near])
        firsts = near[first_rows(groups)]
        units = [int(exact(i).scaleb(places)) for i in firsts.tolist()]
        integers[near] = np.array(units, dtype=np.int64)[groups]
    return integers


def _decimal_scores(units: Ints, places: int) -> Objects:
    """The Decimal of each row's score in units of 10^-places (None for ``_NO_SCORE``), one
    Decimal made per distinct score."""
    codes, values = pd.factorize(units)
    made = [None if value == _NO_SCORE else Decimal(value).scaleb(-places)
            for value in values.tolist()]
    return objects(made)[codes]


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
    columns = [_text_codes(texts, name) for name in ("level1", "level2", "indicator")]
    combos = combined_codes(*(codes for codes, _ in columns))
    names = [inference_name(*(texts[codes[row]] for codes, texts in columns))
             for row in first_rows(combos).tolist()]
    codes, uniques = pd.factorize(objects(names))
    return codes.astype(np.intp)[combos], list(uniques)


def _row_years(texts: TextColumns, year: int | None) -> tuple[Codes, list[int | None]]:
    """The year that dates each row's deadlines (codes into the distinct years): its
    ``year`` cell when that holds a year (a table of projects from several years), else
    ``year``."""
    codes, cells = _text_codes(texts, "year")
    years = [int(cell) if len(cell) == 4 and cell.isascii() and cell.isdigit() else year
             for cell in cells]
    numbers = np.array([-1 if found is None else found for found in years], dtype=np.int64)
    distinct, uniques = pd.factorize(numbers)
    return distinct.astype(np.intp)[codes], [None if found < 0 else int(found)
                                              for found in uniques.tolist()]


def score_frame(df: pd.DataFrame, scheme: Scheme, *, year: int | None = None) -> pd.DataFrame:
    """``df``'s columns (shared with ``df``, which is never modified) followed by every column
    of ``_schema.RESULT_COLUMNS``.

    Required columns: level1, level2, indicator, target, actual; ``weight``, ``project_id``,
    ``manual_score``, ``adjustment``, ``adjustment_reason``, ``applicable``, ``source_row``
    and ``year`` (the year of the row's project, which then replaces ``year`` for that row)
    are optional. Raises ValueError when a required column is missing.
    """
    missing = [name for name in REQUIRED_COLUMNS if name not in df.columns]
    if missing:
        raise ValueError(
            f"indicator table lacks the column(s) {', '.join(missing)}; "
            f"expected at least {', '.join(REQUIRED_COLUMNS)}"
        )
    texts = TextColumns(df)
    weights = weight_columns(df, scheme, texts=texts)
    year_codes, distinct_years = _row_years(texts, year)
    years: list[int | None] = objects(distinct_years)[year_codes].tolist()
    pairs = _parse_pairs(texts, scheme, (year_codes, distinct_years))
    table = _assess_pairs(pairs.targets, pairs.actuals, pairs.errors, scheme,
                          [years[row] for row in pairs.first])
    auto, units = _auto_scores(pairs, table, weights, scheme, years)
    rows = _RowResults.spread(pairs, table, weights)
    final = auto.copy()
    inputs = _RowInputs.of(texts, weights, scheme)
    special = np.flatnonzero(_special_rows(inputs, pairs, table))
    alike = _alike(special, inputs, pairs)
    alone = special[alike < 0].tolist()
    for members in _groups_of(special, alike):
        first = int(members[0])
        _complete_row(first, inputs, pairs, table, rows, auto, final, weights, scheme,
                      years[first])
        if auto[first] is None and final[first] is None:
            rows.copy_row(first, members)
            auto[members] = final[members] = None
        else:
            alone += members[1:].tolist()
    for i in alone:
        _complete_row(i, inputs, pairs, table, rows, auto, final, weights, scheme, years[i])
    same = combined_codes(pd.factorize(units)[0], weights.used_codes)
    same[special] = -1
    return _with_results(df, weights, pairs, (auto, final, same), rows)


def _groups_of(rows: npt.NDArray[np.intp], codes: Codes) -> list[npt.NDArray[np.intp]]:
    """The ``rows`` of each code of 0 or more, in row order within a group."""
    grouped = np.flatnonzero(codes >= 0)
    if not len(grouped):
        return []
    order = grouped[np.argsort(codes[grouped], kind="stable")]
    sorted_codes = codes[order]
    starts = np.flatnonzero(sorted_codes[1:] != sorted_codes[:-1]) + 1
    return np.split(rows[order], starts)


def _alike(special: npt.NDArray[np.intp], inputs: _RowInputs, pairs: _Pairs) -> Codes:
    """Per row of ``special``: a group of rows whose result is the same (不适用 or a failed
    pair, nothing entered by hand, no unreadable cell, no weight problem: their result
    depends only on the pair, the 一级 flags, the pool and applicability), or -1 for a row
    worked out on its own."""
    plain = ~inputs.by_hand()[special] & (inputs.weights.status[special] == Status.OK)
    found = np.full(len(special), -1, dtype=np.intp)
    rows = special[plain]
    if not len(rows):
        return found
    found[plain] = combined_codes(
        pairs.array[rows], inputs.weights.flag_codes[rows],
        pd.factorize(inputs.weights.pool[rows], use_na_sentinel=False)[0],
        inputs.applicable.where(lambda value, _: value == True)[rows].astype(np.intp))  # noqa: E712
    return found


@dataclass
class _Pairs:
    """The distinct (target, actual) pairs of a table: each row's pair code, the first row of
    each pair, and per pair the parsed target and actual and the failure of parsing them."""

    array: npt.NDArray[np.intp]
    first: list[int]
    targets: list[Target | None]
    actuals: list[Actual | None]
    errors: list[Failure | None]
    noticed: list[tuple[str, ...]]


def _parse_pairs(texts: TextColumns, scheme: Scheme,
                 years: tuple[Codes, list[int | None]]) -> _Pairs:
    """Parse each distinct (target, indicator, year) once, then each distinct pair once."""
    target_codes, target_text = _text_codes(texts, "target")
    actual_codes, actual_text = _text_codes(texts, "actual")
    indicator_codes, indicator = _inference_names(texts)
    year_codes, year = years
    target_array = combined_codes(target_codes, indicator_codes, year_codes)
    parsed_targets = [_parse_target(target_text[target_codes[row]],
                                    indicator[indicator_codes[row]], year[year_codes[row]])
                      for row in first_rows(target_array).tolist()]
    pair_array = combined_codes(target_array, actual_codes)
    pair_first = first_rows(pair_array).tolist()
    pairs = _Pairs(pair_array, pair_first, [], [], [], [])
    vocabulary = _vocabulary_of(scheme)
    for row in pair_first:
        parsed_target = parsed_targets[target_array[row]]
        target = parsed_target.value
        parsed_actual = _parse_actual(actual_text[actual_codes[row]], target,
                                      year[year_codes[row]], vocabulary)
        pairs.targets.append(target)
        pairs.actuals.append(parsed_actual.value)
        failed = parsed_target if parsed_target.error else parsed_actual
        column = "target" if parsed_target.error else "actual"
        pairs.errors.append(Failure(ProblemCode(failed.code), column, failed.error)
                            if failed.error else None)
        pairs.noticed.append(parsed_flags(target, parsed_actual.value))
    return pairs


def _auto_scores(pairs: _Pairs, table: _PairTable, weights: WeightColumns,
                 scheme: Scheme, years: list[int | None]) -> tuple[Objects, Ints]:
    """Each row's auto score, as a Decimal and in units of 10^-places (``_NO_SCORE``: none):
    its pair's share × its weight, rounded half-up once (exactly near a .5 boundary, once per
    distinct pair and weight), less the over-completion deduction where it applies."""
    places = scheme.rounding.places

    def exact_score(i: int) -> Decimal:
        code = int(pairs.array[i])
        cell = weights.used[i]
        assert cell is not None
        fraction = table.exact[code]
        if fraction is None:
            fraction = assess(pairs.targets[code], pairs.actuals[code], scheme,
                              year=years[i]).share
            table.exact[code] = fraction
        assert fraction is not None
        return round_half_up(fraction * Fraction(cell), places)

    units = _round_rows(table.share[pairs.array], weights.points, exact_score, places,
                        (pairs.array, weights.used_codes))
    deducted = table.deduct[pairs.array] & (units != _NO_SCORE)
    if deducted.any():
        deduction = int(round_half_up(scheme.over_completion.deduction, places).scaleb(places))
        units[deducted] = np.maximum(units[deducted] - deduction, 0)
    return _decimal_scores(units, places), units


@dataclass
class _RowResults:
    """The structured result of every row: flags (``;``-joined), status, problem code, error
    column, detail and the display message."""

    flags: Objects
    status: Objects
    code: Objects
    column: Objects
    detail: Objects
    message: Objects
    pair_flags: list[tuple[str, ...]]

    @classmethod
    def spread(cls, pairs: _Pairs, table: _PairTable, weights: WeightColumns) -> _RowResults:
        """Every row takes the flags, status and message of its pair, followed by the flags
        its 一级 earned (inferred, unknown, printed points); worked out once per distinct
        combination."""
        pair_flags = [found + seen for found, seen in zip(table.flags, pairs.noticed, strict=True)]
        combos = combined_codes(pairs.array, weights.flag_codes)
        first = first_rows(combos)
        combined = [(*pair_flags[pair], *weights.flags[row])
                    for pair, row in zip(pairs.array[first].tolist(), first.tolist(), strict=True)]
        by_flags = {found: _described(found) for found in set(combined)}
        described = [by_flags[found] for found in combined]
        columns = [objects([found[position] for found in described])[combos]
                   for position in range(5)]
        flags, status, code, column, message = columns
        return cls(flags, status, code, column, filled(len(combos), ""), message, pair_flags)

    def copy_row(self, i: int, rows: npt.NDArray[np.intp]) -> None:
        """Give ``rows`` the result of row ``i``."""
        for column in (self.flags, self.status, self.code, self.column, self.detail,
                       self.message):
            column[rows] = column[i]

    def set_row(self, i: int, flags: tuple[str, ...], failure: Failure | None,
                detail: str = "") -> None:
        """Row ``i``'s result from its flags and its failure (None when scored)."""
        self.flags[i] = ";".join(flags)
        if failure is not None:
            self.status[i] = Status.ERROR
            self.code[i], self.column[i] = failure.code, failure.column
            self.detail[i] = failure.detail
            self.message[i] = row_message(flags, failure.code, failure.detail)
            return
        _, self.status[i], self.code[i], self.column[i], _ = _described(flags)
        self.detail[i] = detail
        self.message[i] = row_message(flags, detail=detail)


def _described(flags: tuple[str, ...]) -> tuple[str, Status, str, str, str]:
    """(joined flags, status, code, column, message) of a scored row with ``flags``: a
    warning's code is its first review flag, its column the input that flag is about."""
    status = status_of(flags, False)
    code = review_code(flags) if status is Status.WARNING else ""
    info = flag_info(code) if code else None
    return (";".join(flags), status, code, info.column if info is not None else "",
            row_message(flags))


@dataclass
class _RowInputs:
    """The few per-row inputs, read once per distinct cell: manual score, adjustment and
    applicability (with the error text of an unreadable cell), the weight columns, the reason
    (codes into its distinct texts) and whether the pool is a rubric."""

    manual: _ReadColumn[Decimal | None]
    adjustment: _ReadColumn[Decimal | None]
    applicable: _ReadColumn[bool]
    weights: WeightColumns
    reason: tuple[Codes, list[str]]
    rubric: Bools

    @classmethod
    def of(cls, texts: TextColumns, weights: WeightColumns, scheme: Scheme) -> _RowInputs:
        """The cells of the table of ``texts`` and its weight columns."""
        df = texts.df
        rubric = pd.Series(weights.pool, dtype=object).isin(list(scheme.tree.rubric))
        return cls(_read_column(df, "manual_score", _read_points, None),
                   _read_column(df, "adjustment", _read_points, None),
                   _read_column(df, "applicable", _read_applicable, True),
                   weights, _text_codes(texts, "adjustment_reason"),
                   rubric.to_numpy(dtype=np.bool_))

    def by_hand(self) -> Bools:
        """Per row: whether it has a manual score, an adjustment or an unreadable cell."""
        def given(value: Decimal | None, error: str) -> bool:
            return value is not None or bool(error)

        return (self.manual.where(given) | self.adjustment.where(given)
                | self.applicable.where(lambda _, error: bool(error)))

    def reason_of(self, i: int) -> str:
        """Row ``i``'s adjustment reason."""
        codes, texts = self.reason
        return str(texts[codes[i]])


def _special_rows(inputs: _RowInputs, pairs: _Pairs, table: _PairTable) -> Bools:
    """The rows worked out one by one: 不适用, in error, with a manual score or an adjustment,
    an unreadable cell or a weight problem."""
    said = np.array([actual is not None and actual.kind is ActualKind.NOT_APPLICABLE
                     for actual in pairs.actuals], dtype=np.bool_)
    failed = np.array([failure is not None for failure in table.failure], dtype=np.bool_)
    special = (inputs.applicable.where(lambda value, _: value != True)  # noqa: E712
               | inputs.by_hand()
               | (inputs.weights.status != Status.OK))
    return np.asarray(special, dtype=np.bool_) | said[pairs.array] | failed[pairs.array]


def _cell_failure(i: int, inputs: _RowInputs) -> Failure | None:
    """The failure of an unreadable applicable, manual score or adjustment cell, or of the
    row's weight, in that order."""
    for code, column, text in (
        (ProblemCode.APPLICABLE_INVALID, "applicable", inputs.applicable.error(i)),
        (ProblemCode.MANUAL_SCORE_INVALID, "manual_score", inputs.manual.error(i)),
        (ProblemCode.ADJUSTMENT_INVALID, "adjustment", inputs.adjustment.error(i)),
    ):
        if text:
            return Failure(code, column, text)
    if inputs.weights.status[i] == Status.ERROR:
        code = ProblemCode(inputs.weights.code[i])
        column = "level1" if code in _LEVEL1_CODES else "weight"
        return Failure(code, column, inputs.weights.message[i])
    return None


#: Weight problems that are about the 一级 cell rather than the 分值 cell.
_LEVEL1_CODES = frozenset({ProblemCode.LEVEL1_UNREADABLE, ProblemCode.LEVEL1_UNKNOWN})


def _complete_row(i: int, inputs: _RowInputs, pairs: _Pairs, table: _PairTable,
                  rows: _RowResults, auto: Objects, final: Objects,
                  weights: WeightColumns, scheme: Scheme, year: int | None) -> None:
    """Work out row ``i`` by itself (see ``_special_rows``)."""
    code = int(pairs.array[i])
    actual = pairs.actuals[code]
    said = actual is not None and actual.kind is ActualKind.NOT_APPLICABLE
    if not inputs.applicable.value(i) or (said and not inputs.applicable.error(i)):
        auto[i] = final[i] = None
        rows.set_row(i, (Flag.NOT_APPLICABLE, *pairs.noticed[code], *weights.flags[i]), None)
        return
    failure = _cell_failure(i, inputs)
    # A row not assessed (an unreadable cell, an unusable weight) carries only what the
    # parsers noticed, as the scalar rule's rows do.
    flags = rows.pair_flags[code] if failure is None else pairs.noticed[code]
    detail = ""
    if failure is None and (inputs.manual.value(i) is not None
                            or inputs.adjustment.value(i) is not None):
        scalar = _score_by_hand(i, inputs, pairs, scheme, year)
        auto[i], final[i], flags, detail = (scalar.auto_score, scalar.final_score,
                                            scalar.flags, scalar.detail)
        if scalar.status is Status.ERROR:
            failure = Failure(ProblemCode(scalar.code), scalar.error_column, scalar.detail)
    elif failure is None and table.failure[code] is not None:
        failure = table.failure[code]
        assert failure is not None
        if inputs.rubric[i]:
            failure = Failure(failure.code, failure.column, (
                f"{failure.detail}; a rubric row of {weights.pool[i]} is scored by the "
                f"evaluator: enter the score as manual_score"))
    flags = (*flags, *weights.flags[i])
    if failure is not None:
        auto[i] = final[i] = None
        rows.set_row(i, flags, failure)
        return
    if weights.status[i] == Status.WARNING and Flag.NOT_APPLICABLE not in flags:
        flags = (*flags, Flag.WEIGHTS_INCONSISTENT)
        detail = "; ".join(part for part in (detail, weights.message[i]) if part)
    rows.set_row(i, flags, None, detail)


def _score_by_hand(i: int, inputs: _RowInputs, pairs: _Pairs, scheme: Scheme,
                   year: int | None) -> IndicatorScore:
    """A row with a manual score or an adjustment, scored by ``rules.score_indicator``."""
    code = int(pairs.array[i])
    failed = pairs.errors[code]
    cell = inputs.weights.used[i]
    return score_indicator(
        pairs.targets[code] if failed is None or failed.column != "target" else None,
        pairs.actuals[code] if failed is None or failed.column != "actual" else None,
        cell if cell is not None else Decimal(0),
        scheme, year=year, manual_score=inputs.manual.value(i),
        adjustment=inputs.adjustment.value(i),
        adjustment_reason=inputs.reason_of(i), rubric=bool(inputs.rubric[i]),
    )


def _with_results(
    df: pd.DataFrame,
    weights: WeightColumns,
    pairs: _Pairs,
    scores: tuple[Objects, Objects, Codes],
    rows: _RowResults,
) -> pd.DataFrame:
    """``df`` with the result columns in ``RESULT_COLUMNS`` order after its own (an input
    column of the same name is replaced), built in one go. ``scores``: the auto and final
    scores and the codes of rows sharing them and their weight (-1: a row of its own)."""
    auto, final, same = scores
    pair_array, pair_targets, pair_actuals = pairs.array, pairs.targets, pairs.actuals

    def number(value: Exact | None) -> float:
        return float(value) if value is not None else np.nan

    def per_row(values: Sequence[Any], dtype: type) -> pd.Series[Any]:
        """A per-pair list spread over the rows."""
        array = objects(values) if dtype is object else np.array(values, dtype=dtype)
        return pd.Series(array[pair_array], index=index, dtype=dtype)

    def cells(values: Objects) -> pd.Series[Any]:
        return pd.Series(values, index=index, dtype=object, copy=False)

    index = df.index
    results: dict[str, pd.Series[Any]] = {
        "pool": cells(weights.pool),
        "weight_used": cells(weights.used),
        "weight_source": cells(weights.source),
        "kind": per_row(
            [t.kind.value if t is not None else UNREAD_TARGET_KIND.value for t in pair_targets],
            object),
        "comparator_inferred": per_row(
            [bool(t is not None and t.inferred) for t in pair_targets], bool),
        "target_value": per_row(
            [number(t.value) if t is not None else np.nan for t in pair_targets], float),
        "target_unit": per_row([t.unit if t is not None else "" for t in pair_targets], object),
        "actual_value": per_row(
            [number(a.value) if a is not None else np.nan for a in pair_actuals], float),
        "attainment": pd.Series(_attainment(final, weights.used, same), index=index,
                                dtype=float),
        "auto_score": cells(auto),
        "final_score": cells(final),
        "status": cells(rows.status),
        "code": cells(rows.code),
        "error_column": cells(rows.column),
        "flags": cells(rows.flags),
        "detail": cells(rows.detail),
        "message": cells(rows.message),
    }
    return _joined(df, results)


def _joined(df: pd.DataFrame, results: dict[str, pd.Series[Any]]) -> pd.DataFrame:
    """``df``'s columns but those of ``RESULT_COLUMNS`` or the weight helpers, then the
    results in ``RESULT_COLUMNS`` order. The input columns are shared, not copied (the input
    is never modified); each result column is an array of its own, put in as it is."""
    kept = [c for c in df.columns if c not in RESULT_COLUMNS and c not in _WEIGHT_HELPERS]
    if df.columns.has_duplicates:
        out = df[kept].copy(deep=False)
        for name in RESULT_COLUMNS:
            out[name] = results[name]
        return out
    columns = {name: df[name] for name in kept}
    columns.update((name, results[name]) for name in RESULT_COLUMNS)
    out = pd.DataFrame(columns, index=df.index, copy=False)
    out.attrs = dict(df.attrs)
    return out


#: Columns of ``distribute_weights`` that a scored table does not keep.
_WEIGHT_HELPERS = frozenset({WEIGHT_STATUS, WEIGHT_CODE, WEIGHT_MESSAGE, WEIGHT_DECLARED,
                             WEIGHT_FLAGS})


def _attainment(final: Objects, used: Objects, same: Codes) -> npt.NDArray[np.float64]:
    """final / weight of each row as a float (NaN without a score or weight), worked out
    in Decimals once per distinct (score, weight): rows with the same ``same`` code of 0 or
    more share them, rows of code -1 are told apart by their cells."""
    found = np.full(len(final), np.nan)
    shared, alone = np.flatnonzero(same >= 0), np.flatnonzero(same < 0)
    _fill_ratios(found, final, used, shared, pd.factorize(same[shared])[0])
    _fill_ratios(found, final, used, alone,
                 combined_codes(pd.factorize(final[alone], use_na_sentinel=False)[0],
                                pd.factorize(used[alone], use_na_sentinel=False)[0]))
    return found


def _fill_ratios(found: npt.NDArray[np.float64], final: Objects, used: Objects,
                 rows: npt.NDArray[np.intp], codes: npt.NDArray[np.integer[Any]]) -> None:
    """``found[rows]`` = final / used, worked out once per code of ``codes`` (one per row)."""
    if not len(rows):
        return
    first = rows[first_rows(codes)]
    values = [float(f / w) if not pd.isna(f) and not pd.isna(w) and w > 0 else np.nan
              for f, w in zip(final[first].tolist(), used[first].tolist(), strict=True)]
    found[rows] = np.array(values, dtype=float)[codes]
