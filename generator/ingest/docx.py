"""Word (.docx): body paragraphs and tables in document order, with Word's own list numbers.

Word keeps automatic list numbers ("1.", "一、", "（三）") out of the text, in numbering.xml; a
reader looking for task numbers must see them, so they are computed here the way Word counts
them. Headers and footers live in other parts and are never body text. Text boxes, drawings,
embedded objects and imported chunks (altChunk) are skipped: in task documents they hold
letterheads, seals and page decorations, not tasks (a warning names the ones holding text). The
text of headers, footers, text boxes and watermarks is kept apart (set_aside), so a notice
printed there (此件不公开) still holds the document back. Hidden text, deleted tracked changes and
unfilled content-control prompts are not text; tracked insertions are. Merged table cells are
filled the way a reader needs them: a cell merged down repeats on every row it covers, a value
merged across a row is that row's heading, and rows a task's 序号 cell is merged down over are
that one task.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from lxml import etree

from generator.errors import SourceError
from generator.ingest.extracted import LinesBuilder, SourceText, remove_unsafe
from generator.messages import say
from generator.model import Problem

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

# A .docx is a zip; refuse one that unpacks to far more than any real document (a zip bomb).
MAX_UNPACKED = 256 * 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Columns of one table kept: no real task table is wider; a forged gridSpan must not cost memory.
MAX_COLUMNS = 256


@cache
def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@cache
def _path(*tags: str) -> str:
    return "/".join(_w(tag) for tag in tags)


P, TBL, TR, TC, R, T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
SDT, RPR, RSTYLE = _w("sdt"), _w("rPr"), _w("rStyle")
MATH = {f"{{{M}}}oMath", f"{{{M}}}oMathPara"}
VAL = _w("val")
# Elements whose children are ordinary content (content controls, tracked insertions, links).
TRANSPARENT = {
    _w(tag)
    for tag in (
        *("sdt", "sdtContent", "customXml", "smartTag", "hyperlink", "ins", "moveTo"),
        *("fldSimple", "dir", "bdo"),
    )
}
# Things drawn on the page rather than written in the flow. Everything else not read on
# purpose (w:del, w:instrText field codes, w:delText, footnote marks) is simply not visited.
DRAWN = {_w("drawing"), _w("pict"), _w("object"), f"{{{MC}}}AlternateContent"}
FALSE_VALUES = {"0", "false", "off", "none"}


def extract_docx(data: bytes, name: str) -> SourceText:
    """Extract a .docx file's body paragraphs and tables; raise SourceError when unreadable."""
    document, styles, numbering, margins = _open(data, name)
    reader = _Reader(_Styles(styles), _Numbering(numbering, styles))
    body = document.find(_w("body"))
    if body is None:
        raise SourceError(name, 0, say("docx.no_body"))
    builder = LinesBuilder()
    try:
        reader.blocks(body, builder)
    except RecursionError as error:
        raise SourceError(name, 0, say("docx.too_deep")) from error
    if reader.skipped_boxes:
        builder.problems.append(_note(say("docx.skipped_boxes", count=reader.skipped_boxes)))
    for root in margins:
        reader.set_aside.extend(_all_text(root))
    builder.set_aside.extend(_unique(reader.set_aside))
    return builder.build(name, "docx")


VML_TEXTPATH = "{urn:schemas-microsoft-com:vml}textpath"


def _all_text(root: etree._Element) -> list[str]:
    """Every paragraph's text under an element, and the words of VML watermarks."""
    found = [remove_unsafe("".join(t.text or "" for t in p.iter(T))).strip() for p in root.iter(P)]
    # Word's "水印" is WordArt in the header: the words are an attribute, not a w:t.
    found += [remove_unsafe(str(e.get("string", ""))).strip() for e in root.iter(VML_TEXTPATH)]
    return [text for text in found if text]


def _note(message: str) -> Problem:
    return Problem(1, message, "warning")


