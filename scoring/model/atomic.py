"""Atomic output: write beside the target, then move into place in one step."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Permissions of a new output file (rw-r--r--), as an ordinary save would give.
NEW_FILE_MODE = 0o644


def _mode_for(target: Path) -> int:
    """The permissions of the file being replaced, else ``NEW_FILE_MODE``."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return NEW_FILE_MODE


def _temporary_prefix(target: Path, pid: int) -> str:
    """Temporary files of ``target`` are named ``.<name>.<pid>.<random><suffix>``."""
    return f".{target.name}.{pid}."


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists (one we may not signal counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale(target: Path) -> list[Path]:
    """Remove the temporary files of ``target`` left by writers that no longer run (a run
    killed while writing); returns what was removed."""
    removed: list[Path] = []
    pattern = re.compile(re.escape(f".{target.name}.") + r"(\d+)\.[a-z0-9_]{8}"
                         + re.escape(target.suffix or ".tmp"))
    try:
        candidates = list(target.parent.iterdir())
    except OSError:
        return removed
    for candidate in candidates:
        found = pattern.fullmatch(candidate.name)
        if found is None or _running(int(found.group(1))):
            continue
        try:
            candidate.unlink()
            removed.append(candidate)
        except OSError:
            continue
    return removed


@contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block succeeds it replaces ``path``.

    On failure the temporary file is removed and ``path`` is left as it was; temporary files
    that an earlier, killed run left beside ``path`` are removed first.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    handle, name = tempfile.mkstemp(dir=target.parent,
                                    prefix=_temporary_prefix(target, os.getpid()),
                                    suffix=target.suffix or ".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    with replacing(path) as temporary, temporary.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    return Path(path)


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically, line ends as given."""
    return write_bytes(path, text.encode("utf-8"))
