"""Keep personal data off the public site: contacts, identity-card, passport and bank-card numbers.

Matching runs on a folded copy of the text in which every character stands for exactly one
character of the original (full-width digits, ＠, ［］ and letters become ASCII), so a match's
positions are the original's: masking never depends on what else the line holds (……, ㎡, ℃).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


class _FoldTable(dict[int, str]):
    """Map a character to its one-character compatibility form, computed once per character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = char
        if unicodedata.category(char) == "Nd":
            folded = str(unicodedata.decimal(char))
        else:
            compat = unicodedata.normalize("NFKC", char)
            if len(compat) == 1:
                folded = compat
            elif compat and not any(c.isalnum() for c in compat):
                # …… stays punctuation; ½, ㎡, ⑴ keep their own character so their digits
                # never glue onto a number standing next to them.
                folded = compat[0]
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Fold text for matching; the result has exactly one character per original character."""
    return text if text.isascii() else text.translate(_FOLD)


# A separator may sit between the digit groups: 139-0000-1008, 139.0000.1007, 139 0000 1006,
# 139—0000—1014, or a line break when a number is split over two lines.
SEPARATOR = r"[\s\-‐‑–—―.·・]{0,3}"
UNITS = r"\s*(?:元|万|亿|千|百|吨|平方|米|%|亩)"
MOBILE = re.compile(
    rf"(?<![0-9])(?:(?:\+|00)?86{SEPARATOR})?[(]?(1[3-9][0-9])[)]?{SEPARATOR}([0-9]{{4}}){SEPARATOR}"
    rf"([0-9]{{4}})(?![0-9]|\.[0-9]|{UNITS})"
)
# Mail providers people use privately (vip. and other subdomains included). Office and company
# domains (gov.cn, a firm's own domain) are not personal and stay.
PROVIDERS = (
    "qq|foxmail|163|126|188|yeah|netease|sina|sohu|tom|21cn|139|189|wo|2980|eyou|263|88|111"
    "|aliyun|gmail|googlemail|hotmail|outlook|live|msn|yahoo|ymail|icloud|me|mac|protonmail"
    "|proton|pm|yandex|mail|aol|zoho|gmx|email|tutanota|hushmail"
)
# How people disguise @ and . : ＠, #, (at), [at], ［at］, {at}, 【at】, " AT ", 艾特;
# (dot), " DOT ", 点.
AT = (
    r"(?:\s?@\s?|\s?#\s?|\s?[(\[{<]\s?(?:at|@|艾特)\s?[)\]}>]\s?|\s?[【〔〖]\s?(?:at|@|艾特)\s?[】〕〗]\s?"
    r"|\s+at\s+|\s?艾特\s?)"
)
DOT = (
    r"(?:\s?[.。]\s?|\s?[(\[{<]\s?(?:dot|\.|点)\s?[)\]}>]\s?|\s?[【〔〖]\s?(?:dot|\.|点)\s?[】〕〗]\s?"
    r"|\s+dot\s+|\s?点\s?)"
)
PERSONAL_MAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+-])([A-Za-z0-9_])[A-Za-z0-9._%+-]*{AT}"
    rf"((?:[a-z0-9-]+{DOT})?(?:{PROVIDERS}){DOT}(?:com{DOT}cn|com|cn|net|me|ru|de))(?![A-Za-z0-9])",
    re.IGNORECASE,
)
DOT_ONLY = re.compile(DOT, re.IGNORECASE)
# 居民身份证: 6-digit region, birth date, 3 digits, check digit (X or x); the old 15-digit form
# has a 2-digit year and no check digit.
DATE8 = r"(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
DATE6 = r"[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
# Written in groups too: 370602 19850317 642X.
IDENTITY_CARD = re.compile(
    rf"(?<![0-9A-Za-z])([1-9][0-9]{{5}})[ -]?(?:{DATE8}[ -]?[0-9]{{3}}[0-9Xx]|{DATE6}[0-9]{{3}})"
    rf"(?![0-9A-Za-z]|{UNITS})"
)
# 统一社会信用代码, 注册号, 组织机构代码 belong to organisations and are public.
ORGANISATION_CODE = re.compile(
    r"(?:信用代码|注册号|机构代码|营业执照|执照号|纳税人识别号|税号)[^\n。；]{0,12}$"
)
# Passports and travel permits: E12345678, EA1234567, G12345678, P1234567, C12345678, H12345678.
PASSPORT = re.compile(r"(?<![0-9A-Za-z])([CDEGHKMPS])(?:[0-9]{7,8}|[A-Z][0-9]{7})(?![0-9A-Za-z])")
# Bank cards: 16–19 digits, maybe grouped by spaces or dashes.
BANK_CARD = re.compile(
    rf"(?<![0-9A-Za-z.])[0-9](?:[ \-]?[0-9]){{15,18}}(?![0-9A-Za-z]|\.[0-9]|{UNITS})"
)
CARD_CONTEXT = re.compile(
    r"(?:卡号|账号|帐号|银行卡|储蓄卡|信用卡|借记卡|开户|账户|帐户|户号)[^\n。；]{0,12}$"
)
YEAR = re.compile(r"(?:19|20)[0-9]{2}")
# A long number named as a code (项目编号, 合同号 …) is a card only when 卡号/账号 says so.
CODE_CONTEXT = re.compile(
    r"(?:编号|编码|代码|序号|批号|文号|项目号|合同号|订单号|流水号)[^\n。；]{0,8}$"
)
# A QQ number or WeChat id given as a contact, under any of the labels people use for it
# (QQ邮箱, 微信号, vx, wx, V信 …); the whole id is masked, digits inside it included.
MESSENGER = re.compile(
    r"(?:QQ|weixin|wechat|(?<![A-Za-z])(?:vx|wx|v信)|扣扣|微信|威信|薇信)"
    r"\s?(?:号码|号|邮箱|账号|帐号|id)?\s?[:：]?\s?"
    r"([1-9][0-9]{4,11}|[A-Za-z][A-Za-z0-9_-]{5,19})(?![0-9A-Za-z@#])",
    re.IGNORECASE,
)
# A number written digit by digit with one separator repeated between the digits
# (1 3 8 1 2 3 4 0 7 0 1, a PDF drawn one character at a time, 1.3.8.…, 1-3-8-…): the run is
# judged by its digits alone, so years (2 0 2 4) and amounts stay.
SPACED_DIGITS = re.compile(
    r"(?<![0-9A-Za-z])(?<![0-9A-Za-z][ \u00a0\u3000.\-‐‑–—·・_/|])"
    r"[0-9]([ \u00a0\u3000.\-‐‑–—·・_/|])[0-9](?:\1[0-9])*(?:\1[Xx])?"
    r"(?![0-9A-Za-z])(?!\1[0-9A-Za-z])"
)
SPACED_MOBILE = re.compile(r"1[3-9][0-9]{9}")
SPACED_IDENTITY = re.compile(rf"[1-9][0-9]{{5}}{DATE8}[0-9]{{3}}[0-9Xx]")
# A mobile written in Chinese numerals (一三八…, 壹叁捌…, 幺三八…): eleven numerals in a row never
# occur in ordinary text, where 十, 百, 千 and 万 sit between the digits.
CHINESE_DIGITS = "〇零一二三四五六七八九壹贰叁肆伍陆柒捌玖幺两"
CHINESE_MOBILE = re.compile(
    rf"(?<![0-9{CHINESE_DIGITS}])(?=[0-9]*[{CHINESE_DIGITS}])[1一壹幺][3-9三四五六七八九叁肆伍陆柒捌玖]"
    rf"[0-9{CHINESE_DIGITS}]{{9}}(?![0-9{CHINESE_DIGITS}])"
)

Span = tuple[int, int, str]


def luhn(digits: str) -> bool:
    """Check a card number's Luhn digit."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _card(folded: str, match: re.Match[str]) -> str | None:
    digits = re.sub(r"[^0-9]", "", match.group())
    groups = re.split(r"[ \-]", match.group())
    told = bool(CARD_CONTEXT.search(folded[max(0, match.start() - 20) : match.start()]))
    if told:
        return f"{digits[:4]}****{digits[-4:]}"
    if not luhn(digits) or min(len(g) for g in groups) < 3:
        return None
    if CODE_CONTEXT.search(folded[max(0, match.start() - 20) : match.start()]):
        return None
    if len(groups) > 1 and all(YEAR.fullmatch(g) for g in groups):
        return None  # 2021 2022 2023 2024: years, not a card
    return f"{digits[:4]}****{digits[-4:]}"


