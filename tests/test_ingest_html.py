"""Web pages saved from government sites: the article, its tables and its 信息公开 block."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.config import Config
from generator.errors import SourceError
from generator.ingest import extract
from generator.ingest.html import extract_html
from generator.model import Document
from generator.read.parse import parse_file, parse_source

from .conftest import SEEDS

TABLE_SEED = "004_18c7331bcd84886b.txt"
NUMBERED_SEED = "000_be318bc82a9aa2fa.txt"
# Words that only the page around the article says; none may reach a task or the region.
CHROME_WORDS = (
    "当前位置", "首页", "分享到", "微信", "微博", "打印本页", "关闭窗口", "网站地图",
    "主办单位", "ICP", "网站标识码", "索引号", "主题分类", "政府信息公开", "相关链接",
    "脚本文字", "隐藏文字", "注释文字",
)  # fmt: skip


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def seed_lines(name: str) -> list[str]:
    return (SEEDS / name).read_text("utf-8").split("\n")


def article_html(lines: list[str], skip: set[str]) -> str:
    """Render a text original as a site's article: paragraphs, headings and <table>s.

    Tab-separated lines become a table; in the first column after 序号 that repeats a value
    on consecutive rows (the leader), the repeats are merged with rowspan, and a header cell
    followed by an empty one is merged with colspan, as sites publish them.
    """
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if "\t" in line:
            rows: list[list[str]] = []
            while index < len(lines) and ("\t" in lines[index] or not lines[index].strip()):
                if lines[index].strip():
                    rows.append(lines[index].split("\t"))
                index += 1
            out.append(table_html(rows))
            continue
        index += 1
        text = line.strip()
        if not text or text == "---" or text in skip:
            continue
        level = len(text) - len(text.lstrip("#"))
        text = text.lstrip("# ")
        if level:
            out.append(f"<h{level + 1}>{esc(text)}</h{level + 1}>")
        else:
            out.append(f"<p>　　{esc(text)}</p>")
    return "\n".join(out)


def table_html(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    covered: set[tuple[int, int]] = set()
    if width == 4:  # 序号 | 内容 | 领导 | 单位: merge repeated leaders down the column.
        for start in range(1, len(rows)):
            if (start, 2) in covered:
                continue
            end = start
            while end + 1 < len(rows) and rows[end + 1][2] == rows[start][2]:
                end += 1
                covered.add((end, 2))
            rows[start].append(f"rowspan:{end - start + 1}")
    out = ['<table border="1" cellspacing="0" class="MsoNormalTable">']
    for r, row in enumerate(rows):
        span = next((int(c.split(":")[1]) for c in row[width:] if c.startswith("rowspan")), 1)
        cells: list[str] = []
        c = 0
        while c < width:
            if (r, c) in covered:
                c += 1
                continue
            attrs = f' rowspan="{span}"' if c == 2 and span > 1 and width == 4 else ""
            colspan = 1
            while r == 0 and c + colspan < width and not row[c + colspan].strip() and row[c]:
                colspan += 1
            if colspan > 1:
                attrs += f' colspan="{colspan}"'
            tag = "th" if r == 0 else "td"
            # Sites wrap cell text in <p><span>…</span></p> and break lines with <br>.
            body = "<br/>".join(esc(part) for part in row[c].split("\n"))
            cells.append(f'<{tag}{attrs}><p class="MsoNormal"><span>{body}</span></p></{tag}>')
            c += colspan
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def government_page(article: str, meta: dict[str, str], title: str, charset: str = "utf-8") -> str:
    """Wrap an article in the chrome of a typical 政府信息公开 page."""
    info = "".join(
        f"<tr><td class='label'>{label}：</td><td>{esc(value)}</td>"
        f"<td class='label'>主题分类：</td><td>综合政务</td></tr>"
        for label, value in meta.items()
    )
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{esc(title)}_山海区人民政府</title>
<script>document.write("<p>脚本文字</p>");</script><style>p {{ color: red }}</style>
</head><body>
<div class="top-banner"><span>山海市山海区人民政府</span> 政府信息公开</div>
<div id="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/xxgk">政府信息公开</a></li><li><a href="/hd">互动交流</a></li></ul></div>
<div class="container">
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk">政府信息公开</a>
 &gt; <a href="/tz">通知公告</a></div>
<div class="left-column"><h3>信息公开目录</h3><ul><li><a href="#">机构职能</a></li>
<li><a href="#">政策文件</a></li><li><a href="#">规划计划</a></li></ul></div>
<div class="xxgk-main">
<table class="xxgk-info" width="100%">{info}</table>
<div class="article">
<h1 class="article-title">{esc(title)}</h1>
<!-- <p>注释文字：草稿，不要发布</p> -->
<div id="zoom" class="TRS_Editor">
{article}
<p style="display:none">隐藏文字一</p><div hidden>隐藏文字二</div>
</div>
<div class="bdsharebuttonbox">分享到：<a href="#" class="bds_weixin">微信</a>
<a href="#" class="bds_tsina">微博</a></div>
<div class="print-bar">【<a href="javascript:print()">打印本页</a>】
【<a href="javascript:close()">关闭窗口</a>】</div>
<div class="related"><h4>相关链接</h4><ul><li><a href="#">山海区2019年工作要点</a></li>
<li><a href="#">山海区2018年工作要点</a></li><li><a href="#">关于做好某项工作的通知</a></li></ul>
</div>
</div></div></div>
<div class="footer"><p>主办单位：山海区人民政府办公室 <a href="#">网站地图</a></p>
<p>网站标识码：3702110001 鲁ICP备12345678号</p></div>
</body></html>"""


