"""``read_ahead``: batches fetched one ahead by a background thread.

The items come in order, an error where its item would have come, and a caller that stops
early stops the thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from scoring.scale.ahead import read_ahead


def test_items_come_in_order_from_another_thread() -> None:
    fetched_by: set[str] = set()

    def items() -> Iterator[int]:
        for number in range(50):
            fetched_by.add(threading.current_thread().name)
            yield number

    assert list(read_ahead(items())) == list(range(50))
    assert fetched_by and threading.current_thread().name not in fetched_by
    assert list(read_ahead(iter([]))) == []


def test_an_error_comes_where_its_item_would_have_come() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("row 3 is bad")

    found: list[int] = []
    with pytest.raises(ValueError, match="row 3 is bad"):
        for item in read_ahead(items()):
            found.append(item)
    assert found == [1, 2]


def test_stopping_early_fetches_at_most_one_more() -> None:
    fetched: list[int] = []

    def items() -> Iterator[int]:
        for number in range(100):
            fetched.append(number)
            yield number

    ahead = read_ahead(items())
    assert next(ahead) == 0
    ahead.close()
    assert fetched in ([0], [0, 1])  # the fetch of 1 is cancelled unless it had started
