"""Weights of the indicator rows: given ones checked, missing ones distributed (domain.md §3).

Each row scores in a pool: the scheme's 一级 its ``level1`` text maps to (``scheme.pool_of``;
a leading ``项目``, as in ``项目产出(30分)``, is not part of the name), or the single pool
``指标`` (100 − execution points) when the scheme has no 一级 weights. A given weight is a
number of points; one printed as a percentage (``20%``, as Sichuan tables print them) is that
many points of the 100-point table.
Within one project (``project_id``; the whole table when there is none), each pool's points
minus the weights given in it are spread over the pool's rows without a weight:

* ``equal_per_indicator``: equally over those rows;
* ``equal_per_level2``: equally over their distinct 二级 (in table order), then equally over
  each 二级's rows.

A 一级 text may print its points (``产出指标(40分)``, ``产出指标（40分）``, ``产出指标40分``;
decimals allowed). When every row of a pool in a project prints them, and no 一级 prints two
different values there, the pool's points in that project are the printed ones (summed over
its distinct 一级, e.g. ``产出指标(40分)`` and ``成本指标(10分)`` sharing the 产出 pool: 50),
for the distribution and for the checks below, and its rows are marked ``weight_declared``;
otherwise the scheme's points stand (and a 一级 printed with two different values is a
warning). The execution points are always the scheme's.

A row's 一级 text is matched by its name without printed points or a leading 项目/部门, then by
the scheme's synonyms (``效果指标`` → 效益, ``項目產出`` → 产出). A blank 一级, or one that
prints only its points (``(50分)``), is read from the row's 二级 by the scheme's tree
(数量/质量/时效/成本 → 产出 …) and the row is marked ``level1_inferred``; a 二级 that names no
一级 there is an error for that row. A 一级 the scheme does not know is scored with the 分值 the
row prints, in a pool of its own named as printed (``综合管理``), and marked ``unknown_level1``;
without a printed 分值 it is an error (there is nothing to score it with). A row printing
neither 一级 nor 二级 but a 分值 (a table listing indicators only) scores the same way in the
pool ``未列一级``.

Every split is exact: each part is ``points / n`` rounded half-up to the scheme's places, and
the LAST part takes what is left, so the parts add up to the points exactly
(50 over 3 rows → 16.67, 16.67, 16.66).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from scoring.engine.execution import parse_amount
from scoring.engine.rounding import round_half_up
from scoring.model.codes import Flag, ProblemCode, Status
from scoring.model.limits import shown, weight_problem
from weights import Scheme, compact, level1_key, printed_points
from weights import level1_name as bare_level1_name

#: Columns ``distribute_weights`` adds besides ``pool``, ``weight_used`` and ``weight_source``:
#: the worst weight problem of a row (a ``Status``), the ``ProblemCode`` of its first error
#: ('' without one) and the explanation of every problem.
WEIGHT_STATUS = "weight_status"
WEIGHT_CODE = "weight_code"
WEIGHT_MESSAGE = "weight_message"
#: Column ``distribute_weights`` adds: True on the rows whose pool takes the points printed in
#: the table's 一级 text instead of the scheme's.
WEIGHT_DECLARED = "weight_declared"

#: Column ``distribute_weights`` adds: per row, the flags its 一级 earned (``level1_inferred``
#: or ``unknown_level1``, then ``declared_points``), a tuple.
WEIGHT_FLAGS = "weight_flags"

#: The subtotal of rows printed without 一级 and 二级 (a table listing indicators only).
NO_LEVEL1 = "未列一级"


def split_exactly(points: Decimal, parts: int, places: int) -> list[Decimal]:
    """``points`` in ``parts`` equal shares at ``places`` decimals; the last takes the rest."""
    if parts <= 0:
        return []
    share = round_half_up(Fraction(points) / parts, places)
    return [share] * (parts - 1) + [points - share * (parts - 1)]


#: A prefix some layouts put before the 一级 name (宁夏: 项目决策, 项目管理, 项目产出, 项目效益).
_LEVEL1_PREFIX = "项目"


def level1_name(text: str) -> str:
    """A 一级 text without the ``项目`` some layouts print before it (``项目产出(30分)``)."""
    name = "".join(unicodedata.normalize("NFKC", text).split())
    return name.removeprefix(_LEVEL1_PREFIX) if len(name) > len(_LEVEL1_PREFIX) else name


def pool_of(text: str, scheme: Scheme) -> str | None:
    """The pool a row's 一级 text scores in under ``scheme``; None when it names no pool."""
    return scheme.pool_of(text) or scheme.pool_of(level1_name(text))


