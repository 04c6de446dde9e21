"""Award dossier documents in the Vietnamese administrative layout, with python-docx.

Section V.2 of the Hà Giang plan lists the documents of an award dossier:

* the submission ("Tờ trình đề nghị khen thưởng"),
* the minutes of the emulation and awards council ("Biên bản họp Hội đồng Thi
  đua - Khen thưởng"),
* one achievement report per collective and per individual ("Báo cáo thành
  tích", form No. 07 of Decree 91/2017/NĐ-CP: awards for an emulation campaign
  or a theme). The submission and the minutes list the individuals after the
  collectives.

Every document has the layout of Decree 30/2020/NĐ-CP: A4, margins 20/20 mm
top and bottom, 30 mm left, 15 mm right, Times New Roman; a borderless header
table with the issuing body on the left (the body above it, the body in bold
capitals, a short rule, "Số: …") and the national motto on the right
("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do - Hạnh phúc", a rule,
then place and date in italics); the document's name and subject centred in
bold; the body justified; then "Nơi nhận:" on the left and the signature
block on the right. Numbers and dates the signing office fills in by hand
(the document number, the day of signature) are left as dotted blanks.

Everything printed comes from the caller: scores, ranks and gate results
are computed by :mod:`thidua.scoring` and :mod:`thidua.awards`; this module
only lays them out. Pure Python: no Django. Each writer returns the .docx bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from thidua.scoring.text import num_vi

FONT = "Times New Roman"
COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK = "…"


@dataclass(frozen=True)
class Issuer:
    """Who issues the document: "UBND TỈNH HÀ GIANG" / "CÔNG AN TỈNH", symbol "TTr-CAT"."""

    body: str
    symbol: str
    place: str
    parent: str | None = None
    name: str = ""  # how the body names itself in sentences ("Công an tỉnh"); default: body
    number: str | None = None  # filled in at signature: "Số: …/TTr-CAT" when None
    date: dt.date | None = None  # "…, ngày … tháng … năm …" when None


@dataclass(frozen=True)
class Signer:
    """The signature block: "GIÁM ĐỐC" / "(Ký, đóng dấu)" / the name."""

    title: str
    name: str = ""
    on_behalf: str | None = None  # "KT. GIÁM ĐỐC" line above the title, if any


@dataclass(frozen=True)
class GateLine:
    """One award condition as the gate check reported it."""

    label: str
    explanation: str
    passed: bool


@dataclass(frozen=True)
class Subtotal:
    code: str
    title: str
    points: Decimal


@dataclass(frozen=True)
class Nominee:
    """A collective proposed for a form, with the figures behind the proposal."""

    name: str
    parent: str
    form: str
    rank: int
    nominees: int
    rank_overall: int
    units: int
    total: Decimal
    max_points: Decimal | None = None
    subtotals: tuple[Subtotal, ...] = ()
    gates: tuple[GateLine, ...] = ()
    highlights: tuple[str, ...] = ()  # models, reports on time, tasks done …
    address: str = ""


@dataclass(frozen=True)
class Person:
    """An individual proposed for a form: who they are, and their unit's figures.

    People are not scored: they are ranked by their unit's result (docs/awards.md,
    "Individuals"), so the report cites the unit's total and rank.
    """

    name: str
    position: str
    unit: str  # "UBND xã Lũng Cú"
    unit_parent: str
    form: str
    rank: int  # position among the level's nominated individuals
    nominees: int
    proposer: str = ""  # the unit that nominated them ("Huyện Đồng Văn")
    achievements: str = ""  # as the proposer wrote it; paragraphs on separate lines
    unit_total: Decimal | None = None
    unit_max_points: Decimal | None = None
    unit_rank_overall: int | None = None
    units: int | None = None


@dataclass(frozen=True)
class Campaign:
    """The campaign the dossier is for: "Phong trào thi đua thực hiện Đề án 06 năm 2023"."""

    title: str
    plan: str  # "Kế hoạch số 186/KH-UBND ngày 14/6/2023 của UBND tỉnh Hà Giang"
    year: int
    level: str  # "cấp xã"


@dataclass(frozen=True)
class Meeting:
    """The council meeting the minutes record."""

    date: dt.date | None
    place: str
    chair: str
    secretary: str
    attendees: int | None = None
    members: int | None = None
    started: str = ""
    ended: str = ""
    extra_lines: tuple[str, ...] = field(default_factory=tuple)


# --- layout ----------------------------------------------------------------------------------


def _new() -> DocumentType:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(4)
    return doc


def _para(
    container: DocumentType | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
) -> Paragraph:
    p = container.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold = bold
        run.italic = italic
        if size is not None:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Mm(10)
    return p


def _first(cell: _Cell, text: str, *, bold: bool = False, size: float | None = None) -> None:
    p = cell.paragraphs[0]
    run = p.add_run(text)
    run.bold = bold
    if size is not None:
        run.font.size = Pt(size)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _no_borders(table: object) -> None:
    tbl = table._tbl  # type: ignore[attr-defined]
    props = tbl.tblPr
    borders = props.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"}))
    props.append(borders)


def date_line(place: str, date: dt.date | None) -> str:
    """ "Hà Giang, ngày 04 tháng 12 năm 2023", or with dotted blanks when undated."""
    if date is None:
        return f"{place}, ngày {BLANK} tháng {BLANK} năm {BLANK}"
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"


def number_line(issuer: Issuer) -> str:
    return f"Số: {issuer.number}" if issuer.number else f"Số: {BLANK}/{issuer.symbol}"


def _header(doc: DocumentType, issuer: Issuer, *, with_number: bool = True) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    if issuer.parent:
        _first(left, issuer.parent.upper(), size=12)
        _para(left, issuer.body.upper(), bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    else:
        _first(left, issuer.body.upper(), bold=True, size=12)
    _para(left, "———————", align=WD_ALIGN_PARAGRAPH.CENTER, size=9)
    if with_number:
        _para(left, number_line(issuer), align=WD_ALIGN_PARAGRAPH.CENTER)
    _first(right, COUNTRY, bold=True, size=12)
    _para(right, MOTTO, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(right, "———————————————", align=WD_ALIGN_PARAGRAPH.CENTER, size=9)
    _para(right, date_line(issuer.place, issuer.date), italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _title(doc: DocumentType, name: str, *subject: str) -> None:
    _para(doc, "")
    _para(doc, name, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in subject:
        _para(doc, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "———————", align=WD_ALIGN_PARAGRAPH.CENTER, size=9)


def _body(doc: DocumentType, text: str) -> Paragraph:
    return _para(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)


def _footer(
    doc: DocumentType, recipients: Sequence[str], signer: Signer, *, left_title: str = "Nơi nhận:"
) -> None:
    _para(doc, "")
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    if recipients:
        p = left.paragraphs[0]
        run = p.add_run(left_title)
        run.bold = True
        run.italic = True
        run.font.size = Pt(12)
        for r in recipients:
            _para(left, f"- {r}", size=11)
    if signer.on_behalf:
        _first(right, signer.on_behalf.upper(), bold=True)
        _para(right, signer.title.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    else:
        _first(right, signer.title.upper(), bold=True)
    _para(
        right,
        "(Ký, ghi rõ họ tên, đóng dấu)",
        italic=True,
        size=12,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    for _ in range(3):
        _para(right, "")
    _para(right, signer.name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _table(doc: DocumentType, head: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        _first(cell, text, bold=True, size=12)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.paragraphs[0].add_run(text).font.size = Pt(12)


def _bytes(doc: DocumentType) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def pts(value: Decimal) -> str:
    """Points the Vietnamese way, to 2 decimals at most ("87,5")."""
    return num_vi(value, places=2)


# --- the three documents ---------------------------------------------------------------------


def submission(
    *,
    issuer: Issuer,
    signer: Signer,
    campaign: Campaign,
    addressee: str,
    form: str,
    nominees: Sequence[Nominee],
    recipients: Sequence[str] = ("Như trên", "Lưu: VT"),
    individuals: Sequence[Person] = (),
) -> bytes:
    """The "Tờ trình đề nghị khen thưởng" for the nominees of one level and form(s): the
    collectives, then the individuals."""
    doc = _new()
    _header(doc, issuer)
    who = "tập thể, cá nhân" if individuals else "tập thể"
    _title(
        doc,
        "TỜ TRÌNH",
        f"Về việc đề nghị khen thưởng {who} có thành tích xuất sắc trong {campaign.title}",
    )
    _para(doc, f"Kính gửi: {addressee}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _body(doc, f"Căn cứ {campaign.plan};")
    _body(
        doc,
        f"Căn cứ kết quả chấm điểm, xếp hạng và các chỉ tiêu phải hoàn thành của các tập thể {campaign.level} "
        f"trong {campaign.title}; căn cứ biên bản họp Hội đồng Thi đua - Khen thưởng,",
    )
    counted = f"{len(nominees):02d} tập thể {campaign.level}"
    if individuals:
        counted = (
            f"{len(nominees):02d} tập thể và {len(individuals):02d} cá nhân {campaign.level}"
            if nominees
            else f"{len(individuals):02d} cá nhân {campaign.level}"
        )
    _body(
        doc,
        f"{issuer.name or issuer.body} kính trình {addressee} xem xét, "
        f"đề nghị tặng {form} cho {counted} có thành tích xuất sắc, cụ thể:",
    )
    if individuals:
        _para(doc, "1. Tập thể", bold=True)
    _table(
        doc,
        ("TT", "Tên tập thể", "Trực thuộc", "Tổng điểm", "Xếp hạng", "Hình thức đề nghị"),
        [
            (
                str(i),
                n.name,
                n.parent,
                pts(n.total),
                f"{n.rank}/{n.nominees}",
                n.form,
            )
            for i, n in enumerate(nominees, start=1)
        ],
    )
    if individuals:
        _para(doc, "2. Cá nhân", bold=True)
        _table(
            doc,
            ("TT", "Họ và tên", "Chức vụ", "Đơn vị", "Thứ tự", "Hình thức đề nghị"),
            [
                (str(i), p.name, p.position, p.unit, f"{p.rank}/{p.nominees}", p.form)
                for i, p in enumerate(individuals, start=1)
            ],
        )
    _body(
        doc,
        f"(Có báo cáo thành tích của từng {who} và biên bản họp Hội đồng Thi đua - Khen thưởng kèm theo.)",
    )
    _body(doc, f"Kính trình {addressee} xem xét, quyết định./.")
    _footer(doc, recipients, signer)
    return _bytes(doc)


def council_minutes(
    *,
    issuer: Issuer,
    meeting: Meeting,
    campaign: Campaign,
    nominees: Sequence[Nominee],
    considered: int,
    individuals: Sequence[Person] = (),
    individuals_considered: int = 0,
) -> bytes:
    """The "Biên bản họp Hội đồng Thi đua - Khen thưởng" that chose the nominees: the
    collectives, then the individuals."""
    doc = _new()
    _header(doc, issuer)
    _title(
        doc,
        "BIÊN BẢN",
        "Họp Hội đồng Thi đua - Khen thưởng",
        f"xét đề nghị khen thưởng {campaign.title}",
    )
    when = (
        f"ngày {meeting.date.day:02d}/{meeting.date.month:02d}/{meeting.date.year}"
        if meeting.date
        else f"ngày {BLANK}/{BLANK}/{BLANK}"
    )
    _body(doc, f"Thời gian: {meeting.started or BLANK} giờ, {when}.")
    _body(doc, f"Địa điểm: {meeting.place}.")
    _body(doc, f"Chủ trì: {meeting.chair}. Thư ký: {meeting.secretary}.")
    present = meeting.attendees if meeting.attendees is not None else BLANK
    total = meeting.members if meeting.members is not None else BLANK
    _body(doc, f"Thành phần: {present}/{total} thành viên Hội đồng có mặt.")
    for line in meeting.extra_lines:
        _body(doc, line)
    _para(doc, "NỘI DUNG", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _body(
        doc,
        f"Căn cứ {campaign.plan}, Hội đồng đã xem xét kết quả chấm điểm, xếp hạng của {considered} tập thể "
        f"{campaign.level} và việc hoàn thành các chỉ tiêu phải hoàn thành. Các tập thể được đề nghị "
        "đều đạt đủ các chỉ tiêu phải hoàn thành và có tổng điểm cao nhất theo số lượng khen thưởng được giao.",
    )
    if individuals:
        _body(
            doc,
            f"Hội đồng đã xem xét {individuals_considered or len(individuals)} cá nhân do các "
            "đơn vị đề cử, xếp theo kết quả của đơn vị nơi cá nhân công tác rồi theo thứ tự "
            "ưu tiên của đơn vị đề cử, trong số lượng khen thưởng cá nhân được giao.",
        )
    _body(doc, "Hội đồng thống nhất đề nghị khen thưởng các tập thể sau:")
    _table(
        doc,
        ("TT", "Tên tập thể", "Tổng điểm", "Hạng chung", "Hình thức đề nghị", "Tỷ lệ nhất trí"),
        [
            (str(i), n.name, pts(n.total), f"{n.rank_overall}/{n.units}", n.form, f"{BLANK}%")
            for i, n in enumerate(nominees, start=1)
        ],
    )
    if individuals:
        _body(doc, "Hội đồng thống nhất đề nghị khen thưởng các cá nhân sau:")
        _table(
            doc,
            ("TT", "Họ và tên", "Chức vụ, đơn vị", "Thứ tự", "Hình thức đề nghị", "Tỷ lệ nhất trí"),
            [
                (
                    str(i),
                    p.name,
                    ", ".join(x for x in (p.position, p.unit) if x),
                    f"{p.rank}/{p.nominees}",
                    p.form,
                    f"{BLANK}%",
                )
                for i, p in enumerate(individuals, start=1)
            ],
        )
    _body(
        doc,
        f"Biên bản kết thúc lúc {meeting.ended or BLANK} giờ cùng ngày, đã thông qua cho các thành viên "
        "dự họp cùng nghe và nhất trí./.",
    )
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _first(left, "THƯ KÝ", bold=True)
    _para(left, "(Ký, ghi rõ họ tên)", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, "\n\n" + meeting.secretary, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _first(right, "CHỦ TRÌ", bold=True)
    _para(right, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(right, "\n\n" + meeting.chair, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    return _bytes(doc)


def achievement_report(
    *,
    issuer: Issuer,
    signer: Signer,
    campaign: Campaign,
    nominee: Nominee,
    confirmer: str = "",
) -> bytes:
    """Form No. 07 (Decree 91/2017/NĐ-CP): a collective's achievement report for a campaign."""
    doc = _new()
    _para(doc, "Mẫu số 07", italic=True, size=11, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _header(doc, issuer, with_number=False)
    _title(
        doc,
        "BÁO CÁO THÀNH TÍCH",
        f"ĐỀ NGHỊ TẶNG {nominee.form.upper()}",
        f"(Thành tích trong {campaign.title})",
    )
    _para(doc, f"Tên tập thể đề nghị: {nominee.name}", bold=True)
    _para(doc, "I. SƠ LƯỢC LÝ LỊCH", bold=True)
    _body(doc, f"- Tên đơn vị: {nominee.name}; trực thuộc: {nominee.parent}.")
    _body(doc, f"- Địa chỉ: {nominee.address or BLANK}; điện thoại: {BLANK}.")
    _body(
        doc,
        f"- Chức năng, nhiệm vụ được giao trong phong trào: thực hiện các chỉ tiêu, nhiệm vụ theo {campaign.plan}.",
    )
    _para(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True)
    out_of = f"/{pts(nominee.max_points)}" if nominee.max_points is not None else ""
    _body(
        doc,
        f"1. Kết quả chấm điểm: tổng {pts(nominee.total)}{out_of} điểm; xếp hạng chung "
        f"{nominee.rank_overall}/{nominee.units} tập thể {campaign.level}; xếp hạng "
        f"{nominee.rank}/{nominee.nominees} trong số tập thể được đề cử.",
    )
    if nominee.subtotals:
        _table(
            doc,
            ("Mục", "Nội dung", "Điểm"),
            [(s.code, s.title, pts(s.points)) for s in nominee.subtotals],
        )
    if nominee.gates:
        _body(doc, "2. Các chỉ tiêu phải hoàn thành:")
        for g in nominee.gates:
            mark = "đạt" if g.passed else "không đạt"
            _body(doc, f"- {g.label}: {g.explanation} ({mark}).")
    if nominee.highlights:
        _body(doc, f"{3 if nominee.gates else 2}. Các giải pháp, mô hình, kết quả nổi bật:")
        for h in nominee.highlights:
            _body(doc, f"- {h}")
    _para(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True)
    _body(doc, BLANK)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _first(left, "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", bold=True, size=12)
    _para(left, "(Ký, đóng dấu)", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if confirmer:
        _para(left, "\n\n" + confirmer, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _first(right, "THỦ TRƯỞNG ĐƠN VỊ", bold=True, size=12)
    _para(right, "(Ký, đóng dấu)", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(right, "\n\n" + signer.name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    return _bytes(doc)


def individual_report(
    *,
    issuer: Issuer,
    campaign: Campaign,
    person: Person,
    confirmer: str = "",
) -> bytes:
    """Form No. 07 (Decree 91/2017/NĐ-CP) for an individual, pre-filled from the nomination and
    the unit's result; what the platform does not hold (date of birth, home town …) is left
    as dotted blanks for the person to fill in. ``issuer`` is the person's unit."""
    doc = _new()
    _para(doc, "Mẫu số 07", italic=True, size=11, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _header(doc, issuer, with_number=False)
    _title(
        doc,
        "BÁO CÁO THÀNH TÍCH",
        f"ĐỀ NGHỊ TẶNG {person.form.upper()}",
        f"(Thành tích trong {campaign.title})",
    )
    who = ", ".join(x for x in (person.name, person.position, person.unit) if x)
    _para(doc, f"Họ tên, chức vụ và đơn vị đề nghị khen thưởng: {who}", bold=True)
    _para(doc, "I. SƠ LƯỢC LÝ LỊCH", bold=True)
    _body(doc, f"- Họ và tên: {person.name}; giới tính: {BLANK}.")
    _body(doc, f"- Ngày, tháng, năm sinh: {BLANK}; quê quán: {BLANK}.")
    _body(doc, f"- Nơi thường trú: {BLANK}.")
    _body(doc, f"- Chức vụ: {person.position or BLANK}.")
    where = ", ".join(x for x in (person.unit, person.unit_parent) if x)
    _body(doc, f"- Đơn vị công tác: {where}.")
    _body(doc, f"- Trình độ chuyên môn, nghiệp vụ: {BLANK}; lý luận chính trị: {BLANK}.")
    _para(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True)
    _body(
        doc,
        f"1. Chức trách, nhiệm vụ được giao: thực hiện các chỉ tiêu, nhiệm vụ theo {campaign.plan} "
        f"tại {person.unit}.",
    )
    _body(doc, "2. Thành tích đạt được:")
    lines = [line.strip() for line in person.achievements.splitlines() if line.strip()]
    for line in lines or [BLANK]:
        _body(doc, line if line.startswith(("-", "+", "•")) else f"- {line}")
    if person.unit_total is not None and person.unit_rank_overall is not None:
        out_of = f"/{pts(person.unit_max_points)}" if person.unit_max_points is not None else ""
        _body(
            doc,
            f"3. Kết quả của đơn vị: {person.unit} đạt tổng {pts(person.unit_total)}{out_of} điểm; "
            f"xếp hạng chung {person.unit_rank_overall}/{person.units} đơn vị {campaign.level}.",
        )
    by = f"được {person.proposer} đề cử; " if person.proposer else ""
    _body(
        doc,
        f"{4 if person.unit_total is not None else 3}. Đề cử: {by}thứ tự "
        f"{person.rank}/{person.nominees} trong số cá nhân được đề cử.",
    )
    _para(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True)
    _body(doc, BLANK)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _first(left, "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ", bold=True, size=12)
    _para(left, "(Ký, đóng dấu)", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if confirmer:
        _para(left, "\n\n" + confirmer, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _first(right, "NGƯỜI BÁO CÁO THÀNH TÍCH", bold=True, size=12)
    _para(right, "(Ký, ghi rõ họ và tên)", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(right, "\n\n" + person.name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    return _bytes(doc)


def all_text(data: bytes) -> str:
    """Every paragraph of a .docx, table cells included, one per line (for checks and previews)."""
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)
