"""Column helpers shared by the vectorised scorer.

Object arrays, work once per distinct cell, combined codes of several columns, and exact
integer sums per group."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

Objects = npt.NDArray[np.object_]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Codes = npt.NDArray[np.intp]

_T = TypeVar("_T")


def objects(values: Sequence[Any]) -> Objects:
    """A 1-d object array of ``values`` (tuples and Decimals kept as single cells)."""
    return np.fromiter(values, dtype=object, count=len(values))


def all_text(cells: Objects) -> bool:
    """Whether every cell is a str (checked in C)."""
    return bool(pd.api.types.infer_dtype(cells, skipna=False) == "string")


def filled(size: int, value: object) -> Objects:
    """An object array of ``size`` cells all holding ``value`` (faster than ``np.full``)."""
    out = np.empty(size, dtype=object)
    out[:] = value
    return out


def text_codes(cells: Objects) -> tuple[Codes, list[str]] | None:
    """Each cell's code and the distinct texts when every cell is a str, else None
    (factorised first: whether the cells are all text is then read off the distinct ones)."""
    codes, distinct = _factorized(cells)
    if (len(codes) and int(codes.min()) < 0) or not all(isinstance(u, str) for u in distinct):
        return None
    return codes, distinct


def _factorized(cells: Objects) -> tuple[Codes, list[Any]]:
    """``pd.factorize`` of ``cells``; a column made of long runs of one value (a project's
    id, an empty column) is factorised by the first cell of each run."""
    sample = cells[:_RUN_SAMPLE]
    try:
        runs = int(np.count_nonzero(sample[1:] != sample[:-1])) + 1 if len(sample) else 0
        if runs * 4 <= len(sample) and len(cells) > _RUN_SAMPLE:
            change = np.empty(len(cells), dtype=np.bool_)
            change[0] = True
            np.not_equal(cells[1:], cells[:-1], out=change[1:])
            heads = np.flatnonzero(change)
            codes, uniques = pd.factorize(cells[heads])
            lengths = np.diff(np.append(heads, len(cells)))
            return np.repeat(codes.astype(np.intp), lengths), list(uniques)
    except (TypeError, ValueError):  # cells whose != is not a plain bool (pd.NA)
        pass
    codes, uniques = pd.factorize(cells)
    return codes.astype(np.intp), list(uniques)


#: Cells looked at to tell whether a column is made of long runs.
_RUN_SAMPLE = 4096


class TextColumns:
    """The columns of a table whose cells are all text, each factorised once: the codes of
    its rows and its distinct texts (None for a missing column or one holding other cells)."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.df = df
        self._found: dict[str, tuple[Codes, list[str]] | None] = {}

    def get(self, name: str) -> tuple[Codes, list[str]] | None:
        """The codes and distinct texts of column ``name``, or None."""
        if name not in self._found:
            found = None
            if name in self.df.columns:
                found = text_codes(self.df[name].to_numpy(dtype=object))
            self._found[name] = found
        return self._found[name]

    def stripped(self, name: str) -> tuple[Codes, list[str]]:
        """Each row's code of its cell of column ``name`` as a stripped string ('' for
        missing cells or a missing column), and the distinct stripped strings."""
        found = self.get(name)
        if found is not None:
            codes, raw = found
            stripped, uniques = pd.factorize(objects([text.strip() for text in raw]))
            return stripped.astype(np.intp)[codes], list(uniques)
        if name not in self.df.columns:
            return np.zeros(len(self.df), dtype=np.intp), [""]
        codes, cells = distinct_codes(self.df[name].to_numpy(dtype=object))
        stripped, uniques = pd.factorize(objects([_text_cell(cell) for cell in cells]))
        return stripped.astype(np.intp)[codes], list(uniques)


def _text_cell(cell: object) -> str:
    """One cell as a stripped string ('' when missing)."""
    if isinstance(cell, str):
        return cell.strip()
    missing: object = pd.isna(cast(Any, cell))
    if isinstance(missing, bool | np.bool_) and missing:
        return ""
    return str(cell).strip()