def printed_name(text: str) -> str:
    """A 一级 text as a pool name of its own: NFKC, no whitespace, no printed points or code
    (``综合管理(30分)`` → ``综合管理``)."""
    return bare_level1_name(text)


def has_name(text: str) -> bool:
    """Whether a 一级 text names a 一级 (it is neither blank nor only points)."""
    return bool(level1_key(text))


def declared_points(text: str) -> Decimal | None:
    """The points a 一级 text prints at its end or start (``产出指标(40分)``, ``项目管理 13 分``,
    ``(20分)项目决策``, ``投入(14)`` → 40, 13, 20, 14); None when it prints none, or 0."""
    value = printed_points(text)
    return value if value is not None and value > 0 else None


def _declaring_level1(text: str) -> str:
    """The 一级 a text names, without its printed points and ``项目`` prefix, as the scheme
    tells 一级 apart (first two characters): ``项目产出(30分)`` → ``产出``."""
    return level1_key(text)[:2]


def weight_points(cell: object) -> Decimal | None:
    """A 分值 cell as points; ``20%`` (a share of the 100-point table) is 20 points.

    None when empty; raises ValueError naming the cell for anything else.
    """
    if isinstance(cell, str):
        text = unicodedata.normalize("NFKC", cell).strip()
        if text.endswith("%"):
            core = text.removesuffix("%").strip()
            if not core:
                raise ValueError(f"not a number: {cell!r}")
            return parse_amount(core)
    return parse_amount(cell)


def _given_weights(df: pd.DataFrame) -> tuple[list[Decimal | None], list[str]]:
    """The given weight of each row (None when empty) and an error text per unreadable cell."""
    if "weight" not in df.columns:
        return [None] * len(df), [""] * len(df)
    values: list[Decimal | None] = []
    errors: list[str] = []
    for cell in df["weight"].tolist():
        try:
            value = weight_points(cell)
        except ValueError as exc:
            values.append(None)
            reason = "" if str(exc).startswith("not a ") else f" ({exc})"
            errors.append(f"expected a number of points, got {shown(cell)}{reason}")
            continue
        if value is not None and value <= 0:
            errors.append(f"expected a weight above 0, got {value}")
            value = None
        else:
            errors.append("")
        values.append(value)
    return values, errors


def _within_limits(
    given: Sequence[Decimal | None], errors: Sequence[str]
) -> tuple[list[Decimal | None], list[str]]:
    """Given weights out of the limits (above the table's 100 points) become errors, never
    capped; the weight is then unknown."""
    values = list(given)
    messages = list(errors)
    for row, value in enumerate(given):
        problem = weight_problem(value) if value is not None and not messages[row] else ""
        if problem:
            values[row] = None
            messages[row] = problem
    return values, messages


class _Notes:
    """Per-row weight problems: worst status kept, the code of the first error, messages in
    order."""

    def __init__(self, size: int) -> None:
        self.status = [Status.OK] * size
        self.codes = [""] * size
        self.messages: list[list[str]] = [[] for _ in range(size)]

    def add(self, row: int, code: ProblemCode | None, message: str) -> None:
        """A problem of ``row``: an error with its ``code``, or a warning (code None)."""
        if message in self.messages[row]:
            return
        self.messages[row].append(message)
        if code is not None and not self.codes[row]:
            self.codes[row] = code
        if code is not None:
            self.status[row] = Status.ERROR
        elif self.status[row] is Status.OK:
            self.status[row] = Status.WARNING