# How a mobile in Chinese numerals starts: the only pattern that needs no digit or letter.
CHINESE_HINT = re.compile(f"[一壹幺][三四五六七八九叁肆伍陆柒捌玖][{CHINESE_DIGITS}]")
# What masking leaves (138****0203, d***@163.com, 110*************2X, E****78, z****7,
# 壹叁捌****零陆零陆), and what documents publish already masked the same way: a contact, never
# part of a name.
MASKED = re.compile(
    rf"(?:[0-9A-Za-z]{{1,4}}|[{CHINESE_DIGITS}]{{3}})\*{{3,}}"
    rf"(?:[0-9A-Za-z]{{1,4}}|[{CHINESE_DIGITS}]{{4}})?(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?"
    r"|\*{3,}[0-9]{3,4}(?![0-9])"
)
# A contact label left dangling once its number is gone: 联系人：, 电话, 手机号, Tel:.
CONTACT_LABEL = re.compile(
    r"[\s,，、;；:：(（]*(?:联系人|联系电话|联系方式|电话|手机号码|手机号|手机|邮箱|身份证号码|身份证号|身份证|证件号码|tel|mobile|e-?mail)?"
    r"[\s:：]*$",
    re.IGNORECASE,
)


def is_masked_token(text: str) -> bool:
    """Tell whether text, stripped, is nothing but a masked contact or identity number."""
    return bool(MASKED.fullmatch(fold(text).strip()))


