"""Project totals (``totals.project_total``) of every project at once, as column arithmetic.

Scores and weights are exact int64 counts of 10^-``scale`` points (``scale``: the rounding
places and every decimal of the scores, weights, execution scores and caps), summed per
project and pool with ``np.add.at``; the 不适用 rescaling, the cap, the limit of 100 and the one
half-up rounding are then worked out one array operation per step over all projects, on int64
when the largest value any step can reach stays far below 2^63 (``_integers``: the usual case),
else on exact Python integers held in object arrays (a rescaled total is a fraction whose
terms can pass int64). Projects that share an execution line read it once (``of``). A
project whose numbers do not fit (more than ``MAX_SCALE`` decimals, or sums that could pass
2^59 units) is totalled by ``totals.project_total`` itself.
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


#: An integer column: int64 when every step of the arithmetic stays far below 2^63, else
#: exact Python integers in an object array.
Integers = npt.NDArray[Any]


def _half_up(numerator: Integers, denominator: Integers) -> Integers:
    """numerator / denominator rounded half away from zero (denominators above 0)."""
    magnitude = (2 * np.abs(numerator) + denominator) // (2 * denominator)
    found: Integers = np.where(numerator < 0, -magnitude, magnitude)
    return found


def _decimals(values: Integers, places: int) -> Objects:
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


def _cells(scored: pd.DataFrame, name: str, default: object) -> Objects:
    """A column of ``scored`` as an object array (``default`` in every cell when missing)."""
    if name in scored.columns:
        return scored[name].to_numpy(dtype=object)
    return np.full(len(scored), default, dtype=object)


def _rows(scored: pd.DataFrame, project: Codes, pools: Sequence[str]) -> tuple[Codes, _Rows]:
    """The positions of the rows that count, and what the totals read of them (a pool cell
    that is not text is in no pool)."""
    pool_cells = _cells(scored, "pool", "")
    pool_index = pd.Index(list(pools), dtype=object).get_indexer(
        pd.Index(pool_cells, dtype=object)).astype(np.intp)
    rows = np.flatnonzero((pool_index >= 0) & (project >= 0))
    return rows, _Rows(project[rows].astype(np.intp), pool_index[rows],
                       _not_applicable_rows(_cells(scored, "applicable", "")[rows],
                                            _cells(scored, "flags", "")[rows]),
                       _numbers(_cells(scored, "weight_used", None)[rows]),
                       _numbers(_cells(scored, "final_score", None)[rows]))


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


@dataclass(frozen=True)
class _Lines:
    """What the totals read of the projects' execution lines, one cell per project: the
    score and cap in units (0 when none or unfit), whether each is given, and the cap."""

    score: npt.NDArray[np.int64]
    scored: npt.NDArray[np.bool_]
    cap: npt.NDArray[np.int64]
    capped: npt.NDArray[np.bool_]
    cap_value: Objects


def _lines(executions: Sequence[ProjectExecution], of: Codes, scale: int) -> _Lines:
    """``_Lines`` of the distinct ``executions``, spread over the projects by ``of``."""

    def units(value: Decimal | None) -> int:
        return _scaled(value, scale) if value is not None and _fits(value) else 0

    def spread(values: list[Any], dtype: Any) -> npt.NDArray[Any]:
        return np.array(values, dtype=dtype)[of] if values else np.zeros(len(of), dtype=dtype)

    return _Lines(spread([units(e.score) for e in executions], np.int64),
                  spread([e.score is not None for e in executions], np.bool_),
                  spread([units(e.cap) for e in executions], np.int64),
                  spread([e.cap is not None for e in executions], np.bool_),
                  objects([e.cap for e in executions])[of] if executions
                  else np.full(len(of), None, dtype=object))


def project_total_columns(
    scored: pd.DataFrame,
    project: Codes,
    executions: Sequence[ProjectExecution],
    pools: Sequence[str],
    *,
    execution_weight: Decimal,
    not_applicable: NotApplicableRule = "whole_total",
    places: int = 2,
    of: Codes | None = None,
) -> TotalColumns:
    """``totals.project_total`` of every project, as columns: ``project`` gives each row of
    ``scored`` its project (an index into the projects, -1 for a row of no project). The
    projects' execution lines are ``executions``, one per project; or, with ``of``, the
    distinct lines, ``of`` holding each project's position among them."""
    lines = list(executions)
    which = np.arange(len(lines), dtype=np.intp) if of is None else np.asarray(of, np.intp)
    count = len(which)
    rows, read = _rows(scored, project, pools)
    scale, unfit_numbers = _scale(read, lines, execution_weight, places)
    weight, weight_unfit = _units(read.weight, scale)
    final, final_unfit = _units(read.final, scale)
    slow = np.full(count, not _fits(execution_weight))
    slow[read.owner[weight_unfit | final_unfit]] = True
    bound = np.bincount(read.owner, weights=np.abs(weight.astype(float))
                        + np.abs(final.astype(float)), minlength=count)
    slow |= bound + 200.0 * 10**scale >= LIMIT
    line_unfit = np.array([id(e.score) in unfit_numbers or id(e.cap) in unfit_numbers
                           for e in lines], dtype=np.bool_)
    if len(lines):
        slow |= line_unfit[which]
    sums, weight_applicable, weight_not_applicable, applicable_rows = _sums(
        read, weight, final, count, len(pools))
    # The projects totalled by ``project_total`` itself take no part in the columns.
    sums[slow] = 0
    weight_applicable[slow] = 0
    weight_not_applicable[slow] = 0
    line_points = _scaled(execution_weight, scale) if _fits(execution_weight) else 0
    total, factor, capped_at, clamped = _totals(
        sums.sum(axis=1), weight_applicable, weight_not_applicable, _lines(lines, which, scale),
        line_points, not_applicable, scale, places)
    step = 10 ** (scale - places)
    subtotals = [_decimals(_half_up(sums[:, column], np.full(count, step, dtype=np.int64)),
                           places) for column in range(len(pools))]
    none = applicable_rows == 0
    for part in (total, factor, capped_at):
        part[none] = None
    clamped[none] = False
    found = TotalColumns(subtotals, total, factor, capped_at, clamped.astype(np.bool_),
                         applicable_rows.astype(np.int64))
    slow_projects = np.flatnonzero(slow).tolist()
    if slow_projects:
        cells = IndicatorCells.of(scored)
        for index in slow_projects:
            found.put(index, _exactly(cells, rows[read.owner == index], pools,
                                      lines[int(which[index])], execution_weight,
                                      not_applicable, places), pools)
    return found


