"""Draw PDF fixtures with reportlab: flowing paragraphs and ruled or unruled tables over pages.

The drawing is done here, by code, so each test knows exactly what the PDF says: paragraphs
wrap at the text width (first line indented two characters), a table row that does not fit
is split at the page break (its first cell left empty on the next page, as word processors
do), and the header is drawn again on every page a table continues on. Running headers and
page numbers are drawn by a callback given the page number and the page count.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

Decorate = Callable[[Canvas, int, int], None]


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Break text into lines no wider than width (the first line indented), char by char."""
    lines: list[str] = []
    current = ""
    limit = width - indent
    for char in text:
        if current and pdfmetrics.stringWidth(current + char, FONT, size) > limit:
            lines.append(current)
            current = ""
            limit = width
        current += char
    if current or not lines:
        lines.append(current)
    return lines


@dataclass
class Paragraph:
    """Body text: indented first line, or centred (a title)."""

    text: str
    size: float = 12.0
    centred: bool = False
    indent: bool = True
    space: float = 0.0  # extra space above, for paragraphs set apart by space, not indent


@dataclass
class Grid:
    """A table: column widths, one header row, data rows; ruled or aligned text only."""

    widths: Sequence[float]
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    ruled: bool = True
    size: float = 10.5
    repeat_header: bool = True
    continued: str = ""  # a note such as 续表 over the table on each following page
    number_again: bool = False  # a broken row's first cell printed again on the next page
    broken_rows: int = 0  # rows the page break cut in two (counted while drawing)


