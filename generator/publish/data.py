"""The open-data files: all tasks as JSON and CSV, one JSON per document, the schema, a feed."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import format_datetime
from importlib import resources
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree

from generator.ingest.extracted import remove_unsafe
from generator.model import LEAD, SUPPORT
from generator.publish.progress_data import PROGRESS_HEADERS, add_progress, progress_files
from generator.site.catalogue import DEFAULT_LICENCE, DataCatalogue, DataField, DataFile
from generator.site.gather import Site, TaskPage
from generator.site.progress_pages import site_date
from generator.site.render import KIND_NAMES, MEASURE_NAMES, SITE_NAME, dest_uri
from generator.site.serialize import document_json

CSV_COLUMNS = (
    "document_id",
    "document_title",
    "region",
    "year",
    "task_id",
    "number",
    "section",
    "title",
    "text",
    "leaders",
    "lead_units",
    "support_units",
    "deadline",
    "indicators",
    "source_lines",
    "url",
    # Added in schema 1.1 (progress): empty when no progress is published.
    "status",
    "status_date",
)


NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def csv_cell(value: object) -> str:
    """A CSV cell Excel will not run: text starting with = + - @ is prefixed with '."""
    text = str(value)
    if NUMBER.fullmatch(text):
        return text  # -2 is a number to Excel, not a formula: keep it one
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def number_cell(value: float | None) -> str:
    """Write a number as the document did: 2500 and 7 (not 2500.0, 7.0), 5.5, never 1e+16."""
    if value is None:
        return ""
    # repr() is the shortest text that reads back as the same float; normalize() drops the
    # trailing zeros and "f" spells out exponents (1e-05 as 0.00001).
    return format(Decimal(repr(value)).normalize(), "f")


def line_span(first: int, last: int) -> str:
    """Source lines as people write them: 37 for one line, 37-39 for several."""
    return str(first) if last <= first else f"{first}-{last}"


def to_json(data: Any) -> str:
    """Serialise with sorted keys off and stable spacing, so output is byte-identical."""
    # The bytes are exactly json.dumps(data, ensure_ascii=False, indent=2), which runs the
    # pure-Python encoder (any indent does): one generator step per value, 860,000 at 3,740
    # tasks. Here each container without containers inside is written by the C encoder in one
    # call, its separator carrying the line break and indentation; anything else falls back.
    try:
        return _indented(data, "\n") + "\n"
    except _Unusual:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def indent_json(text: str) -> str:
    """Indent JSON written by to_json (without its last newline) one level, as in a list."""
    # JSON text never holds a raw line break (inside strings it is written \\n), so every
    # line break is one of the layout's.
    return "  " + text.replace("\n", "\n  ")


def list_json(items: list[str]) -> str:
    """Write a JSON list of values already written by to_json, as to_json writes the list."""
    if not items:
        return "[]\n"
    return "[\n" + ",\n".join(indent_json(item.removesuffix("\n")) for item in items) + "\n]\n"


class _Unusual(Exception):
    """A value to_json's fast path does not write (keys not text, another type): json does."""


_CONTAINERS = (dict, list, tuple)
# One C encoder per depth: its item separator carries the line break and the indentation.
_ENCODERS: dict[str, json.JSONEncoder] = {}


def _encoder(newline: str) -> json.JSONEncoder:
    encoder = _ENCODERS.get(newline)
    if encoder is None:
        encoder = json.JSONEncoder(ensure_ascii=False, separators=("," + newline, ": "))
        _ENCODERS[newline] = encoder
    return encoder


def _indented(value: Any, newline: str) -> str:
    """Write value as json.dumps(indent=2) does at the depth newline ("\\n" + indentation) says."""
    kind = type(value)
    if kind is dict:
        if not value:
            return "{}"
        if any(type(key) is not str for key in value):
            raise _Unusual
        inner = newline + "  "
        if not any(isinstance(item, _CONTAINERS) for item in value.values()):
            body = _encoder(inner).encode(value)
            return "{" + inner + body[1:-1] + newline + "}"
        encode = json.encoder.encode_basestring
        parts = [encode(key) + ": " + _indented(item, inner) for key, item in value.items()]
        return "{" + inner + ("," + inner).join(parts) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = newline + "  "
        if not any(isinstance(item, _CONTAINERS) for item in value):
            body = _encoder(inner).encode(list(value))
            return "[" + inner + body[1:-1] + newline + "]"
        return (
            "["
            + inner
            + ("," + inner).join(_indented(item, inner) for item in value)
            + newline
            + "]"
        )
    if isinstance(value, _CONTAINERS):
        raise _Unusual  # a subclass: json's own rules apply
    return _encoder(newline).encode(value)


