"""``jixiao parse TEXT...``: how the target grammar reads each text, as JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any

from units import Exact, ParseError, Target, as_decimal, parse_target


def register(subparsers: Any) -> None:
    """Add the ``parse`` subcommand."""
    parser = subparsers.add_parser(
        "parse",
        help="show how 指标值 texts are read (one JSON object per text)",
        description="Read each TEXT as a 指标值 and print one JSON object per text with the "
        "fields text, kind, value, upper, unit, deadline, scale, inferred, flags, error "
        "(flags: what the reading had to assume, e.g. unit_new, number_in_prose). "
        "A TEXT of '-' reads one text per line from standard input. Texts that cannot be "
        "scored are printed with kind 'unscorable' and the reason in 'error'.",
    )
    parser.add_argument("texts", nargs="+", metavar="TEXT", help="a target text, or - for stdin")
    parser.add_argument("--year", type=int, default=None,
                        help="evaluation year for deadlines that name none")
    parser.add_argument("--indicator", default=None,
                        help="indicator name (e.g. 产出指标/成本指标/项目总成本) for bare values")
    parser.set_defaults(handler=run)


def _number(value: Exact | None) -> int | float | None:
    if value is None:
        return None
    if value == int(value):
        return int(value)
    return float(str(as_decimal(value)))


def _texts(arguments: Iterable[str]) -> Iterable[str]:
    """The texts to read; standard input as bytes, so that a line that is not UTF-8 comes out
    as its readable part with the bad bytes as surrogates (reported by ``reading``)."""
    for argument in arguments:
        if argument == "-":
            raw = getattr(sys.stdin, "buffer", None)  # absent when stdin is replaced by text
            lines = (line.decode("utf-8", errors="surrogateescape") for line in raw) \
                if raw is not None else iter(sys.stdin)
            yield from (line.rstrip("\r\n") for line in lines)
        else:
            yield argument


def _unscorable(text: str, error: str) -> dict[str, Any]:
    return {"text": text, "kind": "unscorable", "value": None, "upper": None, "unit": "",
            "deadline": None, "scale": [], "inferred": False, "flags": [], "error": error}


def reading(text: str, *, year: int | None, indicator: str | None) -> dict[str, Any]:
    """The JSON object for one text; a text that is not UTF-8 is unscorable, its bad bytes
    shown as U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        readable = text.encode("utf-8", errors="surrogateescape").decode("utf-8", "replace")
        return _unscorable(readable, "the text is not UTF-8 (bad bytes shown as �)")
    try:
        target: Target = parse_target(text, year=year, indicator=indicator)
    except ParseError as exc:
        return _unscorable(text, str(exc))
    return {
        "text": text,
        "kind": target.kind.value,
        "value": _number(target.value),
        "upper": _number(target.upper),
        "unit": target.unit,
        "deadline": target.deadline.isoformat() if target.deadline is not None else None,
        "scale": list(target.scale),
        "inferred": target.inferred,
        "flags": list(target.flags),
        "error": None,
    }


def run(args: argparse.Namespace) -> int:
    """Print one JSON line per text; always 0 (an unscorable text is not a usage error)."""
    for text in _texts(args.texts):
        line = reading(text, year=args.year, indicator=args.indicator)
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0
