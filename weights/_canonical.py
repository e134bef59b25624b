"""Canonical forms of a scheme's settings: plain data, canonical JSON and the content hash.

Knows no ``Scheme``: any pydantic model's settings can be written canonically, so the model
can hash itself without importing the writers (``_render``), which import the model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel


def plain(number: Decimal) -> str:
    """A Decimal written without exponent or trailing zeros: ``50``, ``0.8``, ``1.25``."""
    text = format(number.normalize(), "f")
    return "0" if text == "-0" else text


def settings_of(scheme: BaseModel) -> dict[str, Any]:
    """The resolved settings as plain data: dicts, lists, str, bool, int and Decimal."""
    settings: dict[str, Any] = _plain_data(scheme.model_dump(mode="python"))
    return settings


def _plain_data(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _plain_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_data(item) for item in value]
    return value


def json_ready(value: Any) -> Any:
    """Decimals as canonical strings (``0.8``, ``100``), so equal values write equally."""
    if isinstance(value, Mapping):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_ready(item) for item in value]
    if isinstance(value, Decimal):
        return plain(value)
    return value


def canonical_json(settings: Mapping[str, Any]) -> str:
    """Sorted keys, no spaces, Decimals as canonical strings: the text the hash is taken of."""
    return json.dumps(
        json_ready(settings), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def settings_hash(scheme: BaseModel) -> str:
    """sha256 hex of :func:`canonical_json` of the scheme's settings."""
    return hashlib.sha256(canonical_json(settings_of(scheme)).encode("utf-8")).hexdigest()
