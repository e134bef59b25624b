"""Flags a scored row can carry, what each means, and how flags decide a row's status."""

from __future__ import annotations

from collections.abc import Iterable

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
#: The actual tier is below the minimum tier the target names.
BELOW_REQUIRED_TIER = "below_required_tier"
#: A manual score replaced the auto score.
MANUAL_SCORE = "manual_score"
#: A manual deduction was taken from the score.
ADJUSTMENT = "adjustment"
#: No auto score could be computed; the manual score stands in for it.
NO_AUTO_SCORE = "no_auto_score"

#: Flags that make an otherwise clean row a warning (to be reviewed by a person).
WARNING_FLAGS: frozenset[str] = frozenset(
    {
        COMPARATOR_INFERRED,
        OVER_COMPLETION,
        OVER_COMPLETION_DEDUCTION,
        NEGATIVE_ACTUAL,
        AT_STRICT_BOUND,
        NOT_EQUAL,
        NO_AUTO_SCORE,
    }
)

#: A short explanation per flag, joined into the row's message.
FLAG_MESSAGES: dict[str, str] = {
    NOT_APPLICABLE: "不适用: excluded from the totals",
    COMPARATOR_INFERRED: "no comparator written; the comparator was inferred",
    OVER_COMPLETION: "actual far above target: check whether the target was set too low",
    OVER_COMPLETION_DEDUCTION: "over-completion deduction taken",
    NEGATIVE_ACTUAL: "negative actual counted as 0",
    AT_STRICT_BOUND: "actual equals the bound of a strict comparator",
    NOT_EQUAL: "actual differs from the required value",
    LATE: "completed after the deadline",
    BELOW_REQUIRED_TIER: "actual tier below the required tier",
    MANUAL_SCORE: "manual score",
    ADJUSTMENT: "manual deduction",
    NO_AUTO_SCORE: "no auto score; the manual score is used",
}


def status_of(flags: Iterable[str], error: str) -> str:
    """``error`` when there is an error text, ``warning`` when a flag asks for review, else ok."""
    if error:
        return "error"
    return "warning" if any(flag in WARNING_FLAGS for flag in flags) else "ok"


def message_of(flags: Iterable[str], error: str) -> str:
    """The error text (if any) followed by the explanation of each known flag, ``; ``-joined."""
    parts = [error] if error else []
    parts.extend(FLAG_MESSAGES[flag] for flag in flags if flag in FLAG_MESSAGES)
    return "; ".join(parts)


def unique(flags: Iterable[str]) -> tuple[str, ...]:
    """Flags without repeats, in first-seen order."""
    return tuple(dict.fromkeys(flags))
