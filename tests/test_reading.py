"""How pages read: order of documents, heading levels, task tables, unit lists, the original text.

Built from an invented corpus (tests/reading_corpus.py) into Markdown, then HTML with the
Markdown extensions MkDocs is configured with.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest

from generator.build import build_docs
from tests.reading_corpus import LONG_SENTENCE, PLANS, write_corpus

EXTENSIONS = ["tables", "attr_list", "md_in_html"]
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs folder built from the reading corpus."""
    root = tmp_path_factory.mktemp("reading")
    result = build_docs(write_corpus(root), root / "docs")
    assert result.errors == []
    return root / "docs"


def page(docs: Path, path: str) -> str:
    """A page's Markdown without its front matter."""
    return FRONT_MATTER.sub("", (docs / path).read_text(encoding="utf-8"))


def html(docs: Path, path: str) -> str:
    """A page as HTML, converted as MkDocs converts it."""
    converted: str = markdown.markdown(page(docs, path), extensions=EXTENSIONS)
    return converted


def positions(text: str, needles: list[str]) -> list[int]:
    """Where each needle first occurs; every needle must occur."""
    found = [text.find(needle) for needle in needles]
    assert -1 not in found, [n for n, at in zip(needles, found, strict=True) if at < 0]
    return found


def test_documents_are_listed_newest_first_by_year_then_region(docs: Path) -> None:
    index = page(docs, "documents/index.md")
    years = positions(index, ["## 2024 年", "## 2023 年", "## 2022 年"])
    assert years == sorted(years)
    # Within 2024: regions in pinyin order (安河, 东湖, 南湖), each region's newest first.
    in_2024 = index[years[0] : years[1]]
    regions = positions(in_2024, ["### 临江市安河区", "### 临江市东湖区", "### 临江市南湖区"])
    assert regions == sorted(regions)
    newer, older = positions(in_2024, ["(donghu-2024b/index.md)", "(donghu-2024a/index.md)"])
    assert newer < older
    home = page(docs, "index.md")
    order = [m.group(1) for m in re.finditer(r"\(documents/([a-z0-9-]+)/index\.md\)", home)]
    expected = ["anhe-2024", "donghu-2024b", "donghu-2024a", "nanhu-2024", "xihu-2023"]
    assert order == [*expected, "beihu-2022"]
    assert set(order) == {plan[0] for plan in PLANS} | {"nanhu-2024"}


def heading_levels(text: str) -> list[int]:
    """The levels of a page's headings, Markdown and raw HTML, in order."""
    levels = []
    for line in text.splitlines():
        match = re.match(r"(#{1,6}) ", line) or re.match(r"<h([1-6])\b", line)
        if match:
            levels.append(len(match.group(1)) if match.group(1)[0] == "#" else int(match.group(1)))
    return levels


def test_no_page_skips_a_heading_level(docs: Path) -> None:
    for path in sorted(docs.rglob("*.md")):
        levels = heading_levels(page(docs, str(path.relative_to(docs))))
        assert levels and levels[0] == 1, path
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (path, levels)


def test_document_sections_are_h2_and_subsections_h3(docs: Path) -> None:
    text = html(docs, "documents/donghu-2024a/index.md")
    assert "<h2>一、扩大有效投资</h2>" in text and "<h2>二、保障和改善民生</h2>" in text
    assert "<h3>（一）抓好重大项目</h3>" in text and "<h3>（二）优化营商环境</h3>" in text
    # The plan's own unnumbered title only wraps the numbered sections: no level of its own.
    assert "重点工作任务分工方案</h2>" not in text


def table_heads(text: str) -> list[list[str]]:
    """Each table's column names."""
    return [
        re.findall(r"<th[^>]*>(.*?)</th>", head)
        for head in re.findall(r"<thead>(.*?)</thead>", text, re.S)
    ]


