"""Personal contact data is masked in every way people write it; other numbers are left alone."""

from __future__ import annotations

import re

import pytest

from generator.model import Document
from generator.read.privacy import (
    is_masked_token,
    mask_contacts,
    mask_everywhere,
    mask_pieces,
    remove_personal,
    without_contacts,
)

MASKED = [
    ("联系电话：85161827、18563900800", "联系电话：85161827、185****0800"),
    ("+86 185-6390-0800", "185****0800"),
    ("008613900001009", "139****1009"),
    ("139.0000.1007。", "139****1007。"),
    ("139—0000—1014", "139****1014"),
    ("139 - 0000 - 1019", "139****1019"),
    ("１３９００００１００５", "139****1005"),
    ("13900001011 人社局", "139****1011 人社局"),
    ("邮箱：dck5595@163.com）", "邮箱：d***@163.com）"),
    ("a@vip.qq.com", "a***@vip.qq.com"),
    ("ＵＡ＠ＱＱ．ＣＯＭ", "U***@QQ.COM"),
    ("zhangsan(at)163.com", "z***@163.com"),
    ("x.y@tom.com", "x***@tom.com"),
]
KEPT = ["13000000000元", "投资5.5亿", "电话0535-6123456", "gov@yantai.gov.cn", "2023年2月24日"]


@pytest.mark.parametrize(("text", "shown"), MASKED)
def test_contacts_are_masked(text: str, shown: str) -> None:
    assert mask_contacts(text) == shown


@pytest.mark.parametrize("text", KEPT)
def test_amounts_landlines_and_office_mail_are_kept(text: str) -> None:
    assert mask_contacts(text) == text


# Lines whose other characters change length under NFKC (……, ㎡, ℃, ½, ⑴) are masked too.
NEIGHBOURS = ["……", "㎡", "℃", "½", "⑴", "ﬁ", "…", "™"]


@pytest.mark.parametrize("neighbour", NEIGHBOURS)
def test_masking_holds_on_lines_with_characters_nfkc_expands(neighbour: str) -> None:
    line = (
        f"面积120{neighbour}，联系人１３９４７２６１５３８，邮箱ｗａｎｇ＠ｑｑ．ｃｏｍ{neighbour}"
    )
    shown = mask_contacts(line)
    assert shown == f"面积120{neighbour}，联系人139****1538，邮箱w***@qq.com{neighbour}"


MORE_MASKED = [
    # 居民身份证: 18 digits (check digit X or x) and the old 15 digits
    ("身份证号：37060219850317642X。", "身份证号：370*************2X。"),
    ("公民身份号码370602198503176421", "公民身份号码370*************21"),
    ("证件 11010519491231002x", "证件 110*************2x"),
    ("旧身份证370602850317642，", "旧身份证370**********42，"),
    ("身份证 370602 19850317 642X", "身份证 370*************2X"),
    ("３７０６０２１９８５０３１７６４２Ｘ", "370*************2X"),
    # passports and travel permits
    ("护照号码E39582716", "护照号码E****16"),
    ("护照：EA3958271；", "护照：E****71；"),
    ("通行证C12345678", "通行证C****78"),
    ("护照G12345678和P1234567", "护照G****78和P****67"),
    # bank cards: Luhn-valid, or named as 卡号/账号
    ("6222021234567890128", "6222****0128"),
    ("4111 1111 1111 1111", "4111****1111"),
    ("卡号：6222 0212 3456 7890 123", "卡号：6222****0123"),
    ("银行账号 6217-0000-1234-5678-901", "银行账号 6217****8901"),
    # more personal mail providers and disguised addresses
    ("zhangsan@gmail.com", "z***@gmail.com"),
    ("li.si@yeah.net", "l***@yeah.net"),
    ("ww@sina.cn", "w***@sina.cn"),
    ("me@proton.me", "m***@proton.me"),
    ("123456789#qq.com", "1***@qq.com"),
    ("liuqi＃qq.com", "l***@qq.com"),
    ("zhaoliu AT gmail DOT com", "z***@gmail.com"),
    ("zhaoliu at 163 dot com", "z***@163.com"),
    ("wang［at］126．com", "w***@126.com"),
    ("wang【at】126.com", "w***@126.com"),
    ("wang(at)163(dot)com", "w***@163.com"),
    ("wang [at] 126 [dot] com", "w***@126.com"),
    # QQ and WeChat ids given as contacts
    ("QQ：123456789", "QQ：1****9"),
    ("微信号：zhangsan_88", "微信号：z****8"),
]
MORE_KEPT = [
    "统一社会信用代码：913706007060123456",
    "注册号370600018012345",
    "总投资1234567890123456元",
    "2021 2022 2023 2024 2025",
    "文号：烟莱政办发〔2023〕2号",
    "G15沈海高速、G2023次列车",
    "项目编号2023010100012345",
    "合同编号：6222021234567890128",
    "主动公开",
    "office@yantai.gov.cn",
    "service@company-example.com",
    "微信公众号：莱山发布",
]