def without_contacts(text: str) -> str:
    """Return a name with its contacts dropped: raw or masked numbers, mail, and their label."""
    plain = mask_contacts(text)
    kept: list[str] = []
    cursor = 0
    for match in MASKED.finditer(fold(plain)):
        before = plain[cursor : match.start()]
        label = CONTACT_LABEL.search(before)
        kept.append(before[: label.start()] if label else before)
        cursor = match.end()
    kept.append(plain[cursor:])
    return " ".join(_balanced(EMPTY_BRACKETS.sub("", " ".join(kept))).split())


EMPTY_BRACKETS = re.compile(r"[(（][\s:：,，;；]*[)）]")


def _balanced(text: str) -> str:
    """Drop closing brackets left without their opening one (the mask took it with the number)."""
    depth = 0
    out: list[str] = []
    for char in text:
        if char in "(（":
            depth += 1
        elif char in ")）":
            if not depth:
                continue
            depth -= 1
        out.append(char)
    return "".join(out)


def _spaced(folded: str, match: re.Match[str], contacts: bool, identity: bool) -> str | None:
    """Judge a digit-by-digit run as a mobile, an identity or a card number, or as none."""
    digits = match.group()[::2]
    if re.match(UNITS, folded[match.end() : match.end() + 8]):
        return None  # 1 3 8 … 元: an amount
    if contacts and SPACED_MOBILE.fullmatch(digits):
        return f"{digits[:3]}****{digits[-4:]}"
    if not identity:
        return None
    before = folded[max(0, match.start() - 20) : match.start()]
    if SPACED_IDENTITY.fullmatch(digits) and not ORGANISATION_CODE.search(before):
        return f"{digits[:3]}{'*' * (len(digits) - 5)}{digits[-2:]}"
    card = 16 <= len(digits) <= 19 and digits.isdigit() and not CODE_CONTEXT.search(before)
    if card and (CARD_CONTEXT.search(before) or luhn(digits)):
        return f"{digits[:4]}****{digits[-4:]}"
    return None


ALPHANUMERIC = re.compile(r"[0-9A-Za-z]")


# A line break inside a number or an address (139 0000 / 1234, wang@ / qq.com): matching
# reads across it, and a position map sends each match back to the original text.
LINE_BREAK_INSIDE = re.compile(r"(?<=[0-9A-Za-z@.#_-])\n(?=[0-9A-Za-z@.#_-])")


# Characters that are, or fold to, a digit or a Latin letter (full-width, circled, letterlike,
# super- and subscript, mathematical forms): a text without any needs no folding at all.
MAYBE_ALPHANUMERIC = re.compile(
    "[\\dA-Za-z\u00aa\u00b2\u00b3\u00b9\u00ba\u017f\u02b0-\u02e3\u1d2c-\u1dbf"
    "\u2070-\u209c\u2100-\u24ff\u2c7c\u2c7d\u3000-\u303f\u3200-\u33ff\ua7f2-\ua7f4"
    "\uff00-\uffef\U00010780-\U000107ba\U0001d400-\U0001d7ff\U0001f100-\U0001f1ff]"
)