def _open(
    data: bytes, name: str
) -> tuple[etree._Element, etree._Element | None, etree._Element | None, list[etree._Element]]:
    """Return the document, styles and numbering XML roots, and the headers and footers.

    Only these parts are read, found through the package's relationships as Word finds
    them: a missing picture or a damaged header elsewhere in the zip does not stop the text.
    """
    if data.startswith(OLE_SIGNATURE):
        raise SourceError(
            name,
            0,
            say("docx.legacy"),
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED:
                raise SourceError(name, 0, say("docx.too_big"))
            parts = _Package(package)
            main = parts.related("", "officeDocument") or "word/document.xml"
            document = parts.xml(main)
            if document is None or document.tag != _w("document"):
                raise SourceError(name, 0, say("docx.not_word"))
            return (
                document,
                parts.xml(parts.related(main, "styles")),
                parts.xml(parts.related(main, "numbering")),
                _margins(parts, main),
            )
    except SourceError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise SourceError(name, 0, say("docx.not_zip", error=str(error))) from error
    except Exception as error:  # XMLSyntaxError, zlib.error, a bad CRC …: one clean message.
        raise SourceError(name, 0, say("docx.damaged", error=str(error))) from error


# ISO 29500 Strict documents name the same elements in other namespaces: read them as the
# usual (transitional) ones.
STRICT_NAMESPACES = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/math", M.encode()),
)
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


def _margins(parts: _Package, main: str) -> list[etree._Element]:
    """Parse the headers, footers and notes; one that cannot be read is left out, not fatal."""
    roots: list[etree._Element] = []
    for part in parts.all_related(main, ("header", "footer", "footnotes", "endnotes")):
        try:
            root = parts.xml(part)
        except Exception:  # a damaged header must not stop the body text
            continue
        if root is not None:
            roots.append(root)
    return roots


class _Package:
    """The parts of a zip package, found by name as its relationships spell them."""

    def __init__(self, package: zipfile.ZipFile) -> None:
        self.package = package
        # Zips made on Windows may use backslashes or another letter case in part names.
        self.names = {
            info.filename.replace("\\", "/").lstrip("/").lower(): info.filename
            for info in package.infolist()
        }

    def read(self, part: str) -> bytes | None:
        """Return a part's bytes, or None when the package has no such part."""
        found = self.names.get(part.lstrip("/").lower())
        return self.package.read(found) if found is not None else None

    def xml(self, part: str | None) -> etree._Element | None:
        """Parse a part as XML (entities never expanded, nothing fetched)."""
        if part is None:
            return None
        data = self.read(part)
        if data is None:
            return None
        for strict, transitional in STRICT_NAMESPACES:
            data = data.replace(strict, transitional)
        return etree.fromstring(data, PARSER)

    def related(self, source: str, kind: str) -> str | None:
        """Return the part a relationship of this kind (…/styles) points at from a part."""
        found = self.all_related(source, (kind,))
        return found[0] if found else None

    def all_related(self, source: str, kinds: tuple[str, ...]) -> list[str]:
        """Return every part a relationship of these kinds points at from a part, in order."""
        folder, _, file_name = source.rpartition("/")
        rels = self.xml(f"{folder}/_rels/{file_name}.rels".lstrip("/"))
        if rels is None:
            return []
        found: list[str] = []
        for relation in rels:
            if str(relation.get("Type", "")).rsplit("/", 1)[-1] not in kinds:
                continue
            if relation.get("TargetMode") == "External":
                continue
            target = str(relation.get("Target", ""))
            joined = target if target.startswith("/") else f"{folder}/{target}"
            found.append(posixpath.normpath(joined.lstrip("/")).lstrip("/"))
        return found


class _Styles:
    """Paragraph and character styles: the properties a paragraph or run inherits."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.found: dict[tuple[str, str], etree._Element | None] = {}
        self.default_paragraph = ""
        if root is None:
            return
        for style in root.iter(_w("style")):
            style_id = style.get(_w("styleId"), "")
            self.by_id[style_id] = style
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true"):
                self.default_paragraph = style_id

    def chain(self, style_id: str) -> Iterator[etree._Element]:
        """Yield a style and the styles it is based on, nearest first (cycles cut)."""
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(_w("basedOn"))
            style_id = based.get(VAL, "") if based is not None else ""

    def find(self, style_id: str, path: str) -> etree._Element | None:
        """Return the first element at path in the style or a style it is based on."""
        key = (style_id, path)
        if key not in self.found:  # Asked for every paragraph and run: remember the answer.
            self.found[key] = next(
                (f for f in (s.find(path) for s in self.chain(style_id)) if f is not None), None
            )
        return self.found[key]


def _on(element: etree._Element | None) -> bool | None:
    """Read a Word on/off property: None when absent."""
    if element is None:
        return None
    return element.get(VAL, "true").lower() not in FALSE_VALUES


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    suffix: str = "tab"
    style: str = ""


@dataclass
class _List:
    """One numbering definition's counters; Word shares them across its w:num instances."""

    levels: dict[int, _Level]
    counters: dict[int, int | None] = field(default_factory=dict)


