"""Reading a scheme file from disk: only regular files, and only up to a bounded size."""

from __future__ import annotations

import stat
from pathlib import Path

#: The largest scheme file read (a real one is a few kilobytes).
MAX_SCHEME_BYTES = 1_000_000


def read_bounded(path: Path, limit: int = MAX_SCHEME_BYTES) -> bytes:
    """The bytes of ``path``; ValueError for a device, pipe or folder, or a file over ``limit``.

    OSError when the file cannot be opened.
    """
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise ValueError("not a regular file (a device or a pipe is never read)")
    with path.open("rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"the file is larger than the {limit:,} bytes read")
    return data
