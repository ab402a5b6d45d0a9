"""Find what a document must not publish: the whole of it, its attachments, sections, comments."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

from generator.model import Section

# Notices are matched on a plain copy of the line: compatibility forms folded (（）→ ()),
# traditional characters of the notice vocabulary made simplified, and every space removed,
# so 不　公　开 and 不予公開 read as 不予公开.
TRADITIONAL = str.maketrans(
    "開內資請僅發佈機閱閲傳轉對註參暫應與於檔紹絕祕報",
    "开内资请仅发布机阅阅传转对注参暂应与于档绍绝秘报",
)
NOT = r"(?:不|不予|不宜|暂不|暂缓|不得|不再|免予|免于|请勿|严禁|禁止)"
# 不予以公开, 不对外公开, 不公开发布; never 不进行公开招标 (a procurement, not a notice).
PUBLIC = r"[^。;,!?]{0,4}?(?:公开|发布)(?!招|选|竞|遴|征|透明|发行|出让|拍卖|挂牌|审判|听证)"
# Notices that hold the whole document back. 此件公开发布 and 主动公开 say the opposite and match
# none of these.
DOCUMENT_NOTICES = (
    # （此件不公开）, 此件不予公开, 本方案暂不对外公开, 此件请勿公开
    re.compile(
        rf"(?:此|本|该)(?:件|文件|文|材料|资料|通知|方案|报告|清单)(?:全文|正文)?{NOT}{PUBLIC}"
    ),
    # 此件依申请公开: published only to someone who applies for it
    re.compile(r"(?:此|本|该)(?:件|文件|文|材料)?依申请公开"),
    # 内部资料 注意保存, 内部资料，妥善保管
    re.compile(r"内部(?:资料|文件|材料|刊物)[,、.;]?(?:注意|妥善)?保(?:存|管|密)"),
    # 请勿公开, 请勿外传: an instruction to the reader, never the content of a task
    re.compile(r"请勿(?:对外|向社会)?(?:公开|外传|转发|上网|扩散|外泄)"),
    # 仅限内部使用, 仅供内部参考
    re.compile(r"仅(?:限|供)内部(?:使用|参考|传阅|掌握|阅读|交流)"),
    # 公开方式：不予公开 / 依申请公开 (the disclosure field of a 公文's 版记, or its table row)
    re.compile(
        r"(?:公开方式|公开属性|公开类型|公开形式|公开选项|信息公开)[:|]*"
        r"(?:不予公开|不公开|非公开|依申请公开|免予公开|暂缓公开)"
    ),
)
# A line that is nothing but a notice: （不予公开）, 【内部资料】, 请勿外传.
NOTICE_LINE = re.compile(
    r"(?:此件|本件)?(?:不予公开|不公开|非公开|依申请公开|免予公开|暂不公开|不宜公开|不得公开"
    r"|不得外传|内部资料|内部文件|内部使用|内部传阅)"
)
# A security classification at the head of a line: 秘密★1年, 机密★, 绝密.
CLASSIFIED = re.compile(r"^\W*(?:绝密|机密|秘密)(?:★|\*|$)")
DOCUMENT_REASON = "此件不公开"

# （此件正文公开发布，附件不公开）, 附件免予公开, 附件1、附件2，不予公开, 附表不公开 ….
ATTACHMENTS_PRIVATE = re.compile(rf"附(?:件|表|录)[^。;!?]{{0,24}}?{NOT}{PUBLIC}")
# The line that opens an attachment's body, however it is dressed: 附件, 附 件, 附件1：title,
# ## 附件1, > 附件, | 附件 | … |, **附件一**, 【附件1】, 附表2, 附录, 附：. Withholding a line
# too many is the safe mistake.
ATTACHMENT_BODY = re.compile(r"^[\s　#>*|【\[〔<]*附[\s　]*(?:件|表|录|[:：])")
# An opener that is only the label (附件1, 【附件2】, 附表一：): the start of a body, not the
# list of attachments under the main text.
NUMBER = r"[0-9０-９一二三四五六七八九十]"
ATTACHMENT_LABEL = re.compile(
    rf"^[\s　#>*|【\[〔<]*附[\s　]*(?:件|表|录)[\s　]*{NUMBER}*[\s　]*[】\]〕>]?[\s　:：*|]*$"
)
# 附件2（不公开）: the notice is the label of the attachment it hides.
NOTICE_IN_LABEL = re.compile(
    rf"^[\s　#>*|【\[〔<]*附[\s　]*(?:件|表|录)[\s　]*{NUMBER}+[\s　]*[】\]〕>]?[\s　:：*]*"
    rf"[(（]?[\s　]*{NOT}[\s　]*{PUBLIC}"
)
ATTACHMENT_REASON = "附件不公开"
SECTION_REASON = "sidecar: public: false"
COMMENT_REASON = "HTML 注释，不是正文"
COMMENT_OPEN = "<!--"
COMMENT_CLOSE = "-->"
MARKDOWN_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s|$)")


NOTICE_CHARACTER = re.compile(r"[公内內密勿]")
UNREAD = "\0"  # stands for a line no notice can touch


# The same lines are folded again and again: a document's notice and its attachments are sought
# in one pass each, and the scan of an original reads each line up to four times (as written,
# without tags, each with character references read).
@functools.lru_cache(maxsize=8192)
def plain(line: str) -> str:
    """Fold a line for notice matching: compatibility forms, traditional forms, no spaces."""
    folded = unicodedata.normalize("NFKC", line).translate(TRADITIONAL)
    return re.sub(r"\s+", "", folded)


def _title(title: str) -> str:
    return re.sub(r"\s+", "", title)


def _singles(lines: tuple[str, ...]) -> list[tuple[int, str]]:
    """Each non-empty line's plain text, with its line number."""
    # Folding every line of a 50 MB file takes half a minute: only lines holding a character
    # every notice has (公开, 内部, 秘密, 请勿) and their neighbours are folded.
    filled = [n for n, line in enumerate(lines, 1) if line.strip()]
    hot = [k for k, n in enumerate(filled) if NOTICE_CHARACTER.search(lines[n - 1])]
    near = {j for k in hot for j in (k - 1, k, k + 1)}
    return [(n, plain(lines[n - 1]) if k in near else UNREAD) for k, n in enumerate(filled)]


