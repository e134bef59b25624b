"""Statuses, flags, problem codes and kinds: one table each, with their labels.

The engine's vocabulary: statuses, row flags, problem codes and target kinds as enums, each
member with its Chinese label and its explanation in one table; row messages are built here.

A scored row carries data, never text to be parsed back: its ``status``, its ``flags``, the
``code`` of its problem, the ``error_column`` the problem is about and the ``detail`` (the
values that make the problem concrete). ``row_message`` turns those into the text shown, in
English (``en``) or Chinese (``zh``); it is the only place a message is made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from units import Kind

if TYPE_CHECKING:
    from units import Actual, Target

Language = Literal["en", "zh"]


class Status(StrEnum):
    """How a scored row came out: ok, a warning (scored, to be reviewed) or an error (no score)."""

    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


class Severity(StrEnum):
    """How bad a problem is: an error row gets no score; a warning is scored and flagged."""

    ERROR = "error"
    WARNING = "warning"


class Flag(StrEnum):
    """What a scored row carries besides its score (domain.md lists each)."""

    NOT_APPLICABLE = "not_applicable"
    COMPARATOR_INFERRED = "comparator_inferred"
    OVER_COMPLETION = "over_completion"
    OVER_COMPLETION_DEDUCTION = "over_completion_deduction"
    NEGATIVE_ACTUAL = "negative_actual"
    AT_STRICT_BOUND = "at_strict_bound"
    NOT_EQUAL = "not_equal"
    LATE = "late"
    BELOW_REQUIRED_TIER = "below_required_tier"
    MANUAL_SCORE = "manual_score"
    ADJUSTMENT = "adjustment"
    NO_AUTO_SCORE = "no_auto_score"
    DECLARED_POINTS = "declared_points"
    LEVEL1_INFERRED = "level1_inferred"
    UNKNOWN_LEVEL1 = "unknown_level1"
    RUBRIC_SCORE = "rubric_score"
    RUBRIC_UNEXPLAINED = "rubric_deduction_unexplained"
    WEIGHTS_INCONSISTENT = "weights_inconsistent"
    INPUT_ERROR = "input_error"
    TARGET_APPROXIMATE = "target:approximate"
    ACTUAL_COMPARATOR = "actual:comparator_in_actual"
    YEAR_FROM_ACTUAL = "year_from_actual"
    ACTUAL_PER_PERIOD = "actual:per_period_assumed"
    ACTUAL_PER_YEAR = "actual:per_period:年"
    ACTUAL_FRACTION = "actual:fraction_as_percent"
    ACTUAL_BASE_UNIT = "actual:base_unit_assumed"
    ACTUAL_YES_NO = "actual:yes_no"
    ACTUAL_NONE_AS_ZERO = "actual:none_as_zero"
    TARGET_UNIT_NEW = "target:unit_new"
    ACTUAL_UNIT_NEW = "actual:unit_new"
    TARGET_NUMBER_IN_PROSE = "target:number_in_prose"
    ACTUAL_NUMBER_IN_PROSE = "actual:number_in_prose"
    TARGET_PLUS_MINUS = "target:plus_minus"
    TARGET_BANDWIDTH = "target:bandwidth_assumed"
    ACTUAL_BANDWIDTH = "actual:bandwidth_assumed"
    TARGET_FRACTION = "target:fraction_as_percent"
    TARGET_ORDINAL = "target:ordinal_grade"


class ProblemCode(StrEnum):
    """Why a row or a project has a problem (a warning row's code is its first review flag)."""

    TARGET_EMPTY = "target_empty"
    TARGET_UNREADABLE = "target_unreadable"
    TARGET_INVALID = "target_invalid"
    NEEDS_MANUAL_SCORE = "needs_manual_score"
    ACTUAL_EMPTY = "actual_empty"
    ACTUAL_UNREADABLE = "actual_unreadable"
    ACTUAL_MISMATCH = "actual_mismatch"
    WEIGHT_INVALID = "weight_invalid"
    WEIGHTS_EXHAUSTED = "weights_exhausted"
    WEIGHTS_TOO_FEW = "weights_too_few"
    LEVEL1_UNREADABLE = "level1_unreadable"
    LEVEL1_UNKNOWN = "level1_unknown"
    MANUAL_SCORE_INVALID = "manual_score_invalid"
    MANUAL_SCORE_OUT_OF_BAND = "manual_score_out_of_band"
    ADJUSTMENT_INVALID = "adjustment_invalid"
    REASON_MISSING = "reason_missing"
    APPLICABLE_INVALID = "applicable_invalid"
    INPUT_ERROR = "input_error"
    EXECUTION = "execution"
    NO_FUNDING_LINE = "no_funding_line"
    EXECUTION_REASON = "execution_reason"
    NO_INDICATORS = "no_indicators"
    EXECUTION_CAP = "execution_cap"
    OVER_100 = "over_100"


@dataclass(frozen=True, slots=True)
class Label:
    """A member's Chinese label and its explanation (English, the text of messages)."""

    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class FlagInfo:
    """A flag's label and explanation, the input column it is about, whether it makes a row a
    warning, and whether its explanation goes into the row's message (not when the row's
    ``detail`` says it, or for a purely informational note)."""

    zh: str
    en: str
    column: str = ""
    warning: bool = False
    in_message: bool = True


STATUSES: Mapping[Status, Label] = {
    Status.OK: Label("正常", "scored, nothing to review"),
    Status.WARNING: Label("警告", "scored, to be reviewed by a person"),
    Status.ERROR: Label("错误", "not scored: the row has a problem to fix"),
}

SEVERITIES: Mapping[Severity, Label] = {
    Severity.ERROR: Label("错误", "the row or project could not be scored"),
    Severity.WARNING: Label("警告", "scored, to be reviewed by a person"),
}

FLAGS: Mapping[Flag, FlagInfo] = {
    Flag.NOT_APPLICABLE: FlagInfo(
        "不适用：不计分，其余指标得分按比例折算", "不适用: excluded from the totals"),
    Flag.COMPARATOR_INFERRED: FlagInfo(
        "指标值未写比较方向，已推定", "no comparator written; the comparator was inferred",
        "target", warning=True),
    Flag.OVER_COMPLETION: FlagInfo(
        "实际值远超指标值，请复核指标值是否偏低",
        "actual far above target: check whether the target was set too low", "actual",
        warning=True),
    Flag.OVER_COMPLETION_DEDUCTION: FlagInfo(
        "超额完成，已按方案调减", "over-completion deduction taken", "actual", warning=True),
    Flag.NEGATIVE_ACTUAL: FlagInfo(
        "实际值为负，按 0 计", "negative actual counted as 0", "actual", warning=True),
    Flag.AT_STRICT_BOUND: FlagInfo(
        "实际值等于严格比较的界值", "actual equals the bound of a strict comparator", "actual",
        warning=True),
    Flag.NOT_EQUAL: FlagInfo(
        "实际值与要求值不等", "actual differs from the required value", "actual", warning=True),
    Flag.LATE: FlagInfo("逾期完成", "completed after the deadline", "actual"),
    Flag.BELOW_REQUIRED_TIER: FlagInfo(
        "实际等级低于要求等级", "actual tier below the required tier", "actual"),
    Flag.MANUAL_SCORE: FlagInfo("采用人工评分", "manual score", "manual_score"),
    Flag.ADJUSTMENT: FlagInfo("人工调减", "manual deduction", "adjustment"),
    Flag.NO_AUTO_SCORE: FlagInfo(
        "无法自动计分，采用人工评分", "no auto score; the manual score is used", "manual_score",
        warning=True),
    Flag.DECLARED_POINTS: FlagInfo(
        "一级分值按表中所列分值计",
        "the 一级 points printed in the table were used instead of the scheme's", "level1"),
    Flag.LEVEL1_INFERRED: FlagInfo(
        "一级指标空缺或仅有分值，已按二级指标推定",
        "the 一级 was blank or only points; it was read from the 二级", "level1", warning=True),
    Flag.UNKNOWN_LEVEL1: FlagInfo(
        "一级指标不在评分方案中（或未列），按所列分值单独小计",
        "the 一级 is not one of the scheme's (or none is printed); scored with the printed 分值 "
        "in a subtotal of its own", "level1", warning=True),
    Flag.RUBRIC_SCORE: FlagInfo(
        "评价人评分（评分标准类指标）", "scored by the evaluator (rubric row)", "manual_score"),
    Flag.RUBRIC_UNEXPLAINED: FlagInfo(
        "评价人扣分，未填写扣分原因",
        "the evaluator's deduction has no reason (adjustment_reason)", "adjustment_reason",
        warning=True),
    Flag.WEIGHTS_INCONSISTENT: FlagInfo(
        "分值合计与评分方案不符", "the weights do not add up as the scheme says", "weight",
        warning=True, in_message=False),
    Flag.INPUT_ERROR: FlagInfo(
        "输入有误，未计分", "an input cell could not be read: the row is not scored",
        in_message=False),
    Flag.TARGET_APPROXIMATE: FlagInfo(
        "指标值为约数（约/左右）", "the target is approximate (约/左右)", "target",
        in_message=False),
    Flag.ACTUAL_COMPARATOR: FlagInfo(
        "实际完成值写成界值（≥/≤），按该值计分，请核实",
        "actual written as a bound (≥/≤), scored as that value: check the achieved value",
        "actual", warning=True),
    Flag.YEAR_FROM_ACTUAL: FlagInfo(
        "未给出评价年度，时限按实际完成日期所在年份计",
        "no evaluation year: the deadline takes the completion date's year", "target"),
    Flag.ACTUAL_PER_PERIOD: FlagInfo(
        "指标值按期（每月/每周等）计，实际完成值只写了数量，已按同期数量计分，请核实是否为全年数",
        "a bare count against a per-period target was read per that period: check whether it "
        "is the year's count", "actual", warning=True),
    Flag.ACTUAL_PER_YEAR: FlagInfo(
        "实际完成值按年计", "the actual is a count per year", "actual", in_message=False),
    Flag.ACTUAL_FRACTION: FlagInfo(
        "实际完成值疑为小数（如 0.95），已按百分数（95%）计分，请核实",
        "a fraction typed for a percentage was read as a percentage (0.95 → 95%)", "actual",
        warning=True),
    Flag.ACTUAL_BASE_UNIT: FlagInfo(
        "实际完成值比指标值大万倍左右，已按基本单位（元）换算，请核实",
        "a bare number far above a 万/亿 target was read in the base unit (元)", "actual",
        warning=True),
    Flag.ACTUAL_YES_NO: FlagInfo(
        "是/否按指标值本身的是/否判断", "a yes/no actual is judged against the target's own "
        "polarity", "actual", in_message=False),
    Flag.ACTUAL_NONE_AS_ZERO: FlagInfo(
        "实际完成值“无/未发生”按 0 计", "an actual of 无/未发生 counts as 0", "actual",
        in_message=False),
    Flag.TARGET_UNIT_NEW: FlagInfo(
        "指标值的计量单位不在单位表中，已作为独立计数单位，请核实",
        "the target's measure word is not a known unit: counted as a unit of its own",
        "target", warning=True),
    Flag.ACTUAL_UNIT_NEW: FlagInfo(
        "实际完成值的计量单位不在单位表中，已作为独立计数单位，请核实",
        "the actual's measure word is not a known unit: counted as a unit of its own",
        "actual", warning=True),
    Flag.TARGET_NUMBER_IN_PROSE: FlagInfo(
        "指标值为一句话，已读取其中唯一的数值，请核实",
        "the one number of the target's sentence was read", "target", warning=True),
    Flag.ACTUAL_NUMBER_IN_PROSE: FlagInfo(
        "实际完成值为一句话，已读取其中唯一的数值，请核实",
        "the one number of the actual's sentence was read", "actual", warning=True),
    Flag.TARGET_PLUS_MINUS: FlagInfo(
        "指标值为“±”范围，已按上下限计分，请核实基准",
        "± target read as a band around its base", "target", warning=True),
    Flag.TARGET_BANDWIDTH: FlagInfo(
        "带宽单位 M/Mbps 按兆比特每秒计，请核实", "M/Mbps read as megabits per second",
        "target", warning=True),
    Flag.ACTUAL_BANDWIDTH: FlagInfo(
        "带宽单位 M/Mbps 按兆比特每秒计，请核实", "M/Mbps read as megabits per second",
        "actual", warning=True),
    Flag.TARGET_FRACTION: FlagInfo(
        "指标值疑为小数（如 0.97），已按百分数（97%）读取，请核实",
        "a fraction in the target was read as a percentage (0.97 → 97%)", "target",
        warning=True),
    Flag.TARGET_ORDINAL: FlagInfo(
        "等级序数（1 级最好），数值越小越好", "an ordinal grade (1 is best): lower is better",
        "target", warning=True),
}

PROBLEM_CODES: Mapping[ProblemCode, Label] = {
    ProblemCode.TARGET_EMPTY: Label("指标值为空", "the 指标值 is empty"),
    ProblemCode.TARGET_UNREADABLE: Label("指标值无法识别", "the 指标值 could not be read"),
    ProblemCode.TARGET_INVALID: Label(
        "指标值不能用于计分", "the 指标值 was read but cannot be scored as written"),
    ProblemCode.NEEDS_MANUAL_SCORE: Label(
        "须人工评分", "the target cannot be scored by a rule: enter a manual score with a reason"),
    ProblemCode.ACTUAL_EMPTY: Label("实际完成值为空", "the 实际完成值 is empty"),
    ProblemCode.ACTUAL_UNREADABLE: Label("实际完成值无法识别", "the 实际完成值 could not be read"),
    ProblemCode.ACTUAL_MISMATCH: Label(
        "实际完成值与指标值不对应", "the 实际完成值 is not of the kind the target asks for"),
    ProblemCode.WEIGHT_INVALID: Label("分值有误", "the 分值 is not a number of points above 0"),
    ProblemCode.WEIGHTS_EXHAUSTED: Label(
        "一级分值已分完", "the given weights use all points of the 一级: none are left"),
    ProblemCode.WEIGHTS_TOO_FEW: Label(
        "一级剩余分值不足以分配", "the points left are too few to share at the scheme's places"),
    ProblemCode.LEVEL1_UNREADABLE: Label(
        "一级指标无法判定", "the 一级 is blank and its 二级 names no 一级 of the scheme"),
    ProblemCode.LEVEL1_UNKNOWN: Label(
        "一级指标不在评分方案中且未列分值", "unknown 一级 without a printed 分值"),
    ProblemCode.MANUAL_SCORE_INVALID: Label(
        "人工评分有误", "the manual score is not a number from 0 to the weight"),
    ProblemCode.MANUAL_SCORE_OUT_OF_BAND: Label(
        "人工评分不在完成等级对应区间", "the manual score lies outside the band of the actual"),
    ProblemCode.ADJUSTMENT_INVALID: Label(
        "调减分值有误", "the adjustment is not a deduction of 0 or more"),
    ProblemCode.REASON_MISSING: Label(
        "缺少人工评分或调减的原因", "a manual score or deduction needs a reason"),
    ProblemCode.APPLICABLE_INVALID: Label(
        "是否适用填写有误", "the applicable cell is neither empty, true/是 nor false/否/不适用"),
    ProblemCode.INPUT_ERROR: Label("输入有误，未计分", "an input cell could not be read"),
    ProblemCode.EXECUTION: Label(
        "执行率无法计算", "the budget or spent cell does not allow an execution rate"),
    ProblemCode.NO_FUNDING_LINE: Label(
        "未列资金情况，执行率不计分", "no budget and no spent: the execution line is not scored"),
    ProblemCode.EXECUTION_REASON: Label(
        "执行率低于方案阈值，须说明原因",
        "the execution rate is below the scheme's threshold: a reason is required"),
    ProblemCode.NO_INDICATORS: Label("项目无可计分指标", "the project has no applicable indicator"),
    ProblemCode.EXECUTION_CAP: Label(
        "总分按执行率封顶", "the total was capped because of the execution rate"),
    ProblemCode.OVER_100: Label(
        "总分超过 100，按 100 计", "the points add up to more than 100: the total is 100"),
}

KINDS: Mapping[Kind, Label] = {
    Kind.AT_LEAST: Label("不低于（≥）", "met when the actual reaches the target"),
    Kind.MORE_THAN: Label("大于（>）", "met when the actual exceeds the target"),
    Kind.AT_MOST: Label("不高于（≤）", "met when the actual stays at or below the target"),
    Kind.LESS_THAN: Label("低于（<）", "met when the actual stays below the target"),
    Kind.EQUAL: Label("等于（=）", "met when the actual equals the target"),
    Kind.RANGE: Label("区间", "met when the actual lies inside the range"),
    Kind.DEADLINE: Label("时限", "met when done on or before the date"),
    Kind.QUALITATIVE: Label("定性", "scored by the qualitative band or tier of the actual"),
    Kind.UNSCORABLE: Label("无法自动计分", "no rule applies: a manual score is needed"),
}

#: Prefixes of what the parsers noticed while reading the 指标值 / 实际完成值
#: (``Target.flags`` / ``Actual.flags``), carried on the row as ``target:<flag>`` and
#: ``actual:<flag>`` (e.g. ``actual:converted_from:亩``) after the scoring flags; informational
#: unless they are a ``Flag`` marked as a warning.
TARGET_PREFIX = "target:"
ACTUAL_PREFIX = "actual:"

#: Flags that make an otherwise clean row a warning (to be reviewed by a person).
WARNING_FLAGS: frozenset[str] = frozenset(flag for flag, info in FLAGS.items() if info.warning)
#: Readings the parsers had to assume (a bare count per period, a fraction for a percentage,
#: an unknown measure word …): each makes its row a warning, and lint reports the target's.
PARSER_WARNINGS: frozenset[str] = frozenset({
    Flag.ACTUAL_PER_PERIOD, Flag.ACTUAL_FRACTION, Flag.ACTUAL_BASE_UNIT, Flag.TARGET_UNIT_NEW,
    Flag.ACTUAL_UNIT_NEW, Flag.TARGET_NUMBER_IN_PROSE, Flag.ACTUAL_NUMBER_IN_PROSE,
    Flag.TARGET_PLUS_MINUS, Flag.TARGET_BANDWIDTH, Flag.ACTUAL_BANDWIDTH, Flag.TARGET_ORDINAL,
    Flag.TARGET_FRACTION,
})
#: Flags about where a row sits in the indicator tree, or its rubric score, that ask for review.
TREE_WARNINGS: frozenset[str] = frozenset(
    {Flag.LEVEL1_INFERRED, Flag.UNKNOWN_LEVEL1, Flag.RUBRIC_UNEXPLAINED})


def flag_info(flag: str) -> FlagInfo | None:
    """The table entry of a flag, None for a flag the table does not know (a parser's)."""
    try:
        return FLAGS[Flag(flag)]
    except ValueError:
        return None


def parsed_flags(target: Target | None, actual: Actual | None) -> tuple[str, ...]:
    """What the parsers noticed, as row flags: ``target:<flag>`` then ``actual:<flag>``."""
    found = tuple(TARGET_PREFIX + flag for flag in target.flags) if target is not None else ()
    if actual is not None and actual.flags:
        found += tuple(ACTUAL_PREFIX + flag for flag in actual.flags)
    return found


def status_of(flags: Iterable[str], error: bool) -> Status:
    """``error`` when the row has an error, ``warning`` when a flag asks for review, else ok
    (a 不适用 row is ok whatever else it carries: it is not scored)."""
    if error:
        return Status.ERROR
    flags = tuple(flags)
    if Flag.NOT_APPLICABLE in flags:
        return Status.OK
    return Status.WARNING if any(flag in WARNING_FLAGS for flag in flags) else Status.OK


def review_code(flags: Iterable[str]) -> str:
    """The code of a warning row: its first flag that asks for review, else ''."""
    return next((flag for flag in flags if flag in WARNING_FLAGS), "")


def row_message(flags: Iterable[str], code: str = "", detail: str = "",
                language: Language = "en") -> str:
    """The text shown for a row: on an error row (``code`` a ``ProblemCode``) the problem and
    its detail; else (no code, or a warning's review flag) the explanation of each known flag,
    then the detail, ``; ``-joined (only the 不适用 explanation on a 不适用 row)."""
    flags = tuple(flags)
    if code in _PROBLEM_VALUES:
        if language == "en":
            return detail or PROBLEM_CODES[ProblemCode(code)].en
        label = PROBLEM_CODES[ProblemCode(code)].zh
        return f"{label}：{detail}" if detail else label
    infos = {flag: flag_info(flag) for flag in flags}
    if Flag.NOT_APPLICABLE in flags:
        return _text(FLAGS[Flag.NOT_APPLICABLE], language)
    parts = [_text(info, language) for info in infos.values()
             if info is not None and info.in_message]
    return "; ".join([*parts, detail] if detail else parts)


_PROBLEM_VALUES = frozenset(code.value for code in ProblemCode)


def _text(info: FlagInfo, language: Language) -> str:
    return info.zh if language == "zh" else info.en


def unique(flags: Iterable[str]) -> tuple[str, ...]:
    """Flags without repeats, in first-seen order."""
    return tuple(dict.fromkeys(flags))