def distinct_key(cell: object) -> Hashable:
    """A key equal for cells that read the same: the text itself, else type and repr (so that
    1, 1.0 and Decimal('1.0') stay apart)."""
    return cell if type(cell) is str else (type(cell), repr(cell))


def distinct_codes(cells: Objects) -> tuple[npt.NDArray[np.intp], list[Any]]:
    """Each cell's code and the distinct cells (first of each), in order of first appearance;
    cells are told apart as ``distinct_key`` does. Factorised in C when every cell is text."""
    found_text = text_codes(cells)
    if found_text is not None:
        return found_text
    seen: dict[Hashable, int] = {}
    first: list[Any] = []
    found = np.empty(len(cells), dtype=np.intp)
    for row, cell in enumerate(cells.tolist()):
        key = distinct_key(cell)
        code = seen.get(key)
        if code is None:
            code = seen[key] = len(first)
            first.append(cell)
        found[row] = code
    return found, first


def per_distinct(cells: Objects, read: Callable[[Any], _T]) -> list[_T]:
    """``read`` of every cell, called once per distinct cell."""
    codes, uniques = distinct_codes(cells)
    found: list[_T] = objects([read(cell) for cell in uniques])[codes].tolist()
    return found


def combined_codes(*codes: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.intp]:
    """One code per distinct tuple of the given non-negative code columns, in order of first
    appearance (the columns are packed into one integer key per row, factorised once; no
    Python tuple is built per row)."""
    found = np.zeros(len(codes[0]), dtype=np.int64)
    span = 1
    for column in codes:
        values = np.asarray(column, dtype=np.int64)
        width = int(values.max()) + 1 if len(values) else 1
        if span * width >= _PACKED_LIMIT:
            found = pd.factorize(found)[0].astype(np.int64)
            span = int(found.max()) + 1 if len(found) else 1
        found = found * width + values
        span *= width
    return pd.factorize(found)[0].astype(np.intp)


#: Packed keys of ``combined_codes`` stay below this (far from int64 overflow).
_PACKED_LIMIT = 2**62


def first_rows(codes: npt.NDArray[np.integer[Any]]) -> Codes:
    """The first row of each code, for codes numbered 0, 1, … (every number used)."""
    size = int(codes.max()) + 1 if len(codes) else 0
    first = np.full(size, len(codes), dtype=np.intp)
    np.minimum.at(first, codes, np.arange(len(codes), dtype=np.intp))
    return first


def group_sum(groups: npt.NDArray[np.intp], values: Ints, size: int) -> Ints:
    """Exact int64 sums of ``values`` per group code (``size`` groups)."""
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, groups, values)
    return out


def group_min(groups: npt.NDArray[np.intp], values: Ints, size: int, start: int) -> Ints:
    """The smallest of ``values`` per group code, ``start`` for a group without rows (and the
    most any group's minimum can be)."""
    out = np.full(size, start, dtype=np.int64)
    np.minimum.at(out, groups, values)
    return out


def group_count(groups: npt.NDArray[np.intp], mask: Bools, size: int) -> Ints:
    """How many rows of each group ``mask`` marks."""
    return np.bincount(groups[mask], minlength=size).astype(np.int64)


def rank_in_group(groups: npt.NDArray[np.intp]) -> Ints:
    """Each row's position among the rows of its group, in row order (0 for the first)."""
    order = np.argsort(groups, kind="stable")
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    counts = np.diff(np.r_[starts, len(groups)])
    ranks = np.arange(len(groups)) - np.repeat(starts, counts)
    out = np.empty(len(groups), dtype=np.int64)
    out[order] = ranks
    return out


def half_up_quotient(numerator: Ints, denominator: Ints) -> Ints:
    """``numerator / denominator`` rounded half up to an integer, exactly, for numerators of 0
    or more and denominators above 0 (both far below 2⁶² so that ``2n + d`` cannot
    overflow)."""
    return (2 * numerator + denominator) // (2 * denominator)
