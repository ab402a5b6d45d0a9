"""Load progress entries staff write by hand (YAML) or units send back as tables (CSV, XLSX).

Nothing here judges an entry: every value is kept as written, with where it came from, so
validation can name the file and line (or sheet, row and column) of each problem.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.config import key_line, load_yaml, staff_path
from generator.errors import ConfigError, SourceError
from generator.ingest.text import decode_source
from generator.messages import level, say

PROGRESS_DIR = "progress"
STATUSES_FILE = "statuses.yml"
NOTE_LIMIT = 200
MAX_TABLE_BYTES = 8 * 1024 * 1024
SUFFIXES = (".yml", ".yaml", ".csv", ".xlsx")
# The fields of one entry, in the order a reporting sheet shows them.
ENTRY_FIELDS = ("document", "task", "date", "status", "note", "reason", "evidence")
# Column headers a reporting sheet may use for each field (the template writes the first).
HEADERS: dict[str, tuple[str, ...]] = {
    "document": ("文件编号", "文件", "文件id", "document"),
    "task": ("任务编号", "序号", "编号", "任务序号", "task"),
    "text": ("任务内容", "任务"),
    "units": ("牵头单位", "责任单位"),
    "deadline": ("完成时限", "时限"),
    "status": ("进展状态", "状态", "完成情况", "status"),
    "note": ("进展情况", "进展说明", "说明", "note"),
    "date": ("填报日期", "日期", "截至日期", "date"),
    "reason": ("调整原因", "原因", "reason"),
    "evidence": ("佐证链接", "佐证材料", "链接", "evidence"),
}


def brief(value: object, limit: int = 80) -> str:
    """Show a value in a message, cut to about limit characters (values may be huge)."""
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Status:
    """One progress status: its name, colour, icon, and whether it counts as done."""

    name: str
    colour: str
    icon: str
    done: bool = False
    needs_reason: bool = False


DEFAULT_STATUSES = (
    Status("未启动", "#595959", "○"),
    Status("推进中", "#1f5fa8", "◐"),
    Status("已完成", "#1e7b34", "✔", done=True),
    Status("滞后", "#b3261e", "⚠"),
    Status("已调整", "#7a4b00", "↻", needs_reason=True),
)


@dataclass(frozen=True)
class Statuses:
    """The statuses staff may use, in display order, and the note length limit."""

    items: tuple[Status, ...] = DEFAULT_STATUSES
    note_limit: int = NOTE_LIMIT

    def get(self, name: str) -> Status | None:
        """The status of that name, or None."""
        return next((status for status in self.items if status.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        """Status names in display order."""
        return tuple(status.name for status in self.items)


@dataclass(frozen=True)
class RawEntry:
    """One progress entry as written, with its location for messages."""

    values: dict[str, str | tuple[str, ...]]
    where: str
    # Where each field is: a line (YAML, CSV) or a sheet cell (XLSX), for precise messages.
    fields: dict[str, str] = field(default_factory=dict)
    path: str = ""

    def text(self, name: str) -> str:
        """The field as one string ("" when absent)."""
        value = self.values.get(name, "")
        return "；".join(value) if isinstance(value, tuple) else value

    def at(self, name: str) -> str:
        """Where that field is, for a message; the entry's location when unknown."""
        return self.fields.get(name, self.where)


@dataclass(frozen=True)
class LoadProblem:
    """A file or entry that could not be read, located for staff."""

    where: str
    message: str
    level: str = "error"

    def __str__(self) -> str:
        """Say the problem with its location and level."""
        return say(
            "progress.problem", where=self.where, message=self.message, level=level(self.level)
        )


@dataclass
class Loaded:
    """Everything read from content/progress/: entries in file order and the problems."""

    entries: list[RawEntry] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)


def load_statuses(content: Path) -> tuple[Statuses, list[LoadProblem]]:
    """Read content/statuses.yml (optional); a broken file falls back to the defaults."""
    path = content / STATUSES_FILE
    if not path.exists():
        return Statuses(), []
    try:
        return _statuses(path), []
    except ConfigError as error:
        where = f"{error.path}:{error.line}" if error.line else error.path
        return Statuses(), [
            LoadProblem(where, say("progress.default_statuses", message=error.message))
        ]