def page_address(src_path: str, site_url: str = "") -> str:
    """A page's address: absolute under site_url when it is set, else relative to the site root."""
    # Open data is downloaded and read elsewhere, where only an absolute address still leads back.
    return urljoin(site_url, dest_uri(src_path)) if site_url else dest_uri(src_path)


def tasks_csv(site: Site, site_url: str = "") -> bytes:
    """Every task, one row each, UTF-8 with a BOM so Excel opens the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([TASK_HEADERS[column][0] for column in CSV_COLUMNS])
    for page in site.tasks:
        task = page.task
        document = page.document.document
        row = (
            document.id,
            document.title,
            page.document.government.name,
            document.year or "",
            task.id,
            task.number,
            " › ".join(task.section[1:]),
            page.title,
            task.text,
            "、".join(leader.name for leader in task.leaders),
            "、".join(page.written[unit] for unit, role in page.units if role == LEAD),
            "、".join(page.written[unit] for unit, role in page.units if role == SUPPORT),
            task.deadline,
            "；".join(i.text for i in task.indicators),
            line_span(task.line, task.end_line),
            page_address(page.path, site_url),
            *_status_cells(site, page),
        )
        writer.writerow([csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def feed_xml(site: Site, site_url: str = "") -> bytes:
    """An RSS 2.0 feed of the published documents, newest first.

    RSS wants absolute links: they are, under site_url; without it they are relative to the
    feed (the build warns), which most readers resolve against the feed's own address.
    """
    rss = ElementTree.Element("rss", version="2.0")
    channel = ElementTree.SubElement(rss, "channel")
    for tag, text in (
        ("title", SITE_NAME),
        ("link", site_url or "./"),
        ("description", "各地政府工作报告重点任务责任分工公开"),
        ("language", "zh-cn"),
    ):
        ElementTree.SubElement(channel, tag).text = text
    pages = sorted(site.documents, key=lambda p: (p.document.date, p.document.id), reverse=True)
    for page in pages:
        document = page.document
        item = ElementTree.SubElement(channel, "item")
        link = page_address(page.path, site_url)
        # XML 1.0 cannot hold control characters (a form feed from a PDF, say).
        ElementTree.SubElement(item, "title").text = remove_unsafe(document.title)
        ElementTree.SubElement(item, "link").text = link
        ElementTree.SubElement(item, "guid", isPermaLink="false").text = document.id
        ElementTree.SubElement(item, "description").text = remove_unsafe(
            f"{page.government.name} {document.year or ''} {document.kind}，"
            f"共 {len(page.tasks)} 项任务"
        )
        try:
            when = datetime.strptime(document.date, "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            pass  # no date, or one that does not exist (2023年2月30日): no pubDate
        else:
            ElementTree.SubElement(item, "pubDate").text = format_datetime(when)
    ElementTree.indent(rss)
    body: bytes = ElementTree.tostring(rss, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


INDICATOR_COLUMNS = (
    "indicator",
    "kind",
    "year",
    "region",
    "level",
    "measure",
    "value",
    "high",
    "unit",
    "qualifier",
    "aim",
    "text",
    "document_id",
    "task_id",
    "source_line",
    "url",
)


def indicator_records(site: Site, site_url: str = "") -> list[dict[str, Any]]:
    """One record per stated target or reported result, across every public document."""
    records = []
    for page in site.indicators:
        for row in page.rows:
            i = row.indicator
            records.append(
                {
                    "indicator": i.name,
                    "kind": i.kind,
                    "year": i.year,
                    "region": row.document.government.name,
                    "level": row.level,
                    "measure": i.measure,
                    "value": i.value,
                    "high": i.high,
                    "unit": i.unit,
                    "qualifier": i.qualifier,
                    "aim": i.aim,
                    "text": i.text,
                    "document_id": row.document.document.id,
                    "task_id": i.task,
                    "source_line": i.line or None,
                    "url": page_address(row.task.path if row.task else row.document.path, site_url),
                }
            )
    return records


def indicator_row(record: dict[str, Any]) -> list[str]:
    """One indicator record as a CSV row a person reads: Chinese words, numbers as written."""
    # The JSON keeps the codes (target, growth) for programs; Excel readers get the words the
    # indicator pages show.
    words = {
        "kind": KIND_NAMES.get(record["kind"], record["kind"]),
        "measure": MEASURE_NAMES.get(record["measure"], record["measure"]),
        "value": number_cell(record["value"]),
        "high": number_cell(record["high"]),
    }
    return [
        csv_cell(words.get(c, "" if record[c] is None else record[c])) for c in INDICATOR_COLUMNS
    ]


def indicators_csv(records: list[dict[str, Any]]) -> bytes:
    """The indicator records as CSV, UTF-8 with a BOM for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([INDICATOR_HEADERS[column][0] for column in INDICATOR_COLUMNS])
    for record in records:
        writer.writerow(indicator_row(record))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _status_cells(site: Site, page: TaskPage) -> tuple[str, str]:
    """A task's current status and its date, for tasks.csv ("" when none)."""
    latest = site.tracking.of(page).latest if site.tracking else None
    return (latest.status, latest.date) if latest else ("", "")


