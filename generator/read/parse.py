"""Parse one source file into a Document: decode, read its layout, normalise, apply its sidecar."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin

from generator.config import (
    MEANING_LINES,
    SECTION_LINES,
    SIDECAR_PATH,
    Config,
    brief,
    load_sidecar,
)
from generator.errors import ConfigError, SourceError, located
from generator.ingest import extract, is_document
from generator.ingest.extracted import SourceText
from generator.messages import say
from generator.model import Document, Indicator, LeaderRef, LineRole, Problem, Task
from generator.read.cache import load_parsed, parse_key, prune_parsed, store_parsed
from generator.read.check import self_check
from generator.read.labels import make_vocabulary, vocabulary
from generator.read.normalize import find_indicators, split_leaders, unit_refs
from generator.read.privacy import remove_personal, without_contacts
from generator.read.readers import read_lines
from generator.read.readers.frontmatter import PLACE, plausible_region, region_of
from generator.read.readers.raw import RawDocument, RawTask
from generator.read.repair import clean
from generator.read.targets import read_targets
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
# The warning of a document whose wanted id another had taken: it was given base-2, base-3 ….
ID_TAKEN = "read.id_taken"
# What copying a file adds to its name: x - 副本, 副本 x, x的副本, x (1), Copy of x, x copy 2.
COPY_MARK = re.compile(
    r"^(?:副本|复件|拷贝|copy of)\s*[-_－—]?\s*"
    r"|\s*[-_－—]?\s*(?:的?副本|复件|拷贝|copy)(?:\s*[(（]?\d{1,3}[)）]?)?$"
    r"|\s*[(（]\d{1,3}[)）]$"
)
# Windows cannot hold these names as files or folders, whatever the extension; "index" is
# the name of every list page.
RESERVED_NAME = re.compile(r"^(?:con|prn|aux|nul|com[1-9]|lpt[1-9]|index)$")
# A title that opens with its government: 江源市南湖区2024年… or 桐溪县人民政府办公室….
LEADING_REGION = re.compile(
    rf"^({PLACE.pattern})(?=\s*20\d{{2}}\s*年|人民政府|管委|(?:人民)?政府工作报告)"
)
# …or one that opens with the year: 2023年莱山区任务分工表, 2026年福建省政府工作报告.
YEAR_THEN_REGION = re.compile(
    rf"^20\d{{2}}\s*年\s*({PLACE.pattern})"
    r"(?=[\u4e00-\u9fff]*(?:方案|分工|分解|清单|任务|报告))"
)
# A place name stands after a non-Chinese character or after 在/于 ("…2月2日在广西壮族自治区
# 第十四届人民代表大会"): never take the 日在 in front of it as part of the name.
_START = r"(?:(?<![\u4e00-\u9fff])|(?<=[在于]))"
_LEVEL = r"(?:省|自治区|自治州|市|州|盟|区|县|旗)"
REGION_PATTERNS = (
    rf"中共([\u4e00-\u9fff]{{2,12}}?{_LEVEL})委",
    rf"{_START}([\u4e00-\u9fff]{{2,12}}?{_LEVEL})人民政府",
    rf"{_START}([\u4e00-\u9fff]{{2,12}}?{_LEVEL})第[\u4e00-\u9fff]+届人民代表大会",
)


def sidecar_path(path: Path, siblings: list[str] | None = None) -> Path | None:
    """Return the document's sidecar (same name, .yml or .yaml); raise if one is near-miss."""
    # A sidecar spelled slightly differently (X.yml, x.txt.yml, "x .yml", NFD, both .yml and
    # .yaml) would otherwise be ignored silently, and with it public: false. Any near-miss
    # holds the document back until the names match exactly.
    names = sorted(p.name for p in path.parent.iterdir()) if siblings is None else siblings
    keys = _document_keys(path.name)
    near = [name for name in names if _is_sidecar(name) and _sidecar_keys(name) & keys]
    exact = [name for name in near if name in (path.stem + ".yml", path.stem + ".yaml")]
    inexact = [name for name in near if name not in exact]
    where = path.with_name(inexact[0] if inexact else exact[0]) if near else path
    if inexact:
        raise ConfigError(
            _printable(str(where)),
            0,
            say(
                "read.sidecar_near_miss",
                document=_printable(path.name),
                wanted=f"{_printable(path.stem)}.yml",
            ),
        )
    if len(exact) > 1:
        raise ConfigError(
            _printable(str(where)),
            0,
            say("read.sidecar_both", yml=f"{path.stem}.yml", yaml=f"{path.stem}.yaml"),
        )
    claimants = [
        name
        for name in names
        if name != path.name and is_document(Path(name)) and Path(name).stem == path.stem
    ]
    if exact and claimants:
        raise ConfigError(
            _printable(str(where)),
            0,
            say(
                "read.sidecar_two_documents",
                first=_printable(path.name),
                second=_printable(claimants[0]),
            ),
        )
    return path.with_name(exact[0]) if exact else None


