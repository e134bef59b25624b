"""The kind registry: one module per target kind.

The kind registry: every target kind has one module holding its scalar rule, its vectorised
rule (or none, and then the frame calls the scalar rule per distinct pair) with its review
flags and boundaries, its lint checks and its Hypothesis strategy; a new kind module is found
and scored by the frame without touching the frame or the rules.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from indicator_tables import table
from strategies import PAIRS

import units
import weights
from scoring.engine import frame, kinds, pairs, rules
from scoring.engine.kinds import KINDS, NUMERIC_KINDS, Columns, KindSpec, kinds_linted, load_kinds
from scoring.model.codes import Flag
from scoring.review import lint
from units import Actual, ActualKind, Kind, Target

NATIONAL = weights.load_scheme("national-2020")
VARIANT = weights.load_scheme("national-2020", overrides={
    "rules": {"more_than": "strict", "at_most": "target_over_actual", "equal": "strict"}})


def test_every_kind_has_a_module_with_all_its_parts() -> None:
    """Each Kind has exactly one module whose SPEC names that kind, a rule, lint codes and a
    strategy (only the unscorable kind draws no pairs); the numeric kinds have a numpy rule."""
    specs = [getattr(importlib.import_module(f"{kinds.__name__}.{info.name}"), "SPEC", None)
             for info in pkgutil.iter_modules(kinds.__path__)]
    modules = [spec for spec in specs if spec is not None]
    assert len(modules) == len(Kind)
    assert {spec.kind: spec for spec in modules} == dict(KINDS)
    assert set(KINDS) == set(Kind)
    for kind, spec in KINDS.items():
        assert spec.kind is kind
        assert callable(spec.rule)
        assert (spec.pairs is None) == (kind is Kind.UNSCORABLE)
        assert spec.lint or kind is Kind.DEADLINE
    assert {kind for kind, spec in KINDS.items() if spec.vectorised} == set(NUMERIC_KINDS)
    assert {Kind.AT_LEAST, Kind.MORE_THAN, Kind.AT_MOST, Kind.LESS_THAN,
                             Kind.EQUAL, Kind.RANGE} == NUMERIC_KINDS


def test_the_tests_draw_their_pairs_from_the_registry() -> None:
    """tests/strategies.py draws each kind's pairs from the kind's own strategy."""
    assert set(PAIRS) == {kind for kind, spec in KINDS.items() if spec.pairs is not None}


@pytest.mark.parametrize("kind", sorted(kind for kind in Kind if kind is not Kind.UNSCORABLE))
def test_each_strategy_draws_pairs_of_its_kind(kind: Kind) -> None:
    """A pair drawn from a kind's strategy parses as a target of that kind (bare values are
    read as at_least with the comparator inferred)."""
    spec = KINDS[kind]
    assert spec.pairs is not None

    @settings(max_examples=25, deadline=None)
    @given(pair=spec.pairs())
    def check(pair: tuple[str, str, str]) -> None:
        target_text, _, indicator = pair
        assert units.parse_target(target_text, year=2024, indicator=indicator).kind is kind

    check()


def test_the_engine_looks_kinds_up_in_the_registry() -> None:
    """rules, the frame's pair assessment and lint all use the one registry object."""
    assert vars(rules)["KINDS"] is KINDS
    assert vars(pairs)["KINDS"] is KINDS
    assert vars(pairs)["NUMERIC_KINDS"] is NUMERIC_KINDS


def test_lint_asks_the_registry_which_kinds_a_check_runs_on() -> None:
    """Lint's kind gates are the registry's (a new kind's checks are declared in its module)."""
    assert lint._UPWARD == kinds_linted("cost_direction") == {"at_least", "more_than"}
    assert {"at_most", "less_than"} == lint._DOWNWARD
    assert {kind.value for kind in NUMERIC_KINDS} == lint._NUMERIC


