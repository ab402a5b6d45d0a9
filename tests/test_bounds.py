"""Bounded work: hostile YAML, quadratic inputs, one build at a time, clean failures."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import generator.publish.release as release
import generator.site.slugs as slugs
from generator.cli import main
from generator.config import Config, load_settings, load_sidecar
from generator.errors import ConfigError
from generator.ingest.text import decode_source
from generator.publish.search import SearchIndexError
from generator.read.parse import parse_source
from generator.site.gather import build_site, pinyin_key

Writer = Callable[[dict[str, str | bytes]], Path]
GOOD = "某某市某某区2024年重点任务分工方案\n\n1. 推进工作。（牵头领导：张三；责任单位：区发改局）\n"


def laughs(levels: int = 9, width: int = 9) -> str:
    """A YAML "billion laughs": each level refers to the one below `width` times."""
    lines = ['a0: &a0 "lol"']
    for level in range(1, levels + 1):
        refs = ", ".join(f"*a{level - 1}" for _ in range(width))
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail a test that runs past 60 s (the unbounded versions took minutes)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("took more than 60 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# --- YAML -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["documents/a.yml", "units.yml", "site.yml", "indicators.yml"])
def test_billion_laughs_is_refused_quickly_and_briefly(
    write_files: Writer, capsys: pytest.CaptureFixture[str], deadline: None, name: str
) -> None:
    root = write_files({"documents/a.txt": GOOD, name: laughs()})
    run = main(["--content", str(root), "check"])
    captured = capsys.readouterr()
    assert run == 1
    output = captured.out + captured.err
    assert len(output) < 5000
    assert "别名" in output or "展开" in output


def test_wide_alias_expansion_below_the_alias_limit_is_refused(write_files: Writer) -> None:
    # Few aliases, each to a big list: the expanded size, not the alias count, is the limit.
    big = "[" + ", ".join(["x"] * 5000) + "]"
    refs = ", ".join(["*a"] * 21)
    text = f"a: &a {big}\nb: [{refs}]\n"
    root = write_files({"site.yml": text})
    with pytest.raises(ConfigError, match="展开后过大"):
        load_settings(root)


def test_recursive_alias_is_refused(write_files: Writer) -> None:
    root = write_files({"a.yml": "title: &t [*t]\n"})
    with pytest.raises(ConfigError):
        load_sidecar(root / "a.yml")


def test_a_huge_value_is_not_echoed(write_files: Writer) -> None:
    root = write_files({"a.yml": "title: [" + ", ".join(["很长的值"] * 50000) + "]\n"})
    with pytest.raises(ConfigError) as caught:
        load_sidecar(root / "a.yml")
    assert "a.yml:1:" in str(caught.value) and len(str(caught.value)) < 300


def test_oversized_yaml_is_refused(write_files: Writer) -> None:
    root = write_files({"a.yml": "title: x\n" + "# 注释\n" * 300_000})
    with pytest.raises(ConfigError, match="文件过大"):
        load_sidecar(root / "a.yml")


def test_duplicate_keys_are_refused_in_every_staff_file(write_files: Writer) -> None:
    root = write_files(
        {"site.yml": "show_personal_contacts: false\nshow_personal_contacts: true\n"}
    )
    with pytest.raises(ConfigError, match=r"site\.yml:2: 重复的键"):
        load_settings(root)


# --- quadratic inputs --------------------------------------------------------------------------


@pytest.mark.parametrize("run", ["　 ", " \t", "中 ", "?)"])
@pytest.mark.parametrize(
    "shape", ["{}", "1. {}（牵头领导：张三；责任单位：区发改局）", "| {} | 区发改局 |"]
)
def test_long_line_of_alternating_spaces_reads_in_linear_time(
    deadline: None, run: str, shape: str
) -> None:
    line = shape.format(run * 20_000)
    source = decode_source((GOOD + line + "\n").encode("utf-8"), "long.txt")
    started = time.perf_counter()
    parse_source(source, Config(), {}, "long")
    # Loose: the quadratic versions took over 100 s; linear is well under a second.
    assert time.perf_counter() - started < 30


def test_pinyin_is_computed_once_per_name_however_many_partners(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    units = [f"第{n}单位局" for n in range(600)]
    text = "某某市某某区2024年重点任务分工方案\n\n1. 推进工作。（牵头领导：张三；责任单位："
    text += "、".join(units) + "）\n"
    source = decode_source(text.encode("utf-8"), "many.txt")
    document = parse_source(source, Config(), {}, "many")
    assert len(document.tasks[0].units) > 500
    calls = 0
    original = slugs.lazy_pinyin

    def counted(text: str) -> list[str]:
        nonlocal calls
        calls += 1
        return list(original(text))

    slugs._pinyin.cache_clear()
    pinyin_key.cache_clear()
    monkeypatch.setattr(slugs, "lazy_pinyin", counted)
    build_site([document], Config())
    # Without caching each of 600 units sorted its 599 partners by pinyin: 360,000 calls.
    assert calls < 10 * len(units)


# --- builds -------------------------------------------------------------------------------------


def build_args(root: Path, work: Path, *extra: str) -> list[str]:
    """Arguments of a `build` writing only inside work."""
    return [
        "--content", str(root), "build", "--docs", str(work / "build" / "docs"),
        "--site", str(work / "site"), "--releases", str(work / "build" / "releases"), *extra,
    ]  # fmt: skip


def test_second_build_is_refused_while_one_runs(
    write_files: Writer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_files({"documents/a.txt": GOOD})
    work = tmp_path / "work"
    (work / "build").mkdir(parents=True)
    with open(work / "build" / "build.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert main(build_args(root, work, "--no-publish")) == 1
        assert "另一个构建正在进行" in capsys.readouterr().err
        fcntl.flock(held, fcntl.LOCK_UN)
    assert main(build_args(root, work, "--no-publish")) == 0


def test_leftovers_of_killed_builds_are_removed(
    write_files: Writer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_files({"documents/a.txt": GOOD})
    work = tmp_path / "work"
    releases = work / "build" / "releases"
    live_release = releases / "site-live"
    dead = [releases / "site-killed", releases / "tmp" / "search-x"]
    for folder in [live_release, *dead]:
        folder.mkdir(parents=True)
    (work / "site").symlink_to(live_release, target_is_directory=True)
    temp = tmp_path / "systemp"
    old_scratch, fresh_scratch = temp / "search-old", temp / "search-fresh"
    old_scratch.mkdir(parents=True)
    fresh_scratch.mkdir()
    os.utime(old_scratch, (time.time() - 7200, time.time() - 7200))
    monkeypatch.setattr(release.tempfile, "tempdir", str(temp))
    assert main(build_args(root, work, "--no-publish")) == 0
    assert live_release.is_dir() and not any(path.exists() for path in dead)
    assert not old_scratch.exists() and fresh_scratch.exists()


@pytest.mark.parametrize(
    "failure",
    [
        OSError(errno.EROFS, "Read-only file system", "build/docs/index.md"),
        OSError(errno.ENOSPC, "No space left on device", "build/docs/index.md"),
    ],
)
def test_read_only_or_full_disk_is_one_line(
    write_files: Writer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    failure: OSError,
) -> None:
    root = write_files({"documents/a.txt": GOOD})

    def fail(*args: object) -> tuple[int, int]:
        raise failure

    monkeypatch.setattr("generator.build.write_tree", fail)
    assert main(build_args(root, tmp_path / "work", "--no-publish")) == 1
    err = capsys.readouterr().err.strip()
    # Stage lines (开始/完成/中止：…) come before; the failure itself is one line.
    stages = ("开始：", "完成：", "中止：")
    said = [line for line in err.splitlines() if not line.startswith(stages)]
    assert len(said) == 1 and failure.strerror in said[0] and "Traceback" not in err


def test_failed_search_index_is_a_publish_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object) -> int:
        raise SearchIndexError("pagefind failed: " + "x" * 10_000)

    monkeypatch.setattr(release, "write_search_index", fail)
    with pytest.raises(release.PublishError) as caught:
        release._index_for_search(tmp_path / "release", tmp_path / "scratch", {})
    assert len(str(caught.value)) < 200 and not (tmp_path / "scratch").exists()
