"""The bundled evaluation folders: reproducible from their sources, overlays consistent."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from scoring.sources.text_import import import_text, write_evaluation_folder

EVALUATIONS = Path(__file__).resolve().parents[1] / "evaluations"
CHENGDE = EVALUATIONS / "chengde-2024"
PUBLISHED = EVALUATIONS / "published-tables"
FRAMEWORKS = EVALUATIONS / "published-frameworks"
RESERVED_HASHES = Path(__file__).resolve().parent / "data" / "reserved_source_sha256.txt"


def read(path: Path) -> pd.DataFrame:
    """A folder CSV read the way the reader reads it: every cell a string."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_build(folder: Path = PUBLISHED) -> ModuleType:
    """``build.py`` of an evaluation folder (by default ``published-tables``) as a module."""
    spec = importlib.util.spec_from_file_location(f"{folder.name}_build", folder / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def normalised_url(url: str) -> str:
    """A page address compared without its scheme, a leading www./m. and a trailing slash."""
    bare = re.sub(r"^[A-Za-z]+://", "", url.strip())
    return re.sub(r"^(?:www\.|m\.)", "", bare).rstrip("/")


@pytest.fixture(scope="module")
def chengde_indicators() -> pd.DataFrame:
    """The committed chengde-2024 indicators."""
    return read(CHENGDE / "indicators.csv")


@pytest.fixture(scope="module")
def chengde_actuals() -> pd.DataFrame:
    """The hand-written chengde-2024 actuals overlay."""
    return read(CHENGDE / "actuals.csv")


def test_chengde_import_is_reproducible(tmp_path: Path) -> None:
    """Re-importing the copied seed gives byte-identical projects.csv and indicators.csv."""
    doc = import_text(CHENGDE / "source" / "targets.txt")
    assert doc.problems == []
    write_evaluation_folder(doc, tmp_path, title="x", year=2024)
    for name in ("projects.csv", "indicators.csv"):
        assert (tmp_path / name).read_bytes() == (CHENGDE / name).read_bytes(), name


def test_chengde_toml_says_actuals_are_illustrative() -> None:
    """evaluation.toml names the year, the scheme, the overlays and that actuals are invented."""
    data = tomllib.loads((CHENGDE / "evaluation.toml").read_text(encoding="utf-8"))
    assert (data["year"], data["scheme"]) == (2024, "national-2020")
    assert "ILLUSTRATIVE" in data["notes"]
    assert "not reported by the unit" in data["sources"]["actuals"]
    assert data["files"]["project_actuals"] == "project_actuals.csv"


def test_chengde_actuals_cover_every_indicator_once(
    chengde_indicators: pd.DataFrame, chengde_actuals: pd.DataFrame
) -> None:
    """Each (project_id, seq) of indicators.csv has exactly one actuals row, and no other."""
    keys = list(zip(chengde_indicators["project_id"], chengde_indicators["seq"], strict=True))
    overlay = list(zip(chengde_actuals["project_id"], chengde_actuals["seq"], strict=True))
    assert len(overlay) == len(set(overlay)) == 126
    assert set(overlay) == set(keys)


def test_chengde_adjustments_and_manual_scores_have_reasons(chengde_actuals: pd.DataFrame) -> None:
    """Every deduction and every manual score carries a reason."""
    adjusted = chengde_actuals[
        (chengde_actuals["adjustment"] != "") | (chengde_actuals["manual_score"] != "")
    ]
    assert len(adjusted) == 3
    assert (adjusted["adjustment_reason"] != "").all()


def test_chengde_actuals_exercise_the_rules(
    chengde_indicators: pd.DataFrame, chengde_actuals: pd.DataFrame
) -> None:
    """The overlay holds the cases the demo must show (checked on hand-picked rows)."""
    rows = chengde_indicators.merge(chengde_actuals, on=["project_id", "seq"], suffixes=("_t", ""))

    def pick(pid: str, seq: int) -> pd.Series:
        return rows[(rows["project_id"] == pid) & (rows["seq"] == str(seq))].iloc[0]

    shortfall = pick("13082124P00012810001R", 1)  # ≥2304.9 立方米, 2100 done
    assert (shortfall["target"], shortfall["actual"]) == ("≥2304.9 立方米", "2100 立方米")
    over = pick("13082124P00012810001R", 2)  # 52000 / 41384.6 ≈ 1.256 ≥ 1.2
    assert Decimal("52000") >= Decimal("1.2") * Decimal("41384.6")
    assert over["actual"] == "52000 立方米"
    assert pick("13082124P00012810001R", 6)["actual"] == "3.6 万元/亩"  # ≤3 万元/亩 overrun
    assert pick("13082124P00012810001R", 7)["actual"] == "较好"  # 一般/较好/很好 tier
    assert pick("13082123P00510410002N", 1)["actual"].endswith("亩")  # 公顷 target
    assert pick("13082124P000127100014", 9)["actual"].startswith("≥")
    assert pick("13082124P00012110002M", 9)["applicable"] == "不适用"
    late = pick("13082124P00009710002J", 5)
    assert (late["target"], late["actual"]) == ("≤10 月", "2024年11月20日")
    assert pick("13082124P00009610002W", 5)["actual"] == "2024年12月20日"  # ≤12月底 met
    assert pick("13082124P000098100028", 7)["actual"] == "基本达成"  # 部分达成
    assert pick("13082124P000098100028", 8)["actual"] == "未达成"
    malformed = pick("13082124P00009410002H", 4)
    assert malformed["target"] == "20122012 年 5 月 28 日"
    assert malformed["manual_score"] == ""  # left to be reported as an error row


def test_chengde_execution_rates_vary() -> None:
    """Spent covers every project; one project spends under 90%, one exactly 100%."""
    projects = read(CHENGDE / "projects.csv")
    spent = read(CHENGDE / "project_actuals.csv")
    assert set(spent["project_id"]) == set(projects["project_id"])
    assert (projects["spent"] == "").all()
    joined = projects.merge(spent, on="project_id", suffixes=("_printed", ""))
    pairs = zip(joined["spent"], joined["budget"], strict=True)
    rates = [Decimal(s) / Decimal(b) for s, b in pairs]
    assert min(rates) < Decimal("0.9")
    assert Decimal(1) in rates
    assert max(rates) <= Decimal(1)


def test_published_build_is_reproducible(tmp_path: Path) -> None:
    """Re-running build.py on source/ gives byte-identical projects.csv and indicators.csv."""
    load_build().build(PUBLISHED / "source", tmp_path)
    for name in ("projects.csv", "indicators.csv"):
        assert (tmp_path / name).read_bytes() == (PUBLISHED / name).read_bytes(), name


def test_published_counts() -> None:
    """158 indicator rows of 22 projects; 24 funding lines, 2 of them without rows."""
    indicators = read(PUBLISHED / "indicators.csv")
    projects = read(PUBLISHED / "projects.csv")
    assert len(indicators) == 158
    assert indicators["project_id"].nunique() == 22
    assert len(projects) == 24 == projects["project_id"].nunique()
    assert set(indicators["project_id"]) <= set(projects["project_id"])


def test_published_toml() -> None:
    """The folder declares the national scheme and explains where the numbers come from."""
    data = tomllib.loads((PUBLISHED / "evaluation.toml").read_text(encoding="utf-8"))
    assert data["scheme"] == "national-2020"
    assert "Hand transcriptions" in data["notes"]


def test_expand_edge_pipes() -> None:
    """An edge pipe stands for an empty neighbouring cell; inner pipes are text."""
    expand = load_build().expand
    assert expand(["8 |"]) == ["8", ""]
    assert expand(["| 1 |"]) == ["", "1", ""]
    assert expand(["|"]) == ["", ""]
    assert expand(["| 2023年度"]) == ["", "2023年度"]
    assert expand(["列序为 分值|年度指标值"]) == ["列序为 分值|年度指标值"]


def test_published_scores_cleaned() -> None:
    """Scores lose the pipe, the raw cell is kept, a non-number (OCR ``IO``) stays empty."""
    rows = read(PUBLISHED / "indicators.csv")
    first = rows.iloc[0]
    assert (first["weight"], first["published_score"], first["published_score_raw"]) == (
        "8", "8", "8 |",
    )
    ocr = rows[rows["published_score_raw"] == "IO"].iloc[0]
    assert ocr["published_score"] == ""
    pig = rows[rows["indicator"] == "公猪舍(≥**平方米)"].iloc[0]  # layout without 分值
    assert (pig["weight"], pig["published_score"], pig["weight_raw"]) == ("", "1", "| 1 |")
    merged = rows[rows["indicator"] == "一个存储备份器"].iloc[0]
    assert merged["deviation_note"] == ""
    assert "得分单元格与下一行" in merged["transcriber_note"]


def test_published_project_lines() -> None:
    """Funding lines are realigned: a note pushed into the grade column goes back to the note."""
    projects = read(PUBLISHED / "projects.csv").set_index("project")
    lang = projects.loc["办公宿舍楼、食堂及餐厅暖通改造经费"]
    assert (lang["budget"], lang["spent"], lang["published_exec_rate"]) == ("43.2", "37.24", "86%")
    assert (lang["published_total"], lang["published_grade"]) == ("", "")
    assert (lang["transcriber_note"], lang["year"]) == ("2019年度", "2019")
    road = projects.loc["乡村道路建设养护项目"]
    assert (road["published_exec_weight"], road["published_exec_rate"]) == ("", "100 %")
    assert road["published_total"] == "95"
    ezhou = projects.loc["市民中心运行维护费"]
    assert (ezhou["budget"], ezhou["spent"], ezhou["budget_raw"]) == ("150", "125.25", "150万")
    assert projects.loc["义务教育营养改善计划专项资金"]["money_unit"] == "元"
    assert projects.loc["2019年新型农业经营主体扶持项目"]["year"] == ""


def test_normalised_url() -> None:
    """Scheme, a leading www. or m. and a trailing slash do not make another page."""
    assert normalised_url("https://www.a.gov.cn/x/1.html/") == "a.gov.cn/x/1.html"
    assert normalised_url("http://m.a.gov.cn/x?id=2") == "a.gov.cn/x?id=2"
    assert normalised_url("a.gov.cn/x") == "a.gov.cn/x"


def test_frameworks_build_is_reproducible(tmp_path: Path) -> None:
    """Re-running published-frameworks/build.py gives byte-identical CSVs."""
    load_build(FRAMEWORKS).build(FRAMEWORKS / "source", tmp_path)
    for name in ("projects.csv", "indicators.csv"):
        assert (tmp_path / name).read_bytes() == (FRAMEWORKS / name).read_bytes(), name


def test_frameworks_sources_are_new_and_not_reserved() -> None:
    """Every row names its page; no page is reserved for the independent check, and none is
    already in the published-tables corpus."""
    reserved = {
        line.strip() for line in RESERVED_HASHES.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    corpus = {normalised_url(u) for u in read(PUBLISHED / "indicators.csv")["source_url"]}
    corpus |= {normalised_url(u) for u in read(PUBLISHED / "projects.csv")["source_url"]}
    for name in ("indicators.csv", "projects.csv"):
        urls = read(FRAMEWORKS / name)["source_url"]
        assert (urls != "").all(), name
        for url in set(urls):
            bare = normalised_url(url)
            assert hashlib.sha256(bare.encode()).hexdigest() not in reserved, url
            assert bare not in corpus, url


def test_frameworks_rows_carry_their_tree_and_score() -> None:
    """Each row names a known framework and prints a numeric 得分; each project has rows."""
    rows = read(FRAMEWORKS / "indicators.csv")
    projects = read(FRAMEWORKS / "projects.csv")
    assert set(rows["framework"]) <= {"评价框架", "旧项目框架", "部门整体"}
    assert (rows["published_score"] != "").all()
    assert set(rows["project_id"]) == set(projects["project_id"])
    assert projects["project_id"].is_unique


@pytest.mark.parametrize(
    ("project", "column", "text", "points"),
    [
        ("南县民政局2022年项目支出", "level1", "项目决策(20分)", 20),
        ("国省县乡道路养护及道班房维修项目", "level1", "(20分)项目决策", 20),
        ("部门整体支出(glj.yueyang.gov.cn content_1705915)", "level1", "投 入(15分)", 15),
        ("部门整体支出(glj.yueyang.gov.cn content_1705915)", "level2", "预算执行(15分)", 15),
        ("大英县总工会(部门整体)", "level2", "预算编制(30分)", 30),
        ("部门整体支出(shouxian.gov.cn 1259995520)", "level1", "规划 (15分)", 15),
        ("联网收费系统维护专项支出", "level2", "項(xiàng)目立項(xiàng)(11)", 11),
        ("绩效评价指标体系与评分表(wenku365 p-54769209)", "level2", "A1项目立项", 6),
        ("部门整体支出(wenku365 p-50355167)", "level1", "投入", 10),
    ],
)
def test_frameworks_whole_groups_add_up_to_their_printed_points(
    project: str, column: str, text: str, points: int
) -> None:
    """Where a whole 一级 or 二级 was transcribed, its rows' 分值 add up to the points the table
    prints for it, in its text or in a 权重 cell of its own (a slip in any transcribed 分值 shows
    here)."""
    rows = read(FRAMEWORKS / "indicators.csv")
    group = rows[(rows["project"] == project) & (rows[column] == text)]
    assert len(group) > 1
    assert sum(Decimal(w) for w in group["weight"]) == points
