"""``jixiao schemes [NAME]``: list the weighting schemes, or show one resolved."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from weights import SchemeError, available_schemes, load_scheme, to_json, to_toml

HASH_SHOWN = 12


def register(subparsers: Any) -> None:
    """Add the ``schemes`` subcommand."""
    parser = subparsers.add_parser(
        "schemes",
        help="list the weighting schemes, or show one scheme's resolved settings",
        description="Without NAME: each bundled scheme with the first 12 hex digits of its "
        "content hash and its description. With NAME (a bundled name or a .toml path): the "
        "resolved settings (extends applied) as TOML, or JSON with --json.",
    )
    parser.add_argument("name", nargs="?", metavar="NAME", help="a scheme name or a .toml file")
    parser.add_argument("--json", action="store_true", help="write JSON instead of text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the list or one scheme; 2 when the scheme cannot be loaded."""
    try:
        text = _listing(as_json=args.json) if args.name is None else _one(args.name, args.json)
    except SchemeError as exc:
        print(f"jixiao schemes: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


def _one(name: str, as_json: bool) -> str:
    scheme = load_scheme(name)
    return to_json(scheme) + "\n" if as_json else to_toml(scheme)


def _listing(*, as_json: bool) -> str:
    rows = [(info, load_scheme(info.name).content_hash) for info in available_schemes()]
    if as_json:
        data = [
            {"name": info.name, "description": info.description, "content_hash": digest}
            for info, digest in rows
        ]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    width = max((len(info.name) for info, _ in rows), default=0)
    return "".join(
        f"{info.name:<{width}}  {digest[:HASH_SHOWN]}  {info.description}\n"
        for info, digest in rows
    )
