"""Staff settings: site.yml read key by key, YAML mistakes explained in Chinese, Chinese labels."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.config import Config, read_settings
from generator.errors import ConfigError
from generator.model import LEAD, SUPPORT
from generator.read.parse import parse_file
from tests.conftest import ROOT, build_command
from tests.portal_support import PRIVATE, PRIVATE_SIDECAR, PUBLIC, PUBLIC_SIDECAR

SITE_URL = "https://www.example.gov.cn/duban/"


@pytest.fixture(scope="module")
def misspelt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    """A site built from a site.yml with one unknown key among valid ones."""
    workdir = tmp_path_factory.mktemp("misspelt")
    content = workdir / "content"
    documents = content / "documents"
    documents.mkdir(parents=True)
    for name, text in (
        ("jiangbei.txt", PUBLIC),
        ("jiangbei.yml", PUBLIC_SIDECAR),
        ("neibu.txt", PRIVATE),
        ("neibu.yml", PRIVATE_SIDECAR),
    ):
        (documents / name).write_text(text, encoding="utf-8")
    settings = [
        "organizer: 江北区人民政府办公室",
        "site_code: 3301000001",
        "icp_no: 浙ICP备05012345号-1",  # line 3: the key is icp
        f"site_url: {SITE_URL}",
    ]
    (content / "site.yml").write_text("\n".join(settings) + "\n", encoding="utf-8")
    done = subprocess.run(
        build_command(content, workdir), capture_output=True, text=True, check=False, cwd=ROOT
    )
    return workdir / "site", done.stdout + done.stderr, done.returncode


def test_an_unknown_key_is_reported_with_its_line_and_fails_the_run(
    misspelt: tuple[Path, str, int],
) -> None:
    _, output, status = misspelt
    assert status == 1, output
    assert re.search(r"content/site\.yml:3: 未知设置 'icp_no'.*是否应为 'icp'", output), output
    assert "这一项未采用，其余设置照常生效" in output
    assert "默认设置" not in output
    assert "未设置 site_url" not in output


def test_the_valid_settings_beside_it_still_publish(misspelt: tuple[Path, str, int]) -> None:
    site, output, _ = misspelt
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "江北区人民政府办公室" in page and "主办单位" in page, output
    assert "3301000001" in page
    channel = ElementTree.parse(site / "feed.xml").getroot().find("channel")
    assert channel is not None
    links = [item.findtext("link") or "" for item in channel.iter("item")]
    assert links and all(link.startswith(SITE_URL) for link in links)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert SITE_URL + "documents/" in sitemap


def write(content: Path, name: str, text: str) -> Path:
    """Write one staff file into the content folder."""
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_bad_key_is_reported_and_the_good_ones_kept(tmp_path: Path) -> None:
    write(
        tmp_path,
        "site.yml",
        "organiser: 某办公室\n"  # line 1: misspelt
        "site_code: 3301000001\n"
        "show_personal_contacts: 也许\n"  # line 3: not true/false
        "site_code: 3301000002\n"  # line 4: repeated
        "contact_phone: 13912345678\n",  # line 5: a mobile
    )
    read = read_settings(tmp_path)
    assert [error.line for error in read.errors] == [1, 3, 4, 5]
    assert all(error.path == "content/site.yml" for error in read.errors)
    assert "重复的键 'site_code'" in read.errors[2].message
    assert read.settings.site_code == "3301000002"  # YAML keeps the last, as the message says
    assert read.usable
    from generator.build import settings_errors

    said = settings_errors(read, "cli.default_settings_build")
    assert "这一项未采用" in said[0] and "现采用最后一处的值" in said[2]


def test_a_wrong_site_url_says_so_instead_of_unset(tmp_path: Path) -> None:
    from generator.build import address_warnings, settings_errors

    write(tmp_path, "site.yml", "organizer: 某办公室\nsite_url: www.example.gov.cn\n")
    read = read_settings(tmp_path)
    assert read.settings.organizer == "某办公室"
    said = settings_errors(read, "cli.default_settings_build")
    assert len(said) == 1 and said[0].startswith("content/site.yml:2: 'site_url'")
    assert "site_url 未采用" in said[0]
    assert address_warnings(tmp_path, read) == []
    # Repeated, the last one wrong: both lines reported, neither says the last value is used.
    write(tmp_path, "site.yml", f"site_url: {SITE_URL}\norganizer: 某办公室\nsite_url: ftp://x\n")
    read = read_settings(tmp_path)
    said = settings_errors(read, "cli.default_settings_build")
    assert [text.split(": ")[0] for text in said] == ["content/site.yml:3"] * 2
    assert all("site_url 未采用" in text for text in said)
    assert read.settings.site_url == "" and address_warnings(tmp_path, read) == []
    # Not set at all: the warning stays.
    write(tmp_path, "site.yml", "organizer: 某办公室\n")
    assert address_warnings(tmp_path, read_settings(tmp_path))


@pytest.mark.parametrize(
    ("name", "text", "line", "expected"),
    [
        (
            "units.yml",
            "aliases:\n  - [发改局, 发展和改革局]\n\t- [财政局]\n",
            3,
            "制表符（Tab）缩进",
        ),
        ("indicators.yml", "indicators:\n  - name: 'GDP\n", 2, "引号没有结束"),
        ("units.yml", "aliases: [[发改局, 发展和改革局]\n", 1, "方括号 [ 或花括号"),
        ("site.yml", "organizer: 办公室: 督查科\n", 1, "冒号用法有误"),
        ("site.yml", "organizer: 办公室\nicp\nsite_code: 1\n", 3, "找不到“键: 值”中的冒号"),
        ("site.yml", "a:\n    b: 1\n  c: 2\n", 3, "缩进不对"),
    ],
)
def test_yaml_mistakes_are_explained_in_chinese_with_the_line(
    tmp_path: Path, name: str, text: str, line: int, expected: str
) -> None:
    from generator.config import load_config

    write(tmp_path, name, text)
    with pytest.raises(ConfigError) as raised:
        if name == "site.yml":
            errors = read_settings(tmp_path).errors
            assert len(errors) == 1
            raise errors[0]
        load_config(tmp_path)
    message = str(raised.value)
    assert message.startswith(f"content/{name}:{line}: YAML 格式有误：第 {line} 行"), message
    assert expected in message
    assert "found" not in message and "expected" not in message  # PyYAML's English stays out


def test_an_unexplained_yaml_problem_keeps_its_text_after_a_chinese_lead() -> None:
    import yaml

    from generator.config import yaml_problem

    error = yaml.MarkedYAMLError(problem="something new went wrong")
    assert yaml_problem(error)[1] == "YAML 格式有误：something new went wrong"


TASKS = (
    "某县2025年重点工作任务分工\n"
    "1. 建设产业园区标准厂房。包干单位：县经信局；协同单位：县自然资源局。\n"
    "2. 改造农村公路四十公里。包干单位：县交通局；协同单位：各乡镇。\n"
)


def test_chinese_label_meanings_are_read(tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    document = write(documents, "renwu.txt", TASKS)
    write(documents, "renwu.yml", "labels:\n  包干单位: 牵头\n  协同单位: 配合单位\n")
    parsed = parse_file(document, Config(), "content/documents/renwu.txt")
    roles = [[(unit.name, unit.role) for unit in task.units] for task in parsed.tasks]
    assert len(roles) == 2
    assert ("县经信局", LEAD) in roles[0] and ("县自然资源局", SUPPORT) in roles[0]
    assert ("县交通局", LEAD) in roles[1]


def test_a_bad_label_meaning_names_the_file_and_line(tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    document = write(documents, "renwu.txt", TASKS)
    write(documents, "renwu.yml", "title: 任务\nlabels:\n  协同单位: support\n  包干单位: 包干\n")
    with pytest.raises(ConfigError) as raised:
        parse_file(document, Config(), "content/documents/renwu.txt")
    message = str(raised.value)
    assert message.startswith("content/documents/renwu.yml:4: labels：“包干单位: 包干” 无效")
    assert "牵头" in message and "lead" in message and "配合" in message and "support" in message


def test_the_guide_lists_every_chinese_meaning_word() -> None:
    from generator.read.labels import MEANING_WORDS

    guide = (ROOT / "docs" / "使用说明.md").read_text(encoding="utf-8")
    missing = [word for words in MEANING_WORDS.values() for word in words if word not in guide]
    assert not missing
