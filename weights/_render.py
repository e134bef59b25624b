"""A resolved scheme written out: its settings as TOML and as JSON (with the content hash)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from weights._canonical import json_ready, plain, settings_of
from weights._model import Scheme


def to_json(scheme: Scheme) -> str:
    """Indented JSON of the settings plus ``content_hash``; numbers as exact strings."""
    data = {"content_hash": scheme.content_hash, **json_ready(settings_of(scheme))}
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_toml(scheme: Scheme) -> str:
    """The resolved settings as a TOML document that loads back to the same scheme."""
    lines = [f"# {scheme.name}, resolved; content_hash = {scheme.content_hash}"]
    _write_table(lines, (), settings_of(scheme))
    return "\n".join(lines) + "\n"


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _write_table(lines: list[str], path: tuple[str, ...], table: Mapping[str, Any]) -> None:
    for key, value in table.items():
        if not (_is_section(value) or _is_table_array(value)):
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in table.items():
        if _is_section(value):
            lines.extend(["", f"[{'.'.join(_key(k) for k in (*path, key))}]"])
            _write_table(lines, (*path, key), value)
    for key, value in table.items():
        if _is_table_array(value):
            for item in value:
                lines.extend(["", f"[[{'.'.join(_key(k) for k in (*path, key))}]]"])
                _write_table(lines, (*path, key), item)


def _is_section(value: Any) -> bool:
    """A table of settings (bare keys) gets a header; a map of names is written inline."""
    return isinstance(value, dict) and bool(value) and all(_is_bare_key(k) for k in value)


def _is_bare_key(key: str) -> bool:
    return bool(key) and all(c.isascii() and (c.isalnum() or c in "_-") for c in key)


def _key(key: str) -> str:
    return key if _is_bare_key(key) else _string(key)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")
