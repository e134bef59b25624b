"""Arguments several subcommands share."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_input(parser: argparse.ArgumentParser, what: str) -> None:
    """The input ``path`` (described by ``what``), ``--scheme``, ``--allow-outside`` and
    ``--include-hidden`` of a subcommand that scores."""
    parser.add_argument("path", type=Path, help=what)
    parser.add_argument("--scheme", default=None, metavar="NAME|PATH",
                        help="weighting scheme (default: the evaluation's own, with its overrides)")
    parser.add_argument("--allow-outside", action="store_true",
                        help="read [files] of evaluation.toml that lie outside the folder")
    parser.add_argument("--include-hidden", action="store_true",
                        help="also score the hidden sheets of a workbook (skipped with a warning "
                        "by default)")
