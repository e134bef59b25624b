"""The vectorised scorer: a whole indicator table at once, equal to ``rules`` to the cent.

1. Weights are checked and distributed (``weighting.distribute_weights``).
2. The distinct (target, indicator) strings are parsed once each, then the distinct
   (target, actual) pairs; units are converted by the parser, once per pair.
3. For the numeric kinds the share of the weight is computed with numpy over all pairs at
   once; a pair whose float numbers lie within 1e-9 (relative) of a rule boundary (a = t,
   a = 2t, a bound of a range, flag_at·t, …) is re-assessed exactly by ``rules.assess``, as
   are the deadline and qualitative pairs (a few distinct words and dates).
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

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

import units
from scoring import _kinds as flags_
from scoring._rounding import round_half_up
from scoring._schema import RESULT_COLUMNS
from scoring.execution import parse_amount
from scoring.rules import NUMERIC_KINDS, Assessment, assess, score_indicator
from scoring.totals import parse_applicable
from scoring.weighting import (
    WEIGHT_DECLARED,
    WEIGHT_FLAGS,
    WEIGHT_MESSAGE,
    WEIGHT_STATUS,
    distribute_weights,
)
from units._model import Actual, ActualKind, Band, Exact, Kind, Target
from weights import Scheme

REQUIRED_COLUMNS: tuple[str, ...] = ("level1", "level2", "indicator", "target", "actual")
#: Flag of a row whose given weights do not add up as the scheme says (a warning).
WEIGHTS_INCONSISTENT = "weights_inconsistent"

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

_T = TypeVar("_T")
_RELATIVE = 1e-9
_HALF_TOLERANCE = 1e-7


@dataclass(frozen=True, slots=True)
class _Parsed:
    """A parsed cell, or why it could not be parsed."""

    value: Any
    error: str = ""


Objects = npt.NDArray[np.object_]


def _objects(values: Sequence[Any]) -> Objects:
    """A 1-d object array of ``values`` (tuples and Decimals kept as single cells)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _text_cell(cell: object) -> str:
    """One cell as a stripped string ('' when missing)."""
    if isinstance(cell, str):
        return cell.strip()
    missing: object = pd.isna(cast(Any, cell))
    if isinstance(missing, bool | np.bool_) and missing:
        return ""
    return str(cell).strip()


def _all_text(cells: npt.NDArray[np.object_]) -> bool:
    """Whether every cell is a str (checked in C)."""
    return bool(pd.api.types.infer_dtype(cells, skipna=False) == "string")


def _text_column(df: pd.DataFrame, name: str) -> list[str]:
    """A column as stripped strings ('' for missing cells or a missing column)."""
    if name not in df.columns:
        return [""] * len(df)
    cells = df[name].to_numpy(dtype=object)
    if _all_text(cells):
        codes, uniques = pd.factorize(cells)
        stripped: list[str] = _objects([text.strip() for text in uniques])[codes].tolist()
        return stripped
    return [cell.strip() if type(cell) is str else _text_cell(cell) for cell in cells.tolist()]


def _distinct_key(cell: object) -> Hashable:
    """A key equal for cells that read the same: the text itself, else type and repr (so that
    1, 1.0 and Decimal('1.0') stay apart)."""
    return cell if type(cell) is str else (type(cell), repr(cell))


def _per_distinct(cells: npt.NDArray[np.object_], read: Callable[[object], _T]) -> list[_T]:
    """``read`` of every cell, called once per distinct cell."""
    if _all_text(cells):
        codes, uniques = pd.factorize(cells)
        found: list[_T] = _objects([read(text) for text in uniques])[codes].tolist()
        return found
    seen: dict[Hashable, _T] = {}
    out: list[_T] = []
    for cell in cells.tolist():
        key = _distinct_key(cell)
        if key not in seen:
            seen[key] = read(cell)
        out.append(seen[key])
    return out


