"""The five seed documents: task counts, assignments, roles, indicators and line accounting."""

from __future__ import annotations

import json

import jsonschema
import pytest

from generator.config import Config
from generator.model import Document, Task
from generator.read.parse import parse_file
from generator.site.serialize import document_json

from .conftest import ROOT, SEEDS

SCHEMA = json.loads((ROOT / "generator" / "schema" / "document.schema.json").read_text("utf-8"))
EXPECTED_TASKS = {
    "000_be318bc82a9aa2fa.txt": 81,
    "001_f9b1766ae33f6aa2.txt": 33,
    "002_2c6571777533fcf4.txt": 35,
    "003_a2397678dd54855a.txt": 19,
    "004_18c7331bcd84886b.txt": 206,
}


@pytest.fixture(scope="module")
def seeds(config: Config) -> dict[str, Document]:
    return {name: parse_file(SEEDS / name, config) for name in EXPECTED_TASKS}


def task(document: Document, number: str) -> Task:
    return next(t for t in document.tasks if t.number == number)


def units(t: Task) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in t.units]


def test_seed_copies_match_shared_seeds() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for path in shared.iterdir():
        assert (SEEDS / path.name).read_bytes() == path.read_bytes()


@pytest.mark.parametrize("name", sorted(EXPECTED_TASKS))
def test_task_count(seeds: dict[str, Document], name: str) -> None:
    assert len(seeds[name].tasks) == EXPECTED_TASKS[name]


@pytest.mark.parametrize("name", sorted(EXPECTED_TASKS))
def test_every_line_is_accounted_for(seeds: dict[str, Document], name: str) -> None:
    document = seeds[name]
    assert len(document.lines) == len(document.text_lines)
    assert [r.line for r in document.lines if r.kind == "unaccounted"] == []


@pytest.mark.parametrize("name", sorted(EXPECTED_TASKS))
def test_gdp_target_is_an_indicator(seeds: dict[str, Document], name: str) -> None:
    gdp = [i for i in seeds[name].indicators if i.name == "地区生产总值"]
    assert gdp and gdp[0].value > 0 and gdp[0].unit == "%"


@pytest.mark.parametrize("name", sorted(EXPECTED_TASKS))
def test_json_matches_published_schema(seeds: dict[str, Document], name: str) -> None:
    jsonschema.validate(document_json(seeds[name]), SCHEMA)


@pytest.mark.parametrize("name", sorted(EXPECTED_TASKS))
def test_assigned_seeds_warn_about_nothing(seeds: dict[str, Document], name: str) -> None:
    assert seeds[name].warnings == ()


def test_numbered_list_inline_clause(seeds: dict[str, Document]) -> None:
    doc = seeds["000_be318bc82a9aa2fa.txt"]
    assert (doc.region, doc.year, doc.doc_number, doc.date) == (
        "烟台市莱山区",
        2023,
        "烟莱政办发〔2023〕2号",
        "2023-02-24",
    )
    assert doc.kind == "责任分工方案"
    first = task(doc, "1")
    assert [(leader.name, leader.role) for leader in first.leaders] == [("陈浩鹏", "牵头领导")]
    assert units(first) == [("区发改局", "lead")]
    assert (first.indicators[0].value, first.indicators[0].qualifier) == (5.5, "以上")
    # Shared prefix: 区发改局、工信局 → 区工信局; a clause on the line below the task.
    assert units(task(doc, "13")) == [("区发改局", "lead"), ("区工信局", "lead")]
    assert [leader.name for leader in task(doc, "12").leaders] == ["陈浩鹏", "翟玉雷", "王磊"]
    # A clause broken as "…；责" / "责任单位：…" keeps both leaders and units.
    t67 = task(doc, "67")
    assert [leader.name for leader in t67.leaders] == ["刘兆潭", "王磊", "古荒"]
    assert units(t67) == [("区住建局", "lead"), ("区教体局", "lead")]
    # A task broken mid-sentence by a blank line is one task with the whole sentence.
    assert "加快推动威巴克新生产基地" in task(doc, "11").text
    assert task(doc, "27").units[-1].collective
    assert task(doc, "9").section[-1] == "“快”字为先建项目"


