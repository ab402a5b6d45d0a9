"""Fuzz every reader: any mix of document-like lines parses with no crash or hang, no line lost."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import Config
from generator.errors import SourceError
from generator.ingest.text import decode_source
from generator.read.parse import parse_source
from generator.read.readers import READERS

# Pieces real documents are made of; the fuzzer strings them together in any order.
FRAGMENTS = [
    "一、",
    "（一）",
    "1.",
    "2、",
    "（3）",
    "第一条",
    "**",
    "# ",
    "## ",
    "|",
    "\t",
    ",",
    "，",
    "牵头领导：",
    "责任单位：",
    "配合单位：",
    "分管领导",
    "责任人",
    "完成时限：",
    "（",
    "）",
    "；",
    "。",
    "区发改局",
    "市财政局",
    "各镇街",
    "张三",
    "李 四",
    "牵头",
    "配合",
    "分别办理",
    "地区生产总值增长5.5%以上",
    "附件",
    "附件不公开",
    "（此件正文公开发布，附件不公开）",
    "—3—",
    "- 2 -",
    "第 1 页",
    "抄送：",
    "联系人：",
    "2023年2月24日",
    "烟台市莱山区人民政府办公室",
    "序号\t任务\t责任单位",
    "|---|---|",
    '"',
    "“",
    "”",
    "<script>",
    "{{ x }}",
    "../",
    "\x00",
    "ＡＢＣ",
    "１２３",
    " ",
    "　",
    "18563900800",
    "a@qq.com",
]

line = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=8).map("".join)
document = st.lists(line, min_size=1, max_size=40).map("\n".join)


@settings(
    max_examples=300,
    deadline=2000,  # a catastrophic regex would take seconds: that is a hang here
    suppress_health_check=[HealthCheck.too_slow],
)
@given(document)
def test_any_document_parses_and_keeps_every_line(text: str) -> None:
    config = Config(aliases={"发改局": "发展和改革局"})
    try:
        source = decode_source(text.encode("utf-8"), "fuzz.txt")
    except SourceError:
        return  # only an empty document is refused
    document = parse_source(source, config, {}, "fuzz")
    assert len(document.lines) == len(source.lines)
    kinds = {role.kind for role in document.lines}
    assert kinds <= {"task", "heading", "meta", "text", "blank", "skip", "withheld"}, kinds
    for task in document.tasks:
        assert 1 <= task.line <= task.end_line <= len(source.lines)


@settings(max_examples=200, deadline=2000)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_refused_with_a_reason(data: bytes) -> None:
    try:
        source = decode_source(data, "fuzz.bin")
    except SourceError as error:
        assert str(error).startswith("fuzz.bin")
        return
    document = parse_source(source, Config(), {}, "fuzz")
    assert "unaccounted" not in {role.kind for role in document.lines}


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_every_reader_survives_any_lines_even_when_not_chosen(text: str) -> None:
    # Detection picks one reader per document; here each reader gets every input directly,
    # so a path detection rarely reaches is fuzzed as hard as the common ones.
    lines = tuple(text.split("\n"))
    for reader in READERS:
        raw = reader.read(lines, {})
        assert all(1 <= n <= len(lines) for n in raw.roles), reader.__name__
        for task in raw.tasks:
            assert 1 <= task.line <= len(lines), reader.__name__
