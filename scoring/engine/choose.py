"""Choosing the scheme whose indicator tree fits a table (``--scheme auto``).

Each framework scheme is tried on the table's rows. A row *fits by its full name* when its 一级
(without printed points) starts with the scheme's 一级 as written (``部门决策`` for 部门决策, not
only ``决策``); *by name* when it matches a 一级 of the scheme (``项目产出`` → 产出指标);
*by synonym* through the scheme's tree (``效果指标`` → 效益指标); and a blank or points-only 一级
fits when its 二级 names one of the scheme's 一级. The scheme that fits the most rows wins; on
a tie, the one fitting more rows by name (``满意度`` is a 一级 of the national tree by name, of
the evaluation framework only by synonym), then by full name; then the scheme listed first
(``FRAMEWORKS``, the national self-evaluation tree first). The choice and the counts are
reported, so a reader sees which scheme scored the table and why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from weights import Scheme, compact, level1_key, level1_name, load_scheme

#: The word that asks for the choice (``--scheme auto``, ``scheme = "auto"``).
AUTO = "auto"
#: The framework schemes tried, in order of preference on a tie.
FRAMEWORKS: tuple[str, ...] = (
    "national-2020", "evaluation-2020", "project-2017", "department-overall",
)


@dataclass(frozen=True)
class Fit:
    """How many rows of a table one scheme's tree fits, by each means."""

    scheme: str
    full_name: int
    by_name: int
    any_means: int
    rows: int

    @property
    def rank(self) -> tuple[int, int, int]:
        """The order schemes are compared in (higher is better)."""
        return self.any_means, self.by_name, self.full_name


@dataclass(frozen=True)
class SchemeChoice:
    """The scheme chosen for a table, why, and how every framework fitted."""

    scheme: Scheme
    reason: str
    fits: tuple[Fit, ...]


def _fit(scheme: Scheme, name: str, level1: Counter[str], level2: Counter[str],
         rows: int) -> Fit:
    full = by_name = by_any = 0
    own_names = [compact(key) for key in scheme.weights.level1]
    for text, count in level1.items():
        if not level1_key(text):
            continue
        written = level1_name(text)
        if any(written.startswith(own) for own in own_names):
            full += count
        if scheme.weights.level1 and scheme.weights.pool_of(text) is not None:
            by_name += count
        if scheme.weights.level1 and scheme.pool_of(text) is not None:
            by_any += count
    for text, count in level2.items():
        if scheme.weights.level1 and scheme.level1_of_level2(text)[0] is not None:
            by_any += count
    return Fit(name, full, by_name, by_any, rows)


@dataclass
class TreeCounts:
    """What the choice looks at, counted over a table (or added up over its chunks): each
    一级 cell, the 二级 cells of rows whose 一级 names nothing, and the rows."""

    level1: Counter[str]
    level2: Counter[str]
    rows: int = 0

    @classmethod
    def of(cls, level1: Sequence[object], level2: Sequence[object]) -> TreeCounts:
        """The counts of rows with these 一级 and 二级 cells."""
        level1_texts = ["" if cell is None or cell != cell else str(cell) for cell in level1]
        level2_texts = ["" if cell is None or cell != cell else str(cell) for cell in level2]
        counted = Counter(level1_texts)
        named = {text for text in counted if level1_key(text)}  # once per distinct 一级 text
        unnamed = Counter(two for one, two in zip(level1_texts, level2_texts, strict=True)
                          if one not in named)
        return cls(counted, unnamed, len(level1_texts))

    def add(self, other: TreeCounts) -> None:
        """Count the rows of ``other`` too."""
        self.level1.update(other.level1)
        self.level2.update(other.level2)
        self.rows += other.rows


def fits(level1: Sequence[object], level2: Sequence[object],
         candidates: Iterable[str] = FRAMEWORKS) -> tuple[Fit, ...]:
    """How each candidate scheme fits rows with these 一级 and 二级 cells."""
    return fits_of(TreeCounts.of(level1, level2), candidates)


def fits_of(counts: TreeCounts, candidates: Iterable[str] = FRAMEWORKS) -> tuple[Fit, ...]:
    """How each candidate scheme fits the counted rows."""
    return tuple(_fit(load_scheme(name), name, counts.level1, counts.level2, counts.rows)
                 for name in candidates)


def choose_scheme(indicators: pd.DataFrame,
                  candidates: Iterable[str] = FRAMEWORKS) -> SchemeChoice:
    """The framework scheme whose tree fits the indicator rows best, with the reason."""
    size = len(indicators)
    level1 = indicators["level1"].tolist() if "level1" in indicators else [""] * size
    level2 = indicators["level2"].tolist() if "level2" in indicators else [""] * size
    return choose_by_counts(TreeCounts.of(level1, level2), candidates)


def choose_by_counts(counts: TreeCounts,
                     candidates: Iterable[str] = FRAMEWORKS) -> SchemeChoice:
    """``choose_scheme`` from the counts of a table (a table read in chunks)."""
    found = fits_of(counts, tuple(candidates))
    best = found[0]
    for fit in found[1:]:
        if fit.rank > best.rank:
            best = fit
    scheme = load_scheme(best.scheme)
    if best.any_means == 0:
        reason = (f"chosen automatically: no 一级 of the table names a framework's tree, so "
                  f"the default {best.scheme} is used")
    else:
        tree = ", ".join(scheme.weights.pool_names)
        others = "; ".join(f"{fit.scheme} {fit.any_means}" for fit in found if fit is not best)
        reason = (f"chosen automatically: its tree ({tree}) fits {best.any_means} of "
                  f"{best.rows} rows ({best.full_name} by the 一级 as written); "
                  f"rows fitted by the others: {others}")
    return SchemeChoice(scheme, reason, found)
