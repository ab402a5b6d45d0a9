"""Old Word/WPS files (through LibreOffice, or refused with advice) and OFD files."""

from __future__ import annotations

import io
import quopri
import shutil
import sys
import time
import zipfile
from pathlib import Path

import pytest

from generator.config import Config
from generator.errors import SourceError
from generator.ingest import extract
from generator.ingest.legacy import extract_legacy, extract_ofd
from generator.model import Document
from generator.read.parse import parse_file

from .conftest import SEEDS

NUMBERED_SEED = "000_be318bc82a9aa2fa.txt"
NS = "http://www.ofdspec.org/2016"
OFD_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody>
<ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo>
<ofd:DocRoot>{{root}}</ofd:DocRoot></ofd:DocBody></ofd:OFD>"""


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


def text_object(x: float, baseline: float, text: str, style: int, size: float = 4.0) -> str:
    """Place text the ways OFD writers do: a run with DeltaX, one object per glyph, or g-runs."""
    if style == 1:  # One TextObject per character, as many converters write them.
        return "".join(
            f'<ofd:TextObject ID="0" Boundary="{x + i * size:.2f} {baseline - size:.2f} '
            f'{size} {size * 1.2}" Font="1" Size="{size}"><ofd:TextCode X="0" Y="{size}">'
            f"{escape(char)}</ofd:TextCode></ofd:TextObject>"
            for i, char in enumerate(text)
        )
    deltas = f"g {len(text) - 1} {size}" if style == 2 else " ".join([str(size)] * (len(text) - 1))
    return (
        f'<ofd:TextObject ID="0" Boundary="{x} {baseline - size} {size * len(text)} {size * 1.2}" '
        f'Font="1" Size="{size}"><ofd:TextCode X="0" Y="{size}" DeltaX="{deltas}">'
        f"{escape(text)}</ofd:TextCode></ofd:TextObject>"
    )


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def page_xml(lines: list[str]) -> str:
    objects: list[str] = []
    for number, line in enumerate(lines):
        baseline = 30 + number * 7 + (0.15 if number % 3 else 0)  # A little jitter.
        style = number % 3
        if style == 0 and len(line) > 8:
            # Two objects for one line, the right half written first.
            half = len(line) // 2
            objects.append(text_object(20 + half * 4.0, baseline + 0.1, line[half:], 0))
            objects.append(text_object(20, baseline, line[:half], 0))
        else:
            objects.append(text_object(20, baseline, line, style))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
        f'<ofd:Layer ID="1"><ofd:PageBlock ID="2">{"".join(objects)}</ofd:PageBlock>'
        "</ofd:Layer></ofd:Content></ofd:Page>"
    )


def build_ofd(pages: list[list[str]], **replace: bytes | None) -> bytes:
    """Write a minimal OFD package; `replace` swaps (or with None, drops) named parts."""
    locations = [
        # Page paths relative to Document.xml, and one absolute from the package root.
        f"/Doc_0/Pages/Page_{i}/Content.xml" if i == 1 else f"Pages/Page_{i}/Content.xml"
        for i in range(len(pages))
    ]
    page_list = "".join(
        f'<ofd:Page ID="{i + 10}" BaseLoc="{loc}"/>' for i, loc in enumerate(locations)
    )
    parts: dict[str, bytes | None] = {
        "OFD.xml": OFD_XML.format(root="Doc_0/Document.xml").encode(),
        "Doc_0/Document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}">'
            "<ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea>"
            "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
            f"<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>"
        ).encode(),
    }
    # Written in reverse, so reading in zip order would put the pages backwards.
    for i in reversed(range(len(pages))):
        parts[f"Doc_0/Pages/Page_{i}/Content.xml"] = page_xml(pages[i]).encode()
    parts.update(replace)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            if body is not None:
                archive.writestr(name, body)
    return buffer.getvalue()


def seed_text_lines(name: str) -> list[str]:
    lines = (SEEDS / name).read_text("utf-8").split("\n")
    return [line.lstrip("# ").strip() for line in lines if line.strip() not in ("", "---")]


def test_ofd_lines_rebuilt_from_positions(tmp_path: Path, config: Config) -> None:
    original = parse_file(SEEDS / NUMBERED_SEED, config)
    lines = seed_text_lines(NUMBERED_SEED)
    pages = [lines[start : start + 35] for start in range(0, len(lines), 35)]
    path = tmp_path / "plan.ofd"
    path.write_bytes(build_ofd(pages))

    source = extract(path)
    document = parse_file(path, config)

    assert list(source.lines) == lines
    assert len(document.tasks) == 81
    assert task_view(document) == task_view(original)
    assert (document.issuer, document.date, document.doc_number, document.region) == (
        original.issuer,
        original.date,
        original.doc_number,
        original.region,
    )


def test_ofd_column_gap_becomes_spaces_and_ctm_is_applied() -> None:
    # The unit is written in points and scaled to millimetres by its CTM (as PDF converters
    # do): its baseline is 40 + 28.35 × 0.3528 = 50 mm, the same as the number's.
    scaled = (
        '<ofd:TextObject ID="5" Boundary="40 40 60 12" CTM="0.3528 0 0 0.3528 0 0" Size="11.34">'
        '<ofd:TextCode X="0" Y="28.35" DeltaX="g 3 11.34">区发改局</ofd:TextCode></ofd:TextObject>'
    )
    rows = text_object(20, 57, "2", 0) + scaled + text_object(20, 50, "1", 0)
    page = (
        f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="1">{rows}'
        "</ofd:Layer></ofd:Content></ofd:Page>"
    ).encode()
    data = build_ofd([["占位"]], **{"Doc_0/Pages/Page_0/Content.xml": page})
    assert extract_ofd(data, "a.ofd").lines == ("1  区发改局", "2")


def test_ofd_part_names_with_windows_separators_or_other_case() -> None:
    original = zipfile.ZipFile(io.BytesIO(build_ofd([["第一行", "第二行"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in original.infolist():
            name = info.filename
            if name.endswith("Content.xml"):
                name = name.replace("/", "\\").replace("Content", "content")
            archive.writestr(name, original.read(info))
    assert extract_ofd(buffer.getvalue(), "a.ofd").lines == ("第一行", "第二行")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not really a zip", "已损坏"),
        (b"%PDF-1.7 renamed", "已损坏"),
        (build_ofd([["一行"]], **{"OFD.xml": None}), "OFD.xml"),
        (build_ofd([["一行"]], **{"Doc_0/Pages/Page_0/Content.xml": None}), "缺少部件"),
        (build_ofd([["一行"]], **{"Doc_0/Document.xml": b"<ofd:Document"}), "已损坏"),
        (build_ofd([["一行"]], **{"OFD.xml": b"<OFD><DocBody/></OFD>"}), "DocRoot"),
        (
            build_ofd([["一行"]], **{"OFD.xml": OFD_XML.format(root="../../etc/passwd").encode()}),
            "缺少部件",
        ),
        (
            build_ofd([["一行"]], **{"Doc_0/Pages/Page_0/Content.xml": b"\0" * (65 << 20)}),
            "64 MB",
        ),
    ],
    ids=["bad-zip", "not-zip", "no-ofd-xml", "no-page", "bad-xml", "no-root", "escape", "bomb"],
)
def test_corrupt_ofd_is_a_source_error(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message) as raised:
        extract_ofd(data, "content/documents/bad.ofd")
    assert str(raised.value).startswith("content/documents/bad.ofd: ")


def test_ofd_entities_are_not_expanded() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "哈哈哈哈哈哈哈哈">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="1">'
        '<ofd:TextObject ID="3" Boundary="10 10 50 5" Size="4"><ofd:TextCode X="0" Y="4">'
        "正文&c;</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"
    ).encode()
    data = build_ofd([["x"]], **{"Doc_0/Pages/Page_0/Content.xml": laughs})
    source = extract_ofd(data, "a.ofd")
    assert "正文" in source.lines[0] and "哈" not in "".join(source.lines)


def test_doc_without_libreoffice_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(SourceError) as raised:
        extract(path, "content/documents/plan.doc")
    message = str(raised.value)
    assert message.startswith("content/documents/plan.doc: ")
    assert ".docx" in message and "PDF" in message and "LibreOffice" in message
    with pytest.raises(SourceError, match="wps"):
        extract_legacy(b"\xd0\xcf\x11\xe0 wps body", "plan.wps")


def test_doc_that_is_a_saved_web_page_is_read_as_one() -> None:
    page = "<html><body><div class='content'><p>1. 新建学校2所。（责任单位：区教体局）</p>"
    source = extract_legacy(page.encode(), "plan.doc")
    assert source.lines == ("1. 新建学校2所。（责任单位：区教体局）",)
    assert source.format == "doc"


@pytest.mark.parametrize("first", ["", "From: <Saved by Blink>\r\n"])
def test_doc_that_is_a_mime_web_archive_is_read_as_its_page(first: str) -> None:
    task = "1. 新建学校2所。（责任单位：区教体局）"
    page = f"<html><head><meta charset=gb2312></head><body><p>{task}</p>"
    encoded = quopri.encodestring(page.encode("gb18030")).decode("ascii")
    archive = (
        f"{first}MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n'
        "------=_NextPart_01\r\n"
        'Content-Type: text/html; charset="gb2312"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        f"{encoded}\r\n------=_NextPart_01--\r\n"
    )
    assert extract_legacy(archive.encode("ascii"), "plan.doc").lines == (task,)


FAKE_SOFFICE = """#!{python}
import sys, pathlib, docx
args = sys.argv[1:]
out = pathlib.Path(args[args.index("--outdir") + 1])
source = pathlib.Path(args[-1])
assert "--headless" in args and args[args.index("--convert-to") + 1] == "docx"
out.mkdir(parents=True, exist_ok=True)
document = docx.Document()
document.add_paragraph("由 " + source.suffix + " 转换")
document.add_paragraph("1. 新建学校2所。（责任单位：区教体局）")
document.save(str(out / (source.stem + ".docx")))
"""


def test_doc_is_converted_with_libreoffice_when_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("generator.ingest.docx")
    tool = tmp_path / "bin" / "soffice"
    tool.parent.mkdir()
    tool.write_text(FAKE_SOFFICE.format(python=sys.executable), "utf-8")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tool.parent}:/usr/bin:/bin")
    source = extract_legacy(b"\xd0\xcf\x11\xe0 old word", "plan.wps")
    assert [line for line in source.lines if line.strip()] == [
        "由 .wps 转换",
        "1. 新建学校2所。（责任单位：区教体局）",
    ]


HANGING_SOFFICE = """#!/bin/sh
sleep 300 &
echo $! > "{pidfile}"
wait
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_conversion_that_hangs_is_stopped_with_all_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pidfile = tmp_path / "child.pid"
    tool = tmp_path / "bin" / "soffice"
    tool.parent.mkdir()
    tool.write_text(HANGING_SOFFICE.format(pidfile=pidfile), "utf-8")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tool.parent}:/usr/bin:/bin")
    monkeypatch.setattr("generator.ingest.legacy.CONVERT_TIMEOUT", 1)
    with pytest.raises(SourceError, match="秒未完成"):
        extract_legacy(b"\xd0\xcf\x11\xe0 old word", "plan.doc")
    child = int(pidfile.read_text())
    for _ in range(50):
        if not _running(child):
            break
        time.sleep(0.05)
    assert not _running(child)
