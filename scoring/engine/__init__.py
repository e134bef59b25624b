"""The arithmetic of scoring, from a (target, actual) pair to a project's total.

The arithmetic: per-kind rules, the vectorised frame scorer, weighting, budget execution,
totals, rounding, the framework choice and the scoring of one evaluation. It imports only the
model."""