def _scale(read: _Rows, lines: Sequence[ProjectExecution], execution_weight: Decimal,
           places: int) -> tuple[int, set[int]]:
    """The decimals every number is counted in, and the ids of the numbers that do not fit;
    the same Decimal object is looked at once (the projects share their rounded scores)."""
    numbers = {id(v): v for v in (*read.weight[1], *read.final[1],
                                  *(e.score for e in lines), *(e.cap for e in lines),
                                  execution_weight, MAX_TOTAL) if v is not None}
    unfit = {key for key, value in numbers.items() if not _fits(value)}
    return max([places, *(-_exponent(v) for key, v in numbers.items()
                          if key not in unfit)]), unfit


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


def _not_applicable_rows(applicable_cells: Objects, flag_cells: Objects) -> npt.NDArray[
        np.bool_]:
    """Whether each row is 不适用, worked out once per distinct (applicable, flags)."""
    applicable_codes, applicable = distinct_codes(applicable_cells)
    flag_codes, flags = distinct_codes(flag_cells)
    combos = combined_codes(applicable_codes, flag_codes)
    if not len(combos):
        return np.zeros(0, dtype=np.bool_)
    first = first_rows(combos)
    said = [_not_applicable(applicable[applicable_codes[row]], flags[flag_codes[row]])
            for row in first.tolist()]
    return np.array(said, dtype=np.bool_)[combos]


