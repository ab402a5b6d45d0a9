"""site_url and the portal settings of content/site.yml, checked in a small built site."""

from __future__ import annotations

import csv
import gzip
import io
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.config import load_settings
from generator.errors import ConfigError
from tests.portal_support import HOSTILE_TASK, PORTAL_SETTINGS, BuiltSite, build_small_site

SITE_URL = "https://www.example.gov.cn/rwgk/"


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The small site with site_url and every footer setting."""
    settings = PORTAL_SETTINGS.format(site_url=SITE_URL)
    return build_small_site(tmp_path_factory.mktemp("full"), settings)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The small site with an empty site.yml."""
    return build_small_site(tmp_path_factory.mktemp("plain"))


class Head(HTMLParser):
    """Collect a page's <meta> and <link> tags (all their attributes) and its footer text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[dict[str, str]] = []
        self.links: list[dict[str, str]] = []
        self.footer: list[str] = []
        self.footer_links: dict[str, str] = {}
        self._footer = 0
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            self.meta.append(values)
        elif tag == "link":
            self.links.append(values)
        if self._footer or "site-portal" in values.get("class", ""):
            self._footer += tag == "div"
        if self._footer and tag == "a":
            self._href = values.get("href", "")

    def handle_endtag(self, tag: str) -> None:
        if self._footer and tag == "div":
            self._footer -= 1
        if tag == "a":
            self._href = ""

    def handle_data(self, data: str) -> None:
        if self._footer:
            self.footer.append(data)
            if self._href and data.strip():
                self.footer_links[data.strip()] = self._href

    def tag(self, name: str) -> list[str]:
        """The content of every <meta property=name> or <meta name=name>."""
        return [
            m.get("content", "") for m in self.meta if name in (m.get("property"), m.get("name"))
        ]

    def canonical(self) -> list[str]:
        """The href of every <link rel="canonical">."""
        return [link.get("href", "") for link in self.links if link.get("rel") == "canonical"]

    @property
    def footer_text(self) -> str:
        """The footer's visible text, spaces folded."""
        return " ".join("".join(self.footer).split())


def head(path: Path) -> Head:
    """Parse one built page."""
    parsed = Head()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


def pages(site: Path) -> dict[str, Path]:
    """Every built page but the 404 page, by its address relative to the site root."""
    found = {}
    for path in sorted(site.rglob("index.html")):
        folder = path.parent.relative_to(site).as_posix()
        found["" if folder == "." else folder + "/"] = path
    return found


def resolves(site: Path, url: str) -> bool:
    """Whether an absolute address under SITE_URL names a page of the built site."""
    assert url.startswith(SITE_URL), url
    return (site / url.removeprefix(SITE_URL) / "index.html").is_file()


def test_feed_links_are_absolute_under_site_url(full: BuiltSite) -> None:
    channel = ElementTree.parse(full.site / "feed.xml").getroot().find("channel")
    assert channel is not None
    assert channel.findtext("link") == SITE_URL
    links = [item.findtext("link") or "" for item in channel.iter("item")]
    assert links == [SITE_URL + "documents/jiangbei-2024/"]
    assert all(resolves(full.site, link) for link in links)


def test_without_site_url_the_feed_is_relative_and_the_build_warns(plain: BuiltSite) -> None:
    channel = ElementTree.parse(plain.site / "feed.xml").getroot().find("channel")
    assert channel is not None
    assert [item.findtext("link") for item in channel.iter("item")] == ["documents/jiangbei-2024/"]
    assert "site.yml: 未设置 site_url" in plain.output


def test_the_full_build_does_not_warn_about_site_url(full: BuiltSite) -> None:
    assert "未设置 site_url" not in full.output


def test_sitemap_lists_every_public_page_and_no_private_one(full: BuiltSite) -> None:
    text = (full.site / "sitemap.xml").read_text(encoding="utf-8")
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [loc.text or "" for loc in ElementTree.fromstring(text).iter(namespace + "loc")]
    assert sorted(locs) == sorted(SITE_URL + address for address in pages(full.site))
    assert SITE_URL + "documents/jiangbei-2024/tasks/2/" in locs
    assert "neibu" not in text and "保密" not in text
    # The gzip copy says the same and carries no timestamp (byte-identical rebuilds).
    packed = (full.site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed).decode("utf-8") == text
    assert packed[4:8] == b"\0\0\0\0"


def test_without_site_url_the_sitemap_lists_nothing(plain: BuiltSite) -> None:
    assert "<loc>" not in (plain.site / "sitemap.xml").read_text(encoding="utf-8")


def test_open_data_addresses_are_absolute(full: BuiltSite) -> None:
    for name in ("tasks.csv", "indicators.csv"):
        text = (full.site / "data" / name).read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))[1:]
        for row in rows:
            addresses = [cell for cell in row if cell.startswith(("http", "documents/"))]
            assert len(addresses) == 1 and resolves(full.site, addresses[0]), row
    tasks = (full.site / "data" / "tasks.csv").read_text(encoding="utf-8-sig")
    assert tasks.count(SITE_URL + "documents/jiangbei-2024/tasks/") == 3


def test_every_page_has_canonical_and_share_tags(full: BuiltSite) -> None:
    for address, path in pages(full.site).items():
        tags = head(path)
        assert tags.canonical() == [SITE_URL + address], address
        assert tags.tag("og:url") == [SITE_URL + address], address
        assert tags.tag("og:site_name") == ["政府工作报告任务公开"]
        assert tags.tag("og:type") == ["website" if address == "" else "article"]
        assert len(tags.tag("og:title")) == 1 and tags.tag("og:title")[0]
        description = tags.tag("description")
        assert len(description) == 1 and description[0], address
        assert tags.tag("og:description") == description
        assert tags.tag("og:image") == [SITE_URL + "assets/images/share.png"]
    assert (full.site / "assets" / "images" / "share.png").is_file()
    assert (full.site / "assets" / "images" / "favicon.svg").is_file()


