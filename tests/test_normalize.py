"""Property and example tests for the text and name normalisers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.config import Config
from generator.ingest.text import decode_source
from generator.read.normalize import find_indicators, split_leaders, split_units, unit_key
from generator.read.repair import clean, join_fragments, to_halfwidth

CJK_NAMES = st.text(alphabet="张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗", min_size=2, max_size=3)


@given(st.lists(CJK_NAMES, min_size=1, max_size=5, unique=True))
def test_leaders_survive_any_separator(names: list[str]) -> None:
    for separator in ("、", "，", " ", ",", "；"):
        assert split_leaders(separator.join(names)) == names


@given(
    st.lists(
        st.text(alphabet="张王李赵", min_size=2, max_size=2), min_size=1, max_size=3, unique=True
    )
)
def test_stray_space_inside_a_two_character_name(names: list[str]) -> None:
    spaced = "、".join(f"{n[0]} {n[1]}" for n in names)
    assert split_leaders(spaced) == names


@given(st.text(max_size=200))
def test_clean_is_idempotent(text: str) -> None:
    assert clean(clean(text)) == clean(text)


@given(st.text(alphabet="０１２３４５６７８９ＡＢＣ％．", max_size=30))
def test_fullwidth_digits_become_ascii(text: str) -> None:
    assert to_halfwidth(text).isascii()


@given(st.text(min_size=1, max_size=50), st.text(min_size=1, max_size=50))
def test_join_keeps_every_character_without_a_label(first: str, second: str) -> None:
    joined = join_fragments(first, second)
    assert first.strip() in joined or joined.startswith(first.rstrip()[:-4])


@given(st.binary(max_size=400))
def test_decoding_never_crashes(data: bytes) -> None:
    try:
        source = decode_source(data, "fuzz.txt")
    except Exception as error:  # only the documented refusal is allowed
        assert type(error).__name__ == "SourceError"
    else:
        assert all("\n" not in line for line in source.lines)


@given(st.text(alphabet="区市县局委办发改工信住建、，牵头配合分别办理等单位各镇街", max_size=60))
def test_unit_splitting_never_crashes_or_returns_blank_names(value: str) -> None:
    for name, role in split_units(value, "责任单位"):
        assert name and role in ("lead", "support")


def test_unit_roles_and_prefixes() -> None:
    assert split_units("区发改局、工信局分别办理，各大功能区、各镇街配合", "责任单位") == [
        ("区发改局", "lead"),
        ("区工信局", "lead"),
        ("各大功能区", "support"),
        ("各镇街", "support"),
    ]
    assert split_units("区住建局、初家街道办事处", "责任单位") == [
        ("区住建局", "lead"),
        ("初家街道办事处", "lead"),
    ]
    assert split_units("区商务局", "配合单位") == [("区商务局", "support")]
    assert split_units("区发改局牵头，财政局、自然资源局等单位配合", "责任单位")[-1] == (
        "区自然资源局",
        "support",
    )


def test_prefix_is_not_added_or_dropped_inside_words(config: Config) -> None:
    # 区委 and 市场 start with a prefix character but are not a prefix.
    assert split_units("区发改局、区委人才办、生态环境局济阳分局", "责任单位") == [
        ("区发改局", "lead"),
        ("区委人才办", "lead"),
        ("生态环境局济阳分局", "lead"),
    ]
    assert unit_key("市场监管局", config) == unit_key("区市场监管局", config) == "市场监督管理局"
    # A quoted name keeps its opening quote; a stray one is dropped.
    assert split_units("“啤酒之城”攻坚战指挥部办公室、“区财政局", "责任单位") == [
        ("“啤酒之城”攻坚战指挥部办公室", "lead"),
        ("区财政局", "lead"),
    ]


def test_aliases_and_prefix_give_one_identity(config: Config) -> None:
    assert (
        unit_key("区发展和改革局", config)
        == unit_key("区发改局", config)
        == unit_key("发展和改革委员会", config)
    )
    assert unit_key("区工信局", config) != unit_key("区发改局", config)


def test_indicators(config: Config) -> None:
    found = find_indicators("城镇登记失业率控制在4%以内，海洋生产总值增长10%以上", config)
    assert [(i.name, i.value, i.unit, i.qualifier) for i in found] == [
        ("城镇登记失业率", 4.0, "%", "以内")
    ]
    gdp = find_indicators("GDP增长6%左右", config)[0]
    assert (gdp.name, gdp.value, gdp.measure) == ("地区生产总值", 6.0, "growth")


def test_clean_settles_chained_punctuation() -> None:
    assert clean("?)㐀") == "？）㐀"


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("县教育局（牵头），县财政局", [("县教育局", "lead"), ("县财政局", "support")]),
        (
            "市住建局（牵头单位）、市财政局（配合单位）",
            [("市住建局", "lead"), ("市财政局", "support")],
        ),
        ("区卫健局(协办)、区民政局", [("区卫健局", "support"), ("区民政局", "lead")]),
        ("各县（市、区）政府（管委会）", [("各县（市、区）政府（管委会）", "lead")]),
    ],
)
def test_a_role_in_brackets_after_a_name_is_its_role(
    clause: str, expected: list[tuple[str, str]]
) -> None:
    from generator.read.normalize import unit_refs

    assert [(u.name, u.role) for u in unit_refs([("责任单位", clause)], Config())] == expected


@pytest.mark.parametrize(
    "text",
    ["采用5G(NR)技术", "推进PPP(BOT)项目", "(ABC)中心", "（责任单位：区发改局)"],
)
def test_brackets_of_one_pair_get_one_width(text: str) -> None:
    cleaned = clean(text)
    opened = [c for c in cleaned if c in "(（"]
    closed = [c for c in cleaned if c in ")）"]
    assert [o == "(" for o in opened] == [c == ")" for c in closed], cleaned


@pytest.mark.parametrize("text", ["f(x)=1", "a(b)c", "(UTC)"])
def test_brackets_away_from_chinese_stay_half_width(text: str) -> None:
    assert clean(text) == text
