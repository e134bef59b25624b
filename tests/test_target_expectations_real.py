"""Integrity of ``tests/data/target_expectations_real.tsv``: real and real-looking 指标值 forms.

Each row is read as an evaluator would read it. Its ``source`` says where the string comes
from: either the address of the public government page it was transcribed from verbatim, or
``constructed:<class>`` for a form written the way departments write it, where ``<class>`` names
the form it stands for (``unit_new``, ``deadline``, ``yes_no`` ...) and ``note`` says which real
usage it follows. These tests check the file itself: its columns, that every row names its page
or its class, that no page is one of the sources reserved for an independent check, that no row
repeats another or a string of the older expectation files, and that each row is consistent
with its kind. How the parser reads the rows is tested elsewhere.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from units._model import Kind

DATA = Path(__file__).resolve().parent / "data"
REAL = DATA / "target_expectations_real.tsv"
RESERVED_HASHES = DATA / "reserved_source_hashes.txt"
OLDER = DATA / "target_expectations.tsv"
CORPUS = DATA / "corpus_target_values.tsv"

COLUMNS = [
    "source", "text", "printed", "year", "indicator", "kind", "value", "upper", "unit",
    "deadline", "scale", "inferred", "note",
]
#: The labelled rows the file holds today; the file may grow, never shrink below this.
MIN_ROWS = 554
#: Of them, the rows transcribed verbatim from a public page (the rest are constructed forms).
MIN_REAL_ROWS = 67
COMPARATOR_KINDS = {
    Kind.AT_LEAST, Kind.MORE_THAN, Kind.AT_MOST, Kind.LESS_THAN, Kind.EQUAL, Kind.RANGE,
}
DEADLINE_FORMAT = re.compile(r"^(\d{4}|-)-\d{2}-\d{2}$")
SOURCE_FORMAT = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")
CONSTRUCTED_FORMAT = re.compile(r"^constructed:[a-z][a-z_]*[a-z]$")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _normalised(address: str) -> str:
    """The address compared against the reserved list: no scheme, www./m. or trailing slash."""
    address = re.sub(r"^https?://", "", address.strip())
    address = re.sub(r"^(www\.|m\.)", "", address)
    return address.rstrip("/")


def _reserved_hashes() -> set[str]:
    lines = RESERVED_HASHES.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _decimal_or_none(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise AssertionError(f"not a number: {text!r}") from None


ROWS = _read(REAL)
ROW_IDS = [f"{n + 2}:{row['text']}" for n, row in enumerate(ROWS)]


def test_header_is_the_expectation_columns() -> None:
    """The file has exactly the columns of target_expectations.tsv, in the same order."""
    with REAL.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle, delimiter="\t"))
    assert header == COLUMNS
    with OLDER.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle, delimiter="\t")) == COLUMNS


def test_every_line_has_every_column() -> None:
    """No row is short or long (a stray tab or quote would shift the columns)."""
    with REAL.open(encoding="utf-8", newline="") as handle:
        for number, fields in enumerate(csv.reader(handle, delimiter="\t"), start=1):
            assert len(fields) == len(COLUMNS), f"{REAL}:{number}: {len(fields)} columns"


def test_row_floor() -> None:
    """The labelled set does not shrink."""
    assert len(ROWS) >= MIN_ROWS, f"{REAL}: {len(ROWS)} rows, expected at least {MIN_ROWS}"


def test_every_row_names_its_page_or_its_class() -> None:
    """A source is the address of the page the string was copied from, or constructed:<class>."""
    for number, row in enumerate(ROWS, start=2):
        source = row["source"]
        assert SOURCE_FORMAT.match(source) or CONSTRUCTED_FORMAT.match(source), (
            f"{REAL}:{number}: source {source!r} is neither an http(s) address nor "
            "constructed:<class>"
        )


def test_every_constructed_row_says_what_it_follows() -> None:
    """A constructed form explains in note the real usage (and the flag) it stands for."""
    for number, row in enumerate(ROWS, start=2):
        if CONSTRUCTED_FORMAT.match(row["source"]):
            assert row["note"], f"{REAL}:{number}: a constructed row needs a note"


def test_transcribed_rows_do_not_shrink() -> None:
    """The verbatim strings from public pages stay, next to the constructed forms."""
    real = sum(1 for row in ROWS if SOURCE_FORMAT.match(row["source"]))
    assert real >= MIN_REAL_ROWS, f"{REAL}: only {real} rows transcribed from a public page"


def test_no_row_comes_from_a_reserved_page() -> None:
    """No source is one of the pages reserved for an independent check (compared by hash)."""
    reserved = _reserved_hashes()
    assert len(reserved) > 50, f"{RESERVED_HASHES}: the reserved list looks truncated"
    for number, row in enumerate(ROWS, start=2):
        if not SOURCE_FORMAT.match(row["source"]):
            continue
        digest = hashlib.sha256(_normalised(row["source"]).encode("utf-8")).hexdigest()
        assert digest not in reserved, f"{REAL}:{number}: reserved source {row['source']}"


def test_no_duplicate_text_and_indicator() -> None:
    """A (text, indicator) pair appears once."""
    counts = Counter((row["text"], row["indicator"]) for row in ROWS)
    repeated = [pair for pair, count in counts.items() if count > 1]
    assert not repeated, f"{REAL}: repeated rows {repeated}"


def test_no_string_of_the_older_files_is_repeated() -> None:
    """The forms are new: none is already labelled in the seed/corpus files."""
    older = {row["text"] for row in _read(OLDER)} | {row["target"] for row in _read(CORPUS)}
    again = sorted({row["text"] for row in ROWS} & older)
    assert not again, f"{REAL}: strings already labelled elsewhere: {again}"


@pytest.mark.parametrize("row", ROWS, ids=ROW_IDS)
def test_row_is_consistent_with_its_kind(row: dict[str, str]) -> None:
    """Numbers for comparators, a date for deadlines, a reason for every unscorable row."""
    kind = Kind(row["kind"])
    value = _decimal_or_none(row["value"])
    upper = _decimal_or_none(row["upper"])
    assert row["text"] and row["text"] == row["text"].strip(), row
    assert row["inferred"] in ("true", "false"), row
    assert row["indicator"], f"the indicator path is needed to read a bare value: {row}"
    assert not row["year"] or re.fullmatch(r"\d{4}", row["year"]), row
    if row["printed"]:
        assert "".join(row["printed"].split()) == "".join(row["text"].split()), row
    assert (upper is not None) == (kind is Kind.RANGE), row
    if kind in COMPARATOR_KINDS:
        assert value is not None and not row["scale"], row
    if kind is Kind.RANGE:
        assert value is not None and upper is not None and value <= upper, row
    if kind in (Kind.DEADLINE, Kind.UNSCORABLE):
        assert value is None and not row["unit"] and not row["scale"], row
    if kind is Kind.DEADLINE:
        assert DEADLINE_FORMAT.match(row["deadline"]), row
    else:
        assert not row["deadline"], row
    if kind is Kind.UNSCORABLE:
        assert row["note"], f"an unscorable row needs its reason in note: {row}"
    if kind is Kind.QUALITATIVE and value is not None:
        tiers = row["scale"].split("/") if row["scale"] else []
        assert tiers and 0 <= value < len(tiers), row