def _fold(name: str) -> str:
    """A file name as a person reads it: NFC, case-folded, outer spaces dropped."""
    return unicodedata.normalize("NFC", name).casefold().strip()


def _is_sidecar(name: str) -> bool:
    return Path(name).suffix.lower() in SIDECAR_SUFFIXES


def _document_keys(name: str) -> set[str]:
    return {_fold(Path(name).stem), _fold(name)}


def _sidecar_keys(name: str) -> set[str]:
    """The document names a sidecar could have been meant for: x.YML, x.txt.yml, 'x .yml'."""
    stem = Path(name).stem
    keys = {_fold(stem)}
    inner = Path(stem.strip())
    if inner.suffix and is_document(inner):
        keys.add(_fold(inner.stem))
    return keys


def parse_file(
    path: Path,
    config: Config,
    display: str | None = None,
    taken: set[str] | None = None,
    cache: Path | None = None,
    siblings: list[str] | None = None,
) -> Document:
    """Parse a file; raise SourceError or ConfigError when it cannot be read at all.

    With a cache folder, the parse an earlier build kept is reused when nothing it depends on
    changed (read/cache.py), and a fresh parse is kept for the next build.
    """
    # A file name that is not valid UTF-8 must not break writing pages: show it repaired.
    display = _printable(display or str(path))
    if path.is_symlink():
        # Not followed: a link could publish any file of the server (/etc/passwd).
        raise SourceError(display, 0, say("ingest.symlink"))
    key = _cache_key(path, display, config, siblings) if cache is not None else None
    if cache is not None and key is not None:
        kept = load_parsed(cache, path, key)
        # The ids other documents took are the one input not in the key: a fresh parse would
        # give the same document exactly when it would give it the same id.
        if kept is not None and _free_id(_wanted_id(kept), taken) == kept.id:
            if taken is not None:
                taken.add(kept.id)
            return kept
    document = _parse_file(path, config, display, taken, cache, siblings)
    if cache is not None and key is not None:
        store_parsed(cache, path, key, document)
    return document


def _cache_key(path: Path, display: str, config: Config, siblings: list[str] | None) -> str | None:
    """The parse cache's key for a file; None (parse afresh) when its sidecar is in doubt."""
    try:
        side = sidecar_path(path, siblings)
    except (ConfigError, OSError):
        return None
    return parse_key(path, display, config, side)


def _wanted_id(document: Document) -> str:
    """The id a parsed document asked for: its own, less the -2, -3 … another's made it add."""
    moved = any(getattr(w.message, "key", "") == ID_TAKEN for w in document.warnings)
    return document.id.rsplit("-", 1)[0] if moved else document.id


