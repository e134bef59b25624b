"""Shared test settings and fixtures.

Hypothesis explores new random examples on every local run; under CI (``CI`` set) it replays a
fixed derandomised sequence, so a submission's result does not depend on the draw.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import settings

# No per-example deadline: speed is measured in benchmarks/, not by timing tests on a busy machine.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("dev", print_blob=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def actuals_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts ``units.parse_actual`` is called with from now on, in order."""
    import units

    calls: list[str] = []
    parse_actual = units.parse_actual

    def counted(text: str, target: Any, **kw: Any) -> Any:
        calls.append(text)
        return parse_actual(text, target, **kw)

    monkeypatch.setattr(units, "parse_actual", counted)
    return calls