class _Numbering:
    """Word's automatic numbering: numbering.xml's definitions and their running counters."""

    def __init__(self, root: etree._Element | None, styles_root: etree._Element | None) -> None:
        self.lists: dict[str, _List] = {}
        self.instances: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.started: set[str] = set()
        self.styles = _Styles(styles_root)
        if root is None:
            return
        abstracts = {a.get(_w("abstractNumId"), ""): a for a in root.iter(_w("abstractNum"))}
        for num in root.iter(_w("num")):
            abstract_id = _child_val(num, "abstractNumId")
            abstract = abstracts.get(abstract_id)
            if abstract is None:
                continue
            link = abstract.find(_w("numStyleLink"))
            if link is not None:
                # The list's levels are defined by the list a numbering style points at.
                linked = self._style_abstract(link.get(VAL, ""), root, abstracts)
                if linked is not None:
                    abstract_id, abstract = linked
            if abstract_id not in self.lists:
                self.lists[abstract_id] = _List(_levels(abstract))
            starts: dict[int, int] = {}
            overrides: dict[int, _Level] = {}
            for override in num.iter(_w("lvlOverride")):
                level = _int(override.get(_w("ilvl")), 0)
                start = override.find(_w("startOverride"))
                if start is not None:
                    starts[level] = _int(start.get(VAL), 1)
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    overrides[level] = _level(lvl)
            self.instances[num.get(_w("numId"), "")] = (abstract_id, starts, overrides)

    def _style_abstract(
        self, style_id: str, root: etree._Element, abstracts: dict[str, etree._Element]
    ) -> tuple[str, etree._Element] | None:
        num_id = self.styles.find(style_id, _path("pPr", "numPr", "numId"))
        if num_id is None:
            return None
        for num in root.iter(_w("num")):
            if num.get(_w("numId")) == num_id.get(VAL):
                abstract_id = _child_val(num, "abstractNumId")
                abstract = abstracts.get(abstract_id)
                if abstract is not None and abstract.find(_w("numStyleLink")) is None:
                    return abstract_id, abstract
        return None

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the list's counter for one numbered paragraph and return its label."""
        instance = self.instances.get(num_id)
        if instance is None:
            return ""
        abstract_id, starts, overrides = instance
        numbering = self.lists[abstract_id]
        levels = {**numbering.levels, **overrides}
        if num_id not in self.started:
            # A w:num with a start override restarts the shared list where it is first used.
            self.started.add(num_id)
            for index, start in starts.items():
                numbering.counters[index] = start - 1
        this = levels.get(ilvl)
        if this is None:
            return ""
        current = numbering.counters.get(ilvl)
        numbering.counters[ilvl] = this.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            restart = levels[deeper].restart if deeper in levels else None
            # lvlRestart n: restart after level n (1-based) is used; 0: never restart.
            if restart is None or (restart and ilvl < restart):
                numbering.counters[deeper] = None
        if this.fmt == "bullet":
            return ""  # Bullets are marks, not numbers a reader could use.

        def value(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = levels.get(index, _Level())
            count = numbering.counters.get(index)
            number = shown.start if count is None else count
            fmt = "decimal" if this.legal else shown.fmt
            return format_number(number, fmt)

        text = re.sub(r"%([1-9])", value, this.text)
        if not text.strip():
            return ""
        # A "1." followed by a tab reads as "1. "; Chinese "一、" and "（一）" take no space.
        spaced = this.suffix != "nothing" and text[-1].isascii()
        return text + (" " if spaced else "")


def _child_val(element: etree._Element, tag: str) -> str:
    child = element.find(_w(tag))
    return child.get(VAL, "") if child is not None else ""


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _levels(abstract: etree._Element) -> dict[int, _Level]:
    return {_int(lvl.get(_w("ilvl")), 0): _level(lvl) for lvl in abstract.findall(_w("lvl"))}


def _level(lvl: etree._Element) -> _Level:
    restart = lvl.find(_w("lvlRestart"))
    return _Level(
        start=_int(_child_val(lvl, "start") or None, 1),
        fmt=_child_val(lvl, "numFmt") or "decimal",
        text=_child_val(lvl, "lvlText"),
        restart=_int(restart.get(VAL), 0) if restart is not None else None,
        legal=bool(_on(lvl.find(_w("isLgl")))),
        suffix=_child_val(lvl, "suff") or "tab",
        style=_child_val(lvl, "pStyle"),
    )


CHINESE_DIGITS = "〇一二三四五六七八九"
LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def format_number(number: int, fmt: str) -> str:
    """Render a list counter in one of Word's numFmt styles."""
    if number < 0:
        number = 0
    if fmt in ("decimal", "decimalHalfWidth", "ordinal", "cardinalText", "ordinalText"):
        return str(number)
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(number))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed(number, 0x2460, 20) if number else "⓪"
    if fmt == "decimalEnclosedParen":
        return _enclosed(number, 0x2474, 20)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(number, 0x2488, 20)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = _letters(number)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(number)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting"):
        return chinese_numeral(number)
    if fmt in ("taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting"):
        return chinese_numeral(number)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese_numeral(number, legal=True)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(CHINESE_DIGITS[int(d)] for d in str(number))
    if fmt in ("ideographTraditional", "ideographEnclosedCircle"):
        return STEMS[(number - 1) % 10] if number else str(number)
    if fmt == "ideographZodiac":
        return BRANCHES[(number - 1) % 12] if number else str(number)
    if fmt == "none":
        return ""
    return str(number)


