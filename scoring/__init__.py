"""jixiao scoring: read an evaluation, score its indicators, total its projects.

>>> from scoring import read_evaluation, evaluate
>>> result = evaluate(read_evaluation("evaluations/chengde-2024"))  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scoring._evaluation import Evaluation, EvaluationError
from scoring._problems import Problem, Severity
from scoring._result import Result
from scoring.analytic import budget_weighted_average
from scoring.choose import choose_scheme
from scoring.evaluate import evaluate
from scoring.evaluation import read_evaluation

if TYPE_CHECKING:
    from scoring.frame import score_frame

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
        from scoring.frame import score_frame

        return score_frame
    raise AttributeError(f"module 'scoring' has no attribute {name!r}")
