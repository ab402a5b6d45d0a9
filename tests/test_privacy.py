"""Personal contact data is masked in every way people write it; other numbers are left alone."""

from __future__ import annotations

import pytest

from generator.read.privacy import mask_contacts

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
