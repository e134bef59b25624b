"""Reading scheme files: bundled names or paths, ``extends`` chains, overrides, caching."""

from __future__ import annotations

import functools
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from weights._errors import KeyedError, SchemeError
from weights._files import read_bounded
from weights._model import Scheme

#: Name maps that a scheme states as a whole: a child's value replaces its parent's, so a
#: child can drop a 一级 or a tier (``level1 = {}`` clears every 一级). Other tables merge.
REPLACED_TABLES: frozenset[tuple[str, ...]] = frozenset(
    {("weights", "level1"), ("weights", "pools"), ("qualitative", "tiers"),
     ("tree", "synonyms"), ("tree", "level2")}
)

#: The key a file uses to build on another scheme; it is not part of the resolved settings.
EXTENDS = "extends"


@dataclass(frozen=True, slots=True)
class SchemeInfo:
    """A bundled scheme's name and one-line description."""

    name: str
    description: str


@dataclass(frozen=True, slots=True)
class _File:
    """One scheme file: how it is shown in errors, its own settings, where it lives."""

    shown: str
    stem: str
    data: dict[str, Any]
    folder: Path | None
    bundled: bool


def _schemes_dir() -> Traversable:
    return resources.files("weights").joinpath("schemes")


def bundled_names() -> list[str]:
    """Names of the scheme files shipped in ``weights/schemes``, sorted."""
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in _schemes_dir().iterdir()
        if entry.is_file() and entry.name.endswith(".toml")
    )


def is_path(name_or_path: str | Path) -> bool:
    """A Path, or text with a path separator or a ``.toml`` ending, is a file path."""
    if isinstance(name_or_path, Path):
        return True
    separators = {"/", "\\", os.sep} | ({os.altsep} if os.altsep else set())
    return any(sep in name_or_path for sep in separators) or name_or_path.endswith(".toml")


