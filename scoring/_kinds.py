"""Flags a scored row can carry, what each means, and how flags decide a row's status."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from units._model import Actual, Target

#: The row is 不适用: excluded from the totals (status ok).
NOT_APPLICABLE = "not_applicable"
#: The target has no comparator; the engine chose one (domain.md §4).
COMPARATOR_INFERRED = "comparator_inferred"
#: a ≥ flag_at · t on an at_least/more_than target: review whether the target was set too low.
OVER_COMPLETION = "over_completion"
#: a ≥ deduct_at · t: the scheme's over-completion deduction was taken from the auto score.
OVER_COMPLETION_DEDUCTION = "over_completion_deduction"
#: A negative actual was counted as 0.
NEGATIVE_ACTUAL = "negative_actual"
#: The actual equals the bound of a strict comparator (> or <).
AT_STRICT_BOUND = "at_strict_bound"
#: An equal target (strict variant) was missed or overshot.
NOT_EQUAL = "not_equal"
#: Completed after the deadline.
LATE = "late"
#: Neither the evaluation nor the project names a year: the completion date's year dated the
#: deadline (a flat table of ``12月31日前完成`` rows).
YEAR_FROM_ACTUAL = "year_from_actual"
#: The actual tier is below the minimum tier the target names.
BELOW_REQUIRED_TIER = "below_required_tier"
#: A manual score replaced the auto score.
MANUAL_SCORE = "manual_score"
#: A manual deduction was taken from the score.
ADJUSTMENT = "adjustment"
#: No auto score could be computed; the manual score stands in for it.
NO_AUTO_SCORE = "no_auto_score"
#: The row's pool took the points its 一级 text prints (``产出指标(40分)``), not the scheme's.
DECLARED_POINTS = "declared_points"
#: The 一级 was blank or only its points (``(50分)``); it was read from the 二级.
LEVEL1_INFERRED = "level1_inferred"
#: The scheme does not know the 一级: the row scored with its printed 分值 in a pool of its own.
UNKNOWN_LEVEL1 = "unknown_level1"
#: A rubric row (决策/过程 of the evaluation framework): the evaluator's score stands.
RUBRIC_SCORE = "rubric_score"
#: A rubric score below the weight (a deduction) given without its reason.
RUBRIC_UNEXPLAINED = "rubric_deduction_unexplained"
#: Flags about where a row sits in the indicator tree, or its rubric score, that ask for review.
TREE_WARNINGS: frozenset[str] = frozenset({LEVEL1_INFERRED, UNKNOWN_LEVEL1, RUBRIC_UNEXPLAINED})

#: Prefixes of what the parsers noticed while reading the 指标值 / 实际完成值
#: (``Target.flags`` / ``Actual.flags``), carried on the row as ``target:<flag>`` and
#: ``actual:<flag>`` (e.g. ``target:approximate``, ``actual:converted_from:亩``) after the
#: scoring flags. They are informational unless listed in ``WARNING_FLAGS``.
TARGET_PREFIX = "target:"
ACTUAL_PREFIX = "actual:"
#: The target says 约/左右: informational, not a warning. The value written is the target the
#: plan set; the ratio rules already score a near miss proportionally (约111.45万亩 met with
#: 111万亩 still earns 99.6 % of the weight), and 约/左右 is common plan wording, so a warning
#: on each would bury the rows that do need a person.
TARGET_APPROXIMATE = TARGET_PREFIX + "approximate"
#: The actual is written with a comparator (``≥96%``): a warning. A 实际完成值 should state
#: what was achieved; a bound is usually the target copied into the actual (``≥90%`` for
#: ``≥90%``), and the score then takes the bound for the measurement, which a reviewer should
#: confirm against the evidence.
ACTUAL_COMPARATOR = ACTUAL_PREFIX + "comparator_in_actual"

#: How the parsers read a cell they could not read plainly; each asks a person to confirm.
#: A bare count against a per-月/周/天 target (每月≥1次 / 6次): read per that period.
ACTUAL_PER_PERIOD = ACTUAL_PREFIX + "per_period_assumed"
#: 0.95 typed against ≥90%: read as 95 %.
ACTUAL_FRACTION = ACTUAL_PREFIX + "fraction_as_percent"
#: 300000 typed against ≤30万元: read in 元 (the unit without its 万/亿).
ACTUAL_BASE_UNIT = ACTUAL_PREFIX + "base_unit_assumed"
#: A measure word the registry did not know (株, 粒, 架): a count unit of its own.
TARGET_UNIT_NEW = TARGET_PREFIX + "unit_new"
ACTUAL_UNIT_NEW = ACTUAL_PREFIX + "unit_new"
#: The one number of a sentence was read (资金及时到位率为100%).
TARGET_NUMBER_IN_PROSE = TARGET_PREFIX + "number_in_prose"
ACTUAL_NUMBER_IN_PROSE = ACTUAL_PREFIX + "number_in_prose"
#: ±3%以内: read as a band around 0 (or the base the text names).
TARGET_PLUS_MINUS = TARGET_PREFIX + "plus_minus"
#: A bandwidth in M or Mbps: Mbit/s assumed.
TARGET_BANDWIDTH = TARGET_PREFIX + "bandwidth_assumed"
ACTUAL_BANDWIDTH = ACTUAL_PREFIX + "bandwidth_assumed"
#: A fraction written for a percentage in the target (≥0.97比例 → 97 %).
TARGET_FRACTION = TARGET_PREFIX + "fraction_as_percent"
#: An ordinal grade (等别, 1级): 1 is best, so lower is better.
TARGET_ORDINAL = TARGET_PREFIX + "ordinal_grade"

#: Parser flags that ask for review (lint reports the target ones as warnings too).
PARSER_WARNINGS: frozenset[str] = frozenset(
    {
        ACTUAL_PER_PERIOD, ACTUAL_FRACTION, ACTUAL_BASE_UNIT, TARGET_UNIT_NEW, ACTUAL_UNIT_NEW,
        TARGET_NUMBER_IN_PROSE, ACTUAL_NUMBER_IN_PROSE, TARGET_PLUS_MINUS,
        TARGET_BANDWIDTH, ACTUAL_BANDWIDTH, TARGET_ORDINAL,
        TARGET_FRACTION,
    }
)

#: Flags that make an otherwise clean row a warning (to be reviewed by a person).
WARNING_FLAGS: frozenset[str] = frozenset(
    {
        *TREE_WARNINGS,
        COMPARATOR_INFERRED,
        OVER_COMPLETION,
        OVER_COMPLETION_DEDUCTION,
        NEGATIVE_ACTUAL,
        AT_STRICT_BOUND,
        NOT_EQUAL,
        NO_AUTO_SCORE,
        ACTUAL_COMPARATOR,
        *PARSER_WARNINGS,
    }
)

#: A short explanation per flag, joined into the row's message.
FLAG_MESSAGES: dict[str, str] = {
    LEVEL1_INFERRED: "the 一级 was blank or only points; it was read from the 二级",
    UNKNOWN_LEVEL1: "the 一级 is not one of the scheme's (or none is printed); scored with the "
    "printed 分值 in a subtotal of its own",
    RUBRIC_SCORE: "scored by the evaluator (rubric row)",
    RUBRIC_UNEXPLAINED: "the evaluator's deduction has no reason (adjustment_reason)",
    NOT_APPLICABLE: "不适用: excluded from the totals",
    COMPARATOR_INFERRED: "no comparator written; the comparator was inferred",
    OVER_COMPLETION: "actual far above target: check whether the target was set too low",
    OVER_COMPLETION_DEDUCTION: "over-completion deduction taken",
    NEGATIVE_ACTUAL: "negative actual counted as 0",
    AT_STRICT_BOUND: "actual equals the bound of a strict comparator",
    NOT_EQUAL: "actual differs from the required value",
    LATE: "completed after the deadline",
    YEAR_FROM_ACTUAL: "no evaluation year: the deadline takes the completion date's year",
    BELOW_REQUIRED_TIER: "actual tier below the required tier",
    MANUAL_SCORE: "manual score",
    ADJUSTMENT: "manual deduction",
    NO_AUTO_SCORE: "no auto score; the manual score is used",
    DECLARED_POINTS: "the 一级 points printed in the table were used instead of the scheme's",
    ACTUAL_COMPARATOR: "actual written as a bound (≥/≤), scored as that value: check the "
    "achieved value",
    ACTUAL_PER_PERIOD: "a bare count against a per-period target was read per that period: "
    "check whether it is the year's count",
    ACTUAL_FRACTION: "a fraction typed for a percentage was read as a percentage (0.95 → 95%)",
    ACTUAL_BASE_UNIT: "a bare number far above a 万/亿 target was read in the base unit (元)",
    TARGET_UNIT_NEW: "the target's measure word is not a known unit: counted as a unit of its "
    "own",
    ACTUAL_UNIT_NEW: "the actual's measure word is not a known unit: counted as a unit of its "
    "own",
    TARGET_NUMBER_IN_PROSE: "the one number of the target's sentence was read",
    ACTUAL_NUMBER_IN_PROSE: "the one number of the actual's sentence was read",
    TARGET_PLUS_MINUS: "± target read as a band around its base",
    TARGET_BANDWIDTH: "M/Mbps read as megabits per second",
    ACTUAL_BANDWIDTH: "M/Mbps read as megabits per second",
    TARGET_ORDINAL: "an ordinal grade (1 is best): lower is better",
    TARGET_FRACTION: "a fraction in the target was read as a percentage (0.97 → 97%)",
}


def parsed_flags(target: Target | None, actual: Actual | None) -> tuple[str, ...]:
    """What the parsers noticed, as row flags: ``target:<flag>`` then ``actual:<flag>``."""
    found = tuple(TARGET_PREFIX + flag for flag in target.flags) if target is not None else ()
    if actual is not None and actual.flags:
        found += tuple(ACTUAL_PREFIX + flag for flag in actual.flags)
    return found


def status_of(flags: Iterable[str], error: str) -> str:
    """``error`` when there is an error text, ``warning`` when a flag asks for review, else ok
    (a 不适用 row is ok whatever else it carries: it is not scored)."""
    if error:
        return "error"
    flags = tuple(flags)
    if NOT_APPLICABLE in flags:
        return "ok"
    return "warning" if any(flag in WARNING_FLAGS for flag in flags) else "ok"


def message_of(flags: Iterable[str], error: str) -> str:
    """The error text (if any) followed by the explanation of each known flag, ``; ``-joined
    (only the 不适用 explanation on a 不适用 row)."""
    flags = tuple(flags)
    if not error and NOT_APPLICABLE in flags:
        return FLAG_MESSAGES[NOT_APPLICABLE]
    parts = [error] if error else []
    parts.extend(FLAG_MESSAGES[flag] for flag in flags if flag in FLAG_MESSAGES)
    return "; ".join(parts)


def unique(flags: Iterable[str]) -> tuple[str, ...]:
    """Flags without repeats, in first-seen order."""
    return tuple(dict.fromkeys(flags))
