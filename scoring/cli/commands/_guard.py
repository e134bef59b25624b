"""How every subcommand ends: its own exit code, 130 on Ctrl-C, 3 on an unexpected error.

Exit codes: 0 nothing wrong, 1 rows with errors, 2 unusable input or bad usage, 3 an internal
error (one line asking to report it with the input; the traceback only with ``--debug``),
130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable

#: Exit code of an unexpected internal error.
INTERNAL_ERROR = 3
#: Exit code after Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED = 130


def run_guarded(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace,
                *, debug: bool) -> int:
    """``handler(args)``, turning Ctrl-C and unexpected exceptions into exit codes."""
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("jixiao: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        return 0
    except (MemoryError, RecursionError, Exception) as exc:
        if debug:
            traceback.print_exc()
        command = getattr(args, "command", "") or ""
        print(f"jixiao {command}: internal error ({type(exc).__name__}: {_short(exc)}); please "
              f"report it with the input that caused it (--debug shows the traceback)",
              file=sys.stderr)
        return INTERNAL_ERROR


def _short(exc: BaseException, limit: int = 200) -> str:
    """The exception's message on one line, cut to ``limit`` characters."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
