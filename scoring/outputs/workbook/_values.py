"""Conversions of table values (str, Decimal, NaN, None) for writing."""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

from scoring.model import form_layout as L
from scoring.model.form_cells import normalise, parse_number


def text_of(value: object) -> str:
    """A table value as text; None and NaN are ``""``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def decimal_of(value: object) -> Decimal | None:
    """A table value as a Decimal, or None when blank or not a number."""
    if isinstance(value, Decimal):
        return None if value.is_nan() else value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return None if math.isnan(value) else Decimal(repr(value))
    text = text_of(value)
    try:
        return parse_number(text) if text else None
    except InvalidOperation:  # pragma: no cover - parse_number guards its input
        return None


def not_applicable_mark(applicable: object) -> str:
    """The 不适用 cell for a canonical ``applicable`` value: 是, 否 or blank."""
    word = normalise(text_of(applicable)).lower()
    if word in L.NOT_APPLICABLE_WORDS:
        return "是"
    if word in L.APPLICABLE_WORDS:
        return "否"
    return ""


def number_or_text(value: object) -> Decimal | str:
    """A number when the value is numeric, else its text (kept verbatim)."""
    number = decimal_of(value)
    return number if number is not None else text_of(value)


def execution_weight(scheme: str) -> Decimal | None:
    """The 执行率 分值 of a named scheme, or None when it cannot be loaded here."""
    try:
        loaded = importlib.import_module("weights").load_scheme(scheme)
    except Exception:  # a scheme path relative to its folder, or no scheme loader
        return None
    weight: Decimal = loaded.weights.execution
    return weight


def indicator_values(row: Mapping[str, Any] | pd.Series) -> dict[str, Decimal | str | None]:
    """The cells an indicator line shows in every layout we write, keyed by layout field."""
    return {
        "level1": text_of(row.get("level1")),
        "level2": text_of(row.get("level2")),
        "indicator": text_of(row.get("indicator")),
        "target": text_of(row.get("target")),
        "actual": text_of(row.get("actual")),
        "note": text_of(row.get("note")),
        "adjustment": number_or_text(row.get("adjustment")),
        "adjustment_reason": text_of(row.get("adjustment_reason")),
        "not_applicable": not_applicable_mark(row.get("applicable")),
        "manual_score": number_or_text(row.get("manual_score")),
        "seq": number_or_text(row.get("seq")),
        "weight_given": text_of(row.get("weight")),
        "basis": text_of(row.get("basis")),
    }
