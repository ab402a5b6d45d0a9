"""The staff guide (docs/使用说明.md) stays true: its commands, files, fields and outputs exist.

The guide's worked example is replayed: every file it says to save is saved in a scratch
content folder that holds the shipped settings (content/*.yml, as staff have them), and every
output it quotes is compared with the real output: line for line when quoted whole, in order
when quoted as an excerpt (节选).
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.build import build_docs
from generator.cli import build_parser, main
from generator.config import SETTINGS_FIELDS, SIDECAR_FIELDS, load_settings, load_sidecar
from generator.messages import say
from generator.progress.load import PROGRESS_DIR
from generator.read.labels import COLUMN_MEANINGS, LABEL_MEANINGS, make_vocabulary
from generator.stages import ORDER
from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "使用说明.md"
TEXT = GUIDE.read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
# The words that introduce a file to save, and an output of `make check` to compare.
SAVE = re.compile(r"`(content/[^`]+)`\s*(?:改为)?：$")
SHOWS = re.compile(r"显示(?:（节选）)?：$")
EXCERPT = "（节选）"


@dataclass(frozen=True)
class Block:
    """A fenced block of the guide, with the line of prose just before it."""

    lead: str
    language: str
    body: str


def blocks(text: str) -> list[Block]:
    """Return every fenced block in order; an indented block (in a list) is dedented."""
    found: list[Block] = []
    lines = text.splitlines()
    index = 0
    lead = ""
    while index < len(lines):
        line = lines[index]
        if line.strip().startswith("```"):
            language = line.strip().removeprefix("```")
            # A block inside a list item is indented as far as its fence; its own leading
            # spaces (a report's two-space indent) are content.
            indent = len(line) - len(line.lstrip(" "))
            body = []
            index += 1
            while lines[index].strip() != "```":
                body.append(
                    lines[index][indent:] if lines[index][:indent].isspace() else lines[index]
                )
                index += 1
            found.append(Block(lead, language, "\n".join(body) + "\n"))
        elif line.strip():
            lead = line.strip()
        index += 1
    return found


def quoted(text: str) -> list[str]:
    """Return every `inline code` span of the guide's prose (outside fenced blocks)."""
    prose = re.sub(r"^\s*```.*?^\s*```", "", text, flags=re.S | re.M)
    return re.findall(r"`([^`\n]+)`", prose)


def run_check(content: Path) -> list[str]:
    """Run `python -m generator check` on content; return the lines it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(["--content", str(content), "check"])
    return (out.getvalue() + err.getvalue()).splitlines()


def without_progress(lines: list[str]) -> list[str]:
    """Drop the stage lines (开始：… 完成：…): a terminal shows them as passing progress."""
    names = [say(key) for key in ORDER]
    starts = [say("stage.started", name=name) for name in names]
    starts += [say("stage.finished", name=name, seconds="0").split("0 秒")[0] for name in names]
    return [line for line in lines if not line.startswith(tuple(starts))]


def shipped_settings(content: Path) -> None:
    """Copy the repository's content/*.yml (indicators, units, statuses, site) into content."""
    content.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "content").glob("*.yml")):
        shutil.copy(path, content / path.name)


def appear_in_order(expected: list[str], actual: list[str]) -> bool:
    """Tell whether the expected lines are among the actual ones, in the same order."""
    remaining = iter(actual)
    return all(any(line == seen for seen in remaining) for line in expected)


def test_every_make_command_is_a_makefile_target() -> None:
    targets = set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, flags=re.M))
    named = {
        match.group(1) for code in quoted(TEXT) if (match := re.match(r"make ([a-z-]+)", code))
    }
    assert {"check", "site", "serve", "templates"} <= named
    assert named <= targets


def test_every_generator_command_parses() -> None:
    commands = [code for code in quoted(TEXT) if code.startswith(".venv/bin/python -m generator")]
    assert commands
    # The guide writes the virtualenv's interpreter, which the Makefile installs into.
    assert re.search(r"^VENV := \.venv$", MAKEFILE, flags=re.M)
    parser = build_parser()
    for command in commands:
        words = shlex.split(command)[3:]
        parser.parse_args(words)  # exits (fails the test) on an unknown command or option


def test_every_path_named_exists_or_is_made_by_the_tools() -> None:
    saved = {match.group(1) for block in blocks(TEXT) if (match := SAVE.search(block.lead))}
    # Folders the tools make: their names are checked against the code and the Makefile.
    made = {
        f"content/{PROGRESS_DIR}/",
        build_parser().parse_args(["build"]).releases + "/",
        build_parser().parse_args(["build"]).site + "/",
        "build/templates/",
        "build/demo-site/",
    }
    assert {"build/templates/", "build/demo-site/"} <= {
        path for path in made if path.rstrip("/") in MAKEFILE
    }
    paths = {
        code
        for code in quoted(TEXT)
        if re.fullmatch(r"(content|build|site|docs|generator|tests)(/\S*)?", code)
    }
    assert "content/documents/" in paths
    for path in paths:
        # content/documents/文件名 is a placeholder for any document's name.
        placeholder = path.endswith("/文件名")
        assert (ROOT / path).exists() or path in saved or path in made or placeholder, path


def test_the_sidecar_field_table_is_every_field() -> None:
    section = TEXT.split("可以写的字段", 1)[1].split("写法要求", 1)[0]
    fields = re.findall(r"^\| `(\w+)` \|", section, flags=re.M)
    assert sorted(fields) == sorted(SIDECAR_FIELDS)