def test_descriptions_summarise_the_page(full: BuiltSite) -> None:
    task = head(full.site / "documents/jiangbei-2024/tasks/1/index.html").tag("description")
    # The page's own word: 责任单位, as this document names no supporting units.
    summary = "第 1 项：推进老旧小区改造，全年完成改造项目30个以上。（责任单位：区住房城乡建设局）"
    assert task == [summary]
    units = full.site / "units"
    unit_pages = [p for p in units.rglob("index.html") if p.parent.parent != units]
    summaries = [head(p).tag("description")[0] for p in unit_pages]
    assert "区财政局（江北区）牵头 1 项任务，涉及 1 份文件。" in summaries


def test_hostile_text_stays_inside_the_description(full: BuiltSite) -> None:
    tags = head(full.site / "documents/jiangbei-2024/tasks/2/index.html")
    for name in ("description", "og:description"):
        (text,) = tags.tag(name)
        # The whole text arrived inside the attribute, only < > & " folded to full width.
        assert "alert(1)" in text and "alert(2)" in text and "单引号" in text
        assert not set('<>&"') & set(text)
    # No tag or attribute leaked out of the attribute.
    assert all(set(m) <= {"name", "property", "content", "charset"} for m in tags.meta)
    html = (full.site / "documents/jiangbei-2024/tasks/2/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x>" not in html
    assert "<script>" in HOSTILE_TASK


def test_footer_shows_what_site_yml_sets(full: BuiltSite) -> None:
    for path in [*pages(full.site).values(), full.site / "404.html"]:
        footer = head(path)
        text = footer.footer_text
        assert "主办单位：江北区人民政府办公室" in text
        assert "联系方式：0571-87654321" in text and "duban@jiangbei.example.gov.cn" in text
        assert "网站标识码：3301000001" in text
        # The data date is the newest public document's, never the private one's or the clock's.
        assert "数据更新：2024-03-01" in text
        links = footer.footer_links
        assert links["浙ICP备05012345号-1"] == "https://beian.miit.gov.cn/"
        assert links["纠错"] == "mailto:jiucuo@jiangbei.example.gov.cn"
        assert links["duban@jiangbei.example.gov.cn"] == "mailto:duban@jiangbei.example.gov.cn"
        assert "隐私声明" in links
    privacy = full.site / "privacy" / "index.html"
    assert "不使用 Cookie" in privacy.read_text(encoding="utf-8")


def test_footer_leaves_out_what_is_not_set(plain: BuiltSite) -> None:
    for path in pages(plain.site).values():
        tags = head(path)
        text = tags.footer_text
        for absent in ("主办单位", "联系方式", "网站标识码", "ICP", "纠错"):
            assert absent not in text, (path, absent)
        assert "数据更新：2024-03-01" in text and "隐私声明" in tags.footer_links
        # Without site_url nothing can be absolute: no canonical, no share address or image.
        assert tags.canonical() == [] and tags.tag("og:url") == []
        assert tags.tag("og:image") == []
        assert tags.tag("og:title") and tags.tag("description")
    assert "beian.miit.gov.cn" not in (plain.site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "value",
    [
        "ftp://www.example.gov.cn/rwgk/",
        "www.example.gov.cn/rwgk/",
        "/rwgk/",
        "https://www.example.gov.cn/rwgk/?from=menu",
        'https://www.example.gov.cn/"onload="x',
        "https://",
    ],
)
def test_a_bad_site_url_is_refused_naming_file_and_line(tmp_path: Path, value: str) -> None:
    (tmp_path / "site.yml").write_text(
        f"# 设置\nshow_personal_contacts: false\nsite_url: '{value}'\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    message = str(caught.value)
    assert "content/site.yml:3:" in message and "site_url" in message
    assert "网址" in message or "网站地址" in message


@pytest.mark.parametrize(
    ("line", "word"),
    [
        ("contact_phone: 138 0013 8000", "手机号"),
        ("contact_email: zhangsan@163.com", "个人邮箱"),
        ("report_error: wang.li@qq.com", "个人邮箱"),
        ("privacy_url: javascript:alert(1)", "网址"),
        ("organizer: <b>区政府</b>", "一行文字"),
        # Any footer item is on every page: a person in it is refused, whichever item.
        ("organizer: 区政府办（联系人张三13912345678）", "手机号"),
        ("icp: 鲁ICP备110101199003071234号", "身份证号"),
        ("site_code: 3706130001 lisi@126.com", "个人邮箱"),
    ],
)
def test_footer_settings_refuse_personal_contacts_and_markup(
    tmp_path: Path, line: str, word: str
) -> None:
    (tmp_path / "site.yml").write_text(f"{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert "content/site.yml:1:" in str(caught.value) and word in str(caught.value)


def test_site_url_gets_its_closing_slash_and_numbers_stay_text(tmp_path: Path) -> None:
    (tmp_path / "site.yml").write_text(
        "site_url: https://www.example.gov.cn/rwgk\nsite_code: 3301000001\n"
        "report_error: https://www.example.gov.cn/jiucuo?site=rwgk\n",
        encoding="utf-8",
    )
    settings = load_settings(tmp_path)
    assert settings.site_url == "https://www.example.gov.cn/rwgk/"
    assert settings.site_code == "3301000001"
    assert settings.report_error == "https://www.example.gov.cn/jiucuo?site=rwgk"
