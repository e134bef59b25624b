"""Review checks of a scored target table (domain.md §4 ambiguities and §11 lint rules).

``lint_scored(scored)`` takes the output of ``frame.score_frame`` and returns the problems
found; it never changes a score. Only the target side of a row is reviewed (a row whose
actual cannot be read is the scorer's business, not a target-table problem).

Checks with a source (§11): a target must be readable (a placeholder such as ``≥**人次`` or
``XX万元``, a malformed date and an unreadable text are errors); a quantitative indicator
needs a comparator and a unit; a qualitative one has no unit; values are non-negative
(error); weights are consistent (§3); a score below the weight needs a deviation note.
Heuristic checks (warnings): a cost indicator written with ≥/> or not in money; a rate,
benefit or satisfaction percentage written with ≤/< (almost always a typo for ≥), or ``≤100%``
on any percentage (a cap every percentage meets); a 满意度 target that is not a percentage or
is below 80%; a count indicator in %; a quantity indicator in money or in %; duplicate
indicator rows. Every reading the parser had to assume (a new measure word, a number in
prose, ±, 余/多, a bandwidth, an ordinal grade, a fraction for a percentage) is a warning.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

import units
from scoring.engine.kinds import kinds_linted
from scoring.model.codes import TARGET_PREFIX, Flag, ProblemCode, Status, flag_info
from scoring.model.problems import Problem, Severity
from units import lower_is_better

#: The kinds each kind-specific check runs on, as the kind registry (``engine.kinds``) says.
_UPWARD = kinds_linted("cost_direction")
_DOWNWARD = kinds_linted("rate_direction")
_NUMERIC = kinds_linted("unit_missing")
_QUALITATIVE = kinds_linted("qualitative_unit")
_UNREADABLE = kinds_linted("target_unreadable")
_RATES = ("合格率", "满意度", "完成率", "达标率", "通过率", "覆盖率", "及时率")
_PERCENT_UNITS = frozenset({"percent", "%", "百分比", "‰"})
#: Indicator words for which a ≤ percentage is plausible beyond the lower-is-better names of
#: units/_words.py (the one list of those, read through ``lower_is_better``): amounts, times
#: and counts that a plan may cap.
_CAPPED_WORDS = ("违法", "支出", "资金", "金额", "投资", "时间", "时长", "次数", "率低")
#: Words that make an indicator a rate or share, for which a percentage is the right unit.
_SHARE_WORDS = ("率", "比例", "占比", "比重", "程度", "百分比")
#: An indicator name that counts things: a percentage does not fit it.
_COUNT_NAME = re.compile(r"(数量|宗数|个数|人数|次数|户数|件数|宗|数)$")
_PLACEHOLDER = re.compile(r"\*{2,}|＊{2,}|[xX×]{2,}|[○〇□]{2,}")
_DATE_LIKE = re.compile(r"\d\s*[年月日号]|年\s*\d|月\s*\d")

#: Codes that are errors; every other code is a warning.
ERROR_CODES: frozenset[str] = frozenset(
    {"target_missing", "placeholder", "malformed_date", "target_unreadable",
     "negative_target", "weight_error"}
)

_Found = Iterator[tuple[str, str, str]]
_Check = Callable[[pd.Series], _Found]


def _text(row: pd.Series, name: str) -> str:
    value = row.get(name, "")
    return "" if value is None or value != value else str(value)


def _number(row: pd.Series, name: str) -> float | None:
    value = row.get(name)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _is_cost(row: pd.Series) -> bool:
    return any("成本" in _text(row, name) for name in ("level1", "level2"))


def _is_percent(row: pd.Series) -> bool:
    return _text(row, "target_unit") in _PERCENT_UNITS


def _is_money(row: pd.Series) -> bool:
    return "元" in _text(row, "target_unit")


def _names_share(name: str) -> bool:
    return any(word in name for word in _SHARE_WORDS)


def _target_readable(row: pd.Series) -> _Found:
    if _text(row, "kind") not in _UNREADABLE:
        return
    text = _text(row, "target").strip()
    name = _text(row, "indicator")
    if not text:
        yield "target_missing", "target", "指标值 is empty: expected a target such as ≥95%"
        return
    reason = _parse_error(text, name)
    if _PLACEHOLDER.search(text):
        yield "placeholder", "target", f"{text!r} holds a placeholder instead of a value"
    elif _DATE_LIKE.search(text) and reason:
        yield "malformed_date", "target", f"{text!r} is not a valid date: {reason}"
    elif reason:
        yield "target_unreadable", "target", reason
    else:
        yield "target_unreadable", "target", (
            f"{text!r} cannot be scored automatically; rewrite it with one comparator, "
            f"one number and one unit, or plan a manual score"
        )


def _parse_error(text: str, indicator: str) -> str:
    """The parser's reason for rejecting ``text``, or ``""`` when it reads."""
    try:
        units.parse_target(text, indicator=indicator or None)
    except units.ParseError as exc:
        return str(exc)
    return ""


