"""Project totals (``totals.project_total``) of every project at once, as column arithmetic.

Scores and weights are exact int64 counts of 10^-``scale`` points (``scale``: the rounding
places and every decimal of the scores, weights, execution scores and caps), summed per
project and pool with ``np.add.at``; the 不适用 rescaling, the cap, the limit of 100 and the one
half-up rounding are then worked out on exact Python integers held in object arrays (a
rescaled total is a fraction whose terms pass int64), one array operation per step over all
projects. A project whose numbers do not fit (more than ``MAX_SCALE`` decimals, or sums that
could pass 2^59 units) is totalled by ``totals.project_total`` itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.engine._columns import (
    Codes,
    Objects,
    combined_codes,
    distinct_codes,
    first_rows,
    group_count,
    objects,
)
from scoring.engine.totals import (
    MAX_TOTAL,
    IndicatorCells,
    NotApplicableRule,
    ProjectTotal,
    _not_applicable,
    project_total,
)

#: The most decimals a score or weight may have to be totalled in the columns.
MAX_SCALE = 12
#: The most any sum of a project may reach, in units.
LIMIT = 2**59


@dataclass(frozen=True)
class ProjectExecution:
    """What a project's total needs of its execution line: the score (None when not scored)
    and the cap (None when none)."""

    score: Decimal | None
    cap: Decimal | None


def _numbers(cells: Objects) -> tuple[Codes, list[Decimal]]:
    """Each cell's code into its distinct values as Decimals (0 when empty or unreadable, as
    ``totals._number`` reads them)."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    values = [_decimal(cell) for cell in uniques]
    return codes.astype(np.intp), values