def _enclosed(number: int, first: int, count: int) -> str:
    return chr(first + number - 1) if 1 <= number <= count else str(number)


def _letters(number: int) -> str:
    # Word repeats the letter: a … z, aa … zz, aaa …
    if number < 1:
        return str(number)
    return chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _roman(number: int) -> str:
    if not 0 < number < 4000:
        return str(number)
    result = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while number >= value:
            result += letters
            number -= value
    return result


def chinese_numeral(number: int, legal: bool = False) -> str:
    """Write a number below 100,000 in Chinese counting numerals (十一, 一百零五)."""
    digits = LEGAL_DIGITS if legal else "零一二三四五六七八九"
    units = "拾佰仟万" if legal else "十百千万"
    if number == 0:
        return digits[0]
    if number >= 100_000:
        return str(number)
    text = ""
    zero = False
    for power in range(4, -1, -1):
        digit = number // 10**power % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += digits[0]
            zero = False
        text += digits[digit] + (units[power - 1] if power else "")
    if not legal and 10 <= number < 20:
        text = text[1:]  # 十一, not 一十一
    return text


class _Reader:
    """Walk the body: paragraphs become lines, tables become rows, in document order."""

    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.skipped_boxes = 0
        self.set_aside: list[str] = []

    def blocks(self, container: etree._Element, builder: LinesBuilder) -> None:
        """Emit every paragraph and table under a body-like container."""
        for child in container:
            if child.tag == P:
                text = self.paragraph(child, lead=True)
                if text.strip():
                    builder.line(self._heading_mark(child) + text)
                    # One Word paragraph is one block: a blank line keeps readers from
                    # joining it to the next the way they join wrapped lines of plain text.
                    builder.line("")
            elif child.tag == TBL:
                self.table(child, builder)
                builder.line("")
            elif child.tag in TRANSPARENT and not _placeholder(child):
                self.blocks(child, builder)
            elif child.tag == _w("altChunk"):
                self.skipped_boxes += 1  # A document pasted in as HTML or RTF: not read.

    def paragraph(self, p: etree._Element, lead: bool) -> str:
        """Return a paragraph's text with its list number; a bold lead phrase as **…**."""
        style_id = self._style(p)
        segments: list[tuple[str, bool]] = []
        self._runs(p, style_id, segments)
        number = self._number(p, style_id)
        text = remove_unsafe("".join(text for text, _ in segments))
        if lead:
            bold = ""
            for piece, is_bold in segments:
                if not is_bold and piece.strip():
                    break
                bold += piece
            rest = text[len(bold) :]
            if bold.strip() and rest.strip() and "\n" not in bold:
                shown = remove_unsafe(bold).strip().replace("*", "\\*")
                text = bold[: len(bold) - len(bold.lstrip())] + f"**{shown}**" + rest
        return remove_unsafe(number + text.strip()).strip()

    def _heading_mark(self, p: etree._Element) -> str:
        """Mark a Word heading (outline level 1–6) the Markdown way, as converters do."""
        path = _path("pPr", "outlineLvl")
        level = p.find(path)
        if level is None:
            level = self.styles.find(self._style(p), path)
        if level is None:
            return ""
        outline = _int(level.get(VAL), 9)
        return "#" * (outline + 1) + " " if 0 <= outline <= 5 else ""

    def _style(self, p: etree._Element) -> str:
        style = p.find(_path("pPr", "pStyle"))
        return style.get(VAL, "") if style is not None else self.styles.default_paragraph

    def _number(self, p: etree._Element, style_id: str) -> str:
        num_pr = p.find(_path("pPr", "numPr"))
        num_id = ilvl = None
        if num_pr is not None:
            num_id = _child_val(num_pr, "numId") or None
            ilvl = _child_val(num_pr, "ilvl") or None
        if num_id is None:
            inherited = self.styles.find(style_id, _path("pPr", "numPr"))
            if inherited is None:
                return ""
            num_id = _child_val(inherited, "numId")
            ilvl = ilvl or _child_val(inherited, "ilvl") or None
            if ilvl is None:
                ilvl = str(self._style_level(num_id, style_id))
        if num_id in ("", "0"):
            return ""  # numId 0 switches inherited numbering off.
        return self.numbering.label(num_id, _int(ilvl, 0))

    def _style_level(self, num_id: str, style_id: str) -> int:
        """The level whose w:pStyle names the paragraph's style (Heading 2 → level 1)."""
        instance = self.numbering.instances.get(num_id)
        if instance is None:
            return 0
        levels = {**self.numbering.lists[instance[0]].levels, **instance[2]}
        chain = [style.get(_w("styleId"), "") for style in self.styles.chain(style_id)]
        for style in chain:
            for index, level in sorted(levels.items()):
                if level.style and level.style == style:
                    return index
        return 0

    def _runs(
        self, element: etree._Element, style_id: str, segments: list[tuple[str, bool]]
    ) -> None:
        for child in element:
            tag = child.tag
            if tag == R:
                self._run(child, style_id, segments)
            elif (tag in TRANSPARENT and not _placeholder(child)) or tag in MATH:
                self._runs(child, style_id, segments)
            elif tag == f"{{{M}}}r":
                segments.append(("".join(t.text or "" for t in child.iter(f"{{{M}}}t")), False))
            elif tag in DRAWN:
                self._skip_drawing(child)

    def _skip_drawing(self, element: etree._Element) -> None:
        # Count only text boxes that say something: letterhead rules and seals are drawings
        # too, and a warning for each would bury the ones that matter.
        if any((t.text or "").strip() for t in element.iter(T)):
            self.skipped_boxes += 1
        self.set_aside.extend(_all_text(element))

    def _run(self, run: etree._Element, style_id: str, segments: list[tuple[str, bool]]) -> None:
        if self._hidden(run, style_id):
            return  # Hidden text: Word does not show or print it, so neither do we.
        bold = self._bold(run, style_id)
        for child in run:
            tag = child.tag
            if tag == T:
                segments.append((child.text or "", bold))
            elif tag in (_w("br"), _w("cr")):
                segments.append(("\n", bold))
            elif tag in (_w("tab"), _w("ptab")):
                # A tab is spacing here; as a real tab the line would read as a TSV row.
                segments.append((" ", bold))
            elif tag == _w("noBreakHyphen"):
                segments.append(("-", bold))
            elif tag in DRAWN:
                self._skip_drawing(child)

    def _hidden(self, run: etree._Element, style_id: str) -> bool:
        return self._flag(run, style_id, "vanish")

    def _bold(self, run: etree._Element, style_id: str) -> bool:
        return self._flag(run, style_id, "b")

    def _flag(self, run: etree._Element, style_id: str, tag: str) -> bool:
        """Read an on/off run property: the run's own, its character style's, its paragraph's."""
        properties = run.find(RPR)
        if properties is not None:
            direct = _on(properties.find(_w(tag)))
            if direct is not None:
                return direct
            char_style = properties.find(RSTYLE)
            if char_style is not None:
                inherited = _on(self.styles.find(char_style.get(VAL, ""), _path("rPr", tag)))
                if inherited is not None:
                    return inherited
        return bool(_on(self.styles.find(style_id, _path("rPr", tag))))

    def table(self, tbl: etree._Element, builder: LinesBuilder) -> None:
        """Emit a table's rows as cells, merged cells filled the way a reader sees them."""
        grid = self.grid(tbl)
        if all(len(cells) <= 1 for cells in grid):
            # A one-column table is a framed box of text, not a task table: read it as text.
            for cells in grid:
                if cells and cells[0].strip():
                    builder.line(cells[0])
                    builder.line("")
            return
        for cells in grid:
            builder.row(cells)

    def grid(self, tbl: etree._Element) -> list[list[str]]:
        """Return the table as a grid: vertical merges repeat down, a full-row merge fills it."""
        width = min(len(tbl.findall(_path("tblGrid", "gridCol"))), MAX_COLUMNS)
        rows: list[list[str]] = []
        continues: list[bool] = []
        above: list[str] = []
        for tr in _children(tbl, TR):
            row: list[str] = []
            spans: list[int] = []
            continues.append(False)
            before = tr.find(_path("trPr", "gridBefore"))
            if before is not None:
                row.extend([""] * min(max(0, _int(before.get(VAL), 0)), MAX_COLUMNS))
                spans.extend([1] * len(row))
            for tc in _children(tr, TC):
                span = _int(_cell_property(tc, "gridSpan") or None, 1)
                span = min(max(1, span), MAX_COLUMNS)
                merge = tc.find(_path("tcPr", "vMerge"))
                column = len(row)
                if merge is not None and merge.get(VAL, "continue") == "continue":
                    # The continuation of a vertical merge shows the cell above.
                    value = above[column] if column < len(above) else ""
                    continues[-1] = continues[-1] or column == 0
                else:
                    value = self.cell(tc)
                row.extend([value] + [""] * (span - 1))
                spans.append(span)
                spans.extend([0] * (span - 1))
            del row[MAX_COLUMNS:], spans[MAX_COLUMNS:]
            width = max(width, len(row))
            row.extend([""] * (width - len(row)))
            filled = self._merged_columns(row, spans)
            rows.append(filled)
            above = filled
        rows = [row + [""] * (width - len(row)) for row in rows]
        return join_continued_rows(rows, continues)

    @staticmethod
    def _merged_columns(row: list[str], spans: list[int]) -> list[str]:
        """Repeat a horizontally merged value across its columns when it is the whole row."""
        values = {cell for cell in row if cell.strip()}
        if len(values) == 1 and any(span > 1 for span in spans):
            value = next(iter(values))
            # A heading merged across the row (maybe beside an empty number column).
            return [value if cell or spans[i] == 0 else cell for i, cell in enumerate(row)]
        return row

    def cell(self, tc: etree._Element) -> str:
        """Return a cell's text: its paragraphs joined by newlines, nested tables flattened."""
        parts: list[str] = []
        self._cell_blocks(tc, parts)
        return "\n".join(part for part in parts if part.strip())

    def _cell_blocks(self, container: etree._Element, parts: list[str]) -> None:
        for child in container:
            if child.tag == P:
                parts.append(self.paragraph(child, lead=False))
            elif child.tag == TBL:
                # A table inside a cell: one line per row, its cells side by side.
                for row in self.grid(child):
                    parts.append(" ".join(_unique(c.replace("\n", " ") for c in row if c.strip())))
            elif child.tag in TRANSPARENT and not _placeholder(child):
                self._cell_blocks(child, parts)


