"""units.diagnostics: cold caches and the fast path switch change speed, never a reading."""

from __future__ import annotations

import units
from units.diagnostics import (
    clear_caches,
    fast_path,
    fast_path_reads_actual,
    fast_path_reads_target,
)


def test_the_fast_path_answers_the_common_shapes_and_leaves_sentences() -> None:
    assert fast_path_reads_target("≥95%", 2024, "验收合格率")
    assert not fast_path_reads_target("较上年有所提高", 2024, "群众满意度")
    target = units.parse_target("≥95%", year=2024)
    assert fast_path_reads_actual("98%", target, 2024, None)
    assert not fast_path_reads_actual("基本完成了全年任务", target, 2024, None)


def test_readings_are_the_same_with_the_fast_path_off_and_on() -> None:
    readings = {}
    for on in (False, True):
        clear_caches()
        with fast_path(on):
            target = units.parse_target("≤30万元", year=2024, indicator="项目成本")
            readings[on] = (target, units.parse_actual("28.5万元", target, year=2024))
    assert readings[False] == readings[True]