def test_task_tables_have_a_deadline_column_where_the_document_gives_deadlines(
    docs: Path,
) -> None:
    with_deadlines = html(docs, "documents/donghu-2024a/index.md")
    heads = table_heads(with_deadlines)
    task_tables = [head for head in heads if head[:1] == ["任务"]]
    assert len(task_tables) == 3
    # Every section's table has the column, even a section whose tasks give none.
    assert all(head[-1] == "完成时限" for head in task_tables)
    assert "<td>2024年12月底</td>" in with_deadlines
    unit = html(docs, "units/linjiang-donghu/tong-ji-ju.md")
    assert ["任务", "职责", "完成时限"] in table_heads(unit)
    without = html(docs, "documents/xihu-2023/index.md")
    assert "完成时限" not in without
    assert ["任务", "责任单位"] in table_heads(without)


def test_task_page_lists_units_and_shows_names_as_written(docs: Path) -> None:
    text = html(docs, "documents/donghu-2024a/tasks/1.md")
    units = re.search(r'<ul class="unit-list">(.*?)</ul>', text, re.S)
    assert units, "responsible units are a list"
    items = re.findall(r"<li>(.*?)</li>", units.group(1))
    assert len(items) == 2
    # 统计局 was completed to 区统计局 from the 区发改局 before it: both are shown.
    assert "区统计局</a>" in items[1] and "（原文：统计局）" in items[1]
    # 区发改局 was written in full: no note.
    assert "区发改局</a>" in items[0] and "原文" not in items[0]
    other = html(docs, "documents/donghu-2024a/tasks/5.md")
    assert "unit-list" in other and "（原文：" not in other


def test_task_heading_is_the_whole_first_sentence(docs: Path) -> None:
    text = page(docs, "documents/donghu-2024a/tasks/4.md")
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    assert LONG_SENTENCE in heading.replace("\\", "") and "…" not in heading


def test_original_text_shows_the_words_without_paths_or_markdown_marks(docs: Path) -> None:
    text = html(docs, "documents/nanhu-2024/source.md")
    assert "content/" not in text and "documents/" not in text.split('class="source-lines"')[0]
    assert "marked.txt" not in text
    lines = dict(re.findall(r'<li id="L(\d+)"[^>]*>(.*?)</li>', text, re.S))
    shown = {number: re.sub(r"<[^>]+>", "", line) for number, line in lines.items()}
    assert shown["1"] == "临江市南湖区人民政府办公室文件"
    assert shown["3"] == ""  # the --- rule
    assert shown["5"] == "临江市南湖区2024年重点工作任务分工方案"
    assert shown["7"] == "一、扩大有效投资"
    assert "推进数字经济产业园建设" in shown["9"]
    assert not any(mark in line for line in shown.values() for mark in ("#", "**", "---"))
    # Markup in the text itself is shown as written, never run.
    assert "&lt;b&gt;老旧&lt;/b&gt;" in lines["10"]
    assert len(lines) == len(
        (docs.parent / "content/documents/marked.txt").read_text().splitlines()
    )


def test_list_pages_hide_both_sidebars_and_task_pages_keep_their_contents(docs: Path) -> None:
    for path in ("index.md", "documents/index.md", "units/index.md", "indicators/index.md"):
        front = (docs / path).read_text(encoding="utf-8").split("\n---\n", 1)[0]
        assert "hide:\n  - navigation\n  - toc\n" in front, path
    task = (docs / "documents/donghu-2024a/tasks/1.md").read_text(encoding="utf-8")
    front = task.split("\n---\n", 1)[0]
    assert "  - navigation\n" in front and "  - toc" not in front


def test_open_data_keeps_the_name_as_written_only_where_it_differs(docs: Path) -> None:
    data = json.loads((docs / "data/tasks.json").read_text(encoding="utf-8"))
    document = next(d for d in data if d["id"] == "donghu-2024a")
    units = {unit["name"]: unit for unit in document["tasks"][0]["units"]}
    assert units["区统计局"]["written"] == "统计局"
    assert "written" not in units["区发改局"]
