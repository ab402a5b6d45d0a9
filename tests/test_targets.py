"""This year's 主要预期目标 and last year's results, read from narrative work reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Config, load_config
from generator.ingest.text import decode_source
from generator.model import RESULT, TARGET, Document, Indicator
from generator.read.parse import parse_source

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "provincial-2026"


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "content")


def parse(text: str, config: Config, year: int = 2026) -> Document:
    source = decode_source(text.encode("utf-8"), "report.txt")
    return parse_source(source, config, {"year": year}, "report")


def targets(document: Document, name: str | None = None) -> list[Indicator]:
    return [
        i
        for i in document.indicators
        if i.kind == TARGET and not i.task and (name is None or i.name == name)
    ]


def results(document: Document, name: str) -> list[Indicator]:
    return [i for i in document.indicators if i.kind == RESULT and i.name == name]


# A county report in a shape of its own: review with last year's figures, a five-year part,
# the targets split over lines, work items, and a glossary that repeats numbers.
REPORT = """\
2026年长川县人民政府工作报告
——2026年1月9日在长川县第十八届人民代表大会第五次会议上
各位代表：
一、2025年工作回顾
过去一年，全县地区生产总值增长5.6%，一般公共预算收入增长3.1%，城镇新增就业0.52万人。
“十四五”时期是不平凡的五年。五年来，地区生产总值年均增长6.2%，粮食产量累计增长8%。
二、“十五五”时期主要目标
“十五五”时期经济社会发展的主要目标是：地区生产总值年均增长5.5%左右。
三、2026年工作安排
今年经济社会发展的主要预期目标是：全县地区生产总值增长5%—5.5%，在实际
工作中努力争取更好结果；一般公共预算收入增长2%左右；城镇调查失业率控制在5.5%以内，城镇新增就
业0.5万人以上；居民消费价格涨幅2%左右；居民收入增长与经济增长同步；粮食产量稳定在18万吨以上；
单位地区生产总值能耗下降2.5%。
实现上述目标，要重点抓好以下工作。
（一）扩大有效投资。固定资产投资增长4%。
名词解释
1.地区生产总值：……2025年增长5.6%，预计2026年增长6%。
"""


def test_this_years_targets_with_range_qualifier_and_aim(config: Config) -> None:
    document = parse(REPORT, config)
    (gdp,) = targets(document, "地区生产总值")
    assert (gdp.value, gdp.high, gdp.unit, gdp.year) == (5.0, 5.5, "%", 2026)
    assert gdp.measure == "growth"
    assert "争取更好结果" in gdp.aim
    assert gdp.line == 10  # the line the paragraph's clause starts on


def test_target_paragraph_split_over_lines_is_read_whole(config: Config) -> None:
    document = parse(REPORT, config)
    (jobs,) = targets(document, "城镇新增就业")
    assert (jobs.value, jobs.unit, jobs.qualifier) == (0.5, "万人", "以上")
    (energy,) = targets(document, "单位地区生产总值能耗")
    assert (energy.value, energy.unit) == (2.5, "%")


@pytest.mark.parametrize(
    ("name", "value", "unit", "qualifier"),
    [
        ("一般公共预算收入", 2.0, "%", "左右"),
        ("城镇调查失业率", 5.5, "%", "以内"),
        ("居民消费价格涨幅", 2.0, "%", "左右"),
        ("粮食产量", 18.0, "万吨", "以上"),
    ],
)
def test_each_indicator_family(
    config: Config, name: str, value: float, unit: str, qualifier: str
) -> None:
    (found,) = targets(parse(REPORT, config), name)
    assert (found.value, found.unit, found.qualifier) == (value, unit, qualifier)


def test_qualitative_target_kept_as_text(config: Config) -> None:
    (income,) = targets(parse(REPORT, config), "居民人均可支配收入")
    assert income.value is None
    assert income.text == "居民收入增长与经济增长同步"


def test_review_figures_are_results_of_last_year_never_targets(config: Config) -> None:
    document = parse(REPORT, config)
    assert all(i.value != 5.6 for i in targets(document))
    (gdp,) = results(document, "地区生产总值")
    assert (gdp.value, gdp.year, gdp.kind) == (5.6, 2025, RESULT)
    assert results(document, "城镇新增就业")[0].value == 0.52


def test_five_year_goals_and_glossary_are_neither(config: Config) -> None:
    document = parse(REPORT, config)
    values = [i.value for i in document.indicators if i.name == "地区生产总值" and not i.task]
    assert 6.2 not in values  # 年均 over five years
    assert 6.0 not in values  # in the glossary after the targets
    assert not results(document, "粮食产量")  # 累计 over five years


@pytest.mark.parametrize(
    ("phrase", "low", "high", "qualifier", "aim"),
    [
        ("经济增长5%左右", 5.0, None, "左右", ""),
        ("地区生产总值增长4.5-5%", 4.5, 5.0, "", ""),
        ("地区生产总值增长5%到5.5%", 5.0, 5.5, "", ""),
        ("地区生产总值增长5%以上、力争更高", 5.0, None, "以上", "力争更高"),
        ("地区生产总值增长6%以上，力争达到6.5%", 6.0, None, "以上", "力争达到6.5%"),
        ("地区生产总值按增长5%安排", 5.0, None, "", ""),
    ],
)
def test_gdp_wordings_and_ranges(
    config: Config, phrase: str, low: float, high: float | None, qualifier: str, aim: str
) -> None:
    text = f"各位代表：\n今年全区发展的主要预期目标是：{phrase}；城镇新增就业3000人。\n"
    (gdp,) = targets(parse(text, config), "地区生产总值")
    assert (gdp.value, gdp.high, gdp.qualifier, gdp.aim) == (low, high, qualifier, aim)


def test_a_rank_or_share_is_not_a_value(config: Config) -> None:
    text = (
        "各位代表：\n2025年，规上工业增加值增速居全省第4位，服务业增加值占地区生产总值比重达"
        "54%，地区生产总值增长6%。\n今年主要预期目标是：地区生产总值增长5.5%。\n"
    )
    document = parse(text, config)
    assert [(i.name, i.value) for i in document.indicators if i.kind == RESULT] == [
        ("地区生产总值", 6.0)
    ]


# What the eight development reports state (read by hand from each 主要预期目标 paragraph).
STATED_GDP = {
    "安徽": (5.0, 5.5, ""),
    "山东": (5.0, None, "以上"),
    "广西": (5.0, None, "左右"),
    "江苏": (5.0, None, ""),
    "湖北": (5.5, None, "左右"),
    "福建": (5.0, None, "左右"),
    "重庆": (5.0, None, "以上"),
    "黑龙江": (4.5, 5.0, ""),
}
STATED_CPI = {"安徽": 2.0, "广西": 2.0, "江苏": 2.0, "湖北": 2.0, "福建": 2.0, "黑龙江": 2.0}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus beside the checkout")
@pytest.mark.parametrize("province", sorted(STATED_GDP))
def test_development_reports_gdp_and_cpi_targets(config: Config, province: str) -> None:
    (path,) = CORPUS.glob(f"2026_{province}*.txt")
    source = decode_source(path.read_bytes(), path.name)
    document = parse_source(source, config, {"year": 2026}, "report")
    (gdp,) = targets(document, "地区生产总值")
    assert (gdp.value, gdp.high, gdp.qualifier) == STATED_GDP[province]
    cpi = targets(document, "居民消费价格涨幅")
    if province in STATED_CPI:
        assert [c.value for c in cpi] == [STATED_CPI[province]]
    # Last year's figures are results, never this year's targets.
    for result in (i for i in document.indicators if i.kind == RESULT):
        assert result.year == 2025


def two_years(config: Config, region: str = "长川县") -> list[Document]:
    """A county's reports for 2025 and 2026: the second reviews what the first targeted."""
    first = f"""\
{region}2025年政府工作报告
各位代表：
今年经济社会发展的主要预期目标是：地区生产总值增长6%左右；城镇新增就业0.5万人。
"""
    second = f"""\
{region}2026年政府工作报告
各位代表：
过去一年，全县地区生产总值增长5.6%，城镇新增就业0.52万人。
今年经济社会发展的主要预期目标是：地区生产总值增长5.5%以上。
"""
    documents = []
    for year, text in ((2025, first), (2026, second)):
        source = decode_source(text.encode("utf-8"), f"{year}.txt")
        overrides = {"year": year, "region": region}
        documents.append(parse_source(source, config, overrides, str(year)))
    return documents


