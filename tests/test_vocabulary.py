"""The default qualitative vocabulary belongs to units; the national scheme states the same."""

from __future__ import annotations

import units
from units import DEFAULT_VOCABULARY, Band
from weights import load_scheme


def test_the_national_scheme_states_the_units_default_vocabulary() -> None:
    assert dict(load_scheme("national-2020").qualitative.words) == dict(DEFAULT_VOCABULARY)


def test_the_default_vocabulary_names_every_band_and_is_read_only() -> None:
    assert set(DEFAULT_VOCABULARY.values()) == set(Band)
    assert DEFAULT_VOCABULARY["已完成"] is Band.ACHIEVED
    assert DEFAULT_VOCABULARY["基本完成"] is Band.PARTIAL
    assert DEFAULT_VOCABULARY["未完成"] is Band.MISSED
    assert not hasattr(DEFAULT_VOCABULARY, "__setitem__")


def test_parse_actual_reads_the_default_vocabulary_without_a_scheme() -> None:
    target = units.parse_target("效果明显")
    assert units.parse_actual("基本完成", target).band is Band.PARTIAL
    assert units.parse_actual("已完成", target, vocabulary={"已完成": Band.MISSED}).band \
        is Band.MISSED


def test_a_vocabulary_reads_as_the_plain_mapping_it_was_made_from() -> None:
    """``units.Vocabulary`` (normalised once, unchangeable) gives every reading the plain
    mapping gives, in the written and in a differently written (full-width, traditional) form."""
    words = {"已完成": Band.ACHIEVED, "基本完成": Band.PARTIAL, "未完成": Band.MISSED,
             "優": Band.ACHIEVED}
    frozen = units.Vocabulary(words)
    target = units.parse_target("已完成", year=2024)
    for text in ("已完成", "基本完成", "未完成", "优", "  已完成 ", "完成了一半"):
        readings: list[units.Actual | str] = []
        for vocabulary in (words, frozen):
            try:
                readings.append(units.parse_actual(text, target, year=2024, vocabulary=vocabulary))
            except units.ParseError as exc:
                readings.append(str(exc))
        assert readings[0] == readings[1], text
    assert dict(frozen) == words and len(frozen) == 4


def test_a_reading_with_a_vocabulary_is_remembered_and_a_plain_mapping_is_read_afresh() -> None:
    """With a ``Vocabulary`` (or none) a reading is made once and found again, also through an
    equal vocabulary built anew (a table scored chunk by chunk); a plain mapping changed in
    place is read with its new words."""
    target = units.parse_target("已完成", year=2024)
    first = units.Vocabulary({"已办结": Band.ACHIEVED})
    again = units.Vocabulary({"已办结": Band.ACHIEVED})
    assert first == again and hash(first) == hash(again) and first is not again
    reading = units.parse_actual("已办结", target, year=2024, vocabulary=first)
    assert reading.band is Band.ACHIEVED
    assert units.parse_actual("已办结", target, year=2024, vocabulary=again) is reading
    plain = {"已办结": Band.ACHIEVED}
    assert units.parse_actual("已办结", target, year=2024, vocabulary=plain).band is Band.ACHIEVED
    plain["已办结"] = Band.PARTIAL
    assert units.parse_actual("已办结", target, year=2024, vocabulary=plain).band is Band.PARTIAL
    assert units.Vocabulary({"已办结": Band.PARTIAL}) != first
