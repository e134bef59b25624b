"""The public names of the ``scoring`` package."""

from __future__ import annotations

import scoring


def test_all_is_pinned() -> None:
    """``scoring.__all__`` lists exactly the public API."""
    assert sorted(scoring.__all__) == [
        "Evaluation", "EvaluationError", "Problem", "Result", "Severity",
        "budget_weighted_average", "choose_scheme", "evaluate", "read_evaluation", "score_frame",
    ]


def test_every_name_resolves() -> None:
    """Each exported name is importable from the package."""
    for name in scoring.__all__:
        assert getattr(scoring, name) is not None


def test_names_are_the_implementations() -> None:
    """The exports are the objects of their defining modules."""
    from scoring.engine.evaluate import evaluate
    from scoring.engine.frame import score_frame
    from scoring.model.evaluation import EvaluationError
    from scoring.sources.reader import read_evaluation

    assert scoring.evaluate is evaluate
    assert scoring.read_evaluation is read_evaluation
    assert scoring.score_frame is score_frame
    assert issubclass(scoring.EvaluationError, ValueError)
    assert issubclass(EvaluationError, ValueError)