def _fill(
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


def _cell_text(cell: object) -> str:
    """A 一级/二级 cell as text ('' when empty or missing)."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return ""
    return str(cell)


def _resolve_level1(
    level1: Sequence[str], level2: Sequence[str], given: Sequence[Decimal | None],
    scheme: Scheme, notes: _Notes,
) -> tuple[list[str | None], list[tuple[str, ...]], list[str]]:
    """The pool of every row, the 一级 flags it earns, and the extra pools (unknown 一级
    scored with their printed 分值) in order of first appearance."""
    by_text = {text: pool_of(text, scheme) for text in set(level1)}
    inferred_by = {text: scheme.level1_of_level2(text) for text in set(level2)}
    pools: list[str | None] = []
    flags: list[tuple[str, ...]] = []
    extra: dict[str, None] = {}
    known = ", ".join(scheme.weights.pool_names)
    for row, text in enumerate(level1):
        pool = by_text[text]
        if pool is not None:
            pools.append(pool)
            flags.append(())
            continue
        if not compact(text) and not compact(level2[row]) and given[row] is not None:
            # A table that prints no tree at all (indicators only): the printed 分值 scores.
            extra[NO_LEVEL1] = None
            pools.append(NO_LEVEL1)
            flags.append((Flag.UNKNOWN_LEVEL1,))
            continue
        if not has_name(text):
            found, candidates = inferred_by[level2[row]]
            pools.append(found)
            flags.append((Flag.LEVEL1_INFERRED,) if found is not None else ())
            if found is None:
                what = "blank" if not compact(text) else f"only points ({text!r})"
                why = (f"fits {' and '.join(candidates)} alike" if candidates
                       else "names none of the scheme's 二级")
                notes.add(row, ProblemCode.LEVEL1_UNREADABLE,
                          f"the 一级 is {what} and the 二级 {level2[row]!r} {why}, so the 一级 "
                          f"cannot be read (expected a 一级 of {known}, or a 二级 such as "
                          f"{_level2_examples(scheme)})")
            continue
        if given[row] is not None:
            name = printed_name(text)
            extra[name] = None
            pools.append(name)
            flags.append((Flag.UNKNOWN_LEVEL1,))
            continue
        pools.append(None)
        flags.append(())
        notes.add(row, ProblemCode.LEVEL1_UNKNOWN,
                  f"unknown 一级 {text!r} (expected one of {known}); without a printed 分值 "
                  f"the row cannot be scored")
    return pools, flags, list(extra)


def _level2_examples(scheme: Scheme) -> str:
    """A few 二级 words of the scheme's tree, for an error message."""
    words = [words[0] for words in scheme.tree.level2.values() if words]
    return "/".join(words) if words else "none: the scheme lists no 二级"


def distribute_weights(df: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """A copy of ``df`` with ``pool``, ``weight_used`` (Decimal), ``weight_source``
    (``given``/``distributed``), the weight problems of each row, ``weight_declared``
    (the pool takes the points printed in the 一级 text) and ``weight_flags`` (the 一级 flags
    of the row: ``level1_inferred``/``unknown_level1``, then ``declared_points``).

    Problems (domain.md §3): an unreadable or non-positive weight, an unknown 一级 without a
    printed 分值 and a blank 一级 whose 二级 names no 一级 are errors; a pool whose given weights
    leave nothing for its rows without a weight is an error on those rows; a pool whose
    weights are all given but do not add up to its points, and a project whose weights are all
    given but do not add up to 100 − execution (its pools' points when some are printed), and
    a 一级 printed with two different points, are warnings.
    """
    out = df.copy()
    size = len(out)
    places = scheme.rounding.places
    level1 = [_cell_text(text) for text in out["level1"].tolist()]
    level2 = ([_cell_text(text) for text in out["level2"].tolist()] if "level2" in out
              else [""] * size)
    given, errors = _given_weights(out)
    given, errors = _within_limits(given, errors)
    notes = _Notes(size)
    for row, error in enumerate(errors):
        if error:
            notes.add(row, ProblemCode.WEIGHT_INVALID, error)
    pools, level1_flags, extra = _resolve_level1(level1, level2, given, scheme, notes)
    used: list[Decimal | None] = list(given)
    source = ["given" if value is not None else "distributed" for value in given]
    projects: list[Hashable] = (
        out["project_id"].tolist() if "project_id" in out.columns else [0] * size
    )
    by_project: dict[Hashable, list[int]] = {}
    for row, project in enumerate(projects):
        by_project.setdefault(project, []).append(row)
    texts = set(level1)
    printed = {text: declared_points(text) for text in texts}
    naming = {text: _declaring_level1(text) for text in texts}
    declarations = [(naming[text], printed[text]) for text in level1]
    declared = [False] * size
    for rows in by_project.values():
        _distribute_project(rows, pools, level2, given, errors, used, notes, scheme, places,
                            declarations, declared, extra)
    out["pool"] = pools
    out["weight_used"] = pd.Series(used, index=out.index, dtype=object)
    out["weight_source"] = source
    out[WEIGHT_STATUS] = notes.status
    out[WEIGHT_CODE] = notes.codes
    out[WEIGHT_MESSAGE] = ["; ".join(messages) for messages in notes.messages]
    out[WEIGHT_DECLARED] = declared
    out[WEIGHT_FLAGS] = pd.Series(
        [(*found, Flag.DECLARED_POINTS) if mark else found
         for found, mark in zip(level1_flags, declared, strict=True)],
        index=out.index, dtype=object)
    return out


def result_pools(scheme: Scheme, pools: Sequence[object]) -> list[str]:
    """The subtotal pools of a scored table: the scheme's, then the 一级 of its own that the
    table printed (unknown to the scheme, scored with their printed 分值), in table order."""
    names = list(scheme.weights.pool_names)
    for pool in pools:
        if isinstance(pool, str) and pool and pool not in names:
            names.append(pool)
    return names


def _pool_points(
    pool: str,
    members: Sequence[int],
    declarations: Sequence[tuple[str, Decimal | None]],
    notes: _Notes,
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


def _distribute_project(
    rows: list[int],
    pools: Sequence[str | None],
    level2: Sequence[str],
    given: Sequence[Decimal | None],
    errors: Sequence[str],
    used: list[Decimal | None],
    notes: _Notes,
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
        points, printed = _pool_points(pool, members, declarations, notes, scheme, given)
        if printed and pool in scheme.weights.pool_names:
            printed_any = True
            expected += points - scheme.weights.pool_points(pool)
        for row in members:
            declared[row] = declared[row] or printed
        _fill_pool(_Pool(pool, members, points, printed), level2, given, errors, used, notes,
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
class _Pool:
    """One pool of one project: its rows, its points and whether the table printed them."""

    name: str
    members: list[int]
    points: Decimal
    printed: bool


def _fill_pool(
    pool: _Pool,
    level2: Sequence[str],
    given: Sequence[Decimal | None],
    errors: Sequence[str],
    used: list[Decimal | None],
    notes: _Notes,
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
    filled = _fill(missing, left, level2, scheme.distribution.missing, places)
    if any(value <= 0 for value in filled.values()):
        for row in missing:
            notes.add(row, ProblemCode.WEIGHTS_TOO_FEW,
                      f"{left} points of {pool.name} are too few to share over {len(missing)} "
                      f"rows at {places} decimals")
        return
    for row, value in filled.items():
        used[row] = value

