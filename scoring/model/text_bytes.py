"""Byte searches over the character data of Arrow string arrays, without a call per cell."""

from __future__ import annotations

from typing import Any

import numpy as np


def holds_any(column: Any, marks: bytes) -> bool:
    """Whether any cell of an Arrow string array holds one of the ASCII ``marks``: a search of
    the array's character data, which no other character's UTF-8 bytes can match (so a cell
    holds a mark exactly when the bytes of the cells do)."""
    if len(column) == 0:
        return False
    _, offsets, data = column.buffers()
    if data is None:
        return False
    bounds = np.frombuffer(offsets, dtype=np.int32)
    start, stop = int(bounds[column.offset]), int(bounds[column.offset + len(column)])
    text = data.slice(start, stop - start).to_pybytes()
    return any(text.find(mark) >= 0 for mark in (bytes([m]) for m in marks))
