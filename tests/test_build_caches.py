"""A rebuild reuses the masking and the original-file verdicts it kept, and never a stale one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import generator.publish.originals as originals
import generator.read.masked as masked
from generator.build import build_docs
from generator.publish.data import list_json, to_json
from tests.conftest import ROOT


def identity_number(region: str = "370602", birth: str = "19850317", order: str = "642") -> str:
    """An identity-card number with its real check digit (ISO 7064 MOD 11-2)."""
    body = region + birth + order
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


MOBILE = "13912345678"
ID_NUMBER = identity_number()


def report(task: str = "推进城乡供水一体化") -> str:
    """A small task list in plain text; task names the first task."""
    return (
        "江源县人民政府办公室关于印发2025年重点工作任务分解方案的通知\n"
        "各乡镇人民政府：\n"
        "现将方案印发给你们，请认真贯彻落实。\n"
        f"1. {task}。（牵头领导：王明；责任单位：县水利局）\n"
        "2. 建设智慧停车系统。（牵头领导：李强；责任单位：县住建局）\n"
    )


def make_content(tmp_path: Path, files: dict[str, str], contacts_shown: bool = False) -> Path:
    content = tmp_path / "content"
    documents = content / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    for name in ("units.yml", "indicators.yml"):
        shutil.copy(ROOT / "content" / name, content / name)
    shown = "true" if contacts_shown else "false"
    (content / "site.yml").write_text(f"show_personal_contacts: {shown}\n", "utf-8")
    for name, body in files.items():
        (documents / name).write_text(body, "utf-8")
    return content


def tree(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}


def published(docs: Path) -> str:
    return "\n".join(body.decode("utf-8", "replace") for body in tree(docs).values())


def counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Count the calls of module.name from now on (the function still runs)."""
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_rebuild_with_nothing_changed_neither_masks_nor_scans_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = make_content(
        tmp_path, {"a.txt": report(), "b.txt": report("完善公共交通，联系人手机" + MOBILE)}
    )
    docs = tmp_path / "build" / "docs"
    build_docs(content, docs)
    first = tree(docs)
    masking = counting(monkeypatch, masked, "mask_everywhere")
    scanning = counting(monkeypatch, originals, "_nothing_private")
    build_docs(content, docs)
    assert masking == [] and scanning == []
    assert tree(docs) == first
    assert MOBILE not in published(docs) and "139****5678" in published(docs)


def test_showing_contacts_or_not_is_never_taken_from_the_other_setting(tmp_path: Path) -> None:
    text = report(f"完善公共交通，联系人手机{MOBILE}，身份证号{ID_NUMBER}")
    docs = tmp_path / "build" / "docs"
    build_docs(make_content(tmp_path, {"a.txt": text}, contacts_shown=True), docs)
    assert MOBILE in published(docs) and ID_NUMBER not in published(docs)
    build_docs(make_content(tmp_path, {"a.txt": text}, contacts_shown=False), docs)
    assert MOBILE not in published(docs) and ID_NUMBER not in published(docs)
    assert "139****5678" in published(docs)
    # Back again: the masking kept for the first setting is still not used for the second.
    build_docs(make_content(tmp_path, {"a.txt": text}, contacts_shown=True), docs)
    assert MOBILE in published(docs)


def test_an_original_offered_while_contacts_were_shown_is_withdrawn_once_they_are_not(
    tmp_path: Path,
) -> None:
    text = report(f"完善公共交通，联系人手机{MOBILE}")
    docs = tmp_path / "build" / "docs"
    build_docs(make_content(tmp_path, {"a.txt": text}, contacts_shown=True), docs)
    assert len(list((docs / "originals").iterdir())) == 1
    build_docs(make_content(tmp_path, {"a.txt": text}, contacts_shown=False), docs)
    assert not (docs / "originals").exists()
    assert MOBILE not in published(docs)


def test_an_edited_document_is_masked_and_scanned_afresh(tmp_path: Path) -> None:
    content = make_content(tmp_path, {"a.txt": report(), "b.txt": report("完善公共交通")})
    docs = tmp_path / "build" / "docs"
    build_docs(content, docs)
    assert len(list((docs / "originals").iterdir())) == 2
    edited = report(f"完善公共交通，联系人手机{MOBILE}")
    (content / "documents" / "b.txt").write_text(edited, "utf-8")
    build_docs(content, docs)
    assert MOBILE not in published(docs)
    # The file now holds a contact: its original is no longer offered whole.
    assert len(list((docs / "originals").iterdir())) == 1
    # One kept masking per document: the edited document's old one is gone.
    assert len(list((tmp_path / "build" / "extracted" / masked.FOLDER).iterdir())) == 2


def test_a_removed_document_leaves_no_kept_masking_behind(tmp_path: Path) -> None:
    content = make_content(tmp_path, {"a.txt": report(), "b.txt": report("完善公共交通")})
    docs = tmp_path / "build" / "docs"
    build_docs(content, docs)
    kept = tmp_path / "build" / "extracted" / masked.FOLDER
    assert len(list(kept.iterdir())) == 2
    (content / "documents" / "b.txt").unlink()
    build_docs(content, docs)
    assert len(list(kept.iterdir())) == 1


def test_a_kept_masking_of_another_document_or_damaged_is_not_used(tmp_path: Path) -> None:
    content = make_content(
        tmp_path, {"a.txt": report(), "b.txt": report(f"完善公共交通，身份证号{ID_NUMBER}")}
    )
    docs = tmp_path / "build" / "docs"
    build_docs(content, docs)
    first = tree(docs)
    entries = sorted((tmp_path / "build" / "extracted" / masked.FOLDER).iterdir())
    bodies = [entry.read_bytes() for entry in entries]
    # Each entry swapped for the other's masking, then cut short.
    entries[0].write_bytes(bodies[1])
    entries[1].write_bytes(bodies[0][: len(bodies[0]) // 2])
    build_docs(content, docs)
    assert tree(docs) == first
    assert ID_NUMBER not in published(docs)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_open_data_json_is_written_exactly_as_json_dumps_would(value: Any) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    assert to_json(value) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(JSON, max_size=4))
def test_a_list_of_written_documents_is_written_as_the_list_would_be(values: list[Any]) -> None:
    expected = json.dumps(values, ensure_ascii=False, indent=2) + "\n"
    assert list_json([to_json(value) for value in values]) == expected


def test_keys_that_are_not_text_are_written_as_json_dumps_writes_them() -> None:
    for value in ({1: [2]}, {"a": {True: None, 2.5: [1, {}]}}, [{None: "x"}]):
        assert to_json(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"