def _comparator_missing(row: pd.Series) -> _Found:
    inferred = row.get("comparator_inferred", False)
    if inferred is True or (isinstance(inferred, str) and inferred.lower() == "true"):
        yield "comparator_missing", "target", (
            f"no comparator written: read as {_text(row, 'kind')}; write ≥, ≤ or = explicitly"
        )


def _unit_missing(row: pd.Series) -> _Found:
    if _text(row, "kind") in _NUMERIC and not _text(row, "target_unit"):
        yield "unit_missing", "target", "a quantitative target needs a unit"


def _qualitative_unit(row: pd.Series) -> _Found:
    if _text(row, "kind") in _QUALITATIVE and _text(row, "target_unit"):
        yield "qualitative_unit", "target", "a qualitative target has no unit"


def _negative_target(row: pd.Series) -> _Found:
    value = _number(row, "target_value")
    if _text(row, "kind") in _NUMERIC and value is not None and value < 0:
        yield "negative_target", "target", f"target value {value:g} is negative"


def _cost_direction(row: pd.Series) -> _Found:
    if _is_cost(row) and _text(row, "kind") in _UPWARD:
        yield "cost_direction", "target", "a cost target is normally written with ≤"


def _cost_unit(row: pd.Series) -> _Found:
    if _is_cost(row) and _text(row, "kind") in _NUMERIC and not _is_money(row):
        unit = _text(row, "target_unit") or "no unit"
        yield "cost_unit", "target", (
            f"a cost target is normally an amount of money (元, 万元, 万元/亩), not {unit}"
        )


def _rate_direction(row: pd.Series) -> _Found:
    if _text(row, "kind") not in _DOWNWARD:
        return
    name = _text(row, "indicator")
    if any(word in name for word in _RATES):
        yield "rate_direction", "target", f"{name} written with ≤/<: probably meant ≥"
        return
    if not _is_percent(row) or lower_is_better(name) or any(w in name for w in _CAPPED_WORDS):
        return
    value = _number(row, "target_value")
    if value is not None and value >= 100:
        yield "rate_direction", "target", (
            f"{name} written as ≤{value:g}%: every percentage meets that; probably meant ≥"
        )
    elif any(word in _text(row, "level1") for word in ("效益", "满意")):
        yield "rate_direction", "target", (
            f"a benefit or satisfaction percentage ({name}) written with ≤/<: probably meant ≥"
        )


def _satisfaction(row: pd.Series) -> _Found:
    if "满意" not in _text(row, "level1") + _text(row, "level2"):
        return
    if _text(row, "kind") not in _NUMERIC:
        return
    value = _number(row, "target_value")
    if not _is_percent(row):
        yield "satisfaction_unit", "target", "a 满意度 target is normally a percentage"
    elif value is not None and value < 80:
        yield "satisfaction_low", "target", "a 满意度 target below 80% is unusually low"


def _quantity_unit(row: pd.Series) -> _Found:
    if _text(row, "kind") not in _NUMERIC:
        return
    name = _text(row, "indicator")
    wrong = "money" if _is_money(row) else "%" if _is_percent(row) else ""
    if not wrong or (wrong == "%" and _names_share(name)):
        return
    if wrong == "%" and _COUNT_NAME.search(name):
        yield "unit_mismatch", "target", (
            f"{name} counts things but its target is in {_text(row, 'target_unit')}"
        )
    elif "数量" in _text(row, "level2") and not _is_cost(row):
        yield "quantity_unit", "target", (
            f"a 数量 indicator is normally a count or a physical amount, not {wrong}"
        )


#: Scorer codes of a row whose weight (or the 一级 it takes its points from) is unusable.
_WEIGHT_CODES = frozenset({ProblemCode.WEIGHT_INVALID, ProblemCode.WEIGHTS_EXHAUSTED,
                           ProblemCode.WEIGHTS_TOO_FEW, ProblemCode.LEVEL1_UNREADABLE,
                           ProblemCode.LEVEL1_UNKNOWN})


