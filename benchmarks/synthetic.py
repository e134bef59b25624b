"""Realistic synthetic indicator tables for benchmarks and robustness tests.

Targets are sampled from the real 指标值 forms: the corpus (``tests/data/corpus_target_values.tsv``)
and the seed tables (``tests/data/target_expectations.tsv``, rows ``seed:P…``), each kept with its
own 二级/三级 names. Each row gets a matching 实际完成值 of the target's kind:

* numbers around the target (50–150 %), sometimes in a different but convertible unit
  (元 for 万元, 亩 for 公顷, 万立方米 for 立方米 …) or without a unit;
* dates on time or a few months late for deadlines;
* a tier of the target's scale (一般/较好/很好) or a word of the scheme's vocabulary for
  qualitative targets;
* a share of 不适用 rows and of bad rows (an unreadable actual, an actual in a unit that does
  not convert, an empty actual), and the real unreadable targets (placeholders, malformed
  dates) as they come.

Generation is deterministic: the same ``rows`` and ``seed`` give the same table.

    python benchmarks/synthetic.py --rows 20 --seed 1     # print a small table as CSV
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

import units
from scoring.model.columns import INDICATOR_COLUMNS

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "corpus_target_values.tsv"
EXPECTATIONS = REPO / "tests" / "data" / "target_expectations.tsv"
YEAR = 2024
#: Indicators per synthetic project.
ROWS_PER_PROJECT = 10

#: Units an actual may be written in instead of the target's (converted by the parser).
ALTERNATE_UNITS: dict[str, tuple[str, ...]] = {
    "万元": ("元",), "元": ("万元",), "亿元": ("万元",), "公顷": ("亩",), "亩": ("公顷",),
    "万亩": ("亩",), "平方米": ("万平方米", "亩"), "万平方米": ("平方米",),
    "立方米": ("万立方米",), "万立方米": ("立方米",), "公里": ("米", "km"), "km": ("公里",),
    "米": ("公里",), "%": ("百分比",), "万元/亩": ("元/亩",), "元/亩": ("万元/亩",),
}
#: Actuals that cannot be read, or whose unit cannot be converted into any target's.
BAD_ACTUALS: tuple[str, ...] = ("待核实", "见附件", "约", "12 头牛", "≥≥5", "5 周岁")
QUALITATIVE_WORDS: tuple[str, ...] = (
    "达成年度指标", "达到预期目的", "已完成", "基本达成", "部分达成年度指标并具有一定效果",
    "未完成", "效果明显", "较好", "一般",
)
#: Shares of the rows that are 不适用 and that are deliberately bad.
NOT_APPLICABLE_SHARE = 0.03
BAD_SHARE = 0.03


@dataclass(frozen=True, slots=True)
class Template:
    """A real target with its 二级/三级 names and, when it parses, what it asks for."""

    level1: str
    level2: str
    indicator: str
    target: str
    parsed: units.Target | None


def level1_of(level2: str) -> str:
    """The 一级 a 二级 name belongs to (2020 format: 成本 under 产出)."""
    if "满意" in level2:
        return "满意度指标"
    if "效益" in level2 or "可持续" in level2:
        return "效益指标"
    return "产出指标"


def _parsed(text: str, indicator: str) -> units.Target | None:
    try:
        return units.parse_target(text, year=YEAR, indicator=indicator or None)
    except units.ParseError:
        return None


@cache
def templates(corpus: Path = CORPUS, expectations: Path = EXPECTATIONS) -> tuple[Template, ...]:
    """Every real target row of the corpus and the seed tables, in file order."""
    found: list[Template] = []
    with corpus.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            level2, name, text = row["level2"], row["level3"], row["target"]
            found.append(Template(level1_of(level2), level2, name, text, _parsed(text, name)))
    with expectations.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if not row["source"].startswith("seed:"):
                continue
            parts = row["indicator"].split("/", 2)
            if len(parts) == 3:
                level1, level2, name = parts
            else:
                level1, level2, name = "产出指标", "", row["indicator"]
            text = row["text"]
            found.append(Template(level1, level2, name, text, _parsed(text, name)))
    return tuple(found)


def _number(value: units.Exact | float) -> str:
    """A number as a table prints it: at most 2 decimals, no trailing zeros."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _numeric_actual(target: units.Target, rng: random.Random) -> str:
    base = units.as_decimal(target.value) if target.value is not None else Decimal(1)
    if target.kind is units.Kind.RANGE and target.upper is not None:
        base = (base + units.as_decimal(target.upper)) / 2
    if base == 0:
        value = Decimal(rng.choice((0, 0, 1, 2)))
    else:
        value = base * Decimal(str(round(rng.uniform(0.5, 1.5), 3)))
    unit = target.unit
    if base == base.to_integral_value() and unit and unit not in ("%", "百分比") \
            and "元" not in unit:
        value = value.to_integral_value()  # a count stays a whole number
    roll = rng.random()
    if roll < 0.15 and unit in ALTERNATE_UNITS:
        other = rng.choice(ALTERNATE_UNITS[unit])
        try:
            return f"{_number(units.convert(value, unit, other))} {other}"
        except ValueError:
            pass
    if roll < 0.25 or not unit:
        return _number(value)
    return f"{_number(value)}{' ' if rng.random() < 0.5 else ''}{unit}"


