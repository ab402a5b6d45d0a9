"""Load the staff-edited data in content/: unit aliases, indicator names and sidecars."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.errors import ConfigError
from generator.messages import say

SIDECAR_FIELDS = {
    "id": str,
    "title": str,
    "region": str,
    "year": int,
    "issuer": str,
    "date": str,
    "kind": str,
    "doc_number": str,
    "public": bool,
    "sections": list,
    # What a table column or a label means in this document (checked in read.labels).
    "columns": dict,
    "labels": dict,
}
SETTINGS_FIELDS: dict[str, type] = {
    "show_personal_contacts": bool,
    # The date progress is reported as of (YYYY-MM-DD): deadlines count from it, not the clock.
    "as_of": object,
    # The public address of the site (https://…/rwgk/): absolute links in feeds, the sitemap,
    # the open data, canonical and share (og:) tags. Checked in site_address.
    "site_url": str,
    # Portal furniture in every page's footer; each is optional and left out when not set.
    "organizer": str,
    "contact_phone": str,
    "contact_email": str,
    "site_code": str,
    "icp": str,
    "report_error": str,
    "privacy_url": str,
    # The terms of use of the open data on the 数据下载 page (a default text when not set).
    "data_licence": str,
}
# The settings shown on pages (site_url, the footer): checked by _portal_setting.
PORTAL_SETTINGS = (
    "site_url",
    "organizer",
    "contact_phone",
    "contact_email",
    "site_code",
    "icp",
    "report_error",
    "privacy_url",
)
# What a footer item may say: one line, no markup, short.
SETTING_TEXT_LIMIT = 100
# Private mobiles and mail providers people use privately: the footer names an office, never a
# person (the same families read/privacy.py masks; the core cannot import the read stage).
MOBILE_NUMBER = re.compile(r"(?<![0-9])(?:\+?86[\s-]?)?1[3-9][0-9](?:[\s-]?[0-9]){8}(?![0-9])")
# 18 digits (the last may be X) or the old 15: no office number or site code is that long.
IDENTITY_NUMBER = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")
PERSONAL_MAIL_DOMAIN = re.compile(
    r"@(?:[a-z0-9-]+\.)?(?:qq|foxmail|163|126|188|yeah|netease|sina|sohu|tom|21cn|139|189|wo"
    r"|aliyun|gmail|googlemail|hotmail|outlook|live|msn|yahoo|icloud|me|mac|protonmail|proton"
    r"|yandex|aol|zoho|gmx)\.(?:com\.cn|com|cn|net)$",
    re.IGNORECASE,
)
UNSAFE_URL = re.compile(r"[\s\"'<>`\\{}|^]")
MAIL_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Not a field staff write: where each `sections:` entry is, so a message can name its line.
SECTION_LINES = "section_lines"
SIDECAR_PATH = "sidecar_path"
# Not a field staff write either: the line of each `labels:` and `columns:` entry.
MEANING_LINES = "meaning_lines"
MAX_YAML_BYTES = 1_000_000
MAX_ALIASES = 100
MAX_YAML_NODES = 100_000


@dataclass(frozen=True)
class Synonym:
    """One phrase naming an indicator; bare phrases need a clean left edge."""

    phrase: str
    name: str
    bare: bool = False


@dataclass(frozen=True)
class Config:
    """Unit aliases, collective patterns and indicator synonyms."""

    aliases: dict[str, str] = field(default_factory=dict)
    collectives: tuple[re.Pattern[str], ...] = ()
    synonyms: tuple[Synonym, ...] = ()


@dataclass(frozen=True)
class Settings:
    """Publishing settings from content/site.yml."""

    show_personal_contacts: bool = False
    as_of: str = ""
    site_url: str = ""
    organizer: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    site_code: str = ""
    icp: str = ""
    report_error: str = ""
    privacy_url: str = ""
    data_licence: str = ""


@dataclass(frozen=True)
class SettingsRead:
    """What content/site.yml gave: the settings kept, every problem, and the keys refused."""

    settings: Settings = field(default_factory=Settings)
    errors: tuple[ConfigError, ...] = ()
    # Each key left out because it was wrong, with its error (a wrong site_url is not a
    # missing one: it is reported as wrong, not warned about as unset).
    refused: tuple[tuple[str, ConfigError], ...] = ()
    # False when the file could not be read at all: then every setting is the default.
    usable: bool = True

    def refused_for(self, key: str) -> list[ConfigError]:
        """Return the errors that left this key out."""
        return [error for name, error in self.refused if name == key]


def read_settings(content: Path) -> SettingsRead:
    """Read content/site.yml key by key: a wrong key is reported and left out, the rest kept."""
    path = content / "site.yml"
    if not path.exists():
        return SettingsRead()
    problems: list[ConfigError] = []
    try:
        data, node = load_yaml(path, problems)
    except ConfigError as error:
        return SettingsRead(errors=(*problems, error), usable=False)
    data = data or {}
    if not isinstance(data, dict):
        whole = ConfigError(staff_path(path), 1, say("config.settings_mapping"))
        return SettingsRead(errors=(*problems, whole), usable=False)
    # A repeated key's value is its last one (as YAML reads it): name that line.
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        lines = {str(key_node.value): _line(key_node) for key_node, _ in node.value}
    kept: dict[str, Any] = {}
    refused: list[tuple[str, ConfigError]] = []
    for key, value in data.items():
        try:
            kept[str(key)] = _setting(path, lines.get(str(key), 0), key, value)
        except ConfigError as error:
            problems.append(error)
            refused.append((str(key), error))
    # A repeated key whose last value is wrong is left out too, not "the last value is used".
    named = {line: key for key, line in lines.items()}
    wrong = {key for key, _ in refused}
    refused += [
        (named[error.line], error)
        for error in problems
        if named.get(error.line) in wrong and all(error is not seen for _, seen in refused)
    ]
    problems.sort(key=lambda error: error.line)
    return SettingsRead(Settings(**kept), tuple(problems), tuple(refused))


def load_settings(content: Path) -> Settings:
    """Read content/site.yml (optional); raise the first problem, naming its line."""
    read = read_settings(content)
    if read.errors:
        raise read.errors[0]
    return read.settings


def _setting(path: Path, line: int, key: object, value: Any) -> Any:
    """Check one site.yml setting; return it in the form pages use, or raise naming the line."""
    expected = SETTINGS_FIELDS.get(str(key))
    if expected is None:
        known = ", ".join(sorted(SETTINGS_FIELDS))
        close = difflib.get_close_matches(str(key), list(SETTINGS_FIELDS), n=1, cutoff=0.6)
        if close:
            message = say("config.unknown_setting_close", key=brief(key), close=close[0])
        else:
            message = say("config.unknown_setting", key=brief(key), known=known)
        raise ConfigError(staff_path(path), line, message)
    if expected is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # 网站标识码 written without quotes is a number
    if not isinstance(value, expected):
        wanted = "config.not_boolean" if expected is bool else "config.not_text"
        raise ConfigError(staff_path(path), line, say(wanted, key=brief(key), value=brief(value)))
    if key == "as_of":
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ConfigError(staff_path(path), line, say("config.as_of", value=text[:40]))
        return text
    if key in PORTAL_SETTINGS:
        return _portal_setting(path, line, str(key), str(value).strip())
    return value


def _portal_setting(path: Path, line: int, key: str, text: str) -> str:
    """Check one site address or footer setting; return it in the form pages use."""
    if len(text) > SETTING_TEXT_LIMIT or re.search(r"[\x00-\x1f\x7f<>]", text):
        raise ConfigError(
            staff_path(path), line, say("config.setting_line", key=key, limit=SETTING_TEXT_LIMIT)
        )
    if key == "site_url":
        return site_address(path, line, text)
    if key == "privacy_url" and text:
        return web_address(path, line, key, text)
    if key == "contact_phone" and MOBILE_NUMBER.search(text):
        raise ConfigError(staff_path(path), line, say("config.office_phone"))
    if key in ("contact_email", "report_error") and PERSONAL_MAIL_DOMAIN.search(
        text.removeprefix("mailto:")
    ):
        raise ConfigError(staff_path(path), line, say("config.office_mail", key=key))
    if key == "contact_email" and text and not MAIL_ADDRESS.fullmatch(text):
        raise ConfigError(staff_path(path), line, say("config.not_mail", value=brief(text)))
    if _names_a_person(text):
        # Every footer item is on every page: a mobile, an identity number or a private
        # mailbox in 主办单位 or 网站标识码 would publish a person as surely as in a document.
        raise ConfigError(staff_path(path), line, say("config.personal_in_setting", key=key))
    if key == "report_error" and text:
        # An office mailbox or a web form: a bare address becomes a mailto: link.
        if MAIL_ADDRESS.fullmatch(text.removeprefix("mailto:")):
            return "mailto:" + text.removeprefix("mailto:")
        return web_address(path, line, key, text)
    return text


def _names_a_person(text: str) -> bool:
    """Tell whether a setting holds a mobile, an identity-card number or a private mailbox."""
    mails = re.findall(r"\S+@\S+", text)
    return bool(
        MOBILE_NUMBER.search(text)
        or IDENTITY_NUMBER.search(text)
        or any(PERSONAL_MAIL_DOMAIN.search(mail.removeprefix("mailto:")) for mail in mails)
    )


def web_address(path: Path, line: int, key: str, text: str) -> str:
    """Return text if it is an absolute http(s) address with a host, else raise naming the line."""
    parts = urlsplit(text)
    # Quotes and brackets would break the HTML attributes the address is written into.
    if parts.scheme not in ("http", "https") or not parts.hostname or UNSAFE_URL.search(text):
        raise ConfigError(
            staff_path(path), line, say("config.web_address", key=key, value=brief(text))
        )
    return text


def site_address(path: Path, line: int, text: str) -> str:
    """Check site_url and return it ending in '/', the folder every page address is under."""
    if not text:
        return ""
    web_address(path, line, "site_url", text)
    parts = urlsplit(text)
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigError(staff_path(path), line, say("config.site_url_plain", value=brief(text)))
    return text if text.endswith("/") else text + "/"


def staff_path(path: Path) -> str:
    """Name a staff file as staff know it (content/units.yml), never by the server's folders."""
    # Messages reach logs and screens: /srv/… would tell where the site is built. The content
    # folder's layout is fixed, so the part from documents/ or progress/ on, or the name, says
    # enough to find the file.
    parts = path.parts[:-1]
    for folder in ("documents", "progress"):
        if folder in parts:
            start = len(parts) - 1 - parts[::-1].index(folder)
            return "content/" + "/".join(path.parts[start:])
    return f"content/{path.name}"