@pytest.fixture
def toy_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An importable package of kind modules, removed from sys.modules afterwards."""
    package = tmp_path / "toy_kinds"
    package.mkdir()
    (package / "__init__.py").write_text('"""Toy kinds."""\n', encoding="utf-8")
    (package / "base.py").write_text('"""Shared, not a kind."""\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "toy_kinds"
    for name in [name for name in sys.modules if name.startswith("toy_kinds")]:
        del sys.modules[name]


TOY = '''"""A toy kind: every pair earns half the weight."""
from fractions import Fraction

from scoring.engine.kinds import Assessment, KindSpec
from units import Kind


def score(target, actual, scheme, year):
    return Assessment(Fraction(1, 2))


SPEC = KindSpec(Kind.{kind}, score, None, frozenset({{"toy_check"}}), None)
'''


def test_a_new_kind_module_is_picked_up(toy_package: str) -> None:
    """Dropping one module into the package registers its kind, rule and lint codes."""
    path = Path(__import__(toy_package).__path__[0])
    (path / "half.py").write_text(TOY.format(kind="DEADLINE"), encoding="utf-8")
    found = load_kinds(toy_package)
    assert list(found) == [Kind.DEADLINE]
    spec = found[Kind.DEADLINE]
    assert isinstance(spec, KindSpec) and spec.lint == {"toy_check"}
    target = Target("9月前", Kind.DEADLINE)
    assert spec.rule(target, Actual("完成", ActualKind.BAND), NATIONAL, 2024).share == \
        Decimal("0.5")


def test_a_module_without_a_spec_is_refused(toy_package: str) -> None:
    """A kind module that defines no SPEC fails loudly, naming the module."""
    path = Path(__import__(toy_package).__path__[0])
    (path / "broken.py").write_text('"""No spec."""\n', encoding="utf-8")
    with pytest.raises(TypeError, match=r"toy_kinds\.broken: a kind module must define SPEC"):
        load_kinds(toy_package)


def test_two_modules_of_one_kind_are_refused(toy_package: str) -> None:
    """Two modules claiming the same kind fail, naming both."""
    path = Path(__import__(toy_package).__path__[0])
    (path / "first.py").write_text(TOY.format(kind="EQUAL"), encoding="utf-8")
    (path / "second.py").write_text(TOY.format(kind="EQUAL"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"toy_kinds\.second: kind 'equal' is already "
                                         r"registered by toy_kinds\.first"):
        load_kinds(toy_package)


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


def _kind_members_named(module: object) -> list[str]:
    """Every ``Kind.X`` (or ``units.Kind.X``) the source of ``module`` names, with its line."""
    path = Path(cast(Any, module).__file__)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        if (isinstance(owner, ast.Name) and owner.id == "Kind") or (
                isinstance(owner, ast.Attribute) and owner.attr == "Kind"):
            found.append(f"{path.name}:{node.lineno}: Kind.{node.attr}")
    return found


def test_the_frame_and_the_rules_name_no_kind() -> None:
    """Every per-kind decision of the frame and the rules comes from the registry: their
    source names no member of ``units.Kind``."""
    assert _kind_members_named(frame) == []
    assert _kind_members_named(pairs) == []
    assert _kind_members_named(rules) == []


def test_the_walk_finds_kind_members() -> None:
    """The source walk above does see a kind named in a module (here a kind module's own)."""
    from scoring.engine.kinds import at_most

    named = [found.split(": ")[1] for found in _kind_members_named(at_most)]
    assert sorted(named) == ["Kind.AT_MOST", "Kind.LESS_THAN"]


TWICE_MODULE = '''"""A toy numeric kind: met at twice the target, flagged from three times it."""
from enum import StrEnum
from fractions import Fraction

import numpy as np

from scoring.engine.kinds import Assessment, KindSpec
from scoring.engine.kinds.base import error
from scoring.model.codes import Flag, ProblemCode


class ToyKind(StrEnum):
    """Stands in for the member a new kind adds to units.Kind."""

    TWICE = "twice"


CALLS = {"rule": 0, "vectorised": []}


def score(target, actual, scheme, year):
    CALLS["rule"] += 1
    a, t = Fraction(actual.value), Fraction(target.value)
    if t == 0:
        return error(ProblemCode.TARGET_INVALID, "target", "a target of 0 cannot be doubled")
    flags = (Flag.OVER_COMPLETION,) if a >= 3 * t else ()
    return Assessment(min(Fraction(1), a / (2 * t)), flags)


def vectorised(c, scheme):
    CALLS["vectorised"].append(len(c.a))
    return np.minimum(1.0, c.a / (2 * c.t))


def flags(c, scheme):
    return [(Flag.OVER_COMPLETION, c.a >= 3 * c.t)]


def boundaries(c, scheme):
    return [(c.a, 2 * c.t), (c.a, 3 * c.t)]


SPEC = KindSpec(ToyKind.TWICE, score, vectorised, frozenset(), None, flags=flags,
                boundaries=boundaries, fits=lambda target: target.value > 0)
'''


def test_a_new_kind_module_is_scored_by_the_frame(toy_package: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind module with a vectorised rule, flags and boundaries is scored by the frame as
    it is: its rule over its own pairs, its flags, its boundaries sending a pair to its exact
    rule. Only the parser is stood in for (a real kind adds its ``units.Kind`` member and the
    parser produces it); the frame and the rules are not touched."""
    path = Path(__import__(toy_package).__path__[0])
    (path / "twice.py").write_text(TWICE_MODULE, encoding="utf-8")
    toy = load_kinds(toy_package)
    registry = {**KINDS, **toy}
    numeric = frozenset(kind for kind, spec in registry.items() if spec.vectorised)
    for module in (pairs, rules):
        monkeypatch.setattr(module, "KINDS", registry)
    monkeypatch.setattr(pairs, "NUMERIC_KINDS", numeric)
    [twice] = toy
    read_target, read_actual = units.parse_target, units.parse_actual

    def parse_target(text: str, **kw: Any) -> Target:
        if text.startswith("两倍"):
            return Target(text, twice, Decimal(text.removeprefix("两倍")), None, "个")
        return read_target(text, **kw)

    def parse_actual(text: str, target: Target, **kw: Any) -> Actual:
        if target.kind is twice:
            return Actual(text, ActualKind.NUMBER, Decimal(text), "个")
        return read_actual(text, target, **kw)

    monkeypatch.setattr(units, "parse_target", parse_target)
    monkeypatch.setattr(units, "parse_actual", parse_actual)
    calls = vars(sys.modules[f"{toy_package}.twice"])["CALLS"]
    df = table(*({"target": target, "actual": actual, "weight": "10"} for target, actual in (
        ("两倍10", "5"), ("两倍10", "35"), ("两倍10", "20"), ("两倍10", "5"),
        ("≥100 个", "80 个"), ("两倍0", "5"))))
    result = frame.score_frame(df, NATIONAL, year=2024)
    assert list(result["kind"]) == ["twice"] * 4 + ["at_least", "twice"]
    assert list(result["auto_score"][:5]) == [Decimal("2.50"), Decimal("10.00"),
                                              Decimal("10.00"), Decimal("2.50"),
                                              Decimal("8.00")]
    assert [Flag.OVER_COMPLETION in flags.split(";") for flags in result["flags"][:4]] == [
        False, True, False, False]
    # Its rule ran over its three distinct fitting pairs only; the pair on a boundary (a = 2t)
    # and the one its ``fits`` refuses (t = 0, assessed exactly: a/0 fails) went to ``score``.
    assert calls["vectorised"] == [3]
    assert calls["rule"] == 2
    assert result["status"].iloc[5] == "error"
