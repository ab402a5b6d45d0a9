"""Parse one source file into a Document: decode, read its layout, normalise, apply its sidecar."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin

from generator.config import Config, load_sidecar
from generator.errors import ConfigError, SourceError
from generator.ingest import extract
from generator.ingest.extracted import SourceText
from generator.model import Document, Indicator, LeaderRef, LineRole, Problem, Task
from generator.read.check import self_check
from generator.read.labels import make_vocabulary, vocabulary
from generator.read.normalize import find_indicators, split_leaders, unit_refs
from generator.read.privacy import remove_personal
from generator.read.readers import read_lines
from generator.read.readers.frontmatter import plausible_region, region_of
from generator.read.readers.raw import RawDocument, RawTask
from generator.read.repair import clean
from generator.read.withhold import (
    document_notice,
    private_attachment_lines,
    private_section_lines,
    strip_comments,
)

KINDS = (
    ("责任分工", "责任分工方案"),
    ("分解方案", "责任分解方案"),
    ("分解", "任务分解表"),
    ("实施方案", "实施方案"),
    ("工作要点", "工作要点"),
    ("清单", "任务清单"),
    ("台账", "任务台账"),
)
SIDECAR_SUFFIXES = (".yml", ".yaml")
# A title that opens with its government: 江源市南湖区2024年… or 桐溪县人民政府办公室….
LEADING_REGION = re.compile(
    r"^((?:[\u4e00-\u9fff]{2,8}?(?:省|市))?[\u4e00-\u9fff]{2,8}?(?:新区|市|区|县|旗))"
    r"(?=\s*20\d{2}\s*年|人民政府|管委)"
)
# …or one that opens with the year: 2023年莱山区任务分工表.
YEAR_THEN_REGION = re.compile(
    r"^20\d{2}\s*年\s*((?:[\u4e00-\u9fff]{2,8}?(?:省|市))?[\u4e00-\u9fff]{2,6}?(?:新区|区|县|旗))"
    r"(?=[\u4e00-\u9fff]*(?:方案|分工|分解|清单|任务))"
)


def sidecar_path(path: Path) -> Path | None:
    """Return the document's sidecar (same name, .yml) if there is one."""
    # a.yml, a.yaml, a.YML …: a sidecar spelled in capitals must still apply (public: false!).
    for candidate in sorted(path.parent.iterdir()):
        if (
            candidate != path
            and candidate.stem == path.stem
            and candidate.suffix.lower() in SIDECAR_SUFFIXES
        ):
            return candidate
    return None


def parse_file(
    path: Path,
    config: Config,
    display: str | None = None,
    taken: set[str] | None = None,
    cache: Path | None = None,
) -> Document:
    """Parse a file; raise SourceError or ConfigError when it cannot be read at all."""
    # A file name that is not valid UTF-8 must not break writing pages: show it repaired.
    display = _printable(display or str(path))
    if path.is_symlink():
        # Not followed: a link could publish any file of the server (/etc/passwd).
        raise SourceError(display, 0, "is a symbolic link; copy the document here instead")
    source = extract(path, display, cache)
    overrides: dict[str, Any] = {}
    side = sidecar_path(path)
    if side is not None:
        overrides = load_sidecar(side)
    return parse_source(source, config, overrides, _printable(path.stem), taken)


def parse_source(
    source: SourceText,
    config: Config,
    overrides: dict[str, Any],
    stem: str,
    taken: set[str] | None = None,
) -> Document:
    """Build a Document from decoded text, read with the sidecar's own words if it has any."""
    # columns: and labels: in the sidecar tell what a column or label means in this document.
    words = make_vocabulary(
        overrides.get("columns"),
        overrides.get("labels"),
        str(overrides.get("sidecar_path") or "sidecar"),
    )
    with vocabulary(words):
        return _parse_source(source, config, overrides, stem, taken)


