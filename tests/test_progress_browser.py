"""In a real browser, on the demonstration site (make demo): progress as a reader meets it."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Page, expect

from tests.browser_support import serve
from tests.conftest import CONTENT, ROOT, build_command

DEMO = ROOT / "tests" / "fixtures" / "demo"
UNIT = "units/yantai-laishan/fa-zhan-he-gai-ge-ju/"
TASK = "documents/yantai-laishan-2023/tasks/1/"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the demonstration site the way `make demo` does, in a temporary folder."""
    work = tmp_path_factory.mktemp("demo")
    content = work / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("progress"))
    shutil.copytree(DEMO, content, dirs_exist_ok=True)
    result = subprocess.run(
        [*build_command(content, work), "--demo"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


@pytest.fixture(scope="module")
def base_url(demo_site: Path) -> Iterator[str]:
    with serve(demo_site) as url:
        yield url


@pytest.mark.parametrize(
    "path", ["", TASK, UNIT, "documents/", "progress/", "progress/deadlines/", "search/"]
)
def test_every_page_says_demo_data_and_its_data_date(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    expect(page.locator(".demo-banner")).to_be_visible()
    expect(page.locator(".demo-banner")).to_contain_text("演示数据")
    expect(page.locator(".data-updated")).to_contain_text("数据更新：20")


def test_task_page_shows_badge_with_icon_and_text_and_dated_history(
    page: Page, base_url: str
) -> None:
    page.goto(base_url + TASK)
    badge = page.locator(".task-progress .status-badge")
    expect(badge).to_have_text("✔ 已完成")
    rows = page.locator(".progress-history tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("2023-03-31")
    expect(rows.nth(2)).to_contain_text("项目已竣工验收")
    expect(page.locator(".progress-history")).to_contain_text("https://www.example.gov.cn/demo/1")
    page.locator(".progress-history a", has_text="2023年第二季度").click()
    expect(page.locator("h1")).to_have_text("2023年第二季度任务进展")
    page.locator(".data-updated a", has_text="任务进展").click()
    expect(page.locator("h1")).to_have_text("任务进展")
    expect(page.locator("article")).to_contain_text("数据截至 2023-09-30")


def test_notes_show_as_text_and_contacts_masked(page: Page, base_url: str) -> None:
    page.goto(base_url + "documents/yantai-laishan-2023/tasks/5/")
    expect(page.locator(".progress-history")).to_contain_text("<script>x</script>")
    page.goto(base_url + "documents/yantai-laishan-2023/tasks/2/")
    expect(page.locator(".progress-history")).to_contain_text("139****5678")


def test_document_tallies_and_accessible_chart(page: Page, base_url: str) -> None:
    page.goto(base_url + "documents/yantai-laishan-2023/")
    expect(page.locator(".progress-summary")).to_contain_text("已完成 1 项")
    chart = page.locator("svg.status-chart")
    expect(chart).to_have_attribute("role", "img")
    expect(chart.locator("title")).to_contain_text("任务进展")
    expect(chart.locator("desc")).to_contain_text("已完成 1 项")
    assert chart.locator("script").count() == 0


def test_unit_tasks_filter_by_status_and_the_url_keeps_it(page: Page, base_url: str) -> None:
    page.goto(base_url + UNIT)
    rows = page.locator("#progress-tasks tbody tr")
    total = rows.count()
    assert total > 3
    page.locator('select[data-filter="status"]').select_option("已完成")
    visible = page.locator("#progress-tasks tbody tr:visible")
    expect(visible).to_have_count(1)
    expect(visible.first).to_contain_text("第 1 项")
    assert "status=" in page.url
    page.reload()
    expect(page.locator("#progress-tasks tbody tr:visible")).to_have_count(1)
    page.locator('select[data-filter="status"]').select_option("")
    expect(page.locator("#progress-tasks tbody tr:visible")).to_have_count(total)


def test_deadline_and_round_pages(page: Page, base_url: str) -> None:
    page.goto(base_url + "progress/deadlines/")
    overdue = page.locator("#overdue-tasks tbody tr")
    expect(overdue).to_have_count(1)
    expect(overdue.first).to_contain_text("政务数据共享平台")
    expect(overdue.first).to_contain_text("已逾期")
    expect(page.locator("#due-soon-tasks tbody tr")).to_have_count(1)
    expect(page.locator("#due-soon-tasks")).to_contain_text("老旧小区")
    page.goto(base_url + "progress/rounds/2023-q3/")
    expect(page.locator("#round-changes")).to_contain_text("推进中")
    expect(page.locator("article")).to_contain_text("未报送")
    page.goto(base_url + "progress/updates/")
    expect(page.locator("#recent-updates tbody tr").first).to_contain_text("2023-09-30")


def test_feeds_and_open_data_carry_status_and_history(page: Page, base_url: str) -> None:
    feed = ElementTree.fromstring(page.request.get(base_url + "progress/feed.xml").body())
    titles = [item.findtext("title") or "" for item in feed.iter("item")]
    assert any("推进中 → 已完成" in title for title in titles)
    unit_feed = page.request.get(
        base_url + "progress/units/yantai-laishan/fa-zhan-he-gai-ge-ju.xml"
    )
    assert unit_feed.ok and "已完成" in unit_feed.text()
    records = json.loads(page.request.get(base_url + "data/progress.json").body())
    assert {"status", "date", "note", "round", "evidence", "done"} <= set(records[0])
    tasks = json.loads(
        page.request.get(base_url + "data/documents/yantai-laishan-2023.json").body()
    )
    history = tasks["tasks"][0]["progress"]["history"]
    assert [h["status"] for h in history] == ["未启动", "推进中", "已完成"]
    assert "进展状态,进展日期" in page.request.get(base_url + "data/tasks.csv").text()
