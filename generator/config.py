"""Load the staff-edited data in content/: unit aliases, indicator names and sidecars."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ConfigError

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
}


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


def load_settings(content: Path) -> Settings:
    """Read content/site.yml (optional); unknown fields and wrong types name the line."""
    path = content / "site.yml"
    if not path.exists():
        return Settings()
    data, node = load_yaml(path)
    data = data or {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), 1, "expected a mapping of setting: value")
    for key, value in data.items():
        expected = SETTINGS_FIELDS.get(str(key))
        if expected is None:
            known = ", ".join(sorted(SETTINGS_FIELDS))
            raise ConfigError(
                str(path), key_line(node, str(key)), f"unknown setting '{key}' (known: {known})"
            )
        if not isinstance(value, expected):
            raise ConfigError(
                str(path), key_line(node, str(key)), f"'{key}' must be true or false, got {value!r}"
            )
    if "as_of" in data:
        as_of = data["as_of"]
        text = as_of.isoformat() if hasattr(as_of, "isoformat") else str(as_of)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ConfigError(
                str(path), key_line(node, "as_of"), f"'as_of' 应写作 2023-06-30，实为 {text[:40]}"
            )
        data["as_of"] = text
    return Settings(**data)


def load_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file; raise ConfigError naming the file and line on bad syntax."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), 0, f"cannot read: {error}") from error
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except (ValueError, TypeError, OverflowError) as error:
        # YAML reads 2023-02-30 as a date and fails in datetime: name the bad value.
        raise ConfigError(str(path), _line_of(text, error), f"invalid value: {error}") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(str(path), line, f"invalid YAML: {problem}") from error


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
        errors.append(f"{error} (published without unit aliases)")
    try:
        synonyms = _load_indicators(content / "indicators.yml")
    except ConfigError as error:
        errors.append(f"{error} (published without indicator names)")
    return Config(aliases, collectives, synonyms), errors


def _load_units(units: Path) -> tuple[dict[str, str], tuple[re.Pattern[str], ...]]:
    """Read unit aliases and collective patterns."""
    aliases: dict[str, str] = {}
    collectives: list[re.Pattern[str]] = []
    if units.exists():
        data, node = load_yaml(units)
        data = data or {}
        if not isinstance(data, dict):
            raise ConfigError(str(units), 1, "expected a mapping with 'aliases' and 'collectives'")
        for key in data:
            if key not in ("aliases", "collectives"):
                raise ConfigError(str(units), key_line(node, key), f"unknown field '{key}'")
        for key in ("aliases", "collectives"):
            if not isinstance(data.get(key) or [], list):
                raise ConfigError(str(units), key_line(node, key), f"'{key}' must be a list")
        for group in data.get("aliases") or []:
            if not isinstance(group, list) or not all(isinstance(n, str) for n in group):
                raise ConfigError(
                    str(units),
                    key_line(node, "aliases"),
                    f"an alias group must be a list of names, got {group!r}",
                )
            if not group or not all(name.strip() for name in group):
                raise ConfigError(
                    str(units),
                    key_line(node, "aliases"),
                    f"an alias group has a blank name: {group!r}",
                )
            for name in group:
                aliases[name.strip()] = group[0].strip()
        for pattern in data.get("collectives") or []:
            try:
                collectives.append(re.compile(str(pattern)))
            except re.error as error:
                raise ConfigError(
                    str(units), key_line(node, "collectives"), f"bad pattern {pattern!r}: {error}"
                ) from error
    return aliases, tuple(collectives)


def _load_indicators(indicators: Path) -> tuple[Synonym, ...]:
    """Read indicator names and their synonyms, longest phrase first."""
    synonyms: list[Synonym] = []
    if indicators.exists():
        data, node = load_yaml(indicators)
        entries = (data or {}).get("indicators") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise ConfigError(str(indicators), 1, "expected 'indicators:' with a list of entries")
        line = key_line(node, "indicators")
        for entry in entries:
            name = entry.get("name") if isinstance(entry, dict) else None
            if not isinstance(name, str) or not name.strip():
                raise ConfigError(
                    str(indicators), line, f"an indicator needs a name, got {entry!r}"
                )
            listed = entry.get("synonyms") or [name]
            if not isinstance(listed, list):
                raise ConfigError(
                    str(indicators), line, f"synonyms of {name} must be a list, got {listed!r}"
                )
            for synonym in listed:
                phrase = synonym.get("phrase") if isinstance(synonym, dict) else synonym
                # An empty phrase would match everywhere (and never advance the search).
                if not isinstance(phrase, str) or not phrase.strip():
                    raise ConfigError(
                        str(indicators),
                        line,
                        f"a synonym of {name} must be a phrase, got {synonym!r}",
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
        raise ConfigError(str(path), 1, "a sidecar must be a mapping of field: value")
    for key, value in data.items():
        line = key_line(node, str(key))
        if key not in SIDECAR_FIELDS:
            known = ", ".join(sorted(SIDECAR_FIELDS))
            raise ConfigError(str(path), line, f"unknown field '{key}' (known: {known})")
        expected = SIDECAR_FIELDS[key]
        if key == "sections":
            data[key] = _sidecar_sections(path, line, value)
            continue
        if key == "date" and hasattr(value, "isoformat"):
            data[key] = value = value.isoformat()
        if expected is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            data[key] = str(value)
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(
                str(path), line, f"field '{key}' must be {expected.__name__}, got {value!r}"
            )
    return data


def _sidecar_sections(path: Path, line: int, value: Any) -> tuple[tuple[str, bool], ...]:
    """Validate `sections:` — a list of {title, public} — into (title, public) pairs."""
    problem = "'sections' must be a list of {title: …, public: true|false}"
    if not isinstance(value, list):
        raise ConfigError(str(path), line, f"{problem}, got {value!r}")
    result = []
    for entry in value:
        if (
            not isinstance(entry, dict)
            or set(entry) - {"title", "public"}
            or not isinstance(entry.get("title"), str)
            or not isinstance(entry.get("public", True), bool)
        ):
            raise ConfigError(str(path), line, f"{problem}, got {entry!r}")
        result.append((entry["title"].strip(), bool(entry.get("public", True))))
    return tuple(result)
