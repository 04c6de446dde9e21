"""The Vietnamese administrative document layout (Nghị định 30/2020/NĐ-CP), in python-docx.

Every Word document the platform writes (inspection plans, notices and reports;
award dossiers) is built from these pieces, so the two families look alike:

* A4 paper, margins 20/20 mm top and bottom, 30 mm left, 15 mm right; Times New
  Roman 14 pt, 6 pt between paragraphs.
* The header (:func:`add_heading`), a borderless two-column table: on the left
  the parent body in capitals, the issuing body in bold capitals (13 pt), a
  short rule and "Số: …"; on the right "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
  (bold, 13 pt), "Độc lập - Tự do - Hạnh phúc" (bold, 14 pt), a rule as long
  as the motto, then place and date in italics.
* The document type and its subject, centred and bold, with a short rule
  (:func:`add_title`); the body justified with a 1 cm first-line indent.
* The footer (:func:`add_footer`): "Nơi nhận:" (bold italic 12 pt) and the
  recipients (11 pt) on the left, the signature block on the right; or two
  signature blocks side by side (:func:`add_signatures`).

Pure Python: no Django.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK = "…"  # what the signing office fills in by hand
# Rules are em dashes, which Times New Roman has (a box-drawing character would fall back to
# another font of another width). At 9 pt, 19 of them are as long as the motto in 14 pt bold,
# as the decree asks; 7 make the short rule under a body's name and under a subject.
RULE = "\u2014" * 7
MOTTO_RULE = "\u2014" * 19
RULE_SIZE = 9
# Column widths in cm; each pair fills the 165 mm between the margins. The motto column is
# wide enough for the country line in 13 pt bold on one line.
HEADER_COLUMNS = (6.5, 10.0)
FOOTER_COLUMNS = (7.5, 9.0)
SIGNATURES_COLUMNS = (8.25, 8.25)
SIGNING_SPACE = 4  # empty lines left for the signature and the seal


@dataclass(frozen=True)
class Heading:
    """What goes in the header of one document."""

    body: str  # the issuing body, printed in bold capitals
    place: str | None
    date: dt.date | None  # dotted blanks when None
    parent: str | None = None  # the body it belongs to, printed above it
    number: str | None = None  # "…/TB-ĐKT", printed after "Số: "; no number line when None


@dataclass(frozen=True)
class Signature:
    """One signature block: titles in bold capitals, an italic note, room to sign, the name."""

    titles: Sequence[str]  # ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    name: str = ""
    note: str = ""  # "(Ký, ghi rõ họ tên, đóng dấu)"


def new_document() -> DocumentType:
    """Return an empty A4 document with the administrative margins and font."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    # The name alone sets only the Latin slots; Vietnamese text would fall back elsewhere.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.space_before = Pt(0)
    return doc


def date_line(place: str | None, date: dt.date | None) -> str:
    """Return "Hà Giang, ngày 04 tháng 12 năm 2023", with dotted blanks when undated.

    Days below 10 and the months 1 and 2 take a leading zero (Nghị định 30/2020/NĐ-CP,
    Phụ lục I), so that nobody can add a digit in front later.
    """
    if date is None:
        when = f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    else:
        month = f"{date.month:02d}" if date.month < 3 else str(date.month)
        when = f"ngày {date.day:02d} tháng {month} năm {date.year}"
    return f"{place}, {when}" if place else when


def add_line(
    container: DocumentType | _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    space_after: float = 0,
) -> Paragraph:
    """Add a one-line paragraph without indent (header, title and signature lines)."""
    paragraph = _next_paragraph(container)
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size is not None:
        run.font.size = Pt(size)
    return paragraph


def _next_paragraph(container: DocumentType | _Cell) -> Paragraph:
    # A new cell already holds the one paragraph a cell must have: the first line goes in it.
    if isinstance(container, _Cell):
        paragraphs: list[Paragraph] = container.paragraphs
        if len(paragraphs) == 1 and not paragraphs[0].runs:
            return paragraphs[0]
    paragraph: Paragraph = container.add_paragraph()
    return paragraph