def _factorize(*columns: Sequence[Hashable]) -> tuple[npt.NDArray[np.intp], list[int]]:
    """Codes of the rows' tuples of ``columns`` in order of first appearance, and the first
    row of each code. Each column is factorised by pandas' hash table (exact equality), and
    the codes are combined pairwise, so no Python tuple is built per row."""
    size = len(columns[0])
    combined = np.zeros(size, dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(_objects(column), use_na_sentinel=False)
        combined = pd.factorize(combined * len(uniques) + codes)[0].astype(np.int64)
    found = combined.astype(np.intp)
    first = np.unique(found, return_index=True)[1]
    return found, first.tolist()


def _parse_target(text: str, indicator: str, year: int | None) -> _Parsed:
    if not text:
        return _Parsed(None, "指标值 is empty: expected a target such as ≥95%")
    try:
        return _Parsed(units.parse_target(text, year=year, indicator=indicator or None))
    except units.ParseError as exc:
        return _Parsed(None, str(exc))


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


def _parse_actual(
    text: str, target: Target | None, year: int | None, vocabulary: dict[str, Band]
) -> _Parsed:
    if not text:
        return _Parsed(Actual(text="", kind=ActualKind.EMPTY))
    if target is None:
        said = Actual(text=text, kind=ActualKind.NOT_APPLICABLE) if text == "不适用" else None
        return _Parsed(said)
    try:
        parsed = units.parse_actual(text, target, year=year, vocabulary=vocabulary)
    except units.ParseError as exc:
        return _Parsed(None, str(exc))
    return _Parsed(parsed)


def _near(x: Floats, y: Floats) -> Bools:
    """Where two float arrays are too close for float arithmetic to order them reliably."""
    scale = np.maximum(np.abs(x), np.abs(y))
    return np.asarray(np.abs(x - y) <= _RELATIVE * scale + 1e-300, dtype=np.bool_)


@dataclass
class _PairTable:
    """Per distinct (target, actual) pair: the assessment's share, flags and error."""

    share: Floats
    exact: list[Fraction | None]
    flags: list[tuple[str, ...]]
    error: list[str]
    column: list[str]
    deduct: Bools


def _numeric_pairs(
    targets: Sequence[Target | None], actuals: Sequence[Actual | None], scheme: Scheme
) -> tuple[Bools, Floats, list[tuple[str, ...]], Bools, Bools]:
    """numpy shares of the clean numeric pairs: (mask, share, flags, deduct, suspect)."""
    size = len(targets)
    mask = np.zeros(size, dtype=np.bool_)
    kind = np.empty(size, dtype=object)
    t = np.zeros(size)
    up = np.zeros(size)
    a = np.zeros(size)
    inferred = np.zeros(size, dtype=np.bool_)
    for i, (target, actual) in enumerate(zip(targets, actuals, strict=True)):
        if (
            target is None or actual is None or target.kind not in NUMERIC_KINDS
            or target.value is None or target.value < 0
            or actual.kind is not ActualKind.NUMBER or actual.value is None
            or (target.kind is Kind.RANGE and (target.upper is None or target.upper < target.value))
        ):
            continue
        mask[i] = True
        kind[i] = target.kind
        t[i] = float(target.value)
        up[i] = float(target.upper) if target.upper is not None else 0.0
        a[i] = float(actual.value)
        inferred[i] = target.inferred
    rules = scheme.rules
    partial = float(scheme.qualitative.default_partial)
    negative = mask & (a < 0) & rules.negative_actual_as_zero
    a = np.where(negative, 0.0, a)
    safe_t = np.where(t == 0, 1.0, t)
    safe_a = np.where(a == 0, 1.0, a)
    is_ = {k: mask & (kind == k) for k in NUMERIC_KINDS}
    at_least = np.where(a >= t, 1.0, a / safe_t)
    if rules.more_than == "strict":
        more_than = np.where(a > t, 1.0, np.minimum(a / safe_t, partial))
    else:
        more_than = at_least
    more_than = np.where(t == 0, np.where(a > 0, 1.0, 0.0), more_than)
    if rules.at_most == "target_over_actual":
        above = t / safe_a
    else:
        above = np.where(a < 2 * t, (2 * t - a) / safe_t, 0.0)
    at_most = np.where(a <= t, 1.0, np.where(t == 0, 0.0, above))
    if rules.equal == "strict":
        ratio = np.minimum(a / safe_t, t / safe_a)
        equal = np.where(a == t, 1.0, np.where(a > 0, ratio, 0.0))
    else:
        equal = at_least
    equal = np.where(t == 0, np.where(a <= 0, 1.0, 0.0), equal)
    safe_up = np.where(up == 0, 1.0, up)
    outside = np.where(
        a < t, np.where(t > 0, a / safe_t, 0.0), np.where(a > 0, safe_up / safe_a, 0.0)
    )
    outside = np.where((a > up) & (up == 0), 0.0, outside)
    in_range = np.where((t <= a) & (a <= up), 1.0, outside)
    share = np.select(
        [is_[Kind.AT_LEAST], is_[Kind.MORE_THAN], is_[Kind.AT_MOST] | is_[Kind.LESS_THAN],
         is_[Kind.EQUAL], is_[Kind.RANGE]],
        [at_least, more_than, at_most, equal, in_range],
        default=0.0,
    )
    share = np.clip(share, 0.0, 1.0)
    over = scheme.over_completion
    upward = (is_[Kind.AT_LEAST] | is_[Kind.MORE_THAN]) & (t > 0)
    flag_over = upward & (a >= float(over.flag_at) * t)
    deduct = upward & (over.deduction > 0) & (a >= float(over.deduct_at) * t)
    strict_bound = (is_[Kind.MORE_THAN] | is_[Kind.LESS_THAN]) & (a == t)
    not_equal = is_[Kind.EQUAL] & (rules.equal == "strict") & (t != 0) & (a != t)
    suspect = mask & (
        _near(a, t) | _near(a, 2 * t) | _near(a, np.zeros(size)) | _near(t, np.zeros(size))
        | _near(a, float(over.flag_at) * t) | _near(a, float(over.deduct_at) * t)
        | _near(a, partial * t) | (is_[Kind.RANGE] & (_near(a, up) | _near(up, np.zeros(size))))
    )
    named: list[tuple[str, Bools]] = [
        (flags_.COMPARATOR_INFERRED, inferred),
        (flags_.NEGATIVE_ACTUAL, negative),
        (flags_.AT_STRICT_BOUND, strict_bound),
        (flags_.NOT_EQUAL, not_equal),
        (flags_.OVER_COMPLETION, flag_over),
        (flags_.OVER_COMPLETION_DEDUCTION, deduct),
    ]
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
    errors: Sequence[tuple[str, str]],
    scheme: Scheme,
    years: Sequence[int | None],
) -> _PairTable:
    """Assess every distinct pair: numpy for clean numeric ones, ``rules.assess`` otherwise."""
    mask, share, flags, deduct, suspect = _numeric_pairs(targets, actuals, scheme)
    exact: list[Fraction | None] = [None] * len(targets)
    error = [""] * len(targets)
    column = [""] * len(targets)
    share = share.copy()
    deduct = deduct.copy()
    for i in np.flatnonzero(~mask | suspect).tolist():
        if errors[i][1]:
            column[i], error[i] = errors[i]
            continue
        found: Assessment = assess(targets[i], actuals[i], scheme, year=years[i])
        exact[i] = found.share
        share[i] = float(found.share) if found.share is not None else np.nan
        flags[i] = found.flags
        error[i] = found.error
        column[i] = found.column
        deduct[i] = found.deduct
    return _PairTable(share, exact, flags, error, column, deduct)