def _decimal(cell: object) -> Decimal:
    from scoring.engine.execution import parse_amount

    try:
        return parse_amount(cell) or Decimal(0)
    except ValueError:
        return Decimal(0)


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def _scaled(value: Decimal, scale: int) -> int:
    """``value`` in units of 10^-scale (``value`` has at most ``scale`` decimals)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    number = int("".join(map(str, digits)) or "0") * int(10 ** (exponent + scale))
    return -number if sign else number


def _fits(value: Decimal) -> bool:
    return value.is_finite() and -_exponent(value) <= MAX_SCALE and abs(value) < 10**6


def _half_up(numerator: Objects, denominator: Objects) -> Objects:
    """numerator / denominator rounded half away from zero, on Python integers (denominators
    above 0)."""
    magnitude = (2 * np.abs(numerator) + denominator) // (2 * denominator)
    found: Objects = np.where(numerator < 0, -magnitude, magnitude)
    return found


def _decimals(values: Objects, places: int) -> Objects:
    """Decimals of ``values`` counted in 10^-places, made once per distinct value."""
    codes, uniques = pd.factorize(values)
    return objects([Decimal(int(value)).scaleb(-places) for value in uniques])[codes]


@dataclass(frozen=True)
class _Rows:
    """The rows that count (in a pool of a project): their project, pool column, whether
    they are 不适用, and their weight and score as codes into distinct Decimals."""

    owner: Codes
    pool: Codes
    not_applicable: npt.NDArray[np.bool_]
    weight: tuple[Codes, list[Decimal]]
    final: tuple[Codes, list[Decimal]]


def _rows(cells: IndicatorCells, project: Codes, pools: Sequence[str]) -> tuple[Codes, _Rows]:
    """The positions of the rows that count, and what the totals read of them."""
    pool_index = pd.Series(objects(cells.pool), dtype=object).map(
        {pool: index for index, pool in enumerate(pools)}).fillna(-1).to_numpy(dtype=np.intp)
    rows = np.flatnonzero((pool_index >= 0) & (project >= 0))
    return rows, _Rows(project[rows].astype(np.intp), pool_index[rows].astype(np.intp),
                       _not_applicable_rows(cells, rows),
                       _numbers(objects(cells.weight_used)[rows]),
                       _numbers(objects(cells.final_score)[rows]))


def _units(found: tuple[Codes, list[Decimal]], scale: int) -> tuple[npt.NDArray[np.int64],
                                                                     npt.NDArray[np.bool_]]:
    """Each row's value in units of 10^-scale (0 where it does not fit) and whether it does
    not fit."""
    codes, values = found
    if not values:
        return np.zeros(len(codes), dtype=np.int64), np.zeros(len(codes), dtype=np.bool_)
    scaled = np.array([_scaled(v, scale) if _fits(v) else 0 for v in values], dtype=np.int64)
    unfit = np.array([not _fits(v) for v in values], dtype=np.bool_)
    return scaled[codes], unfit[codes]


@dataclass(frozen=True)
class TotalColumns:
    """``ProjectTotal`` of every project as columns, one cell per project: ``subtotals`` one
    Decimal column per pool, ``total``, ``factor`` and ``capped_at`` (None where there is none),
    ``clamped`` and ``applicable_rows``."""

    subtotals: list[Objects]
    total: Objects
    factor: Objects
    capped_at: Objects
    clamped: npt.NDArray[np.bool_]
    applicable_rows: npt.NDArray[np.int64]

    def put(self, index: int, found: ProjectTotal, pools: Sequence[str]) -> None:
        """Set the cells of project ``index`` to ``found``."""
        for column, pool in zip(self.subtotals, pools, strict=True):
            column[index] = found.subtotals.get(pool)
        self.total[index], self.factor[index] = found.total, found.factor
        self.capped_at[index], self.clamped[index] = found.capped_at, found.clamped
        self.applicable_rows[index] = found.applicable_rows

    def totals(self, pools: Sequence[str]) -> list[ProjectTotal]:
        """One ``ProjectTotal`` per project."""
        subtotals = [dict(zip(pools, cells, strict=True))
                     for cells in zip(*(c.tolist() for c in self.subtotals), strict=True)
                     ] if pools else [{} for _ in range(len(self.total))]
        return [ProjectTotal(sub, total, factor, capped, bool(clamped), int(rows))
                if total is not None else ProjectTotal(sub, None)
                for sub, total, factor, capped, clamped, rows in zip(
                    subtotals, self.total.tolist(), self.factor.tolist(),
                    self.capped_at.tolist(), self.clamped.tolist(),
                    self.applicable_rows.tolist(), strict=True)]


def project_total_columns(
    scored: pd.DataFrame,
    project: Codes,
    executions: Sequence[ProjectExecution],
    pools: Sequence[str],
    *,
    execution_weight: Decimal,
    not_applicable: NotApplicableRule = "whole_total",
    places: int = 2,
) -> TotalColumns:
    """``totals.project_total`` of every project, as columns: ``project`` gives each row of
    ``scored`` its project (an index into ``executions``, -1 for a row of no project)."""
    count = len(executions)
    cells = IndicatorCells.of(scored)
    rows, read = _rows(cells, project, pools)
    scores = [execution.score for execution in executions]
    caps = [execution.cap for execution in executions]
    # The same Decimal object is looked at once (the projects share their rounded scores).
    numbers = {id(v): v for v in (*read.weight[1], *read.final[1], *scores, *caps,
                                  execution_weight, MAX_TOTAL) if v is not None}
    unfit_numbers = {key for key, value in numbers.items() if not _fits(value)}
    scale = max([places, *(-_exponent(v) for key, v in numbers.items()
                           if key not in unfit_numbers)])
    weight, weight_unfit = _units(read.weight, scale)
    final, final_unfit = _units(read.final, scale)
    slow = np.full(count, not _fits(execution_weight))
    slow[read.owner[weight_unfit | final_unfit]] = True
    bound = np.bincount(read.owner, weights=np.abs(weight.astype(float))
                        + np.abs(final.astype(float)), minlength=count)
    slow |= bound + 200.0 * 10**scale >= LIMIT
    slow |= np.array([id(e.score) in unfit_numbers or id(e.cap) in unfit_numbers
                      for e in executions], dtype=np.bool_)
    sums, weight_applicable, weight_not_applicable, applicable_rows = _sums(
        read, weight, final, count, len(pools))
    totals = _totals(sums.sum(axis=1), weight_applicable, weight_not_applicable, scores, caps,
                     _scaled(execution_weight, scale) if _fits(execution_weight) else 0,
                     not_applicable, scale, places)
    step = objects([10 ** (scale - places)] * count)
    subtotals = [_decimals(_half_up(objects(sums[:, column].tolist()), step), places)
                 for column in range(len(pools))]
    total, factor, capped_at, clamped = totals
    none = applicable_rows == 0
    for part in (total, factor, capped_at):
        part[none] = None
    clamped[none] = False
    found = TotalColumns(subtotals, total, factor, capped_at, clamped.astype(np.bool_),
                         applicable_rows.astype(np.int64))
    for index in np.flatnonzero(slow).tolist():
        found.put(index, _exactly(cells, rows[read.owner == index], pools, executions[index],
                                  execution_weight, not_applicable, places), pools)
    return found


def _sums(read: _Rows, weight: npt.NDArray[np.int64], final: npt.NDArray[np.int64], count: int,
          pools: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64],
                               npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Per project: the scores of its applicable rows per pool, the weights of its applicable
    and of its 不适用 rows, and how many applicable rows it has."""
    na = read.not_applicable
    applicable = ~na
    flat = np.zeros(count * pools, dtype=np.int64)
    np.add.at(flat, read.owner[applicable] * pools + read.pool[applicable], final[applicable])
    weight_applicable = np.zeros(count, dtype=np.int64)
    np.add.at(weight_applicable, read.owner[applicable], weight[applicable])
    weight_not_applicable = np.zeros(count, dtype=np.int64)
    np.add.at(weight_not_applicable, read.owner[na], weight[na])
    return (flat.reshape(count, pools), weight_applicable, weight_not_applicable,
            group_count(read.owner, applicable, count))


