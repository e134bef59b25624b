"""jixiao scoring: read an evaluation, score its indicators, total its projects.

>>> from scoring import read_evaluation, evaluate
>>> result = evaluate(read_evaluation("evaluations/chengde-2024"))  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scoring.engine.choose import choose_scheme
from scoring.engine.evaluate import evaluate
from scoring.model.evaluation import Evaluation, EvaluationError
from scoring.model.problems import Problem, Severity
from scoring.model.result import Result
from scoring.outputs.analytic import budget_weighted_average
from scoring.sources.reader import read_evaluation

if TYPE_CHECKING:
    from scoring.engine.frame import score_frame

__all__ = [
    "Evaluation",
    "EvaluationError",
    "Problem",
    "Result",
    "Severity",
    "budget_weighted_average",
    "choose_scheme",
    "evaluate",
    "read_evaluation",
    "score_frame",
]


def __getattr__(name: str) -> Any:
    """``score_frame`` is imported on first use (it loads the unit registry)."""
    if name == "score_frame":
        from scoring.engine.frame import score_frame

        return score_frame
    raise AttributeError(f"module 'scoring' has no attribute {name!r}")
