"""The vectorised scorer: a whole indicator table at once, equal to ``rules`` to the cent.

1. Weights are checked and distributed (``weighting.distribute_weights``).
2. The distinct (target, indicator) strings are parsed once each, then the distinct
   (target, actual) pairs; units are converted by the parser, once per pair (``pairs.py``;
   within ``pairs.shared_pairs()`` the chunks of one table share their pairs).
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

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

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
from scoring.engine.pairs import Pairs, PairTable, read_pairs
from scoring.engine.pairs import inference_name as inference_name
from scoring.engine.pairs import scheme_vocabulary as scheme_vocabulary
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
    review_code,
    row_message,
    status_of,
)
from scoring.model.columns import RESULT_COLUMNS
from units import ActualKind
from weights import Scheme

REQUIRED_COLUMNS: tuple[str, ...] = ("level1", "level2", "indicator", "target", "actual")

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

_T = TypeVar("_T")
_HALF_TOLERANCE = 1e-7
#: A row without a score, in a column of scores counted in units of 10^-places.
_NO_SCORE = np.iinfo(np.int64).min








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




def _row_years(texts: TextColumns, year: int | None) -> tuple[Codes, list[int | None]]:
    """The year that dates each row's deadlines (codes into the distinct years): its
    ``year`` cell when that holds a year (a table of projects from several years), else
    ``year``."""
    codes, cells = texts.stripped("year")
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
    with collector_paused():
        return _scored(df, scheme, year)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block. Scoring a table makes millions
    of small objects without reference cycles (readings, codes, cells); each collection they
    trigger walks every object the process holds, the table's cells too, for nothing to free
    (over a second on a million rows of distinct actuals). Restarted after the block if it
    was running, when whatever the block left is collected as usual."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def _scored(df: pd.DataFrame, scheme: Scheme, year: int | None) -> pd.DataFrame:
    """``score_frame`` of a table with its required columns."""
    texts = TextColumns(df)
    weights = weight_columns(df, scheme, texts=texts)
    year_codes, distinct_years = _row_years(texts, year)
    years: list[int | None] = objects(distinct_years)[year_codes].tolist()
    pairs, table = read_pairs(texts, scheme, (year_codes, distinct_years))
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


def _alike(special: npt.NDArray[np.intp], inputs: _RowInputs, pairs: Pairs) -> Codes:
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




def _auto_scores(pairs: Pairs, table: PairTable, weights: WeightColumns,
                 scheme: Scheme, years: list[int | None]) -> tuple[Objects, Ints]:
    """Each row's auto score, as a Decimal and in units of 10^-places (``_NO_SCORE``: none):
    its pair's share × its weight, rounded half-up once (exactly near a .5 boundary, once per
    distinct pair and weight), less the over-completion deduction where it applies."""
    places = scheme.rounding.places

    def exact_score(i: int) -> Decimal:
        code = int(pairs.array[i])
        cell = weights.used[i]
        assert cell is not None
        fraction = table.exact_share(code, lambda: assess(
            pairs.targets[code], pairs.actuals[code], scheme, year=years[i]).share)
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

    @classmethod
    def spread(cls, pairs: Pairs, table: PairTable, weights: WeightColumns) -> _RowResults:
        """Every row takes the flags, status and message of its pair, followed by the flags
        its 一级 earned (inferred, unknown, printed points); worked out once per distinct
        combination."""
        pair_codes, distinct = pd.factorize(objects(table.scored_flags))
        combos = combined_codes(pair_codes[pairs.array], weights.flag_codes)
        first = first_rows(combos)
        combined = [(*distinct[code], *weights.flags[row]) for code, row
                    in zip(pair_codes[pairs.array[first]].tolist(), first.tolist(), strict=True)]
        by_flags = {found: _described(found) for found in set(combined)}
        described = [by_flags[found] for found in combined]
        columns = [objects([found[position] for found in described])[combos]
                   for position in range(5)]
        flags, status, code, column, message = columns
        return cls(flags, status, code, column, filled(len(combos), ""), message)

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
                   weights, texts.stripped("adjustment_reason"),
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


def _special_rows(inputs: _RowInputs, pairs: Pairs, table: PairTable) -> Bools:
    """The rows worked out one by one: 不适用, in error, with a manual score or an adjustment,
    an unreadable cell or a weight problem."""
    said = np.array(pairs.said, dtype=np.bool_)
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


def _complete_row(i: int, inputs: _RowInputs, pairs: Pairs, table: PairTable,
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
    flags = table.scored_flags[code] if failure is None else pairs.noticed[code]
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


def _score_by_hand(i: int, inputs: _RowInputs, pairs: Pairs, scheme: Scheme,
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
    pairs: Pairs,
    scores: tuple[Objects, Objects, Codes],
    rows: _RowResults,
) -> pd.DataFrame:
    """``df`` with the result columns in ``RESULT_COLUMNS`` order after its own (an input
    column of the same name is replaced), built in one go. ``scores``: the auto and final
    scores and the codes of rows sharing them and their weight (-1: a row of its own)."""
    auto, final, same = scores
    pair_array = pairs.array

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
        "kind": per_row(pairs.shown["kind"], object),
        "comparator_inferred": per_row(pairs.shown["comparator_inferred"], bool),
        "target_value": per_row(pairs.shown["target_value"], float),
        "target_unit": per_row(pairs.shown["target_unit"], object),
        "actual_value": per_row(pairs.shown["actual_value"], float),
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


def _number(value: object) -> bool:
    """Whether a score or weight cell holds a number (not None, not NaN)."""
    return value is not None and value == value


def _fill_ratios(found: npt.NDArray[np.float64], final: Objects, used: Objects,
                 rows: npt.NDArray[np.intp], codes: npt.NDArray[np.integer[Any]]) -> None:
    """``found[rows]`` = final / used, worked out once per code of ``codes`` (one per row)."""
    if not len(rows):
        return
    first = rows[first_rows(codes)]
    values = [float(f / w) if _number(f) and _number(w) and w > 0 else np.nan
              for f, w in zip(final[first].tolist(), used[first].tolist(), strict=True)]
    found[rows] = np.array(values, dtype=float)[codes]