def task_view(document: Document) -> list[tuple[str, str, list[tuple[str, str]], list[str]]]:
    return [
        (
            task.number,
            task.text,
            [(unit.name, unit.role) for unit in task.units],
            [leader.name for leader in task.leaders],
        )
        for task in document.tasks
    ]


def assert_no_chrome(document: Document) -> None:
    for task in document.tasks:
        shown = " ".join([task.text, task.title, *task.section])
        shown += " ".join(u.name for u in task.units) + " ".join(x.name for x in task.leaders)
        assert not [word for word in CHROME_WORDS if word in shown], task.number
    assert not [word for word in CHROME_WORDS if word in document.region + document.title]


def test_government_page_with_task_table_reads_like_its_text_original(
    tmp_path: Path, config: Config
) -> None:
    original = parse_file(SEEDS / TABLE_SEED, config)
    meta = {
        "索引号": "11370211MB2856/2020-00123",
        "发文机关": original.issuer,
        "成文日期": "2020年07月06日",
        "文　　号": original.doc_number,
        "发布日期": "2020-07-09",
    }
    # The page does not repeat the letterhead and 文号: only the metadata block states them.
    body = article_html(seed_lines(TABLE_SEED), {original.doc_number})
    page = tmp_path / "page.html"
    page.write_text(government_page(body, meta, original.title), "utf-8")

    document = parse_file(page, config)

    assert len(document.tasks) == 206
    assert task_view(document) == task_view(original)
    assert (document.issuer, document.date, document.doc_number) == (
        original.issuer,
        "2020-07-06",
        original.doc_number,
    )
    assert document.region == original.region == "青岛西海岸新区"
    assert_no_chrome(document)
    text = "\n".join(document.text_lines)
    assert not [word for word in CHROME_WORDS if word in text]


