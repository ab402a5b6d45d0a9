"""Find the lines a document must not publish: attachments marked 不公开, hidden sections."""

from __future__ import annotations

import re

from generator.model import Section

# （此件正文公开发布，附件不公开）, （此件主动公开，附件免予公开）, 附 件不对外公开 ….
ATTACHMENTS_PRIVATE = re.compile(
    r"附[\s　]*件[^。；;，,\n]{0,8}?(?:不|免予|免于|暂不)[^。；;，,\n]{0,4}?(?:公开|发布)"
)
# The line that opens an attachment's body, however it is dressed: 附件, 附 件, 附件1：title,
# ## 附件1, > 附件, | 附件 | … |, **附件一**. Any line opening with 附件 after the notice counts:
# withholding a line too many is the safe mistake.
ATTACHMENT_BODY = re.compile(r"^[\s　#>*|]*附[\s　]*件")
ATTACHMENT_REASON = "附件不公开"
SECTION_REASON = "sidecar: public: false"


def _plain(title: str) -> str:
    return re.sub(r"\s+", "", title)


def private_attachment_lines(lines: tuple[str, ...]) -> dict[int, str]:
    """Lines of attachment bodies when the document says its attachments are not public."""
    notice = next((n for n, line in enumerate(lines, 1) if ATTACHMENTS_PRIVATE.search(line)), 0)
    if not notice:
        return {}
    start = next(
        (n for n, line in enumerate(lines, 1) if n > notice and ATTACHMENT_BODY.match(line)), 0
    )
    return {n: ATTACHMENT_REASON for n in range(start, len(lines) + 1)} if start else {}


def private_section_lines(
    sections: tuple[Section, ...], titles: list[str], last_line: int
) -> tuple[dict[int, str], list[str]]:
    """Lines under the sections a sidecar marks not public; also the titles matching none."""
    withheld: dict[int, str] = {}
    missing = []
    for wanted in titles:
        matched = False
        for index, section in enumerate(sections):
            if _plain(wanted) not in (
                _plain(section.title),
                _plain(section.marker + section.title),
            ):
                continue
            matched = True
            end = next(
                (s.line - 1 for s in sections[index + 1 :] if s.level <= section.level), last_line
            )
            withheld.update({n: SECTION_REASON for n in range(section.line, end + 1)})
        if not matched:
            missing.append(wanted)
    return withheld, missing
