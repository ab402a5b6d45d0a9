"""Document text shows exactly as written wherever it is rendered; nothing in it is markup."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
from hypothesis import given
from hypothesis import strategies as st

from generator.site.escape import html_escape, md_escape, one_line, plain_title

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def rendered(source: str) -> _Text:
    parser = _Text()
    parser.feed(markdown.markdown(source, extensions=EXTENSIONS))
    return parser


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[点我](javascript:alert(1))",
    "![图](http://evil.example/x.png)",
    "&lt;b&gt; &amp; &#60;",
    "{{ site }} {% if x %}",
    "| 单元格 | 管道 |",
    "`代码` *斜体* _下划线_ **粗体**",
    "# 不是标题",
    "1. 不是列表",
    "- 不是列表",
    "> 不是引用",
    "x {: #id .cls }",
    "a\\b\\\\c",
    "<http://evil.example>",
]


def test_hostile_text_renders_as_written_in_a_paragraph() -> None:
    for text in HOSTILE:
        page = rendered(md_escape(text))
        assert page.tags == ["p"], text
        assert "".join(page.text) == text


def test_hostile_text_stays_in_its_table_cell() -> None:
    for text in HOSTILE:
        page = rendered(f"| 列 | 列2 |\n|---|---|\n| {md_escape(text)} | 后 |\n")
        assert "".join(page.text).replace("\n", "") == f"列列2{text}后"
        assert page.tags.count("td") == 2, text


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60))
def test_any_text_renders_as_itself(text: str) -> None:
    page = rendered(md_escape(text))
    assert set(page.tags) <= {"p"}
    # Whitespace runs may fold; every other character comes out as it went in.
    assert "".join(page.text).split() == one_line(text).split()


def test_html_escape_and_title_leave_no_markup() -> None:
    assert html_escape('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"
    title = plain_title("&lt;/title&gt;<script>x</script>\n")
    assert "<" not in title and "&" not in title and "\n" not in title