def _parse_source(
    source: SourceText,
    config: Config,
    overrides: dict[str, Any],
    stem: str,
    taken: set[str] | None = None,
) -> Document:
    """Build a Document from decoded text; its id avoids those already taken."""
    # Withheld lines are blanked before reading, so nothing in them (tasks, 联系人, 抄送,
    # deadlines) can reach the model; hidden sections need one reading to be found first.
    # HTML comments (<!-- 草稿 -->) are never content: removed, and the lines they fill withheld.
    lines, withheld = strip_comments(source.lines)
    source = replace(source, lines=lines)
    withheld.update(private_attachment_lines(source.lines))
    raw = read_lines(_blank(source.lines, withheld), _rows(source, withheld))
    private_titles = [title for title, shown in overrides.get("sections", ()) if not shown]
    hidden, missing = private_section_lines(
        tuple(raw.sections), private_titles, len(source.lines), source.lines
    )
    if hidden:
        withheld.update(hidden)
        raw = read_lines(_blank(source.lines, withheld), _rows(source, withheld))
    problems = list(source.problems) + raw.problems
    visible = _blank(source.lines, withheld)
    meta = {**raw.meta, **{k: v for k, v in source.meta.items() if v}}
    issuer = meta.get("issuer", "")
    region = overrides.get("region") or region_of(issuer) or _region_from_text(visible)
    year = overrides.get("year") or _year(raw)
    kind = overrides.get("kind") or _kind(raw, visible)
    title = overrides.get("title") or meta.get("title") or _fallback_title(raw, kind, region, year)
    # A phone or ID number in a file name must reach no output, the id included.
    wanted_id = overrides.get("id") or slug_for(region, year, remove_personal(stem))
    doc_id = _unique_id(remove_personal(wanted_id), taken, problems)
    tasks = _tasks(raw, doc_id, config, problems)
    public = bool(overrides.get("public", True))
    notice = document_notice(source.lines)
    if notice and "public" not in overrides:
        # The document says it is not public: held back unless a reviewed sidecar says public.
        public = False
        problems.append(
            Problem(
                notice[0],
                f"{source.path} 第 {notice[0]} 行注明“{notice[1]}”：整份文件不公开发布"
                "（经审核可以公开的，在同名 .yml 侧车文件中写 public: true）",
            )
        )
    for title in missing:
        # A typo must not publish what staff meant to hide: hold the whole document back.
        public = False
        problems.append(
            Problem(
                1,
                f"section '{title}' is marked public: false but not found; "
                "the whole document is withheld until the sidecar is fixed",
                "error",
            )
        )
    tasks = [task for task in tasks if task.line not in withheld]
    sections = tuple(s for s in raw.sections if s.line not in withheld)
    targets: list[Indicator] = []
    for line, text in raw.target_texts:
        if line not in withheld:
            targets.extend(find_indicators(text, config))
    indicators = tuple(targets) + tuple(i for task in tasks for i in task.indicators)
    roles = tuple(
        LineRole(n, "withheld", withheld[n])
        if n in withheld
        else raw.roles.get(n, LineRole(n, "unaccounted"))
        for n in range(1, len(source.lines) + 1)
    )
    text_lines = visible
    document = Document(
        id=doc_id,
        source=source.path,
        title=title,
        issuer=overrides.get("issuer") or issuer,
        doc_number=overrides.get("doc_number") or meta.get("doc_number", ""),
        date=overrides.get("date") or meta.get("date", ""),
        region=region,
        year=year,
        kind=kind,
        layout=raw.layout,
        recipients=meta.get("recipients", ""),
        cc=meta.get("cc", ""),
        contact=meta.get("contact", ""),
        report_deadlines=tuple(raw.report_deadlines),
        attachments=tuple(raw.attachments),
        disclosure=meta.get("disclosure", ""),
        public=public,
        sections=sections,
        tasks=tuple(tasks),
        indicators=indicators,
        warnings=tuple(sorted(problems, key=lambda p: (p.line, p.message))),
        lines=roles,
        text_lines=text_lines,
    )
    # The self-check lists what looks misread, so nothing wrong is published silently.
    found = self_check(document, region_given=bool(overrides.get("region")))
    return replace(
        document,
        warnings=tuple(sorted((*document.warnings, *found), key=lambda p: (p.line, p.message))),
    )


