"""URL slugs are readable, distinct, stable, and no name can write outside the output folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.publish.write import write_tree
from generator.site.slugs import safe_join, safe_joiner, slugify, unique_slugs


def test_chinese_names_become_pinyin() -> None:
    assert slugify("区发改局") == "qu-fa-gai-ju"
    assert slugify("陈浩鹏", person=True) == "chen-hao-peng"
    # Surnames read as surnames: 翟 is zhai, 解 is xie.
    assert slugify("翟玉雷", person=True) == "zhai-yu-lei"
    assert slugify("解甲庄") == "jie-jia-zhuang"


@given(st.text(max_size=300))
def test_any_name_gives_a_safe_slug(name: str) -> None:
    slug = slugify(name)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)
    assert len(slug) <= 80


def test_names_that_collide_all_get_distinct_slugs_whatever_the_order() -> None:
    names = ["../etc/passwd", "..／etc／passwd", "a\0b", "ＡＢ", "AB", "区 发改局", "区发改局"]
    forward = unique_slugs(names)
    backward = unique_slugs(list(reversed(names)))
    assert forward == backward
    assert len(set(forward.values())) == len(names)


def test_safe_join_refuses_paths_that_leave_the_folder(tmp_path: Path) -> None:
    assert safe_join(tmp_path, "units/a/b.md") == tmp_path / "units" / "a" / "b.md"
    for bad in ("../x.md", "/etc/passwd", "a/../../x", "a\0b", ""):
        with pytest.raises(ValueError):
            safe_join(tmp_path, bad)


def test_safe_join_refuses_a_link_that_leads_out_of_the_folder(tmp_path: Path) -> None:
    root, outside = tmp_path / "docs", tmp_path / "outside"
    (root / "real").mkdir(parents=True)
    outside.mkdir()
    (root / "away").symlink_to(outside, target_is_directory=True)
    (root / "away.md").symlink_to(outside / "x.md")
    (root / "near").symlink_to(root / "real", target_is_directory=True)
    join = safe_joiner(root)
    for relative in ("away/x.md", "away/deeper/x.md", "away.md"):
        with pytest.raises(ValueError):
            join(relative)
    # Asked twice through one joiner: the folder's resolution it kept refuses again.
    with pytest.raises(ValueError):
        join("away/y.md")
    assert join("near/x.md") == root / "near" / "x.md"
    assert join("./real//x.md") == safe_join(root, "real/x.md") == root / "real" / "x.md"


def test_write_tree_never_writes_through_a_link_out_of_the_docs_folder(tmp_path: Path) -> None:
    root, outside = tmp_path / "docs", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "units").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ValueError):
        write_tree(root, {"index.md": "首页\n", "units/a.md": "单位\n"})
    assert list(outside.iterdir()) == []