def test_spans_resolved_heading_rows_and_sub_rows(config: Config) -> None:
    page = """<html><body><div class="content"><p>2024年重点任务分解表</p>
    <table border="1">
    <tr><th rowspan="2">序号</th><th rowspan="2">工作任务</th><th colspan="2">责任单位</th>
        <th rowspan="2">牵头领导</th></tr>
    <tr><th>牵头单位</th><th>配合单位</th></tr>
    <tr><td colspan="5">一、扩大有效投资</td></tr>
    <tr><td>1</td><td>新开工项目<br>100个以上</td><td>区发改局</td><td>区财政局</td>
        <td rowspan="3">张三</td></tr>
    <tr><td>2</td><td>完成投资50亿元</td><td colspan="2">区住建局</td></tr>
    <tr><td>3</td><td>新增专项债券10亿元</td><td>区财政局</td><td></td></tr>
    <tr><td rowspan="2">4</td><td rowspan="2">建设安置房1000套</td><td>区住建局</td><td></td>
        <td>李四</td></tr>
    <tr><td>区自然资源局</td><td>区财政局</td><td>王五</td></tr>
    </table></div></body></html>"""

    source = extract_html(page.encode(), "page.html")

    assert "一、扩大有效投资" in source.lines
    rows = [source.rows[n] for n in sorted(source.rows)]
    # A number merged down the first column makes the next row part of the same entry.
    assert rows == [
        ("序号", "工作任务", "责任单位", "", "牵头领导"),
        ("序号", "工作任务", "牵头单位", "配合单位", "牵头领导"),
        ("1", "新开工项目\n100个以上", "区发改局", "区财政局", "张三"),
        ("2", "完成投资50亿元", "区住建局", "", "张三"),
        ("3", "新增专项债券10亿元", "区财政局", "", "张三"),
        ("4", "建设安置房1000套", "区住建局\n区自然资源局", "区财政局", "李四\n王五"),
    ]
    document = parse_source(source, config, {}, "page")
    assert [(t.number, [(u.name, u.role) for u in t.units]) for t in document.tasks] == [
        ("1", [("区发改局", "lead"), ("区财政局", "support")]),
        ("2", [("区住建局", "lead")]),
        ("3", [("区财政局", "lead")]),
        ("4", [("区住建局", "lead"), ("区自然资源局", "lead"), ("区财政局", "support")]),
    ]
    assert [[x.name for x in t.leaders] for t in document.tasks] == [
        ["张三"],
        ["张三"],
        ["张三"],
        ["李四", "王五"],
    ]
    assert document.tasks[0].section[-1].endswith("扩大有效投资")


def test_category_merged_down_the_first_column_repeats(config: Config) -> None:
    page = """<body><div id="zoom"><table border="1">
    <tr><td>领域</td><td>序号</td><td>工作任务</td><td>责任单位</td></tr>
    <tr><td rowspan="3">经济发展</td><td>1</td><td>新增市场主体5000户</td><td>区市场监管局</td></tr>
    <tr><td>2</td><td>引进项目30个</td><td>区商务局</td></tr>
    <tr><td>3</td><td>新增规上企业20家</td><td>区工信局</td></tr>
    </table></div></body>"""
    source = extract_html(page.encode(), "p.html")
    assert [source.rows[n][:2] for n in sorted(source.rows)] == [
        ("领域", "序号"),
        ("经济发展", "1"),
        ("经济发展", "2"),
        ("经济发展", "3"),
    ]
    document = parse_source(source, config, {}, "p")
    assert [(t.number, t.units[0].name) for t in document.tasks] == [
        ("1", "区市场监管局"),
        ("2", "区商务局"),
        ("3", "区工信局"),
    ]


def test_small_table_or_named_span_inside_a_task_cell_stays_in_the_row() -> None:
    page = """<body><div id="zoom"><table border="1">
    <tr><td>序号</td><td>工作任务</td><td>责任单位</td></tr>
    <tr><td>1</td><td>完成以下指标：<table><tr><td>投资</td><td>50亿元</td></tr></table></td>
        <td>区发改局</td></tr>
    <tr><td>2</td><td>新建公园3处</td><td><span class="location">区园林局</span></td></tr>
    </table></div></body>"""
    source = extract_html(page.encode(), "p.html")
    assert [source.rows[n] for n in sorted(source.rows)] == [
        ("序号", "工作任务", "责任单位"),
        ("1", "完成以下指标：\n投资\n50亿元", "区发改局"),
        ("2", "新建公园3处", "区园林局"),
    ]


