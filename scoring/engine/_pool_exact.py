"""The exact weight rule of one project, in Decimals (domain.md §3).

``distribute_project`` checks the given weights of a project's pools and spreads what is left
over the rows without a weight, one project at a time; it is the reference the column
arithmetic of ``scoring.engine._pool_columns`` equals, and the path of the projects that raise a
weight problem (their messages quote the exact sums) or whose numbers do not fit the columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

from scoring.engine.rounding import round_half_up
from scoring.model.codes import ProblemCode, Status
from weights import Scheme


def split_exactly(points: Decimal, parts: int, places: int) -> list[Decimal]:
    """``points`` in ``parts`` equal shares at ``places`` decimals; the last takes the rest."""
    if parts <= 0:
        return []
    share = round_half_up(Fraction(points) / parts, places)
    return [share] * (parts - 1) + [points - share * (parts - 1)]


class NoteSink(Protocol):
    """Where the weight problems of rows are written."""

    def add(self, row: int, code: ProblemCode | None, message: str) -> None: ...


class Notes:
    """Per-row weight problems, kept only for the rows that have one: the worst status, the
    code of the first error, the messages in order."""

    def __init__(self) -> None:
        self.status: dict[int, Status] = {}
        self.codes: dict[int, str] = {}
        self.messages: dict[int, list[str]] = {}

    def add(self, row: int, code: ProblemCode | None, message: str) -> None:
        """A problem of ``row``: an error with its ``code``, or a warning (code None)."""
        found = self.messages.setdefault(row, [])
        if message in found:
            return
        found.append(message)
        if code is not None:
            self.codes.setdefault(row, code)
            self.status[row] = Status.ERROR
        elif self.status.get(row, Status.OK) is Status.OK:
            self.status[row] = Status.WARNING


@dataclass(frozen=True, slots=True)
class Rebased:
    """A ``NoteSink`` for a part of a table: row ``i`` of the part is row ``rows[i]`` of
    ``notes``."""

    notes: NoteSink
    rows: Sequence[int]

    def add(self, row: int, code: ProblemCode | None, message: str) -> None:
        self.notes.add(self.rows[row], code, message)


def fill(
    rows: Sequence[int],
    points: Decimal,
    level2: Sequence[str],
    missing: str,
    places: int,
) -> dict[int, Decimal]:
    """Distribute ``points`` over ``rows`` (positions) by the scheme's rule."""
    if missing == "equal_per_level2":
        groups: dict[str, list[int]] = {}
        for row in rows:
            groups.setdefault(level2[row], []).append(row)
        filled: dict[int, Decimal] = {}
        for group_points, members in zip(
            split_exactly(points, len(groups), places), groups.values(), strict=True
        ):
            filled.update(zip(members, split_exactly(group_points, len(members), places),
                              strict=True))
        return filled
    return dict(zip(rows, split_exactly(points, len(rows), places), strict=True))


def pool_points(
    pool: str,
    members: Sequence[int],
    declarations: Sequence[tuple[str, Decimal | None]],
    notes: NoteSink,
    scheme: Scheme,
    given: Sequence[Decimal | None],
) -> tuple[Decimal, bool]:
    """The points of ``pool`` for its rows ``members`` of one project, and whether they are
    the ones printed in the 一级 texts (else the scheme's; for a 一级 the scheme does not
    know, the printed 分值 of its rows)."""
    points = (scheme.weights.pool_points(pool) if pool in scheme.weights.pool_names
              else sum((given[row] or Decimal(0) for row in members), Decimal(0)))
    by_level1: dict[str, set[Decimal]] = {}
    every_row = True
    for row in members:
        name, value = declarations[row]
        if value is None:
            every_row = False
        else:
            by_level1.setdefault(name, set()).add(value)
    clashing = sorted({value for values in by_level1.values() if len(values) > 1
                       for value in values})
    if clashing:
        shown = ", ".join(f"{value}分" for value in clashing)
        for row in members:
            notes.add(row, None, f"the 一级 under {pool} print different points ({shown}); "
                                      f"the scheme's {points} are used")
        return points, False
    if not every_row:
        return points, False
    return sum((next(iter(values)) for values in by_level1.values()), Decimal(0)), True


def distribute_project(
    rows: list[int],
    pools: Sequence[str | None],
    level2: Sequence[str],
    given: Sequence[Decimal | None],
    errors: Sequence[str],
    used: list[Decimal | None],
    notes: NoteSink,
    scheme: Scheme,
    places: int,
    declarations: Sequence[tuple[str, Decimal | None]],
    declared: list[bool],
    extra: Sequence[str] = (),
) -> None:
    """Fill and check the weights of one project's rows (positions ``rows``); mark in
    ``declared`` the rows whose pool takes the points printed in the table. The ``extra``
    pools (一级 unknown to the scheme) have only printed weights: they are checked against
    the points their 一级 prints, never filled, and leave the project's expected total as is."""
    expected = scheme.weights.indicator_points
    printed_any = False
    for pool in (*scheme.weights.pool_names, *extra):
        members = [row for row in rows if pools[row] == pool]
        if not members:
            continue
        points, printed = pool_points(pool, members, declarations, notes, scheme, given)
        if printed and pool in scheme.weights.pool_names:
            printed_any = True
            expected += points - scheme.weights.pool_points(pool)
        for row in members:
            declared[row] = declared[row] or printed
        fill_pool(Pool(pool, members, points, printed), level2, given, errors, used, notes,
                   scheme, places)
    if all(given[row] is not None and pools[row] is not None for row in rows):
        total = sum((given[row] or Decimal(0) for row in rows), Decimal(0))
        if total != expected:
            basis = (f"{expected}, the points of its 一级 (as printed in the table where "
                     f"printed, else the scheme's)" if printed_any
                     else f"100 − execution = {expected}")
            for row in rows:
                notes.add(row, None, f"the project's weights add up to {total}, expected "
                                     f"{basis}")


@dataclass(frozen=True, slots=True)
class Pool:
    """One pool of one project: its rows, its points and whether the table printed them."""

    name: str
    members: list[int]
    points: Decimal
    printed: bool


def fill_pool(
    pool: Pool,
    level2: Sequence[str],
    given: Sequence[Decimal | None],
    errors: Sequence[str],
    used: list[Decimal | None],
    notes: NoteSink,
    scheme: Scheme,
    places: int,
) -> None:
    """Check a pool's given weights against its points and fill its rows without one."""
    printed_note = " (printed in the table)" if pool.printed else ""
    given_sum = sum((given[row] or Decimal(0) for row in pool.members), Decimal(0))
    missing = [row for row in pool.members if given[row] is None and not errors[row]]
    if not missing:
        if given_sum != pool.points and not any(errors[row] for row in pool.members):
            for row in pool.members:
                notes.add(row, None, f"weights under {pool.name} add up to {given_sum}, "
                                     f"expected {pool.points}{printed_note}")
        return
    left = pool.points - given_sum
    if left <= 0:
        for row in missing:
            notes.add(row, ProblemCode.WEIGHTS_EXHAUSTED,
                      f"weights given under {pool.name} already use {given_sum} of its "
                      f"{pool.points} points{printed_note}; none are left for this row")
        return
    filled = fill(missing, left, level2, scheme.distribution.missing, places)
    if any(value <= 0 for value in filled.values()):
        for row in missing:
            notes.add(row, ProblemCode.WEIGHTS_TOO_FEW,
                      f"{left} points of {pool.name} are too few to share over {len(missing)} "
                      f"rows at {places} decimals")
        return
    for row, value in filled.items():
        used[row] = value

