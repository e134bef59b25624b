"""Shared test settings.

Hypothesis explores new random examples on every local run; under CI (``CI`` set) it replays a
fixed derandomised sequence, so a submission's result does not depend on the draw.
"""

from __future__ import annotations

import os

from hypothesis import settings

# No per-example deadline: speed is measured in benchmarks/, not by timing tests on a busy machine.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("dev", print_blob=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
