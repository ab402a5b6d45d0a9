"""Every message staff can read, in Chinese (the default) and English, in one catalog.

`say("key", name=value)` returns the text in the active language: Chinese unless the command
line says `--lang en` or the environment `WORKTASKS_LANG=en`. The text it returns is a `str`
that remembers its key and values, so a message kept (in the extraction cache) can be said
again later in whatever language is active then.
"""

from __future__ import annotations

import contextlib
import os
import string
from collections.abc import Iterator, Mapping

LANGUAGES = ("zh", "en")
ENVIRONMENT = "WORKTASKS_LANG"

# The language set on the command line; None: the environment decides, then Chinese.
_chosen: list[str] = []


def set_language(language: str | None) -> None:
    """Make every later message use this language ("zh" or "en"); None: back to the default."""
    _chosen.clear()
    if language is not None:
        _chosen.append(normal_language(language))


@contextlib.contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Use this language (None: the default) inside the block, and the one before after it."""
    before = list(_chosen)
    set_language(language)
    try:
        yield
    finally:
        _chosen[:] = before


def normal_language(language: str) -> str:
    """Fold a language name (en, EN, en_US.UTF-8, zh-CN, chinese …) to "en" or "zh"."""
    return "en" if language.strip().lower().startswith("en") else "zh"


def language() -> str:
    """Return the active language: the command line's, the environment's, else Chinese."""
    if _chosen:
        return _chosen[0]
    return normal_language(os.environ.get(ENVIRONMENT, "") or "zh")


class Said(str):
    """A message as said in one language, remembering its key and values to say it again."""

    key: str
    values: dict[str, str | int]

    def __new__(cls, text: str, key: str, values: Mapping[str, str | int]) -> Said:
        """Build the text; key and values are kept beside it."""
        said = super().__new__(cls, text)
        said.key = key
        said.values = dict(values)
        return said

    def __getnewargs__(self) -> tuple[str, str, dict[str, str | int]]:  # type: ignore[override]
        """Pickle with key and values (a message may cross to a worker process and back)."""
        return (str(self), self.key, self.values)


def say(name: str, /, **values: str | int) -> Said:
    """Return the message `name` in the active language, its {placeholders} filled in."""
    zh, en = CATALOG[name]
    return Said((en if language() == "en" else zh).format(**values), name, values)


def resay(text: str, key: str | None, values: Mapping[str, str | int] | None) -> str:
    """Say a kept message again in the active language; text as it is when it has no key."""
    if key is None or key not in CATALOG or values is None:
        return text
    try:
        return say(key, **dict(values))
    except (KeyError, IndexError, ValueError):
        return text


def placeholders(text: str) -> set[str]:
    """Return the names of the {placeholders} a text uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def level(name: str) -> str:
    """Say a problem's level (warning, error) in the active language."""
    return say(f"level.{name}") if f"level.{name}" in CATALOG else name


def note(text: str) -> str:
    """Say why a line was skipped or withheld (a reader's note) in the active language."""
    key = f"note.{text}"
    return say(key) if key in CATALOG else text


def layout(name: str) -> str:
    """Say a document's layout (paragraphs, table …) in the active language."""
    key = f"layout.{name}"
    return say(key) if key in CATALOG else name


def kind(name: str) -> str:
    """Say what a source line became (task, heading …) in the active language."""
    key = f"kind.{name}"
    return say(key) if key in CATALOG else name