def _weights(row: pd.Series) -> _Found:
    flags = _text(row, "flags").split(";")
    detail = _text(row, "detail")
    if _text(row, "status") == Status.ERROR and _text(row, "code") in _WEIGHT_CODES:
        yield "weight_error", _text(row, "error_column"), detail
    elif Flag.WEIGHTS_INCONSISTENT in flags:
        yield Flag.WEIGHTS_INCONSISTENT, "weight", detail or "the weights do not add up (§3)"


def _deviation_note(row: pd.Series) -> _Found:
    final, weight = row.get("final_score"), row.get("weight_used")
    if final is None or weight is None or final != final or weight != weight:
        return
    if final < weight and not _text(row, "note").strip():
        yield "deviation_note_missing", "note", (
            "the score is below the weight: explain the shortfall (偏差原因分析及改进措施)"
        )


#: The checks run on every row, in order.
#: What to do about each way the parser had to read a target it could not read plainly.
_READING_ADVICE: dict[str, str] = {
    Flag.TARGET_UNIT_NEW: "write a unit of the unit table, or confirm that the measure word counts "
    "its own thing (粒 is never 个)",
    Flag.TARGET_NUMBER_IN_PROSE: "write the target alone: one comparator, one number, one unit",
    Flag.TARGET_PLUS_MINUS: "write the allowed band explicitly (≤3% deviation, or 8%-12%)",
    Flag.TARGET_BANDWIDTH: "write the bandwidth unit in full (Mbps)",
    Flag.TARGET_ORDINAL: "write the grade with its comparator (≤2级: grade 2 or better)",
    Flag.TARGET_FRACTION: "write the share as a percentage (≥97%)",
}


def _parser_reading(row: pd.Series) -> _Found:
    """A warning for each reading the parser had to assume (domain.md §4)."""
    for flag in _text(row, "flags").split(";"):
        if flag in _READING_ADVICE:
            info = flag_info(flag)
            explained = info.en if info is not None else flag
            yield flag.removeprefix(TARGET_PREFIX), "target", (
                f"{explained}: {_READING_ADVICE[flag]}")


CHECKS: tuple[_Check, ...] = (
    _target_readable, _comparator_missing, _unit_missing, _qualitative_unit, _negative_target,
    _cost_direction, _cost_unit, _rate_direction, _satisfaction, _quantity_unit, _weights,
    _deviation_note, _parser_reading,
)


def severity_of(code: str) -> Severity:
    """The severity of a lint code: errors for unreadable or negative targets and bad weights."""
    return Severity.ERROR if code in ERROR_CODES else Severity.WARNING


def lint_scored(scored: pd.DataFrame, source: str = "indicators") -> list[Problem]:
    """The problems of every row of a scored indicator table (see the module docstring).

    Rows are located by ``source_row`` (else index position + 2, a CSV row after its
    header) and by ``source_file`` when present (else ``source``).
    """
    problems: list[Problem] = []
    rows = (
        [int(value) for value in scored["source_row"]]
        if "source_row" in scored.columns
        else list(range(2, len(scored) + 2))
    )
    seen: dict[tuple[str, str, str], int] = {}
    for row_number, (_, row) in zip(rows, scored.iterrows(), strict=True):
        project = _text(row, "project_id")
        where = _text(row, "source_file") or source
        for code, column, message in (item for check in CHECKS for item in check(row)):
            problems.append(
                Problem(where, row_number, column, code, severity_of(code), message, project)
            )
        key = (project, _text(row, "indicator"), _text(row, "target"))
        if key in seen:
            problems.append(
                Problem(where, row_number, "indicator", "duplicate_row", Severity.WARNING,
                        f"same indicator and target as row {seen[key]}", project)
            )
        else:
            seen[key] = row_number
    return problems


def lint_evaluation(path: Path, scheme: str | None = None, *, allow_outside: bool = False,
                    include_hidden: bool = False) -> list[Problem]:
    """The reader's problems with the table, then the review problems of every row."""
    from scoring.engine.evaluate import INPUT_ERROR, resolve_scheme
    from scoring.engine.frame import score_frame
    from scoring.sources.reader import read_evaluation

    evaluation = read_evaluation(path, allow_outside=allow_outside,
                                 include_hidden=include_hidden)
    resolved = resolve_scheme(evaluation, scheme)
    table = evaluation.indicators
    if INPUT_ERROR in table.columns:
        table = table.drop(columns=[INPUT_ERROR])
    scored = score_frame(table.copy(), resolved, year=evaluation.year)
    source = evaluation.source.name if evaluation.source is not None else "indicators"
    return [*evaluation.problems, *lint_scored(scored, source=source)]