def _read_points(cell: object) -> tuple[Decimal | None, str]:
    try:
        return parse_amount(cell), ""
    except ValueError:
        return None, f"expected a number of points, got {cell!r}"


def _decimal_cells(
    df: pd.DataFrame, name: str
) -> tuple[list[Decimal | None], list[str]]:
    """A number column as Decimals (None when empty) and an error text per unreadable cell."""
    if name not in df.columns:
        return [None] * len(df), [""] * len(df)
    read = _per_distinct(df[name].to_numpy(dtype=object), _read_points)
    return [value for value, _ in read], [error for _, error in read]


def _read_applicable(cell: object) -> tuple[bool, str]:
    try:
        return parse_applicable(cell), ""
    except ValueError as exc:
        return True, str(exc)


def _applicable_cells(df: pd.DataFrame) -> tuple[list[bool], list[str]]:
    if "applicable" not in df.columns:
        return [True] * len(df), [""] * len(df)
    read = _per_distinct(df["applicable"].to_numpy(dtype=object), _read_applicable)
    return [value for value, _ in read], [error for _, error in read]


def _row_labels(df: pd.DataFrame, positions: Sequence[int]) -> dict[int, str]:
    """The row each message names, for the rows at ``positions``: ``source_row`` when
    present, else the index + 2 (a CSV row after its header) for an integer index, else the
    position + 2."""
    if "source_row" in df.columns:
        cells = df["source_row"].to_numpy(dtype=object)
        return {position: str(cells[position]) for position in positions}
    if pd.api.types.is_integer_dtype(df.index.dtype):
        index = df.index
        return {position: str(int(index[position]) + 2) for position in positions}
    return {position: str(position + 2) for position in positions}


