"""The Vietnamese administrative document layout (Nghị định 30/2020/NĐ-CP), in python-docx.

A4 paper, margins 20/20/30/15 mm, Times New Roman 13-14 pt. The header is a
borderless two-column table: the issuing body on the left (parent body in
capitals, issuing body in bold capitals, a short rule, "Số: ..."), the national
motto on the right ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do -
Hạnh phúc", a rule, then the place and date in italics). The document type and
its subject follow, centred and bold; the body is justified with a first-line
indent; the footer is another two-column table: "Nơi nhận:" on the left, the
signature block on the right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from thidua.scheduling.messages import vn_long_date

FONT = "Times New Roman"
MOTTO_COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RULE = "\u2500" * 12  # a short horizontal rule under the bodies' names


@dataclass(frozen=True)
class Heading:
    """What goes in the header of one document."""

    parent: str | None
    body: str
    number: str | None
    place: str | None
    date: dt.date | None


@dataclass(frozen=True)
class Signature:
    """The footer: recipients on the left, the signature block on the right."""

    recipients: Sequence[str]
    authority: Sequence[str]
    signer: str | None = None
    extra: Sequence[str] = field(default_factory=tuple)


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
    r_pr = style.element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:  # pragma: no cover - python-docx always writes rFonts once a name is set
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        r_fonts.set(qn(attribute), FONT)
    paragraph_format = style.paragraph_format
    paragraph_format.space_after = Pt(6)
    paragraph_format.space_before = Pt(0)
    return doc


def _line(
    container: DocumentType | _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 14,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    space_after: float = 0,
    underline: bool = False,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    run.font.name = FONT
    return paragraph


def _borderless(table: Table, widths: Sequence[float]) -> None:
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
            # python-docx gives a cell one empty paragraph; we add our own.
            cell._element.remove(cell.paragraphs[0]._element)


def add_heading(doc: DocumentType, heading: Heading) -> None:
    """Add the two-column header: issuing body and number, national motto and date."""
    table = doc.add_table(rows=1, cols=2)
    _borderless(table, (6.5, 9.5))
    left, right = table.rows[0].cells
    if heading.parent:
        _line(left, heading.parent.upper(), size=13)
    _line(left, heading.body.upper(), bold=True, size=13)
    _line(left, RULE, size=8)
    _line(left, f"Số: {heading.number or '…'}", size=13)
    _line(right, MOTTO_COUNTRY, bold=True, size=13)
    _line(right, MOTTO, bold=True, size=14)
    _line(right, RULE + RULE[:6], size=8)
    when = vn_long_date(heading.date) if heading.date else "ngày … tháng … năm …"
    place = f"{heading.place}, " if heading.place else ""
    _line(right, f"{place}{when}", italic=True, size=14)
    doc.add_paragraph()


def add_title(doc: DocumentType, kind: str, subject: str) -> None:
    """Add the document type (KẾ HOẠCH, THÔNG BÁO, BÁO CÁO) and its subject."""
    _line(doc, kind.upper(), bold=True, size=14)
    _line(doc, subject, bold=True, size=14)
    _line(doc, RULE, size=8, space_after=6)


def add_body(doc: DocumentType, text: str, *, bold: bool = False, indent: bool = True) -> Paragraph:
    """Add a justified body paragraph with a first-line indent."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1.0) if indent else Cm(0)
    paragraph.paragraph_format.space_after = Pt(6)
    run = paragraph.add_run(text)
    run.bold = bold
    return paragraph


def add_placeholder(doc: DocumentType, lines: int = 3) -> None:
    """Add dotted lines for the team to fill in."""
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
    """Add a bordered table with a bold header row."""
    table: Table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    for values in rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        for cell, text, width in zip(cells, values, widths, strict=True):
            cell.width = Cm(width)
            lines = text.split("\n")
            cell.paragraphs[0].add_run(lines[0]).font.size = Pt(size)
            for extra in lines[1:]:
                cell.add_paragraph().add_run(extra).font.size = Pt(size)
    return table


def add_signature(doc: DocumentType, signature: Signature) -> None:
    """Add the footer: "Nơi nhận:" and the signature block."""
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    _borderless(table, (7.5, 8.5))
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for recipient in signature.recipients:
        _line(left, f"- {recipient}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for title in signature.authority:
        _line(right, title.upper(), bold=True, size=14)
    for text in signature.extra:
        _line(right, text, italic=True, size=13)
    for _ in range(4):
        _line(right, "", size=14)
    _line(right, signature.signer or "", bold=True, size=14)


def page_break(doc: DocumentType) -> None:
    """Start a new page (annexes)."""
    doc.add_page_break()  # type: ignore[no-untyped-call]
