"""Write ``national-and-sichuan.xls``, a real Excel 97–2003 自评表 for the .xls reader tests.

The project does not depend on ``xlwt``; regenerate the file with a throwaway environment::

    python3 -m venv /tmp/xlwt-venv && /tmp/xlwt-venv/bin/pip install xlwt
    /tmp/xlwt-venv/bin/python tests/data/workbooks/make_xls.py

The tests read the committed output and never run this script. Its content follows the .xlsx
fixtures of ``tests/workbook_fixtures.py``: sheet ``暖通改造`` is the national layout with merged
一级/二级 cells, numbers typed as text, %-formatted numbers and a 填表日期 no date can show;
sheet ``项目1`` is the Sichuan layout (指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分) with a
completion date. The year is 2023 on both sheets, so the date is on time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlwt  # type: ignore[import-untyped,import-not-found,unused-ignore]

OUTPUT = Path(__file__).with_name("national-and-sichuan.xls")
FUNDS_HEADER = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
PERCENT = xlwt.easyxf(num_format_str="0%")
PERCENT_2 = xlwt.easyxf(num_format_str="0.00%")
DATE = xlwt.easyxf(num_format_str="YYYY-MM-DD")
WRAP = xlwt.easyxf("alignment: wrap on")


def national_sheet(ws: Any) -> None:
    """One project in the national layout; rows and columns as in ``write_national_block``."""
    ws.write_merge(0, 0, 0, 9, "项目支出绩效自评表")
    ws.write(1, 0, "（2023年度）")
    ws.write(2, 0, "项目名称")
    ws.write_merge(2, 2, 1, 9, "办公宿舍楼、食堂及餐厅暖通改造经费")
    ws.write(3, 0, "主管部门")
    ws.write(3, 1, "廊坊市教育局")
    ws.write(3, 5, "实施单位")
    ws.write(3, 6, "廊坊市食品工程学校")
    ws.write_merge(4, 7, 0, 0, "项目资金\n（万元）", WRAP)
    for col, head in enumerate(FUNDS_HEADER, 2):
        ws.write(4, col, head)
    ws.write(5, 1, "年度资金总额")
    ws.write(5, 2, 43.2)
    ws.write(5, 3, 43.2)
    ws.write(5, 4, "37.24")  # a number typed as text
    ws.write(5, 5, 10)
    ws.write(5, 6, 0.862, PERCENT_2)  # shown as 86.20%
    ws.write(5, 7, 8.62)
    ws.write(6, 1, "其中：当年财政拨款")
    ws.write(6, 3, 40)
    ws.write(7, 1, "其他资金")
    ws.write(8, 0, "年度总体目标")
    ws.write_merge(8, 8, 1, 4, "预期目标")
    ws.write(8, 5, "实际完成情况")
    ws.write_merge(9, 9, 1, 4, "完成办公宿舍楼暖通改造")
    ws.write(9, 5, "已完成改造")
    headers = ("绩效指标", "一级指标", "二级指标", "三级 指标", "年度\n指标值", "实际完成值",
               "分值", "得分", "偏差原因分析及改进措施")
    for col, head in enumerate(headers):
        ws.write(10, col, head)
    # Rows 12–16: 一级 merged over 12–14, 二级 数量指标 merged over 12–13.
    ws.write_merge(11, 13, 1, 1, "产出指标(50分)")
    ws.write_merge(11, 12, 2, 2, "数量指标")
    ws.write(13, 2, "质量指标")
    ws.write(14, 1, "效益指标(30分)")
    ws.write(14, 2, "社会效益指标")
    ws.write(15, 1, "满意度指标(10分)")
    ws.write(15, 2, "服务对象满意度指标")
    rows: tuple[tuple[Any, ...], ...] = (
        ("改造面积", "≥2304.9平方米", "2410平方米", 20, 20, None),
        ("改造数量", "≥3 个", 2, "15", "10", "一处延期"),
        ("验收合格率", "≥95%", "96%", 15, 15, None),
        ("供暖效果", "有效提升", "达成年度指标", 30, 30, None),
        ("师生满意度", "≥90%", 0.92, 10, 10, None),
    )
    for row, values in enumerate(rows, 11):
        for col, value in enumerate(values, 3):
            if value is None:
                continue
            style = PERCENT if isinstance(value, float) else xlwt.Style.default_style
            ws.write(row, col, value, style)
    ws.write_merge(16, 16, 0, 5, "总分")
    ws.write(16, 6, 100)
    ws.write(16, 7, 93.62)
    ws.write(18, 0, "填表日期")
    ws.write(18, 1, 20231130, DATE)  # typed as a number into a date cell: Excel shows ####


def sichuan_sheet(ws: Any) -> None:
    """The Sichuan layout as in ``sichuan_workbook``; 完成时间 is done on a date."""
    ws.write(0, 0, "部门预算项目支出绩效自评表")
    ws.write(1, 0, "（2023年度）")
    ws.write(2, 0, "项目名称")
    ws.write(2, 2, "全县安可替代补助资金项目")
    ws.write(3, 0, "项目资金(万元)")
    for col, head in enumerate(FUNDS_HEADER, 2):
        ws.write(4, col, head)
    ws.write(5, 1, "年度资金总额")
    for col, value in enumerate([0, 3.36, 3.36, 10], 2):
        ws.write(5, col, value)
    ws.write(5, 6, 1.0, PERCENT_2)
    ws.write(5, 7, 10)
    headers = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值",
               "权重", "得分", "偏差原因分析及改进措施")
    for col, head in enumerate(headers):
        ws.write(7, col, head)
    rows: tuple[tuple[Any, ...], ...] = (
        (None, "数量指标", "培训人次", "≧", 735, "人次", "750", "30", 30, None),
        (None, "时效指标", "完成时间", "≤", "12", "月", dt.date(2023, 11, 30), "20", 20, None),
        ("效益指标", "社会效益指标", "群众知晓度", "定性", "有效提升", None, "达成年度指标", 30, 30,
         None),
        ("满意度指标", "服务对象满意度指标", "满意度", "≥", "90", "%", "88", "10%", 9.78,
         "宣传不足"),
    )
    ws.write_merge(8, 9, 0, 0, "产出指标")
    for row, values in enumerate(rows, 8):
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, dt.date):
                ws.write(row, col, value, DATE)
            else:
                ws.write(row, col, value)
    ws.write(12, 0, "合计")
    ws.write(12, 8, 99.78)


def main() -> None:
    """Write both sheets to ``OUTPUT``."""
    book = xlwt.Workbook(encoding="utf-8")
    national_sheet(book.add_sheet("暖通改造"))
    sichuan_sheet(book.add_sheet("项目1"))
    book.save(str(OUTPUT))


if __name__ == "__main__":
    main()
