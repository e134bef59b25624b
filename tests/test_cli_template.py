"""``jixiao template``: fill-in workbooks from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import ModuleType

import pytest
from workbook_fixtures import evaluation, national_workbook

from scoring.cli.commands import template
from scoring.sources.workbook import read_template


def main(argv: list[str]) -> int:
    """Run ``jixiao template`` through its own registration, as the command line does."""
    parser = argparse.ArgumentParser(prog="jixiao")
    template.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code


def _fake_folder_reader(monkeypatch: pytest.MonkeyPatch, seen: list[Path]) -> None:
    """Stand in for the folder reader so the command's own wiring is what is tested."""
    module = ModuleType("scoring.sources.reader")

    def read_evaluation(path: Path) -> object:
        seen.append(Path(path))
        return evaluation()

    module.read_evaluation = read_evaluation  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "scoring.sources.reader", module)


def test_folder_to_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    """A folder is read with read_evaluation and written to --out; exit 0, path printed."""
    seen: list[Path] = []
    _fake_folder_reader(monkeypatch, seen)
    folder = tmp_path / "chengde-2024"
    folder.mkdir()
    out = tmp_path / "fill.xlsx"
    assert main(["template", str(folder), "--out", str(out)]) == 0
    assert seen == [folder]
    assert capsys.readouterr().out.strip() == str(out)
    assert read_template(out).projects["project_id"].tolist() == ["GX-01", "GX-02"]


def test_default_output_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --out the template is NAME-template.xlsx in the working directory."""
    _fake_folder_reader(monkeypatch, [])
    folder = tmp_path / "chengde-2024"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["template", str(folder)]) == 0
    assert (tmp_path / "chengde-2024-template.xlsx").is_file()


def test_workbook_to_template(tmp_path: Path) -> None:
    """A filled 自评表 workbook can be the source of a template."""
    out = tmp_path / "t.xlsx"
    assert main(["template", str(national_workbook(tmp_path / "n.xlsx")), "--out", str(out)]) == 0
    assert len(read_template(out).indicators) == 9


def test_missing_input_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist exits 2 with a message naming it."""
    code = main(["template", str(tmp_path / "nope"), "--out", str(tmp_path / "t.xlsx")])
    assert code == 2
    assert "nope: no such file or folder" in capsys.readouterr().err


def test_unreadable_workbook_is_bad_usage(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A workbook without a 自评表 exits 2 with the reader's message, no traceback."""
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"junk")
    assert main(["template", str(junk), "--out", str(tmp_path / "t.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "junk.xlsx" in err and "Traceback" not in err
    assert not (tmp_path / "t.xlsx").exists()


def test_out_must_be_xlsx_and_not_the_input(tmp_path: Path) -> None:
    """--out must end in .xlsx and must not overwrite the input workbook."""
    source = national_workbook(tmp_path / "n.xlsx")
    assert main(["template", str(source), "--out", str(tmp_path / "t.csv")]) == 2
    before = source.read_bytes()
    assert main(["template", str(source), "--out", str(source)]) == 2
    assert source.read_bytes() == before
