"""Web pages saved from a government site -> the article's lines, its tables and its metadata.

A saved page is mostly chrome: menus, breadcrumbs, share buttons, the 政府信息公开 block
(索引号, 发文机关, 成文日期, 文号 …), footers. The metadata block is read into `meta` and
taken out of the page; chrome is dropped by general signals (tags, class names, link density,
wording); the article is the block holding the page's Chinese text with the fewest links.
Tables that hold data become rows (spans resolved); tables that only lay out the page are
walked into like any other block.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

import charset_normalizer
from lxml import etree

from generator.errors import SourceError
from generator.ingest.extracted import LinesBuilder, SourceText, remove_unsafe
from generator.ingest.text import decode_bom
from generator.messages import say

# lxml ships no type stubs: elements are typed loosely.
Element: TypeAlias = Any

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")
META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Every GB encoding a page may declare reads correctly as GB18030, their common superset.
GB_NAMES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "ms936", "euc-cn", "gb18030", "hz"}

# Elements that are never article text, wherever they are.
NEVER_TEXT = (
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "svg", "math", "canvas", "button", "select", "input", "textarea",
    "option", "head", "title", "link", "meta", "map", "audio", "video", "img", "base", "xml",
)  # fmt: skip
# Page furniture: removed unless it holds most of the page's text (a site that wraps the
# whole page in <form> or <header> must not lose its article).
CHROME_TAGS = {"nav", "header", "footer", "aside", "form", "menu"}
FURNITURE_BLOCKS = {"div", "ul", "ol", "dl", "section", "table", "iframe", "center"}
CHROME_TOKENS = {
    "nav", "navbar", "navi", "menu", "menus", "submenu", "breadcrumb", "breadcrumbs", "crumb",
    "crumbs", "bread", "share", "bdshare", "jiathis", "social", "footer", "foot", "copyright",
    "sidebar", "sidenav", "toolbar", "topbar", "banner", "logo", "search", "login", "weizhi",
    "dqwz", "location", "position", "related", "relate", "friendlink", "links", "pager",
    "pagination", "prevnext", "tools", "qrcode", "ewm",
}  # fmt: skip
HIDDEN_TOKENS = {"hidden", "hide", "d-none", "display-none", "is-hidden", "invisible"}
HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.0*)?(?:px|pt|em|rem|%)?\s*(?:;|$|!)"
    r"|opacity\s*:\s*0(?:\.0*)?\s*(?:;|$|!)",
    re.I,
)
CSS_RULE = re.compile(r"([^{}]{1,500})\{([^{}]{0,2000})\}")
SIMPLE_SELECTOR = re.compile(r"[a-zA-Z0-9]*([.#])([\w-]+)")
# Containers sites name for the article body (content, article, zoom, TRS_Editor …).
CONTENT_TOKENS = {
    "content", "article", "zoom", "trs", "editor", "view", "detail", "details", "text",
    "main", "body", "zw", "zhengwen", "wzy", "ccontent", "conttext", "artibody", "news",
}  # fmt: skip
CONTAINER_TAGS = {"body", "div", "td", "article", "section", "main", "center", "span", "font"}
BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "main", "header", "footer", "nav", "aside", "blockquote", "pre",
    "address", "center", "hr", "tr", "td", "th", "table", "tbody", "thead", "tfoot",
    "caption", "form", "fieldset", "figure", "figcaption", "body", "html", "details",
    "summary", "legend",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3"}
# Class names sites give an article's title block (bt and biaoti are 标题 in pinyin).
TITLE_TOKENS = {"title", "tit", "bt", "biaoti", "headline", "heading"}
MAX_DEPTH = 2048
# Limits no real page reaches: a 300-task table is some 10,000 elements and 2,000 cells.
MAX_ELEMENTS = 200_000
MAX_CELLS = 1_000_000
MAX_ROWSPAN = 5_000


class _TooLarge(Exception):
    """A table whose spans would fill more cells than any real page has."""


def _label(word: str) -> str:
    # 文　　号 and 索 引 号: sites pad labels with (full-width) spaces to align them.
    return r"\s*".join(re.escape(char) for char in word)


# The 政府信息公开 block: label -> meta key ("" = chrome, read only to be removed).
META_LABELS = {
    "索引号": "",
    "发文机关": "issuer",
    "发文单位": "issuer",
    "发布机构": "publisher",
    "发布单位": "publisher",
    "成文日期": "date",
    "成文时间": "date",
    "发布日期": "",
    "发布时间": "",
    "公开日期": "",
    "文号": "doc_number",
    "发文字号": "doc_number",
    "标题": "title",
    "名称": "title",
    "文件名称": "title",
    "主题分类": "",
    "主题词": "",
    "体裁分类": "",
    "组配分类": "",
    "服务对象分类": "",
    "公开方式": "disclosure",
    "公开属性": "disclosure",
    "公开类型": "disclosure",
    "公开形式": "disclosure",
    "公开范围": "",
    "公开时限": "",
    "有效性": "",
    "生效日期": "",
    "废止日期": "",
    "信息来源": "",
}
# Labels that only an information-disclosure block has; 标题/名称 alone prove nothing.
STRONG_LABELS = {"索引号", "发文机关", "发文单位", "发布机构", "发布单位", "成文日期", "文号",
                 "发文字号", "主题分类", "组配分类", "体裁分类"}  # fmt: skip
_LABEL_WORDS = sorted(META_LABELS, key=len, reverse=True)
META_LABEL = re.compile(rf"^\s*({'|'.join(_label(w) for w in _LABEL_WORDS)})\s*(?:[:：]\s*|$)")
LABEL_IN_TEXT = re.compile(rf"({'|'.join(_label(w) for w in _LABEL_WORDS)})\s*[:：]")
MAX_FIELDS = 200
# Where a value ends inside one line: the next label (来源：, 浏览次数 …) or a wide gap.
VALUE_END = re.compile(
    rf"\s{{2,}}|\u3000|\s+(?={'|'.join(_label(w) for w in _LABEL_WORDS)}|来\s*源|作\s*者"
    r"|浏览|点击|访问|字号|【)"
)
DATE_VALUE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})")

# Lines of chrome, by wording: breadcrumbs, info lines, print/share bars, footers.
CHROME_LABEL_LINE = re.compile(
    r"^[【\[]?\s*(?:当前位置|您的位置|您现在的位置|你的位置|你现在的位置|所在位置|当前页面|"
    r"上一篇|下一篇|上一条|下一条|相关链接|相关文章|相关阅读|相关新闻|相关文件|相关稿件|"
    r"责任编辑|来\s*源|信息来源|文章来源|作\s*者|发布时间|发布日期|更新时间|浏览次数|阅读次数|"
    r"浏览量|点击数|点击量|访问量|访问次数|字\s*号|字\s*体|"
    + "|".join(_label(w) for w in _LABEL_WORDS if META_LABELS[w] != "title")
    + r")\s*[:：]"
)
CHROME_SHORT = re.compile(
    r"分享到|打印本页|打印此页|关闭窗口|关闭本页|【\s*(?:打印|关闭|返回|字体|字号|收藏)"
    r"|[\[［]\s*(?:打印|关闭|返回)|扫一扫|在手机上(?:打开|阅读|浏览)|加入收藏|设为首页"
)
CHROME_FOOTER = re.compile(
    r"网站地图|网站标识码|ICP\s*备|ICP\s*证|公网安备|版权所有|Copyright|All\s+Rights\s+Reserved"
    r"|©|(?:主办|承办|协办|维护)单位\s*[:：]|技术支持\s*[:：]|网站纠错|无障碍浏览",
    re.I,
)
SHARE_OR_BUTTONS = re.compile(
    r"^(?:分享到|分享|微信|微博|新浪微博|腾讯微博|QQ空间|QQ|朋友圈|人人网|豆瓣|复制链接|首页|返回|"
    r"返回顶部|返回首页|打印|关闭|收藏|默认|大|中|小|[\s|｜/、·•>＞»›【】\[\]［］:：])+$"
)
BREADCRUMB = re.compile(r"^[^。，；]{0,20}(?:\s*[>＞»›]\s*[^。，；>＞»›]{1,24}){2,}$")
ATTACHMENT = re.compile(r"附\s*件")
# Wording that holds a document back (read/withhold.py decides; this only keeps it in view).
NOT_PUBLIC = re.compile(
    r"不\s*予\s*公\s*开|不\s*公\s*开|非公开|依申请公开|免予公开|暂缓公开|暂不公开|请勿|"
    r"内部资料|内部文件|仅限内部|仅供内部|绝密|机密|秘密"
)


def extract_html(data: bytes, name: str) -> SourceText:
    """Read a saved web page into the article's lines and table rows, and its metadata block."""
    if is_web_archive(data):
        data = mhtml_page(data, name)  # A web archive (.mht, or Word's web page as .doc).
    if b"\0" in data[:65536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # No page has NUL bytes outside UTF-16: this is a PDF, image or archive renamed.
        raise SourceError(name, 0, say("html.binary"))
    text, encoding = decode_page(data)
    text = XML_DECLARATION.sub("", remove_unsafe(text), count=1)
    if not text.strip():
        raise SourceError(name, 0, say("html.empty"))
    # huge_tree lifts libxml2's nesting limit from 256 to 2048 elements (tables in tables).
    # Plain etree elements (not lxml.html's) cost a third of the time on a big page.
    parser = etree.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise SourceError(name, 0, say("html.unreadable", error=str(error))) from error
    if root is None:
        raise SourceError(name, 0, say("html.empty"))
    if sum(1 for _ in root.iter()) > MAX_ELEMENTS:
        raise SourceError(name, 0, say("html.too_many_elements", limit=MAX_ELEMENTS))
    builder = LinesBuilder()
    if any(len(error.message) and "depth" in error.message.lower() for error in parser.error_log):
        builder.problem(say("html.too_deep", limit=MAX_DEPTH))
    _remove_never_text(root)
    builder.meta.update(_take_metadata(root))
    disclosure = builder.meta.get("disclosure", "")
    if NOT_PUBLIC.search(disclosure):
        # The block says the page is not public: keep that as text, where the reader's
        # withholding rules (which read lines) will find it.
        builder.line(f"公开方式：{disclosure}")
    _remove_chrome(root)
    article = _article(root)
    writer = _Writer(builder.line, builder.row)
    title = _title_outside(root, article)
    if title:
        writer.emit_line(title)
    try:
        writer.walk(article)
    except _TooLarge as error:
        raise SourceError(name, 0, str(error)) from error
    source = builder.build(name, "html")
    if not source.lines:
        raise SourceError(name, 0, say("html.no_article"))
    return SourceText(
        source.path, source.lines, encoding, source.problems, source.rows, "html", source.meta
    )


def is_web_archive(data: bytes) -> bool:
    """Tell a MIME web archive (.mht) from a page: MIME headers naming multipart/related."""
    head = data[:4096].lstrip().lower()
    starts_with_header = re.match(rb"[a-z][a-z0-9-]*:[ \t]", head) is not None
    return starts_with_header and b"mime-version:" in head and b"multipart/" in head


def looks_like_html(data: bytes) -> bool:
    """Tell whether bytes are a web page or web archive, whatever the file is called."""
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<html", b"<!doctype html")) or b"<html" in head


def mhtml_page(data: bytes, name: str) -> bytes:
    """Return the HTML part of a MIME web archive, decoded to UTF-8."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            try:
                return str(part.get_content()).encode("utf-8")
            except (LookupError, ValueError) as error:
                reason = say("html.archive_undecodable", error=str(error))
                raise SourceError(name, 0, reason) from error
    raise SourceError(name, 0, say("html.archive_no_page"))


def decode_page(data: bytes) -> tuple[str, str]:
    """Decode a page: BOM, strict UTF-8, the declared charset, GB18030, then a guess."""
    marked = decode_bom(data)
    if marked is not None:
        return marked
    # Valid UTF-8 is almost never GBK by accident, even when an old meta tag says gb2312.
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data[:8192])
    for encoding in (declared, "gb18030"):
        if encoding:
            try:
                return data.decode(encoding), encoding
            except (UnicodeDecodeError, LookupError):
                pass
    guess = charset_normalizer.from_bytes(data[:1_000_000]).best()
    if guess is not None and guess.encoding:
        try:
            return data.decode(guess.encoding, errors="replace"), guess.encoding
        except LookupError:
            pass
    # A page with a few broken bytes: the reading with the fewest replacements.
    readings = [(data.decode(e, errors="replace"), e) for e in ("gb18030", "utf-8")]
    return min(readings, key=lambda reading: reading[0].count("\ufffd"))


def _declared_charset(head: bytes) -> str:
    match = META_CHARSET.search(head)
    if not match:
        return ""
    name = match.group(1).decode("ascii", "replace").strip().lower()
    if name in GB_NAMES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def _tag(element: Element) -> str:
    tag = element.tag
    return tag if isinstance(tag, str) else ""  # The HTML parser lower-cases tag names.


def _text(element: Element) -> str:
    return "".join(element.itertext())


def _tokens(element: Element) -> set[str]:
    """Split id and class into lower-case words: printContent, news_view -> print, content …"""
    raw = f"{element.get('id') or ''} {element.get('class') or ''}"
    raw = re.sub(r"([a-z])([A-Z])", r"\1 \2", raw).lower()
    words = set(re.split(r"[^a-z0-9]+", raw)) - {""}
    # Keep whole class names too: d-none, is-hidden, TRS_Editor.
    words |= {name.lower() for name in re.split(r"\s+", element.get("class") or "") if name}
    return words


def _hidden_selectors(root: Element) -> tuple[set[str], set[str]]:
    """Collect the classes and ids a page's own <style> hides (.hid { display: none })."""
    classes: set[str] = set()
    ids: set[str] = set()
    for style in root.iter("style"):
        for selectors, body in CSS_RULE.findall(_text(style)):
            if not HIDDEN_STYLE.search(body):
                continue
            for selector in selectors.split(","):
                match = SIMPLE_SELECTOR.fullmatch(selector.strip())
                if match:
                    (classes if match.group(1) == "." else ids).add(match.group(2).lower())
    return classes, ids


def _is_hidden(element: Element, classes: set[str], ids: set[str]) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden", "").lower() == "true":
        return True
    if HIDDEN_STYLE.search(element.get("style") or ""):
        return True
    if element.get("type", "").lower() == "hidden":
        return True
    names = {name.lower() for name in (element.get("class") or "").split()}
    return bool(names & (HIDDEN_TOKENS | classes) or (element.get("id") or "").lower() in ids)


def _drop(element: Element) -> None:
    """Remove an element and its content, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _remove_never_text(root: Element) -> None:
    """Drop comments, scripts, styles, forms' controls and hidden elements."""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    classes, ids = _hidden_selectors(root)
    etree.strip_elements(root, *NEVER_TEXT, with_tail=False)
    hidden = [e for e in root.iter() if _tag(e) and _is_hidden(e, classes, ids)]
    for element in hidden:
        _drop(element)


def _counts(root: Element) -> dict[Element, tuple[int, int]]:
    """Count each element's Chinese characters: (all, inside links), in one pass."""
    counts: dict[Element, tuple[int, int]] = {}
    for element in reversed(list(root.iter())):
        total = len(CJK.findall(element.text or ""))
        linked = 0
        for child in element:
            child_total, child_linked = counts.get(child, (0, 0))
            total += child_total + len(CJK.findall(child.tail or ""))
            linked += child_linked
        if _tag(element) == "a":
            linked = total
        counts[element] = (total, linked)
    return counts


def _remove_chrome(root: Element) -> None:
    """Drop page furniture found by tag or class name, unless it holds most of the text."""
    counts = _counts(root)
    page_total = counts.get(root, (0, 0))[0]
    chrome = []
    for element in root.iter():
        tag = _tag(element)
        if not tag or tag in ("html", "body"):
            continue
        if tag in CHROME_TAGS and tag in ("header", "footer") and _inside_article(element):
            continue  # <article><header> holds the article's own title.
        # By class name only blocks: a span or cell named "location" may hold a unit's name.
        named = tag in FURNITURE_BLOCKS and bool(_tokens(element) & CHROME_TOKENS)
        is_chrome = tag in CHROME_TAGS or named
        if is_chrome and (counts.get(element, (0, 0))[0] * 2 < page_total or page_total == 0):
            chrome.append(element)
    for element in chrome:
        _drop(element)


def _inside_article(element: Element) -> bool:
    return any(_tag(a) in ("article", "main") for a in element.iterancestors())


def _nonlink(counts: dict[Element, tuple[int, int]], element: Element) -> int:
    total, linked = counts.get(element, (0, 0))
    return total - linked


def _article(root: Element) -> Element:
    """Find the article: the block with the most Chinese text outside links, made tight."""
    counts = _counts(root)
    body = root.find("body")
    top = body if body is not None else root
    candidates = [e for e in top.iter() if _tag(e) in CONTAINER_TAGS]
    if not candidates:
        return top

    def score(element: Element) -> int:
        total, linked = counts.get(element, (0, 0))
        return total - 2 * linked

    best = max(candidates, key=score)
    # A container the site names as the content (content, zoom, TRS_Editor …) is preferred
    # when it holds most of that text: the outermost one, so the article's title stays in.
    named = [
        e
        for e in best.iter()
        if _tag(e) in CONTAINER_TAGS
        and _tokens(e) & CONTENT_TOKENS
        and _nonlink(counts, e) * 5 >= _nonlink(counts, best) * 4
    ]
    current = named[0] if named else best
    # Step into the one child that holds everything but a few characters (wrappers).
    while True:
        children = [child for child in current if _tag(child)]
        if not children:
            break
        child = max(children, key=lambda c: _nonlink(counts, c))
        if _tag(child) not in CONTAINER_TAGS | {"table", "tbody", "tr"}:
            break
        if _tag(child) == "table" and not _is_layout(child):
            break
        rest = _nonlink(counts, current) - _nonlink(counts, child)
        if rest > 10 or rest * 20 > _nonlink(counts, current):
            break
        current = child
    return current


def _title_outside(root: Element, article: Element) -> str:
    """Return the article's heading when it stands just above the chosen body."""
    if any(_is_title(e) and CJK.search(_text(e)) for e in article.iter()):
        return ""
    # The nearest heading before the body: first among the body's siblings, then among the
    # parent's and so on up; a sidebar's or logo's heading sits further away than the title.
    inner = article
    for level, outer in enumerate(article.iterancestors()):
        if level >= 4:
            break
        title = ""
        for element in outer.iter():
            if element is inner:
                break
            if _is_title(element):
                text = _normal(_text(element))
                if CJK.search(text) and len(text) <= 120 and not _is_chrome_line(text):
                    title = text
        if title:
            return title
        inner = outer
    return ""


def _is_title(element: Element) -> bool:
    return _tag(element) in HEADINGS or bool(_tokens(element) & TITLE_TOKENS)


def _normal(text: str) -> str:
    # Entities (&#x202e;, &#1;) decode after the raw text was cleaned: clean again here.
    return SPACES.sub(" ", remove_unsafe(text)).strip(" \u3000")


def _own_label(element: Element) -> re.Match[str] | None:
    text = element.text or ""
    if not text.strip():
        return None
    return META_LABEL.match(_normal(text))


@dataclass
class _Field:
    """One element of the metadata block: its label/value pairs and what to remove."""

    element: Element
    pairs: list[tuple[str, str]]
    parts: list[Element]
    from_tail: bool = False


def _take_metadata(root: Element) -> dict[str, str]:
    """Read the 政府信息公开 block into meta keys and remove it from the page."""
    fields: list[_Field] = []
    for element in root.iter():
        if not _tag(element) or _tag(element) in ("html", "body") or _own_label(element) is None:
            continue
        whole = _normal(_text(element))
        if len(whole) > 300:
            continue  # A paragraph that opens with 名称, not a field.
        field = _Field(element, _pairs(whole), [element])
        if len(field.pairs) == 1 and not field.pairs[0][1]:
            _value_beside(field)
        fields.append(field)
        if len(fields) > MAX_FIELDS:
            break  # No real block has this many; a page full of labels is not one.
    strong = [f.element for f in fields if any(label in STRONG_LABELS for label, _ in f.pairs)]
    if not strong:
        return {}
    # Decide every field before removing any: removal detaches the strong labels' ancestors.
    accepted = [f for f in fields if f.element in strong or _near(f.element, strong)]
    meta: dict[str, str] = {}
    for field in accepted:
        for label, raw in field.pairs:
            key = META_LABELS[label]
            value = VALUE_END.split(raw, maxsplit=1)[0].strip()
            if key == "date":
                value = _iso_date(value)
            elif key == "doc_number" and not re.search(r"\d", value):
                value = ""  # 文号：无
            if key and value and key not in meta:
                meta[key] = value
        if field.from_tail:
            field.element.tail = ""
        for part in field.parts:
            _drop(part)
    issuer = meta.pop("issuer", "") or meta.pop("publisher", "")
    meta.pop("publisher", None)
    if issuer:
        meta["issuer"] = issuer
    keys = ("title", "issuer", "date", "doc_number", "disclosure")
    return {key: meta[key] for key in keys if key in meta}


def _pairs(text: str) -> list[tuple[str, str]]:
    """Split 发文机关：甲　成文日期：乙 into (label, value) pairs, labels without padding."""
    first = META_LABEL.match(text)
    assert first is not None
    marks = [(first.start(1), first.end(), first.group(1))]
    marks += [(m.start(1), m.end(), m.group(1)) for m in LABEL_IN_TEXT.finditer(text, first.end())]
    pairs = []
    for index, (_, end, label) in enumerate(marks):
        stop = marks[index + 1][0] if index + 1 < len(marks) else len(text)
        pairs.append((re.sub(r"\s+", "", label), text[end:stop].strip()))
    return pairs


def _value_beside(field: _Field) -> None:
    """Find a bare label's value: its tail, or the next cell (<td><b>文号：</b></td><td>…)."""
    element = field.element
    label = field.pairs[0][0]
    if (element.tail or "").strip():
        field.pairs = [(label, _normal(element.tail))]
        field.from_tail = True
        return
    holder = element
    # Climb out of wrappers that hold nothing but the label: <td><b>标题：</b></td>.
    while holder.getnext() is None:
        parent = holder.getparent()
        if parent is None or _tag(parent) in ("body", "html", "table", "tbody", "tr"):
            break
        if _normal(_text(parent)) != _normal(_text(holder)):
            break
        holder = parent
    sibling = holder.getnext()
    if sibling is None or not _tag(sibling):
        return
    value = _normal(_text(sibling))
    if value and META_LABEL.match(value) is None and len(value) <= 300:
        field.pairs = [(label, value)]
        field.parts = [holder, sibling]


def _near(element: Element, strong: list[Element]) -> bool:
    """Tell whether a strong label sits in the same small block (within four levels)."""
    ancestors = list(element.iterancestors())[:4]
    for other in strong[:MAX_FIELDS]:
        other_ancestors = set(other.iterancestors())
        if any(ancestor in other_ancestors for ancestor in ancestors):
            return True
    return False


def _iso_date(value: str) -> str:
    match = DATE_VALUE.search(value)
    if not match:
        return ""
    year, month, day = (int(part) for part in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _is_chrome_line(line: str) -> bool:
    if NOT_PUBLIC.search(line):
        return False  # Whatever else it is, a not-public notice must reach the reader.
    if CHROME_LABEL_LINE.match(line) or SHARE_OR_BUTTONS.match(line):
        return True
    # A sentence (。；, a 责任单位 clause) is article text even when it names 扫一扫.
    sentence = re.search(r"[。；;（(]", line)
    if len(line) <= 60 and not sentence and (CHROME_SHORT.search(line) or BREADCRUMB.match(line)):
        return True
    return len(line) <= 300 and bool(CHROME_FOOTER.search(line))


class _Writer:
    """Turn an element tree into lines: blocks break lines, inline text joins, tables row."""

    def __init__(
        self,
        line: Callable[[str], None],
        row: Callable[[list[str]], None] | None,
        chrome: bool = True,
    ) -> None:
        self._line = line
        self._row = row
        self._chrome = chrome
        self._parts: list[str] = []
        self._counts: dict[Element, tuple[int, int]] = {}

    def emit_line(self, text: str) -> None:
        """Write one finished line unless it is chrome."""
        line = _normal(text)
        if line and not (self._chrome and _is_chrome_line(line)):
            self._line(line)

    def _flush(self) -> None:
        if self._parts:
            text = "".join(self._parts)
            self._parts.clear()
            self.emit_line(text)

    def walk(self, top: Element) -> None:
        """Write the lines of an element's content."""
        self._counts = _counts(top)
        # Iterative, so a deeply nested page cannot exhaust Python's recursion limit.
        stack: list[tuple[str, Element | str]] = [("open", top)]
        while stack:
            action, item = stack.pop()
            if isinstance(item, str):
                self._parts.append(item)
                continue
            element = item
            tag = _tag(element)
            if action == "close":
                if tag in BLOCK_TAGS:
                    self._flush()
                continue
            if tag in BLOCK_TAGS:
                self._flush()
            if tag == "table" and self._row is not None and not _is_layout(element):
                self._table(element)
                continue
            if tag == "pre":
                for text_line in _text(element).split("\n"):
                    self.emit_line(text_line)
                continue
            if element is not top and self._chrome and self._link_list(element):
                continue
            stack.append(("close", element))
            for child in reversed(list(element)):
                if child.tail:
                    stack.append(("text", child.tail))
                if _tag(child):
                    stack.append(("open", child))
            if element.text:
                stack.append(("text", element.text))
        self._flush()

    def _link_list(self, element: Element) -> bool:
        """Tell a list of links (相关文章, 上一篇/下一篇) inside the article from its text."""
        if _tag(element) not in ("ul", "ol", "div", "dl", "p", "span"):
            return False
        total, linked = self._counts.get(element, (0, 0))
        # Link lists are short; the size bound keeps nested wrappers from costing n² work.
        if not 0 < total <= 3000 or linked * 10 < total * 7:
            return False
        if sum(1 for _ in element.iter("a")) < 3:
            return False
        return not ATTACHMENT.search(_text(element))

    def _table(self, table: Element) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.emit_line(_text(caption))
        assert self._row is not None
        grid, width = _grid(table)
        out: list[str | list[str]] = []
        for row in grid:
            values = [row.cells.get(column, "") for column in range(width)]
            if not any(values):
                continue
            if row.spanning is not None:
                out.append(row.spanning)  # One cell across the whole table: a heading.
            elif _continues_entry(row) and out and isinstance(out[-1], list):
                # The entry's number (序号) spans this row too: a sub-row of the same entry,
                # whose own cells join the row above (as the PDF reader does with merged
                # cells). A category merged down the first column still repeats.
                above = out[-1]
                for column, value in enumerate(values):
                    if value and column not in row.from_above:
                        above[column] = f"{above[column]}\n{value}" if above[column] else value
            else:
                out.append(values)
        for entry in out:
            if isinstance(entry, list):
                self._row(entry)
            else:
                self._line(entry)


def _continues_entry(row: _GridRow) -> bool:
    """Tell whether the leading cells merged from above include the entry's number."""
    column = 0
    while column in row.from_above:
        if SEQUENCE_NUMBER.fullmatch(row.cells.get(column, "").strip()):
            return True
        column += 1
    return False


def _table_rows(table: Element) -> list[Element]:
    return list(table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"))


def _row_cells(row: Element) -> list[Element]:
    return list(row.xpath("./td | ./th"))


def _is_layout(table: Element) -> bool:
    """Tell a table that only positions the page from one that holds data."""
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return True
    filled = 0
    for row in _table_rows(table):
        texts = [_text(cell) for cell in _row_cells(row)]
        if sum(1 for text in texts if text.strip()) >= 2:
            filled += 1
        if any(len(CJK.findall(text)) > MAX_CELL_CJK for text in texts):
            return True  # A whole article in one cell: the table frames the page.
    if filled < 2:
        return True
    # Tables inside tables: a frame around the page's blocks, unless the inner ones are
    # only small parts of a data table's cells.
    inner = sum(
        len(CJK.findall(_text(nested)))
        for nested in table.iter("table")
        if nested is not table and next(nested.iterancestors("table"), None) is table
    )
    return inner * 2 >= len(CJK.findall(_text(table)))


def _span(value: str | None, limit: int) -> int:
    match = re.match(r"\s*(\d+)", value or "")
    number = int(match.group(1)) if match else 1
    return max(1, min(number, limit))


def _cell_text(cell: Element) -> str:
    lines: list[str] = []
    _Writer(lines.append, None, chrome=False).walk(cell)
    return "\n".join(lines)


MAX_COLUMNS = 100
MAX_CELL_CJK = 2000  # The longest task cell is a few hundred characters.
SEQUENCE_NUMBER = re.compile(r"[（(]?\s*(?:\d{1,4}|[一二三四五六七八九十百]{1,4})\s*[)）.、．]?")


@dataclass
class _GridRow:
    """One table row with spans resolved: cells by column, and which came from above."""

    cells: dict[int, str]
    from_above: set[int]
    spanning: str | None = None


def _grid(table: Element) -> tuple[list[_GridRow], int]:
    """Resolve spans: a rowspan repeats its value down, a colspan fills its first column."""
    rows = _table_rows(table)
    carried: dict[int, tuple[int, str]] = {}
    grid: list[tuple[_GridRow, list[tuple[int, int, str]]]] = []
    budget = MAX_CELLS
    for index, row in enumerate(rows):
        cells = {column: value for column, (_left, value) in carried.items()}
        from_above = set(cells)
        carried = {c: (left - 1, v) for c, (left, v) in carried.items() if left > 1}
        origins: list[tuple[int, int, str]] = []
        column = 0
        for cell in _row_cells(row):
            while column in cells:
                column += 1
            if column >= MAX_COLUMNS:
                break
            text = _cell_text(cell)
            colspan = _span(cell.get("colspan"), MAX_COLUMNS - column)
            remaining = min(len(rows) - index, MAX_ROWSPAN)
            rowspan = _span(cell.get("rowspan"), remaining)
            if (cell.get("rowspan") or "").strip() == "0":
                rowspan = remaining  # rowspan=0 runs to the end of the table.
            origins.append((column, colspan, text))
            for offset in range(colspan):
                value = text if offset == 0 else ""
                cells[column + offset] = value
                if rowspan > 1:
                    carried[column + offset] = (rowspan - 1, value)
            column += colspan
        grid.append((_GridRow(cells, from_above), origins))
        budget -= len(cells)
        if budget < 0:
            raise _TooLarge(say("html.table_too_large", limit=MAX_CELLS))
    width = max((max(row.cells) + 1 for row, _ in grid if row.cells), default=0)
    for row, origins in grid:
        if len(origins) == 1 and origins[0][1] == width and width > 1 and origins[0][2]:
            row.spanning = origins[0][2]
    return [row for row, _ in grid], width
