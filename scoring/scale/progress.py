"""A progress bar on stderr for long runs: rows scored, rows/s and the time left."""

from __future__ import annotations

import sys
from typing import Any, TextIO


def wants_progress(quiet: bool, stream: TextIO | None = None) -> bool:
    """Show progress only on a terminal, and never with ``--quiet``."""
    stream = sys.stderr if stream is None else stream
    return not quiet and stream.isatty()


class Progress:
    """Rows scored out of ``total``; prints nothing when not ``enabled``."""

    def __init__(self, total: int | None, *, enabled: bool, label: str = "scoring") -> None:
        self._bar: Any = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit=" rows", unit_scale=True, desc=label,
                             file=sys.stderr, dynamic_ncols=True, smoothing=0.3)

    def advance(self, rows: int) -> None:
        """Count ``rows`` more rows as scored."""
        if self._bar is not None:
            self._bar.update(rows)

    def close(self) -> None:
        """End the bar (its last state stays on the terminal)."""
        if self._bar is not None:
            self._bar.close()