def _spans(text: str, contacts: bool, identity: bool) -> Iterator[Span]:
    if not MAYBE_ALPHANUMERIC.search(text) and not CHINESE_HINT.search(text):
        return
    folded = fold(text)
    if not ALPHANUMERIC.search(folded) and not CHINESE_HINT.search(folded):
        return  # every pattern needs a digit or a Latin letter: most Chinese lines have none
    breaks = [match.start() for match in LINE_BREAK_INSIDE.finditer(folded)]
    if not breaks:
        yield from _matches(folded, contacts, identity)
        return
    # A break between a number ending one line and a digit starting the next (…13812341001 /
    # 2. 推进…) is usually a real line end: the unjoined text is searched as well.
    yield from _matches(folded, contacts, identity)
    squeezed = LINE_BREAK_INSIDE.sub("", folded)
    # The k-th removed break sat just before squeezed position breaks[k] - k.
    shifted = [position - k for k, position in enumerate(breaks)]
    for start, end, shown in _matches(squeezed, contacts, identity):
        first = start + bisect.bisect_right(shifted, start)
        last = end - 1 + bisect.bisect_right(shifted, end - 1)
        yield first, last + 1, shown


# Every pattern needs one of these; on a 50 MB text only the lines around them are searched.
WORTH_A_LOOK = re.compile(
    r"[0-9]{4}|[0-9][^\n0-9A-Za-z][0-9][^\n0-9A-Za-z][0-9]|[@#]|at|艾特|qq|扣扣|微信|威信|薇信|weixin"
    rf"|wechat|vx|wx|v信|[1一壹幺][3-9三四五六七八九叁肆伍陆柒捌玖][0-9{CHINESE_DIGITS}]",
    re.IGNORECASE,
)


def _line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, max(position, 0)) + 1


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", min(position, len(text)))
    return len(text) if end < 0 else end


def _windows(folded: str) -> Iterator[tuple[int, int]]:
    """Stretches of whole lines worth searching: each line with a hint, and the lines beside it."""
    first, last = -1, -1
    line_end = -1
    for match in WORTH_A_LOOK.finditer(folded):
        if match.end() <= line_end:
            # Same line as the hint before, already in the window: one long line stays linear.
            continue
        line_end = _line_end(folded, match.end())
        start = _line_start(folded, _line_start(folded, match.start()) - 1)
        end = _line_end(folded, _line_end(folded, match.end()) + 1)
        if first >= 0 and start <= last:
            last = max(last, end)
            continue
        if first >= 0:
            yield first, last
        first, last = start, end
    if first >= 0:
        yield first, last


def _matches(folded: str, contacts: bool, identity: bool) -> Iterator[Span]:
    for low, high in _windows(folded):
        yield from _window_matches(folded, low, high, contacts, identity)


def _window_matches(
    folded: str, low: int, high: int, contacts: bool, identity: bool
) -> Iterator[Span]:
    if identity:
        for match in IDENTITY_CARD.finditer(folded, low, high):
            if not ORGANISATION_CODE.search(folded[max(0, match.start() - 20) : match.start()]):
                number = re.sub(r"[ -]", "", match.group())
                yield (
                    match.start(),
                    match.end(),
                    f"{number[:3]}{'*' * (len(number) - 5)}{number[-2:]}",
                )
        for match in BANK_CARD.finditer(folded, low, high):
            shown = _card(folded, match)
            if shown:
                yield match.start(), match.end(), shown
        for match in PASSPORT.finditer(folded, low, high):
            yield match.start(), match.end(), f"{match.group(1)}****{match.group()[-2:]}"
    for match in SPACED_DIGITS.finditer(folded, low, high):
        shown = _spaced(folded, match, contacts, identity)
        if shown:
            yield match.start(), match.end(), shown
    if contacts:
        for match in MOBILE.finditer(folded, low, high):
            yield match.start(), match.end(), f"{match.group(1)}****{match.group(3)}"
        for match in PERSONAL_MAIL.finditer(folded, low, high):
            domain = DOT_ONLY.sub(".", match.group(2))
            yield match.start(), match.end(), f"{match.group(1)}***@{domain}"
        for match in MESSENGER.finditer(folded, low, high):
            value = match.group(1)
            yield match.start(1), match.end(1), f"{value[0]}****{value[-1]}"
        for match in CHINESE_MOBILE.finditer(folded, low, high):
            value = match.group()
            yield match.start(), match.end(), f"{value[:3]}****{value[-4:]}"


