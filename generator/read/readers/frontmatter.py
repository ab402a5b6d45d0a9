"""Find a notice's metadata blocks: 文号, title, issuer, date, 主送, 抄送, contact, 附件."""

from __future__ import annotations

import re

from generator.read.readers.blocks import (
    DATE,
    DOC_NUMBER,
    OCCASION,
    PAGE_CHROME,
    PAGE_SOURCE,
    Block,
)
from generator.read.readers.raw import RawDocument

TITLE_END = re.compile(r"(?:通知|方案|意见|决定|报告|函|批复|通报|清单|计划|要点)[》」”]?$")
REGION_SUFFIX = re.compile(
    r"(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|管委会?办公室|管理委员会办公室"
    r"|管委会|管委|管理委员会|办公室|办公厅)$"
)
REPORT_DEADLINE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月(?:底|份|中旬|上旬|下旬)")


# A place name is one to three levels, each a name and its level word: 江源市北湖区, 临河县.
PLACE = re.compile(
    r"(?:[\u4e00-\u9fff]{1,8}?(?:省|自治区))?"
    r"(?:[\u4e00-\u9fff]{1,8}?(?:自治州|市|州|盟|地区))?"
    r"(?:[\u4e00-\u9fff]{1,8}?(?:新区|区|县|旗|市))?"
)
# Words of offices, web pages and documents, never part of a place name.
NOT_PLACE = re.compile(
    r"政府|人民|信息|公开|办公|网站|门户|首页|委员会|部门|单位|关于|通知|文件|栏目|专题|索引"
)
GOVERNMENT_WORD = re.compile(r"人民政府|政府|管委会?|管理委员会|党委|党工委")


def plausible_region(name: str) -> bool:
    """Tell whether name reads as a place (烟台市莱山区), not 区 or page chrome."""
    return (
        2 <= len(name) <= 20
        and bool(PLACE.fullmatch(name))
        and not NOT_PLACE.search(name)
        and name[-1] in "省区市州盟县旗"
        # 本区, 全县, 我市 name no place; 沛县 and 易县 do.
        and not (len(name) == 2 and name[0] in "本全我该各此其辖")
    )


def region_of(issuer: str) -> str:
    """Derive the region from the issuing office: 烟台市莱山区人民政府办公室 → 烟台市莱山区."""
    name = REGION_SUFFIX.sub("", issuer.strip()).strip()
    if plausible_region(name):
        return name
    # Web-page chrome around the issuer (…人民政府政府信息公开…): the place before 人民政府.
    match = GOVERNMENT_WORD.search(issuer)
    if match and plausible_region(issuer[: match.start()].strip()):
        return issuer[: match.start()].strip()
    return ""


def _short_plain(text: str, limit: int = 40) -> bool:
    return 0 < len(text) <= limit and not re.search(r"[。；，,：:]", text)


