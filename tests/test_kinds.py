"""The kind registry: every target kind has its scalar rule, its vectorised rule (or none, and
then the frame calls the scalar rule per distinct pair), its lint checks and its strategy."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import PAIRS

import weights
from scoring.engine._vectorised import Columns
from scoring.engine.rules import KINDS, NUMERIC_KINDS, kinds_linted
from scoring.review import lint
from units import Actual, ActualKind, Kind, Target

NATIONAL = weights.load_scheme("national-2020")
VARIANT = weights.load_scheme("national-2020", overrides={
    "rules": {"more_than": "strict", "at_most": "target_over_actual", "equal": "strict"}})


def test_every_kind_has_an_entry() -> None:
    """Each Kind is registered; exactly the numeric kinds have a vectorised rule."""
    assert set(KINDS) == set(Kind)
    assert {kind for kind, spec in KINDS.items() if spec.vectorised} == set(NUMERIC_KINDS)


def test_every_strategy_named_in_the_registry_exists() -> None:
    """The kinds with a strategy are exactly those tests/strategies.py draws pairs for."""
    assert {kind for kind, spec in KINDS.items() if spec.strategy} == set(PAIRS)


def test_lint_asks_the_registry_which_kinds_a_check_runs_on() -> None:
    """Lint's kind gates are the registry's (a new kind's checks are declared in its entry)."""
    assert lint._UPWARD == kinds_linted("cost_direction") == {"at_least", "more_than"}
    assert {"at_most", "less_than"} == lint._DOWNWARD
    assert {kind.value for kind in NUMERIC_KINDS} == lint._NUMERIC


numbers = st.decimals(min_value=Decimal(0), max_value=Decimal(500), places=2)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(sorted(NUMERIC_KINDS)), a=numbers, t=numbers, width=numbers,
       scheme=st.sampled_from([NATIONAL, VARIANT]))
def test_vectorised_rule_equals_the_scalar_rule(kind: Kind, a: Decimal, t: Decimal,
                                                width: Decimal, scheme: weights.Scheme) -> None:
    """Each kind's numpy rule gives its scalar rule's share (to float precision)."""
    spec = KINDS[kind]
    upper = t + width if kind is Kind.RANGE else None
    target = Target(f"{t}", kind, t, upper, "个")
    actual = Actual(f"{a}", ActualKind.NUMBER, a, "个")
    exact = spec.rule(target, actual, scheme, 2024).share
    assert exact is not None and spec.vectorised is not None
    columns = Columns(np.array([float(a)]), np.array([float(t)]),
                      np.array([float(upper) if upper is not None else 0.0]))
    share = float(np.clip(spec.vectorised(columns, scheme), 0.0, 1.0)[0])
    assert abs(share - float(exact)) <= 1e-9