def data_files(site: Site, site_url: str = "") -> dict[str, str | bytes]:
    """Return {path under the docs folder: content} for every open-data file.

    site_url (content/site.yml) makes the addresses in the CSV files, the indicator records
    and the feeds absolute.
    """
    documents = [document_json(page.document) for page in site.documents]
    add_progress(documents, site)
    indicators = indicator_records(site, site_url)
    # Each document is written once: tasks.json is their list, the same text indented.
    written = [to_json(data) for data in documents]
    files: dict[str, str | bytes] = {
        "data/tasks.json": list_json(written),
        "data/tasks.csv": tasks_csv(site, site_url),
        "data/indicators.json": to_json(indicators),
        "data/indicators.csv": indicators_csv(indicators),
        "feed.xml": feed_xml(site, site_url),
        "data/document.schema.json": resources.files("generator")
        .joinpath("schema/document.schema.json")
        .read_text(encoding="utf-8"),
    }
    for data, text in zip(documents, written, strict=True):
        files[f"data/documents/{data['id']}.json"] = text
    files.update(progress_files(site, csv_cell, site_url))
    return files


# The CSV files are read in Excel by people, so their header row is Chinese; the JSON files keep
# the English keys (machine names), listed beside them on the 数据下载 page.
TASK_HEADERS: dict[str, tuple[str, str]] = {
    "document_id": ("文件编号", "文件在本站的编号，即文件页面地址中的那一段"),
    "document_title": ("文件标题", "文件的标题"),
    "region": ("地区", "发布文件的地区"),
    "year": ("年份", "文件部署工作的年度"),
    "task_id": ("任务编号", "任务在本站的唯一编号：文件编号加任务序号"),
    "number": ("序号", "任务在文件中的序号"),
    "section": ("所属部分", "任务所在的部分，多级之间以 › 分隔"),
    "title": ("任务名称", "任务的简称（文件写明的标题或任务内容的开头）"),
    "text": ("任务内容", "文件中该项任务的全文"),
    "leaders": ("牵头领导", "负责该项任务的领导，多人以顿号分隔"),
    "lead_units": ("牵头单位", "牵头负责的单位，多个以顿号分隔"),
    "support_units": ("配合单位", "配合完成的单位，多个以顿号分隔"),
    "deadline": ("完成时限", "文件写明的完成时限"),
    "indicators": ("指标", "任务中写明的指标目标，多项以分号分隔"),
    "source_lines": ("原文行号", "任务在原文中的行号：一行时如 37，多行时为起止行，如 37-39"),
    "url": ("网址", "该项任务在本站的页面"),
    "status": ("进展状态", "最新报送的进展状态；未发布进展时为空"),
    "status_date": ("进展日期", "最新一次进展的填报日期"),
}

