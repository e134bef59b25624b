"""Read the next batch of a file while the current one is scored.

Arrow decodes Parquet pages and parses CSV text without holding Python's lock, so a thread
that fetches batch n + 1 while the caller works on batch n puts the second core to use.
Only one batch is fetched ahead, so memory grows by one batch at most.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar, cast

_T = TypeVar("_T")
#: Marks the end of the items in the thread's answer.
_END = object()


def read_ahead(items: Iterator[_T]) -> Generator[_T, None, None]:
    """The items of ``items`` in order, the next one fetched by a background thread while
    the caller holds the current one; an error of the fetch is raised where that item would
    have come. The thread is stopped when the caller stops, early or not."""
    # Leaving the block waits for a fetch under way, so the file is let go after it.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead") as thread:
        pending: Future[object] = thread.submit(next, items, _END)
        try:
            while True:
                item = pending.result()
                if item is _END:
                    return
                pending = thread.submit(next, items, _END)
                yield cast(_T, item)
        finally:
            pending.cancel()