@dataclass
class Pages:
    """A canvas that flows blocks down pages and decorates each page when it is finished."""

    decorate: Decorate | None = None
    pagesize: tuple[float, float] = A4
    margin: float = 72.0
    total: int = 0
    number: int = 1
    buffer: io.BytesIO = field(default_factory=io.BytesIO)

    def __post_init__(self) -> None:
        self.canvas = Canvas(self.buffer, pagesize=self.pagesize, invariant=1)
        self.y = self.pagesize[1] - self.margin

    @property
    def width(self) -> float:
        return self.pagesize[0] - 2 * self.margin

    def new_page(self) -> None:
        if self.decorate:
            self.decorate(self.canvas, self.number, self.total)
        self.canvas.showPage()
        self.number += 1
        self.y = self.pagesize[1] - self.margin

    def room(self) -> float:
        return self.y - self.margin

    def paragraph(self, block: Paragraph) -> None:
        leading = block.size * 1.6
        indent = 2 * block.size if block.indent and not block.centred else 0.0
        self.y -= block.space
        for index, line in enumerate(wrap(block.text, self.width, block.size, indent)):
            if self.room() < leading:
                self.new_page()
            self.y -= leading
            self.canvas.setFont(FONT, block.size)
            if block.centred:
                self.canvas.drawCentredString(self.pagesize[0] / 2, self.y, line)
            else:
                x = self.margin + (indent if index == 0 else 0.0)
                self.canvas.drawString(x, self.y, line)

    def grid(self, table: Grid) -> None:
        pad, leading = 4.0, table.size * 1.4
        self._row(table, list(table.header), pad, leading, header=True)
        for row in table.rows:
            self._row(table, list(row), pad, leading)
        self.y -= leading

    def _row(
        self, table: Grid, cells: list[str], pad: float, leading: float, header: bool = False
    ) -> None:
        wrapped = [
            wrap(c, w - 2 * pad, table.size) for c, w in zip(cells, table.widths, strict=True)
        ]
        while wrapped:
            fits = int((self.room() - 2 * pad) // leading)
            height = max(len(lines) for lines in wrapped)
            if fits < 1 and not header:
                # Too little room for even part of the row: start it on a new page.
                self._next_page(table, pad, leading)
                continue
            take = min(height, fits)
            self._draw(table, [lines[:take] for lines in wrapped], pad, leading, take)
            # What did not fit carries on over the page, its finished cells left empty.
            wrapped = [lines[take:] for lines in wrapped]
            if all(not lines for lines in wrapped):
                return
            wrapped = [lines or [""] for lines in wrapped]
            if table.number_again:
                wrapped[0] = [cells[0]]
            table.broken_rows += 1
            self._next_page(table, pad, leading)

    def _next_page(self, table: Grid, pad: float, leading: float) -> None:
        self.new_page()
        if table.continued:
            self.paragraph(Paragraph(table.continued, table.size, indent=False))
        if table.repeat_header:
            self._row(table, list(table.header), pad, leading, header=True)

    def _draw(
        self, table: Grid, cells: list[list[str]], pad: float, leading: float, height: int
    ) -> None:
        top = self.y
        bottom = top - height * leading - 2 * pad
        x = self.margin
        self.canvas.setFont(FONT, table.size)
        for lines, width in zip(cells, table.widths, strict=True):
            for index, line in enumerate(lines):
                self.canvas.drawString(x + pad, top - pad - (index + 1) * leading + 3, line)
            if table.ruled:
                self.canvas.rect(x, bottom, width, top - bottom)
            x += width
        self.y = bottom

    def finish(self) -> bytes:
        if self.decorate:
            self.decorate(self.canvas, self.number, self.total)
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


def draw(
    blocks: Sequence[Paragraph | Grid], decorate: Decorate | None = None, **options: object
) -> bytes:
    """Render blocks to PDF bytes; page decorations know the final page count."""

    def render(total: int) -> tuple[bytes, int]:
        pages = Pages(decorate, total=total, **options)  # type: ignore[arg-type]
        for block in blocks:
            if isinstance(block, Grid):
                pages.grid(block)
            else:
                pages.paragraph(block)
        count = pages.number
        return pages.finish(), count

    _, total = render(0)
    return render(total)[0]


def watermark(text: str) -> Decorate:
    """Decorate pages with a grey watermark set at an angle across the page."""

    def decorate(canvas: Canvas, page: int, total: int) -> None:
        canvas.saveState()
        canvas.setFillGray(0.85)
        canvas.setFont(FONT, 40)
        canvas.translate(300, 400)
        canvas.rotate(40)
        canvas.drawCentredString(0, 0, text)
        canvas.restoreState()

    return decorate


def running(header: str, number: Callable[[int, int], str], at_right: bool = False) -> Decorate:
    """Decorate pages with a running header and a page number line at the foot."""

    def decorate(canvas: Canvas, page: int, total: int) -> None:
        width, height = canvas._pagesize
        canvas.setFont(FONT, 9)
        if header:
            canvas.drawCentredString(width / 2, height - 40, header)
            canvas.line(72, height - 46, width - 72, height - 46)
        canvas.setFont(FONT, 10.5)
        text = number(page, total)
        if at_right:
            canvas.drawRightString(width - 72, 36, text)
        else:
            canvas.drawCentredString(width / 2, 36, text)

    return decorate


def undecodable_pdf(pages: int) -> bytes:
    """A PDF whose text uses a font with no Unicode map: pdfminer reads "(cid:18)" glyphs."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [{}] /Count {} >>".format(
            " ".join(f"{4 + 2 * i} 0 R" for i in range(pages)), pages
        ),
        "<< /Type /Font /Subtype /Type0 /BaseFont /Unknown /Encoding /Identity-H"
        " /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unknown"
        " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
        " /FontDescriptor << /Type /FontDescriptor /FontName /Unknown /Flags 4"
        " /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 880 /Descent -120"
        " /CapHeight 700 /StemV 80 >> /DW 1000 >>] >>",
    ]
    for index in range(pages):
        content = "BT /F1 12 Tf 72 700 Td <0012003400560078009a> Tj ET"
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            f" /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * index} 0 R >>"
        )
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
    data = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(data)
    data += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    data += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return data + trailer.encode()