@pytest.mark.parametrize(("text", "shown"), MORE_MASKED)
def test_identity_card_passport_bank_and_disguised_contacts_are_masked(
    text: str, shown: str
) -> None:
    assert mask_contacts(text) == shown


@pytest.mark.parametrize("text", MORE_KEPT)
def test_organisation_codes_amounts_years_and_document_numbers_are_kept(text: str) -> None:
    assert mask_contacts(text) == text


def test_a_number_broken_over_two_lines_is_masked_and_the_lines_stay() -> None:
    lines = ("联系电话：1394726", "1538，身份证37060219850", "317642X。", "第四行")
    shown = mask_pieces(lines)
    assert len(shown) == len(lines)
    joined = "".join(shown)
    assert "13947261538" not in joined and "1538，" in joined
    assert "37060219850317642X" not in joined.replace("\n", "")
    assert shown[0] == "联系电话：139****1538" and shown[3] == "第四行"


def test_contacts_can_be_shown_but_identity_numbers_never() -> None:
    text = "电话13947261538，身份证37060219850317642X"
    assert mask_contacts(text, contacts=False) == "电话13947261538，身份证370*************2X"


def test_personal_data_is_removed_from_what_becomes_an_id() -> None:
    assert remove_personal("报告13947261538") == "报告"
    assert remove_personal("yantai-2023") == "yantai-2023"


# A contact closing a numbered line, with the next numbered line below it (the break between
# them sits between a digit or letter and a digit): on the original-text page too.
CLOSING = [
    "（责任单位：县商务局）",
    "（牵头领导：王五；责任单位：县商务局）",
    "（责任单位：县商务局）。",
    "完成",
]
TRAILING = [
    ("13812341001", "138****1001"),
    ("身份证11010519491231002X", "身份证110*************2X"),
    ("zhang@qq.com", "z***@qq.com"),
    ("wang_li@163.com", "w***@163.com"),
]


@pytest.mark.parametrize("closing", CLOSING)
@pytest.mark.parametrize(("contact", "shown"), TRAILING)
def test_a_contact_ending_a_numbered_line_is_masked_on_every_line_of_the_text(
    closing: str, contact: str, shown: str
) -> None:
    lines = (
        "一、经济发展",
        f"1. 推进甲项目。{closing}{contact}",
        "2. 推进乙项目。",
        "3. 推进丙项目。",
    )
    assert mask_contacts(lines[1]) == f"1. 推进甲项目。{closing}{shown}"
    assert mask_pieces(lines) == (lines[0], f"1. 推进甲项目。{closing}{shown}", *lines[2:])
    document = Document(
        id="d",
        source="d.txt",
        title="方案",
        issuer="",
        doc_number="",
        date="",
        region="",
        year=2024,
        kind="",
        layout="",
        contact=f"{closing}{contact}",
        text_lines=lines,
    )
    masked = mask_everywhere(document)
    assert contact not in "\n".join(masked.text_lines) and shown in masked.text_lines[1]
    assert masked.contact == f"{closing}{shown}"


SPACED = [
    ("联系1 3 8 1 2 3 4 0 7 0 1", "联系138****0701"),
    ("联 系 人 手 机 1 3 8 1 2 3 4 0 7 0 1 。", "联 系 人 手 机 138****0701 。"),
    ("电话：1.5.9.0.0.0.0.1.0.0.7", "电话：159****1007"),
    ("电话：1-5-9-0-0-0-0-1-0-0-7", "电话：159****1007"),
    ("电话：１　３　９　０　０　０　０　１　０　０　７", "电话：139****1007"),
    ("身份证 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X", "身份证 110*************2X"),
    ("卡号 6 2 2 2 0 2 1 2 3 4 5 6 7 8 9 0", "卡号 6222****7890"),
]
SPACED_KEPT = [
    "2 0 2 4 年 6 月 3 0 日",
    "1 2 3 4 5 6 7 8 9 0 1 2",  # twelve digits: no mobile
    "投资1 3 8 1 2 3 4 0 7 0 1元",
    "1 2 3 4 5 6 7 8 9 0 1",  # eleven digits, but no mobile prefix
    "统一社会信用代码：9 1 3 7 0 6 0 2 1 9 8 5 0 3 1 7 6 4 2 X",
    "1 1 0 1 0 5 1 9 4 9 1 3 3 1 0 0 2 X",  # month 13: no birth date
    "第1.2.3项，13 14 15 16 17 18 19 20 21 22 23",
    "1-3-5-7-9",
]