def _parse_file(
    path: Path,
    config: Config,
    display: str,
    taken: set[str] | None,
    cache: Path | None,
    siblings: list[str] | None,
) -> Document:
    """Extract and parse a file, its sidecar applied."""
    source = extract(path, display, cache)
    overrides: dict[str, Any] = {}
    try:
        side = sidecar_path(path, siblings)
        if side is not None:
            overrides = load_sidecar(side)
            overrides[SIDECAR_PATH] = str(Path(display).with_name(_printable(side.name)))
    except ConfigError as error:
        # Name the sidecar as the document is named (content/documents/x.yml).
        shown = str(Path(display).with_name(Path(error.path).name))
        raise ConfigError(shown, error.line, error.message) from error
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
        overrides.get(MEANING_LINES),
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
                say("read.notice_line", path=source.path, line=notice[0], notice=notice[1]),
            )
        )
    # A notice in a page header, footer, text box or watermark: never read as text, yet every
    # reader of the file sees it, so it holds the document back as one in the body does.
    aside = document_notice(source.set_aside) if source.set_aside and not notice else None
    if aside and "public" not in overrides:
        public = False
        problems.append(
            Problem(
                1,
                say("read.notice_aside", path=source.path, notice=aside[1]),
            )
        )
    if missing:
        # A typo must not publish what staff meant to hide: hold the whole document back.
        public = False
        problems.extend(_missing_sections(missing, overrides, raw))
    tasks = [task for task in tasks if task.line not in withheld]
    sections = tuple(s for s in raw.sections if s.line not in withheld)
    indicators = _indicators(raw, visible, tasks, year, config, withheld)
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
    kept = document.warnings
    if any(getattr(p.message, "key", "") == "check.table_no_header" for p in found):
        # "No table found" is wrong when there is one: its missing header row says why.
        kept = tuple(w for w in kept if getattr(w.message, "key", "") != "read.no_tasks")
    return replace(
        document,
        warnings=tuple(sorted((*kept, *found), key=lambda p: (p.line, p.message))),
    )


def _missing_sections(
    missing: list[str], overrides: dict[str, Any], raw: RawDocument
) -> list[Problem]:
    """Errors for sidecar `sections:` titles the document lacks, at the sidecar's line."""
    sidecar = overrides.get(SIDECAR_PATH, say("read.sidecar"))
    entries = list(overrides.get("sections", ()))
    lines = overrides.get(SECTION_LINES, ())
    # Offered as staff would write them under sections:, numbering included (二、保障措施).
    titles = [f"{section.marker}{section.title}" for section in raw.sections]
    problems = []
    for title in missing:
        index = entries.index((title, False)) if (title, False) in entries else -1
        where = f"{sidecar}:{lines[index]}" if 0 <= index < len(lines) else sidecar
        close = difflib.get_close_matches(title, titles, n=3, cutoff=0.5)
        separator = say("read.list_separator")
        shown = separator.join(f"「{brief(t)}」" for t in close)
        hint = say("read.closest_sections", titles=shown) if close else ""
        problems.append(
            Problem(
                0,
                say("read.missing_section", where=where, title=brief(title), hint=hint),
                "error",
            )
        )
    return problems