def load_yaml(
    path: Path, duplicates: list[ConfigError] | None = None
) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file safely; raise ConfigError naming the file and line on any problem.

    With a duplicates list, a repeated key is added to it (YAML keeps the last) instead of
    raised, so the file's other problems can still be found and reported.
    """
    # Staff files are small. Size, aliases and expansion are bounded because a "billion
    # laughs" file of a few hundred bytes otherwise expands to gigabytes in memory.
    try:
        if path.is_symlink():
            raise ConfigError(staff_path(path), 0, say("config.symlink"))
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise ConfigError(
                staff_path(path), 0, say("config.too_big", size=size, limit=MAX_YAML_BYTES)
            )
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            staff_path(path), 0, say("config.cannot_read", error=brief(error))
        ) from error
    try:
        # The reader refuses control characters already here, before any parsing.
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        control = say("config.yaml_control", line=line, problem=brief(str(error)))
        raise ConfigError(staff_path(path), line, control) from error
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_node(path, node, duplicates)
        return loader.construct_document(node), node
    except (ValueError, TypeError, OverflowError) as error:
        # YAML reads 2023-02-30 as a date and fails in datetime: name the bad value.
        raise ConfigError(
            staff_path(path), _line_of(text, error), say("config.invalid_value", error=brief(error))
        ) from error
    except RecursionError as error:
        raise ConfigError(staff_path(path), 0, say("config.too_deep")) from error
    except yaml.YAMLError as error:
        line, message = yaml_problem(error)
        raise ConfigError(staff_path(path), line, message) from error
    finally:
        loader.dispose()


def _check_node(path: Path, root: yaml.Node, duplicates: list[ConfigError] | None) -> None:
    """Refuse duplicate keys, many aliases, recursive aliases and huge expansions."""
    # The composer turns each alias into a second reference to the same node, so the graph
    # is walked once and its expanded size computed with a memo, never expanded.
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    aliases = 0

    def size(node: yaml.Node) -> int:
        nonlocal aliases
        key = id(node)
        if key in sizes:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise ConfigError(
                    staff_path(path), _line(node), say("config.too_many_aliases", limit=MAX_ALIASES)
                )
            return sizes[key]
        if key in open_nodes:
            raise ConfigError(staff_path(path), _line(node), say("config.recursive_alias"))
        open_nodes.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    name = str(key_node.value)
                    if name in seen:
                        repeated = ConfigError(
                            staff_path(path),
                            _line(key_node),
                            say("config.duplicate_key", key=brief(name), line=seen[name]),
                        )
                        if duplicates is None:
                            raise repeated
                        duplicates.append(repeated)
                    seen[name] = _line(key_node)
                total += size(key_node) + size(value_node)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        open_nodes.discard(key)
        sizes[key] = total
        if total > MAX_YAML_NODES:
            message = say("config.too_large", limit=MAX_YAML_NODES)
            raise ConfigError(staff_path(path), _line(node), message)
        return total

    size(root)


# PyYAML's problems, by the words of its message (problem or context), and what staff should
# hear instead; which mark names the line: where PyYAML stopped, or where the open quote or
# bracket began. Checked in order: the first match wins.
YAML_PROBLEMS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"'\\t'|\btab\b", re.IGNORECASE), "config.yaml_tab", "problem"),
    (re.compile(r"unknown escape character"), "config.yaml_escape", "problem"),
    (
        re.compile(r"scanning a (?:quoted|double-quoted|single-quoted) scalar"),
        "config.yaml_quote",
        "context",
    ),
    (
        re.compile(r"parsing a flow (?:sequence|mapping)|expected ',' or '[\]}]'"),
        "config.yaml_bracket",
        "context",
    ),
    (re.compile(r"mapping values are not allowed"), "config.yaml_colon", "problem"),
    (re.compile(r"could not find expected ':'"), "config.yaml_no_colon", "problem"),
    (re.compile(r"duplicate key"), "config.yaml_duplicate", "problem"),
    (
        re.compile(
            r"expected <block end>|did not find expected (?:key|'-' indicator)"
            r"|block (?:mapping|collection)"
        ),
        "config.yaml_indent",
        "problem",
    ),
    (re.compile(r"cannot start any token"), "config.yaml_reserved", "problem"),
    (re.compile(r"undefined alias|scanning an? (?:alias|anchor)"), "config.yaml_alias", "problem"),
    (re.compile(r"single document"), "config.yaml_documents", "problem"),
    (
        re.compile(r"special characters are not allowed|unacceptable character"),
        "config.yaml_control",
        "problem",
    ),
    (re.compile(r"constructor for the tag|unknown tag"), "config.yaml_tag", "problem"),
)


def yaml_problem(error: yaml.YAMLError) -> tuple[int, str]:
    """Explain a PyYAML error in the staff's language; return (line, message)."""
    problem = str(getattr(error, "problem", None) or error)
    context = str(getattr(error, "context", None) or "")
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    for pattern, key, which in YAML_PROBLEMS:
        if pattern.search(problem) or pattern.search(context):
            mark = (context_mark if which == "context" else None) or problem_mark or context_mark
            line = mark.line + 1 if mark else 0
            return line, say(key, line=line, problem=brief(problem))
    line = problem_mark.line + 1 if problem_mark else 0
    return line, say("config.invalid_yaml", problem=brief(problem))


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def brief(value: object, limit: int = 80) -> str:
    """Show a value in a message, cut to about limit characters (values may be huge)."""
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _line_of(text: str, error: Exception) -> int:
    """Best guess at the line of a value PyYAML could not construct: the first date-like one."""
    for number, line in enumerate(text.splitlines(), start=1):
        if re.search(r"\b\d{4}-\d{1,2}-\d{1,2}\b", line):
            return number
    return 0


