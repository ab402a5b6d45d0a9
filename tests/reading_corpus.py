"""A small invented corpus for the reading tests: several years and regions, deadlines or none,
a carried unit prefix (统计局 → 区统计局), a long untitled task and Markdown marks in the text."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import CONTENT

# (id, region, year, date, deadlines?) — written out of order on purpose.
PLANS = [
    ("xihu-2023", "临江市西湖区", 2023, "2023-02-10", False),
    ("donghu-2024b", "临江市东湖区", 2024, "2024-05-20", True),
    ("beihu-2022", "临江市北湖区", 2022, "2022-03-01", False),
    ("donghu-2024a", "临江市东湖区", 2024, "2024-01-15", True),
    ("anhe-2024", "临江市安河区", 2024, "2024-02-01", False),
]
LONG_SENTENCE = (
    "统筹推进城市更新和老旧小区改造工作，完善社区养老托育、便民商业和停车等配套设施，"
    "打造一刻钟便民生活圈"
)
WRITTEN_UNITS = "区发改局、统计局"


def plan_text(region: str, year: int, date: str, deadlines: bool) -> str:
    """A task-division plan in plain text: 一、 and （一） headings, numbered tasks with labels."""

    def due(text: str) -> str:
        return f"；完成时限：{text}" if deadlines else ""

    y, m, d = date.split("-")
    first, units = due(f"{year}年12月底"), WRITTEN_UNITS
    return f"""{region}人民政府办公室关于印发{year}年重点工作任务分工方案的通知

各街道办事处，区政府各部门：

现将《{year}年重点工作任务分工方案》印发给你们，请认真抓好落实。

{region}人民政府办公室
{y}年{int(m)}月{int(d)}日

{year}年重点工作任务分工方案

一、扩大有效投资

（一）抓好重大项目

1. 推进新能源产业园建设，地区生产总值增长6%左右。（牵头领导：张立；责任单位：{units}{first}）
2. 开工建设城市快速路二期工程。（牵头领导：张立；责任单位：区住建局{due(f"{year}年6月底")}）

（二）优化营商环境

3. 深化企业开办一件事改革。（牵头领导：李平；责任单位：区行政审批局、区市场监管局）

二、保障和改善民生

4. {LONG_SENTENCE}；年内完成改造小区20个。（牵头领导：李平；责任单位：区住建局、区民政局）
5. 新建改建中小学3所。（牵头领导：李平；责任单位：区教育局、区财政局）
"""


MARKED = """# 临江市南湖区人民政府办公室文件

---

## 临江市南湖区2024年重点工作任务分工方案

**一、扩大有效投资**

1. 推进**数字经济**产业园建设。（牵头领导：王东；责任单位：区工信局）
2. 实施 <b>老旧</b> 管网改造。（牵头领导：王东；责任单位：区住建局）
"""


def write_corpus(root: Path) -> Path:
    """Write the content folder (the shipped configuration and these documents); return it."""
    content = root / "content"
    documents = content / "documents"
    documents.mkdir(parents=True)
    for name in ("units.yml", "indicators.yml", "site.yml", "statuses.yml"):
        if (CONTENT / name).exists():
            shutil.copy(CONTENT / name, content / name)
    for number, (doc_id, region, year, date, deadlines) in enumerate(PLANS):
        stem = f"plan{number}"
        text = plan_text(region, year, date, deadlines)
        (documents / f"{stem}.txt").write_text(text, encoding="utf-8")
        sidecar = f"id: {doc_id}\nregion: {region}\nyear: {year}\ndate: {date}\n"
        (documents / f"{stem}.yml").write_text(sidecar, encoding="utf-8")
    (documents / "marked.txt").write_text(MARKED, encoding="utf-8")
    sidecar = "id: nanhu-2024\nregion: 临江市南湖区\nyear: 2024\ndate: 2024-03-03\n"
    (documents / "marked.yml").write_text(sidecar, encoding="utf-8")
    return content