def test_numbered_paragraph_article_in_a_layout_table_page(tmp_path: Path, config: Config) -> None:
    """An old site: the page is laid out with nested tables, chrome named only by its words."""
    original = parse_file(SEEDS / NUMBERED_SEED, config)
    body = article_html(seed_lines(NUMBERED_SEED), set())
    page = f"""<html><head><meta charset="utf-8"></head><body>
    <table width="980" border="0"><tr><td colspan="2"><img src="logo.png">
      <a href="/">首页</a> | <a href="/a">机构概况</a> | <a href="/b">政务公开</a></td></tr>
    <tr><td width="200"><table><tr><td><a href="/x">通知公告</a></td></tr>
      <tr><td><a href="/y">政策解读</a></td></tr></table></td>
    <td><table width="100%"><tr><td>您的位置：首页 &gt; 政务公开 &gt; 通知公告</td></tr>
      <tr><td>发布时间：2023-02-27　　来源：区政府办公室　　浏览次数：1024</td></tr>
      <tr><td><font size="3">{body}</font></td></tr>
      <tr><td>【打印本页】 【关闭窗口】</td></tr></table></td></tr>
    <tr><td colspan="2">版权所有：山海区人民政府 网站标识码：3706130001</td></tr>
    </table></body></html>"""
    path = tmp_path / "notice.htm"
    path.write_text(page, "utf-8")

    document = parse_file(path, config)

    assert len(document.tasks) == 81
    assert task_view(document) == task_view(original)
    assert (document.issuer, document.date, document.doc_number) == (
        original.issuer,
        original.date,
        original.doc_number,
    )
    assert document.region == original.region
    assert_no_chrome(document)
    lines = "\n".join(document.text_lines)
    assert "浏览次数" not in lines and "您的位置" not in lines and "版权所有" not in lines


@pytest.mark.parametrize("declared", ["gb2312", "gbk", ""])
def test_gbk_page_is_decoded(tmp_path: Path, declared: str) -> None:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
    page = f"""<html><head>{meta if declared else ""}</head><body><div id="content">
    <p>一、推进项目建设</p>
    <p>1. 新开工亿元以上项目60个，完成投资120亿元。（牵头领导：王强；责任单位：区发改局）</p>
    <p>2. 推动镕、堃、喆等生僻字姓名的企业登记便利化。（责任单位：区市场监管局）</p>
    </div></body></html>"""
    path = tmp_path / "gbk.html"
    path.write_bytes(page.encode("gb18030"))

    source = extract(path)

    assert source.lines == (
        "一、推进项目建设",
        "1. 新开工亿元以上项目60个，完成投资120亿元。（牵头领导：王强；责任单位：区发改局）",
        "2. 推动镕、堃、喆等生僻字姓名的企业登记便利化。（责任单位：区市场监管局）",
    )


def test_bom_and_wrong_declaration() -> None:
    body = "<html><head><meta charset='gbk'></head><body><p>区发改局牵头</p></body></html>"
    assert extract_html(b"\xef\xbb\xbf" + body.encode(), "a.html").lines == ("区发改局牵头",)
    # Saved again as UTF-8 while the old meta tag still says gbk: the bytes win.
    assert extract_html(body.encode(), "a.html").lines == ("区发改局牵头",)