def key_line(node: yaml.Node | None, key: str) -> int:
    """Return the 1-based line of a top-level mapping key, or 0."""
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if key_node.value == key:
                return int(key_node.start_mark.line) + 1
    return 0


def load_config(content: Path) -> Config:
    """Read content/units.yml and content/indicators.yml (both optional); raise on errors."""
    aliases, collectives = _load_units(content / "units.yml")
    return Config(aliases, collectives, _load_indicators(content / "indicators.yml"))


def load_config_safely(content: Path) -> tuple[Config, list[str]]:
    """Like load_config, but a broken file is reported and left out instead of raised."""
    errors: list[str] = []
    aliases: dict[str, str] = {}
    collectives: tuple[re.Pattern[str], ...] = ()
    synonyms: tuple[Synonym, ...] = ()
    try:
        aliases, collectives = _load_units(content / "units.yml")
    except ConfigError as error:
        errors.append(say("config.without_aliases", error=str(error)))
    try:
        synonyms = _load_indicators(content / "indicators.yml")
    except ConfigError as error:
        errors.append(say("config.without_indicators", error=str(error)))
    return Config(aliases, collectives, synonyms), errors


def _load_units(units: Path) -> tuple[dict[str, str], tuple[re.Pattern[str], ...]]:
    """Read unit aliases and collective patterns."""
    aliases: dict[str, str] = {}
    collectives: list[re.Pattern[str]] = []
    if units.exists():
        data, node = load_yaml(units)
        data = data or {}
        if not isinstance(data, dict):
            raise ConfigError(staff_path(units), 1, say("config.units_mapping"))
        for key in data:
            if key not in ("aliases", "collectives"):
                message = say("config.unknown_field", key=brief(key))
                raise ConfigError(staff_path(units), key_line(node, key), message)
        for key in ("aliases", "collectives"):
            if not isinstance(data.get(key) or [], list):
                message = say("config.must_be_list", key=key)
                raise ConfigError(staff_path(units), key_line(node, key), message)
        for group in data.get("aliases") or []:
            if not isinstance(group, list) or not all(isinstance(n, str) for n in group):
                raise ConfigError(
                    staff_path(units),
                    key_line(node, "aliases"),
                    say("config.alias_group", value=brief(group)),
                )
            if not group or not all(name.strip() for name in group):
                raise ConfigError(
                    staff_path(units),
                    key_line(node, "aliases"),
                    say("config.alias_blank", value=brief(group)),
                )
            for name in group:
                aliases[name.strip()] = group[0].strip()
        for pattern in data.get("collectives") or []:
            try:
                collectives.append(re.compile(str(pattern)))
            except re.error as error:
                raise ConfigError(
                    staff_path(units),
                    key_line(node, "collectives"),
                    say("config.bad_pattern", pattern=brief(pattern), error=str(error)),
                ) from error
    return aliases, tuple(collectives)