def _round_rows(
    share: Floats, weight: Floats, exact: Callable[[int], Decimal], places: int
) -> Objects:
    """share·weight rounded half-up per row (None where there is no score); rows near a .5
    boundary are rounded exactly. One Decimal is made per distinct score."""
    scaled = share * weight * 10.0**places
    finite = np.isfinite(scaled)
    fraction = scaled - np.floor(np.where(finite, scaled, 0.0))
    suspect = finite & (np.abs(fraction - 0.5) < _HALF_TOLERANCE)
    integers = np.floor(np.where(finite, scaled, 0.0) + 0.5).astype(np.int64)
    out = np.full(len(share), None, dtype=object)
    plain = finite & ~suspect
    values, inverse = np.unique(integers[plain], return_inverse=True)
    out[plain] = _objects([Decimal(value).scaleb(-places) for value in values.tolist()])[inverse]
    for i in np.flatnonzero(suspect).tolist():
        out[i] = exact(i)
    return out


#: Word of a 二级 (成本指标, 经济成本指标; 2020 format) or 一级 (2021 format) under which a bare
#: value means "at most".
_COST_GROUP = "成本"


def _inference_names(df: pd.DataFrame) -> list[str]:
    """The name the comparator of a bare target is inferred from: the indicator, preceded by
    its 一级/二级 when that is 成本 (a bare value of a 成本 indicator is an upper bound,
    domain.md §4, even when its own name, e.g. 项目计划总投资, does not say 成本)."""
    names = _text_column(df, "indicator")
    groups = zip(_text_column(df, "level1"), _text_column(df, "level2"), strict=True)
    costs = [_COST_GROUP in level1 or _COST_GROUP in level2 for level1, level2 in groups]
    return [f"{_COST_GROUP}指标 {name}" if cost else name
            for name, cost in zip(names, costs, strict=True)]


def _row_years(df: pd.DataFrame, year: int | None) -> list[int | None]:
    """The year that dates each row's deadlines: its ``year`` cell when that holds a year
    (a table of projects from several years), else ``year``."""
    cells = _text_column(df, "year")
    return [int(cell) if len(cell) == 4 and cell.isdigit() else year for cell in cells]


