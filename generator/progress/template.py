"""Blank reporting sheets a unit fills in: one row per task, read back unchanged by load.py."""

from __future__ import annotations

import csv
import io
import zipfile

from generator.model import LEAD, Document, Task
from generator.progress.load import HEADERS, Statuses

# Column order of a reporting sheet; the header text is each field's first name in HEADERS.
COLUMNS = (
    "document",
    "task",
    "text",
    "units",
    "deadline",
    "status",
    "note",
    "date",
    "reason",
    "evidence",
)
WIDTHS = {"text": 60, "units": 24, "note": 50, "evidence": 30, "reason": 24}
SHEET_TITLE = "进展填报"
# Every member of the written zip gets this time, so the same tasks give the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def unit_tasks(document: Document, unit: str = "") -> list[Task]:
    """The document's tasks, or only those a unit leads (matched by name or normalised key)."""
    if not unit:
        return list(document.tasks)
    return [
        task
        for task in document.tasks
        if any(ref.role == LEAD and unit in (ref.name, ref.key) for ref in task.units)
    ]


def _row(document: Document, task: Task) -> list[str]:
    leads = "、".join(ref.name for ref in task.units if ref.role == LEAD)
    return [document.id, task.number, task.text, leads, task.deadline, "", "", "", "", ""]


def template_csv(document: Document, tasks: list[Task]) -> bytes:
    """The reporting sheet as CSV, UTF-8 with a BOM so Excel opens the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([HEADERS[name][0] for name in COLUMNS])
    for task in tasks:
        writer.writerow(_row(document, task))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(document: Document, tasks: list[Task], statuses: Statuses) -> bytes:
    """The reporting sheet as XLSX, with a drop-down of the statuses in the status column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append([HEADERS[name][0] for name in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for task in tasks:
        sheet.append(_row(document, task))
    last = max(len(tasks) + 1, 2)
    for position, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = WIDTHS.get(name, 12)
        # Dates and numbers stay text: Excel would otherwise turn 6 into 6.0 or a date into 45107.
        for row in range(2, last + 1):
            sheet[f"{letter}{row}"].number_format = "@"
            if name in ("text", "note"):
                sheet[f"{letter}{row}"].alignment = Alignment(wrap_text=True, vertical="top")
    status_column = get_column_letter(COLUMNS.index("status") + 1)
    choices = ",".join(statuses.names)
    validation = DataValidation(
        type="list",
        formula1=f'"{choices}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="进展状态",
        error=f"请从列表中选择：{choices}",
        promptTitle="进展状态",
        prompt=f"请选择：{choices}",
        showInputMessage=True,
    )
    validation.add(f"{status_column}2:{status_column}{last}")
    sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"
    help_sheet = book.create_sheet("填写说明")
    for line in (
        f"文件：{document.title}（编号 {document.id}）",
        f"进展状态从下拉列表选择：{'、'.join(statuses.names)}。",
        f"进展情况不超过 {statuses.note_limit} 字，将公开发布，请勿填写个人手机号、身份证号等。",
        "填报日期写作 2023-06-30，不得晚于填报当天。",
        "状态为“已调整”的，须在“调整原因”列写明原因。",
        "佐证链接须为 http:// 或 https:// 开头的公开网址，多个用分号分隔。",
        "未填写状态、说明和日期的行视为未报送，不会发布。",
    ):
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 90
    book.properties.creator = "generator"
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_times(buffer.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """Rewrite the zip with fixed member times and no core.xml dates: same input, same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                for tag in ("dcterms:created", "dcterms:modified"):
                    start = text.find(f"<{tag}")
                    end = text.find(f"</{tag}>")
                    if start >= 0 and end > start:
                        text = text[:start] + text[end + len(tag) + 3 :]
                body = text.encode("utf-8")
            target.writestr(zipfile.ZipInfo(info.filename, ZIP_TIME), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def template_name(document: Document, unit: str, suffix: str) -> str:
    """The file name of a reporting sheet: <document id>[-<unit>].<suffix>, safe for any disk."""
    safe_unit = "".join(ch for ch in unit if ch.isalnum())[:40]
    return f"{document.id}-{safe_unit}.{suffix}" if safe_unit else f"{document.id}.{suffix}"