def test_indicator_page_sets_each_years_target_against_its_result(config: Config) -> None:
    from generator.site.gather import build_site
    from generator.site.render import render_site

    site = build_site(two_years(config), config)
    gdp = site.indicator("地区生产总值")
    (check,) = gdp.checks
    assert check.year == 2025
    assert (check.target.indicator.value, check.result.indicator.value) == (6.0, 5.6)
    assert [row.indicator.value for row in gdp.latest] == [5.5]
    page = render_site(site)[gdp.path]
    assert "| 长川县 | 2025 | 6%左右 | 5\\.6%" in page
    assert "低于目标" in page
    # One chart per government: static SVG with a title and a description, no script.
    assert page.count("<svg") == 1 and "<script" not in page
    assert "<title" in page and "2025年目标6%左右" in page and "2025年实绩5.6%" in page


def test_chart_and_table_escape_hostile_names(config: Config) -> None:
    from generator.site.gather import build_site
    from generator.site.render import render_site

    hostile = "<script>alert(1)</script>县"
    site = build_site(two_years(config, hostile), config)
    page = render_site(site)[site.indicator("地区生产总值").path]
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_open_data_lists_every_target_and_result(config: Config) -> None:
    import csv
    import io
    import json

    from generator.publish.data import data_catalogue, data_files
    from generator.site.gather import build_site

    site = build_site(two_years(config), config)
    files = data_files(site)
    records = json.loads(files["data/indicators.json"])
    gdp = [(r["year"], r["kind"], r["value"]) for r in records if r["indicator"] == "地区生产总值"]
    assert sorted(gdp) == [(2025, "result", 5.6), (2025, "target", 6.0), (2026, "target", 5.5)]
    raw = files["data/indicators.csv"]
    assert isinstance(raw, bytes) and raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    gdp_rows = [row for row in rows if row["指标"] == "地区生产总值"]
    # Excel readers get the indicator pages' words and the numbers as the documents wrote them.
    assert sorted((r["年份"], r["类型"], r["数值"]) for r in gdp_rows) == [
        ("2025", "实绩", "5.6"),
        ("2025", "目标", "6"),
        ("2026", "目标", "5.5"),
    ]
    assert {r["口径"] for r in gdp_rows} == {"增长"}
    assert all(row["级别"] == "县级" for row in rows)
    assert not any(cell.endswith(".0") for row in rows for cell in (row["数值"], row["上限"]))
    # The 数据下载 page describes each file's values as they are in that file.
    catalogue = {f.href: f for f in data_catalogue(site, files).files}
    csv_kind = next(f for f in catalogue["indicators.csv"].fields if f.name == "类型")
    json_kind = next(f for f in catalogue["indicators.json"].fields if f.name == "kind")
    assert csv_kind.example in ("目标", "实绩") and "target" not in csv_kind.meaning
    assert json_kind.example in ("target", "result") and "target" in json_kind.meaning