# key: (Chinese, English). Both texts use the same {placeholders}; tests/test_messages.py
# fails on a key whose translation is missing or names other values.
CATALOG: dict[str, tuple[str, str]] = {
    # Levels and line kinds.
    "level.warning": ("警告", "warning"),
    "level.error": ("错误", "error"),
    "kind.task": ("任务", "task"),
    "kind.heading": ("标题", "heading"),
    "kind.meta": ("文件信息", "meta"),
    "kind.text": ("正文", "text"),
    "kind.blank": ("空行", "blank"),
    "kind.skip": ("跳过", "skip"),
    "kind.withheld": ("不公开", "withheld"),
    "kind.unaccounted": ("未归类", "unaccounted"),
    # Document layouts (the reader that read it).
    "layout.paragraphs": ("编号段落", "paragraphs"),
    "layout.report": ("工作报告", "report"),
    "layout.table": ("表格", "table"),
    "layout.cells": ("逐格表格", "cells"),
    "layout.columns": ("分栏表格", "columns"),
    # Why a line was skipped or withheld (readers' notes).
    "note.horizontal rule": ("分隔线", "horizontal rule"),
    "note.page number": ("页码", "page number"),
    "note.repeated page header": ("重复的页眉", "repeated page header"),
    "note.markup only": ("只有排版符号", "markup only"),
    "note.table rule": ("表格分隔线", "table rule"),
    "note.empty table row": ("空的表格行", "empty table row"),
    "note.text between table rows": ("表格行之间的文字", "text between table rows"),
    "note.table row with no task text": ("表格行没有任务内容", "table row with no task text"),
    "note.table row with no task text (blank form row)": (
        "表格行没有任务内容（空白表格行）",
        "table row with no task text (blank form row)",
    ),
    "note.sidecar: public: false": ("侧车文件：public: false", "sidecar: public: false"),
    "note.此件不公开": ("此件不公开", "the document says it is not public"),
    "note.附件不公开": ("附件不公开", "attachments not public"),
    "note.HTML 注释，不是正文": ("HTML 注释，不是正文", "HTML comment, not text"),
    # The parse report (python -m generator check).
    "report.title": ("{source}: {title}", "{source}: {title}"),
    "report.identity": (
        "  编号 {id} · {region} · {year} · {kind} · 版式 {layout}",
        "  id {id} · {region} · {year} · {kind} · layout {layout}",
    ),
    "report.counts": (
        "  {tasks} 项任务，{units} 个单位，{leaders} 位领导，{indicators} 项指标，"
        "{sections} 个章节",
        "  {tasks} tasks, {units} units, {leaders} leaders, {indicators} indicators,"
        " {sections} sections",
    ),
    "report.lines": ("  各行：{kinds}", "  lines: {kinds}"),
    "report.kind_count": ("{kind} {count}", "{kind} {count}"),
    "report.list_separator": ("，", ", "),
    "report.skipped": ("已跳过（{note}）", "skipped ({note})"),
    "report.withheld": (
        "{count} 行不公开，不发布（{reason}）",
        "{count} lines withheld, not published ({reason})",
    ),
    "report.not_public": ("不公开：整份文件都不发布", "not public: nothing of it is published"),
    "report.unaccounted": ("未归类（没有规则认领这一行）", "not accounted for"),
    "report.problem": ("{level}：{message}", "{level}: {message}"),
    # Command line output.
    "cli.warning": ("{message}（警告）", "{message} (warning)"),
    "cli.error": ("错误：{message}", "error: {message}"),
    "cli.check_summary": (
        "共 {documents} 份文件，{tasks} 项任务；{errors} 个错误，{warnings} 个警告，"
        "{missing} 行未归类",
        "{documents} documents, {tasks} tasks; {errors} errors, {warnings} warnings,"
        " {missing} lines not accounted for",
    ),
    "cli.strict_aborted": (
        "已中止：使用了 --strict，且发现了问题",
        "Aborted: --strict and problems were found",
    ),
    "cli.strict_aborted_site": (
        "已中止：使用了 --strict，且发现了问题；site/ 未改变",
        "Aborted: --strict and problems were found; site/ left unchanged",
    ),
    "cli.build_summary": (
        "发布 {documents} 份文件（{hidden} 份不公开），{tasks} 项任务，{units} 个单位，"
        "{leaders} 位领导，{indicators} 项指标；{errors} 个错误，{warnings} 个警告；"
        "在 {docs} 中写入 {written} 个文件，删除 {removed} 个",
        "{documents} documents published ({hidden} not public), {tasks} tasks, {units} units,"
        " {leaders} leaders, {indicators} indicators; {errors} errors, {warnings} warnings;"
        " {written} files written, {removed} removed in {docs}",
    ),
    "cli.published": ("已发布 {release}，即 {site}/", "Published {release} as {site}/"),
    "cli.partition_built": (
        "已构建分区 {index}/{count}，输出在 {folder}；site/ 未改变",
        "Built partition {index}/{count} into {folder}; site/ left unchanged",
    ),
    "cli.partition_format": (
        "分区应写成 I/K（K 个分区中的第 I 个，从 0 数起），不能是 {value}",
        "a partition is written I/K (partition I of K, from 0), not {value}",
    ),
    "cli.nothing_to_publish": (
        "没有可发布的内容；site/ 未改变",
        "Nothing to publish; site/ left unchanged",
    ),
    "cli.unknown_documents": (
        "未知文件编号：{unknown}（可用：{known}）",
        "unknown document ids: {unknown} (known: {known})",
    ),
    "cli.unit_leads_nothing": (
        "{name}: 单位“{unit}”不牵头任何任务，未生成",
        "{name}: unit '{unit}' leads no task; no sheet written",
    ),
    "cli.sheet_written": ("{path}: {count} 项任务", "{path}: {count} tasks"),
    "cli.no_public_task": (
        "{content}/documents: 没有读到任何可公开的任务（错误）",
        "{content}/documents: no public task was read (error)",
    ),
    "cli.no_longer_live": (
        "{source}: 上次已发布（{id}），本次不再发布：{title}",
        "{source}: published last time ({id}), not published now: {title}",
    ),
    "cli.os_error": (
        "无法写入或读取 {where}：{reason}；网站未改变",
        "cannot write or read {where}: {reason}; the site is unchanged",
    ),
    "cli.default_settings_check": (
        "{error}（生成时使用默认设置）",
        "{error} (the build uses the default settings)",
    ),
    "cli.default_settings_build": (
        "{error}（已按默认设置发布）",
        "{error} (published with the default settings)",
    ),
    "cli.setting_left_out": (
        "{error}（这一项未采用，其余设置照常生效）",
        "{error} (this setting is left out; the others apply)",
    ),
    "cli.setting_repeated": (
        "{error}（现采用最后一处的值）",
        "{error} (the last value is used)",
    ),
    "cli.site_url_left_out": (
        "{error}（site_url 未采用：订阅（RSS）和开放数据中的链接只能是相对地址，站点地图为空）",
        "{error} (site_url left out: links in feeds and open data are relative, "
        "the sitemap is empty)",
    ),
    "cli.usage_error": ("{prog}: 错误：{message}", "{prog}: error: {message}"),
    "cli.args_required": ("缺少参数：{names}", "the following arguments are required: {names}"),
    "cli.args_choice": (
        "参数 {name} 的值 {value} 无效（可选：{known}）",
        "argument {name}: invalid choice: {value} (choose from {known})",
    ),
    "cli.args_unknown": ("无法识别的参数：{names}", "unrecognized arguments: {names}"),
    "cli.args_value": ("参数 {name} 需要一个值", "argument {name}: expected one argument"),
    # Command line help.
    "help.program": (
        "命令行：把文件解析为 JSON、检查整个内容文件夹、生成网站或填报表。",
        "Command line: parse documents to JSON, check the content folder, build the site or"
        " the progress sheets.",
    ),
    "help.lang": (
        "输出语言：zh（中文，默认）或 en（英文）；也可设环境变量 WORKTASKS_LANG=en",
        "language of the output: zh (Chinese, the default) or en; or set WORKTASKS_LANG=en",
    ),
    "help.usage": ("用法：", "usage: "),
    "help.positionals": ("位置参数", "positional arguments"),
    "help.optionals": ("选项", "options"),
    "help.commands": ("命令", "commands"),
    "help.help": ("显示本帮助并退出", "show this help message and exit"),
    "help.content": ("内容文件夹（默认：content）", "content folder (default: content)"),
    "help.parse": (
        "把每份文件解析为 JSON 输出（多份时输出列表）",
        "Print one JSON object per document (a list when several) on stdout.",
    ),
    "help.paths": ("文件", "document files"),
    "help.check": (
        "输出内容文件夹中每份文件的解析报告",
        "Print the parse report for every document in the content folder.",
    ),
    "help.strict": ("有任何警告即失败", "fail on any warning"),
    "help.build": (
        "解析 content/，写出文档文件夹，再生成、索引、检查并发布 site/",
        "Parse content/, write the docs folder, then build, index, check and publish site/.",
    ),
    "help.docs": ("生成的 Markdown 文件夹", "generated Markdown folder"),
    "help.site": ("发布的网站（符号链接）", "published site (a symlink)"),
    "help.releases": ("生成各版网站的文件夹", "where releases are built"),
    "help.config": ("MkDocs 配置文件", "MkDocs configuration"),
    "help.no_publish": ("只写出文档文件夹", "only write the docs folder"),
    "help.partition": (
        "只构建 K 个分区中的第 I 个（I/K，从 0 数起），不发布",
        "build partition I of K only (I/K, from 0), publish nothing",
    ),
    "help.partitions": ("分区数（与各分区构建时相同）", "number of partitions (as built)"),
    "help.assemble": (
        "把已构建的各分区合成一个网站，再索引、检查并发布 site/",
        "Put the built partitions together into one site, then index, check and publish site/.",
    ),
    "help.demo": (
        "每页标注“演示数据”（make demo 使用；不用于 site/）",
        "mark every page 演示数据 (make demo; never for site/)",
    ),
    "help.template": (
        "为每份文件生成各单位填写的空白进展填报表",
        "Write the blank progress reporting sheet(s) units fill in, one per document.",
    ),
    "help.documents": ("文件编号（默认：全部）", "document ids (default: all)"),
    "help.unit": ("只含该单位牵头的任务", "only the tasks this unit leads"),
    "help.format": ("填报表格式", "format of the sheets"),
    "help.out": ("填报表存放的文件夹", "folder for the sheets"),
    # Reading files (ingest).
    "ingest.unknown_format": (
        "不是本网站能读取的文件格式（{suffix}）",
        "not a document format this site reads ({suffix})",
    ),
    "ingest.no_suffix": ("无后缀", "none"),
    "ingest.cannot_read": ("无法读取文件：{reason}", "cannot read file: {reason}"),
    "ingest.empty": ("文件是空的", "file is empty"),
    "ingest.too_big": (
        "文件大小 {size} MB，超过单份文件 {limit} MB 的上限：请确认文件是否正确，或拆分后再放入",
        "file is {size} MB, over the {limit} MB limit for one document: check it is the right"
        " file, or split it",
    ),
    "ingest.binary": ("文件是二进制内容，不是文本文件", "file is binary, not a text document"),
    "ingest.controls_removed": (
        "删除了 {count} 个控制字符或不可见字符（如 NUL）",
        "removed {count} control or invisible character(s), e.g. NUL",
    ),
    "ingest.undecodable": (
        "文件既不是有效的 UTF-8 也不是 GB18030；无法解码的字节已被替换",
        "file is not valid UTF-8 or GB18030; undecodable bytes were replaced",
    ),
    "ingest.symlink": (
        "是符号链接，不读取；请把文件本身放在这里",
        "is a symbolic link; copy the document here instead",
    ),
    # Web pages.
    "html.binary": ("文件是二进制内容，不是网页", "file is binary, not a web page"),
    "html.empty": ("网页是空的", "web page is empty"),
    "html.unreadable": ("无法读取的网页：{error}", "not a readable web page: {error}"),
    "html.too_many_elements": (
        "网页元素超过 {limit} 个：不是一篇文章",
        "web page has over {limit} elements: not one article",
    ),
    "html.too_deep": (
        "网页嵌套超过 {limit} 层：更深处的文字未读取",
        "web page is nested deeper than {limit} elements: the text inside was left out",
    ),
    "html.no_article": (
        "网页没有正文（只有菜单和链接？）",
        "web page has no article text (only menus and links?)",
    ),
    "html.table_too_large": (
        "网页中的一个表格超过 {limit} 个单元格：不是任务表",
        "a table on the page spans over {limit} cells: not a task table",
    ),
    "html.archive_undecodable": (
        "网页存档（MIME）无法解码：{error}",
        "web archive cannot be decoded: {error}",
    ),
    "html.archive_no_page": (
        "网页存档（MIME）中没有 HTML 网页",
        "web archive (MIME) holds no HTML page",
    ),
    # PDF.
    "pdf.no_pages": ("PDF 没有页面", "the PDF has no pages"),
    "pdf.no_text": (
        "PDF 没有可读取的文字（共 {count} 页）",
        "the PDF has no readable text ({count} pages)",
    ),
    "pdf.undecodable_needs_ocr": (
        "文字无法解码（字体缺少编码表，共 {count} 页），需要 OCR 后才能读取",
        "its text cannot be decoded (fonts without an encoding, {count} pages): it needs OCR"
        " before it can be read",
    ),
    "pdf.scan_needs_ocr": (
        "扫描件（无文字层，共 {count} 页），需要 OCR 后才能读取",
        "a scan (no text layer, {count} pages): it needs OCR before it can be read",
    ),
    "pdf.scanned_pages": (
        "第 {pages} 页无文字层（扫描页），这些页的内容需要 OCR 后才能读取",
        "page(s) {pages} have no text layer (scanned): their content needs OCR",
    ),
    "pdf.undecodable_pages": (
        "第 {pages} 页文字无法解码，这些页的内容需要 OCR 后才能读取",
        "the text of page(s) {pages} cannot be decoded: their content needs OCR",
    ),
    "pdf.encrypted": (
        "PDF 已加密（需要密码），请提供未加密的文件",
        "the PDF is encrypted (needs a password): provide an unencrypted file",
    ),
    "pdf.unsupported_encryption": (
        "PDF 使用了不支持的加密方式，请提供未加密的文件",
        "the PDF uses an unsupported encryption: provide an unencrypted file",
    ),
    "pdf.damaged": (
        "PDF 文件已损坏或不完整，无法读取（{error}）",
        "the PDF is damaged or incomplete and cannot be read ({error})",
    ),
    "pdf.page_unreadable": (
        "第 {page} 页无法读取（{error}），已跳过",
        "page {page} cannot be read ({error}); skipped",
    ),
    # Word.
    "docx.no_body": ("Word 文件没有正文", "the Word file has no document body"),
    "docx.too_deep": ("Word 文件嵌套过深（表格套表格）", "the Word file's tables nest too deeply"),
    "docx.skipped_boxes": (
        "跳过了 {count} 个含文字的文本框或嵌入文档：请人工核对",
        "skipped {count} text box(es) or embedded document(s) holding text: check them by hand",
    ),
    "docx.legacy": (
        "这是旧版 Word（.doc）或加密文件，请另存为 .docx",
        "a legacy .doc or an encrypted file: save it as .docx",
    ),
    "docx.too_big": (
        "Word 文件解压后过大（超过 256 MB）",
        "the Word file unpacks to over 256 MB",
    ),
    "docx.not_word": (
        "不是 Word 文档（没有 Word 正文部分，可能是其他 Office 文件）",
        "not a Word document (no Word document part: another Office file?)",
    ),
    "docx.not_zip": (
        "Word 文件已损坏或不是 .docx（{error}）",
        "the Word file is damaged or not a .docx (not a zip file: {error})",
    ),
    "docx.damaged": (
        "Word 文件已损坏（{error}）",
        "the Word file is damaged (cannot read .docx: {error})",
    ),
    # Spreadsheets.
    "sheet.too_big": (
        "Excel 文件解压后过大（超过 256 MB）",
        "the Excel file unpacks to over 256 MB",
    ),
    "sheet.damaged_xlsx": (
        "Excel 文件已损坏（{error}）",
        "the Excel file is damaged (cannot read .xlsx: {error})",
    ),
    "sheet.damaged_xls": (
        "Excel 文件已损坏或已加密（{error}）",
        "the Excel file is damaged or encrypted (cannot read .xls: {error})",
    ),
    "sheet.very_large": (
        "工作表“{sheet}”很大：只读取了前 {rows} 行",
        "sheet '{sheet}' is very large: read its first {rows} rows",
    ),
    "sheet.hidden": ("工作表“{sheet}”已隐藏，未读取", "sheet '{sheet}' is hidden and was not read"),
    # Old Word / WPS and OFD.
    "legacy.no_converter": (
        "无法读取旧版 Word/WPS 文件（{suffix}）：本机没有安装 LibreOffice（soffice）。"
        "请用 Word 或 WPS 把它另存为 .docx 或 PDF 后放回原处，或安装 LibreOffice 后重新生成",
        "cannot read an old Word/WPS file ({suffix}): LibreOffice (soffice) is not installed."
        " Save it as .docx or PDF with Word or WPS and put it back, or install LibreOffice and"
        " build again",
    ),
    "legacy.convert_failed": (
        "LibreOffice 无法转换此文件（文件可能已损坏或加密）：请另存为 .docx 或 PDF",
        "LibreOffice cannot convert this file (damaged or encrypted?): save it as .docx or PDF",
    ),
    "legacy.cannot_run": ("无法运行 LibreOffice：{error}", "cannot run LibreOffice: {error}"),
    "legacy.timeout": (
        "LibreOffice 转换超过 {seconds} 秒未完成：请另存为 .docx 或 PDF",
        "LibreOffice did not finish converting within {seconds} seconds: save it as .docx or PDF",
    ),
    "ofd.not_zip": (
        "OFD 文件已损坏（不是可读取的 zip）：{error}",
        "OFD file is damaged (not a readable zip): {error}",
    ),
    "ofd.no_pages": ("OFD 文件没有页面", "OFD file has no pages"),
    "ofd.too_many_pages": (
        "OFD 文件有 {count} 页，超过 {limit} 页的上限",
        "OFD file has {count} pages, over {limit}",
    ),
    "ofd.no_root": (
        "OFD 文件已损坏：OFD.xml 没有指明 DocRoot",
        "OFD file is damaged: OFD.xml names no DocRoot",
    ),
    "ofd.missing_part": (
        "OFD 文件已损坏：缺少部件 {part}",
        "OFD file is damaged: part {part} is missing",
    ),
    "ofd.too_big": (
        "OFD 文件解压后超过 64 MB：拒绝读取",
        "OFD file unpacks to more than 64 MB: refused",
    ),
    "ofd.damaged_part": ("OFD 文件已损坏：{part}：{error}", "OFD file is damaged: {part}: {error}"),
    # Readers and the parse.
    "read.no_tasks": (
        "没有找到任务：没有分工语句、表格或工作事项",
        "no tasks found: no assignment clause, table or work item",
    ),
    "read.table_text_outside_row": (
        "表格中这一行不属于任何编号行",
        "text in the table outside any numbered row",
    ),
    "read.table_row_no_text": (
        "表格第 {row} 行没有任务内容",
        "table row {row} has no task text",
    ),
    "read.duplicate_number": (
        "任务编号 {number} 重复（第 {line} 行已有）",
        "duplicate task number {number} (also at line {line})",
    ),
    "read.no_assignment": (
        "任务 {number} 没有分工：找不到责任单位",
        "task {number} has no assignment: no responsible unit found",
    ),
    "read.id_taken": (
        "文件编号已被另一份文件使用；改用 {id}（可在侧车文件中写 id:）",
        "document id already used by another document; using {id} (set id: in a sidecar)",
    ),
    "read.notice_line": (
        "{path} 第 {line} 行注明“{notice}”：整份文件不公开发布"
        "（经审核可以公开的，在同名 .yml 侧车文件中写 public: true）",
        "{path} line {line} says “{notice}”: nothing of the document is published"
        " (once reviewed as public, write public: true in its .yml sidecar)",
    ),
    "read.notice_aside": (
        "{path} 的页眉、页脚、文本框或水印注明“{notice}”：整份文件不公开发布"
        "（经审核可以公开的，在同名 .yml 侧车文件中写 public: true）",
        "a page header, footer, text box or watermark of {path} says “{notice}”: nothing of"
        " the document is published (once reviewed as public, write public: true in its .yml"
        " sidecar)",
    ),
    "read.sidecar": ("侧车文件", "the sidecar"),
    "read.missing_section": (
        "{where}: 章节「{title}」标为不公开，但文档中没有这一章节，整个文档暂不发布{hint}",
        "{where}: section 「{title}」 is marked not public but the document has no such"
        " section: the whole document is held back{hint}",
    ),
    "read.closest_sections": ("；最接近的章节：{titles}", "; closest sections: {titles}"),
    "read.list_separator": ("、", ", "),
    "read.sidecar_near_miss": (
        "侧车文件名与文档 '{document}' 不完全一致（大小写、空格、Unicode 形式或多余的后缀）："
        "请改名为 '{wanted}'；该文档暂不发布",
        "the sidecar's name does not exactly match the document '{document}' (letter case,"
        " spaces, Unicode form or an extra suffix): rename it '{wanted}'; the document is held"
        " back",
    ),
    "read.sidecar_both": (
        "'{yml}' 与 '{yaml}' 同时存在，请只保留一个；该文档暂不发布",
        "both '{yml}' and '{yaml}' exist: keep only one; the document is held back",
    ),
    "read.sidecar_two_documents": (
        "侧车文件同时对应 '{first}' 和 '{second}'，无法确定属于哪一个："
        "请给文档改用不同的名称；该文档暂不发布",
        "the sidecar fits both '{first}' and '{second}': give the documents different names;"
        " the document is held back",
    ),
    "read.folder_symlink": (
        "是符号链接，不读取（请放入真实的文件夹）",
        "is a symbolic link, not read (put a real folder here)",
    ),
    "read.orphan_sidecar": (
        "侧车文件找不到对应的文档（文件名须与文档完全一致）",
        "sidecar without a document (its name must match the document's exactly)",
    ),
    "read.entry_symlink": ("是符号链接，不读取", "is a symbolic link, not read"),
    "read.subfolder": ("子文件夹不读取，已跳过", "sub-folders are not read; skipped"),
    "read.not_document": (
        "不是可读取的文档格式（如备份文件），已跳过",
        "not a document format (a backup?); skipped",
    ),
    "read.copy": (
        "像是 '{original}' 的副本，可能带着原件的不公开内容却没有侧车文件："
        "暂不发布（请删除，或改用正式名称）",
        "looks like a copy of '{original}', which may hold the original's private text"
        " without its sidecar: held back (delete it or give it a proper name)",
    ),
    # The self-check (what looks misread).
    "check.task": ("任务 {number} ", "task {number} "),
    "check.no_units": ("{task}没有责任单位", "{task}has no responsible unit"),
    "check.unit": ("{task}的责任单位“{name}”{why}", "{task}has a unit “{name}” that {why}"),
    "check.leader": ("{task}的领导“{name}”{why}", "{task}has a leader “{name}” that {why}"),
    "check.label_title": (
        "{task}的标题是标签行：{text}",
        "{task}has a label line as title: {text}",
    ),
    "check.no_region": (
        "未识别出地区：请在同名 .yml 旁注文件中写 region（如 某某市某某区）",
        "no region recognised: write region: in the .yml sidecar (e.g. 某某市某某区)",
    ),
    "check.unbalanced": ("括号不成对", "has unbalanced brackets"),
    "check.digits": ("含有数字", "contains digits"),
    "check.label_word": ("含有标签文字", "contains a label word"),
    "check.office_leader": ("像是单位而不是领导姓名", "looks like an office, not a person"),
    "check.table_no_units": (
        "表格读出 {tasks} 项任务，但没有一项有责任单位或领导：请检查表头（可在旁注中用 columns"
        " 写明各列）",
        "the table gave {tasks} tasks but none has a unit or leader: check the header (a"
        " sidecar's columns: can say what each column holds)",
    ),
    "check.body_task": (
        "第 {line} 行像一项任务（有任务编号或责任单位、牵头领导），但没有读成任务：「{text}」"
        "，请检查原文的版式",
        "line {line} looks like a task (a task number or a responsible unit or leader) but was"
        " not read as one: 「{text}」; check the source's layout",
    ),
    "check.body_heading": (
        "第 {line} 行像章节标题，但没有读成章节：「{text}」，请检查原文的版式",
        "line {line} looks like a section heading but was not read as one: 「{text}」; check"
        " the source's layout",
    ),
    "check.table_no_header": (
        "第 {line} 行起的表格（{rows} 行）没有表头行，读不出哪一列是任务、哪一列是责任单位，"
        "这些行只当作正文：请在表格上方补一行表头（如“序号 | 工作任务 | 责任单位”）；"
        "表头用词本系统不认识时，在同名 .yml 旁注文件中用 columns: 写明各列（如 columns:"
        " {{包干人: leader}}）",
        "the table from line {line} ({rows} rows) has no header row, so no column is known to"
        " hold the task or the responsible unit and its rows are read as text: add a header"
        " row above it (e.g. 序号 | 工作任务 | 责任单位); where the header's words are unknown,"
        " name the columns in the .yml sidecar with columns: (e.g. columns: {{包干人: leader}})",
    ),
    "check.header_unread": (
        "这一行像表头，但表格没有读出来（{filled} 行中 {text} 行只是正文，{tasks} 项任务）："
        "可能是没有分隔符的表格，请检查原文",
        "this line looks like a table header but no table was read ({text} of {filled} lines"
        " are only text, {tasks} tasks): perhaps a table without separators; check the source",
    ),
    # Staff YAML (config.py, labels.py).
    "config.settings_mapping": (
        "应为“设置: 值”的映射",
        "expected a mapping of setting: value",
    ),
    "config.unknown_setting": (
        "未知设置 '{key}'（可用：{known}）",
        "unknown setting '{key}' (known: {known})",
    ),
    "config.unknown_setting_close": (
        "未知设置 '{key}'，是否应为 '{close}'？",
        "unknown setting '{key}': did you mean '{close}'?",
    ),
    "config.not_boolean": (
        "'{key}' 应为 true 或 false，实为 {value}",
        "'{key}' must be true or false, got {value}",
    ),
    "config.as_of": (
        "'as_of' 应写作 2023-06-30，实为 {value}",
        "'as_of' must be written 2023-06-30, got {value}",
    ),
    # site_url and the footer settings (config.site_address, config._portal_setting).
    "config.not_text": ("'{key}' 应为一段文字，实为 {value}", "'{key}' must be text, got {value}"),
    "config.setting_line": (
        "'{key}' 应为一行文字（不超过 {limit} 字，不含 < >）",
        "'{key}' must be one line of text (at most {limit} characters, no < >)",
    ),
    "config.personal_in_setting": (
        "'{key}' 含个人手机号、身份证号或个人邮箱：网站每页底部都会公开显示，请删去",
        "'{key}' holds a mobile, an identity-card number or a private mailbox: every page's"
        " footer would show it; remove it",
    ),
    "config.office_phone": (
        "'contact_phone' 应为办公电话，不能写个人手机号（网站底部公开显示）",
        "'contact_phone' must be an office number, not a mobile (the footer shows it)",
    ),
    "config.office_mail": (
        "'{key}' 应为单位公务邮箱，不能写个人邮箱（网站底部公开显示）",
        "'{key}' must be an office mailbox, not a personal one (the footer shows it)",
    ),
    "config.not_mail": (
        "'contact_email' 不是邮箱地址：{value}",
        "'contact_email' is not a mail address: {value}",
    ),
    "config.web_address": (
        "'{key}' 应为以 http:// 或 https:// 开头的完整网址，实为 {value}",
        "'{key}' must be a full address starting with http:// or https://, got {value}",
    ),
    "config.site_url_plain": (
        "'site_url' 只写网站地址（如 https://www.example.gov.cn/rwgk/），"
        "不带 ?、# 或用户名：{value}",
        "'site_url' is the site's address only (https://www.example.gov.cn/rwgk/), "
        "without ?, # or a user name: {value}",
    ),
    "build.no_site_url": (
        "{path}: 未设置 site_url（网站的正式地址）：订阅（RSS）和开放数据中的链接只能是相对地址，"
        "站点地图为空，页面没有规范网址和分享图片；请在 site.yml 中填写，"
        "如 site_url: https://www.example.gov.cn/rwgk/",
        "{path}: no site_url (the site's public address): links in the feeds and open data "
        "can only be relative, the sitemap is empty, pages have no canonical address or share "
        "image; set it in site.yml, e.g. site_url: https://www.example.gov.cn/rwgk/",
    ),
    "config.symlink": (
        "是符号链接，不读取（请放入文件本身）",
        "is a symbolic link, not read (put the file itself here)",
    ),
    "config.too_big": (
        "文件过大（{size} 字节，上限 {limit}）",
        "file too large ({size} bytes, limit {limit})",
    ),
    "config.cannot_read": ("无法读取：{error}", "cannot read: {error}"),
    "config.invalid_value": ("值无效：{error}", "invalid value: {error}"),
    "config.too_deep": ("YAML 嵌套过深", "YAML nested too deeply"),
    "config.invalid_yaml": ("YAML 格式有误：{problem}", "invalid YAML: {problem}"),
    "config.yaml_tab": (
        "YAML 格式有误：第 {line} 行用了制表符（Tab）缩进，YAML 只能用空格缩进；请把 Tab 换成空格",
        "invalid YAML: line {line} is indented with a tab; YAML allows only spaces for indentation",
    ),
    "config.yaml_quote": (
        "YAML 格式有误：第 {line} 行开始的引号没有结束：请补上配对的引号（\" 或 '），"
        "或去掉多余的引号",
        "invalid YAML: the quote opened on line {line} is never closed: add the matching "
        "quote or remove it",
    ),
    "config.yaml_escape": (
        "YAML 格式有误：第 {line} 行双引号中的反斜杠 \\ 无效：请改用单引号括起这个值",
        "invalid YAML: line {line}: a backslash \\ inside double quotes is not valid; "
        "use single quotes",
    ),
    "config.yaml_bracket": (
        "YAML 格式有误：第 {line} 行开始的方括号 [ 或花括号 {{ 没有正确结束："
        "请检查是否缺少 ] 或 }}，或各项之间缺少逗号",
        "invalid YAML: the [ or {{ opened on line {line} is not closed properly: "
        "a ] or }} or a comma between items is missing",
    ),
    "config.yaml_colon": (
        "YAML 格式有误：第 {line} 行冒号用法有误：可能这一行比上一行多缩进了，"
        "或键后的冒号“:”后面缺少空格；值里本身含有冒号时，请把整个值用引号括起来",
        "invalid YAML: line {line}: a colon is misplaced: perhaps the line is indented more "
        "than the one before, or the colon ending a key lacks a space; quote a value "
        "containing a colon",
    ),
    "config.yaml_no_colon": (
        "YAML 格式有误：第 {line} 行附近找不到“键: 值”中的冒号：可能漏了冒号，"
        "或用了全角冒号“：”，或一段文字换行后没有缩进",
        "invalid YAML: near line {line} the colon of a 'key: value' is missing: perhaps "
        "a full-width colon, or a wrapped text line that is not indented",
    ),
    "config.yaml_duplicate": (
        "YAML 格式有误：第 {line} 行的键重复：同一个键只能写一次",
        "invalid YAML: line {line}: the key is repeated; write each key once",
    ),
    "config.yaml_indent": (
        "YAML 格式有误：第 {line} 行缩进不对：同一层的各项要对齐，下一层比上一层多缩进几个空格",
        "invalid YAML: line {line} is indented wrongly: items of one level align, "
        "a nested level is indented further",
    ),
    "config.yaml_reserved": (
        "YAML 格式有误：第 {line} 行的值以 YAML 的特殊符号（如 @ ` %）开头：请把整个值用引号括起来",
        "invalid YAML: line {line}: the value starts with a character YAML reserves "
        "(@ ` %); quote it",
    ),
    "config.yaml_alias": (
        "YAML 格式有误：第 {line} 行的 * 或 & 被当作引用：值以 * 或 & 开头时请用引号括起来",
        "invalid YAML: line {line}: * or & is read as a reference; quote a value "
        "starting with * or &",
    ),
    "config.yaml_documents": (
        "YAML 格式有误：第 {line} 行又开始了一份内容（---）：一个文件只能写一份",
        "invalid YAML: line {line} starts a second document (---): a file holds one only",
    ),
    "config.yaml_control": (
        "YAML 格式有误：第 {line} 行含有不可见的控制字符：请删除后重新保存（建议用 UTF-8 编码）",
        "invalid YAML: line {line} holds an invisible control character: remove it "
        "and save as UTF-8",
    ),
    "config.yaml_tag": (
        "YAML 格式有误：第 {line} 行的值以 ! 开头，被当作 YAML 标记：请把整个值用引号括起来",
        "invalid YAML: line {line}: a value starting with ! is read as a YAML tag; quote it",
    ),
    "config.too_many_aliases": (
        "别名（*引用）过多，上限 {limit} 个",
        "too many aliases (*references), limit {limit}",
    ),
    "config.recursive_alias": (
        "别名引用了自身（循环引用）",
        "an alias refers to itself (recursion)",
    ),
    "config.duplicate_key": (
        "重复的键 '{key}'（第 {line} 行已有）；YAML 只会保留最后一个",
        "duplicate key '{key}' (also at line {line}); YAML would keep only the last one",
    ),
    "config.too_large": (
        "展开后过大（超过 {limit} 项）",
        "too large once expanded (over {limit} nodes)",
    ),
    "config.without_aliases": (
        "{error}（发布时不使用单位别名）",
        "{error} (published without unit aliases)",
    ),
    "config.without_indicators": (
        "{error}（发布时不使用指标名称）",
        "{error} (published without indicator names)",
    ),
    "config.units_mapping": (
        "应为含 'aliases' 和 'collectives' 的映射",
        "expected a mapping with 'aliases' and 'collectives'",
    ),
    "config.unknown_field": ("未知字段 '{key}'", "unknown field '{key}'"),
    "config.sidecar_unknown_close": (
        "未知字段 '{key}'：是否应为 '{close}'？该文档暂不发布",
        "unknown field '{key}': did you mean '{close}'? The document is held back",
    ),
    "config.sidecar_unknown_known": (
        "未知字段 '{key}'（可用字段：{known}）；该文档暂不发布",
        "unknown field '{key}' (known fields: {known}); the document is held back",
    ),
    "config.must_be_list": ("'{key}' 应为列表", "'{key}' must be a list"),
    "config.alias_group": (
        "别名组应为名称列表，实为 {value}",
        "an alias group must be a list of names, got {value}",
    ),
    "config.alias_blank": (
        "别名组中有空白名称：{value}",
        "an alias group has a blank name: {value}",
    ),
    "config.bad_pattern": ("无效的模式 {pattern}：{error}", "bad pattern {pattern}: {error}"),
    "config.indicators_list": (
        "应为 'indicators:' 加条目列表",
        "expected 'indicators:' with a list of entries",
    ),
    "config.indicator_name": (
        "指标需要名称（name），实为 {value}",
        "an indicator needs a name, got {value}",
    ),
    "config.synonyms_list": (
        "{name} 的同义词应为列表，实为 {value}",
        "synonyms of {name} must be a list, got {value}",
    ),
    "config.synonym_phrase": (
        "{name} 的同义词应为词语，实为 {value}",
        "a synonym of {name} must be a phrase, got {value}",
    ),
    "config.sidecar_mapping": (
        "侧车文件应为“字段: 值”的映射",
        "a sidecar must be a mapping of field: value",
    ),
    "config.field_type": (
        "字段 '{key}' 应为 {expected}，实为 {value}",
        "field '{key}' must be {expected}, got {value}",
    ),
    "config.sections": (
        "'sections' 应为 {{title: …, public: true|false}} 的列表，实为 {value}",
        "'sections' must be a list of {{title: …, public: true|false}}, got {value}",
    ),
    "config.label_meaning": (
        "{key}：“{name}: {meaning}” 无效；可写的含义（中文或英文均可）：{allowed}",
        "{key}: “{name}: {meaning}” is not valid; meanings (Chinese or English): {allowed}",
    ),
    # Progress reports (progress/load.py, progress/validate.py).
    "progress.problem": ("{where}: {message}（{level}）", "{where}: {message} ({level})"),
    "progress.default_statuses": (
        "{message}；已改用默认状态列表",
        "{message}; the default status list is used",
    ),
    "progress.statuses_list": (
        "应为 statuses: 列表（每项 name、colour、icon、done）",
        "expected statuses: as a list (each with name, colour, icon, done)",
    ),
    "progress.unknown_field": ("未知字段 '{key}'", "unknown field '{key}'"),
    "progress.note_limit": ("note_limit 应为正整数", "note_limit must be a positive whole number"),
    "progress.status_fields": (
        "状态应写 name、colour、icon、done、reason，实为 {value}",
        "a status has name, colour, icon, done, reason; got {value}",
    ),
    "progress.colour": (
        "颜色应写作 #RRGGBB，实为 {value}",
        "a colour is written #RRGGBB, got {value}",
    ),
    "progress.status_twice": ("状态 {name} 重复", "status {name} is listed twice"),
    "progress.no_statuses": ("状态列表为空", "the status list is empty"),
    "progress.too_big": ("文件过大，未读取", "file too large, not read"),
    "progress.cannot_read": ("无法读取：{reason}", "cannot read: {reason}"),
    "progress.yaml_shape": (
        "应为条目列表，或 document: 文件编号 加 entries: 列表",
        "expected a list of entries, or document: <id> with an entries: list",
    ),
    "progress.yaml_list": (
        "应为条目列表（每条写 document、task、date、status、note）",
        "expected a list of entries (each with document, task, date, status, note)",
    ),
    "progress.entry_mapping": (
        "一条进展应为“字段: 值”的映射，实为 {value}",
        "an entry must be a mapping of field: value, got {value}",
    ),
    "progress.unknown_entry_field": (
        "未知字段 '{key}'（可用：{known}）",
        "unknown field '{key}' (known: {known})",
    ),
    "progress.no_header": (
        "找不到表头：需要“任务编号”“进展状态”“进展情况”“填报日期”等列",
        "no header found: the sheet needs columns such as 任务编号, 进展状态, 进展情况, 填报日期",
    ),
    "progress.csv_column": (
        "{path}:{line}（第 {column} 列 {header}）",
        "{path}:{line} (column {column}, {header})",
    ),
    "progress.csv_error": ("CSV 格式有误：{error}", "malformed CSV: {error}"),
    "progress.not_xlsx": ("不是可读取的 XLSX 文件：{error}", "not a readable XLSX file: {error}"),
    "progress.sheet_row": (
        "{path} 工作表“{sheet}”第 {line} 行",
        "{path} sheet “{sheet}” row {line}",
    ),
    "progress.sheet_cell": (
        "{path} 工作表“{sheet}”第 {line} 行 {column} 列（{header}）",
        "{path} sheet “{sheet}” row {line} column {column} ({header})",
    ),
    "progress.no_sheet_header": (
        "没有工作表带有“任务编号”“进展状态”列的表头，未读到进展",
        "no sheet has a header with 任务编号 and 进展状态 columns: no progress was read",
    ),
    "progress.no_status": (
        "缺少进展状态（可用：{known}）",
        "no status given (known: {known})",
    ),
    "progress.unknown_status": (
        "状态“{status}”不在状态列表中（可用：{known}；见 content/statuses.yml）",
        "status “{status}” is not in the status list (known: {known}; see content/statuses.yml)",
    ),
    "progress.note_too_long": (
        "进展情况 {length} 字，超过 {limit} 字上限（content/statuses.yml 的 note_limit）",
        "the note has {length} characters, over the limit of {limit} (note_limit in"
        " content/statuses.yml)",
    ),
    "progress.needs_reason": (
        "状态“{status}”须写明原因（reason / 调整原因）：调整了什么、为什么",
        "status “{status}” needs a reason (reason / 调整原因): what changed and why",
    ),
    "progress.bad_evidence": (
        "佐证链接“{link}”不是 http:// 或 https:// 地址",
        "evidence link “{link}” is not an http:// or https:// address",
    ),
    "progress.duplicate": (
        "重复：第 {task} 项 {date} 的进展已在 {where} 填报",
        "duplicate: progress of task {task} on {date} was already reported at {where}",
    ),
    "progress.out_of_order": (
        "日期 {date} 早于同一任务的上一条（{where}，{before}）：请按时间先后填写",
        "date {date} is before the task's previous entry ({where}, {before}): write entries"
        " in date order",
    ),
    "progress.no_document": (
        "缺少文件编号（document / 文件编号）",
        "no document id given (document / 文件编号)",
    ),
    "progress.did_you_mean": ("是否应为“{close}”？", "did you mean “{close}”?"),
    "progress.use_page_id": (
        "请用文件页面地址中的编号",
        "use the id in the document page's address",
    ),
    "progress.unknown_document": (
        "未知文件“{name}”：没有这个编号的文件；{hint}",
        "unknown document “{name}”: no document has this id; {hint}",
    ),
    "progress.no_task_number": (
        "缺少任务编号（task / 任务编号）",
        "no task number given (task / 任务编号)",
    ),
    "progress.task_not_public": (
        "文件 {document} 的可公开部分没有第 {task} 项任务（可能在不公开的部分）：这条进展不发布",
        "the public part of document {document} has no task {task} (it may be in a part not"
        " published): this entry is not published",
    ),
    "progress.unknown_task": (
        "文件 {document} 中没有第 {task} 项任务",
        "document {document} has no task {task}",
    ),
    "progress.no_date": (
        "缺少日期（date / 填报日期），请写作 2023-06-30",
        "no date given (date / 填报日期): write it 2023-06-30",
    ),
    "progress.bad_date": (
        "日期“{date}”无法识别，请写作 2023-06-30",
        "date “{date}” cannot be read: write it 2023-06-30",
    ),
    "progress.after_as_of": (
        "日期 {date} 晚于数据截止日期 {as_of}（content/site.yml 的 as_of，未设置时为今天）",
        "date {date} is after the data's as-of date {as_of} (as_of in content/site.yml, today"
        " when not set)",
    ),
    # Publishing (release, search, links).
    "publish.step_failed": (
        "{what} 失败（退出码 {code}）；site/ 未改变",
        "{what} failed (exit {code}); site/ left unchanged",
    ),
    "publish.partition_failed": (
        "分区构建失败（分区 {numbers}）；site/ 未改变",
        "partitioned build failed (partition {numbers}); site/ left unchanged",
    ),
    "publish.partition_overlap": (
        "两个分区都生成了 {path}；site/ 未改变",
        "two partitions both wrote {path}; site/ left unchanged",
    ),
    "publish.partition_missing": (
        "分区 {numbers} 尚未构建或已过期（{cache}）：先对每个分区运行 build --partition I/K；"
        "site/ 未改变",
        "partition {numbers} not built or out of date ({cache}): run build --partition I/K "
        "for each partition first; site/ left unchanged",
    ),
    "publish.nothing_indexed": (
        "没有页面被编入搜索索引；site/ 未改变",
        "no page was indexed for search; site/ left unchanged",
    ),
    "publish.broken_links": (
        "{count} 个失效链接或外部链接：\n  {links}",
        "{count} broken or external links:\n  {links}",
    ),
    "publish.external_host": ("{link}（外部网站）", "{link} (external host)"),
    "publish.search_failed": (
        "搜索索引（Pagefind）失败：{error}；site/ 未改变",
        "the search index (Pagefind) failed: {error}; site/ left unchanged",
    ),
    "publish.locked": (
        "另一个构建正在进行（{lock} 已锁定）；请等它结束后再运行",
        "another build is running ({lock} is locked); wait for it to finish, then run again",
    ),
    "publish.not_pagefind_file": ("不是 Pagefind 数据文件", "not a Pagefind data file"),
    "publish.pagefind_meta_layout": (
        "Pagefind 元数据的格式与预期不同",
        "unexpected Pagefind meta layout",
    ),
    "publish.pagefind_failed": ("pagefind 运行失败：{error}", "pagefind failed: {error}"),
    "publish.leaves_site": ("（指向网站之外）", " (leaves the site)"),
    "publish.no_anchor": ("（没有这个锚点）", " (no such anchor)"),
    # Rendering the site's pages (site/parallel.py).
    "render.failed": ("页面 {page} 生成失败：{error}", "rendering {page} failed: {error}"),
    "render.workers_died": (
        "生成页面的子进程意外退出：{error}",
        "a page-rendering worker process died: {error}",
    ),
    # Build stages as they run (generator/stages.py): names, then the start and end lines.
    "stage.parse": ("解析文档", "Parsing documents"),
    "stage.render": ("生成页面", "Rendering pages"),
    "stage.mkdocs": ("MkDocs 构建", "MkDocs build"),
    "stage.search": ("建立搜索索引", "Building the search index"),
    "stage.links": ("检查链接", "Checking links"),
    "stage.publish": ("发布网站", "Publishing the site"),
    "stage.items": ("共 {count} 项", "{count} items"),
    "stage.documents": ("共 {count} 份", "{count} documents"),
    "stage.started": ("开始：{name}", "Started: {name}"),
    "stage.started_count": ("开始：{name}（{count}）", "Started: {name} ({count})"),
    "stage.finished": ("完成：{name}，用时 {seconds} 秒", "Done: {name} in {seconds} s"),
    "stage.stopped": ("中止：{name}，用时 {seconds} 秒", "Stopped: {name} after {seconds} s"),
    "publish.no_file": ("（没有这个文件）", " (no such file)"),
    "publish.unchanged": (
        "内容、配置和程序均未改变，网站保持不变（{site}）",
        "content, configuration and code are unchanged; the site stays as it is ({site})",
    ),
}
