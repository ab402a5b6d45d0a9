"""Keep personal contact data off the public site: mask mobile numbers and personal e-mail."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

T = TypeVar("T")

# An 11-digit mainland mobile number (optionally +86, spaced or hyphenated), not an amount.
MOBILE = re.compile(
    r"(?<![\d.])(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})"
    r"(?![\d.]|\s*(?:元|万|亿|千|百|吨|平方|米|人|户|个|家|%|％))"
)
# Addresses at the free mail providers people use privately.
PERSONAL_MAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9])[A-Za-z0-9._%+-]*@"
    r"((?:qq|163|126|yeah|sina|sohu|139|189|foxmail|gmail|hotmail|outlook|live|yahoo|aliyun|icloud)"
    r"\.(?:com\.cn|com|cn|net))\b",
    re.IGNORECASE,
)


def mask_contacts(text: str) -> str:
    """Mask mobile numbers (185****0800) and personal e-mail addresses (d***@163.com)."""
    text = MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
    return PERSONAL_MAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)


def mask_everywhere(value: T) -> T:
    """Apply mask_contacts to every string inside a model object (documents, tasks, lines…)."""
    return _map(value)  # type: ignore[no-any-return]


def _map(value: Any) -> Any:
    if isinstance(value, str):
        return mask_contacts(value)
    if isinstance(value, tuple):
        return tuple(_map(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _map(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value