def _joined(singles: list[tuple[int, str]]) -> list[tuple[int, str, int]]:
    """Each line joined with the next non-empty one (a notice split in two), and where."""
    return [
        (n, text + after, len(text))
        for (n, text), (_, after) in itertools.pairwise(singles)
        if text is not UNREAD or after is not UNREAD
    ]


def _pairs(lines: tuple[str, ...]) -> list[tuple[int, str]]:
    """Each line's plain text, then each line joined with the next (a notice split in two)."""
    singles = _singles(lines)
    read = [(n, text) for n, text in singles if text is not UNREAD]
    return read + [(n, text) for n, text, _ in _joined(singles)]


def document_notice(lines: tuple[str, ...]) -> tuple[int, str] | None:
    """Find a notice saying the whole document is not public: (line, the notice as written)."""
    singles = _singles(lines)
    joined = _joined(singles)
    following = {n: after for (n, _), (after, _) in itertools.pairwise(singles)}
    # The end of an attachment notice split over two lines (…附件 / 不公开）) is not a notice
    # of its own.
    continued = {
        following[n]
        for n, text, first in joined
        if ATTACHMENTS_PRIVATE.search(text) and not ATTACHMENTS_PRIVATE.search(text[first:])
    }
    # Each line, then the line with the next one: a notice split in two counts where it starts.
    candidates = [(n, text, len(text)) for n, text in singles if text is not UNREAD] + joined
    for number, text, first in sorted(candidates, key=lambda c: (c[0], c[2] != len(c[1]))):
        split = first != len(text)
        bare = re.sub(r"[\W_]+", "", text)
        for pattern in DOCUMENT_NOTICES:
            match = pattern.search(text)
            if match and (not split or match.start() < first < match.end()):
                return number, match.group()
        if number in continued and not split:
            continue
        if NOTICE_LINE.fullmatch(bare) or CLASSIFIED.match(text):
            return number, lines[number - 1].strip()[:40]
    return None