def _replace(pieces: tuple[str, ...], spans: list[Span]) -> tuple[str, ...]:
    """Apply spans found on "\\n".join(pieces); a span crossing pieces lands in its first one."""
    chosen: list[Span] = []
    position = 0
    # Longest first at the same start; a span overlapping an earlier one is dropped.
    for start, end, shown in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= position:
            chosen.append((start, end, shown))
            position = end
    out: list[str] = []
    offset = 0
    for piece in pieces:
        low, high = offset, offset + len(piece)
        parts: list[str] = []
        cursor = low
        for start, end, shown in chosen:
            if end <= low or start >= high:
                continue
            parts.append(piece[cursor - low : max(start, low) - low] if start > cursor else "")
            if start >= low:
                parts.append(shown)
            cursor = min(end, high)
        parts.append(piece[cursor - low :])
        out.append("".join(parts))
        offset = high + 1
    return tuple(out)


def mask_pieces(
    pieces: tuple[str, ...], contacts: bool = True, identity: bool = True
) -> tuple[str, ...]:
    """Mask personal data in consecutive texts, so a number split over two of them is found."""
    joined = "\n".join(pieces)
    spans = list(_spans(joined, contacts, identity))
    return _replace(pieces, spans) if spans else pieces


def mask_contacts(text: str, contacts: bool = True, identity: bool = True) -> str:
    """Mask mobiles (185****0800), personal mail (d***@163.com), ID, passport and card numbers."""
    return mask_pieces((text,), contacts, identity)[0]


def remove_personal(text: str) -> str:
    """Drop personal data entirely (for ids and slugs, which must stay short and plain)."""
    spans = [(start, end, "") for start, end, _ in _spans(text, True, True)]
    return _replace((text,), spans)[0] if spans else text


_UNSEEN: tuple[str, ...] = ("unseen",)


def mask_everywhere(value: T, contacts: bool = True) -> T:
    """Mask every string inside a model object; identity numbers always, contacts if asked."""
    # A document repeats its texts: every task carries its section's headings, units and
    # leaders recur. Masking depends on the text alone, so each distinct text is masked once
    # (90,910 texts at 3,740 tasks, 7,068 of them distinct).
    # None: masking changed nothing, and the caller's own objects are kept.
    done: dict[tuple[str, ...], tuple[str, ...] | None] = {}

    def mask(pieces: tuple[str, ...]) -> tuple[str, ...]:
        found = done.get(pieces, _UNSEEN)
        if found is _UNSEEN:
            masked = mask_pieces(pieces, contacts, True)
            found = done[pieces] = None if masked is pieces else masked
        return pieces if found is None else found

    return _map(value, mask)  # type: ignore[no-any-return]


# Each model class's field names, or None for a type that is not a dataclass instance.
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    names = _FIELDS.get(kind, ())
    if names == ():
        names = None
        if dataclasses.is_dataclass(kind):
            names = tuple(f.name for f in dataclasses.fields(kind))
        _FIELDS[kind] = names
    return names


def _map(value: Any, mask: Callable[[tuple[str, ...]], tuple[str, ...]]) -> Any:
    if isinstance(value, str):
        return mask((value,))[0]
    if isinstance(value, tuple):
        if value and all(isinstance(item, str) for item in value):
            # Lines of text masked together: a number broken over two lines is still found.
            return mask(value)
        mapped = tuple(_map(item, mask) for item in value)
        return value if all(new is old for new, old in zip(mapped, value, strict=True)) else mapped
    names = _field_names(type(value))
    if names is None:
        return value
    # Only what masking changed is replaced: most objects hold nothing private and are kept.
    changes: dict[str, Any] = {}
    for name in names:
        old = getattr(value, name)
        new = _map(old, mask)
        if new is not old:
            changes[name] = new
    return dataclasses.replace(value, **changes) if changes else value
