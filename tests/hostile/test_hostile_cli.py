"""The command line under hostile use: inputs never written, no escape from the evaluation
folder, no traceback, the documented exit codes, nothing a terminal or a spreadsheet runs."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from hostile_inputs import JIXIAO, ROWS, flat_csv, folder, replace_cell, run

from scoring.cli.commands._guard import INTERNAL_ERROR, INTERRUPTED, run_guarded
from scoring.cli.main import main
from scoring.model.atomic import write_text

ROOT = Path(__file__).resolve().parents[2]
SCHEME = 'extends = "national-2020"\nname = "mine"\n'


# --- inputs are never written ----------------------------------------------------------------


def test_out_naming_the_scheme_file_is_refused(tmp_path: Path) -> None:
    """``--out mine.toml`` when mine.toml is the scheme: exit 2, the scheme untouched."""
    base = flat_csv(tmp_path / "base.csv")
    scheme = tmp_path / "mine.toml"
    scheme.write_text(SCHEME, encoding="utf-8")
    result = run("score", base, "--scheme", scheme, "--format", "json", "--out", scheme)
    assert result.code == 2
    assert "never written" in result.err
    assert scheme.read_text(encoding="utf-8") == SCHEME


def test_out_naming_a_parent_scheme_is_refused(tmp_path: Path) -> None:
    """A scheme's ``extends`` chain is read too, so it is never an output either."""
    parent = tmp_path / "parent.toml"
    parent.write_text(SCHEME, encoding="utf-8")
    child = tmp_path / "child.toml"
    child.write_text('extends = "parent.toml"\nname = "child"\n', encoding="utf-8")
    base = flat_csv(tmp_path / "base.csv")
    result = run("score", base, "--scheme", child, "--format", "csv", "--out", parent)
    assert result.code == 2
    assert parent.read_text(encoding="utf-8") == SCHEME


def test_out_naming_a_files_entry_outside_the_folder_is_refused(tmp_path: Path) -> None:
    """With --allow-outside, an ``[files]`` input outside the folder is still never an
    output."""
    outside = tmp_path / "shared" / "rows.csv"
    outside.parent.mkdir()
    root = folder(tmp_path / "ev")
    (root / "indicators.csv").rename(outside)
    (root / "evaluation.toml").write_text(
        'title = "t"\nyear = 2024\n[files]\nindicators = "../shared/rows.csv"\n',
        encoding="utf-8")
    before = outside.read_bytes()
    result = run("score", root, "--allow-outside", "--format", "csv", "--out", outside)
    assert result.code == 2
    assert outside.read_bytes() == before


def test_out_naming_the_input_csv_is_refused(tmp_path: Path) -> None:
    base = flat_csv(tmp_path / "base.csv")
    before = base.read_bytes()
    assert run("score", base, "--format", "csv", "--out", base).code == 2
    assert base.read_bytes() == before


@pytest.mark.parametrize("out", ["/proc/jixiao-out.json", "FILE/sub/out.json"])
def test_unwritable_out_is_one_line(tmp_path: Path, out: str) -> None:
    """``--out`` under /proc or under a file: exit 2 with one line, no traceback."""
    base = flat_csv(tmp_path / "base.csv")
    target = out.replace("FILE", str(base))
    result = run("score", base, "--format", "json", "--out", target)
    assert result.code == 2
    assert "cannot write" in result.err and "Traceback" not in result.err


# --- the evaluation folder is a boundary -----------------------------------------------------


def test_files_entry_escaping_the_folder_is_refused(tmp_path: Path) -> None:
    """``[files] indicators = "../../etc/passwd"`` is refused, nothing of it is printed."""
    root = folder(tmp_path / "a" / "b" / "ev")
    (root / "evaluation.toml").write_text(
        'title = "t"\n[files]\nindicators = "../../../../../../../../etc/passwd"\n',
        encoding="utf-8")
    result = run("score", root)
    assert result.code == 2
    assert "outside the evaluation folder" in result.err and "--allow-outside" in result.err
    assert "root:" not in result.out + result.err


def test_allow_outside_reads_a_shared_file(tmp_path: Path) -> None:
    """With --allow-outside a shared table outside the folder is read."""
    shared = tmp_path / "shared.csv"
    root = folder(tmp_path / "ev")
    (root / "indicators.csv").rename(shared)
    (root / "evaluation.toml").write_text(
        'title = "t"\nyear = 2024\n[files]\nindicators = "../shared.csv"\n', encoding="utf-8")
    assert run("score", root).code == 2
    assert run("score", root, "--allow-outside").code == 0


