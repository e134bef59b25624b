"""The public surface of weights/: exports, independence from scoring, and the Scheme methods."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import weights
from units import Band
from weights import Scheme, load_scheme

D = Decimal
ROOT = Path(__file__).resolve().parents[1]


def test_all_is_pinned() -> None:
    """weights exports exactly these names, and each exists."""
    assert sorted(weights.__all__) == sorted([
        "SHARED_POOL", "Cap", "Distribution", "Execution", "Grade", "OverCompletion",
        "Qualitative", "Rounding", "Rules", "Scheme", "SchemeError", "SchemeInfo", "Vocabulary",
        "Weights", "available_schemes", "compact", "level1_key", "level1_name", "load_scheme",
        "printed_points", "read_bounded", "scheme_files", "to_json", "to_toml",
    ])
    for name in weights.__all__:
        assert hasattr(weights, name)


def test_scheme_error_is_a_value_error() -> None:
    """SchemeError can be caught as ValueError."""
    assert issubclass(weights.SchemeError, ValueError)


def test_weights_never_imports_scoring() -> None:
    """Importing weights and loading every scheme leaves scoring unimported."""
    code = (
        "import sys, weights\n"
        "[weights.load_scheme(i.name).content_hash for i in weights.available_schemes()]\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'scoring'], sys.modules\n"
        "assert weights.__file__\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def national() -> Scheme:
    """The default scheme."""
    return load_scheme("national-2020")


def test_scheme_is_hashable_and_equal_by_content(national: Scheme) -> None:
    """The bundled scheme and the same file loaded by path are equal and hash alike."""
    by_path = load_scheme(ROOT / "weights" / "schemes" / "national-2020.toml")
    assert by_path is not national
    assert by_path == national
    assert {national: 1}[by_path] == 1


@pytest.mark.parametrize(
    ("total", "grade"),
    [("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"),
     ("59.99", "差"), ("0", "差")],
)
def test_grade_for_boundaries(national: Scheme, total: str, grade: str) -> None:
    """优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below; lower bounds inclusive (domain.md §7)."""
    assert national.grade_for(D(total)) == grade


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_grade_for_picks_the_band_holding_the_total(total: Decimal) -> None:
    """For any total the grade's lower bound is reached and the next higher bound is not."""
    scheme = load_scheme("national-2020")
    names = [g.name for g in scheme.grades]
    index = names.index(scheme.grade_for(total))
    assert total >= scheme.grades[index].min
    if index:
        assert total < scheme.grades[index - 1].min


@pytest.mark.parametrize(
    ("text", "pool"),
    [("产出指标(50分)", "产出指标"), ("产出", "产出指标"), ("效益指标", "效益指标"),
     ("满意度指标", "满意度指标"), ("成本指标", "产出指标"), ("成本指标（20分）", "产出指标"),
     (" 效益 指标", "效益指标"), ("决策", None), ("过程指标", None), ("产", None), ("", None)],
)
def test_pool_of_matches_first_two_characters_and_pools(
    national: Scheme, text: str, pool: str | None
) -> None:
    """A 一级 text maps to a level1 key by its first two characters, 成本 via pools."""
    assert national.pool_of(text) == pool


def test_pool_points(national: Scheme) -> None:
    """Each pool's points are its level1 weight; indicators together are worth 90."""
    assert national.weights.pool_names == ("产出指标", "效益指标", "满意度指标")
    assert national.weights.pool_points("效益指标") == D(30)
    assert national.weights.indicator_points == D(90)


@pytest.mark.parametrize(
    ("word", "band"),
    [("达成年度指标", Band.ACHIEVED), ("达到预期目的", Band.ACHIEVED), ("合格", Band.ACHIEVED),
     ("很好", Band.ACHIEVED), ("部分达成年度指标并具有一定效果", Band.PARTIAL),
     ("较好", Band.PARTIAL), ("一般", Band.PARTIAL), ("基本达成", Band.PARTIAL),
     ("未达成年度指标且效果较差", Band.MISSED), ("未完成", Band.MISSED), ("否", Band.MISSED),
     ("差", Band.MISSED), (" 合格 ", Band.ACHIEVED), ("有效提升", Band.ACHIEVED),
     ("有所提升", Band.PARTIAL), ("棒极了", None), ("", None)],
)
def test_band_of_vocabulary_words(national: Scheme, word: str, band: Band | None) -> None:
    """Vocabulary words map to their band (domain.md §5); unknown words to None."""
    assert national.qualitative.band_of(word) == band


def test_band_range_default_share_and_in_band(national: Scheme) -> None:
    """达成 [0.8, 1] includes 1; 部分达成 [0.6, 0.8) excludes 0.8; defaults 1 / 0.7 / 0."""
    q = national.qualitative
    assert q.band_range(Band.PARTIAL) == (D("0.6"), D("0.8"))
    assert [q.default_share(b) for b in Band] == [D(1), D("0.7"), D(0)]
    assert q.in_band(D(1), Band.ACHIEVED)
    assert q.in_band(D("0.8"), Band.ACHIEVED)
    assert not q.in_band(D("0.8"), Band.PARTIAL)
    assert q.in_band(D("0.6"), Band.PARTIAL)
    assert not q.in_band(D("0.6"), Band.MISSED)


def test_tiers_follow_the_three_level_scale(national: Scheme) -> None:
    """很好 → full, 较好 → upper 部分达成, 一般 → lower 部分达成 (domain.md §5)."""
    tiers = national.qualitative.tiers
    assert tiers["很好"] == D(1)
    assert D("0.6") < tiers["较好"] < D("0.8")
    assert tiers["一般"] == D("0.6")


def test_rounding_quantum(national: Scheme) -> None:
    """2 places quantize to 0.01."""
    assert national.rounding.quantum == D("0.01")


def test_caps_by_execution_rate() -> None:
    """With the manual's caps, the lowest cap whose threshold 执行率 is below applies."""
    caps = [{"below": D("0.8"), "max_total": 89}, {"below": D("0.7"), "max_total": 79},
            {"below": D("0.6"), "max_total": 69}, {"below": D("0.5"), "max_total": 59}]
    execution = load_scheme("national-2020", {"execution": {"caps": caps}}).execution
    assert execution.max_total_for(D("0.85")) is None
    assert execution.max_total_for(D("0.8")) is None
    assert execution.max_total_for(D("0.75")) == D(89)
    assert execution.max_total_for(D("0.65")) == D(79)
    assert execution.max_total_for(D("0.49")) == D(59)
