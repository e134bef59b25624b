"""Project totals from scored indicator rows: per-一级 subtotals, 不适用 rescaling, total, grade.

For one project, with ``places`` the scheme's rounding places:

* A = the applicable rows of the scheme's pools (error rows included: they earn 0 points),
  N = the rows marked 不适用; W_A, W_N their summed ``weight_used``; s_i a row's ``final_score``
  (already rounded: a score is published once); S = Σ_{i ∈ A} s_i.
* subtotal_p = Σ_{i ∈ A, pool p} s_i, a sum of published items (exact, never rescaled, so no
  一级 ever shows more than its points).
* E = the execution score and w_E the execution points when the project's execution line is
  scored (else both 0: a framework whose 预算执行率 is a row of the tree, or no funding line).
* Without 不适用 rows: total = S + E.
* With 不适用 rows (domain.md §5), by the scheme's ``distribution.not_applicable``:

  - ``whole_total`` (the default): total = (S + E) / (W_A + w_E) × (W_A + W_N + w_E), i.e.
    Σ applicable scores / Σ applicable weights × the points at stake (100 for a complete
    table), the execution line included in both sums; ``factor`` = (W_A + W_N + w_E) /
    (W_A + w_E).
  - ``indicator_points``: total = S × (W_A + W_N) / W_A + E; ``factor`` = (W_A + W_N) / W_A.

  Under a framework without an execution line (w_E = 0) the two coincide.
* The total is then limited by the execution cap (if any) and by 100, and rounded half-up
  ONCE, from the exact fraction (``scoring.engine.rounding.round_half_up``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.engine.execution import parse_amount
from scoring.engine.rounding import round_half_up
from scoring.model.codes import Flag
from scoring.model.columns import PROJECT_RESULT_COLUMNS

#: The most points a project can earn.
MAX_TOTAL = Decimal(100)
#: Flag a scorer sets on a row it treats as not applicable.
NOT_APPLICABLE_FLAG = Flag.NOT_APPLICABLE

_TRUE = frozenset({"", "true", "yes", "y", "1", "是", "适用", "applicable"})
_FALSE = frozenset({"false", "no", "n", "0", "否", "不适用", "n/a", "na", "not applicable"})


def parse_applicable(value: object) -> bool:
    """Whether an ``applicable`` cell means applicable: empty/true/是 yes; false/否/不适用 no.

    Raises ValueError for any other text.
    """
    if value is None or (isinstance(value, float) and value != value):
        return True
    if isinstance(value, bool):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"expected empty, true/是 or false/否/不适用, got {value!r}")


def row_is_not_applicable(applicable: object, flags: object) -> bool:
    """A row is 不适用 when its ``applicable`` cell says so or the scorer flagged it."""
    flagged = NOT_APPLICABLE_FLAG in str(flags or "").split(";")
    try:
        return flagged or not parse_applicable(applicable)
    except ValueError:
        return flagged


#: Where the points of 不适用 rows go (``Distribution.not_applicable`` of a scheme).
NotApplicableRule = Literal["whole_total", "indicator_points"]


def _number(value: object) -> Fraction:
    """A score or weight cell as an exact fraction, 0 when empty or unreadable."""
    try:
        return Fraction(parse_amount(value) or 0)
    except ValueError:
        return Fraction(0)


@dataclass(frozen=True)
class ProjectTotal:
    """The totals of one project.

    ``factor`` is the exact 不适用 rescaling factor (see the module docstring), None when
    nothing was rescaled.
    ``capped_at`` is the execution cap that lowered the total, ``clamped`` whether the total was
    limited to 100. ``total`` is None when the project has no applicable indicator.
    """

    subtotals: dict[str, Decimal]
    total: Decimal | None
    factor: Fraction | None = None
    capped_at: Decimal | None = None
    clamped: bool = False
    applicable_rows: int = 0


@dataclass(frozen=True)
class IndicatorCells:
    """The cells of scored indicator rows that the totals read, one list per column (a
    missing column reads as empty cells)."""

    pool: list[Any]
    weight_used: list[Any]
    flags: list[Any]
    applicable: list[Any]
    final_score: list[Any]

    @classmethod
    def of(cls, rows: pd.DataFrame) -> IndicatorCells:
        """The cells of ``rows``."""

        def cells(name: str, default: object) -> list[Any]:
            return rows[name].tolist() if name in rows.columns else [default] * len(rows)

        return cls(cells("pool", ""), cells("weight_used", None), cells("flags", ""),
                   cells("applicable", ""), cells("final_score", None))

    def take(self, positions: Sequence[int]) -> IndicatorCells:
        """The cells of the rows at ``positions``."""
        return IndicatorCells(*([column[i] for i in positions] for column in (
            self.pool, self.weight_used, self.flags, self.applicable, self.final_score)))

    def __len__(self) -> int:
        return len(self.pool)


def project_total(
    rows: pd.DataFrame | IndicatorCells,
    pools: Sequence[str],
    *,
    execution_score: Decimal | None,
    execution_weight: Decimal,
    not_applicable: NotApplicableRule = "whole_total",
    cap: Decimal | None = None,
    places: int = 2,
) -> ProjectTotal:
    """Subtotals and total of one project's scored rows (see the module docstring).

    ``execution_weight`` is the points of the execution line; it counts in the 不适用
    rescaling only when ``execution_score`` is not None (the line was scored).
    """
    cells = rows if isinstance(rows, IndicatorCells) else IndicatorCells.of(rows)
    sums = dict.fromkeys(pools, Fraction(0))
    weight_applicable = Fraction(0)
    weight_not_applicable = Fraction(0)
    applicable_rows = 0
    for pool_cell, weight_cell, flags, applicable, final in zip(
        cells.pool, cells.weight_used, cells.flags, cells.applicable, cells.final_score,
        strict=True,
    ):
        pool = pool_cell if isinstance(pool_cell, str) else ""
        if pool not in sums:
            continue
        weight = _number(weight_cell)
        if _not_applicable(applicable, flags):
            weight_not_applicable += weight
            continue
        applicable_rows += 1
        weight_applicable += weight
        sums[pool] += _number(final)
    subtotals = {pool: round_half_up(points, places) for pool, points in sums.items()}
    if not applicable_rows:
        return ProjectTotal(subtotals, None)
    scored = sum(sums.values(), Fraction(0))
    execution = Fraction(execution_score) if execution_score is not None else Fraction(0)
    line = Fraction(execution_weight) if execution_score is not None else Fraction(0)
    total, factor = scored + execution, None
    if weight_not_applicable > 0 and weight_applicable > 0:
        if not_applicable == "indicator_points":
            factor = (weight_applicable + weight_not_applicable) / weight_applicable
            total = scored * factor + execution
        else:
            factor = ((weight_applicable + weight_not_applicable + line)
                      / (weight_applicable + line))
            total = (scored + execution) * factor
    capped_at = cap if cap is not None and total > cap else None
    if capped_at is not None:
        total = Fraction(capped_at)
    clamped = total > MAX_TOTAL
    if clamped:
        total = Fraction(MAX_TOTAL)
    return ProjectTotal(subtotals, round_half_up(total, places), factor, capped_at, clamped,
                        applicable_rows)


@lru_cache(maxsize=4096)
def _text_not_applicable(applicable: str, flags: str) -> bool:
    return row_is_not_applicable(applicable, flags)


def _not_applicable(applicable: object, flags: object) -> bool:
    """``row_is_not_applicable``, remembered for the usual text cells."""
    if type(applicable) is str and type(flags) is str:
        return _text_not_applicable(applicable, flags)
    return row_is_not_applicable(applicable, flags)


def _factor_text(factor: Fraction | None) -> Decimal | None:
    """The 不适用 rescaling factor to 4 places for display (the total uses it exactly)."""
    return None if factor is None else round_half_up(factor, 4)


#: One cell per project: a list or a 1-d array.
Cells = Sequence[object] | npt.NDArray[Any]

#: The result columns of a project after its subtotals, with the value of a project not found.
_RESULT_DEFAULTS: dict[str, object] = {
    "execution_rate": None, "execution_score": None, "total": None, "grade": "",
    "warnings": 0, "errors": 0, "not_applicable_factor": None,
}


def projects_result_table(
    projects: pd.DataFrame,
    canonical: Iterable[str],
    pools: Sequence[str],
    keys: Sequence[str],
    columns: Mapping[str, Cells],
) -> pd.DataFrame:
    """The projects table of a result: canonical columns, one subtotal per pool, the result
    columns, then any extra input columns; ``columns`` holds one cell per project of ``keys``
    for each pool and each result column (``not_applicable_factor`` the exact factor, shown
    to 4 places); a project row whose key is not among ``keys`` gets empty results."""
    canonical = list(canonical)
    extras = [c for c in projects.columns if c not in canonical and c not in pools
              and c not in PROJECT_RESULT_COLUMNS and c != "source_row"]
    table = projects.reindex(columns=canonical).fillna("")
    table = table.reset_index(drop=True)
    row_keys = pd.Index(table["project_id"].astype(str).to_numpy(dtype=object), dtype=object)
    where = pd.Index(list(keys), dtype=object).get_indexer(row_keys)
    missing = where < 0

    def spread(cells: Cells, default: object) -> npt.NDArray[np.object_]:
        values = np.empty(len(cells) + 1, dtype=object)
        values[:-1] = list(cells) if not isinstance(cells, np.ndarray) else cells
        values[-1] = default
        return values[np.where(missing, len(cells), where)]

    for pool in pools:
        table[pool] = pd.Series(spread(columns[pool], None), dtype=object)
    for name, default in _RESULT_DEFAULTS.items():
        cells = columns[name]
        if name == "not_applicable_factor":
            cells = _factor_texts(cells)
        spread_cells = spread(cells, default)
        table[name] = (spread_cells.astype(np.int64) if name in ("warnings", "errors")
                       else pd.Series(spread_cells, dtype=object))
    for extra in extras:
        table[extra] = projects[extra].reset_index(drop=True)
    return table


def _factor_texts(factors: Cells) -> list[object]:
    """``_factor_text`` of each factor, worked out once per project that has one."""
    found: list[object] = [None] * len(factors)
    for position, factor in enumerate(factors):
        if factor is not None:
            found[position] = _factor_text(factor)
    return found
