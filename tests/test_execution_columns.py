"""Execution lines of many projects at once, against ``assess_execution``.

The execution lines of many projects at once equal ``assess_execution`` of each, line for
line: rate, score, reason, cap and the error of a line that cannot be computed.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import weights
from scoring.engine._execution_columns import assess_executions
from scoring.engine.execution import assess_execution

D = Decimal
SCHEMES = [weights.load_scheme(info.name) for info in weights.available_schemes()]

amounts = st.one_of(
    st.just(""), st.none(), st.just("0"), st.just("-5"), st.just("abc"), st.just("1,5"),
    st.integers(min_value=0, max_value=10**9).map(str),
    st.decimals(min_value=D(0), max_value=D(10**6), places=2).map(lambda d: f"{d:f}"),
    st.decimals(min_value=D("0.0001"), max_value=D(10), places=4),
    st.integers(min_value=0, max_value=5000),
    st.sampled_from(["1,099.00", "４３.２", "37.24", "43.2", "1E+3", "99999999999999.99"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(amounts, amounts), max_size=12), st.sampled_from(SCHEMES),
       st.sampled_from([0, 2, 4]))
def test_columns_equal_assess_execution(pairs: list[tuple[object, object]],
                                        scheme: weights.Scheme, places: int) -> None:
    budgets = [budget for budget, _ in pairs]
    spents = [spent for _, spent in pairs]
    found = assess_executions(budgets, spents, weight=scheme.weights.execution,
                              reason_below=scheme.execution.reason_below,
                              caps=scheme.execution.caps, places=places)
    expected = [assess_execution(budget, spent, weight=scheme.weights.execution,
                                 reason_below=scheme.execution.reason_below,
                                 caps=scheme.execution.caps, places=places)
                for budget, spent in pairs]
    assert found == expected
    assert [(str(e.rate), str(e.score), str(e.cap)) for e in found] == [
        (str(e.rate), str(e.score), str(e.cap)) for e in expected]


def test_the_lowest_cap_whose_threshold_the_rate_falls_under() -> None:
    """执行率 40 %: caps below 50 % (at most 60) and below 60 % (at most 70) → 60."""
    class Cap:
        def __init__(self, below: str, most: int) -> None:
            self.below, self.max_total = D(below), D(most)

    caps = [Cap("0.6", 70), Cap("0.5", 60), Cap("0.3", 50)]
    found = assess_executions(["100", "100"], ["40", "20"], weight=D(10), reason_below=D(0),
                              caps=caps)
    assert [line.cap for line in found] == [D(60), D(50)]
    assert [line.score for line in found] == [D("4.00"), D("2.00")]
