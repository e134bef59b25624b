"""The weight rule of domain.md §3 as column arithmetic over every project at once.

Every number is an exact int64 count of 10^-``scale`` points (``scale`` at least the scheme's
rounding places and the decimals of every weight and printed point involved), so sums,
comparisons and splits are exact: a share ``points / n`` rounded half-up to ``places`` is
``(2·L + D) // (2·D)`` units of 10^-places with ``L`` the points left and
``D = n · 10^(scale − places)``; the last row of a split takes what is left. Each result also
carries the Decimal exponent the exact rule of ``_pool_exact`` gives it (``50 − 33.34``
is ``16.66``, ``50.0 − 33.34`` too, ``50.000 − 33.34`` is ``16.660``), so the Decimals made
from the columns are the same objects, digit for digit.

The columns only find where a project needs more than a split: a 一级 printed with two points,
given weights that do not add up (per pool or per project), a pool with nothing left or too
little to share. Those projects are reported as ``flagged`` and left to the exact rule, which
writes their messages; the callers check beforehand that every number fits (``fits``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scoring.engine._columns import (
    Bools,
    Ints,
    combined_codes,
    first_rows,
    group_count,
    group_min,
    group_sum,
    half_up_quotient,
    rank_in_group,
)

Codes = npt.NDArray[np.intp]
#: The most any scaled number of a project may reach (sums included): far below 2⁶³, so that
#: ``2·L + D`` and the products of a split cannot overflow.
LIMIT = 2**59


@dataclass(frozen=True)
class PoolInputs:
    """The rows to distribute (all of the same ``scale``), each with its project code, pool
    index (``-1``: no pool; below ``scheme_pools``: a pool of the scheme, else a 一级 of the
    table's own), given weight (``given``, 0 where none, and its exponent), whether it has an
    unusable weight (``invalid``), its printed 一级 points (``declared``, a 一级 name code and
    the points' exponent) and its 二级 code."""

    project: Codes
    pool: Codes
    given: Ints
    given_exponent: Ints
    has_given: Bools
    invalid: Bools
    has_declared: Bools
    declared: Ints
    declared_exponent: Ints
    declared_name: Codes
    level2: Codes


@dataclass(frozen=True)
class PoolRule:
    """The scheme's side: the points and exponents of its pools, the indicator points (100 −
    execution), the rounding places, the scale of the columns and the ``missing`` rule."""

    points: Ints
    exponents: Ints
    indicator_points: int
    places: int
    scale: int
    missing: str


@dataclass(frozen=True)
class PoolResult:
    """Per row: whether a weight was filled, its value and exponent, and whether its pool takes
    the printed points; per project code: whether the exact rule must decide it."""

    filled: Bools
    value: Ints
    exponent: Ints
    declared: Bools
    flagged: Bools


@dataclass(frozen=True)
class _Groups:
    """The (project, pool) groups of the rows that are in a pool."""

    rows: npt.NDArray[np.intp]
    code: Codes
    project: Codes
    pool: Codes
    size: int


def _groups(inputs: PoolInputs) -> _Groups:
    rows = np.flatnonzero(inputs.pool >= 0)
    code = combined_codes(inputs.project[rows], inputs.pool[rows])
    size = int(code.max()) + 1 if len(code) else 0
    first = first_rows(code)
    return _Groups(rows, code, inputs.project[rows][first], inputs.pool[rows][first], size)


def _printed(inputs: PoolInputs, groups: _Groups) -> tuple[Bools, Bools, Ints, Ints]:
    """Per group: a 一级 printed with two different points (``clash``), the points printed
    on every row without a clash (``printed``), their sum over the distinct 一级 and its
    exponent (the first printed value of each 一级 counts, as a set keeps it)."""
    has = inputs.has_declared[groups.rows]
    every = group_count(groups.code, ~has, groups.size) == 0
    code = groups.code[has]
    name_group = combined_codes(code, inputs.declared_name[groups.rows][has])
    value_group = combined_codes(name_group, inputs.declared[groups.rows][has])
    first_value = first_rows(value_group)
    values_per_name = np.bincount(name_group[first_value])
    first_name = first_rows(name_group)
    group_of_name = code[first_name]
    clash = np.zeros(groups.size, dtype=np.bool_)
    clash[group_of_name[values_per_name > 1]] = True
    points = inputs.declared[groups.rows][has][first_name]
    exponents = inputs.declared_exponent[groups.rows][has][first_name]
    total = group_sum(group_of_name, points, groups.size)
    exponent = group_min(group_of_name, exponents, groups.size, 0)
    return clash, every & ~clash, total, exponent


def _split(left: Ints, parts: Ints, unit: int) -> tuple[Ints, Ints]:
    """``left`` (above 0) in ``parts`` shares rounded half-up to ``unit``: (share, last)."""
    count = np.maximum(parts, 1)
    share = half_up_quotient(np.maximum(left, 0), count * unit) * unit
    return share, left - share * (count - 1)


def _too_few(share: Ints, last: Ints, parts: Ints) -> Bools:
    """Whether a split gives a part of 0 points or less."""
    return np.asarray(((parts > 1) & (share <= 0)) | (last <= 0), dtype=np.bool_)


def _place(members: Codes, parts: Ints, share: Ints, last: Ints, last_exponent: Ints,
           places: int) -> tuple[Ints, Ints]:
    """The value and exponent of each member of a split (members in row order): the share
    (exponent -places) for all but the last, which takes the rest."""
    is_last = rank_in_group(members) == parts[members] - 1
    value = np.where(is_last, last[members], share[members])
    exponent = np.where(is_last, np.minimum(last_exponent[members], -places), -places)
    return value, exponent


def distribute(inputs: PoolInputs, rule: PoolRule, projects: int) -> PoolResult:
    """Fill the weights of every (project, pool) that needs nothing but a split, and flag the
    projects the exact rule must decide."""
    size = len(inputs.pool)
    groups = _groups(inputs)
    code, rows = groups.code, groups.rows
    clash, printed, printed_points, printed_exponent = _printed(inputs, groups)
    has_given = inputs.has_given[rows]
    given_sum = group_sum(code, inputs.given[rows], groups.size)
    given_exponent = group_min(code, np.where(has_given, inputs.given_exponent[rows], 0),
                               groups.size, 0)
    missing = ~has_given & ~inputs.invalid[rows]
    count = group_count(code, missing, groups.size)
    invalid = group_count(code, inputs.invalid[rows], groups.size) > 0
    own = groups.pool >= len(rule.points)
    scheme_pool = np.where(own, 0, groups.pool)
    points = np.where(printed, printed_points,
                      np.where(own, given_sum, rule.points[scheme_pool]))
    exponent = np.where(printed, printed_exponent,
                        np.where(own, given_exponent, rule.exponents[scheme_pool]))
    left = points - given_sum
    left_exponent = np.minimum(exponent, given_exponent)
    complete = count == 0
    flagged_group = (clash | (complete & (given_sum != points) & ~invalid)
                     | (~complete & (left <= 0)))
    fill = ~complete & (left > 0)
    value = np.zeros(size, dtype=np.int64)
    value_exponent = np.zeros(size, dtype=np.int64)
    target = missing & fill[code]
    members, member_rows = code[target], rows[target]
    unit = 10 ** (rule.scale - rule.places)
    if rule.missing == "equal_per_level2":
        level2 = combined_codes(members, inputs.level2[member_rows])
        first = first_rows(level2)
        group_of = members[first]
        parts = np.bincount(group_of, minlength=groups.size).astype(np.int64)
        share, last = _split(np.where(fill, left, 0), parts, unit)
        ordinal = rank_in_group(group_of)
        is_last = ordinal == parts[group_of] - 1
        level2_points = np.where(is_last, last[group_of], share[group_of])
        level2_exponent = np.where(is_last, np.minimum(left_exponent[group_of], -rule.places),
                                   -rule.places)
        inner = np.bincount(level2).astype(np.int64)
        share2, last2 = _split(level2_points, inner, unit)
        bad = (level2_points <= 0) | _too_few(share2, last2, inner)
        flagged_group[group_of[bad]] = True
        placed = _place(level2, inner, share2, last2, level2_exponent, rule.places)
    else:
        share, last = _split(np.where(fill, left, 0), count, unit)
        flagged_group |= fill & _too_few(share, last, count)
        placed = _place(members, count, share, last, left_exponent, rule.places)
    value[member_rows], value_exponent[member_rows] = placed
    flagged = np.zeros(projects, dtype=np.bool_)
    flagged[groups.project[flagged_group]] = True
    flagged |= _project_total_differs(inputs, rule, groups, printed, points, projects)
    filled = np.zeros(size, dtype=np.bool_)
    filled[member_rows] = True
    declared = np.zeros(size, dtype=np.bool_)
    declared[rows] = printed[code]
    return PoolResult(filled, value, value_exponent, declared, flagged)


def _project_total_differs(inputs: PoolInputs, rule: PoolRule, groups: _Groups,
                           printed: Bools, points: Ints, projects: int) -> Bools:
    """Per project: every weight is given and in a pool, and they do not add up to 100 −
    execution (the printed points of its pools of the scheme where printed)."""
    incomplete = ~inputs.has_given | (inputs.pool < 0)
    complete = group_count(inputs.project, incomplete, projects) == 0
    total = group_sum(inputs.project, inputs.given, projects)
    own = groups.pool >= len(rule.points)
    scheme_points = rule.points[np.where(own, 0, groups.pool)]
    change = np.where(printed & ~own, points - scheme_points, 0)
    expected = rule.indicator_points + group_sum(groups.project, change, projects)
    return np.asarray(complete & (total != expected), dtype=np.bool_)