def _integers(*columns: npt.NDArray[np.int64], bound: int) -> list[Integers]:
    """The columns as int64 when ``bound`` (the most any step of the arithmetic can reach)
    stays below 2^62, else as exact Python integers (object arrays)."""
    if bound < 2**62:
        return [column.astype(np.int64) for column in columns]
    return [objects(column.tolist()) for column in columns]


def _largest(column: npt.NDArray[np.int64]) -> int:
    return int(np.abs(column).max()) if len(column) else 0


def _factors(top: Integers, bottom: Integers, rescaled: npt.NDArray[np.bool_]) -> Objects:
    """The exact 不适用 factor top / bottom of each rescaled project (None elsewhere), one
    Fraction per distinct pair."""
    factor = np.full(len(top), None, dtype=object)
    where = np.flatnonzero(rescaled)
    if len(where):
        pairs = combined_codes(pd.factorize(top[where])[0], pd.factorize(bottom[where])[0])
        first = first_rows(pairs)
        made = [Fraction(int(top[where[row]]), int(bottom[where[row]]))
                for row in first.tolist()]
        factor[where] = objects(made)[pairs]
    return factor


def _totals(scored: npt.NDArray[np.int64], weight_applicable: npt.NDArray[np.int64],
            weight_not_applicable: npt.NDArray[np.int64], lines: _Lines, line_points: int,
            rule: NotApplicableRule, scale: int,
            places: int) -> tuple[Objects, Objects, Objects, npt.NDArray[np.bool_]]:
    """Per project: total (rounded once), 不适用 factor, the cap that lowered it and whether it
    was limited to 100; a total is numerator / denominator units, worked out on int64 when no
    step can overflow (``_integers``), else on exact Python integers."""
    unit = 10**scale
    execution = np.where(lines.scored, lines.score, 0)
    line = np.where(lines.scored, line_points, 0).astype(np.int64)
    top_most = _largest(weight_applicable) + _largest(weight_not_applicable) + abs(line_points)
    numerator_most = (_largest(scored) + _largest(execution)) * max(top_most, 1)
    hundred = int(MAX_TOTAL) * unit
    bound = (2 * max(numerator_most, (_largest(lines.cap) + hundred) * max(top_most, 1))
             * 10**places + 2 * max(top_most, 1) * unit)
    summed, execution, line, applicable, missing, cap_units = _integers(
        scored, execution, line, weight_applicable, weight_not_applicable, lines.cap,
        bound=bound)
    rescaled = (weight_not_applicable > 0) & (weight_applicable > 0)
    if rule == "indicator_points":
        top, bottom = applicable + missing, np.where(rescaled, applicable, 1)
        numerator = np.where(rescaled, summed * top + execution * bottom, summed + execution)
    else:
        top, bottom = applicable + missing + line, np.where(rescaled, applicable + line, 1)
        numerator = np.where(rescaled, (summed + execution) * top, summed + execution)
    denominator = bottom
    factor = _factors(top, bottom, rescaled)
    capped = lines.capped & np.asarray(numerator > cap_units * denominator, dtype=np.bool_)
    numerator = np.where(capped, cap_units, numerator)
    denominator = np.where(capped, 1, denominator)
    clamped = np.asarray(numerator > hundred * denominator, dtype=np.bool_)
    numerator = np.where(clamped, hundred, numerator)
    denominator = np.where(clamped, 1, denominator)
    total = _decimals(_half_up(numerator * 10**places, denominator * unit), places)
    capped_at = np.full(len(capped), None, dtype=object)
    capped_at[capped] = lines.cap_value[capped]
    return total, factor, capped_at, clamped


def _exactly(cells: IndicatorCells, rows: npt.NDArray[np.intp], pools: Sequence[str],
             execution: ProjectExecution, execution_weight: Decimal,
             not_applicable: NotApplicableRule, places: int) -> ProjectTotal:
    """``totals.project_total`` of one project's rows (a project whose numbers do not fit the
    columns)."""
    taken: Any = cells.take(rows.tolist())
    return project_total(taken, pools, execution_score=execution.score,
                         execution_weight=execution_weight, not_applicable=not_applicable,
                         cap=execution.cap, places=places)
