"""Documents in layouts the seeds do not show: each fixture states what must be extracted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.config import Config
from generator.model import Document, Task
from generator.read.parse import parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "layouts"
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix != ".yml" and p.name != "README.md")


def _expected(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.with_name(path.stem + ".expected.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _find(document: Document, number: str, nth: int) -> Task:
    matches = [task for task in document.tasks if task.number == number]
    assert len(matches) > nth, f"no task numbered {number} (occurrence {nth + 1})"
    return matches[nth]


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_layout_fixture(path: Path, config: Config) -> None:
    expected = _expected(path)
    document = parse_file(path, config)
    assert len(document.tasks) == expected["tasks"]
    for key in ("region", "year", "doc_number"):
        if key in expected:
            assert getattr(document, key) == expected[key], key
    assert all(role.kind != "unaccounted" for role in document.lines)
    seen: dict[str, int] = {}
    for check in expected.get("checks", []):
        number = str(check["number"])
        task = _find(document, number, seen.get(number, 0))
        seen[number] = seen.get(number, 0) + 1
        if "title" in check:
            assert task.title == (check["title"] or ""), f"title of {number}"
        if "leaders" in check:
            assert [leader.name for leader in task.leaders] == check["leaders"], (
                f"leaders of {number}"
            )
        if "units" in check:
            got = [{"name": unit.name, "role": unit.role} for unit in task.units]
            assert got == check["units"], f"units of {number}"
        if "indicators" in check:
            got_indicators = [
                {"name": i.name, "value": i.value, "unit": i.unit, "qualifier": i.qualifier}
                for i in task.indicators
            ]
            want = [dict(item, value=float(item["value"])) for item in check["indicators"]]
            assert got_indicators == want, f"indicators of {number}"
        if "deadline" in check:
            assert task.deadline == check["deadline"], f"deadline of {number}"
    messages = " | ".join(w.message for w in document.warnings)
    if expected.get("clean"):
        # Read right, the self-check has nothing to say.
        assert not document.warnings, messages
    for fragment in expected.get("warnings", []):
        assert fragment in messages
    for target in expected.get("targets", []):
        assert any(
            i.name == target["name"] and i.value == float(target["value"]) and not i.task
            for i in document.indicators
        ), f"target {target}"


def test_units_split_only_outside_brackets() -> None:
    from generator.read.normalize import split_units

    names = [
        name for name, _ in split_units("各乡（镇、场）人民政府（管委会）、县财政局", "责任单位")
    ]
    assert names == ["各乡（镇、场）人民政府（管委会）", "县财政局"]


def test_no_prefix_for_a_name_that_states_its_level() -> None:
    from generator.read.normalize import split_units

    got = split_units("市农业局、团市委、县委宣传部、党工委办公室、科技局", "责任单位")
    assert [name for name, _ in got] == [
        "市农业局",
        "团市委",
        "县委宣传部",
        "党工委办公室",
        "市科技局",
    ]


def test_collective_of_kinds_kept_whole() -> None:
    from generator.read.normalize import split_units

    got = split_units("市教育局、各区、县级市", "配合单位")
    assert got == [("市教育局", "support"), ("各区、县级市", "support")]


def test_responsibility_label_beside_an_explicit_lead_is_support(config: Config) -> None:
    from generator.read.normalize import unit_refs

    refs = unit_refs([("牵头单位", "县水务局"), ("责任单位", "县财政局、县林业局")], config)
    assert [(r.name, r.role) for r in refs] == [
        ("县水务局", "lead"),
        ("县财政局", "support"),
        ("县林业局", "support"),
    ]
    alone = unit_refs([("责任单位", "县财政局、县林业局")], config)
    assert {r.role for r in alone} == {"lead"}
    each = unit_refs([("牵头单位", "县水务局"), ("责任单位", "县财政局、县林业局分别牵头")], config)
    assert {r.role for r in each} == {"lead"}


def test_leaders_on_label_lines_under_a_heading_apply_below(tmp_path: Path, config: Config) -> None:
    lines = ["丰水县2025年重点工作责任分工", ""]
    for head, leader, tasks in (
        ("一、稳定经济增长", "苏明、陈晓东", [("实施重点项目50个。", "县发改局")]),
        ("二、改善民生", "王丽", [("新建养老服务站10个。", "县民政局"), ("新建公园3个。", "")]),
    ):
        lines += [head, f"牵头领导：{leader}", ""]
        for text, unit in tasks:
            lines += [f"{len(lines)}. {text}"]
            lines += [f"责任单位：{unit}", ""] if unit else [""]
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    document = parse_file(path, config)
    got = [([leader.name for leader in task.leaders], task.section) for task in document.tasks]
    assert got == [
        (["苏明", "陈晓东"], ("稳定经济增长",)),
        (["王丽"], ("改善民生",)),
        (["王丽"], ("改善民生",)),
    ]
    # The last task names no unit: the self-check says so, on its line.
    last = document.tasks[-1]
    assert any(w.line == last.line for w in document.warnings)


def test_merged_section_rows_of_a_word_table_lend_their_leaders(config: Config) -> None:
    from generator.ingest.extracted import LinesBuilder
    from generator.read.parse import parse_source

    builder = LinesBuilder()
    builder.line("松岭区2025年重点任务清单")
    builder.row(("序号", "工作任务", "分管领导", "牵头单位", "配合单位"))
    builder.row(("一、经济发展（分管领导：苏明）",) * 5)  # merged across: a plain line
    builder.row(("1", "建成污水处理厂二期", "", "区水务局", "区财政局"))
    builder.row(("二、民生保障（分管领导：王丽）",) * 5)
    builder.row(("2", "改造老旧小区15个", "吴四海", "区住建局", "各街道"))
    builder.row(("3", "新建公园3个", "", "区园林中心", ""))
    document = parse_source(builder.build("plan.docx", "docx"), config, {}, "plan")
    got = [(t.number, t.section, [leader.name for leader in t.leaders]) for t in document.tasks]
    assert got == [
        ("1", ("经济发展",), ["苏明"]),
        ("2", ("民生保障",), ["吴四海"]),
        ("3", ("民生保障",), ["王丽"]),
    ]


def test_unmarked_target_lines_each_above_their_label(tmp_path: Path, config: Config) -> None:
    targets = [
        ("地区生产总值增长6%左右", "县发展和改革局"),
        ("一般公共预算收入增长5%", "县财政局"),
        ("城镇新增就业3000人以上", "县人社局、县财政局"),
    ]
    body = "石门县2025年主要目标任务分解\n\n" + "".join(
        f"{target}\n责任单位：{units}\n\n" for target, units in targets
    )
    path = tmp_path / "targets.txt"
    path.write_text(body, encoding="utf-8")
    document = parse_file(path, config)
    got = [(task.text, [unit.name for unit in task.units]) for task in document.tasks]
    assert got == [(target, units.split("、")) for target, units in targets]
    assert not document.warnings


def _cells_per_line(cells: list[str], blank: bool) -> list[str]:
    return [line for cell in cells if cell for line in ([cell, ""] if blank else [cell])]


def _pipe_with_caption(cells: list[str], first: bool) -> list[str]:
    if first:
        return ["附件1 | " + " | ".join(cells), " | ".join(["---"] * (len(cells) + 1))]
    return [" | " + " | ".join(cells)]


@pytest.mark.parametrize("rewrite", ["cells", "cells-blank", "pipe-caption"])
def test_a_seed_table_rewritten_in_another_layout_reads_the_same(
    rewrite: str, tmp_path: Path, config: Config
) -> None:
    from .conftest import SEEDS

    # The one seed whose tasks are tab-separated table rows, rewritten row by row.
    seed = next(p for p in sorted(SEEDS.glob("*.txt")) if "序号\t" in p.read_text("utf-8"))
    original = parse_file(seed, config)
    lines: list[str] = []
    first = True
    for line in seed.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) < 3 or "联系电话" in line:  # the blank reporting form keeps its tabs
            lines.append(line)
        elif rewrite == "pipe-caption":
            lines += _pipe_with_caption(cells, first)
        else:
            lines += _cells_per_line(cells, blank=rewrite == "cells-blank")
        first = first and len(cells) < 3
    path = tmp_path / ("plan.md" if rewrite == "pipe-caption" else "plan.txt")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    document = parse_file(path, config)

    def summary(doc: Document) -> list[tuple[str, str, list[str], list[tuple[str, str]]]]:
        return [
            (
                task.number,
                task.text,
                [leader.name for leader in task.leaders],
                [(unit.name, unit.role) for unit in task.units],
            )
            for task in doc.tasks
        ]

    assert len(original.tasks) > 100
    assert summary(document) == summary(original)
    assert not document.warnings


def test_a_long_assigned_item_with_sub_points_stays_a_task(tmp_path: Path, config: Config) -> None:
    body = (
        "丰水县2025年重点工作分工\n\n"
        "一、加快项目建设。全年实施县级重点项目50个，完成投资80亿元。"
        "（牵头领导：苏明；责任单位：县发改局）\n"
        "1. 开工建设工业园区二期；\n2. 建成物流中心。\n\n"
        "二、稳定扩大就业。城镇新增就业3000人以上，零就业家庭动态清零。"
        "（牵头领导：王丽；责任单位：县人社局）\n"
    )
    path = tmp_path / "plan.txt"
    path.write_text(body, encoding="utf-8")
    document = parse_file(path, config)
    assert [task.number for task in document.tasks] == ["1", "2"]
    assert [[leader.name for leader in task.leaders] for task in document.tasks] == [
        ["苏明"],
        ["王丽"],
    ]


UNIT_NAMES = st.builds(
    lambda head, inner, tail: f"{head}（{inner}）{tail}" if inner else f"{head}{tail}",
    st.sampled_from(["各县", "县财政", "各乡", "丰水县水务", "县委"]),
    st.sampled_from(["", "市、区", "镇、场", "含开发区，园区", "管委会"]),
    st.sampled_from(["局", "政府", "人民政府（管委会）", "办公室"]),
)


@given(st.lists(UNIT_NAMES, min_size=1, max_size=5, unique=True), st.sampled_from("、，；"))
def test_unit_lists_split_only_between_names(names: list[str], separator: str) -> None:
    from generator.read.normalize import split_units

    got = [name for name, _ in split_units(separator.join(names), "配合单位")]
    assert got == names


@given(
    st.sampled_from(["", "江源市", "临河市", "云岭省丰源市"]),
    st.sampled_from(["北湖区", "桐溪县", "", "区", "本区"]),
    st.sampled_from(["人民政府办公室", "人民政府", "管委会", "人民政府政府信息公开北湖区", ""]),
)
def test_a_region_is_a_place_name_or_nothing(city: str, county: str, office: str) -> None:
    from generator.read.readers.frontmatter import plausible_region, region_of

    region = region_of(city + county + office)
    assert region == "" or plausible_region(region)
    assert not any(word in region for word in ("政府", "信息", "公开", "办公"))
    if county in ("北湖区", "桐溪县"):
        assert region == city + county


@pytest.mark.parametrize(
    "header",
    [" ".join("序号任务名称责任单位责任人"), "附件1 序号 任务名称 责任单位 责任人"],
    ids=["spaced-out", "caption-first"],
)
def test_a_flattened_table_header_spaced_out_or_captioned(
    header: str, tmp_path: Path, config: Config
) -> None:
    rows = [
        "1 地区生产总值增长6%左右，规上工业增加值增长8%。 区发改局 张志远",
        "2 新增市场主体3000户。 区市场监管局 李红梅",
    ]
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(["松岭区2025年重点任务分解表", header, *rows]), encoding="utf-8")
    document = parse_file(path, config)
    got = [
        ([u.name for u in t.units], [leader.name for leader in t.leaders]) for t in document.tasks
    ]
    assert got == [(["区发改局"], ["张志远"]), (["区市场监管局"], ["李红梅"])]


def test_a_unit_cell_that_labels_its_parts(tmp_path: Path, config: Config) -> None:
    body = (
        "| 序号 | 工作任务 | 责任单位 |\n| --- | --- | --- |\n"
        "| 1 | 建成污水处理厂二期 | 牵头单位：区水务局；配合单位：区财政局、区住建局 |\n"
        "| 2 | 改造老旧小区15个 | 区住建局 |\n"
    )
    path = tmp_path / "plan.md"
    path.write_text("松岭区2025年重点任务清单\n\n" + body, encoding="utf-8")
    document = parse_file(path, config)
    assert [(u.name, u.role) for u in document.tasks[0].units] == [
        ("区水务局", "lead"),
        ("区财政局", "support"),
        ("区住建局", "support"),
    ]
    assert [(u.name, u.role) for u in document.tasks[1].units] == [("区住建局", "lead")]


def test_cells_per_line_with_the_section_leaders_on_a_label_line(
    tmp_path: Path, config: Config
) -> None:
    cells = ["序号", "目标任务", "牵头单位", "责任单位", "一、经济发展", "牵头领导：苏明、陈晓东"]
    cells += ["1", "地区生产总值增长6%左右。", "区发改局", "区统计局"]
    cells += ["2", "新增市场主体3000户。", "区市场监管局", "各街道"]
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(["松岭区2025年重点任务", "", *cells]), encoding="utf-8")
    document = parse_file(path, config)
    assert [[leader.name for leader in t.leaders] for t in document.tasks] == [
        ["苏明", "陈晓东"],
        ["苏明", "陈晓东"],
    ]
    assert [(u.name, u.role) for u in document.tasks[1].units] == [
        ("区市场监管局", "lead"),
        ("各街道", "support"),
    ]


# A small plan of our own, written two more ways staff paste documents.
OWN_TASKS = [
    ("1", "新建城区供水管网30公里。", ["周立"], ["县水务局", "县供水保障工作专班", "县住建局"], []),
    ("2", "完成老旧小区改造12个。", ["周立", "吴敏"], ["县住建局"], ["县发改局"]),
    ("3", "建成乡镇综合文化站5处。", ["吴敏"], ["县文旅局"], []),
]


def test_half_width_label_lines_with_comma_lists_are_not_a_csv_table(
    tmp_path: Path, config: Config
) -> None:
    # 责任单位:县水务局,县财政局,县住建局 has commas and a 工作-like name; it is no CSV header.
    lines = ["白河县2025年重点任务分工", ""]
    for number, text, leaders, leads, _ in OWN_TASKS:
        lines += [
            f"{number}) {text}",
            "牵头领导:" + ",".join(leaders),
            "责任单位:" + ",".join(leads),
        ]
    path = tmp_path / "labels.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    document = parse_file(path, config)
    assert document.layout != "table"
    assert [
        (t.number, [x.name for x in t.leaders], [u.name for u in t.units]) for t in document.tasks
    ] == [(n, leaders, leads) for n, _, leaders, leads, _ in OWN_TASKS]


def test_pipe_rows_that_leave_out_their_last_empty_cell_stay_rows(
    tmp_path: Path, config: Config
) -> None:
    lines = ["序号 | 工作任务 | 分管领导 | 牵头单位 | 配合单位", "---|---|---|---|---"]
    for number, text, leaders, leads, supports in OWN_TASKS:
        row = f"{number} | {text} | {'、'.join(leaders)} | {'、'.join(leads)} |"
        lines.append(row + (f" {'、'.join(supports)}" if supports else ""))
    path = tmp_path / "pipe.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    document = parse_file(path, config)
    assert [(t.number, [(u.name, u.role) for u in t.units]) for t in document.tasks] == [
        (n, [(u, "lead") for u in leads] + [(u, "support") for u in supports])
        for n, _, _, leads, supports in OWN_TASKS
    ]
