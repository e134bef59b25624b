"""The 说明 sheet of a fill-in template, in Chinese."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from scoring.outputs.workbook._safe import set_text

LINES: tuple[str, ...] = (
    "项目支出绩效自评填报说明",
    "",
    "一、需要填写的单元格（白色、未锁定，其余单元格已保护）：",
    "1. 全年执行数：项目资金“年度资金总额”行的全年执行数，单位万元，只填数字，如 37.24。",
    "2. 年度总体目标的实际完成情况：简要文字说明。",
    "3. 实际完成值：与“年度指标值”使用相同的计量单位，如指标值为“≥95%”则填“96%”，"
    "指标值为“≥2304.9立方米”则填“2410立方米”；时限指标填完成日期，如“2024年11月30日”。",
    "4. 定性指标的实际完成值从下拉列表中选择：达成年度指标 / 部分达成年度指标并具有一定效果 / "
    "未达成年度指标且效果较差；指标值带等级的（如 一般/较好/很好）选择相应等级。",
    "5. 偏差原因分析及改进措施：得分低于分值的指标必须填写。",
    "6. 扣分与扣分理由：单位自行适度调减的分数（正数，如 2），必须同时填写理由。",
    "7. 不适用：本年度不适用的指标选“是”，该指标不计分，总分按适用指标折算为百分制。",
    "8. 人工评分：实际完成值只能用文字说明、无法按规则自动计分的指标"
    "（如“受益群众已全部获得补偿”），由评价人员填写得分（0 至分值之间的数字），"
    "并在扣分理由中写明评分依据；填写后以人工评分为准。",
    "",
    "二、注意事项：",
    "1. 本表不使用任何公式，得分一栏留空，由评分程序计算。",
    "2. 数字可以直接输入，也可以带单位或百分号输入；请勿合并、插入或删除行列，请勿修改表头。",
    "3. 隐藏列（序号、原分值、指标值确定依据）供程序核对使用，请勿改动。",
    "",
    "三、评分方法（财预〔2020〕10号，默认方案 national-2020）：",
    "1. 预算执行率得分 = min(全年执行数 ÷ 全年预算数, 1) × 执行率分值，保留两位小数（四舍五入）。",
    "2. 正向指标（≥）：实际值达到指标值得满分，否则按 实际值 ÷ 指标值 × 分值 计分；"
    "反向指标（≤）：超出部分按比例扣分，达到指标值两倍时为 0 分。",
    "3. 定性指标：达成得满分，部分达成得 70%，未达成得 0 分。",
    "4. 最终得分 = 计算得分 − 扣分（不低于 0）；总分为各指标得分与执行率得分之和。",
    "5. 等级：90 分及以上为优，80–90 分为良，60–80 分为中，60 分以下为差。",
)


def write_instructions(ws: Worksheet) -> None:
    """One instruction per row in column A, wrapped."""
    ws.column_dimensions["A"].width = 110
    for row, line in enumerate(LINES, 1):
        cell = ws.cell(row=row, column=1)
        if line:
            set_text(cell, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
