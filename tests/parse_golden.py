"""Record what the parser reads from many texts, to show a refactor of the grammar changes none.

Every input is read by the entry points (``parse_target``, ``parse_actual`` against a target)
and by the grammar's inner readers (``read_statement`` with and without ranges and as prose,
``read_amount``, ``read_date`` alone and after the start of a period); each result is written
as its full ``repr`` (every field, flags included) with where the scanner stopped, or as the
failure (position and what was expected).

The inputs are the strings the tests read (``tests/data/*.tsv``, the seed table, every string
literal of ``tests/``), the bundled evaluations' targets and actuals, the distinct targets and
actuals of the 100,000-row synthetic table (each under its indicator), every prefix of the real
targets, and generated statements and deadlines that combine the grammar's words.

    python tests/parse_golden.py dump OUT.tsv      # every input and its readings
    python tests/parse_golden.py select            # rewrite tests/data/parse_golden.tsv
    python tests/parse_golden.py check             # compare tests/data/parse_golden.tsv

``dump`` on two versions of the code, then ``cmp``, compares all of them (about 580,000
readings of about 60,000 texts). ``select`` keeps, shortest text first, the readings that each
take a step through the grammar (or, for the entry points, give a sort of result) that no
earlier reading of the same reader did, so the checked-in file is small yet passes through
every branch the full set passes through; ``tests/test_parse_golden.py`` replays it.
"""

from __future__ import annotations

import argparse
import ast
import csv
import dataclasses
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import FrameType
from typing import Any

import units
from units import _actual, _dates, _grammar, _prose, _quantity, _scan, _words

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
GOLDEN = DATA / "parse_golden.tsv"
YEAR = 2024
#: The columns of a golden file: the reading, its inputs, and what it gave.
COLUMNS = ("call", "text", "year", "indicator", "target", "result")
#: The grammar's modules whose branches ``select`` follows.
GRAMMAR_FILES = frozenset(str(Path(m.__file__ or "").resolve())
                          for m in (_grammar, _quantity, _dates))
#: The readers whose every sort of result (``shape``) ``select`` keeps, not only every branch.
SHAPED_CALLS = ("target", "actual")
#: Targets the generated actuals are read against (one of each kind).
ACTUAL_TARGETS = ("≥95%", "≤100万元", "12月31日前完成", "一般/较好/很好", "达成年度指标",
                  "10-20个", "2024年6月")


@dataclass(frozen=True, slots=True)
class Case:
    """One reading of one text: ``call`` names the reader, ``target`` is the target text an
    actual is read against."""

    call: str
    text: str
    year: int | None = YEAR
    indicator: str = ""
    target: str = ""


# --- what a reading gave --------------------------------------------------------------------


