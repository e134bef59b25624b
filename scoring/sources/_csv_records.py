"""CSV bytes → records, where one bad line never costs the other rows.

* Decoding: UTF-8 (with or without BOM); a file whose non-ASCII lines are mostly not UTF-8
  is GB18030 (GBK) as a whole; in a UTF-8 file, a line that is not UTF-8 is read as GB18030
  and reported.
* Quotes: a quote that is never closed would swallow every line after it into one cell.
  A record that spans several lines and ends the file inside its quote, does not have the
  header's number of cells, or holds a line that reads as a whole row, is reported at the
  line where it starts; that line is read alone, without quoting, and reading resumes on the
  next line.

Rows are numbered by record, as a spreadsheet shows them (the header is row 1).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

#: A file of more columns than this is not a table of indicators.
MAX_COLUMNS = 1_000


@dataclass(frozen=True, slots=True)
class Record:
    """One CSV record: its cells, its row number and what is wrong with it (``""`` if nothing)."""

    cells: list[str]
    row: int
    problem: str = ""
    code: str = ""


@dataclass(frozen=True, slots=True)
class Decoded:
    """The lines of a file (line ends kept), the 1-based numbers of lines that were not UTF-8,
    and whether the whole file was read as GB18030."""

    lines: list[str]
    not_utf8: frozenset[int]
    gb18030: bool


def _lines(text: str) -> list[str]:
    return io.StringIO(text, newline="").readlines()


def decode(data: bytes) -> Decoded | None:
    """The file's lines; None when it is neither UTF-8 nor GB18030 nor UTF-8 with some lines
    in GB18030."""
    try:
        return Decoded(_lines(data.decode("utf-8-sig")), frozenset(), gb18030=False)
    except UnicodeDecodeError:
        pass
    raw_lines = io.BytesIO(data.removeprefix(b"\xef\xbb\xbf")).readlines()
    utf8_lines = bad_lines = 0
    for raw in raw_lines:
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines += 1
        else:
            utf8_lines += 1
    if utf8_lines <= bad_lines:  # a GBK file (a short GBK line may happen to be valid UTF-8)
        try:
            return Decoded(_lines(data.decode("gb18030")), frozenset(), gb18030=True)
        except UnicodeDecodeError:
            return None
    lines: list[str] = []
    bad: set[int] = set()
    for number, raw in enumerate(raw_lines, start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            bad.add(number)
            lines.append(raw.decode("gb18030", errors="replace"))
    return Decoded(lines, frozenset(bad), gb18030=False)


def _unclosed_at_end(text: str, delimiter: str) -> bool:
    """Whether ``text`` (a record and what follows) ends inside a quoted cell."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def _swallows_rows(cells: list[str], delimiter: str, width: int) -> bool:
    """Whether a quoted cell holds a whole line that reads as a row of the table (as many
    delimiters as the header): a quote left open, not a line break inside a cell."""
    return width > 1 and any(line.count(delimiter) >= width - 1
                             for cell in cells if "\n" in cell
                             for line in cell.splitlines()[1:])


def records(decoded: Decoded, delimiter: str, width: int | None = None) -> Iterator[Record]:
    """Every record of the file, the header first, one at a time; ``width`` is the header's
    number of cells (taken from the first record when None)."""
    lines = decoded.lines
    row = 0
    start = 0  # index of the line the current reader starts on
    while start < len(lines):
        reader = csv.reader((lines[i] for i in range(start, len(lines))), delimiter=delimiter)
        consumed = 0
        restart: int | None = None
        while True:
            first = start + consumed
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                row += 1
                yield _alone(lines[first], delimiter, row,
                             f"the row cannot be read as CSV ({exc})", "bad_csv_row")
                restart = first + 1
                break
            consumed = reader.line_num
            row += 1
            if width is None:
                width = len(cells)
            end = start + consumed
            if end - first > 1 and (
                    len(cells) != width or _swallows_rows(cells, delimiter, width)
                    or (end == len(lines)
                        and _unclosed_at_end("".join(lines[first:]), delimiter))):
                yield _alone(lines[first], delimiter, row, UNBALANCED, "unbalanced_quote")
                restart = first + 1
                break
            if any(n in decoded.not_utf8 for n in range(first + 1, end + 1)):
                yield Record(cells, row, NOT_UTF8, "not_utf8_row")
            else:
                yield Record(cells, row)
        if restart is None:
            break
        start = restart


UNBALANCED = ("a quote opened on this row is never closed (it would take in the rows below); "
              "close it, or double a quote that belongs to the text (\"\")")
NOT_UTF8 = ("the row is not UTF-8 text like the rest of the file (read as GB18030); save the "
            "file as UTF-8")


def _alone(line: str, delimiter: str, row: int, problem: str, code: str) -> Record:
    """A line read on its own, quotes taken as text, carrying ``problem``."""
    return Record(line.rstrip("\r\n").split(delimiter), row, problem, code)