# A 序号 cell: 12, 12. or 12、
NUMBER_CELL = re.compile(r"^\s*\d{1,4}\s*[.、．]?\s*$")


def join_continued_rows(rows: list[list[str]], continues: list[bool]) -> list[list[str]]:
    """Join the rows a numbered row's 序号 cell is merged down over into that one task row.

    One task given several 责任单位 or deadlines, a row each, with its number and text merged
    down beside them, is one task: its other cells gather the rows' values, one a line.
    """
    joined: list[list[str]] = []
    for row, continued in zip(rows, continues, strict=True):
        if continued and joined and row and NUMBER_CELL.match(row[0]) and row[0] == joined[-1][0]:
            previous = joined[-1]
            for index, value in enumerate(row[: len(previous)]):
                if value and value not in previous[index].split("\n"):
                    previous[index] = f"{previous[index]}\n{value}" if previous[index] else value
            continue
        joined.append(list(row))
    return joined


def _placeholder(element: etree._Element) -> bool:
    """Tell whether a content control still shows its template prompt (单击此处输入文字)."""
    return element.tag == SDT and element.find(_path("sdtPr", "showingPlcHdr")) is not None


def _cell_property(tc: etree._Element, tag: str) -> str:
    properties = tc.find(_w("tcPr"))
    return _child_val(properties, tag) if properties is not None else ""


def _unique(values: Iterator[str] | list[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Yield children with a tag, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in TRANSPARENT:
            yield from _children(child, tag)