INDICATOR_HEADERS: dict[str, tuple[str, str]] = {
    "indicator": ("指标", "指标名称（同义的写法已统一）"),
    "kind": ("类型", "目标或实绩"),
    "year": ("年份", "目标或实绩所属的年度"),
    "region": ("地区", "发布文件的地区"),
    "level": ("级别", "地区的行政级别"),
    "measure": ("口径", "增长（增长幅度）、数值（总量或水平）或比率"),
    "value": ("数值", "目标或实绩的数值，如 2500、5.5；区间时为下限；定性目标为空"),
    "high": ("上限", "区间目标的上限，否则为空"),
    "unit": ("单位", "数值的单位"),
    "qualifier": ("限定", "数值前后的限定词，如“以上”“左右”"),
    "aim": ("力争目标", "目标之外写明的更高要求，如“力争7%”“力争更高”；未写明时为空"),
    "text": ("原文", "文件中写明该指标的原话"),
    "document_id": ("文件编号", "出自哪一份文件"),
    "task_id": ("任务编号", "出自哪一项任务；不在任务中时为空"),
    "source_line": ("原文行号", "在原文中的行号"),
    "url": ("网址", "出处在本站的页面"),
}

# The JSON files keep the machine codes where the CSV files write the words.
INDICATOR_CODES: dict[str, str] = {
    "kind": "target 为目标，result 为实绩",
    "measure": "growth 为增长幅度，level 为数值（总量或水平），rate 为比率",
    "value": "目标或实绩的数值（JSON 数字）；区间时为下限；定性目标为 null",
    "high": "区间目标的上限，否则为 null",
}

DOCUMENT_FIELDS: dict[str, str] = {
    "id": "文件编号，即文件页面地址中的那一段",
    "title": "文件标题",
    "issuer": "发文机关",
    "doc_number": "文号",
    "date": "成文日期（年-月-日）",
    "region": "地区",
    "year": "文件部署工作的年度",
    "kind": "文件类别，如责任分工方案、任务分解表",
    "recipients": "主送机关",
    "cc": "抄送机关",
    "contact": "联系人及电话（个人联系方式已隐去）",
    "report_deadlines": "文件要求报送进展的时间",
    "attachments": "附件名称",
    "disclosure": "公开方式",
    "public": "是否公开（公开数据中均为 true）",
    "sections": "文件的各个部分：标题、序号、层级、所在行",
    "tasks": "任务列表，字段见下",
    "indicators": "全文写明的指标目标与实绩，字段同指标数据",
}

TASK_FIELDS: dict[str, str] = {
    "tasks[].id": "任务编号",
    "tasks[].number": "任务在文件中的序号",
    "tasks[].title": "任务名称",
    "tasks[].text": "任务内容全文",
    "tasks[].section": "任务所在的部分，由上到下",
    "tasks[].leaders": "牵头领导：姓名 name 与职责 role",
    "tasks[].units": "责任单位：名称 name，职责 role（lead 牵头，support 配合），泛指 collective",
    "tasks[].indicators": "任务中写明的指标",
    "tasks[].deadline": "完成时限",
    "tasks[].line": "任务在原文中的起始行",
    "tasks[].end_line": "任务在原文中的结束行",
    "tasks[].progress": "任务进展（发布进展时才有）：最新状态、是否逾期和全部记录",
}

EXAMPLE_LIMIT = 30