# --- no traceback ----------------------------------------------------------------------------


@pytest.mark.parametrize(("toml", "expected"), [
    ('year = "' + "9" * 30 + '"\n', "year must be a year"),
    ('year = "²"\n', "year must be a year"),
    ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
])
def test_bad_evaluation_toml_is_clear(tmp_path: Path, toml: str, expected: str) -> None:
    """A 30-digit or superscript year is an error on the key; TOML nested 5000 deep is one
    line; never a traceback."""
    root = folder(tmp_path / "ev", toml)
    result = run("score", root)
    assert result.code in (1, 2)
    assert expected in result.out + result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("scheme", ["/dev/zero", "DEEP"])
def test_unusable_scheme_file_is_one_line(tmp_path: Path, scheme: str) -> None:
    """A scheme path of /dev/zero (a device, read without end) or a TOML nested 5000 deep:
    exit 2, one line."""
    if scheme == "DEEP":
        deep = tmp_path / "deep.toml"
        deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
        scheme = str(deep)
    result = run("score", flat_csv(tmp_path / "base.csv"), "--scheme", scheme, timeout=30)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize("text", ["一" * 5000, "9" * 5000, ">" + "=" * 30_000])
def test_parse_of_huge_texts_is_an_answer(text: str) -> None:
    """``jixiao parse`` of 5000 Chinese numerals, 5000 digits or a 30k-character comparator:
    one JSON line naming the limit, at once."""
    result = run("parse", text, timeout=30)
    assert result.code == 0
    assert result.cpu < 10
    [line] = result.out.splitlines()
    assert json.loads(line)["kind"] == "unscorable"


def test_internal_error_is_exit_3_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """An unexpected exception: exit 3 and one line asking to report it; the traceback only
    with --debug."""
    def broken(_: argparse.Namespace) -> int:
        raise ZeroDivisionError("boom")

    args = argparse.Namespace(command="score")
    assert run_guarded(broken, args, debug=False) == INTERNAL_ERROR
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "please report it" in err and "ZeroDivisionError" in err
    assert run_guarded(broken, args, debug=True) == INTERNAL_ERROR
    assert "Traceback" in capsys.readouterr().err


