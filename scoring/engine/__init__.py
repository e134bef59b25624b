"""The arithmetic of scoring, from a (target, actual) pair to a project's total.

Per-kind rules (``kinds/``), the exact reference (``rules``), the vectorised frame scorer,
weighting, budget execution, totals, rounding, the framework choice and the scoring of one
evaluation. Of scoring it imports only the model (besides units and weights)."""