def _load_indicators(indicators: Path) -> tuple[Synonym, ...]:
    """Read indicator names and their synonyms, longest phrase first."""
    synonyms: list[Synonym] = []
    if indicators.exists():
        data, node = load_yaml(indicators)
        entries = (data or {}).get("indicators") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise ConfigError(staff_path(indicators), 1, say("config.indicators_list"))
        line = key_line(node, "indicators")
        for entry in entries:
            name = entry.get("name") if isinstance(entry, dict) else None
            if not isinstance(name, str) or not name.strip():
                raise ConfigError(
                    staff_path(indicators), line, say("config.indicator_name", value=brief(entry))
                )
            listed = entry.get("synonyms") or [name]
            if not isinstance(listed, list):
                raise ConfigError(
                    staff_path(indicators),
                    line,
                    say("config.synonyms_list", name=brief(name), value=brief(listed)),
                )
            for synonym in listed:
                phrase = synonym.get("phrase") if isinstance(synonym, dict) else synonym
                # An empty phrase would match everywhere (and never advance the search).
                if not isinstance(phrase, str) or not phrase.strip():
                    raise ConfigError(
                        staff_path(indicators),
                        line,
                        say("config.synonym_phrase", name=brief(name), value=brief(synonym)),
                    )
                bare = bool(synonym.get("bare")) if isinstance(synonym, dict) else False
                synonyms.append(Synonym(phrase.strip(), name.strip(), bare))
    # Longest phrase first, so 全体居民人均可支配收入 wins over 居民人均可支配收入.
    synonyms.sort(key=lambda s: (-len(s.phrase), s.phrase))
    return tuple(synonyms)


