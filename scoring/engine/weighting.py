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

How: each distinct 分值, 一级 and (一级, 二级) cell is read once; the splits of every project
are column arithmetic on exact scaled integers (``scoring.engine._pool_columns``); a project that
raises a weight problem, or whose numbers do not fit those columns, goes through the exact
Decimal rule of ``scoring.engine._pool_exact`` instead, which writes its messages. Both give the
same Decimals, digit for digit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.engine._columns import (
    Bools,
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
from scoring.engine._pool_columns import LIMIT, PoolInputs, PoolRule, distribute
from scoring.engine._pool_exact import Notes, Rebased, distribute_project
from scoring.engine._pool_exact import split_exactly as split_exactly
from scoring.engine.execution import parse_amount
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


def _read_weight(cell: object) -> tuple[Decimal | None, str]:
    """A 分值 cell as points (None when empty or unusable) and what is wrong with it ('' when
    nothing): unreadable, 0 or less, or above the limits (never capped)."""
    try:
        value = weight_points(cell)
    except ValueError as exc:
        reason = "" if str(exc).startswith("not a ") else f" ({exc})"
        return None, f"expected a number of points, got {shown(cell)}{reason}"
    if value is not None and value <= 0:
        return None, f"expected a weight above 0, got {value}"
    problem = weight_problem(value) if value is not None else ""
    return (None, problem) if problem else (value, "")


def _cell_text(cell: object) -> str:
    """A 一级/二级 cell as text ('' when empty or missing)."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return ""
    return str(cell)


def _texts(df: pd.DataFrame, name: str, texts: TextColumns) -> tuple[Codes, list[str]]:
    """Each row's code of its ``name`` cell as text, and the distinct texts."""
    found = texts.get(name)
    if found is not None:
        return found
    if name not in df.columns:
        return np.zeros(len(df), dtype=np.intp), [""]
    cells = df[name].to_numpy(dtype=object)
    codes, uniques = pd.factorize(objects([_cell_text(cell) for cell in cells.tolist()]))
    return codes.astype(np.intp), list(uniques)


def _project_codes(df: pd.DataFrame, texts: TextColumns) -> tuple[Codes, int]:
    """Each row's project code (one project when there is no ``project_id``), grouping the
    cells as equal keys of a dict do, and the number of projects."""
    if "project_id" not in df.columns:
        return np.zeros(len(df), dtype=np.intp), 1 if len(df) else 0
    column = df["project_id"]
    text = texts.get("project_id")
    if text is not None:
        return text[0], len(text[1])
    if column.dtype.kind in "iub":
        codes = pd.factorize(column.to_numpy())[0].astype(np.intp)
        return codes, int(codes.max()) + 1 if len(codes) else 0
    seen: dict[object, int] = {}
    found = [seen.setdefault(cell, len(seen)) for cell in column.tolist()]
    return np.array(found, dtype=np.intp), len(seen)


@dataclass(frozen=True)
class _Level1:
    """Per row: the pool index (-1 without a pool) into ``names`` (the scheme's pools, then
    the 一级 of the table's own) and the code of its 一级 flags in ``flags``."""

    pool: Codes
    names: list[str]
    flag_code: Codes
    flags: list[tuple[str, ...]]
    extra: list[str]


def _resolve_level1(level1: tuple[Codes, list[str]], level2: tuple[Codes, list[str]],
                    has_given: Bools, scheme: Scheme, notes: Notes) -> _Level1:
    """The pool of every row, the 一级 flags it earns, and the extra pools (unknown 一级
    scored with their printed 分值) in order of first appearance; worked out once per
    distinct (一级, 二级, weight given or not) and its problems written for the rows."""
    combos = combined_codes(level1[0], level2[0], has_given.astype(np.intp))
    first = first_rows(combos).tolist()
    names = list(scheme.weights.pool_names)
    index = {name: position for position, name in enumerate(names)}
    extras: dict[str, None] = {}
    known = ", ".join(scheme.weights.pool_names)
    pools: list[int] = []
    flags: list[tuple[str, ...]] = []
    problems: list[tuple[ProblemCode, str] | None] = []
    for row in first:
        text, words = level1[1][level1[0][row]], level2[1][level2[0][row]]
        pool, found, problem, extra = _resolve(text, words, bool(has_given[row]), scheme, known)
        if pool is not None and extra:
            extras[pool] = None
            if pool not in index:
                index[pool] = len(names)
                names.append(pool)
        pools.append(index[pool] if pool is not None else -1)
        flags.append(found)
        problems.append(problem)
    failed = np.array([problem is not None for problem in problems], dtype=np.bool_)
    for row in np.flatnonzero(failed[combos]).tolist():
        found = problems[combos[row]]
        assert found is not None
        notes.add(row, *found)
    return _Level1(np.array(pools, dtype=np.intp)[combos], names, combos, flags, list(extras))


def _resolve(text: str, level2: str, given: bool, scheme: Scheme, known: str
             ) -> tuple[str | None, tuple[str, ...], tuple[ProblemCode, str] | None, bool]:
    """(pool, 一级 flags, problem, whether the pool is one of the table's own) of a row with
    the 一级 ``text`` and the 二级 ``level2``."""
    pool = pool_of(text, scheme)
    if pool is not None:
        return pool, (), None, False
    if not compact(text) and not compact(level2) and given:
        # A table that prints no tree at all (indicators only): the printed 分值 scores.
        return NO_LEVEL1, (Flag.UNKNOWN_LEVEL1,), None, True
    if not has_name(text):
        found, candidates = scheme.level1_of_level2(level2)
        if found is not None:
            return found, (Flag.LEVEL1_INFERRED,), None, False
        what = "blank" if not compact(text) else f"only points ({text!r})"
        why = (f"fits {' and '.join(candidates)} alike" if candidates
               else "names none of the scheme's 二级")
        return None, (), (ProblemCode.LEVEL1_UNREADABLE,
                          f"the 一级 is {what} and the 二级 {level2!r} {why}, so the 一级 "
                          f"cannot be read (expected a 一级 of {known}, or a 二级 such as "
                          f"{_level2_examples(scheme)})"), False
    if given:
        return printed_name(text), (Flag.UNKNOWN_LEVEL1,), None, True
    return None, (), (ProblemCode.LEVEL1_UNKNOWN,
                      f"unknown 一级 {text!r} (expected one of {known}); without a printed "
                      f"分值 the row cannot be scored"), False


def _level2_examples(scheme: Scheme) -> str:
    """A few 二级 words of the scheme's tree, for an error message."""
    words = [words[0] for words in scheme.tree.level2.values() if words]
    return "/".join(words) if words else "none: the scheme lists no 二级"


#: The most decimals a weight or printed point may have to be worked out in the columns (more
#: is left to the exact Decimal rule), and the most points it may have there.
MAX_SCALE = 9
_MAX_POINTS = 10**9


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return exponent


def _scaled(value: Decimal, scale: int) -> int:
    """``value`` in units of 10^-scale, exactly (``value`` has at most ``scale`` decimals)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    number = int("".join(map(str, digits))) * int(10 ** (exponent + scale))
    return -number if sign else number


def _fits(value: Decimal | None) -> bool:
    """Whether a number can be worked out in the columns."""
    return value is None or (-_exponent(value) <= MAX_SCALE and abs(value) < _MAX_POINTS)


@dataclass(frozen=True)
class _Numbers:
    """The given weights and printed points of the distinct cells, as Decimals."""

    given: list[Decimal | None]
    declared: list[Decimal | None]

    def scale(self, scheme: Scheme) -> int:
        """The decimals the columns are counted in: the rounding places and every decimal
        of the numbers that fit."""
        points = [scheme.weights.pool_points(pool) for pool in scheme.weights.pool_names]
        found = [-_exponent(value) for value in (*self.given, *self.declared, *points,
                                                   scheme.weights.indicator_points)
                 if value is not None and _fits(value)]
        return max([scheme.rounding.places, *found])


def _column(values: Sequence[Decimal | None], scale: int, codes: Codes
            ) -> tuple[Ints, Ints, Bools]:
    """Per row, from the per-cell ``values``: scaled value (0 where none or unfit), exponent
    (0 where none) and whether the value does not fit the columns."""
    scaled = np.array([_scaled(v, scale) if v is not None and _fits(v) else 0 for v in values],
                      dtype=np.int64)
    exponent = np.array([_exponent(v) if v is not None else 0 for v in values], dtype=np.int64)
    unfit = np.array([not _fits(v) for v in values], dtype=np.bool_)
    return scaled[codes], exponent[codes], unfit[codes]


@dataclass(frozen=True)
class WeightColumns:
    """The weight columns of a table, one cell per row (see ``distribute_weights``); also
    ``points``, the used weight as a float (NaN where there is none), and ``used_codes``:
    rows with the same code have equal used weights (equal weights may have several codes);
    ``flag_codes``: rows with the same code have the same ``flags``."""

    pool: Objects
    used: Objects
    points: npt.NDArray[np.float64]
    used_codes: Codes
    source: Objects
    status: Objects
    code: Objects
    message: Objects
    declared: Bools
    flags: Objects
    flag_codes: Codes

    def attach(self, out: pd.DataFrame) -> None:
        """Add the columns to ``out`` (in place)."""
        out["pool"] = pd.Series(self.pool, index=out.index, dtype=object)
        out["weight_used"] = pd.Series(self.used, index=out.index, dtype=object)
        out["weight_source"] = pd.Series(self.source, index=out.index, dtype=object)
        out[WEIGHT_STATUS] = pd.Series(self.status, index=out.index, dtype=object)
        out[WEIGHT_CODE] = pd.Series(self.code, index=out.index, dtype=object)
        out[WEIGHT_MESSAGE] = pd.Series(self.message, index=out.index, dtype=object)
        out[WEIGHT_DECLARED] = self.declared
        out[WEIGHT_FLAGS] = pd.Series(self.flags, index=out.index, dtype=object)


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
    weight_columns(out, scheme).attach(out)
    return out


def weight_columns(df: pd.DataFrame, scheme: Scheme, *, exact: bool = False,
                   texts: TextColumns | None = None) -> WeightColumns:
    """The weight columns of ``df`` (``distribute_weights``). ``exact`` sends every project
    through the exact Decimal rule (the reference the columns are tested against); ``texts``
    shares the factorised text columns with the caller."""
    texts = texts if texts is not None else TextColumns(df)
    size = len(df)
    notes = Notes()
    weight_codes, cells = (distinct_codes(df["weight"].to_numpy(dtype=object))
                           if "weight" in df.columns else (np.zeros(size, dtype=np.intp), [None]))
    read = [_read_weight(cell) for cell in cells]
    given = [value for value, _ in read]
    has_given = np.array([value is not None for value in given], dtype=np.bool_)[weight_codes]
    invalid = np.array([bool(error) for _, error in read], dtype=np.bool_)[weight_codes]
    for row in np.flatnonzero(invalid).tolist():
        notes.add(row, ProblemCode.WEIGHT_INVALID, read[weight_codes[row]][1])
    level1, level2 = (_texts(df, name, texts) for name in ("level1", "level2"))
    resolved = _resolve_level1(level1, level2, has_given, scheme, notes)
    project, projects = _project_codes(df, texts)
    declarations = [(_declaring_level1(text), declared_points(text)) for text in level1[1]]
    numbers = _Numbers(given, [value for _, value in declarations])
    scale = numbers.scale(scheme)
    used = objects(given)[weight_codes]
    used_codes = weight_codes.copy()
    points = np.array([float(v) if v is not None else np.nan for v in given],
                      dtype=float)[weight_codes] if given else np.full(size, np.nan)
    declared = np.zeros(size, dtype=np.bool_)
    shared_name = any(name in scheme.weights.pool_names for name in resolved.extra)
    slow = np.full(projects, exact or shared_name or not all(
        _fits(scheme.weights.pool_points(pool)) for pool in scheme.weights.pool_names))
    given_column = _column(given, scale, weight_codes)
    declared_column = _column(numbers.declared, scale, level1[0])
    slow[project[given_column[2] | declared_column[2]]] = True
    slow |= _too_large(project, projects, given, weight_codes, numbers.declared, level1[0],
                       scheme, scale)
    fast = np.flatnonzero(~slow[project])
    if len(fast):
        names = pd.factorize(objects([name for name, _ in declarations]))[0].astype(np.intp)
        result = distribute(
            PoolInputs(project[fast], resolved.pool[fast], given_column[0][fast],
                       given_column[1][fast], has_given[fast], invalid[fast],
                       np.array([v is not None for v in numbers.declared],
                                dtype=np.bool_)[level1[0]][fast],
                       declared_column[0][fast], declared_column[1][fast],
                       names[level1[0]][fast], level2[0][fast]),
            _rule(scheme, scale), projects)
        slow |= result.flagged
        done = ~slow[project[fast]]
        chosen = done & result.filled
        filled = fast[chosen]
        used[filled], points[filled], made = _decimals(result.value[chosen],
                                                       result.exponent[chosen], scale)
        used_codes[filled] = made + len(cells)
        declared[fast[done]] = result.declared[done]
    exact_rows = np.flatnonzero(slow[project])
    if len(exact_rows):
        _distribute_exactly(exact_rows, project, resolved, level2, used, declared, read,
                            weight_codes, declarations, level1[0], notes, scheme)
        _restate(exact_rows, used, points, used_codes)
    return _columns(size, resolved, used, points, used_codes, has_given, declared, notes)


def _restate(rows: npt.NDArray[np.intp], used: Objects, points: npt.NDArray[np.float64],
             used_codes: Codes) -> None:
    """The float and the code of the used weight of ``rows``, from their Decimals (set by
    the exact rule), with codes of their own."""
    points[rows] = [float(v) if v is not None else np.nan for v in used[rows].tolist()]
    used_codes[rows] = (pd.factorize(used[rows], use_na_sentinel=False)[0]
                        + int(used_codes.max()) + 1)


def _too_large(project: Codes, projects: int, given: list[Decimal | None], weight_codes: Codes,
               declared: list[Decimal | None], level1_codes: Codes, scheme: Scheme,
               scale: int) -> Bools:
    """Per project: whether its sums might pass ``LIMIT`` units (a bound in floats, with room
    to spare)."""
    def magnitude(values: list[Decimal | None], codes: Codes) -> npt.NDArray[np.float64]:
        found = np.array([abs(float(v)) if v is not None else 0.0 for v in values], dtype=float)
        return found[codes] if len(found) else np.zeros(len(codes))

    scheme_points = float(sum((scheme.weights.pool_points(pool)
                               for pool in scheme.weights.pool_names), Decimal(0))
                          + scheme.weights.indicator_points)
    bound = np.bincount(project, weights=magnitude(given, weight_codes)
                        + magnitude(declared, level1_codes), minlength=projects)
    return np.asarray((bound + scheme_points) * 10.0**scale * 4 >= LIMIT, dtype=np.bool_)


def _rule(scheme: Scheme, scale: int) -> PoolRule:
    """The scheme's numbers in units of 10^-scale."""
    points = [scheme.weights.pool_points(pool) for pool in scheme.weights.pool_names]
    return PoolRule(np.array([_scaled(p, scale) for p in points], dtype=np.int64),
                    np.array([_exponent(p) for p in points], dtype=np.int64),
                    _scaled(scheme.weights.indicator_points, scale), scheme.rounding.places,
                    scale, scheme.distribution.missing)


def _decimals(values: Ints, exponents: Ints, scale: int
              ) -> tuple[Objects, npt.NDArray[np.float64], Codes]:
    """Decimals of the scaled ``values`` with the given exponents (each value a whole number
    of 10^exponent), made once per distinct pair, their floats and the code of each pair."""
    codes = combined_codes(pd.factorize(values)[0], pd.factorize(exponents)[0])
    first = first_rows(codes)
    made = [Decimal(int(value) // 10 ** (scale + int(exponent))).scaleb(int(exponent))
            for value, exponent in zip(values[first].tolist(), exponents[first].tolist(),
                                       strict=True)]
    return (objects(made)[codes], np.array([float(v) for v in made], dtype=float)[codes],
            codes)


def _distribute_exactly(rows: npt.NDArray[np.intp], project: Codes, resolved: _Level1,
                        level2: tuple[Codes, list[str]], used: Objects, declared: Bools,
                        read: list[tuple[Decimal | None, str]], weight_codes: Codes,
                        declarations: list[tuple[str, Decimal | None]], level1_codes: Codes,
                        notes: Notes, scheme: Scheme) -> None:
    """The exact Decimal rule for the projects of ``rows`` (all their rows), written into
    ``used``, ``declared`` and ``notes``."""
    names = objects([*resolved.names, None])
    pools = names[resolved.pool[rows]].tolist()
    texts = objects(level2[1])[level2[0][rows]].tolist()
    cells = [read[code] for code in weight_codes[rows].tolist()]
    given = [value for value, _ in cells]
    errors = [error for _, error in cells]
    local_used = list(given)
    local_declared = [False] * len(rows)
    local_declarations = [declarations[code] for code in level1_codes[rows].tolist()]
    by_project: dict[int, list[int]] = {}
    for position, code in enumerate(project[rows].tolist()):
        by_project.setdefault(code, []).append(position)
    sink = Rebased(notes, rows.tolist())
    extra = resolved.extra
    for members in by_project.values():
        distribute_project(members, pools, texts, given, errors, local_used, sink, scheme,
                           scheme.rounding.places, local_declarations, local_declared, extra)
    used[rows] = objects(local_used)
    declared[rows] = local_declared


def _columns(size: int, resolved: _Level1, used: Objects, points: npt.NDArray[np.float64],
             used_codes: Codes, has_given: Bools, declared: Bools, notes: Notes) -> WeightColumns:
    """The weight columns from the worked-out arrays and the problems noted."""
    status = filled(size, Status.OK)
    code = filled(size, "")
    message = filled(size, "")
    for row, messages in notes.messages.items():
        status[row] = notes.status.get(row, Status.OK)
        code[row] = notes.codes.get(row, "")
        message[row] = "; ".join(messages)
    marked = combined_codes(resolved.flag_code, declared.astype(np.intp))
    first = first_rows(marked)
    flags = objects([(*resolved.flags[resolved.flag_code[row]], Flag.DECLARED_POINTS)
                     if declared[row] else resolved.flags[resolved.flag_code[row]]
                     for row in first.tolist()])[marked]
    names = objects([*resolved.names, None])
    return WeightColumns(
        pool=names[resolved.pool], used=used, points=points, used_codes=used_codes,
        source=objects(["distributed", "given"])[has_given.astype(np.intp)],
        status=status, code=code, message=message, declared=declared, flags=flags,
        flag_codes=marked)


def result_pools(scheme: Scheme, pools: Sequence[object]) -> list[str]:
    """The subtotal pools of a scored table: the scheme's, then the 一级 of its own that the
    table printed (unknown to the scheme, scored with their printed 分值), in table order."""
    names = list(scheme.weights.pool_names)
    for pool in pools:
        if isinstance(pool, str) and pool and pool not in names:
            names.append(pool)
    return names