def _printable(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _blank(lines: tuple[str, ...], withheld: dict[int, str]) -> tuple[str, ...]:
    return tuple("" if n in withheld else line for n, line in enumerate(lines, 1))


def _indicators(
    raw: RawDocument,
    visible: tuple[str, ...],
    tasks: list[Task],
    year: int | None,
    config: Config,
    withheld: dict[int, str],
) -> tuple[Indicator, ...]:
    """The document's targets for its year and results for the year before, then its tasks'."""
    stated = read_targets(visible, year, config)
    targets: list[Indicator] = []
    if stated is not None:
        # A stated 主要预期目标 paragraph is the targets; the review before it, the results.
        targets = stated.targets + stated.results
    else:
        for line, text in raw.target_texts:
            if line not in withheld:
                found = find_indicators(text, config)
                targets.extend(replace(i, year=year, line=line) for i in found)
    in_tasks = [replace(i, year=year) for task in tasks for i in task.indicators]
    return tuple(targets) + tuple(in_tasks)


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
                Problem(item.line, say("read.duplicate_number", number=number, line=seen[number]))
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
        # A phone or mail written beside a name (王五 13812340203) is a contact, not a name.
        value = field.value
        if field.kind in ("leader", "unit"):
            # Line by line: a table cell's line breaks separate names.
            value = "\n".join(without_contacts(part) for part in value.split("\n"))
        if field.kind == "leader":
            for name in split_leaders(value):
                if name and all(existing.name != name for existing in leaders):
                    leaders.append(LeaderRef(name, field.label))
        elif field.kind == "unit" and value:
            unit_fields.append((field.label, value))
        elif field.kind == "deadline":
            deadline = clean(field.value)
    units = unit_refs(unit_fields, config)
    if raw.has_assignments and not units:
        problems.append(Problem(item.line, say("read.no_assignment", number=number)))
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
        for pattern in (LEADING_REGION, YEAR_THEN_REGION):
            match = pattern.match(line)
            # Every part of PLACE is optional: an empty match names no place.
            if match and match.group(1) and plausible_region(match.group(1)):
                return match.group(1)
    text = "\n".join(lines[:400])
    for regex in REGION_PATTERNS:
        # A date before the place (…1月9日在云岭自治州…) is not part of its name.
        names_found = re.findall(regex, text)
        found = Counter(re.sub(r"^[年月日]?[在于]", "", name) for name in names_found)
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
    return f"{region}{f'{year}年' if year else ''}{kind}"


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
        folded = unicodedata.normalize("NFKC", stem).lower()
        slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "document"
    return slug


def _free_id(base: str, taken: set[str] | None) -> str:
    """The id base, or base-2, base-3 … : the first that no document has taken yet."""
    doc_id = base
    suffix = 2
    while taken is not None and doc_id in taken:
        doc_id = f"{base}-{suffix}"
        suffix += 1
    return doc_id


def _unique_id(wanted: str, taken: set[str] | None, problems: list[Problem]) -> str:
    """Keep ids URL-safe and distinct: a second 莱山 2023 document becomes yantai-laishan-2023-2."""
    # NFKC first (ＡＢＣ-2023 is abc-2023, not 2023); Chinese becomes pinyin, not nothing.
    folded = "-".join(lazy_pinyin(unicodedata.normalize("NFKC", wanted)))
    base = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:80].strip("-") or "document"
    if RESERVED_NAME.match(base):
        # con, aux, nul, com1 … cannot be folders on Windows; index is a list page's name.
        base = f"{base}-doc"
    doc_id = _free_id(base, taken)
    if taken is not None:
        if doc_id != base:
            problems.append(
                # The other document may be private: its id is not named here.
                Problem(
                    1,
                    say(ID_TAKEN, id=doc_id),
                )
            )
        taken.add(doc_id)
    return doc_id


def parse_paths(
    paths: list[Path],
    config: Config,
    cache: Path | None = None,
    done: Callable[[], None] | None = None,
) -> tuple[list[Document], list[str]]:
    """Parse several files; unreadable ones are reported, the rest still parse.

    done, when given, is called after each file (a progress counter).
    """
    folders: dict[Path, list[str]] = {}
    for path in paths:
        if path.parent not in folders:
            try:
                folders[path.parent] = sorted(p.name for p in path.parent.iterdir())
            except OSError:
                folders[path.parent] = []
    # Ids a sidecar asks for are handed out first, public documents before private ones, so
    # neither an automatic id nor a private draft can take the address a public document set.
    priority = {i: _id_priority(paths[i], folders[paths[i].parent]) for i in range(len(paths))}
    parsed, failed = _parse_in_order(paths, folders, config, cache, priority, done)
    # Whether a document is private may only show once it is read (a 不公开 notice in its
    # text). If such a document took an automatic id first, the public one beside it got
    # "-2", which tells the public a hidden twin exists: read again, public documents first.
    private = {i for i, document in parsed.items() if not document.public}
    if private and _some_id_suffixed({document.id for document in parsed.values()}):
        later = {i: (p, i in private) for i, p in priority.items()}
        parsed, failed = _parse_in_order(paths, folders, config, cache, later, None)
    documents = [parsed[i] for i in range(len(paths)) if i in parsed]
    errors = [failed[i] for i in range(len(paths)) if i in failed]
    if cache is not None:
        prune_parsed(cache, paths)
    return documents, errors