def _printable(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _blank(lines: tuple[str, ...], withheld: dict[int, str]) -> tuple[str, ...]:
    return tuple("" if n in withheld else line for n, line in enumerate(lines, 1))


def _rows(source: SourceText, withheld: dict[int, str]) -> dict[int, tuple[str, ...]]:
    return {n: cells for n, cells in source.rows.items() if n not in withheld}


def _tasks(raw: RawDocument, doc_id: str, config: Config, problems: list[Problem]) -> list[Task]:
    tasks: list[Task] = []
    numbered = any(task.number for task in raw.tasks)
    seen: dict[str, int] = {}
    used_ids: set[str] = set()
    for position, item in enumerate(raw.tasks, start=1):
        number = item.number or ("" if numbered else str(position))
        if number and number in seen:
            problems.append(
                Problem(item.line, f"duplicate task number {number} (also at line {seen[number]})")
            )
        elif number:
            seen[number] = item.line
        task_id = f"{doc_id}-{number or position}"
        suffix = 2
        while task_id in used_ids:
            task_id = f"{doc_id}-{number or position}-{suffix}"
            suffix += 1
        used_ids.add(task_id)
        tasks.append(_task(item, task_id, number or str(position), config, problems, raw))
    return tasks


def _task(
    item: RawTask,
    task_id: str,
    number: str,
    config: Config,
    problems: list[Problem],
    raw: RawDocument,
) -> Task:
    leaders: list[LeaderRef] = []
    unit_fields: list[tuple[str, str]] = []
    deadline = ""
    for field in item.fields:
        if field.kind == "leader":
            for name in split_leaders(field.value):
                if all(existing.name != name for existing in leaders):
                    leaders.append(LeaderRef(name, field.label))
        elif field.kind == "unit":
            unit_fields.append((field.label, field.value))
        elif field.kind == "deadline":
            deadline = clean(field.value)
    units = unit_refs(unit_fields, config)
    if raw.has_assignments and not units:
        problems.append(
            Problem(item.line, f"task {number} has no assignment: no responsible unit found")
        )
    text = clean(item.text)
    return Task(
        id=task_id,
        number=number,
        title=item.title,
        text=text,
        section=item.section,
        leaders=tuple(leaders),
        units=tuple(units),
        indicators=tuple(find_indicators(text, config, task_id)),
        deadline=deadline,
        line=item.line,
        end_line=max(item.lines) if item.lines else item.end_line,
    )


def _year(raw: RawDocument) -> int | None:
    """The plan year: from the title, else a heading naming 重点工作/目标, else the date."""
    candidates = [raw.meta.get("title", "")]
    candidates += [s.title for s in raw.sections if re.search(r"重点|目标|任务|计划|方案", s.title)]
    candidates += raw.attachments
    for text in candidates:
        match = re.search(r"(20\d{2})\s*年", text)
        if match:
            return int(match.group(1))
    date = raw.meta.get("date", "")
    return int(date[:4]) if date[:4].isdigit() else None


def _kind(raw: RawDocument, lines: tuple[str, ...]) -> str:
    if not raw.has_assignments and any("各位代表" in line for line in lines[:20]):
        return "政府工作报告"
    texts = [raw.meta.get("title", ""), *raw.attachments, *(s.title for s in raw.sections[:5])]
    for text in texts:
        for word, kind in KINDS:
            if word in text:
                return kind
    return "政府工作报告" if not raw.has_assignments else "任务分解表"


def _region_from_text(lines: tuple[str, ...]) -> str:
    """Find the government a report speaks for: 中共烟台市委, 烟台市人民政府 …."""
    for line in [line.strip(" #*") for line in lines[:30] if line.strip()][:12]:
        match = LEADING_REGION.match(line) or YEAR_THEN_REGION.match(line)
        if match and plausible_region(match.group(1)):
            return match.group(1)
    text = "\n".join(lines[:400])
    patterns = (
        r"中共([\u4e00-\u9fff]{2,12}?(?:省|市|区|县|旗))委",
        r"([\u4e00-\u9fff]{2,12}?(?:市|区|县|旗))人民政府",
        r"([\u4e00-\u9fff]{2,12}?(?:市|区|县|旗))第[\u4e00-\u9fff]+届人民代表大会",
    )
    for pattern in patterns:
        found = Counter(re.findall(pattern, text))
        if found:
            names = [
                n
                for n in found.items()
                if not n[0].startswith(("我", "代表", "本")) and plausible_region(n[0])
            ]
            if names:
                return str(sorted(names, key=lambda item: (-item[1], item[0]))[0][0])
    return ""


def _fallback_title(raw: RawDocument, kind: str, region: str, year: int | None) -> str:
    for section in raw.sections:
        if section.level == 1 and re.search(r"方案|清单|分解|分工|报告", section.title):
            return section.title
    return f"{region}{year or ''}年{kind}" if region or year else kind


def slug_for(region: str, year: int | None, stem: str) -> str:
    """Make a readable, stable document id: pinyin of the region and the year (laishan-2023)."""
    parts = re.findall(r"[\u4e00-\u9fff]+?(?:省|市|区|县|旗|新区)|[\u4e00-\u9fff]+$", region)
    names = [re.sub(r"(?:新区|省|市|区|县|旗)$", "", part) or part for part in parts]
    words = ["".join(lazy_pinyin(name)) for name in names[-2:] if name]
    if year:
        words.append(str(year))
    slug = "-".join(w for w in words if w)
    slug = re.sub(r"[^a-z0-9-]+", "", slug.lower())
    if not slug or (not words[:-1] and year):
        slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "document"
    return slug


def _unique_id(wanted: str, taken: set[str] | None, problems: list[Problem]) -> str:
    """Keep ids URL-safe and distinct: a second 莱山 2023 document becomes yantai-laishan-2023-2."""
    base = re.sub(r"[^a-z0-9]+", "-", wanted.lower()).strip("-")[:80] or "document"
    doc_id = base
    suffix = 2
    while taken is not None and doc_id in taken:
        doc_id = f"{base}-{suffix}"
        suffix += 1
    if taken is not None:
        if doc_id != base:
            problems.append(
                # The other document may be private: its id is not named here.
                Problem(
                    1,
                    f"document id already used by another document; using {doc_id}"
                    " (set id: in a sidecar)",
                )
            )
        taken.add(doc_id)
    return doc_id


def parse_paths(
    paths: list[Path], config: Config, cache: Path | None = None
) -> tuple[list[Document], list[str]]:
    """Parse several files; unreadable ones are reported, the rest still parse."""
    documents: list[Document] = []
    errors: list[str] = []
    taken: set[str] = set()
    for path in paths:
        # content/documents/x.txt or x.txt, never the server's folders (whatever --content
        # was: absolute, relative, ../x/content or .), in messages, pages and open data.
        display = (
            f"content/documents/{_printable(path.name)}"
            if path.parent.name == "documents"
            else _printable(path.name)
        )
        try:
            documents.append(parse_file(path, config, display, taken=taken, cache=cache))
        except (SourceError, ConfigError) as error:
            errors.append(str(error))
    return documents, errors


def content_documents(content: Path) -> list[Path]:
    """List the source documents under content/documents, sidecars excluded, sorted."""
    folder = content / "documents"
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if (path.is_file() or path.is_symlink())
        and path.suffix.lower() not in SIDECAR_SUFFIXES
        and not path.name.startswith(".")
    )
