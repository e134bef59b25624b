"""Loading, validating, inheriting and hashing weighting schemes (weights/)."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from units import Band
from weights import SchemeError, SchemeInfo, available_schemes, load_scheme, to_toml

D = Decimal
BUNDLED = Path(__file__).resolve().parents[1] / "weights" / "schemes"


def write(tmp_path: Path, body: str, name: str = "custom") -> Path:
    """A scheme file in tmp_path."""
    path = tmp_path / f"{name}.toml"
    path.write_text(body, encoding="utf-8")
    return path


def child(tmp_path: Path, body: str, name: str = "custom") -> Path:
    """A scheme file extending national-2020 with ``body`` on top."""
    return write(tmp_path, 'extends = "national-2020"\n' + body, name)


def failure(path: Path) -> SchemeError:
    """The SchemeError loading ``path`` raises."""
    with pytest.raises(SchemeError) as caught:
        load_scheme(path)
    return caught.value


# --- bundled schemes -------------------------------------------------------------------------


@pytest.mark.parametrize("info", available_schemes(), ids=lambda info: info.name)
def test_every_bundled_scheme_loads_with_name_description_and_source(info: SchemeInfo) -> None:
    """Each bundled file validates, is named after its file and says what it is and where from."""
    name = info.name
    scheme = load_scheme(name)
    assert scheme.name == name
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
    assert scheme.description and scheme.description == info.description
    assert scheme.source
    assert re.fullmatch(r"[0-9a-f]{64}", scheme.content_hash)


def test_available_schemes_lists_every_file_sorted() -> None:
    """available_schemes() names every .toml file in weights/schemes, sorted by name."""
    names = [info.name for info in available_schemes()]
    assert names == sorted(p.stem for p in BUNDLED.glob("*.toml"))
    assert {"national-2020", "exec20-output40", "sichuan", "central-reverse"} <= set(names)


def test_national_2020_weights_match_the_2020_rules() -> None:
    """产出 50, 效益 30, 满意度 10, 预算执行率 10; 成本指标 pooled with 产出 (domain.md §3)."""
    weights = load_scheme("national-2020").weights
    assert weights.execution == D(10)
    assert weights.level1 == {"产出指标": D(50), "效益指标": D(30), "满意度指标": D(10)}
    assert weights.pools == {"成本指标": "产出指标"}


def test_national_2020_rules_bands_grades_and_flags_match_domain() -> None:
    """Default rule variants, bands 0.8/0.6, defaults 1/0.7/0, grades 90/80/60, flag at 1.2."""
    scheme = load_scheme("national-2020")
    rules = scheme.rules
    assert (rules.more_than, rules.at_most, rules.equal, rules.deadline) == (
        "ratio", "linear", "at_least", "band")
    assert rules.negative_actual_as_zero is True
    q = scheme.qualitative
    assert (q.achieved, q.partial, q.missed) == ((D("0.8"), D(1)), (D("0.6"), D("0.8")),
                                                 (D(0), D("0.6")))
    assert (q.default_achieved, q.default_partial, q.default_missed) == (D(1), D("0.7"), D(0))
    assert [(g.name, g.min) for g in scheme.grades] == [
        ("优", D(90)), ("良", D(80)), ("中", D(60)), ("差", D(0))]
    assert scheme.over_completion.flag_at == D("1.2")
    assert scheme.over_completion.deduction == D(0)
    assert scheme.execution.reason_below == D("0.9")
    assert scheme.execution.caps == ()
    assert scheme.rounding.places == 2
    assert scheme.distribution.missing == "equal_per_indicator"


def test_numbers_are_exact_decimals() -> None:
    """TOML floats arrive as Decimal('0.7'), not the binary float 0.7."""
    q = load_scheme("national-2020").qualitative
    assert isinstance(q.default_partial, Decimal)
    assert q.default_partial == D("0.7")
    assert str(q.default_partial) == "0.7"


def test_exec20_output40_weights_and_wider_partial_band() -> None:
    """执行 20 / 产出 40 / 效益 30 + 满意度 10; bands 100–80 / 80–50 / 50–0, defaults inside."""
    scheme = load_scheme("exec20-output40")
    assert scheme.weights.execution == D(20)
    assert scheme.weights.level1 == {"产出指标": D(40), "效益指标": D(30), "满意度指标": D(10)}
    q = scheme.qualitative
    assert q.band_range(Band.ACHIEVED) == (D("0.8"), D(1))
    assert q.band_range(Band.PARTIAL) == (D("0.5"), D("0.8"))
    assert q.band_range(Band.MISSED) == (D(0), D("0.5"))
    assert D("0.5") <= q.default_partial < D("0.8")
    assert q.tiers["一般"] == D("0.5")


def test_sichuan_shares_90_points_over_all_indicators() -> None:
    """Sichuan: execution 10, no 一级 split, so every 一级 text falls in the one 90-point pool."""
    scheme = load_scheme("sichuan")
    assert scheme.weights.level1 == {}
    assert scheme.weights.pool_names == ("指标",)
    assert scheme.weights.pool_points("指标") == D(90)
    assert scheme.pool_of("产出指标") == "指标"
    assert scheme.pool_of("决策") == "指标"
    assert scheme.execution.reason_required is True


def test_central_reverse_only_changes_the_reverse_rule() -> None:
    """central-reverse scores at_most by t/a and keeps the national weights and grades."""
    national, central = load_scheme("national-2020"), load_scheme("central-reverse")
    assert central.rules.at_most == "target_over_actual"
    assert national.rules.at_most == "linear"
    assert central.weights == national.weights
    assert central.grades == national.grades


@pytest.mark.parametrize(
    ("total", "grade"),
    [("100", "优"), ("80", "优"), ("79.99", "良"), ("70", "良"), ("69.99", "中"), ("60", "中"),
     ("59.99", "差"), ("0", "差")],
)
def test_grades_80_70_60_bands(total: str, grade: str) -> None:
    """grades-80-70-60: 优 ≥ 80, 良 ≥ 70, 中 ≥ 60, 差 below (domain.md §7)."""
    assert load_scheme("grades-80-70-60").grade_for(D(total)) == grade


def test_over_completion_variants() -> None:
    """Guangxi flags at 1.3·t; the deducting variant takes 2 points at 1.3·t and flags at 1.2·t."""
    assert load_scheme("guangxi-overcompletion").over_completion.flag_at == D("1.3")
    deduct = load_scheme("deduct-overcompletion").over_completion
    assert (deduct.flag_at, deduct.deduct_at, deduct.deduction) == (D("1.2"), D("1.3"), D(2))


def test_bundled_schemes_are_cached() -> None:
    """Loading a bundled name twice gives the same object."""
    assert load_scheme("national-2020") is load_scheme("national-2020")


def test_scheme_is_frozen() -> None:
    """A loaded scheme cannot be changed in place."""
    scheme = load_scheme("national-2020")
    with pytest.raises(ValueError, match="frozen"):
        scheme.rounding.places = 3  # type: ignore[misc]


# --- invalid files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "key", "words"),
    [
        ('colour = "red"\n', "colour", "unknown key"),
        ('[rules]\nat_mots = "linear"\n', "rules.at_mots", "unknown key"),
        ('[qualitative.vocabulary]\nsome = ["x"]\n', "qualitative.vocabulary.some", "unknown key"),
        ('[weights]\nlevel1 = { "产出指标" = 50, "效益指标" = 30, "满意度指标" = 5 }\n',
         "weights.level1", "add up to 95, expected 100 (产出指标 50 + 效益指标 30 + 满意度指标 5 "
         "+ execution 10)"),
        ("[weights]\nexecution = 20\n", "weights.level1", "add up to 110"),
        ("[weights]\nexecution = 100\nlevel1 = {}\npools = {}\n", "weights.execution",
         "below 100"),
        ('[weights]\npools = { "成本指标" = "成本" }\n', "weights.pools.成本指标",
         "not a level1 key"),
        ('[weights]\nexecution = "10"\n', "weights.execution", "expected a number"),
        ("[qualitative]\npartial = [0.65, 0.8]\n", "qualitative.partial", "not contiguous"),
        ("[qualitative]\nmissed = [0.1, 0.6]\n", "qualitative.missed", "start at 0"),
        ("[qualitative]\nachieved = [0.8, 0.95]\n", "qualitative.achieved", "end at 1"),
        ("[qualitative]\nachieved = [0.8, 1.1]\n", "qualitative.achieved[1]", "less than or equal"),
        ("[qualitative]\ndefault_partial = 0.8\n", "qualitative.default_partial",
         "outside the partial band"),
        ("[qualitative]\ndefault_missed = 0.6\n", "qualitative.default_missed", "outside"),
        ('[qualitative.tiers]\n"较好" = 0.5\n', "qualitative.tiers.较好", "below the 0.7"),
        ('[qualitative.tiers]\n"棒" = 1.0\n', "qualitative.tiers.棒", "not a tier of a known"),
        ('[qualitative.vocabulary]\nmissed = ["好"]\n', "qualitative.vocabulary.missed",
         "already listed"),
        ('[[grades]]\nname = "优"\nmin = 80\n[[grades]]\nname = "良"\nmin = 90\n'
         '[[grades]]\nname = "差"\nmin = 0\n', "grades[1].min", "strictly descending"),
        ('[[grades]]\nname = "优"\nmin = 90\n[[grades]]\nname = "差"\nmin = 10\n',
         "grades[1].min", "min = 0"),
        ('[rules]\nat_most = "quadratic"\n', "rules.at_most", "'linear' or 'target_over_actual'"),
        ("[rounding]\nplaces = 5\n", "rounding.places", "less than or equal to 4"),
        ("[rounding]\nplaces = -1\n", "rounding.places", "greater than or equal to 0"),
    ],
)
def test_invalid_setting_names_file_and_key(
    tmp_path: Path, body: str, key: str, words: str
) -> None:
    """Each kind of invalid setting raises SchemeError naming the file and the key path."""
    path = child(tmp_path, body)
    error = failure(path)
    assert isinstance(error, ValueError)
    assert error.path == str(path)
    assert error.key == key
    assert words in str(error)
    assert str(error).startswith(f"{path}: {key}: ")


def test_a_file_without_extends_must_state_everything(tmp_path: Path) -> None:
    """A standalone file missing a whole table reports that key as missing."""
    text = (BUNDLED / "national-2020.toml").read_text(encoding="utf-8")
    text = text.replace("[rounding]\n", "").replace("places = 2\n", "")
    error = failure(write(tmp_path, text))
    assert error.key == "rounding"
    assert "missing key" in str(error)


def test_not_toml_is_reported_for_the_whole_file(tmp_path: Path) -> None:
    """A syntax error names the file and says it is not TOML."""
    error = failure(write(tmp_path, "[weights\nexecution = 10\n"))
    assert error.key == ""
    assert "not valid TOML" in str(error)


def test_missing_file_is_a_scheme_error(tmp_path: Path) -> None:
    """A path that does not exist is a SchemeError naming it."""
    error = failure(tmp_path / "absent.toml")
    assert str(tmp_path / "absent.toml") in str(error)


def test_unknown_name_lists_the_available_schemes() -> None:
    """A bare unknown name says which names exist."""
    with pytest.raises(SchemeError) as caught:
        load_scheme("hubei-2099")
    message = str(caught.value)
    assert "hubei-2099" in message
    for info in available_schemes():
        assert info.name in message


def test_extends_cycle_is_reported(tmp_path: Path) -> None:
    """Two files extending each other raise instead of looping."""
    write(tmp_path, 'extends = "./b.toml"\n', "a")
    write(tmp_path, 'extends = "./a.toml"\n', "b")
    error = failure(tmp_path / "a.toml")
    assert error.key == "extends"


def test_extends_unknown_bundled_name(tmp_path: Path) -> None:
    """extends naming no bundled scheme is an error listing the available names."""
    error = failure(write(tmp_path, 'extends = "nowhere"\n'))
    assert "no scheme named 'nowhere'" in str(error)


# --- inheritance and overrides ---------------------------------------------------------------


def test_child_overrides_one_value_and_inherits_the_rest(tmp_path: Path) -> None:
    """A table in the child merges key by key; untouched settings come from the parent."""
    scheme = load_scheme(child(tmp_path, '[rules]\nat_most = "target_over_actual"\n'))
    national = load_scheme("national-2020")
    assert scheme.rules.at_most == "target_over_actual"
    assert scheme.rules.more_than == "ratio"
    assert scheme.weights == national.weights
    assert scheme.description == national.description


def test_name_defaults_to_the_file_name(tmp_path: Path) -> None:
    """name is not inherited: a file without one is named after the file."""
    assert load_scheme(child(tmp_path, "", "my-rules")).name == "my-rules"
    named = child(tmp_path, 'name = "other"\n', "x")
    assert load_scheme(named).name == "other"


def test_arrays_and_level1_replace_the_parent(tmp_path: Path) -> None:
    """[[grades]] and level1 in a child replace the parent's lists and 一级 set entirely."""
    body = ('[weights]\nlevel1 = { "产出指标" = 60, "效益指标" = 30 }\n'
            '[[grades]]\nname = "合格"\nmin = 60\n[[grades]]\nname = "不合格"\nmin = 0\n')
    scheme = load_scheme(child(tmp_path, body))
    assert scheme.weights.level1 == {"产出指标": D(60), "效益指标": D(30)}
    assert scheme.pool_of("满意度指标") is None
    assert [g.name for g in scheme.grades] == ["合格", "不合格"]
    assert scheme.grade_for(D("59.99")) == "不合格"


