"""The execution lines of many projects at once (``execution.assess_execution`` of each).

Each distinct budget and spent cell is read once; the amounts of the projects whose line can
be computed become exact integers (counts of 10^-scale 元, Python integers in object arrays,
so no amount can overflow), and 执行率, the score, the reason threshold and the caps are
column arithmetic on them: ``spent / budget`` is never rounded before the one half-up
rounding of each published number. A line that cannot be computed (an unreadable, missing
or out-of-range cell) goes through ``assess_execution`` itself, which says why.

Projects that share their (budget, spent) cells share their line: each distinct pair is
assessed once (``ExecutionLines``), so a table of many projects costs what its distinct pairs
cost (a flat table's projects often all have the same funding cells, or none).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from scoring.engine._columns import (
    Codes,
    Objects,
    combined_codes,
    distinct_codes,
    distinct_key,
    first_rows,
    objects,
)
from scoring.engine.execution import CapLike, Execution, assess_execution, parse_amount


def _amounts(cells: Objects) -> tuple[Objects, np.ndarray]:
    """Each cell as a Decimal (None when empty) and whether it could be read."""
    codes, uniques = distinct_codes(cells)
    values: list[Decimal | None] = []
    readable: list[bool] = []
    for cell in uniques:
        try:
            values.append(parse_amount(cell))
            readable.append(True)
        except ValueError:
            values.append(None)
            readable.append(False)
    if not uniques:
        return np.full(len(cells), None, dtype=object), np.zeros(len(cells), dtype=np.bool_)
    return objects(values)[codes], np.array(readable, dtype=np.bool_)[codes]


def _scaled(values: list[Decimal], scale: int) -> Objects:
    """Decimals as Python integers of 10^-scale."""
    found = []
    for value in values:
        sign, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)
        number = int("".join(map(str, digits)) or "0") * 10 ** (exponent + scale)
        found.append(-number if sign else number)
    return objects(found)


def _half_up(numerator: Objects, denominator: Objects, places: int) -> Objects:
    """Decimals of numerator / denominator (both 0 or more) rounded half up to ``places``,
    made once per distinct value."""
    rounded = (2 * numerator + denominator) // (2 * denominator)
    codes, uniques = pd.factorize(rounded)
    return objects([Decimal(int(value)).scaleb(-places) for value in uniques])[codes]


def _below(spent: Objects, budget: Objects, bound: Decimal) -> np.ndarray:
    """Whether spent / budget < ``bound``, exactly."""
    limit = Fraction(bound)
    return np.asarray(spent * limit.denominator < budget * limit.numerator, dtype=np.bool_)


@dataclass(frozen=True)
class ExecutionLines:
    """The execution lines of many projects: each distinct line once (``lines``) and, per
    project, the position of its own among them (``of``)."""

    lines: list[Execution]
    of: Codes

    def __len__(self) -> int:
        return len(self.of)

    def line(self, project: int) -> Execution:
        """The execution line of the project at position ``project``."""
        return self.lines[int(self.of[project])]

    def column(self, read: Callable[[Execution], object]) -> Objects:
        """``read`` of each project's line, called once per distinct line."""
        if not len(self.of):
            return objects([])
        found: Objects = objects([read(line) for line in self.lines])[self.of]
        return found

    def each(self) -> list[Execution]:
        """One line per project."""
        return [self.lines[position] for position in self.of.tolist()]


def execution_lines(
    budgets: Sequence[object],
    spents: Sequence[object],
    *,
    weight: Decimal,
    reason_below: Decimal,
    caps: Iterable[CapLike] = (),
    places: int = 2,
) -> ExecutionLines:
    """``assess_execution`` of each (budget, spent) pair, worked out once per distinct pair
    (cells told apart as ``_columns.distinct_key`` does)."""
    budget_codes, budget_cells = distinct_codes(objects(budgets))
    spent_codes, spent_cells = distinct_codes(objects(spents))
    pairs = combined_codes(budget_codes, spent_codes)
    first = first_rows(pairs).tolist()
    lines = _assessed([budget_cells[budget_codes[row]] for row in first],
                      [spent_cells[spent_codes[row]] for row in first], weight=weight,
                      reason_below=reason_below, caps=tuple(caps), places=places)
    return ExecutionLines(lines, pairs)


def assess_executions(
    budgets: Sequence[object],
    spents: Sequence[object],
    *,
    weight: Decimal,
    reason_below: Decimal,
    caps: Iterable[CapLike] = (),
    places: int = 2,
) -> list[Execution]:
    """``assess_execution`` of each (budget, spent) pair, equal to it line for line."""
    return execution_lines(budgets, spents, weight=weight, reason_below=reason_below,
                           caps=caps, places=places).each()


def _assessed(
    budgets: Sequence[object],
    spents: Sequence[object],
    *,
    weight: Decimal,
    reason_below: Decimal,
    caps: tuple[CapLike, ...],
    places: int,
) -> list[Execution]:
    """``assess_execution`` of each (budget, spent) pair, the lines that can be computed as
    column arithmetic."""
    budget, budget_read = _amounts(objects(budgets))
    spent, spent_read = _amounts(objects(spents))
    clean = np.flatnonzero(budget_read & spent_read & ~pd.isna(budget) & ~pd.isna(spent))
    clean = clean[np.asarray((budget[clean] > 0) & (spent[clean] >= 0), dtype=np.bool_)]
    found: list[Execution | None] = [None] * len(budget)
    if len(clean):
        amounts = [*budget[clean].tolist(), *spent[clean].tolist()]
        scale = max(0, *(-int(value.as_tuple().exponent) for value in amounts))
        b = _scaled(budget[clean].tolist(), scale)
        s = _scaled(spent[clean].tolist(), scale)
        share = Fraction(weight)
        rate = _half_up(s * 10_000, b, 2)
        score = _half_up(np.minimum(s, b) * share.numerator * 10**places,
                         b * share.denominator, places)
        reason = _below(s, b, reason_below)
        cap = np.full(len(clean), None, dtype=object)
        for limit in sorted(caps, key=lambda c: c.max_total):
            cap[pd.isna(cap) & _below(s, b, limit.below)] = limit.max_total
        for row, r, sc, why, c in zip(clean.tolist(), rate.tolist(), score.tolist(),
                                      reason.tolist(), cap.tolist(), strict=True):
            found[row] = Execution(rate=r, score=sc, reason_required=why, cap=c)
    # The other lines (empty, unreadable or zero amounts) are read once per distinct pair of
    # cells: a flat table's projects all have the same empty budget and spent.
    seen: dict[tuple[Hashable, Hashable], Execution] = {}
    for row, line in enumerate(found):
        if line is None:
            key = (distinct_key(budgets[row]), distinct_key(spents[row]))
            if key not in seen:
                seen[key] = assess_execution(budgets[row], spents[row], weight=weight,
                                             reason_below=reason_below, caps=caps,
                                             places=places)
            found[row] = seen[key]
    return [line for line in found if line is not None]
