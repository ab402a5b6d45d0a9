"""Portal pieces every page carries: a share description per page, and the privacy statement.

A description is a short plain-text summary of the page (a task's own text, what a unit
leads …). MkDocs Material writes it into <meta name="description"> as it stands, and the theme
into the share (Open Graph) tags, so it is folded like a title: one line, no < > & ".
"""

from __future__ import annotations

import json

from generator.model import LEAD, SUPPORT
from generator.site.escape import plain_title
from generator.site.gather import DocumentPage, IndicatorPage, LeaderPage, Site, TaskPage, UnitPage

SITE_DESCRIPTION = "各地政府工作报告重点任务的责任分工，按文件、责任单位、领导和指标公开查询"
# WeChat and search engines show about this many characters of a summary.
DESCRIPTION_LIMIT = 120
PRIVACY_PAGE = "privacy/index.md"
PRIVACY_TEXT = """---
title: "隐私声明"
search_exclude: true
---
# 隐私声明

本网站公开各地政府工作报告及其任务分工文件中的公开内容，供社会查阅和监督。

- 本网站不使用 Cookie，不设访问统计，不要求登录，不收集访问者的个人信息。
- 页面的样式、脚本、字体和图片都由本网站提供，不从其他网站加载。
- “大字版”设置只保存在您自己的浏览器中，不发送给服务器。
- 文件中出现的身份证号码、银行卡号等个人信息，在发布前已作遮盖处理。
- 如发现本网站公开的内容有误或涉及个人隐私，请通过页面底部的联系方式或“纠错”渠道告知主办单位。
"""


def clip(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Cut text to at most limit characters, ending in … when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def task_description(page: TaskPage) -> str:
    """A task: its number and own text, then who leads it."""
    leads = "、".join(unit.name for unit in page.lead_units[:3])
    more = "等" if len(page.lead_units) > 3 else ""
    text = clip(f"第 {page.task.number} 项：{plain_title(page.task.text)}")
    # The page's own word: 牵头单位 only where the document also names supporting units.
    label = "牵头单位" if page.document.has_support_roles else "责任单位"
    return f"{text}（{label}：{leads}{more}）" if leads else text


def unit_description(page: UnitPage) -> str:
    """A unit: how many tasks it leads and supports, in how many documents."""
    documents = len({task.document.document.id for task, _ in page.tasks})
    lead, support = page.count(LEAD), page.count(SUPPORT)
    roles = f"牵头 {lead} 项任务" + (f"、配合 {support} 项任务" if support else "")
    return f"{page.name}（{page.government.name}）{roles}，涉及 {documents} 份文件。"


def leader_description(page: LeaderPage) -> str:
    """A leader: the roles the documents give and how many tasks."""
    documents = len({task.document.document.id for task in page.tasks})
    roles = "、".join(page.roles)
    role_text = f"{roles}，" if roles else ""
    return (
        f"{page.name}（{page.government.name}）{role_text}负责 {len(page.tasks)} 项任务，"
        f"涉及 {documents} 份文件。"
    )


def document_description(page: DocumentPage) -> str:
    """A document: region, year, kind, number of tasks and units."""
    document = page.document
    year = f"{document.year}年" if document.year else ""
    number = f"（{document.doc_number}）" if document.doc_number else ""
    return (
        f"{page.government.name}{year}{document.kind}{number}，共 {len(page.tasks)} 项任务、"
        f"{len(page.units)} 个责任单位：{document.title}"
    )


def indicator_description(page: IndicatorPage) -> str:
    """An indicator: how many targets and results, from how many governments."""
    governments = len({row.document.government.name for row in page.rows})
    return (
        f"各地文件中“{page.name}”的目标与实绩，共 {len(page.rows)} 条，来自 {governments} 个地区。"
    )


def page_descriptions(site: Site) -> dict[str, str]:
    """Map each entity page's Markdown path to its description (raw, before folding)."""
    found: dict[str, str] = {"index.md": SITE_DESCRIPTION}
    for document in site.documents:
        found[document.path] = document_description(document)
        found[document.source_path] = f"原文逐行显示：{document.document.title}"
        for task in document.tasks:
            found[task.path] = task_description(task)
    for unit in site.units:
        found[unit.path] = unit_description(unit)
    for leader in site.leaders:
        found[leader.path] = leader_description(leader)
    for indicator in site.indicators:
        found[indicator.path] = indicator_description(indicator)
    return found


def describe_pages(pages: dict[str, str], site: Site) -> None:
    """Write a `description:` into the front matter of every page that has front matter."""
    found = page_descriptions(site)
    for path, text in pages.items():
        if not text.startswith("---\n"):
            continue
        end = text.find("\n---\n", 4)
        if end < 0:
            continue
        description = found.get(path) or _from_title(text[4:end])
        line = f"description: {json.dumps(clip(plain_title(description), 160), ensure_ascii=False)}"
        pages[path] = text[: end + 1] + line + text[end:]


def _from_title(front: str) -> str:
    """An index page's description: its title, then what the site is."""
    for line in front.splitlines():
        if line.startswith("title: "):
            try:
                title = str(json.loads(line.removeprefix("title: ")))
            except ValueError:
                break
            return f"{title}：{SITE_DESCRIPTION}"
    return SITE_DESCRIPTION


def portal_pages() -> dict[str, str]:
    """The pages of the portal itself: the privacy statement."""
    return {PRIVACY_PAGE: PRIVACY_TEXT}
