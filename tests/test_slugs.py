"""URL slugs are readable, distinct, stable, and no name can write outside the output folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.site.slugs import safe_join, slugify, unique_slugs


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
