"""``jixiao schemes``: listing the schemes and showing one resolved."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from scoring.cli.main import main
from weights import available_schemes, load_scheme


def test_list_shows_every_scheme_with_short_hash_and_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One line per bundled scheme: name, first 12 hex digits of its hash, description."""
    assert main(["schemes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    infos = available_schemes()
    assert len(lines) == len(infos)
    for line, info in zip(lines, infos, strict=True):
        name, digest, description = line.split(maxsplit=2)
        assert name == info.name
        assert digest == load_scheme(info.name).content_hash[:12]
        assert description == info.description


def test_list_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--json lists name, description and full hash."""
    assert main(["schemes", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [row["name"] for row in data] == [info.name for info in available_schemes()]
    assert all(len(row["content_hash"]) == 64 for row in data)


def test_show_one_scheme_as_toml_that_loads_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`schemes sichuan` prints the resolved settings as TOML with the same content hash."""
    assert main(["schemes", "sichuan"]) == 0
    out = capsys.readouterr().out
    data = tomllib.loads(out)
    assert data["weights"]["execution"] == 10
    assert data["weights"]["level1"] == {}
    assert "extends" not in data
    path = tmp_path / "sichuan.toml"
    path.write_text(out, encoding="utf-8")
    assert load_scheme(path).content_hash == load_scheme("sichuan").content_hash


def test_show_one_scheme_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints the settings with numbers as exact strings and the full hash."""
    assert main(["schemes", "exec20-output40", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["content_hash"] == load_scheme("exec20-output40").content_hash
    assert data["weights"]["execution"] == "20"
    assert data["weights"]["level1"]["产出指标"] == "40"
    assert data["qualitative"]["partial"] == ["0.5", "0.8"]


def test_show_a_scheme_file_by_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A .toml path is resolved with its extends chain."""
    path = tmp_path / "mine.toml"
    path.write_text('extends = "national-2020"\n[rounding]\nplaces = 1\n', encoding="utf-8")
    assert main(["schemes", str(path)]) == 0
    data = tomllib.loads(capsys.readouterr().out)
    assert data["name"] == "mine"
    assert data["rounding"]["places"] == 1


def test_unknown_name_exits_2_with_message_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown name prints the available names on stderr and exits 2."""
    assert main(["schemes", "atlantis"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "atlantis" in captured.err
    assert "national-2020" in captured.err


def test_invalid_file_exits_2_naming_the_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A scheme file with a bad setting is reported with its key path, exit 2."""
    path = tmp_path / "bad.toml"
    path.write_text('extends = "national-2020"\n[rounding]\nplaces = 9\n', encoding="utf-8")
    assert main(["schemes", str(path)]) == 2
    assert "rounding.places" in capsys.readouterr().err