def private_attachment_lines(lines: tuple[str, ...]) -> dict[int, str]:
    """Lines of attachment bodies when the document says its attachments are not public."""
    notices = [n for n, text in _pairs(lines) if ATTACHMENTS_PRIVATE.search(text)]
    if not notices:
        return {}
    notice = min(notices)
    openers = [n for n, line in enumerate(lines, 1) if ATTACHMENT_BODY.match(line)]
    own = NOTICE_IN_LABEL.match(plain(lines[notice - 1]))
    after = [n for n in openers if n > notice or (n == notice and own)]
    if after:
        start = after[0]
    elif openers:
        # The notice stands after the attachment: start at the first body label before it,
        # else at the first line opening with 附件.
        labels = [n for n in openers if ATTACHMENT_LABEL.match(lines[n - 1])]
        start = (labels or openers)[0]
    else:
        return {}
    return {n: ATTACHMENT_REASON for n in range(start, len(lines) + 1)}


def strip_comments(lines: tuple[str, ...]) -> tuple[tuple[str, ...], dict[int, str]]:
    """Remove <!-- … --> comments (over several lines too); lines left empty are withheld."""
    out: list[str] = []
    withheld: dict[int, str] = {}
    inside = False
    for number, line in enumerate(lines, 1):
        kept: list[str] = []
        rest = line
        touched = inside
        while rest:
            if inside:
                end = rest.find(COMMENT_CLOSE)
                if end < 0:
                    rest = ""
                    break
                rest = rest[end + len(COMMENT_CLOSE) :]
                inside = False
            else:
                start = rest.find(COMMENT_OPEN)
                if start < 0:
                    kept.append(rest)
                    break
                kept.append(rest[:start])
                rest = rest[start + len(COMMENT_OPEN) :]
                inside = touched = True
        text = "".join(kept)
        if touched and not text.strip():
            withheld[number] = COMMENT_REASON
            text = ""
        out.append(text)
    return tuple(out), withheld


def _hashes(lines: tuple[str, ...], number: int) -> int:
    """How many # open the Markdown heading at this line (0 when it is not one)."""
    match = MARKDOWN_HEADING.match(lines[number - 1]) if 0 < number <= len(lines) else None
    return len(match.group(1)) if match else 0


def _inside(section: Section, later: Section, lines: tuple[str, ...]) -> bool:
    """Whether a later heading still belongs under section (hiding a section hides it too)."""
    # Between Markdown headings the author's # count is the structure: ### under ## is a
    # subsection whatever level the reader gave it (an unnumbered heading, say).
    outer, inner = _hashes(lines, section.line), _hashes(lines, later.line)
    if outer and inner:
        return inner > outer
    return later.level > section.level


def private_section_lines(
    sections: tuple[Section, ...],
    titles: list[str],
    last_line: int,
    lines: tuple[str, ...] = (),
) -> tuple[dict[int, str], list[str]]:
    """Lines under the sections a sidecar marks not public; also the titles matching none."""
    withheld: dict[int, str] = {}
    missing = []
    for wanted in titles:
        matched = False
        for index, section in enumerate(sections):
            if _title(wanted) not in (
                _title(section.title),
                _title(section.marker + section.title),
            ):
                continue
            matched = True
            end = next(
                (s.line - 1 for s in sections[index + 1 :] if not _inside(section, s, lines)),
                last_line,
            )
            withheld.update({n: SECTION_REASON for n in range(section.line, end + 1)})
        if not matched:
            missing.append(wanted)
    return withheld, missing
