"""Atomic output: a file is replaced whole or not at all."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from scoring.model.atomic import replacing, write_bytes, write_text


def test_new_file_is_world_readable(tmp_path: Path) -> None:
    """A new output file gets rw-r--r--, not the private mode of a temporary file."""
    target = write_text(tmp_path / "out" / "report.html", "<p>绩效</p>")
    assert target.read_text(encoding="utf-8") == "<p>绩效</p>"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    """Replacing a file keeps the permissions its owner gave it."""
    target = tmp_path / "scores.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    """An exception while writing leaves the previous content and no stray file."""
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"previous")
    with pytest.raises(RuntimeError), replacing(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]
