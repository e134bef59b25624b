"""The ``deadline`` kind: ``9月前``.

Done on time earns the weight; late, the scheme's ``late_per_month`` loss per started month
or the 部分达成 share. Few distinct pairs, so the frame calls the exact rule once per distinct
pair (no vectorised rule)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import TYPE_CHECKING

from scoring.engine.kinds.base import ONE, ZERO, Assessment, KindSpec, error
from scoring.model.codes import Flag, ProblemCode
from units import Actual, ActualKind, Kind, Target
from weights import Scheme

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def months_late(done: dt.date, due: dt.date) -> int:
    """Started months from ``due`` to ``done`` (0 when on time)."""
    if done <= due:
        return 0
    months = (done.year - due.year) * 12 + done.month - due.month
    return months + 1 if done.day > due.day else max(months, 1)


def score(target: Target, actual: Actual, scheme: Scheme, year: int | None) -> Assessment:
    """The exact share of a completion date (or 完成/未完成) against the due date."""
    if target.deadline is None:
        return error(ProblemCode.TARGET_INVALID, "target", "deadline target has no date")
    if actual.kind is ActualKind.BAND and actual.band is not None:
        share = Fraction(scheme.qualitative.default_share(actual.band))
        return Assessment(share, band=actual.band)
    if actual.kind is not ActualKind.DATE or actual.date is None:
        return error(
            ProblemCode.ACTUAL_MISMATCH, "actual",
            f"expected a completion date or 完成/未完成, got {actual.text!r}"
        )
    found: tuple[str, ...] = ()
    if target.deadline.year is None and year is None:
        # No evaluation or project year: the completion date's own year dates the deadline.
        year, found = actual.date.year, (Flag.YEAR_FROM_ACTUAL,)
    due = target.deadline.on(year)
    late = months_late(actual.date, due)
    if late == 0:
        return Assessment(ONE, found)
    if scheme.rules.deadline == "late_per_month":
        share = max(ZERO, ONE - late * Fraction(scheme.rules.late_per_month))
    else:
        share = Fraction(scheme.qualitative.default_partial)
    return Assessment(share, (*found, Flag.LATE))


def pairs() -> SearchStrategy[tuple[str, str, str]]:
    """``N月前`` targets done on a date in 2024 or 2025, or reported in words."""
    from hypothesis import strategies as st

    @st.composite
    def deadline_pairs(draw: st.DrawFn) -> tuple[str, str, str]:
        month = draw(st.integers(min_value=1, max_value=12))
        done_year = draw(st.sampled_from([2024, 2024, 2025]))
        done_month = draw(st.integers(min_value=1, max_value=12))
        done_day = draw(st.integers(min_value=1, max_value=28))
        actual = draw(
            st.one_of(
                st.just(f"{done_year}年{done_month}月{done_day}日"),
                st.sampled_from(["按时完成", "未完成", "已完成"]),
            )
        )
        return f"{month}月前", actual, "完成时间"

    return deadline_pairs()


SPEC = KindSpec(Kind.DEADLINE, score, None, frozenset(), pairs)