def test_comments_hidden_and_scripts_are_never_published(tmp_path: Path, config: Config) -> None:
    page = """<html><body><div class="TRS_Editor">
    <p>2024年重点工作任务分工方案</p>
    <!-- <p>1. 内部草稿任务。（责任单位：区保密办）</p> -->
    <p>1. 新建5G基站300个。（责任单位：区工信局）</p>
    <p style="DISPLAY: none">2. 不公开的任务。（责任单位：区国安办）</p>
    <div hidden><p>3. 隐藏的任务。（责任单位：区秘密局）</p></div>
    <p aria-hidden="true">审核人：李四</p>
    <p style="font-size:0px">隐藏的字号为零的文字</p><p style="opacity: 0">透明的隐藏文字</p>
    <script>var s = "<p>4. 脚本任务。（责任单位：区脚本局）</p>";</script>
    <noscript>请开启脚本</noscript>
    <p>2. 改造老旧小区20个。（责任单位：区住建局）</p>
    <p style="font-size: 0.5em; opacity: 0.9">3. 推广“扫一扫”办事，完成适老化改造300户。
    （责任单位：区民政局）</p>
    </div></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, "utf-8")

    document = parse_file(path, config)

    assert [(t.number, [u.name for u in t.units]) for t in document.tasks] == [
        ("1", ["区工信局"]),
        ("2", ["区住建局"]),
        ("3", ["区民政局"]),
    ]
    text = "\n".join(document.text_lines)
    for secret in ("草稿", "不公开", "隐藏", "审核人", "脚本", "请开启"):
        assert secret not in text


def test_metadata_block_in_a_list_and_not_in_body() -> None:
    page = """<html><body><div class="xxgk"><ul>
    <li><span>索 引 号：</span><span>000000/2024-001</span></li>
    <li><span>发布机构：</span><span>江源市南湖区人民政府办公室</span></li>
    <li><span>名　　称：</span><span>关于印发2024年重点工作任务的通知</span></li>
    <li><span>文　　号：</span><span>南政办发〔2024〕3号</span></li>
    <li><span>成文日期：</span><span>2024-03-05</span></li></ul></div>
    <div class="content"><p>各街道办事处：</p><p>现将任务印发给你们。</p></div>
    </body></html>"""

    source = extract_html(page.encode(), "p.html")

    assert dict(source.meta) == {
        "title": "关于印发2024年重点工作任务的通知",
        "issuer": "江源市南湖区人民政府办公室",
        "date": "2024-03-05",
        "doc_number": "南政办发〔2024〕3号",
    }
    assert source.lines == ("各街道办事处：", "现将任务印发给你们。")


def test_metadata_cells_with_bold_labels_and_pairs_on_one_line() -> None:
    page = """<html><body><div class="wrap">
    <table class="bd1"><tbody>
    <tr><td><b>索 引 号：</b></td><td>000014349/2024-00012</td>
        <td><b>主题分类：</b></td><td>综合政务\\其他</td></tr>
    <tr><td><b>发布机构：</b></td><td>江源市人民政府</td>
        <td><b>成文日期：</b></td><td>2024年03月05日</td></tr>
    <tr><td><b>标　　题：</b></td><td colspan="3">江源市重点工作任务分工方案</td></tr>
    </tbody></table>
    <p class="info">发文机关：江源市人民政府办公室　　文号：江政办发〔2024〕7号
    发布时间：2024-03-08</p>
    <div id="UCAP-CONTENT"><p>一、稳增长</p><p>1. 新增市场主体1万户。（责任单位：市市场监管局）</p>
    </div></div></body></html>"""

    source = extract_html(page.encode(), "p.html")

    assert dict(source.meta) == {
        "title": "江源市重点工作任务分工方案",
        "issuer": "江源市人民政府办公室",
        "date": "2024-03-05",
        "doc_number": "江政办发〔2024〕7号",
    }
    assert source.lines == ("一、稳增长", "1. 新增市场主体1万户。（责任单位：市市场监管局）")


def test_elements_hidden_by_the_pages_own_stylesheet_are_left_out() -> None:
    page = """<html><head><style>
    .hid, #draft { display: none }  p.note { visibility:hidden; } .shown { color: red }
    </style></head><body><div class="content">
    <p class="shown">1. 新建公园3处。（责任单位：区园林局）</p>
    <p class="x hid">2. 内部事项。（责任单位：区保密办）</p>
    <div id="draft"><p>3. 草稿事项。</p></div><p class="note">审核意见：同意</p>
    </div></body></html>"""
    assert extract_html(page.encode(), "p.html").lines == (
        "1. 新建公园3处。（责任单位：区园林局）",
    )


@pytest.mark.parametrize(
    "layout",
    [
        '<div class="col-main"><div class="bt">{title}</div><div id="zoom">{tasks}</div></div>',
        '<div class="top"><div class="tit">{title}</div></div><div id="zoom">{tasks}</div>',
    ],
)
def test_heading_just_above_the_body_is_its_title(layout: str) -> None:
    task = "<p>{}. 完成第{}项重点工程建设。（责任单位：区住建局）</p>"
    tasks = "".join(task.format(n, n) for n in range(1, 9))
    article = layout.format(title="山海区2024年重点工作任务分工方案", tasks=tasks)
    page = f"""<html><body><h1>山海区人民政府</h1>
    <div class="col"><h3>最新信息公开</h3><p>本栏目信息</p></div>{article}</body></html>"""
    lines = extract_html(page.encode(), "p.html").lines
    assert lines[0] == "山海区2024年重点工作任务分工方案"
    assert "山海区人民政府" not in lines and "最新信息公开" not in lines


def test_not_public_disclosure_field_withholds_the_document(tmp_path: Path, config: Config) -> None:
    task = "<p>{}. 完成第{}项重点工程建设。（责任单位：区住建局）</p>"
    tasks = "".join(task.format(n, n) for n in range(1, 4))
    info = """<table><tr><td>索引号：</td><td>001/2024-9</td><td>公开方式：</td>
    <td>依申请公开</td></tr></table>"""
    (tmp_path / "a.html").write_text(f"<body>{info}<div id='zoom'>{tasks}</div></body>", "utf-8")
    # A notice in the article itself is never mistaken for a page's info line.
    inline = f"<body><div id='zoom'>{tasks}<p>（公开方式：不予公开）</p></div></body>"
    (tmp_path / "b.html").write_text(inline, "utf-8")
    public = "<td>主动公开</td>"
    (tmp_path / "c.html").write_text(
        f"<body>{info.replace('<td>依申请公开</td>', public)}<div id='zoom'>{tasks}</div></body>",
        "utf-8",
    )

    held = [parse_file(tmp_path / name, config) for name in ("a.html", "b.html", "c.html")]

    assert [document.public for document in held] == [False, False, True]
    assert held[2].disclosure == "主动公开" and len(held[2].tasks) == 3


def test_control_and_bidi_characters_from_entities_are_removed() -> None:
    page = """<body><p>区发改&#x202e;局&#1;&#x200b;牵头</p><table><tr><td>1&#x7f;</td>
    <td>甲&#x2066;</td></tr><tr><td>2</td><td>乙</td></tr></table></body>"""
    source = extract_html(page.encode(), "x.html")
    assert source.lines[0] == "区发改局牵头"
    assert source.rows[2] == ("1", "甲")


