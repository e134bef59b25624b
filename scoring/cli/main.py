"""The ``jixiao`` command line: one subcommand per module in ``scoring.cli.commands``."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from scoring.cli import commands
from scoring.cli.commands._guard import INTERRUPTED, run_guarded

_DEBUG_HELP = "show the traceback of an internal error (exit 3)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="jixiao",
        description="Score the year-end performance self-evaluation (绩效自评) of budget projects.",
        epilog="Exit codes: 0 nothing wrong, 1 rows with errors, 2 unusable input or bad usage, "
        "3 internal error (please report it with the input), 130 interrupted.",
    )
    parser.add_argument("--debug", action="store_true", help=_DEBUG_HELP)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(subparsers)
    for subparser in subparsers.choices.values():
        subparser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                               help=_DEBUG_HELP)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 rows with errors, 2 unusable input
    or bad usage, 3 internal error, 130 interrupted)."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except KeyboardInterrupt:
        return INTERRUPTED
    return run_guarded(args.handler, args, debug=bool(args.debug))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
