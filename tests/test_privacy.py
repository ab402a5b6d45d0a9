"""Personal contact data is masked in every way people write it; other numbers are left alone."""

from __future__ import annotations

import pytest

from generator.read.privacy import mask_contacts, mask_pieces, remove_personal

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