def test_extends_a_path_relative_to_the_file(tmp_path: Path) -> None:
    """extends may name another file, relative to the extending file's folder."""
    child(tmp_path, "[over_completion]\nflag_at = 1.5\n", "base")
    top = write(tmp_path, 'extends = "./base.toml"\n[rounding]\nplaces = 1\n', "top")
    scheme = load_scheme(top)
    assert scheme.over_completion.flag_at == D("1.5")
    assert scheme.rounding.places == 1
    assert scheme.weights.execution == D(10)


def test_overrides_merge_last_and_change_the_hash() -> None:
    """Overrides (an evaluation's [scheme_overrides]) apply on top and are part of the hash."""
    national = load_scheme("national-2020")
    changed = load_scheme("national-2020", {"over_completion": {"flag_at": D("1.3")}})
    assert changed.over_completion.flag_at == D("1.3")
    assert changed.over_completion.deduct_at == D("1.3")
    assert changed.name == "national-2020"
    assert changed.content_hash != national.content_hash


def test_overrides_from_python_floats_are_exact() -> None:
    """A float override becomes the Decimal of its written form (0.3 → Decimal('0.3'))."""
    scheme = load_scheme("national-2020", {"rules": {"late_per_month": 0.3}})
    assert scheme.rules.late_per_month == D("0.3")


