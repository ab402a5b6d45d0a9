"""Keep personal contact data off the public site: mask mobile numbers and personal e-mail."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any, TypeVar

T = TypeVar("T")

# Matching runs on an NFKC-folded copy (full-width digits, ＠ and letters become ASCII), so the
# patterns only need ASCII. A separator may sit between the digit groups: 139-0000-1008,
# 139.0000.1007, 139 0000 1006, 139—0000—1014.
SEPARATOR = r"[\s\-‐‑–—―.·・]{0,3}"
MOBILE = re.compile(
    rf"(?<![0-9])(?:(?:\+|00)?86{SEPARATOR})?[(]?(1[3-9][0-9])[)]?{SEPARATOR}([0-9]{{4}}){SEPARATOR}"
    r"([0-9]{4})(?![0-9]|\.[0-9]|\s*(?:元|万|亿|千|百|吨|平方|米|%))"
)
# Addresses at the free mail providers people use privately, vip. subdomains included.
PROVIDERS = (
    "qq|163|126|188|yeah|sina|sohu|tom|21cn|139|189|wo|foxmail|gmail|hotmail|outlook|live|msn"
    "|yahoo|aliyun|icloud|me|protonmail"
)
PERSONAL_MAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9_])[A-Za-z0-9._%+-]*\s?(?:@|\(at\)|\[at\])\s?"
    rf"((?:vip\.|[a-z0-9-]+\.)?(?:{PROVIDERS})[.。](?:com\.cn|com|cn|net))(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def mask_contacts(text: str) -> str:
    """Mask mobile numbers (185****0800) and personal e-mail addresses (d***@163.com)."""
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) != len(text):
        # NFKC changed the length (rare ligatures): match on the text as it is.
        folded = text
    spans: list[tuple[int, int, str]] = []
    for match in MOBILE.finditer(folded):
        spans.append((match.start(), match.end(), f"{match.group(1)}****{match.group(3)}"))
    for match in PERSONAL_MAIL.finditer(folded):
        spans.append((match.start(), match.end(), f"{match.group(1)}***@{match.group(2)}"))
    out, position = [], 0
    for start, end, replacement in sorted(spans):
        if start < position:
            continue
        out.append(text[position:start])
        out.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out)


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