def test_report_copied_from_a_web_page_keeps_its_title_region_year_and_date(
    config: Config,
) -> None:
    chrome = "下载\n打印\n收藏\n【字号：\n加大\n还原\n减小\n】\n"
    body = REPORT.replace("2026年长川县人民政府工作报告", "2026年云岭自治州政府工作报告")
    body = body.replace("——2026年1月9日在长川县", "——2026年1月9日在云岭自治州")
    source = decode_source((chrome + body + "来源：云岭日报\n").encode("utf-8"), "r.txt")
    document = parse_source(source, config, {}, "r")
    assert document.title == "2026年云岭自治州政府工作报告"
    assert (document.region, document.year, document.date) == ("云岭自治州", 2026, "2026-01-09")
    skipped = [role for role in document.lines if role.kind == "skip"]
    assert len(skipped) == 8  # every button line is a reported skip, none is body text
    # The occasion line (…日在云岭自治州…) never makes 日在云岭自治州 a region.
    lines = ("——2026年1月9日在云岭自治州第十五届人民代表大会第五次会议上", "各位代表：")
    alone = parse_source(decode_source("\n".join(lines).encode(), "o.txt"), config, {}, "o")
    assert alone.region == "云岭自治州"


def test_targets_of_no_known_indicator_are_kept_as_text(config: Config) -> None:
    text = (
        "各位代表：\n今年主要预期目标是：地区生产总值增长5%左右，全员劳动生产率增速高于"
        "地区生产总值增速，生态环境质量完成国家下达目标任务。\n"
    )
    others = targets(parse(text, config), "其他预期目标")
    assert [o.text for o in others] == [
        "全员劳动生产率增速高于地区生产总值增速",
        "生态环境质量完成国家下达目标任务",
    ]
    assert all(o.value is None for o in others)


