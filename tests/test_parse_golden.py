"""The parser reads every input of ``tests/data/parse_golden.tsv`` exactly as recorded.

The file holds the readings (``parse_target``, ``parse_actual`` and the grammar's inner readers)
chosen by ``tests/parse_golden.py select`` from about 580,000: each takes a step through
the grammar, or gives a sort of result, that no earlier one of its reader did. A change of any
field, flag, scanner stop, error position or message shows here; a change meant to be made is
recorded by running ``select`` again and reviewing the file's diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from parse_golden import GOLDEN, LOW_LEVEL_CALLS, Case, check, read, result


def test_every_recorded_reading_is_unchanged() -> None:
    """Every reading of the golden file gives its recorded result, to the character."""
    differences = check(GOLDEN)
    assert not differences, f"{len(differences)} readings changed:\n" + "\n".join(differences)


def test_the_golden_file_covers_every_reader() -> None:
    """Each reader is pinned on successes and on failures, not on one kind of result only."""
    rows = read(GOLDEN)
    for call in ("target", "actual", *LOW_LEVEL_CALLS):
        results = [found for case, found in rows if case.call == call]
        failures = [found for found in results if found.startswith(("NoMatch", "ParseError"))]
        assert len(failures) >= 1, call
        assert len(results) - len(failures) >= 3, call


def test_a_reading_shows_every_field_and_the_error_position() -> None:
    """A recorded line names every field of the result (Target prints only a summary), the
    scanner's stop, and a failure's position and expectation."""
    assert result(Case("target", "≥95%(含)", 2024, "满意度")) == (
        "Target(text='≥95%(含)', kind=<Kind.AT_LEAST: 'at_least'>, value=Decimal('95'), "
        "upper=None, unit='%', deadline=None, scale=(), inferred=False, "
        "flags=('annotation:含', ))")
    assert result(Case("statement", "约8万多株 完成")) == (
        "Statement(comparator=<Kind.AT_LEAST: 'at_least'>, value=Decimal('80000'), upper=None, "
        "unit='株', multiplied=True, flags=('approximate', 'trailing:完成', ), unit_position=4)"
        " @7")
    assert result(Case("date_after_day", "6.30前")) == "DatePart(year=2024, month=6, day=30) @4"
    assert result(Case("target", "≥XX万元", 2024)) == (
        "ParseError('≥XX万元', 1, 'a number instead of the placeholder')")
    assert result(Case("amount", "万元")) == "NoMatch(0, 'a number')"
