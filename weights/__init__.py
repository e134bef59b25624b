"""Weighting schemes: TOML files in ``weights/schemes``, the ``Scheme`` model, ``load_scheme``."""

from weights._errors import SchemeError
from weights._files import read_bounded
from weights._load import SchemeInfo, available_schemes, load_scheme, scheme_files
from weights._model import (
    SHARED_POOL,
    Cap,
    Distribution,
    Execution,
    Grade,
    OverCompletion,
    Qualitative,
    Rounding,
    Rules,
    Scheme,
    Vocabulary,
    Weights,
    compact,
    level1_key,
    level1_name,
    printed_points,
)
from weights._render import to_json, to_toml

__all__ = [
    "SHARED_POOL",
    "Cap",
    "Distribution",
    "Execution",
    "Grade",
    "OverCompletion",
    "Qualitative",
    "Rounding",
    "Rules",
    "Scheme",
    "SchemeError",
    "SchemeInfo",
    "Vocabulary",
    "Weights",
    "available_schemes",
    "compact",
    "level1_key",
    "level1_name",
    "load_scheme",
    "printed_points",
    "read_bounded",
    "scheme_files",
    "to_json",
    "to_toml",
]