def _set_widths(table: Table, widths: Sequence[float]) -> None:
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _borderless(doc: DocumentType, widths: Sequence[float]) -> tuple[_Cell, ...]:
    """Add a one-row layout table without borders and return its cells."""
    table = doc.add_table(rows=1, cols=len(widths))
    _set_widths(table, widths)
    # Say "no borders" outright rather than rely on the template's default table style.
    properties = table._tbl.tblPr
    borders = properties.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"}))
    properties.append(borders)
    # Split over two pages, a signature block would leave the name apart from the title.
    row = table.rows[0]._tr.get_or_add_trPr()
    row.append(row.makeelement(qn("w:cantSplit"), {}))
    return tuple(table.rows[0].cells)


def add_heading(doc: DocumentType, heading: Heading) -> None:
    """Add the two-column header (issuing body and number; motto, place and date) and a
    blank line."""
    left, right = _borderless(doc, HEADER_COLUMNS)
    if heading.parent:
        add_line(left, heading.parent.upper(), size=13)
    add_line(left, heading.body.upper(), bold=True, size=13)
    add_line(left, RULE, size=RULE_SIZE)
    if heading.number is not None:
        add_line(left, f"Số: {heading.number}", size=13)
    add_line(right, COUNTRY, bold=True, size=13)
    add_line(right, MOTTO, bold=True, size=14)
    add_line(right, MOTTO_RULE, size=RULE_SIZE)
    add_line(right, date_line(heading.place, heading.date), italic=True, size=14)
    doc.add_paragraph()


def add_title(doc: DocumentType, kind: str, *subject: str) -> None:
    """Add the document type (TỜ TRÌNH, KẾ HOẠCH, PHỤ LỤC 1), its subject lines and a rule."""
    add_line(doc, kind.upper(), bold=True, size=14)
    for line in subject:
        add_line(doc, line, bold=True, size=14)
    add_line(doc, RULE, size=RULE_SIZE, space_after=6)


def add_body(doc: DocumentType, text: str, *, bold: bool = False, indent: bool = True) -> Paragraph:
    """Add a justified body paragraph, with a first-line indent unless it is a heading."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1.0) if indent else Cm(0)
    paragraph.add_run(text).bold = bold
    return paragraph


def add_placeholder(doc: DocumentType, lines: int = 3) -> None:
    """Add dotted lines for the writer to fill in."""
    for _ in range(lines):
        add_body(doc, "." * 110, indent=False)


def add_grid(
    doc: DocumentType,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    size: float = 12,
) -> Table:
    """Add a bordered table with a bold header row; a line break in a value starts a new
    paragraph of its cell."""
    table: Table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    for values in rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        for cell, text in zip(cells, values, strict=True):
            first, *more = text.split("\n")
            cell.paragraphs[0].add_run(first).font.size = Pt(size)
            for extra in more:
                cell.add_paragraph().add_run(extra).font.size = Pt(size)
    _set_widths(table, widths)
    return table


def _add_signature(cell: _Cell, signature: Signature) -> None:
    for title in signature.titles:
        add_line(cell, title.upper(), bold=True, size=14)
    if signature.note:
        add_line(cell, signature.note, italic=True, size=13)
    for _ in range(SIGNING_SPACE):
        add_line(cell, "", size=14)
    add_line(cell, signature.name, bold=True, size=14)


def add_footer(doc: DocumentType, *, recipients: Sequence[str], signature: Signature) -> None:
    """Add a blank line, then "Nơi nhận:" with the recipients and the signature block."""
    doc.add_paragraph()
    left, right = _borderless(doc, FOOTER_COLUMNS)
    if recipients:
        add_line(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
        for recipient in recipients:
            add_line(left, f"- {recipient}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _add_signature(right, signature)


def add_signatures(doc: DocumentType, left: Signature, right: Signature) -> None:
    """Add a blank line, then two signature blocks side by side (minutes, achievement
    reports)."""
    doc.add_paragraph()
    left_cell, right_cell = _borderless(doc, SIGNATURES_COLUMNS)
    _add_signature(left_cell, left)
    _add_signature(right_cell, right)


def page_break(doc: DocumentType) -> None:
    """Start a new page (annexes)."""
    doc.add_page_break()  # type: ignore[no-untyped-call]


def to_bytes(doc: DocumentType) -> bytes:
    """Return the document as .docx bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
