"""The parts every kind module is made of.

The registry entry ``KindSpec``, the ``Assessment`` a rule returns, the ``Columns`` a
vectorised rule reads, and the helpers the numeric rules share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from scoring.model.codes import Flag, ProblemCode
from units import Actual, ActualKind, Band, Kind, Target
from weights import Scheme

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

ZERO = Fraction(0)
ONE = Fraction(1)

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the rule of a kind makes of a (target, actual) pair, before the weight applies.

    ``share`` is the exact share of the weight earned (None on error); ``code`` (a
    ``ProblemCode``) and ``column`` say what an error is and which input it is about; ``band``
    is the qualitative band of the actual (for checking a manual score); ``deduct`` says the
    over-completion deduction applies; ``unscorable`` that the target needs a manual score by
    nature.
    """

    share: Fraction | None
    flags: tuple[str, ...] = ()
    error: str = ""
    column: str = ""
    code: str = ""
    band: Band | None = None
    deduct: bool = False
    unscorable: bool = False


@dataclass(frozen=True, slots=True)
class Columns:
    """The numbers of the pairs: actual ``a`` (negative already counted as 0 where the scheme
    says so), target ``t`` and, for a range, the upper bound ``up``; all in the target's unit."""

    a: Floats
    t: Floats
    up: Floats

    @property
    def safe_t(self) -> Floats:
        return np.where(self.t == 0, 1.0, self.t)

    @property
    def safe_a(self) -> Floats:
        return np.where(self.a == 0, 1.0, self.a)


#: A kind's exact rule: (target, actual, scheme, evaluation year) → its assessment.
Rule = Callable[[Target, Actual, Scheme, "int | None"], Assessment]
#: A kind's rule over columns: the share of the weight earned by each pair.
VectorRule = Callable[[Columns, Scheme], Floats]
#: The review flags a kind's rule sets over columns: (flag, where it is set) in the order the
#: exact rule lists them. ``Flag.OVER_COMPLETION_DEDUCTION`` also marks the pairs deducted.
VectorFlags = Callable[[Columns, Scheme], Sequence[tuple[str, Bools]]]
#: The boundaries of a kind's rule over columns: pairs (x, y) of arrays where the share or a
#: flag changes as x passes y, so that a pair with x close to y is assessed exactly.
Boundaries = Callable[[Columns, Scheme], Sequence[tuple[Floats, Floats]]]
#: Whether a parsed target has the numbers a kind's vectorised rule reads.
Fits = Callable[[Target], bool]
#: A kind's Hypothesis strategy of (target text, actual text, indicator) examples.
Pairs = Callable[[], "SearchStrategy[tuple[str, str, str]]"]


def _always(target: Target) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class KindSpec:
    """Everything about one target kind, in one place.

    ``rule``: the exact scalar rule (the oracle). ``vectorised``: its numpy twin over whole
    columns, or None when the frame calls ``rule`` once per distinct (target, actual) pair
    (dates and words: few distinct pairs). ``lint``: the lint codes checked on rows of this
    kind (``review/lint.py`` asks the registry). ``pairs``: the Hypothesis strategy of its
    example pairs (the property tests draw from it), or None when the kind has no readable
    pair to draw (its rows come from the tests' bad pairs).

    For a kind with a vectorised rule: ``flags``, the review flags that rule's pairs carry
    (none when None); ``boundaries``, where its share or flags change, beyond the ones every
    numeric kind shares (a = t, a = 0, t = 0): a pair near one is re-assessed by ``rule``;
    ``fits``, whether a target's numbers suit the vectorised rule (a pair whose target does
    not is assessed by ``rule``, which reports the error). ``needs_actual``: False when the
    rule assesses a pair with an empty actual itself (no empty-actual error first).
    """

    kind: Kind
    rule: Rule
    vectorised: VectorRule | None
    lint: frozenset[str]
    pairs: Pairs | None
    flags: VectorFlags | None = None
    boundaries: Boundaries | None = None
    fits: Fits = _always
    needs_actual: bool = True


#: Lint codes of every quantitative kind.
QUANTITATIVE_LINT = frozenset({"unit_missing", "negative_target", "cost_unit",
                               "satisfaction_unit", "satisfaction_low", "quantity_unit",
                               "unit_mismatch"})


def yearless(rule: Callable[[Target, Actual, Scheme], Assessment]) -> Rule:
    """A rule that needs no evaluation year, in the registry's signature."""
    return lambda target, actual, scheme, year: rule(target, actual, scheme)


def error(code: ProblemCode, column: str, text: str, *, unscorable: bool = False) -> Assessment:
    """The assessment of a pair that cannot be scored: its code, input column and reason."""
    return Assessment(share=None, error=text, column=column, code=code, unscorable=unscorable)


def clamp(share: Fraction) -> Fraction:
    """``share`` held to [0, 1]."""
    return min(ONE, max(ZERO, share))


def numbers(
    target: Target, actual: Actual, scheme: Scheme
) -> tuple[Fraction, Fraction, tuple[str, ...]] | Assessment:
    """(a, t, flags) for a numeric kind, or the error that prevents scoring."""
    if target.value is None:
        return error(ProblemCode.TARGET_INVALID, "target", "target has no value")
    around_zero = target.kind is Kind.RANGE and target.value < 0
    if target.value < 0 and not around_zero:
        return error(ProblemCode.TARGET_INVALID, "target",
                     f"expected a non-negative target value, got {target.value}")
    if actual.kind is not ActualKind.NUMBER or actual.value is None:
        unit = f" in {target.unit}" if target.unit else ""
        return error(ProblemCode.ACTUAL_MISMATCH, "actual",
                     f"expected a number{unit}, got {actual.text!r}")
    a = Fraction(actual.value)
    found: tuple[str, ...] = ()
    if a < 0 and scheme.rules.negative_actual_as_zero and not around_zero:
        a, found = ZERO, (Flag.NEGATIVE_ACTUAL,)
    return a, Fraction(target.value), found


def over_completion(a: Fraction, t: Fraction, scheme: Scheme) -> tuple[tuple[str, ...], bool]:
    """Over-completion flags of an at_least/more_than pair and whether to deduct."""
    if t <= 0:
        return (), False
    settings = scheme.over_completion
    found: list[str] = []
    deduct = settings.deduction > 0 and a >= Fraction(settings.deduct_at) * t
    if a >= Fraction(settings.flag_at) * t:
        found.append(Flag.OVER_COMPLETION)
    if deduct:
        found.append(Flag.OVER_COMPLETION_DEDUCTION)
    return tuple(found), deduct


def at_least_share(a: Fraction, t: Fraction) -> Fraction:
    """a ≥ t → 1, else a/t (t = 0 is always met)."""
    if t == 0 or a >= t:
        return ONE
    return a / t


def over_completion_columns(c: Columns, scheme: Scheme) -> list[tuple[str, Bools]]:
    """``over_completion`` over columns: where each of its flags is set."""
    settings = scheme.over_completion
    upward = c.t > 0
    return [
        (Flag.OVER_COMPLETION, upward & (c.a >= float(settings.flag_at) * c.t)),
        (Flag.OVER_COMPLETION_DEDUCTION,
         upward & (settings.deduction > 0) & (c.a >= float(settings.deduct_at) * c.t)),
    ]


def over_completion_boundaries(c: Columns, scheme: Scheme) -> list[tuple[Floats, Floats]]:
    """Where the over-completion flags change: a = flag_at·t and a = deduct_at·t."""
    settings = scheme.over_completion
    return [(c.a, float(settings.flag_at) * c.t), (c.a, float(settings.deduct_at) * c.t)]