def full(value: object) -> str:
    """``repr`` with every field of a dataclass shown (Target and Actual print a summary)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        shown = ", ".join(f"{field.name}={full(getattr(value, field.name))}"
                          for field in dataclasses.fields(value))
        return f"{type(value).__name__}({shown})"
    if isinstance(value, tuple):
        return "(" + "".join(f"{full(item)}, " for item in value) + ")"
    return repr(value)


@dataclass(frozen=True, slots=True)
class Reading:
    """What a reader gave (its result or the exception it raised) and where the scanner
    stopped (None for the entry points, which take no scanner)."""

    found: object
    stop: int | None = None


def shown(reading: Reading) -> str:
    """The reading as one line: every field of the result and the scanner's stop, or the
    failure with its position and what was expected."""
    found = reading.found
    if isinstance(found, str):
        return found
    if isinstance(found, _scan.NoMatch):
        return f"NoMatch({found.position}, {found.expected!r})"
    if isinstance(found, units.ParseError):
        return f"{type(found).__name__}({found.text!r}, {found.position}, {found.expected!r})"
    if isinstance(found, Exception):
        return f"{type(found).__name__}({found})"
    return full(found) + ("" if reading.stop is None else f" @{reading.stop}")


def shape(reading: Reading) -> tuple[object, ...]:
    """What sort of reading this is, without its numbers and words: the class, and per field
    its kind, its yes/no, whether it is set, and its flags by name; for a failure, what was
    expected (digits and quoted words dropped)."""
    found = reading.found
    if isinstance(found, Exception):
        expected = str(getattr(found, "expected", found))
        return type(found).__name__, re.sub(r"\d+|'[^']*'|(?<=after |, not ).*", "", expected)
    if not dataclasses.is_dataclass(found) or isinstance(found, type):
        return (repr(found),)
    return (type(found).__name__,
            *(_field_shape(getattr(found, field.name)) for field in dataclasses.fields(found)))


def _field_shape(value: object) -> object:
    if isinstance(value, bool | Enum) or value is None:
        return value
    if isinstance(value, tuple):
        return tuple(str(item).split(":", 1)[0] for item in value)
    if isinstance(value, str):
        return bool(value)
    return type(value).__name__


def _scanned(text: str, read: Callable[[_scan.Scanner], object], start: int = 0) -> Reading:
    scanner = _scan.Scanner(text)
    scanner.pos = start
    try:
        found = read(scanner)
    except Exception as exc:  # every failure is part of the behaviour recorded
        return Reading(exc)
    return Reading(found, scanner.pos)


def _prose_start(text: str) -> int | None:
    found = _prose.one_number(_scan.Scanner(text).text)
    return None if found is None else found[0]


def reading(case: Case) -> Reading:
    """What ``case`` reads as."""
    text, year, indicator = case.text, case.year, case.indicator or None
    try:
        if case.call == "target":
            return Reading(units.parse_target(text, year=year, indicator=indicator))
        if case.call == "actual":
            target = units.parse_target(case.target, year=year, indicator=indicator)
            return Reading(units.parse_actual(text, target, year=year))
    except Exception as exc:  # every failure is part of the behaviour recorded
        return Reading(exc)
    return _low_level(case)


def result(case: Case) -> str:
    """What ``case`` reads as, as one line (``shown``)."""
    return shown(reading(case))


def _low_level(case: Case) -> Reading:
    text, call = case.text, case.call
    if call == "statement":
        return _scanned(text, _quantity.read_statement)
    if call == "statement_no_range":
        return _scanned(text, lambda s: _quantity.read_statement(s, allow_range=False))
    if call == "statement_prose":
        start = _prose_start(text)
        if start is None:
            return Reading("no single number")
        return _scanned(text, lambda s: _quantity.read_statement(s, prose=True), start)
    if call == "amount":
        return _scanned(text, _quantity.read_amount)
    if call == "date":
        return _scanned(text, _dates.read_date)
    if call == "date_after_day":
        return _scanned(text, lambda s: _dates.read_date(s, _dates.DatePart(2024, 3, 1)))
    if call == "date_after_month":
        return _scanned(text, lambda s: _dates.read_date(s, _dates.DatePart(None, 3, None)))
    raise ValueError(f"unknown call {call!r}")


#: The inner readers every text goes through.
LOW_LEVEL_CALLS = ("statement", "statement_no_range", "statement_prose", "amount", "date",
                   "date_after_day", "date_after_month")


# --- the inputs -----------------------------------------------------------------------------


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _real_targets() -> Iterator[tuple[str, int | None, str]]:
    """(text, year, indicator) of every target the test data holds."""
    for name in ("target_expectations.tsv", "target_expectations_holdout.tsv",
                 "target_expectations_real.tsv"):
        for row in _tsv(DATA / name):
            year = int(row["year"]) if row["year"] else None
            yield row["text"], year, row["indicator"]
            if row["printed"]:
                yield row["printed"], year, row["indicator"]
    for row in _tsv(DATA / "corpus_target_values.tsv"):
        yield row["target"], None, f"{row['level2']}/{row['level3']}"


def _evaluation_rows() -> Iterator[tuple[str, str, str]]:
    """(target, actual, indicator) of the bundled evaluations and test folders."""
    for path in [*sorted((REPO / "evaluations").glob("*/indicators.csv")),
                 *sorted((DATA / "evaluations").glob("*/indicators.csv"))]:
        for row in _csv(path):
            yield row.get("target", ""), row.get("actual", ""), row.get("indicator", "")
    for path in sorted((REPO / "evaluations").glob("*/actuals.csv")):
        for row in _csv(path):
            yield "", row.get("actual", ""), ""


def _seed_cells() -> Iterator[str]:
    """Every tab-separated cell of the seed table's text."""
    for path in sorted(DATA.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            yield from (cell.strip() for cell in line.split("\t") if cell.strip())


def _test_literals() -> Iterator[str]:
    """Every short string literal of the test modules."""
    for path in sorted((REPO / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and 0 < len(node.value) <= 40 and "\n" not in node.value):
                yield node.value


def _synthetic() -> Iterator[tuple[str, str, str]]:
    """(target, actual, indicator) of the distinct rows of the 100,000-row synthetic table."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synthetic import synthetic_indicators

    table = synthetic_indicators(100_000, seed=0)
    distinct = table[["target", "actual", "indicator"]].drop_duplicates()
    for target, actual, indicator in distinct.itertuples(index=False):
        yield str(target), str(actual), str(indicator)


def _choice(rng: random.Random, words: tuple[str, ...], empty: float = 0.5) -> str:
    return "" if rng.random() < empty else rng.choice(words)


NUMBERS = ("0", "1", "3", "5", "12", "95", "100", "2304.9", "0.97", "1.5", "一百", "三", "十二",
           "两", "半", "2024", "2023.12", "12.31", "10000", "-5", "1,000", "３０")
UNITS = ("%", "个", "人次", "万元", "元", "亩", "公顷", "立方米", "km", "公里", "天", "次",
         "元/人·月", "元/人*月", "元/100km", "/月", "万元/亩", "T", "吨", "Mbps", "成", "比例",
         "比率", "级", "等别", "组", "粒", "辆次", "台套", "架次", "人数", "来", "来个", "村",
         "份", "户", "年", "月", "‰", "倍", "百分比", "(万元)", "小时")
ENDINGS = ("-5", "~20万元", "至30", "到 40个", "±2", "±0.5%", "-3亩", "- 2公顷", "多", "余",
           "以上", "及以上", "以下", "左右", "以内", "(含)以上", "内")
ANNOTATIONS = ("(含)", "(万元)", "(百分比)", "(优)", "(含10个)", "(")
SUBJECTS = ("年故障次数", "合格率", "每月", "全年", "年", "每年开展", "约")
INDICATORS = ("", "产出指标/数量指标/培训人次", "产出指标/成本指标/单位成本",
              "产出指标/质量指标/数据存储容量", "效益指标/社会效益指标/事故次数",
              "产出指标/质量指标/等级", "满意度指标/服务对象满意度指标/满意度")


def _statements(count: int, rng: random.Random) -> Iterator[str]:
    """Quantity statements combining the grammar's words in random order and number."""
    pre = (*_words.PRE_COMPARATORS, "±", "百分之")
    trailing = _words.TRAILING_WORDS
    for _ in range(count):
        parts = [_choice(rng, SUBJECTS, 0.8), _choice(rng, _words.APPROXIMATIONS, 0.85),
                 _choice(rng, pre, 0.4), _choice(rng, ("每月", "每年", "全年", "每季度"), 0.9),
                 rng.choice(NUMBERS), _choice(rng, ("万", "亿", "千", "多", "余"), 0.8),
                 _choice(rng, (" ",), 0.8), _choice(rng, UNITS, 0.2),
                 _choice(rng, ENDINGS, 0.6), _choice(rng, tuple(_words.POST_COMPARATORS), 0.7),
                 _choice(rng, ANNOTATIONS, 0.85), _choice(rng, trailing, 0.8),
                 _choice(rng, ANNOTATIONS, 0.95)]
        yield "".join(parts).strip()


DATES = ("2024.12.31", "2024-1-5", "2024/13/1", "2024年", "24年", "20245年", "2024年12月",
         "12月", "十二月", "十一月", "13月", "0月", "3 月", "2023.12", "2023-07", "12.31",
         "一季度", "第三季度", "三季度末", "Q4", "q2", "1季度", "1-12月", "2024年4-10月",
         "一至三季度", "第一至第三季度", "10-3月", "2024年上半年", "年底", "年内", "全年",
         "下半年", "2024年度", "2024年底", "2月30日", "6月", "9月份", "2025年3月")
DAY_WORDS = ("31日", "15号", "底", "末", "上旬", "中旬", "下旬", "份底", "32日", " 1日")
SECOND_DATES = ("-12.31", "至2025年3月", "~6月", "-2024.6.30", "至12月", "-1.5", "到9月底")
DATE_PRE = ("每年", "当年", "次年", "本年度", "下一年度", *_words.DEADLINE_PRE)
DATE_POST = (*_words.DEADLINE_POST, "前完成", "之前完成资金拨付", "完成", "。")


def _deadlines(count: int, rng: random.Random) -> Iterator[str]:
    """Deadlines combining the date forms, period words and the words around them."""
    for _ in range(count):
        parts = [_choice(rng, DATE_PRE, 0.6), rng.choice(DATES), _choice(rng, DAY_WORDS, 0.6),
                 _choice(rng, SECOND_DATES, 0.8), _choice(rng, DATE_POST, 0.4),
                 _choice(rng, _words.TRAILING_WORDS, 0.85)]
        yield "".join(parts).strip()


def _texts() -> Iterator[tuple[str, int | None, str]]:
    """(text, year, indicator) of every input text, in a fixed order, repeats included."""
    for text, year, indicator in _real_targets():
        yield text, year, indicator
        for end in range(1, len(text)):
            yield text[:end], year, indicator
    for target, actual, indicator in _evaluation_rows():
        yield target, YEAR, indicator
        yield actual, YEAR, indicator
    for cell in _seed_cells():
        yield cell, YEAR, ""
    for literal in _test_literals():
        yield literal, YEAR, ""
    rng = random.Random(20241231)
    for text in _statements(12_000, rng):
        yield text, YEAR, rng.choice(INDICATORS)
    for text in _deadlines(6_000, rng):
        yield text, rng.choice((YEAR, None)), ""


def cases() -> list[Case]:
    """Every reading of every distinct input, in a fixed order."""
    found: dict[Case, None] = {}
    texts: dict[str, None] = {}
    for text, year, indicator in _texts():
        found[Case("target", text, year, indicator)] = None
        texts[text] = None
    for target, actual, indicator in _synthetic():
        found[Case("target", target, YEAR, indicator)] = None
        found[Case("actual", actual, YEAR, indicator, target)] = None
        texts[actual] = None
    for target, actual, indicator in _evaluation_rows():
        if target:
            found[Case("actual", actual, YEAR, indicator, target)] = None
    for position, text in enumerate(texts):
        target = ACTUAL_TARGETS[position % len(ACTUAL_TARGETS)]
        found[Case("actual", text, YEAR, "", target)] = None
        for call in LOW_LEVEL_CALLS:
            found[Case(call, text, None, "")] = None
    return list(found)


# --- files ----------------------------------------------------------------------------------


def _cell(value: str) -> str:
    """A TSV cell: backslash, tab and line breaks escaped."""
    return (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def _uncell(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(following, following))
        else:
            out.append(char)
    return "".join(out)


def write(path: Path, rows: list[tuple[Case, str]]) -> None:
    """Write ``rows`` (each case and its result) as a golden file."""
    lines = ["\t".join(COLUMNS)]
    for case, found in rows:
        year = "" if case.year is None else str(case.year)
        lines.append("\t".join(_cell(v) for v in (case.call, case.text, year, case.indicator,
                                                    case.target, found)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read(path: Path) -> list[tuple[Case, str]]:
    """The cases and results of a golden file."""
    rows: list[tuple[Case, str]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        call, text, year, indicator, target, found = (_uncell(v) for v in line.split("\t"))
        rows.append((Case(call, text, int(year) if year else None, indicator, target), found))
    return rows


# --- selection by branch --------------------------------------------------------------------


def _arcs(case: Case) -> tuple[set[tuple[str, int, int]], Reading]:
    """The (file, line, next line) steps ``case`` takes through the grammar, and its reading."""
    seen: set[tuple[str, int, int]] = set()
    last: dict[int, int] = {}

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            key = id(frame)
            seen.add((frame.f_code.co_filename, last.get(key, -1), frame.f_lineno))
            last[key] = frame.f_lineno
        return local

    def start(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "call" and frame.f_code.co_filename in GRAMMAR_FILES:
            last.pop(id(frame), None)
            return local
        return None

    _grammar.clear_cache()
    _actual.clear_cache()
    sys.settrace(start)
    try:
        found = reading(case)
    finally:
        sys.settrace(None)
    return seen, found


def select() -> list[tuple[Case, str]]:
    """The cases that each take a step through the grammar, or (entry points only) give a
    ``shape`` of reading, that no shorter (or earlier) case of the same reader did: each reader
    is pinned on every branch it reaches, and the entry points on every sort of result they
    give, by the shortest text that does."""
    covered: dict[str, set[object]] = {}
    kept: list[tuple[Case, str]] = []
    for case in sorted(cases(), key=lambda case: len(case.text)):
        steps, found = _arcs(case)
        seen = covered.setdefault(case.call, set())
        new = {*steps, shape(found)} - seen if case.call in SHAPED_CALLS else steps - seen
        if new:
            seen |= new
            kept.append((case, shown(found)))
    return kept


def check(path: Path = GOLDEN) -> list[str]:
    """Every case of ``path`` whose result differs now: ``call text: expected → found``."""
    return [f"{case.call} {case.text!r}: {expected} → {found}"
            for case, expected in read(path) if (found := result(case)) != expected]


def main() -> int:
    """Dump, select or check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("dump", "select", "check"))
    parser.add_argument("path", type=Path, nargs="?", default=GOLDEN)
    args = parser.parse_args()
    if args.command == "dump":
        every = cases()
        write(args.path, [(case, result(case)) for case in every])
        print(f"{len(every)} readings written to {args.path}")
    elif args.command == "select":
        kept = select()
        write(args.path, kept)
        print(f"{len(kept)} readings kept in {args.path}")
    else:
        differences = check(args.path)
        print("\n".join(differences) or "every reading unchanged")
        return 1 if differences else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
