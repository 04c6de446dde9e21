"""Award dossier documents in the Vietnamese administrative layout, with python-docx.

Section V.2 of the Hà Giang plan lists the documents of an award dossier:

* the submission ("Tờ trình đề nghị khen thưởng"),
* the minutes of the emulation and awards council ("Biên bản họp Hội đồng Thi
  đua - Khen thưởng"),
* one achievement report per collective and per individual ("Báo cáo thành
  tích", form No. 07 of Decree 91/2017/NĐ-CP: awards for an emulation campaign
  or a theme). The submission and the minutes list the individuals after the
  collectives.

Every document has the layout of Decree 30/2020/NĐ-CP, as
:mod:`thidua.exports.docx_layout` draws it. Numbers and dates the signing office
fills in by hand (the document number, the day of signature) are left as dotted
blanks.

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
from docx.enum.text import WD_ALIGN_PARAGRAPH

from thidua.exports.docx_layout import (
    BLANK,
    Heading,
    Signature,
    add_body,
    add_footer,
    add_grid,
    add_heading,
    add_line,
    add_signatures,
    add_title,
    new_document,
    to_bytes,
)
from thidua.scoring.text import num_vi


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


# --- from the dossier's data to the layout's parts ---------------------------------------------

SIGN_AND_SEAL = "(Ký, ghi rõ họ tên, đóng dấu)"
SEAL = "(Ký, đóng dấu)"


def _heading(issuer: Issuer, *, numbered: bool = True) -> Heading:
    """The header of a document the issuer signs; an achievement report has no number."""
    number = issuer.number or f"{BLANK}/{issuer.symbol}"
    return Heading(
        body=issuer.body,
        parent=issuer.parent,
        number=number if numbered else None,
        place=issuer.place,
        date=issuer.date,
    )


def _signature(signer: Signer) -> Signature:
    titles = (signer.on_behalf, signer.title) if signer.on_behalf else (signer.title,)
    return Signature(titles=titles, name=signer.name, note=SIGN_AND_SEAL)


def _form_07(issuer: Issuer, campaign: Campaign, form: str) -> DocumentType:
    """A new achievement report (form No. 07 of Decree 91/2017/NĐ-CP) up to its title."""
    doc = new_document()
    add_line(doc, "Mẫu số 07", italic=True, size=11, align=WD_ALIGN_PARAGRAPH.RIGHT)
    add_heading(doc, _heading(issuer, numbered=False))
    add_title(
        doc,
        "BÁO CÁO THÀNH TÍCH",
        f"ĐỀ NGHỊ TẶNG {form.upper()}",
        f"(Thành tích trong {campaign.title})",
    )
    return doc


def _form_07_end(doc: DocumentType, confirmation: Signature, signature: Signature) -> None:
    """Section III, left for the writer to fill in, and the two signatures."""
    add_body(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True, indent=False)
    add_body(doc, BLANK)
    add_signatures(doc, confirmation, signature)


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
    doc = new_document()
    add_heading(doc, _heading(issuer))
    who = "tập thể, cá nhân" if individuals else "tập thể"
    add_title(
        doc,
        "TỜ TRÌNH",
        f"Về việc đề nghị khen thưởng {who} có thành tích xuất sắc trong {campaign.title}",
    )
    add_line(doc, f"Kính gửi: {addressee}", space_after=6)
    add_body(doc, f"Căn cứ {campaign.plan};")
    add_body(
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
    add_body(
        doc,
        f"{issuer.name or issuer.body} kính trình {addressee} xem xét, "
        f"đề nghị tặng {form} cho {counted} có thành tích xuất sắc, cụ thể:",
    )
    if individuals:
        add_body(doc, "1. Tập thể", bold=True, indent=False)
    add_grid(
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
        (1.0, 4.0, 3.0, 2.0, 2.0, 4.5),
    )
    if individuals:
        add_body(doc, "2. Cá nhân", bold=True, indent=False)
        add_grid(
            doc,
            ("TT", "Họ và tên", "Chức vụ", "Đơn vị", "Thứ tự", "Hình thức đề nghị"),
            [
                (str(i), p.name, p.position, p.unit, f"{p.rank}/{p.nominees}", p.form)
                for i, p in enumerate(individuals, start=1)
            ],
            (1.0, 3.5, 3.0, 3.5, 1.8, 3.7),
        )
    add_body(
        doc,
        f"(Có báo cáo thành tích của từng {who} và biên bản họp Hội đồng Thi đua - Khen thưởng kèm theo.)",
    )
    add_body(doc, f"Kính trình {addressee} xem xét, quyết định./.")
    add_footer(doc, recipients=recipients, signature=_signature(signer))
    return to_bytes(doc)


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
    doc = new_document()
    add_heading(doc, _heading(issuer))
    add_title(
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
    add_body(doc, f"Thời gian: {meeting.started or BLANK} giờ, {when}.")
    add_body(doc, f"Địa điểm: {meeting.place}.")
    add_body(doc, f"Chủ trì: {meeting.chair}. Thư ký: {meeting.secretary}.")
    present = meeting.attendees if meeting.attendees is not None else BLANK
    total = meeting.members if meeting.members is not None else BLANK
    add_body(doc, f"Thành phần: {present}/{total} thành viên Hội đồng có mặt.")
    for line in meeting.extra_lines:
        add_body(doc, line)
    add_line(doc, "NỘI DUNG", bold=True, space_after=6)
    add_body(
        doc,
        f"Căn cứ {campaign.plan}, Hội đồng đã xem xét kết quả chấm điểm, xếp hạng của {considered} tập thể "
        f"{campaign.level} và việc hoàn thành các chỉ tiêu phải hoàn thành. Các tập thể được đề nghị "
        "đều đạt đủ các chỉ tiêu phải hoàn thành và có tổng điểm cao nhất theo số lượng khen thưởng được giao.",
    )
    if individuals:
        add_body(
            doc,
            f"Hội đồng đã xem xét {individuals_considered or len(individuals)} cá nhân do các "
            "đơn vị đề cử, xếp theo kết quả của đơn vị nơi cá nhân công tác rồi theo thứ tự "
            "ưu tiên của đơn vị đề cử, trong số lượng khen thưởng cá nhân được giao.",
        )
    add_body(doc, "Hội đồng thống nhất đề nghị khen thưởng các tập thể sau:")
    add_grid(
        doc,
        ("TT", "Tên tập thể", "Tổng điểm", "Hạng chung", "Hình thức đề nghị", "Tỷ lệ nhất trí"),
        [
            (str(i), n.name, pts(n.total), f"{n.rank_overall}/{n.units}", n.form, f"{BLANK}%")
            for i, n in enumerate(nominees, start=1)
        ],
        (1.0, 4.5, 2.0, 2.0, 4.5, 2.5),
    )
    if individuals:
        add_body(doc, "Hội đồng thống nhất đề nghị khen thưởng các cá nhân sau:")
        add_grid(
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
            (1.0, 3.5, 4.0, 1.5, 4.0, 2.5),
        )
    add_body(
        doc,
        f"Biên bản kết thúc lúc {meeting.ended or BLANK} giờ cùng ngày, đã thông qua cho các thành viên "
        "dự họp cùng nghe và nhất trí./.",
    )
    add_signatures(
        doc,
        Signature(titles=("Thư ký",), name=meeting.secretary, note="(Ký, ghi rõ họ tên)"),
        Signature(titles=("Chủ trì",), name=meeting.chair, note=SIGN_AND_SEAL),
    )
    return to_bytes(doc)


def achievement_report(
    *,
    issuer: Issuer,
    signer: Signer,
    campaign: Campaign,
    nominee: Nominee,
    confirmer: str = "",
) -> bytes:
    """Form No. 07 (Decree 91/2017/NĐ-CP): a collective's achievement report for a campaign."""
    doc = _form_07(issuer, campaign, nominee.form)
    add_body(doc, f"Tên tập thể đề nghị: {nominee.name}", bold=True, indent=False)
    add_body(doc, "I. SƠ LƯỢC LÝ LỊCH", bold=True, indent=False)
    add_body(doc, f"- Tên đơn vị: {nominee.name}; trực thuộc: {nominee.parent}.")
    add_body(doc, f"- Địa chỉ: {nominee.address or BLANK}; điện thoại: {BLANK}.")
    add_body(
        doc,
        f"- Chức năng, nhiệm vụ được giao trong phong trào: thực hiện các chỉ tiêu, nhiệm vụ theo {campaign.plan}.",
    )
    add_body(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, indent=False)
    out_of = f"/{pts(nominee.max_points)}" if nominee.max_points is not None else ""
    add_body(
        doc,
        f"1. Kết quả chấm điểm: tổng {pts(nominee.total)}{out_of} điểm; xếp hạng chung "
        f"{nominee.rank_overall}/{nominee.units} tập thể {campaign.level}; xếp hạng "
        f"{nominee.rank}/{nominee.nominees} trong số tập thể được đề cử.",
    )
    if nominee.subtotals:
        add_grid(
            doc,
            ("Mục", "Nội dung", "Điểm"),
            [(s.code, s.title, pts(s.points)) for s in nominee.subtotals],
            (1.5, 12.0, 3.0),
        )
    if nominee.gates:
        add_body(doc, "2. Các chỉ tiêu phải hoàn thành:")
        for g in nominee.gates:
            mark = "đạt" if g.passed else "không đạt"
            add_body(doc, f"- {g.label}: {g.explanation} ({mark}).")
    if nominee.highlights:
        add_body(doc, f"{3 if nominee.gates else 2}. Các giải pháp, mô hình, kết quả nổi bật:")
        for h in nominee.highlights:
            add_body(doc, f"- {h}")
    _form_07_end(
        doc,
        Signature(titles=("Xác nhận của cấp trình khen thưởng",), name=confirmer, note=SEAL),
        Signature(titles=("Thủ trưởng đơn vị",), name=signer.name, note=SEAL),
    )
    return to_bytes(doc)


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
    doc = _form_07(issuer, campaign, person.form)
    who = ", ".join(x for x in (person.name, person.position, person.unit) if x)
    add_body(doc, f"Họ tên, chức vụ và đơn vị đề nghị khen thưởng: {who}", bold=True, indent=False)
    add_body(doc, "I. SƠ LƯỢC LÝ LỊCH", bold=True, indent=False)
    add_body(doc, f"- Họ và tên: {person.name}; giới tính: {BLANK}.")
    add_body(doc, f"- Ngày, tháng, năm sinh: {BLANK}; quê quán: {BLANK}.")
    add_body(doc, f"- Nơi thường trú: {BLANK}.")
    add_body(doc, f"- Chức vụ: {person.position or BLANK}.")
    where = ", ".join(x for x in (person.unit, person.unit_parent) if x)
    add_body(doc, f"- Đơn vị công tác: {where}.")
    add_body(doc, f"- Trình độ chuyên môn, nghiệp vụ: {BLANK}; lý luận chính trị: {BLANK}.")
    add_body(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, indent=False)
    add_body(
        doc,
        f"1. Chức trách, nhiệm vụ được giao: thực hiện các chỉ tiêu, nhiệm vụ theo {campaign.plan} "
        f"tại {person.unit}.",
    )
    add_body(doc, "2. Thành tích đạt được:")
    lines = [line.strip() for line in person.achievements.splitlines() if line.strip()]
    for line in lines or [BLANK]:
        add_body(doc, line if line.startswith(("-", "+", "•")) else f"- {line}")
    if person.unit_total is not None and person.unit_rank_overall is not None:
        out_of = f"/{pts(person.unit_max_points)}" if person.unit_max_points is not None else ""
        add_body(
            doc,
            f"3. Kết quả của đơn vị: {person.unit} đạt tổng {pts(person.unit_total)}{out_of} điểm; "
            f"xếp hạng chung {person.unit_rank_overall}/{person.units} đơn vị {campaign.level}.",
        )
    by = f"được {person.proposer} đề cử; " if person.proposer else ""
    add_body(
        doc,
        f"{4 if person.unit_total is not None else 3}. Đề cử: {by}thứ tự "
        f"{person.rank}/{person.nominees} trong số cá nhân được đề cử.",
    )
    _form_07_end(
        doc,
        Signature(titles=("Thủ trưởng đơn vị xác nhận, đề nghị",), name=confirmer, note=SEAL),
        Signature(
            titles=("Người báo cáo thành tích",), name=person.name, note="(Ký, ghi rõ họ và tên)"
        ),
    )
    return to_bytes(doc)


def all_text(data: bytes) -> str:
    """Every paragraph of a .docx, table cells included, one per line (for checks and previews)."""
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)