def load_sidecar(path: Path) -> dict[str, Any]:
    """Read a document's YAML sidecar; unknown fields and wrong types are errors with a line."""
    data, node = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(staff_path(path), 1, say("config.sidecar_mapping"))
    for key, value in list(data.items()):
        line = key_line(node, str(key))
        if key not in SIDECAR_FIELDS:
            raise ConfigError(staff_path(path), line, unknown_field(str(key), SIDECAR_FIELDS))
        expected = SIDECAR_FIELDS[key]
        if key == "sections":
            data[key] = _sidecar_sections(path, line, value)
            data[SECTION_LINES] = _section_lines(node, line)
            continue
        if key in ("labels", "columns"):
            data.setdefault(MEANING_LINES, {})[key] = _entry_lines(node, key)
        if key == "date" and hasattr(value, "isoformat"):
            data[key] = value = value.isoformat()
        if expected is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            data[key] = str(value)
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(
                staff_path(path),
                line,
                say("config.field_type", key=key, expected=expected.__name__, value=brief(value)),
            )
    return data


def unknown_field(key: str, known: dict[str, type]) -> str:
    """Say a field is unknown (the document is held back), with the closest known name."""
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    if close:
        return say("config.sidecar_unknown_close", key=brief(key), close=close[0])
    return say("config.sidecar_unknown_known", key=brief(key), known=", ".join(sorted(known)))


