"""Reading a real Excel 97–2003 (.xls) 自评表 written by xlwt (tests/data/workbooks/make_xls.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from workbook_fixtures import national_workbook

from scoring.engine.evaluate import evaluate
from scoring.sources.workbook import WorkbookError, read_workbook
from scoring.sources.workbook._load import load_book

XLS = Path(__file__).parent / "data" / "workbooks" / "national-and-sichuan.xls"
NATIONAL, SICHUAN = "P01", "P02"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(project_id: str, column: str) -> list[str]:
    indicators = read_workbook(XLS).indicators
    values: list[str] = indicators.loc[indicators["project_id"] == project_id, column].tolist()
    return values


def test_xls_has_one_project_per_sheet() -> None:
    """Both sheets are read, each as one project, in sheet order."""
    ev = read_workbook(XLS)
    assert [g.name for g in load_book(XLS).grids] == ["暖通改造", "项目1"]
    assert ev.projects["project_id"].tolist() == [NATIONAL, SICHUAN]
    assert ev.projects["project"].tolist() == ["办公宿舍楼、食堂及餐厅暖通改造经费",
                                               "全县安可替代补助资金项目"]
    assert ev.indicators.groupby("project_id").size().to_dict() == {NATIONAL: 5, SICHUAN: 4}
    assert ev.year == 2023
    assert ev.problems == ()


def test_xls_national_header_and_funds() -> None:
    """Header labels, the 项目资金 line (floats, text and a % cell) and 总分 read as on screen."""
    project = read_workbook(XLS).projects.iloc[0]
    assert project["department"] == "廊坊市教育局"
    assert project["unit"] == "廊坊市食品工程学校"
    assert project["year"] == "2023"
    assert (project["budget_initial"], project["budget"]) == ("43.2", "43.2")
    assert project["spent"] == "37.24"  # typed as text
    assert project["published_exec_weight"] == "10"  # 10.0 in the file
    assert project["published_exec_rate"] == "86.2"  # 0.862 shown as 86.20%
    assert project["published_exec_score"] == "8.62"
    assert project["published_total"] == "93.62"
    assert (project["goal"], project["goal_actual"]) == ("完成办公宿舍楼暖通改造", "已完成改造")


def test_xls_merged_level_cells_carry_down() -> None:
    """Merged 一级 (rows 12–14) and 二级 (rows 12–13) cells apply to every row they span."""
    assert _rows(NATIONAL, "level1") == ["产出指标(50分)"] * 3 + ["效益指标(30分)",
                                                                 "满意度指标(10分)"]
    assert _rows(NATIONAL, "level2") == ["数量指标", "数量指标", "质量指标", "社会效益指标",
                                         "服务对象满意度指标"]
    assert _rows(NATIONAL, "source_row") == ["12", "13", "14", "15", "16"]


def test_xls_national_indicator_cells() -> None:
    """Targets and actuals stay verbatim; 2.0 reads 2, 0.92 as % reads 92%, text weights count."""
    assert _rows(NATIONAL, "indicator") == ["改造面积", "改造数量", "验收合格率", "供暖效果",
                                            "师生满意度"]
    assert _rows(NATIONAL, "target") == ["≥2304.9平方米", "≥3 个", "≥95%", "有效提升", "≥90%"]
    assert _rows(NATIONAL, "actual") == ["2410平方米", "2", "96%", "达成年度指标", "92%"]
    assert _rows(NATIONAL, "weight") == ["20", "15", "15", "30", "10"]
    assert _rows(NATIONAL, "published_score") == ["20", "10", "15", "30", "10"]
    assert _rows(NATIONAL, "note") == ["", "一处延期", "", "", ""]
    assert _rows(NATIONAL, "seq") == ["1", "2", "3", "4", "5"]


def test_xls_sichuan_sheet() -> None:
    """指标性质 + 指标值 + 度量单位 join into the target; a date 完成值 reads as 年月日."""
    assert _rows(SICHUAN, "level1") == ["产出指标", "产出指标", "效益指标", "满意度指标"]
    assert _rows(SICHUAN, "level2") == ["数量指标", "时效指标", "社会效益指标",
                                        "服务对象满意度指标"]
    assert _rows(SICHUAN, "target") == ["≧735人次", "≤12月", "有效提升", "≥90%"]
    assert _rows(SICHUAN, "actual") == ["750", "2023年11月30日", "达成年度指标", "88"]
    assert _rows(SICHUAN, "weight") == ["30", "20", "30", "10"]  # "10%" typed as text
    assert _rows(SICHUAN, "published_score") == ["30", "20", "30", "9.78"]
    project = read_workbook(XLS).projects.iloc[1]
    assert (project["budget_initial"], project["budget"], project["spent"]) == ("0", "3.36",
                                                                                 "3.36")
    assert project["published_exec_rate"] == "100"  # 1.0 shown as 100.00%
    assert project["published_total"] == "99.78"
    assert project["year"] == "2023"


def test_xls_and_xlsx_readers_agree(tmp_path: Path) -> None:
    """The national table reads the same from .xls as from the .xlsx fixture it mirrors."""
    xlsx = read_workbook(national_workbook(tmp_path / "n.xlsx")).indicators
    old = read_workbook(XLS).indicators
    new = xlsx[xlsx["project_id"] == NATIONAL].reset_index(drop=True)
    assert old[old["project_id"] == NATIONAL].reset_index(drop=True).equals(new)


def test_xls_is_scored() -> None:
    """The scorer gives the scores worked out by hand from domain.md §5–§7."""
    result = evaluate(read_workbook(XLS))
    d = Decimal
    # National: 2410 ≥ 2304.9 → 20; 2/3·15 = 10.00; 96% ≥ 95% → 15; 达成 → 30; 92% ≥ 90% → 10.
    # Sichuan: 750 ≥ 735 → 30; 30 Nov 2023 ≤ Dec 2023 → 20; 达成 → 30; 88/90·10 = 9.777… → 9.78.
    assert result.indicators["final_score"].tolist() == [
        d("20.00"), d("10.00"), d("15.00"), d("30.00"), d("10.00"),
        d("30.00"), d("20.00"), d("30.00"), d("9.78"),
    ]
    assert result.indicators["status"].tolist() == ["ok"] * 9
    projects = result.projects
    # 37.24/43.2 = 86.203…% → 86.20%, score 8.62; 3.36/3.36 = 100% → 10.
    assert projects["execution_rate"].tolist() == [d("86.20"), d("100.00")]
    assert projects["execution_score"].tolist() == [d("8.62"), d("10.00")]
    # 85 + 8.62 = 93.62 (优); 89.78 + 10 = 99.78 (优).
    assert projects["total"].tolist() == [d("93.62"), d("99.78")]
    assert projects["grade"].tolist() == ["优", "优"]


def test_xls_number_in_date_cell_stays_a_number() -> None:
    """20231130 typed into a date-formatted cell (Excel shows ####) reads as the number."""
    grid = load_book(XLS).grids[0]
    assert grid.text(19, 1) == "填表日期"
    assert grid.text(19, 2) == "20231130"


def test_reading_xls_never_modifies_it() -> None:
    """The .xls file's bytes are the same before and after reading."""
    before = _digest(XLS)
    read_workbook(XLS)
    load_book(XLS)
    assert _digest(XLS) == before


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _sheet_damaged(data: bytes) -> bytes:
    """512 bytes inside the first sheet's records overwritten: the workbook opens, the sheet
    does not parse."""
    return data[:3072] + b"\xff" * 512 + data[3584:]


def _garbage_after_header(data: bytes) -> bytes:
    return data[:8] + bytes(range(256)) * 8


@pytest.mark.parametrize("damage", [_truncated, _sheet_damaged, _garbage_after_header])
def test_damaged_xls_is_a_workbook_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: Callable[[bytes], bytes]
) -> None:
    """A truncated or damaged .xls gives a WorkbookError naming the file, and prints nothing."""
    path = tmp_path / "damaged.xls"
    path.write_bytes(damage(XLS.read_bytes()))
    with pytest.raises(WorkbookError, match=r"damaged\.xls: .*\.xls workbook") as caught:
        read_workbook(path)
    assert caught.value.__suppress_context__
    assert capsys.readouterr().out == ""