def read_frontmatter(blocks: list[Block], doc: RawDocument) -> set[int]:
    """Take metadata out of the blocks; return the indexes of the blocks used as metadata."""
    used: set[int] = set()
    meta = doc.meta

    def take(index: int, note: str) -> None:
        used.add(index)
        doc.mark(blocks[index].lines, "meta", note)

    title_index = -1
    for index, block in enumerate(blocks[:40]):
        text = block.text.strip()
        if PAGE_CHROME.match(text):
            used.add(index)
            doc.mark(block.lines, "skip", "网页按钮文字，不是正文")
        elif PAGE_SOURCE.match(text) and len(text) <= 40:
            take(index, "web page source line")
        elif OCCASION.match(text):
            # ——2026年1月27日在…会议上: the day the report was given is its date.
            meta.setdefault("occasion", text.lstrip("—－- "))
            date = DATE.search(text)
            if date and "date" not in meta:
                meta["date"] = "{}-{:02d}-{:02d}".format(*map(int, date.groups()))
            take(index, "occasion")
    for index, block in enumerate(blocks[:40]):
        if index in used:
            continue
        text = block.text
        if block.marker in ("cn", "paren-cn") and title_index >= 0:
            break
        if not meta.get("doc_number") and DOC_NUMBER.fullmatch(text.strip()):
            meta["doc_number"] = text.strip()
            take(index, "doc number")
        elif text.endswith("文件") and _short_plain(text) and "issuer" not in meta:
            meta["issuer"] = re.sub(r"\s*文件$", "", text)
            take(index, "letterhead")
        elif title_index < 0 and "关于" in text and TITLE_END.search(text) and len(text) <= 120:
            meta["title"] = text
            prefix = text.split("关于", 1)[0].strip()
            if prefix and "issuer" not in meta:
                meta["issuer"] = prefix
            title_index = index
            take(index, "title")
    if title_index < 0:
        title_index = _plain_title(blocks, used)
        if title_index >= 0:
            meta["title"] = blocks[title_index].text.rstrip("，,")
            take(title_index, "title")
    if title_index >= 0:
        # Letterhead lines above the title (issuer name set as a heading) are metadata too.
        for index in range(title_index):
            if index not in used and _short_plain(blocks[index].text, 30):
                if "issuer" not in meta and region_of(blocks[index].text):
                    meta["issuer"] = blocks[index].text
                take(index, "letterhead")
        _recipients(blocks, title_index, doc, take)
    for index, block in enumerate(blocks):
        if index in used:
            continue
        text = block.text
        if re.match(r"^抄\s*送\s*[:：]", text):
            meta["cc"] = re.sub(r"^抄\s*送\s*[:：]\s*", "", text).rstrip("。")
            take(index, "cc")
        elif re.search(rf"{DATE.pattern}\s*印发$", text):
            meta.setdefault("printed", text)
            take(index, "printing line")
        elif DATE.fullmatch(text.strip()):
            if "date" not in meta:
                match = DATE.fullmatch(text.strip())
                assert match
                meta["date"] = "{}-{:02d}-{:02d}".format(*map(int, match.groups()))
            take(index, "date")
            previous = index - 1
            if previous >= 0 and previous not in used and _short_plain(blocks[previous].text, 30):
                meta.setdefault("signature", blocks[previous].text)
                meta.setdefault("issuer", blocks[previous].text)
                take(previous, "signature")
        elif re.match(r"^[（(]\s*(?:联系人|联系电话)", text):
            meta["contact"] = text.strip("（）()")
            take(index, "contact")
        elif re.match(r"^[（(]\s*此件", text):
            meta["disclosure"] = text.strip("（）()")
            take(index, "disclosure note")
        elif re.match(r"^附\s*件", text):
            name = re.sub(r"^附\s*件\s*[:：]?\s*", "", text)
            name = re.sub(r"^\d{1,2}[.．、](?=\d{4}年|\D)", "", name)
            if re.fullmatch(r"\d*", name):
                take(index, "attachment label")
            else:
                doc.attachments.append(name)
                take(index, "attachment list")
                follow = index + 1
                while (
                    follow < len(blocks)
                    and blocks[follow].marker == "num"
                    and _short_plain(blocks[follow].body, 60)
                ):
                    doc.attachments.append(blocks[follow].body)
                    take(follow, "attachment list")
                    follow += 1
    return used


def _plain_title(blocks: list[Block], used: set[int]) -> int:
    """Without a 关于…的通知 title, the first short unpunctuated line naming a plan is the title."""
    candidates = [index for index in range(min(len(blocks), 40)) if index not in used][:5]
    for index in candidates:
        block = blocks[index]
        if block.marker:
            continue
        text = block.text.rstrip("，,")
        if _short_plain(text, 30) and REGION_SUFFIX.search(text) and region_of(text):
            # The issuing office set above the title (白沙县人民政府办公室), not the title.
            continue
        if (
            len(text) <= 60
            and not re.search(r"[。；：！]", text)
            and re.search(r"\d{4}年|方案|分工|分解|清单|报告|任务", text)
        ):
            return index
        return -1
    return -1


def _recipients(blocks: list[Block], title_index: int, doc: RawDocument, take: object) -> None:
    """Take the 主送 line(s) just below the title: short lines up to one ending with ：."""
    assert callable(take)
    parts: list[int] = []
    for index in range(title_index + 1, min(title_index + 5, len(blocks))):
        text = blocks[index].text
        if text.endswith(("：", ":")) and len(text) <= 200:
            parts.append(index)
            doc.meta["recipients"] = "，".join(blocks[i].text for i in parts).rstrip("：:")
            for i in parts:
                take(i, "recipients")
            return
        if not _short_plain(text, 30) or blocks[index].marker:
            return
        parts.append(index)


def find_report_deadlines(text: str) -> list[str]:
    """List the reporting dates a notice sets, e.g. 3月31日、6月30日 … 前报送."""
    found: list[str] = []
    for sentence in re.split(r"[。；]", text):
        if re.search(r"报送|上报|报至|反馈|完成", sentence) and "前" in sentence:
            for match in REPORT_DEADLINE.finditer(sentence):
                value = re.sub(r"\s+", "", match.group(0))
                if value not in found:
                    found.append(value)
    return found