def _entry_lines(node: yaml.Node | None, key: str) -> dict[str, int]:
    """Return the 1-based line of each entry of the top-level mapping `key`, by its name."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key and isinstance(value_node, yaml.MappingNode):
                return {str(name.value): _line(name) for name, _ in value_node.value}
    return {}


def _section_lines(node: yaml.Node | None, fallback: int) -> tuple[int, ...]:
    """The 1-based line of each entry under `sections:`, in order."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "sections" and isinstance(value_node, yaml.SequenceNode):
                return tuple(int(item.start_mark.line) + 1 for item in value_node.value)
    return (fallback,)


def _sidecar_sections(path: Path, line: int, value: Any) -> tuple[tuple[str, bool], ...]:
    """Validate `sections:` — a list of {title, public} — into (title, public) pairs."""
    if not isinstance(value, list):
        raise ConfigError(staff_path(path), line, say("config.sections", value=brief(value)))
    result = []
    for entry in value:
        if (
            not isinstance(entry, dict)
            or set(entry) - {"title", "public"}
            or not isinstance(entry.get("title"), str)
            or not isinstance(entry.get("public", True), bool)
        ):
            raise ConfigError(staff_path(path), line, say("config.sections", value=brief(entry)))
        result.append((entry["title"].strip(), bool(entry.get("public", True))))
    return tuple(result)
