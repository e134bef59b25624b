"""Chinese units and the grammar that turns 指标值/实际完成值 text into exact values.

``parse_target`` and ``parse_actual`` read cells; ``convert`` and ``factor`` convert exactly
between units of ``ureg``, the registry built from ``definitions.txt``; values are ``Exact``
(a Decimal, or a Fraction where a conversion does not end as a decimal; ``as_decimal`` shows
one). ``DEFAULT_VOCABULARY`` holds the words of the qualitative bands read when no scheme's
vocabulary is given.
"""

from units._actual import parse_actual
from units._convert import convert, factor
from units._errors import ParseError, UnitMismatch
from units._format import format_target
from units._grammar import parse_target
from units._inference import lower_is_better
from units._model import Actual, ActualKind, Band, Deadline, Exact, Kind, Target, as_decimal
from units._normalise import normalise
from units._registry import ureg
from units._vocabulary import DEFAULT_VOCABULARY, Vocabulary
from units._words import SCALES

__all__ = [
    "DEFAULT_VOCABULARY",
    "SCALES",
    "Actual",
    "ActualKind",
    "Band",
    "Deadline",
    "Exact",
    "Kind",
    "ParseError",
    "Target",
    "UnitMismatch",
    "Vocabulary",
    "as_decimal",
    "convert",
    "factor",
    "format_target",
    "lower_is_better",
    "normalise",
    "parse_actual",
    "parse_target",
    "ureg",
]