def test_document_page_lists_its_targets_and_last_years_results(config: Config) -> None:
    from generator.site.gather import build_site
    from generator.site.render import render_site

    hostile = REPORT.replace("在实际\n工作中努力争取更好结果", "力争<b>更高</b>")
    document = parse(hostile, config)
    site = build_site([document], config)
    page = render_site(site)[site.documents[0].path]
    targets_part = page.split("## 主要预期目标（2026 年）")[1].split("## 上年完成情况")[0]
    assert "地区生产总值" in targets_part and "居民收入增长与经济增长同步" in targets_part
    assert "<b>" not in page and "&lt;b&gt;" in page  # an aim is document text: escaped
    assert "## 上年完成情况（2025 年）" in page


def target_values(document: Document) -> dict[str, tuple[float | None, str, str]]:
    """Map each target's indicator to (value, unit, qualifier)."""
    return {i.name: (i.value, i.unit, i.qualifier) for i in targets(document)}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("（三）", "（四）"),
        ("(2)", "(3)"),
        ("4.", "5."),
        ("4、", "5、"),
        ("②", "③"),
        ("——", "——"),
        ("•", "•"),
    ],
)
def test_list_markers_before_a_target_are_not_part_of_its_name(
    config: Config, first: str, second: str
) -> None:
    text = (
        "2026年全州经济社会发展主要预期目标如下：\n"
        f"{first}社会消费品零售总额增长4.5%；\n{second}城镇新增就业2.4万人。\n"
    )
    values = target_values(parse(text, config))
    assert values == {"社会消费品零售总额": (4.5, "%", ""), "城镇新增就业": (2.4, "万人", "")}


def test_urban_rural_income_budget_levels_energy_and_trade_names(config: Config) -> None:
    text = (
        "各位代表：\n今年全县主要预期目标是：城乡居民人均可支配收入分别增长5.5%和6.5%；"
        "县级一般公共预算收入增长2%；万元地区生产总值能耗下降3%；货物进出口增长4%；"
        "单位GDP能耗和二氧化碳排放下降完成省下达任务；农村常住居民人均可支配收入增长7%以上。\n"
    )
    found = [(i.name, i.value) for i in targets(parse(text, config))]
    assert found == [
        ("城镇居民人均可支配收入", 5.5),
        ("农村居民人均可支配收入", 6.5),
        ("一般公共预算收入", 2.0),
        ("单位地区生产总值能耗", 3.0),
        ("外贸进出口总额", 4.0),
        ("单位地区生产总值能耗", None),
        ("单位地区生产总值二氧化碳排放", None),
        ("农村居民人均可支配收入", 7.0),
    ]
    # Urban and rural are never merged into the all-resident indicator.
    assert not targets(parse(text, config), "居民人均可支配收入")


def test_five_year_goals_and_restated_targets_never_win_over_this_years(config: Config) -> None:
    text = """\
各位代表：
一、过去一年工作回顾
过去一年，县十九届人大三次会议确定的主要预期目标为：地区生产总值增长7%，实际完成6.2%。
二、“十五五”时期奋斗目标
未来五年，是全面建设现代化的关键时期。
我们提出的主要目标是：地区生产总值增长快于全省，粮食产量稳定在20万吨以上。
三、今年工作安排
2026年经济社会发展的主要预期目标是：地区生产总值增长6%以上；粮食产量稳定在21万吨。
"""
    document = parse(text, config)
    assert target_values(document) == {
        "地区生产总值": (6.0, "%", "以上"),
        "粮食产量": (21.0, "万吨", ""),
    }
    (gdp,) = results(document, "地区生产总值")
    assert (gdp.value, gdp.year) == (6.2, 2025)  # what was achieved, not what was set