def _statuses(path: Path) -> Statuses:
    data, node = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("statuses"), list):
        raise ConfigError(staff_path(path), 1, say("progress.statuses_list"))
    for key in data:
        if key not in ("statuses", "note_limit"):
            message = say("progress.unknown_field", key=brief(key))
            raise ConfigError(staff_path(path), key_line(node, str(key)), message)
    limit = data.get("note_limit", NOTE_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ConfigError(
            staff_path(path), key_line(node, "note_limit"), say("progress.note_limit")
        )
    line = key_line(node, "statuses")
    items: list[Status] = []
    for entry in data["statuses"]:
        allowed = {"name", "colour", "icon", "done", "reason"}
        if not isinstance(entry, dict) or set(entry) - allowed or not entry.get("name"):
            raise ConfigError(
                staff_path(path), line, say("progress.status_fields", value=brief(entry))
            )
        colour = str(entry.get("colour", "#6b6b6b"))
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            raise ConfigError(staff_path(path), line, say("progress.colour", value=brief(colour)))
        name = str(entry["name"]).strip()
        if any(item.name == name for item in items):
            raise ConfigError(
                staff_path(path), line, say("progress.status_twice", name=brief(name))
            )
        items.append(
            Status(
                name,
                colour,
                str(entry.get("icon", "")).strip()[:2],
                done=bool(entry.get("done", False)),
                needs_reason=bool(entry.get("reason", False)),
            )
        )
    if not items:
        raise ConfigError(staff_path(path), line, say("progress.no_statuses"))
    return Statuses(tuple(items), limit)


def progress_files(content: Path) -> list[Path]:
    """The progress files in content/progress/, sorted by name (symbolic links left out)."""
    folder = content / PROGRESS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink() and path.suffix.lower() in SUFFIXES
    )


def load_progress(content: Path) -> Loaded:
    """Read every progress file; a file that cannot be read is one problem, the rest load."""
    loaded = Loaded()
    for path in progress_files(content):
        shown = display_path(content, path)
        try:
            if path.stat().st_size > MAX_TABLE_BYTES:
                loaded.problems.append(LoadProblem(shown, say("progress.too_big")))
                continue
            suffix = path.suffix.lower()
            if suffix in (".yml", ".yaml"):
                loaded.entries.extend(read_yaml(path, shown, loaded.problems))
            elif suffix == ".csv":
                loaded.entries.extend(read_csv(path.read_bytes(), shown, loaded.problems))
            else:
                loaded.entries.extend(read_xlsx(path.read_bytes(), shown, loaded.problems))
        except OSError as error:
            reason = error.strerror or str(error)
            loaded.problems.append(LoadProblem(shown, say("progress.cannot_read", reason=reason)))
    return loaded


def display_path(content: Path, path: Path) -> str:
    """The file as staff know it: content/progress/<name>, whatever --content was."""
    try:
        return "content/" + path.relative_to(content).as_posix()
    except ValueError:
        return path.name


def read_yaml(path: Path, shown: str, problems: list[LoadProblem]) -> list[RawEntry]:
    """Read a YAML list of entries, or {document: id, entries: [...]} sharing one document."""
    try:
        data, node = load_yaml(path)
    except ConfigError as error:
        problems.append(
            LoadProblem(f"{shown}:{error.line}" if error.line else shown, error.message)
        )
        return []
    if data is None:
        return []
    default = ""
    items: list[tuple[Any, yaml.Node | None]]
    if isinstance(data, dict) and isinstance(node, yaml.MappingNode):
        unknown = set(map(str, data)) - {"document", "entries"}
        if unknown or not isinstance(data.get("entries"), list):
            problems.append(LoadProblem(f"{shown}:1", say("progress.yaml_shape")))
            return []
        default = _scalar(data.get("document"))
        entries_node = _child(node, "entries")
        nodes = entries_node.value if isinstance(entries_node, yaml.SequenceNode) else []
        items = list(zip(data["entries"], nodes, strict=False))
    elif isinstance(data, list) and isinstance(node, yaml.SequenceNode):
        items = list(zip(data, node.value, strict=False))
    else:
        problems.append(LoadProblem(f"{shown}:1", say("progress.yaml_list")))
        return []
    result = []
    for item, item_node in items:
        line = int(item_node.start_mark.line) + 1 if item_node is not None else 0
        where = f"{shown}:{line}"
        if not isinstance(item, dict):
            problems.append(LoadProblem(where, say("progress.entry_mapping", value=brief(item))))
            continue
        values: dict[str, str | tuple[str, ...]] = {}
        fields: dict[str, str] = {}
        bad = False
        for key, value in item.items():
            name = str(key)
            at = f"{shown}:{_key_line(item_node, name) or line}"
            if name not in ENTRY_FIELDS:
                known = "、".join(ENTRY_FIELDS)
                message = say("progress.unknown_entry_field", key=brief(name), known=known)
                problems.append(LoadProblem(at, message))
                bad = True
                continue
            fields[name] = at
            if name == "evidence" and isinstance(value, list):
                values[name] = tuple(_scalar(v) for v in value if _scalar(v))
            else:
                values[name] = _scalar(value)
        if bad:
            continue
        if default and not values.get("document"):
            values["document"] = default
        result.append(RawEntry(values, where, fields, shown))
    return result


