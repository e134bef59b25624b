"""Fuzzing: any text gives a value or a ParseError in bounded time; any CSV bytes give
problems or a clean refusal (exit 2), never a traceback (exit 3).

Under CI the draws are derandomised (see tests/conftest.py), so a run is reproducible.
"""

from __future__ import annotations

import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from hostile_inputs import HEADER, ROWS
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import units
from scoring import EvaluationError
from scoring.cli.main import main
from scoring.sources.reader import read_evaluation

#: Characters the grammar cares about, so that draws reach deep into it.
GRAMMAR = ("0123456789.%‰~-—=<>≥≤≧≦》《 ，,、/()（）年月日前底完成以上以下不低于超过个人次万元亩"
           "公顷立方米平方米一二三四五六七八九十百千万亿零两半好较优良差达到①²\t\n\x00\x1b")
texts = st.one_of(
    st.text(alphabet=GRAMMAR, max_size=60),
    st.text(max_size=40),
    st.builds(lambda a, n, b: a + b * n, st.text(alphabet=GRAMMAR, max_size=5),
              st.integers(0, 3000), st.sampled_from(["=", "9", "一", "≥", "-", "年"])),
)
TARGETS = [units.parse_target(t, year=2024) for t in
           ("≥95%", "≤3 万元/亩", "12月31日前完成", "一般/较好/很好", "有效提升", "5~10 个")]
#: Seconds one parse may take at most (a real cell takes well under a millisecond).
PARSE_SECONDS = 1.0


@settings(max_examples=400, deadline=None)
@given(texts)
def test_parse_target_gives_a_value_or_a_parse_error(text: str) -> None:
    started = time.perf_counter()
    try:
        target = units.parse_target(text, year=2024)
    except units.ParseError as exc:
        assert str(exc)
    else:
        assert isinstance(target, units.Target)
    assert time.perf_counter() - started < PARSE_SECONDS


@settings(max_examples=400, deadline=None)
@given(texts, st.sampled_from(TARGETS))
def test_parse_actual_gives_a_value_or_a_parse_error(text: str, target: units.Target) -> None:
    started = time.perf_counter()
    try:
        actual = units.parse_actual(text, target, year=2024)
    except units.ParseError as exc:
        assert str(exc)
    else:
        assert isinstance(actual, units.Actual)
    assert time.perf_counter() - started < PARSE_SECONDS


def test_long_comparator_runs_normalise_in_linear_time() -> None:
    """``>=====…`` of 100k characters normalises at once (it took minutes, one ``=`` per
    pass), to the same text as a short run."""
    started = time.perf_counter()
    assert units.normalise(">" + "=" * 100_000 + "5") == "≥5"
    assert time.perf_counter() - started < 2


csv_bytes = st.one_of(
    st.binary(max_size=400),
    st.lists(st.text(alphabet=GRAMMAR + '"\r,', max_size=80), max_size=8).map(
        lambda lines: ("\n".join([HEADER, *lines])).encode("utf-8")),
    st.lists(st.sampled_from([*ROWS, '"', ",,,", "\r", "\ufeff", "é"]), max_size=8).map(
        lambda lines: ("\n".join([HEADER, *lines])).encode("gb18030")),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_bytes)
def test_any_csv_bytes_read_or_refused(data: bytes) -> None:
    """The reader gives an evaluation (with problems) or an EvaluationError, nothing else."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(data)
        try:
            evaluation = read_evaluation(path)
        except EvaluationError as exc:
            assert str(exc)
        else:
            assert len(evaluation.indicators) >= 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_bytes)
def test_any_csv_bytes_score_without_internal_error(data: bytes) -> None:
    """``jixiao score`` of any CSV bytes exits 0, 1 or 2: never 3 (an internal error)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(data)
        assert main(["score", str(path)]) in (0, 1, 2)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_bytes, st.sampled_from(["lint", "check"]))
def test_any_csv_bytes_lint_and_check_without_internal_error(data: bytes, command: str) -> None:
    """``jixiao lint`` and ``jixiao check`` of any CSV bytes exit 0, 1 or 2, never 3."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(data)
        assert main([command, str(path)]) in (0, 1, 2)


def _fixpoint(raw: str) -> str:
    """The comparator spellings replaced until nothing changes, one round at a time (the
    quadratic reference the normaliser's single pass must agree with)."""
    from units._normalise import _REPLACE, REPLACEMENTS

    text = raw
    while True:
        replaced = _REPLACE.sub(lambda m: REPLACEMENTS[m.group()], text)
        if replaced == text:
            return text
        text = replaced


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="><=≥≤═》《≧≦5 ", max_size=30))
@example(raw="≤≦=═══<")  # a run of = after a doubled comparator halves, it is not cut by parity
def test_normaliser_agrees_with_replacing_to_a_fixpoint(raw: str) -> None:
    """Removing ``=`` runs after a comparator in one pass gives the text that replacing
    spelling by spelling until nothing changes gives."""
    expected = " ".join(_fixpoint(raw).split())
    assert units.normalise(raw) == expected


_PARTS = ("xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml",
          "xl/_rels/workbook.xml.rels", "[Content_Types].xml")
_SNIPPETS = (b"", b"<", b'"', b"\x00", b"9" * 60, b'<c r="A1"><v>1</v></c>', b' s="999"',
             b'<mergeCell ref="A1:XFD1048576"/>', b'<row r="2000000"/>', b"</sheetData>")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_PARTS), st.floats(0, 1), st.integers(0, 40), st.sampled_from(_SNIPPETS))
def test_damaged_workbook_parts_read_or_refused(part: str, where: float, cut: int,
                                                snippet: bytes) -> None:
    """A workbook with bytes cut from or put into one of its parts gives an evaluation or an
    EvaluationError, nothing else."""
    from workbook_fixtures import national_workbook

    with tempfile.TemporaryDirectory() as folder:
        clean = national_workbook(Path(folder) / "clean.xlsx")
        damaged = Path(folder) / "damaged.xlsx"
        with zipfile.ZipFile(clean) as zin, zipfile.ZipFile(damaged, "w") as zout:
            for name in zin.namelist():
                data = zin.read(name)
                if name == part:
                    at = int(where * len(data))
                    data = data[:at] + snippet + data[at + cut:]
                zout.writestr(name, data)
        try:
            read_evaluation(damaged)
        except EvaluationError as exc:
            assert str(exc)


def test_a_text_cut_short_is_never_read() -> None:
    """A text ending in … was shortened by a reader: neither parser reads what is left."""
    with pytest.raises(units.ParseError, match="cut short"):
        units.parse_target("≥2304.9平方米 很…")
    with pytest.raises(units.ParseError, match="cut short"):
        units.parse_actual("2410平方米 很 很…", units.parse_target("≥2304.9平方米"))