def _some_id_suffixed(ids: set[str]) -> bool:
    """Tell whether an id is another's with "-2", "-3" … added (as _unique_id does)."""
    return any((m := re.fullmatch(r"(.+)-\d+", i)) is not None and m[1] in ids for i in ids)


def _parse_in_order(
    paths: list[Path],
    folders: dict[Path, list[str]],
    config: Config,
    cache: Path | None,
    priority: Mapping[int, object],
    done: Callable[[], None] | None,
) -> tuple[dict[int, Document], dict[int, str]]:
    """Parse paths in order of priority, so earlier ones get first pick of the ids."""
    order = sorted(range(len(paths)), key=lambda i: (priority[i], i))
    parsed: dict[int, Document] = {}
    failed: dict[int, str] = {}
    taken: set[str] = set()
    for index in order:
        path = paths[index]
        # content/documents/x.txt or x.txt, never the server's folders (whatever --content
        # was: absolute, relative, ../x/content or .), in messages, pages and open data.
        display = (
            f"content/documents/{_printable(path.name)}"
            if path.parent.name == "documents"
            else _printable(path.name)
        )
        try:
            parsed[index] = parse_file(
                path, config, display, taken=taken, cache=cache, siblings=folders[path.parent]
            )
        except (SourceError, ConfigError) as error:
            failed[index] = str(error)
        if done is not None:
            done()
    return parsed, failed


def _id_priority(path: Path, siblings: list[str]) -> int:
    """0: a public document whose sidecar sets its id; 1: a private one; 2: automatic ids."""
    try:
        side = sidecar_path(path, siblings)
        overrides = load_sidecar(side) if side is not None else {}
    except (ConfigError, OSError):
        return 2
    if not overrides.get("id"):
        return 2
    return 0 if overrides.get("public", True) else 1


@dataclass(frozen=True)
class Inventory:
    """What content/documents holds: the documents to read, and what was refused or skipped."""

    documents: list[Path]
    errors: list[str]
    warnings: list[str]


def content_documents(content: Path) -> list[Path]:
    """List the source documents under content/documents, sidecars excluded, sorted."""
    return scan_documents(content).documents


def scan_documents(content: Path) -> Inventory:
    """Sort content/documents into documents to read, errors (held back) and skipped files."""
    folder = content / "documents"
    shown = "content/documents"
    if folder.is_symlink():
        # Followed, a link to /etc would publish the server's files.
        return Inventory([], [located(shown, 0, say("read.folder_symlink"))], [])
    if not folder.is_dir():
        return Inventory([], [], [])
    entries = sorted(folder.iterdir())
    documents: list[Path] = []
    errors: list[str] = []
    warnings: list[str] = []
    document_names = [e.name for e in entries if is_document(e) and not e.is_dir()]
    originals = {_fold(Path(name).stem): name for name in document_names}
    for entry in entries:
        name = f"{shown}/{_printable(entry.name)}"
        if _is_sidecar(entry.name):
            if not any(_sidecar_keys(entry.name) & _document_keys(d) for d in document_names):
                errors.append(located(name, 0, say("read.orphan_sidecar")))
            continue
        if entry.is_symlink() and not is_document(entry):
            errors.append(located(name, 0, say("read.entry_symlink")))
        elif entry.is_dir():
            warnings.append(located(name, 0, say("read.subfolder")))
        elif not is_document(entry):
            warnings.append(located(name, 0, say("read.not_document")))
        elif (original := _original_of(entry.name, originals)) is not None:
            message = say("read.copy", original=_printable(original))
            errors.append(located(name, 0, message))
        else:
            documents.append(entry)
    return Inventory(documents, errors, warnings)


def _original_of(name: str, originals: dict[str, str]) -> str | None:
    """The document this file looks like a copy of (x (1).txt, x - 副本.txt, 副本 x.txt)."""
    stem = _fold(Path(name).stem)
    bare = stem
    for _ in range(3):
        bare = COPY_MARK.sub("", bare).strip(" -_－—.")
    if bare == stem or not bare:
        return None
    return originals.get(bare)