def _deadline_actual(target: units.Target, rng: random.Random) -> str:
    deadline = target.deadline
    month = deadline.month if deadline is not None else 12
    done = max(1, min(12, month + rng.choice((-3, -1, 0, 0, 1, 2))))
    return f"{YEAR}年{done}月{rng.randint(1, 28)}日"


def _qualitative_actual(target: units.Target, rng: random.Random) -> str:
    if target.scale:
        return rng.choice(target.scale)
    return rng.choice(QUALITATIVE_WORDS)


def actual_for(template: Template, rng: random.Random) -> str:
    """A plausible 实际完成值 for ``template`` (any text for an unreadable target)."""
    target = template.parsed
    if target is None or target.kind is units.Kind.UNSCORABLE:
        return rng.choice(("已完成", "100%", ""))
    if target.kind is units.Kind.DEADLINE:
        return _deadline_actual(target, rng)
    if target.kind is units.Kind.QUALITATIVE:
        return _qualitative_actual(target, rng)
    return _numeric_actual(target, rng)


def synthetic_indicators(rows: int, seed: int = 0) -> pd.DataFrame:
    """A canonical indicator table of ``rows`` rows (``ROWS_PER_PROJECT`` per project), weights
    left empty for the scheme to distribute, ``source_row`` numbered as in a CSV file."""
    rng = random.Random(seed)
    pool = templates()
    records: list[dict[str, str]] = []
    for position in range(rows):
        project = position // ROWS_PER_PROJECT
        template = rng.choice(pool)
        actual = actual_for(template, rng)
        applicable = ""
        roll = rng.random()
        if roll < NOT_APPLICABLE_SHARE:
            actual, applicable = "不适用", "不适用"
        elif roll < NOT_APPLICABLE_SHARE + BAD_SHARE:
            actual = rng.choice((*BAD_ACTUALS, ""))
        records.append({
            "project_id": f"S{project + 1:06d}",
            "project": f"合成项目 {project + 1}",
            "seq": str(position % ROWS_PER_PROJECT + 1),
            "level1": template.level1,
            "level2": template.level2,
            "indicator": template.indicator,
            "target": template.target,
            "actual": actual,
            "weight": "",
            "basis": "",
            "note": "",
            "adjustment": "",
            "adjustment_reason": "",
            "manual_score": "",
            "applicable": applicable,
        })
    table = pd.DataFrame(records, columns=list(INDICATOR_COLUMNS), dtype=str)
    table["source_row"] = range(2, rows + 2)
    return table


#: Rows per distinct indicator row of a realistic table (1M rows: 50,000 distinct rows).
REPEAT = 20


def realistic_indicators(rows: int, seed: int = 0, *, first_project: int = 0,
                         first_row: int = 2) -> pd.DataFrame:
    """A table whose rows repeat, as real tables do (``100%``, ``已完成``, the same targets
    department after department): ``rows // REPEAT`` distinct synthetic rows, each drawn
    ``REPEAT`` times on average, ``ROWS_PER_PROJECT`` rows per project. ``first_project`` and
    ``first_row`` let a large table be made in parts with consecutive ids and row numbers."""
    pool = synthetic_indicators(max(ROWS_PER_PROJECT, rows // REPEAT), seed)
    picks = np.random.default_rng(seed).integers(0, len(pool), size=rows)
    table = pool.iloc[picks].reset_index(drop=True)
    position = np.arange(rows) + first_project * ROWS_PER_PROJECT
    project = position // ROWS_PER_PROJECT + 1
    table["project_id"] = pd.Series(project).map("S{:07d}".format).to_numpy(dtype=object)
    table["project"] = pd.Series(project).map("合成项目 {}".format).to_numpy(dtype=object)
    table["seq"] = (position % ROWS_PER_PROJECT + 1).astype(str).astype(object)
    table["source_row"] = np.arange(first_row, first_row + rows)
    return table


def main() -> int:
    """Print a synthetic table as CSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    synthetic_indicators(args.rows, args.seed).to_csv(sys.stdout, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