def _not_applicable_rows(cells: IndicatorCells, rows: npt.NDArray[np.intp]) -> npt.NDArray[
        np.bool_]:
    """Whether each of ``rows`` is 不适用, worked out once per distinct (applicable, flags)."""
    applicable_codes, applicable = distinct_codes(objects(cells.applicable)[rows])
    flag_codes, flags = distinct_codes(objects(cells.flags)[rows])
    combos = combined_codes(applicable_codes, flag_codes)
    if not len(combos):
        return np.zeros(0, dtype=np.bool_)
    first = first_rows(combos)
    said = [_not_applicable(applicable[applicable_codes[row]], flags[flag_codes[row]])
            for row in first.tolist()]
    return np.array(said, dtype=np.bool_)[combos]


def _totals(scored: npt.NDArray[np.int64], weight_applicable: npt.NDArray[np.int64],
            weight_not_applicable: npt.NDArray[np.int64], scores: list[Decimal | None],
            caps: list[Decimal | None], line_points: int, rule: NotApplicableRule, scale: int,
            places: int) -> tuple[Objects, Objects, Objects, Objects]:
    """Per project: total (rounded once), 不适用 factor, the cap that lowered it and whether it
    was limited to 100; on exact Python integers (a total is numerator / denominator units)."""
    unit = 10**scale
    execution = objects([_scaled(s, scale) if s is not None and _fits(s) else 0 for s in scores])
    line = objects([line_points if s is not None else 0 for s in scores])
    applicable = objects(weight_applicable.tolist())
    missing = objects(weight_not_applicable.tolist())
    summed = objects(scored.tolist())
    rescaled = (weight_not_applicable > 0) & (weight_applicable > 0)
    if rule == "indicator_points":
        top, bottom = applicable + missing, np.where(rescaled, applicable, 1)
        numerator = np.where(rescaled, summed * top + execution * bottom, summed + execution)
    else:
        top, bottom = applicable + missing + line, np.where(rescaled, applicable + line, 1)
        numerator = np.where(rescaled, (summed + execution) * top, summed + execution)
    denominator = bottom
    factor = objects([Fraction(int(t), int(b)) if on else None for t, b, on in zip(
        top.tolist(), bottom.tolist(), rescaled.tolist(), strict=True)])
    cap_units = objects([_scaled(c, scale) if c is not None and _fits(c) else 0 for c in caps])
    has_cap = np.array([c is not None for c in caps], dtype=np.bool_)
    capped = has_cap & np.asarray(numerator > cap_units * denominator, dtype=np.bool_)
    numerator = np.where(capped, cap_units, numerator)
    denominator = np.where(capped, 1, denominator)
    hundred = int(MAX_TOTAL) * unit
    clamped = np.asarray(numerator > hundred * denominator, dtype=np.bool_)
    numerator = np.where(clamped, hundred, numerator)
    denominator = np.where(clamped, 1, denominator)
    total = _decimals(_half_up(numerator * 10**places, denominator * unit), places)
    capped_at = objects([cap if on else None for cap, on in zip(caps, capped.tolist(),
                                                                strict=True)])
    return total, factor, capped_at, objects(clamped.tolist())


def _exactly(cells: IndicatorCells, rows: npt.NDArray[np.intp], pools: Sequence[str],
             execution: ProjectExecution, execution_weight: Decimal,
             not_applicable: NotApplicableRule, places: int) -> ProjectTotal:
    """``totals.project_total`` of one project's rows (a project whose numbers do not fit the
    columns)."""
    taken: Any = cells.take(rows.tolist())
    return project_total(taken, pools, execution_score=execution.score,
                         execution_weight=execution_weight, not_applicable=not_applicable,
                         cap=execution.cap, places=places)