def test_page_without_text_is_a_source_error() -> None:
    with pytest.raises(SourceError, match=r"x\.html"):
        extract_html(b"<html><body><script>1</script></body></html>", "x.html")
    with pytest.raises(SourceError):
        extract_html(b"   ", "x.html")
    with pytest.raises(SourceError, match="二进制"):
        extract_html(b"%PDF-1.7\n\x00\x01\x02 obj <html>", "x.html")


def test_deep_nesting_and_huge_spans_do_not_crash() -> None:
    deep = "<div>" * 1500 + "<p>区发改局</p>" + "</div>" * 1500
    assert "区发改局" in "".join(extract_html(deep.encode(), "d.html").lines)
    deeper = "<p>区财政局</p>" + "<div>" * 5000 + "<p>区发改局</p>" + "</div>" * 5000
    source = extract_html(deeper.encode(), "d.html")
    assert source.lines[0] == "区财政局"
    assert "嵌套超过" in source.problems[0].message
    spans = (
        "<table><tr><td colspan='99999'>甲</td><td rowspan='99999'>乙</td></tr>"
        "<tr><td>丙</td><td>丁</td></tr></table>"
    )
    source = extract_html(f"<body><div>{spans}</div></body>".encode(), "s.html")
    assert all(len(cells) <= 100 for cells in source.rows.values())
    assert re.search("丙", "\n".join(source.lines))