def test_ctrl_c_in_a_handler_exits_130_quietly(capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(_: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    assert run_guarded(interrupted, argparse.Namespace(), debug=False) == INTERRUPTED
    assert "Traceback" not in capsys.readouterr().err


def test_sigint_exits_130_without_traceback(tmp_path: Path) -> None:
    """A real Ctrl-C (SIGINT) during a run reading standard input exits 130 quietly."""
    process = subprocess.Popen([str(JIXIAO), "parse", "-"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("≥5个\n".encode())
    process.stdin.flush()
    assert b"at_least" in process.stdout.readline()  # running, now waiting for more input
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert b"Traceback" not in err


def test_debug_is_accepted_before_and_after_the_subcommand(tmp_path: Path) -> None:
    base = flat_csv(tmp_path / "base.csv")
    assert main(["--debug", "score", str(base)]) == 0
    assert main(["score", str(base), "--debug"]) == 0


# --- what a spreadsheet or a terminal would run ----------------------------------------------


HOSTILE_CELLS = ('=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", "+1",
                 "@SUM(A1)", "-2+3")


def _injected(tmp_path: Path) -> Path:
    header = "project,level1,level2,indicator,target,actual,weight,budget,spent,year,=EVIL()"
    rows = [replace_cell(row, "indicator", f'"{cell.replace(chr(34), chr(34) * 2)}"') + ",v"
            for row, cell in zip(ROWS, HOSTILE_CELLS, strict=True)]
    return flat_csv(tmp_path / "inject.csv", rows, header)


def test_csv_output_neutralises_formulas(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Cells and headers starting with = + - @ are written with a leading ' (OWASP); every
    other cell is as read."""
    assert main(["score", str(_injected(tmp_path)), "--format", "csv"]) == 0
    table = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert "'=EVIL()" in table[0]
    indicators = [row[table[0].index("indicator")] for row in table[1:]]
    assert indicators == ["'" + cell for cell in HOSTILE_CELLS]
    for row in table[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_raw_csv_keeps_cells_as_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(_injected(tmp_path)), "--format", "csv", "--raw"]) == 0
    table = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [row[table[0].index("indicator")] for row in table[1:]] == list(HOSTILE_CELLS)


def test_terminal_output_strips_control_characters(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """An indicator named with an OSC title sequence and a screen clear reaches the table
    without its escape characters."""
    rows = [replace_cell(ROWS[0], "actual", "200人次"), *ROWS[1:]]  # a warning row names it
    rows[0] = replace_cell(rows[0], "indicator", "\x1b]0;PWNED\x07\x1b[2J")
    main(["score", str(flat_csv(tmp_path / "esc.csv", rows)), "--detail"])
    out = capsys.readouterr().out
    assert "PWNED" in out
    assert "\x1b" not in out and "\x07" not in out


def test_html_report_has_no_nul(tmp_path: Path) -> None:
    """The HTML report of the bundled evaluation holds no NUL or other control byte."""
    result = run("score", ROOT / "evaluations" / "chengde-2024", "--format", "html",
                 "--out", tmp_path)
    assert result.code in (0, 1)
    html = (tmp_path / "chengde-2024.html").read_text(encoding="utf-8")
    assert "\x00" not in html
    assert not any(ord(char) < 32 and char not in "\t\n\r" for char in html)


def test_invalid_utf8_on_stdin_is_reported(tmp_path: Path) -> None:
    """A stdin line that is not UTF-8 comes back as valid UTF-8 JSON saying so."""
    result = run("parse", "-", stdin="≥5个\n".encode() + b"\xff\xfe\xb2\n")
    assert result.code == 0
    first, second = (json.loads(line) for line in result.out.splitlines())
    assert first["kind"] == "at_least"
    assert second["kind"] == "unscorable" and "not UTF-8" in second["error"]


# --- temporary files -------------------------------------------------------------------------


def test_temporary_files_of_killed_runs_are_removed(tmp_path: Path) -> None:
    """A temporary file left by a writer that no longer runs is removed at the next write;
    one of a running writer is kept."""
    target = tmp_path / "out.xlsx"
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f".out.xlsx.{dead.pid}.abcd1234.xlsx"
    stale.write_bytes(b"half")
    alive = tmp_path / f".out.xlsx.{os.getpid()}.efgh5678.xlsx"
    alive.write_bytes(b"busy")
    write_text(target, "done")
    assert not stale.exists()
    assert alive.exists()
    assert target.read_text() == "done"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in (target.name, alive.name)]
    assert leftovers == []


def test_kill_9_while_writing_leaves_no_stale_file_after_the_next_run(tmp_path: Path) -> None:
    """kill -9 during a workbook write; the next run leaves only the final file."""
    evaluation = ROOT / "evaluations" / "chengde-2024"
    process = subprocess.Popen([str(JIXIAO), "score", str(evaluation), "--format", "xlsx",
                                "--out", str(tmp_path)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(p.name.startswith(".")
                                                  for p in tmp_path.iterdir()):
        time.sleep(0.01)
    process.kill()
    process.wait()
    assert run("score", evaluation, "--format", "xlsx", "--out", tmp_path).code in (0, 1)
    assert [p.name for p in tmp_path.iterdir()] == ["chengde-2024.xlsx"]


def test_import_text_never_overwrites_its_source(tmp_path: Path) -> None:
    """A document named indicators.csv imported into its own folder with --force is refused."""
    source = tmp_path / "indicators.csv"
    source.write_text("2024年 部门预算绩效文本\n", encoding="utf-8")
    result = run("import-text", source, "--out", tmp_path, "--force", "--year", "2024")
    assert result.code == 2
    assert "never written" in result.err
    assert source.read_text(encoding="utf-8") == "2024年 部门预算绩效文本\n"


@pytest.mark.parametrize("kind", ["device", "pipe"])
def test_device_or_pipe_named_csv_is_never_read(tmp_path: Path, kind: str) -> None:
    """A .csv that is a link to /dev/zero or a named pipe is refused at once (it would be read
    without end, or wait for a writer forever)."""
    path = tmp_path / "input.csv"
    if kind == "device":
        path.symlink_to("/dev/zero")
    else:
        os.mkfifo(path)
    result = run("score", path, timeout=30)
    assert result.code == 2
    assert "not a regular file" in result.err


def test_linked_default_file_leading_outside_is_refused(tmp_path: Path) -> None:
    """actuals.csv linked to a file outside the folder counts as outside."""
    root = folder(tmp_path / "ev")
    (root / "actuals.csv").symlink_to("/dev/zero")
    result = run("score", root, timeout=30)
    assert result.code == 2
    assert "outside the evaluation folder" in result.err