def test_a_growth_rate_after_a_level_belongs_to_the_same_indicator(config: Config) -> None:
    text = (
        "各位代表：\n一年来，全县实现固定资产投资88亿元，同比增长4.4%。\n"
        "今年主要预期目标是：规上工业增加值达到120亿元，增长9%；城镇新增就业3000人。\n"
    )
    document = parse(text, config)
    industry = targets(document, "规模以上工业增加值")
    assert [(i.value, i.unit, i.measure) for i in industry] == [
        (120.0, "亿元", "level"),
        (9.0, "%", "growth"),
    ]
    assert not targets(document, "其他预期目标")
    invest = results(document, "固定资产投资")
    assert [(i.value, i.measure) for i in invest] == [(88.0, "level"), (4.4, "growth")]


def test_full_width_digits_page_numbers_and_a_price_index(config: Config) -> None:
    text = (
        "各位代表：\n今年全市主要预期目标是：固定资产投资增长７％；城镇新增就\n- 7 -\n"
        "业1.5万人；居民消费价格指数控制在102.5%左右。\n"
    )
    document = parse(text, config)
    assert target_values(document) == {
        "固定资产投资": (7.0, "%", ""),
        "城镇新增就业": (1.5, "万人", ""),
        "居民消费价格涨幅": (2.5, "%", "左右"),  # an index of 102.5 is a rise of 2.5
    }
    (invest,) = targets(document, "固定资产投资")
    assert invest.text == "固定资产投资增长７％"  # the document's own wording is kept
    (cpi,) = targets(document, "居民消费价格涨幅")
    assert "102.5%" in cpi.text


def test_bounds_and_aims_written_before_the_value(config: Config) -> None:
    text = (
        "各位代表：\n今年主要预期目标是：一般公共预算收入增长不低于3%；"
        "城镇调查失业率不超过5.5%；社会消费品零售总额力争达到800亿元。\n"
    )
    document = parse(text, config)
    assert target_values(document) == {
        "一般公共预算收入": (3.0, "%", "以上"),
        "城镇调查失业率": (5.5, "%", "以内"),
        "社会消费品零售总额": (800.0, "亿元", ""),
    }
    (retail,) = targets(document, "社会消费品零售总额")
    assert retail.aim == "力争达到800亿元"


def test_a_review_clause_comparing_with_another_year_keeps_the_sentence(config: Config) -> None:
    text = (
        "各位代表：\n2025年，全区规上工业增加值增长7.4%，增速比2024年加快1.2个百分点；"
        "社会消费品零售总额增长5.2%。\n2024年，全区社会消费品零售总额增长4.1%。\n"
        "今年主要预期目标是：规上工业增加值增长7%。\n"
    )
    document = parse(text, config)
    assert [i.value for i in results(document, "规模以上工业增加值")] == [7.4]
    assert [i.value for i in results(document, "社会消费品零售总额")] == [5.2]


def test_a_salutation_does_not_hide_a_five_year_review_lead(config: Config) -> None:
    text = (
        "各位代表！2025年是“十四五”收官之年。五年来，我们攻坚克难。\n"
        "——绿色转型取得新进展。碳排放强度下降18%。\n"
        "今年主要预期目标是：地区生产总值增长5%。\n"
    )
    assert not results(parse(text, config), "单位地区生产总值二氧化碳排放")


def test_targets_after_a_five_year_lead_are_still_read_when_alone(config: Config) -> None:
    text = (
        "各位代表：\n五年来，全县经济实力显著增强。\n"
        "主要预期目标是：地区生产总值增长6%；城镇新增就业800人。\n"
    )
    assert target_values(parse(text, config)) == {
        "地区生产总值": (6.0, "%", ""),
        "城镇新增就业": (800.0, "人", ""),
    }