def _parse(text: bytes, shown: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError as exc:
        raise SchemeError(shown, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(shown, "", f"not valid TOML: {exc}") from exc
    except RecursionError:
        raise SchemeError(shown, "", "tables or arrays nested too deeply") from None


def _bundled_file(name: str) -> _File:
    available = bundled_names()
    if name not in available:
        raise SchemeError(
            name, "", f"no scheme named {name!r}; available: {', '.join(available)}"
        )
    shown = f"weights/schemes/{name}.toml"
    data = _parse(_schemes_dir().joinpath(f"{name}.toml").read_bytes(), shown)
    return _File(shown, name, data, None, bundled=True)


def _path_file(path: Path) -> _File:
    shown = str(path)
    try:
        raw = read_bounded(path)
    except OSError as exc:
        raise SchemeError(shown, "", f"cannot read the scheme file ({exc.strerror})") from exc
    except ValueError as exc:
        raise SchemeError(shown, "", str(exc)) from exc
    return _File(shown, path.stem, _parse(raw, shown), path.parent, bundled=False)


def _open(name_or_path: str | Path, folder: Path | None) -> _File:
    if not is_path(name_or_path):
        return _bundled_file(str(name_or_path))
    path = Path(name_or_path)
    if folder is not None and not path.is_absolute():
        path = folder / path
    return _path_file(path)


def merge(
    base: Mapping[str, Any], over: Mapping[str, Any], at: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``over`` on top of ``base``: tables merge key by key, arrays and name maps replace."""
    merged = dict(base)
    for key, value in over.items():
        here = (*at, key)
        old = merged.get(key)
        if isinstance(value, Mapping) and isinstance(old, Mapping) and here not in REPLACED_TABLES:
            merged[key] = merge(old, value, here)
        else:
            merged[key] = value
    return merged


def _exact(value: Any) -> Any:
    """Plain dicts and lists, floats as the Decimal of their repr (overrides from Python code)."""
    if isinstance(value, Mapping):
        return {str(key): _exact(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_exact(item) for item in value]
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _resolve(first: _File) -> dict[str, Any]:
    """The file's settings on top of its ``extends`` chain; ``name`` is never inherited."""
    chain = [first]
    seen = {first.shown}
    while EXTENDS in chain[-1].data:
        current = chain[-1]
        parent_name = current.data[EXTENDS]
        if not isinstance(parent_name, str) or not parent_name:
            raise SchemeError(
                current.shown, EXTENDS, f"expected a scheme name, got {parent_name!r}"
            )
        if current.bundled and is_path(parent_name):
            raise SchemeError(current.shown, EXTENDS, "a bundled scheme extends bundled names only")
        parent = _open(parent_name, current.folder)
        if parent.shown in seen:
            raise SchemeError(first.shown, EXTENDS, f"extends itself through {parent.shown}")
        seen.add(parent.shown)
        chain.append(parent)
    resolved: dict[str, Any] = {}
    for file in reversed(chain):
        own = {key: value for key, value in file.data.items() if key != EXTENDS}
        resolved = merge(resolved, own)
    own_name = first.data.get("name", first.stem)
    if first.bundled and own_name != first.stem:
        raise SchemeError(first.shown, "name", f"must be {first.stem!r}, the file's name")
    resolved["name"] = own_name
    return resolved


def _key_of(loc: tuple[int | str, ...]) -> str:
    key = ""
    for part in loc:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    return key


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class an annotation holds (directly, or inside a tuple/list/dict/Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.GenericAlias) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _known_keys(loc: tuple[int | str, ...]) -> list[str]:
    model: type[BaseModel] | None = Scheme
    for part in loc[:-1]:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        model = _model_in(field.annotation) if field is not None else None
    if model is None:
        return []
    return [*model.model_fields, *([EXTENDS] if model is Scheme else [])]


def _describe(error: Any) -> tuple[str, str]:
    """``(key path, message)`` of one pydantic error."""
    loc: tuple[int | str, ...] = tuple(error["loc"])
    key = _key_of(loc)
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, KeyedError):
        return (f"{key}.{cause.key}" if key else cause.key), cause.message
    if error["type"] == "extra_forbidden":
        known = _known_keys(loc)
        return key, "unknown key" + (f"; expected one of: {', '.join(known)}" if known else "")
    if error["type"] == "missing":
        return key, "missing key"
    message = str(cause) if isinstance(cause, ValueError) else error["msg"]
    return key, f"{message} (got {error['input']!r})"


def validate(data: Mapping[str, Any], shown: str) -> Scheme:
    """A Scheme from resolved settings, or a SchemeError naming ``shown`` and the key."""
    try:
        return Scheme.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(error) for error in exc.errors()]
        key, message = problems[0]
        if len(problems) > 1:
            rest = "; ".join(f"{k}: {m}" for k, m in problems[1:])
            message += f" (and {len(problems) - 1} more: {rest})"
        raise SchemeError(shown, key, message) from exc


@functools.cache
def _bundled(name: str) -> Scheme:
    file = _bundled_file(name)
    return validate(_resolve(file), file.shown)


def load_scheme(name_or_path: str | Path, overrides: Mapping[str, Any] | None = None) -> Scheme:
    """Load a bundled scheme by name (``national-2020``) or a scheme file by path.

    ``extends`` chains are resolved first (tables merge, arrays and name maps replace), then
    ``overrides`` (e.g. an evaluation's ``[scheme_overrides]``) are merged on top; they are part
    of the resolved settings and so of ``content_hash``. Bundled schemes are cached.
    """
    if not overrides and not is_path(name_or_path):
        return _bundled(str(name_or_path))
    file = _open(name_or_path, None)
    resolved = _resolve(file)
    shown = file.shown
    if overrides:
        shown = f"{shown} (with overrides)"
        if EXTENDS in overrides:
            raise SchemeError(shown, EXTENDS, "overrides cannot change extends")
        resolved = merge(resolved, _exact(overrides))
    return validate(resolved, shown)


def available_schemes() -> list[SchemeInfo]:
    """The bundled schemes, sorted by name."""
    return [SchemeInfo(name, _bundled(name).description) for name in bundled_names()]


def scheme_files(name_or_path: str | Path) -> list[Path]:
    """The files a scheme given by path is read from: itself and its ``extends`` chain, resolved
    (bundled schemes are not listed). Files that cannot be read are left out."""
    files: list[Path] = []
    try:
        current: _File | None = _open(name_or_path, None) if is_path(name_or_path) else None
        if current is not None:
            files.append(Path(current.shown).resolve())
        while current is not None and not current.bundled:
            parent = current.data.get(EXTENDS)
            if not isinstance(parent, str) or not is_path(parent):
                break
            current = _open(parent, current.folder)
            resolved = Path(current.shown).resolve()
            if resolved in files:
                break
            files.append(resolved)
    except SchemeError:
        pass
    return files