def test_invalid_override_names_the_file_with_overrides() -> None:
    """A bad override is reported against the scheme file, marked as overridden."""
    with pytest.raises(SchemeError) as caught:
        load_scheme("national-2020", {"weights": {"execution": 15}})
    assert caught.value.path == "weights/schemes/national-2020.toml (with overrides)"
    assert caught.value.key == "weights.level1"
    assert "add up to 105" in str(caught.value)


def test_overrides_cannot_change_extends() -> None:
    """extends belongs to files, not to overrides."""
    with pytest.raises(SchemeError, match="extends"):
        load_scheme("national-2020", {"extends": "sichuan"})


# --- content hash ----------------------------------------------------------------------------


def test_hash_ignores_comments_order_and_number_spelling(tmp_path: Path) -> None:
    """A copy of national-2020 with comments dropped, tables reordered and 1.0 written 1 hashes
    the same."""
    lines = (BUNDLED / "national-2020.toml").read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.lstrip().startswith("#")]
    text = "\n".join(lines).replace("default_achieved = 1.0", "default_achieved = 1")
    head, *blocks = re.split(r"\n(?=\[)", text)
    grades = [block for block in blocks if block.startswith("[[grades]]")]
    tables = [block for block in blocks if not block.startswith("[[grades]]")]
    reordered = "\n".join([head, *reversed(tables), *grades]) + "\n"
    assert tomllib.loads(reordered)["qualitative"]["default_achieved"] == 1
    copy = load_scheme(write(tmp_path, reordered))
    assert copy.content_hash == load_scheme("national-2020").content_hash


def test_hash_changes_when_a_value_changes(tmp_path: Path) -> None:
    """Changing one setting changes the hash; restating an inherited value does not."""
    national = load_scheme("national-2020").content_hash
    same = load_scheme(child(tmp_path, 'name = "national-2020"\n[rules]\nlate_per_month = 0.25\n'))
    other = load_scheme(child(tmp_path, 'name = "national-2020"\n[rules]\nlate_per_month = 0.3\n',
                              "other"))
    assert same.content_hash == national
    assert other.content_hash != national


def test_resolved_toml_loads_back_to_the_same_scheme(tmp_path: Path) -> None:
    """to_toml of every bundled scheme is a standalone file with the same content hash."""
    for info in available_schemes():
        scheme = load_scheme(info.name)
        path = write(tmp_path, to_toml(scheme), info.name)
        assert "extends" not in tomllib.loads(path.read_text(encoding="utf-8"))
        assert load_scheme(path).content_hash == scheme.content_hash