def test_the_label_and_column_meanings_are_the_readers() -> None:
    section = TEXT.split("`labels:` 说明", 1)[1].split("表格文件用", 1)[0]
    labels = re.findall(r"^\| `(\w+)` \|", section, flags=re.M)
    assert labels == list(LABEL_MEANINGS)
    extra = TEXT.split("`columns:` 除上面五种含义外", 1)[1].split("\n\n", 1)[0]
    columns = re.findall(r"`(\w+)`", extra)
    assert sorted(labels + columns) == sorted(COLUMN_MEANINGS)


def test_every_sidecar_example_is_accepted(tmp_path: Path) -> None:
    sidecars = [block for block in blocks(TEXT) if "（侧车文件）" in block.body.split("\n")[0]]
    assert len(sidecars) >= 4
    for number, block in enumerate(sidecars):
        path = tmp_path / f"{number}.yml"
        path.write_text(block.body, encoding="utf-8")
        data = load_sidecar(path)  # raises on an unknown field or a wrong type
        make_vocabulary(data.get("columns"), data.get("labels"), str(path))


def test_every_site_setting_named_is_accepted(tmp_path: Path) -> None:
    settings = [
        code
        for line in TEXT.splitlines()
        if "content/site.yml" in line
        for code in re.findall(r"`(\w+: [^`]+)`", line)
    ]
    assert {setting.split(":")[0] for setting in settings} >= {"show_personal_contacts", "as_of"}
    for setting in settings:
        assert setting.split(":")[0] in SETTINGS_FIELDS
        (tmp_path / "site.yml").write_text(setting + "\n", encoding="utf-8")
        load_settings(tmp_path)  # raises on an unknown key or a wrong value


def test_the_worked_example_prints_what_the_guide_shows(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shipped_settings(content)
    (content / "documents").mkdir(parents=True)
    shown = [block for block in blocks(TEXT) if SHOWS.search(block.lead)]
    compared = 0
    for block in blocks(TEXT):
        saved = SAVE.search(block.lead)
        if saved:
            target = tmp_path / saved.group(1)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.body, encoding="utf-8")
        elif block in shown:
            # Every output the guide quotes is one the example can replay: make check's.
            assert "make check" in block.lead, block.lead
            expected = [line for line in block.body.splitlines() if line.strip()]
            actual = without_progress(run_check(content))
            if EXCERPT in block.lead:
                assert appear_in_order(expected, actual), "\n".join(actual)
            else:
                assert expected == actual, "\n".join(actual)
            compared += 1
    assert compared == len(shown) >= 5


def test_the_site_settings_section_shows_every_setting(tmp_path: Path) -> None:
    section = TEXT.split("网站设置（content/site.yml）", 1)[1]
    [example] = [block for block in blocks(section) if "# content/site.yml" in block.body]
    (tmp_path / "site.yml").write_text(example.body, encoding="utf-8")
    settings = load_settings(tmp_path)  # raises on an unknown key or a wrong value
    assert set(yaml.safe_load(example.body)) == set(SETTINGS_FIELDS)
    explained = set(re.findall(r"^\| `(\w+)`(?:、`(\w+)`)? \|", section, flags=re.M))
    assert {name for pair in explained for name in pair if name} == set(SETTINGS_FIELDS)
    assert settings.site_url


def test_the_server_note_names_the_404_page_for_nginx_and_apache() -> None:
    codes = quoted(TEXT)
    for server in ("error_page 404 ", "ErrorDocument 404 "):
        [setting] = [code for code in codes if code.startswith(server)]
        page = setting.split()[-1].rstrip(";")
        assert page.endswith("/404.html")
        assert (ROOT / "theme" / "404.html").is_file()


def test_the_progress_example_is_accepted(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    for block in blocks(TEXT):
        if saved := SAVE.search(block.lead):
            (tmp_path / saved.group(1)).write_text(block.body, encoding="utf-8")
    [example] = [block for block in blocks(TEXT) if block.body.startswith("# content/progress/")]
    name = example.body.split("\n")[0].removeprefix("# ")
    (tmp_path / name).parent.mkdir(parents=True)
    (tmp_path / name).write_text(example.body, encoding="utf-8")
    with contextlib.redirect_stderr(io.StringIO()):
        result = build_docs(content, tmp_path / "build" / "docs")
    assert [error for error in result.errors if "progress" in error] == []
    assert result.site.tracking.active


@pytest.mark.parametrize("field", sorted(SIDECAR_FIELDS))
def test_every_sidecar_field_is_explained(field: str) -> None:
    assert f"`{field}`" in TEXT


def test_the_readme_points_staff_to_the_guide() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert "docs/使用说明.md" in head


def test_the_stages_named_are_the_builds() -> None:
    names = [say(key) for key in ORDER]
    steps = TEXT.split("屏幕逐项显示进行到哪一步和用时：", 1)[1].split("。", 1)[0]
    assert [step.split("（")[0].strip() for step in steps.split("、")] == names
    for line in re.findall(r"“((?:开始|完成)：[^”]+)”", TEXT):
        name = line.split("：", 1)[1].split("，")[0]
        assert name in names
        started = say("stage.started", name=name)
        finished = say("stage.finished", name=name, seconds="0")
        assert line == started or line.startswith(finished.split("0 秒")[0])