def test_pdf_table(seeds: dict[str, Document]) -> None:
    doc = seeds["002_2c6571777533fcf4.txt"]
    assert doc.region == "泰安市泰山区" and doc.doc_number == "泰山政办发〔2023〕2号"
    first = task(doc, "1")
    assert [leader.name for leader in first.leaders] == ["赵健"]
    assert first.leaders[0].role == "责任人"
    assert units(first) == [("区发改局", "lead")]
    assert "居民人均可支配收入增长5.5%左右" in first.text
    assert [leader.name for leader in task(doc, "23").leaders] == ["朱杰", "马琳"]
    assert units(task(doc, "25")) == [("市公安局泰山分局", "lead")]
    assert task(doc, "17").text.endswith("通过新一轮全国双拥模范城创建验收。")
    assert doc.report_deadlines == ("3月31日", "6月30日", "9月30日", "12月31日")
    # The notice's own headings (一、提高站位 …) end at 附件: tasks sit under the attachment title.
    assert {t.section for t in doc.tasks} == {("2023年《政府工作报告》重点工作任务分解表",)}
    assert doc.cc.endswith("区人武部")


def test_titled_paragraphs(seeds: dict[str, Document]) -> None:
    doc = seeds["003_a2397678dd54855a.txt"]
    assert doc.region == "济南市济阳区" and doc.kind == "实施方案"
    first = doc.tasks[0]
    assert first.title == "精准招引项目"
    assert units(first)[0] == ("区投资促进局", "lead")
    assert all(u.role == "lead" for t in doc.tasks for u in t.units)
    plain = [t for t in doc.tasks if t.title == "全方位壮大现代农业"]
    assert plain and plain[0].units
    assert doc.disclosure == "此件正文公开发布，附件不公开"
    target = {i.name: i.value for i in doc.indicators if not i.task}
    assert target["地区生产总值"] == 7.5 and target["一般公共预算收入"] == 18.52


def test_tsv_table_roles(seeds: dict[str, Document]) -> None:
    doc = seeds["004_18c7331bcd84886b.txt"]
    assert doc.region == "青岛西海岸新区" and doc.year == 2020
    assert units(task(doc, "3")) == [("区商务局", "lead"), ("区文旅局", "support")]
    assert [leader.name for leader in task(doc, "6").leaders] == ["殷世逸", "李金国"]
    assert units(task(doc, "6")) == [("区发改局", "lead"), ("区生态环境分局", "lead")]
    assert [leader.name for leader in task(doc, "9").leaders] == ["隋斌"]
    assert [leader.name for leader in task(doc, "18").leaders] == ["赵士玉", "隋斌"]
    assert units(task(doc, "10"))[:3] == [
        ("区海洋发展局", "lead"),
        ("董家口经济区", "support"),
        ("区发改局", "support"),
    ]
    assert ("区教体局", "support") in units(task(doc, "10"))
    assert units(task(doc, "1"))[1:] == [("各行业主管部门", "support"), ("各镇街", "support")]
    skipped = [r for r in doc.lines if r.kind == "skip"]
    assert skipped and all("form" in r.note or "rule" in r.note for r in skipped)


def test_work_report(seeds: dict[str, Document]) -> None:
    doc = seeds["001_f9b1766ae33f6aa2.txt"]
    assert (doc.kind, doc.region, doc.year) == ("政府工作报告", "烟台市", 2024)
    assert doc.tasks[0].title == "做强优势产业顶梁柱"
    assert doc.tasks[-1].title == "筑牢安全发展基石"
    gdp = [i for i in doc.indicators if i.name == "地区生产总值"]
    # The target (5.5% 左右) for 2024; last year's 6.5% from the review is 2023's result.
    assert [(i.value, i.qualifier, i.year) for i in gdp if i.kind == "target"] == [
        (5.5, "左右", 2024)
    ]
    assert [(i.value, i.year) for i in gdp if i.kind == "result"] == [(6.5, 2023)]


def test_same_input_same_json(config: Config) -> None:
    path = SEEDS / "000_be318bc82a9aa2fa.txt"
    first = json.dumps(document_json(parse_file(path, config)), ensure_ascii=False)
    second = json.dumps(document_json(parse_file(path, config)), ensure_ascii=False)
    assert first == second


def test_task_ids_are_unique(seeds: dict[str, Document]) -> None:
    ids = [t.id for d in seeds.values() for t in d.tasks]
    assert len(ids) == len(set(ids))
    assert len({d.id for d in seeds.values()}) == len(seeds)


def test_tasks_point_at_their_source_lines(seeds: dict[str, Document]) -> None:
    doc = seeds["000_be318bc82a9aa2fa.txt"]
    t = task(doc, "36")
    source = "".join(doc.text_lines[t.line - 1 : t.end_line])
    assert source.startswith("36.") and "初家街道办事处" in source