@pytest.mark.parametrize(("text", "shown"), SPACED)
def test_a_number_written_digit_by_digit_is_masked(text: str, shown: str) -> None:
    assert mask_contacts(text) == shown


@pytest.mark.parametrize("text", SPACED_KEPT)
def test_years_amounts_and_codes_written_digit_by_digit_are_kept(text: str) -> None:
    assert mask_contacts(text) == text


MESSENGERS = [
    ("QQ邮箱：123456789", "QQ邮箱：1****9"),
    ("QQ号码 987654321", "QQ号码 9****1"),
    ("vx：zg13812340607", "vx：z****7"),
    ("VX: zg13812340607", "VX: z****7"),
    ("wx：zg_123abc", "wx：z****c"),
    ("微信：zg_123abc", "微信：z****c"),
    ("微信号：zg_123abc。", "微信号：z****c。"),
    ("b7（艾特）qq.com", "b***@qq.com"),
    ("b7【艾特】163（点）com", "b***@163.com"),
    ("b7 [at] qq [dot] com", "b***@qq.com"),
    ("邮箱 a3 @ qq . com。", "邮箱 a***@qq.com。"),
    ("邮箱a3＠163．com，", "邮箱a***@163.com，"),
    ("电话壹叁捌壹贰叁肆零陆零陆。", "电话壹叁捌****零陆零陆。"),
    ("手机一三八一二三四零六零六", "手机一三八****零六零六"),
    ("手机幺三九零零零零幺零零七", "手机幺三九****幺零零七"),
]
MESSENGERS_KEPT = [
    "一九四九年十月一日",
    "二〇二四年六月三十日",
    "一三五七九",
    "VxWorks 2024",
    "wx公众号",
    "QQ群",
    "一千三百八十一万二千三百四十",
]


@pytest.mark.parametrize(("text", "shown"), MESSENGERS)
def test_messenger_ids_disguised_mail_and_mobiles_in_chinese_numerals_are_masked(
    text: str, shown: str
) -> None:
    assert mask_contacts(text) == shown


@pytest.mark.parametrize("text", MESSENGERS_KEPT)
def test_chinese_dates_and_counts_and_words_like_labels_are_kept(text: str) -> None:
    assert mask_contacts(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "13812340203",
        "王五 13812340203",
        "zhang@qq.com",
        "11010519491231002X",
        "壹叁捌壹贰叁肆零陆零陆",
        "1 3 8 1 2 3 4 0 7 0 1",
        "QQ：123456789",
    ],
)
def test_what_masking_leaves_is_recognised_as_a_masked_token(text: str) -> None:
    shown = mask_contacts(text)
    tokens = [token for token in re.split(r"[\s：:]+", shown) if token]
    assert any(is_masked_token(token) for token in tokens), shown


@pytest.mark.parametrize(
    "text", ["县商务局", "王五", "2024", "13.5%", "烟政办发〔2024〕12号", "3*4", "**重点**", "A*B"]
)
def test_names_numbers_and_emphasis_are_not_masked_tokens(text: str) -> None:
    assert not is_masked_token(text)


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("王五 13812340203", "王五"),
        ("市住建局 13812340202", "市住建局"),
        ("市住建局138****0202", "市住建局"),
        ("王五（联系电话：138****0203）", "王五"),
        ("王五（13812340203）副县长", "王五 副县长"),
        ("县民政局 联系人：zhang@qq.com", "县民政局"),
        ("县教育局（牵头）", "县教育局（牵头）"),
        ("县财政局、县人社局", "县财政局、县人社局"),
    ],
)
def test_a_unit_or_leader_cell_loses_its_contact(cell: str, name: str) -> None:
    assert without_contacts(cell) == name
