"""The build shows each stage as it runs: plain timed lines when its output is not a terminal."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pty
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.messages import say
from generator.stages import LINKS, ORDER, stage
from tests.conftest import ROOT, build_command

COUNTIES = ("青川县", "平武县", "旺苍县")
WORKS = (
    ("开工建设城区供水管网改造工程，年内完成投资2亿元", "县住建局", "县财政局"),
    ("新建标准化厂房10万平方米", "县工信局", "县自然资源局"),
    ("新增城镇就业2000人以上", "县人社局", "县总工会"),
    ("完成农村公路提档升级80公里", "县交通运输局", "各乡镇"),
)


def task_document(county: str, year: int) -> str:
    """A numbered task notice of one county: two parts, each task with lead and support units."""
    lines = [f"{county}人民政府办公室关于印发{year}年政府工作报告重点任务分工方案的通知", ""]
    number = 0
    for part, heading in enumerate(("一、扩大有效投资", "二、保障改善民生")):
        lines.append(heading)
        for text, lead, support in WORKS[part * 2 : part * 2 + 2]:
            number += 1
            lines.append(f"{number}. {text}。牵头单位：{lead}；配合单位：{support}。")
        lines.append("")
    return "\n".join(lines)


@dataclass
class Run:
    """One CLI build with its output captured (a pipe, not a terminal)."""

    returncode: int
    stdout: str
    stderr: str
    tree: dict[str, str]


def run_build(content: Path, workdir: Path) -> Run:
    """Run `python -m generator build` into workdir; hash every published file."""
    command = build_command(content, workdir)
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    site = (workdir / "site").resolve()
    tree = {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }
    return Run(result.returncode, result.stdout, result.stderr, tree)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Run]:
    workdir = tmp_path_factory.mktemp("progress")
    documents = workdir / "content" / "documents"
    documents.mkdir(parents=True)
    for index, county in enumerate(COUNTIES):
        (documents / f"{index:02d}.txt").write_text(task_document(county, 2024), "utf-8")
    first = run_build(workdir / "content", workdir)
    second = run_build(workdir / "content", workdir)
    return first, second


def test_each_stage_is_announced_once_in_order_with_its_time(runs: tuple[Run, Run]) -> None:
    first, _ = runs
    assert first.returncode == 0, first.stdout + first.stderr
    lines = first.stderr.splitlines()
    starts = [line for line in lines if line.startswith("开始：")]
    names = [say(key) for key in ORDER]
    assert [line.removeprefix("开始：").split("（")[0] for line in starts] == names
    # The document count is known before parsing starts, so the plain line states it.
    assert starts[0] == f"开始：解析文档（共 {len(COUNTIES)} 份）"
    for name in names:
        finished = [line for line in lines if line.startswith(f"完成：{name}，用时 ")]
        assert len(finished) == 1, first.stderr
        assert finished[0].endswith(" 秒")
        assert lines.index(finished[0]) > lines.index(next(s for s in starts if name in s))


def test_captured_output_has_no_escape_codes_or_redraws(runs: tuple[Run, Run]) -> None:
    for run in runs:
        output = run.stdout + run.stderr
        assert "\x1b" not in output
        assert "\r" not in output


def test_progress_leaves_the_site_byte_identical(runs: tuple[Run, Run]) -> None:
    first, second = runs
    assert second.returncode == 0, second.stdout + second.stderr
    assert len(first.tree) > 20
    assert first.tree == second.tree


def test_a_failed_stage_says_it_stopped(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(RuntimeError), stage(LINKS) as running:
        running.advance()
        raise RuntimeError("broken")
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "开始：检查链接"
    assert err[1].startswith("中止：检查链接，用时 ")


def test_a_terminal_gets_a_live_bar_that_ends_in_one_line() -> None:
    # Both streams on a pseudo-terminal, as when staff run make site by hand.
    script = (
        "from generator.stages import DOCUMENTS, PARSE, stage\n"
        "with stage(PARSE, total=3, unit=DOCUMENTS) as running:\n"
        "    for _ in range(3):\n"
        "        running.advance()\n"
    )
    leader, follower = pty.openpty()
    env = dict(os.environ, TERM="xterm", COLUMNS="100")
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, env=env, stdout=follower, stderr=follower
    )
    os.close(follower)
    output = b""
    with contextlib.suppress(OSError):  # the terminal closes when the child exits
        while chunk := os.read(leader, 4096):
            output += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    text = output.decode("utf-8", "replace")
    assert "\x1b[" in text  # drawn and redrawn in place
    assert "3/3" in text
    assert "完成：解析文档，用时 " in text
    assert "开始：" not in text  # the plain log lines are for logs only