def score_frame(df: pd.DataFrame, scheme: Scheme, *, year: int | None = None) -> pd.DataFrame:
    """A copy of ``df`` with every column of ``_schema.RESULT_COLUMNS`` added.

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
    out = distribute_weights(df, scheme)
    places = scheme.rounding.places
    target_text = _text_column(out, "target")
    actual_text = _text_column(out, "actual")
    indicator = _inference_names(out)
    years = _row_years(out, year)

    target_array, target_first = _factorize(target_text, indicator, years)
    parsed_targets = [_parse_target(target_text[row], indicator[row], years[row])
                      for row in target_first]
    target_codes: list[int] = target_array.tolist()
    pair_array, pair_first = _factorize(target_codes, actual_text)
    pair_codes: list[int] = pair_array.tolist()
    pair_targets: list[Target | None] = []
    pair_actuals: list[Actual | None] = []
    pair_errors: list[tuple[str, str]] = []
    vocabulary = scheme_vocabulary(scheme)
    for row in pair_first:
        parsed_target = parsed_targets[target_codes[row]]
        target = parsed_target.value
        parsed_actual = _parse_actual(actual_text[row], target, years[row], vocabulary)
        pair_targets.append(target)
        pair_actuals.append(parsed_actual.value)
        if parsed_target.error:
            pair_errors.append(("target", parsed_target.error))
        elif parsed_actual.error:
            pair_errors.append(("actual", parsed_actual.error))
        else:
            pair_errors.append(("", ""))
    pair_years = [years[row] for row in pair_first]
    pairs = _assess_pairs(pair_targets, pair_actuals, pair_errors, scheme, pair_years)

    weight_cells: list[Decimal | None] = out["weight_used"].tolist()
    weight = np.array(
        [float(w) if w is not None and w > 0 else np.nan for w in weight_cells], dtype=float
    )
    share = pairs.share[pair_array]

    def exact_score(i: int) -> Decimal:
        fraction = pairs.exact[pair_codes[i]]
        if fraction is None:
            found = assess(pair_targets[pair_codes[i]], pair_actuals[pair_codes[i]], scheme,
                           year=years[i])
            fraction = found.share
            pairs.exact[pair_codes[i]] = fraction
        cell = weight_cells[i]
        assert fraction is not None and cell is not None
        return round_half_up(fraction * Fraction(cell), places)

    auto = _round_rows(share, weight, exact_score, places)
    deduction = round_half_up(scheme.over_completion.deduction, places)
    zero = round_half_up(0, places)
    for i in np.flatnonzero(pairs.deduct[pair_array]).tolist():
        value = auto[i]
        if value is not None:
            auto[i] = max(zero, value - deduction)

    # Every row takes the flags, status and message of its pair; the few rows that are 不适用,
    # carry a manual score or an adjustment, have an unreadable cell, a weight problem or an
    # unscorable pair are then worked out one by one.
    noticed = [flags_.parsed_flags(target, actual)
               for target, actual in zip(pair_targets, pair_actuals, strict=True)]
    pair_flags = [found + seen for found, seen in zip(pairs.flags, noticed, strict=True)]
    described: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for found in pair_flags:
        if found not in described:
            described[found] = (";".join(found), flags_.status_of(found, ""),
                                flags_.message_of(found, ""))
    flags = _objects([described[found][0] for found in pair_flags])[pair_array]
    status = _objects([described[found][1] for found in pair_flags])[pair_array]
    message = _objects([described[found][2] for found in pair_flags])[pair_array]
    level1_flags: list[tuple[str, ...]] = out[WEIGHT_FLAGS].tolist()
    flag_codes, flag_sets = pd.factorize(_objects(level1_flags))
    for number, extra in enumerate(flag_sets.tolist()):
        if not extra:
            continue
        # The rows whose 一级 earned these flags (inferred, unknown, printed points) take them
        # after their pair's flags.
        marked = np.flatnonzero(flag_codes == number)
        codes = pair_array[marked]
        added = [(*found, *extra) for found in pair_flags]
        for found in added:
            if found not in described:
                described[found] = (";".join(found), flags_.status_of(found, ""),
                                    flags_.message_of(found, ""))
        flags[marked] = _objects([described[found][0] for found in added])[codes]
        status[marked] = _objects([described[found][1] for found in added])[codes]
        message[marked] = _objects([described[found][2] for found in added])[codes]
    final = auto.copy()

    manual, manual_errors = _decimal_cells(out, "manual_score")
    adjustment, adjustment_errors = _decimal_cells(out, "adjustment")
    applicable, applicable_errors = _applicable_cells(out)
    weight_status: list[str] = out[WEIGHT_STATUS].tolist()
    weight_message: list[str] = out[WEIGHT_MESSAGE].tolist()
    said = np.array([actual is not None and actual.kind is ActualKind.NOT_APPLICABLE
                     for actual in pair_actuals], dtype=np.bool_)
    failed = np.array([bool(error) for error in pairs.error], dtype=np.bool_)
    special = np.array(
        [not fit or bool(a or m or j) or state != "ok" or left is not None or cut is not None
         for fit, a, m, j, state, left, cut in zip(
             applicable, applicable_errors, manual_errors, adjustment_errors, weight_status,
             manual, adjustment, strict=True)],
        dtype=np.bool_,
    ) | said[pair_array] | failed[pair_array]
    rows = np.flatnonzero(special).tolist()
    reason = _text_column(out, "adjustment_reason") if rows else []
    rubric_pools = set(scheme.tree.rubric)
    rubric = [pool in rubric_pools for pool in out["pool"].tolist()] if rows else []
    labels = _row_labels(out, rows)
    projects = _text_column(out, "project_id") if rows else []

    for i in rows:
        code = pair_codes[i]
        row_error = ""
        row_column = ""
        scalar_message = ""
        actual = pair_actuals[code]
        said_not_applicable = actual is not None and actual.kind is ActualKind.NOT_APPLICABLE
        if not applicable[i] or (said_not_applicable and not applicable_errors[i]):
            row_flags: tuple[str, ...] = (flags_.NOT_APPLICABLE, *noticed[code])
            auto[i] = final[i] = None
        else:
            row_flags = pair_flags[code]
            for column, text in (
                ("applicable", applicable_errors[i]),
                ("manual_score", manual_errors[i]),
                ("adjustment", adjustment_errors[i]),
            ):
                if text and not row_error:
                    row_column, row_error = column, text
            if not row_error and weight_status[i] == "error":
                row_column, row_error = "weight", weight_message[i]
            elif not row_error and (manual[i] is not None or adjustment[i] is not None):
                cell = weight_cells[i]
                scalar = score_indicator(
                    pair_targets[code] if pair_errors[code][0] != "target" else None,
                    actual if pair_errors[code][0] != "actual" else None,
                    cell if cell is not None else Decimal(0),
                    scheme, year=years[i], manual_score=manual[i], adjustment=adjustment[i],
                    adjustment_reason=reason[i], rubric=rubric[i],
                )
                auto[i], final[i], row_flags = scalar.auto_score, scalar.final_score, scalar.flags
                scalar_message = scalar.message
                if scalar.status == "error":
                    row_column, row_error = scalar.error_column, scalar.message
            elif not row_error and pairs.error[code]:
                row_column, row_error = pairs.column[code], pairs.error[code]
                if rubric[i]:
                    row_error += (f"; a rubric row of {out['pool'].iat[i]} is scored by the "
                                  f"evaluator: enter the score as manual_score")
        if level1_flags[i]:
            row_flags = (*row_flags, *level1_flags[i])
            if scalar_message:
                scalar_message = "; ".join([scalar_message, *(
                    flags_.FLAG_MESSAGES[flag] for flag in level1_flags[i])])
        if row_error:
            auto[i] = final[i] = None
            flags[i] = ";".join(row_flags)
            status[i] = "error"
            message[i] = f"project {projects[i]}, row {labels[i]}, column {row_column}: {row_error}"
            continue
        if weight_status[i] == "warning" and flags_.NOT_APPLICABLE not in row_flags:
            row_flags = (*row_flags, WEIGHTS_INCONSISTENT)
        row_status = flags_.status_of(row_flags, "")
        row_message = scalar_message or flags_.message_of(row_flags, "")
        if WEIGHTS_INCONSISTENT in row_flags:
            row_status = "warning"
            row_message = "; ".join(part for part in (row_message, weight_message[i]) if part)
        flags[i] = ";".join(row_flags)
        status[i] = row_status
        message[i] = row_message

    return _with_results(out, pair_array, pair_targets, pair_actuals, auto, final, weight_cells,
                         flags, status, message)


def _with_results(
    out: pd.DataFrame,
    pair_array: npt.NDArray[np.intp],
    pair_targets: Sequence[Target | None],
    pair_actuals: Sequence[Actual | None],
    auto: Objects,
    final: Objects,
    weight_cells: list[Decimal | None],
    flags: Objects,
    status: Objects,
    message: Objects,
) -> pd.DataFrame:
    """Attach the result columns in ``RESULT_COLUMNS`` order and drop the helper columns."""

    def number(value: Exact | None) -> float:
        return float(value) if value is not None else np.nan

    def per_row(values: Sequence[Any], dtype: type) -> pd.Series[Any]:
        """A per-pair list spread over the rows."""
        array = _objects(values) if dtype is object else np.array(values, dtype=dtype)
        return pd.Series(array[pair_array], index=index, dtype=dtype)

    index = out.index
    results: dict[str, pd.Series[Any]] = {
        "kind": per_row(
            [t.kind.value if t is not None else Kind.UNSCORABLE.value for t in pair_targets],
            object),
        "comparator_inferred": per_row(
            [bool(t is not None and t.inferred) for t in pair_targets], bool),
        "target_value": per_row(
            [number(t.value) if t is not None else np.nan for t in pair_targets], float),
        "target_unit": per_row([t.unit if t is not None else "" for t in pair_targets], object),
        "actual_value": per_row(
            [number(a.value) if a is not None else np.nan for a in pair_actuals], float),
        "attainment": pd.Series(
            [float(f / w) if f is not None and w is not None and w > 0 else np.nan
             for f, w in zip(final.tolist(), weight_cells, strict=True)], index=index,
            dtype=float),
        "auto_score": pd.Series(auto, index=index, dtype=object),
        "final_score": pd.Series(final, index=index, dtype=object),
        "status": pd.Series(status, index=index, dtype=object),
        "flags": pd.Series(flags, index=index, dtype=object),
        "message": pd.Series(message, index=index, dtype=object),
    }
    out = out.drop(columns=[WEIGHT_STATUS, WEIGHT_MESSAGE, WEIGHT_DECLARED, WEIGHT_FLAGS])
    for name in RESULT_COLUMNS:
        if name in results:
            out[name] = results[name]
    ordered = [c for c in out.columns if c not in RESULT_COLUMNS] + list(RESULT_COLUMNS)
    return out[ordered]