def _child(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((v for k, v in node.value if k.value == key), None)


def _key_line(node: yaml.Node | None, key: str) -> int:
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if key_node.value == key:
                return int(key_node.start_mark.line) + 1
    return 0


def _scalar(value: Any) -> str:
    """A cell or YAML value as text: dates as YYYY-MM-DD, 6.0 as 6, None as ""."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, dict)):
        return brief(value)
    return str(value).strip()


def header_fields(cells: list[str]) -> dict[int, str]:
    """Map column positions to entry fields by their header text; unknown columns are ignored."""
    found: dict[int, str] = {}
    for position, cell in enumerate(cells):
        label = re.sub(r"[\s*（(].*$", "", cell.strip()).lower() if cell else ""
        label = re.sub(r"\s+", "", label)
        for name, labels in HEADERS.items():
            if label in labels and name not in found.values():
                found[position] = name
                break
    return found


def _table_entries(
    rows: Iterator[tuple[int, list[str]]],
    shown: str,
    locate: Any,
    problems: list[LoadProblem],
) -> list[RawEntry]:
    """Entries from table rows: the first row naming 任务编号 and 进展状态 is the header."""
    header: dict[int, str] | None = None
    result = []
    for number, cells in rows:
        if header is None:
            fields = header_fields(cells)
            if {"task", "status"} <= set(fields.values()):
                header = fields
            continue
        if not any(cell.strip() for cell in cells):
            continue
        values: dict[str, str | tuple[str, ...]] = {}
        where: dict[str, str] = {}
        for position, name in header.items():
            if name not in ENTRY_FIELDS:
                continue
            cell = cells[position].strip() if position < len(cells) else ""
            where[name] = locate(number, position, name)
            if name == "evidence":
                values[name] = tuple(part for part in re.split(r"[\s;；,，]+", cell) if part)
            else:
                values[name] = cell
        # A template row nobody filled in (only the prefilled task columns) is not an entry.
        if not any(values.get(name) for name in ("status", "note", "date", "reason", "evidence")):
            continue
        result.append(RawEntry(values, locate(number, None, ""), where, shown))
    if header is None:
        problems.append(LoadProblem(shown, say("progress.no_header")))
    return result


def read_csv(data: bytes, shown: str, problems: list[LoadProblem]) -> list[RawEntry]:
    """Read a CSV reporting sheet (UTF-8 with or without BOM, or GB18030 as Excel saves it)."""
    try:
        text = "\n".join(decode_source(data, shown).lines)
    except SourceError as error:
        problems.append(LoadProblem(shown, error.message))
        return []
    reader = csv.reader(io.StringIO(text))

    def rows() -> Iterator[tuple[int, list[str]]]:
        for cells in reader:
            yield reader.line_num, cells

    def locate(number: int, position: int | None, name: str) -> str:
        if position is None:
            return f"{shown}:{number}"
        return say(
            "progress.csv_column",
            path=shown,
            line=number,
            column=position + 1,
            header=HEADERS[name][0],
        )

    try:
        return _table_entries(rows(), shown, locate, problems)
    except csv.Error as error:
        message = say("progress.csv_error", error=str(error))
        problems.append(LoadProblem(f"{shown}:{reader.line_num}", message))
        return []


def read_xlsx(data: bytes, shown: str, problems: list[LoadProblem]) -> list[RawEntry]:
    """Read every visible sheet of an XLSX reporting sheet that has the entry header."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        problems.append(LoadProblem(shown, say("progress.not_xlsx", error=brief(str(error)))))
        return []
    result: list[RawEntry] = []
    try:
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible":
                continue
            title = sheet.title

            def rows(sheet: Any = sheet) -> Iterator[tuple[int, list[str]]]:
                for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                    yield number, [_scalar(value) for value in row]

            def locate(number: int, position: int | None, name: str, title: str = title) -> str:
                if position is None:
                    return say("progress.sheet_row", path=shown, sheet=title, line=number)
                return say(
                    "progress.sheet_cell",
                    path=shown,
                    sheet=title,
                    line=number,
                    column=get_column_letter(position + 1),
                    header=HEADERS[name][0],
                )

            sheet_problems: list[LoadProblem] = []
            result.extend(_table_entries(rows(), shown, locate, sheet_problems))
            if len(book.worksheets) == 1:
                problems.extend(sheet_problems)
    finally:
        book.close()
    if not result and len(book.worksheets) > 1:
        # Several sheets and none with the header: say so once, not for every sheet.
        problems.append(LoadProblem(shown, say("progress.no_sheet_header")))
    return result