def _example(value: object) -> str:
    """A short example of a field's value, as it appears in the file."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= EXAMPLE_LIMIT else text[: EXAMPLE_LIMIT - 1] + "…"


def _first_example(records: list[dict[str, Any]], key: str) -> str:
    """The first non-empty example of key among records."""
    for record in records:
        example = _example(record.get(key))
        if example:
            return example
    return ""


def _csv_fields(body: str | bytes, headers: dict[str, tuple[str, str]]) -> tuple[DataField, ...]:
    """The fields of a CSV file written here, with the first non-empty value as the example."""
    text = body.decode("utf-8-sig") if isinstance(body, bytes) else body.lstrip("\ufeff")
    # A task of a million characters is one cell: past csv's 128 KB default, it would raise.
    # The limit is global, so it is put back for readers of files staff send.
    limit = csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    finally:
        csv.field_size_limit(limit)
    return tuple(
        DataField(name, meaning, _first_example(rows, name)) for name, meaning in headers.values()
    )


def _json_fields(records: list[dict[str, Any]], meanings: dict[str, str]) -> tuple[DataField, ...]:
    """The fields of a JSON file written here; tasks[].x takes its example from the tasks."""
    tasks = [task for record in records for task in record.get("tasks", [])]
    fields = []
    for name, meaning in meanings.items():
        key = name.removeprefix("tasks[].")
        example = _first_example(tasks if key != name else records, key)
        fields.append(DataField(name, meaning, "" if key in ("tasks", "sections") else example))
    return tuple(fields)


def data_catalogue(site: Site, files: dict[str, str | bytes], licence: str = "") -> DataCatalogue:
    """Describe the open-data files for the 数据下载 page from the very bytes written."""

    def size(path: str) -> int:
        body = files[path]
        return len(body.encode("utf-8") if isinstance(body, str) else body)

    documents = json.loads(files["data/tasks.json"])
    indicators = json.loads(files["data/indicators.json"])
    indicator_meanings = {
        **{key: meaning for key, (_, meaning) in INDICATOR_HEADERS.items()},
        **INDICATOR_CODES,
    }
    listed = [
        DataFile(
            "tasks.csv",
            "全部任务（CSV）",
            "一行一项任务，UTF-8 编码带 BOM，可直接用 Excel 打开",
            size("data/tasks.csv"),
            _csv_fields(files["data/tasks.csv"], TASK_HEADERS),
        ),
        DataFile(
            "tasks.json",
            "全部文件及其任务（JSON）",
            "每个元素是一份文件，任务在其 tasks 中；结构见 JSON Schema",
            size("data/tasks.json"),
            _json_fields(documents, {**DOCUMENT_FIELDS, **TASK_FIELDS}),
        ),
        DataFile(
            "indicators.csv",
            "指标目标与实绩（CSV）",
            "一行一条目标或实绩，UTF-8 编码带 BOM",
            size("data/indicators.csv"),
            _csv_fields(files["data/indicators.csv"], INDICATOR_HEADERS),
        ),
        DataFile(
            "indicators.json",
            "指标目标与实绩（JSON）",
            "同上，一条一个对象，字段名为英文",
            size("data/indicators.json"),
            _json_fields(indicators, indicator_meanings),
        ),
    ]
    if "data/progress.csv" in files:
        progress = json.loads(files["data/progress.json"])
        progress_meanings = {
            **{key: meaning for key, (_, meaning) in PROGRESS_HEADERS.items()},
            "done": "该状态是否计为完成：true 或 false",
        }
        listed += [
            DataFile(
                "progress.csv",
                "任务进展（CSV）",
                "各责任单位报送、经审核发布的进展，一行一条，UTF-8 编码带 BOM",
                size("data/progress.csv"),
                _csv_fields(files["data/progress.csv"], PROGRESS_HEADERS),
            ),
            DataFile(
                "progress.json",
                "任务进展（JSON）",
                "同上，一条一个对象，字段名为英文",
                size("data/progress.json"),
                _json_fields(progress, progress_meanings),
            ),
        ]
    listed.append(
        DataFile(
            "document.schema.json",
            "数据结构说明（JSON Schema）",
            "tasks.json 与单个文件 JSON 的结构定义",
            size("data/document.schema.json"),
        )
    )
    listed.append(
        DataFile("../feed.xml", "新发布文件订阅（RSS）", "新发布的文件", size("feed.xml"))
    )
    for document in documents:
        path = f"data/documents/{document['id']}.json"
        listed.append(
            DataFile(
                f"documents/{document['id']}.json",
                str(document["title"]),
                "单个文件的数据（JSON），字段同 tasks.json",
                size(path),
            )
        )
    text = licence or DEFAULT_LICENCE.format(site=SITE_NAME)
    return DataCatalogue(tuple(listed), site_date(site), text)
