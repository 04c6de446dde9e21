"""Word documents of an inspection plan: the plan, visit notices, result notices, reports.

Each function returns a python-docx Document laid out by
:mod:`thidua.exports.docx_layout`; :func:`document_bundle` returns
every file of a plan (Word and Excel) as bytes keyed by a relative path. The
findings of an inspection are not known to the scheduler, so result notices
and reports carry dotted lines where the team writes them.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocumentType

from thidua.exports.docx_layout import (
    BLANK,
    Heading,
    Signature,
    add_body,
    add_footer,
    add_grid,
    add_heading,
    add_placeholder,
    add_title,
    new_document,
    page_break,
    to_bytes,
)
from thidua.scheduling.messages import vn_date, vn_weekday
from thidua.scheduling.outlines import Outline, Question, outlines_for_plan
from thidua.scheduling.plan import COMMUNE_KINDS, Plan, Team
from thidua.scheduling.schedule import Schedule, Visit

PROGRAMME = "Đề án 06"


def _issuer(plan: Plan) -> tuple[str | None, str, str | None]:
    body = plan.issuing_body
    if body is None:
        return None, "Tổ công tác Đề án 06", None
    return body.parent, body.name, body.place


def _plan_reference(plan: Plan) -> str:
    number = plan.document_number or "…"
    issuer = plan.issuing_body.name if plan.issuing_body else "Tổ công tác Đề án 06"
    when = f" ngày {vn_date(plan.document_date)}" if plan.document_date else ""
    return f"Kế hoạch số {number}{when} của {issuer}"


def _outline_code(plan: Plan, unit: str) -> str:
    return "B" if plan.unit(unit).kind in COMMUNE_KINDS else "A"


def _split_units(plan: Plan, units: Sequence[str]) -> tuple[list[str], list[str]]:
    offices = [plan.unit_name(u) for u in units if plan.unit(u).kind not in COMMUNE_KINDS]
    communes = [plan.unit_name(u) for u in units if plan.unit(u).kind in COMMUNE_KINDS]
    return offices, communes


def plan_document(plan: Plan, result: Schedule | None = None) -> DocumentType:
    """Return the plan with its annex of teams and, if given, the schedule."""
    doc = new_document()
    parent, body, place = _issuer(plan)
    add_heading(
        doc,
        Heading(
            parent=parent,
            body=body,
            number=plan.document_number or BLANK,
            place=place,
            date=plan.document_date,
        ),
    )
    subject = plan.title
    if subject.lower().startswith("kế hoạch "):  # "KẾ HOẠCH" is already the document type
        subject = subject[len("kế hoạch ") :]
        subject = subject[:1].upper() + subject[1:]
    add_title(doc, "Kế hoạch", subject)
    outlines = outlines_for_plan(plan)
    n_days = len(plan.calendar().working_days(plan.window_start, plan.window_end))
    add_body(doc, "I. THỜI GIAN KIỂM TRA", bold=True, indent=False)
    add_body(
        doc,
        f"Thực hiện kiểm tra từ ngày {vn_date(plan.window_start)} đến hết ngày "
        f"{vn_date(plan.window_end)} ({n_days} ngày làm việc), tại trụ sở các cơ quan, đơn vị "
        "được kiểm tra.",
    )
    add_body(doc, "II. THÀNH PHẦN ĐOÀN KIỂM TRA, ĐỐI TƯỢNG KIỂM TRA", bold=True, indent=False)
    leads = ", ".join(plan.unit_name(t.lead) for t in plan.teams)
    add_body(
        doc,
        f"Thành lập {len(plan.teams):02d} Đoàn kiểm tra do lãnh đạo {leads} làm Trưởng đoàn. "
        "Thư ký Đoàn kiểm tra là cán bộ, chuyên viên thuộc đơn vị được phân công là trưởng đoàn "
        "(Danh sách Đoàn kiểm tra tại Phụ lục 1 kèm theo Kế hoạch này).",
    )
    add_body(doc, "III. TỔ CHỨC THỰC HIỆN", bold=True, indent=False)
    agency = ""
    if plan.issuing_body and plan.issuing_body.standing_agency:
        agency = f" ({plan.unit_name(plan.issuing_body.standing_agency)})"
    add_body(
        doc,
        f"1. Trưởng các đoàn kiểm tra đăng ký lịch kiểm tra gửi về Cơ quan thường trực{agency} "
        f"chậm nhất ngày {vn_date(plan.register_by)} để tránh trùng lịch kiểm tra ở các đơn vị.",
    )
    add_body(
        doc,
        "2. Thông báo kiểm tra phải được gửi cho các đơn vị liên quan trước ít nhất "
        f"{plan.notice_working_days:02d} ngày làm việc tính đến thời điểm tiến hành kiểm tra.",
    )
    add_body(
        doc,
        "3. Thông báo kết quả kiểm tra gửi các đơn vị được kiểm tra trong "
        f"{plan.result_notice_working_days:02d} ngày làm việc kể từ ngày kết thúc đợt kiểm tra "
        "của đoàn.",
    )
    add_body(
        doc,
        f"4. Báo cáo kết quả kiểm tra của các đoàn gửi về Cơ quan thường trực{agency} chậm nhất "
        f"ngày {vn_date(plan.report_due)}.",
    )
    if outlines is not None:
        add_body(
            doc,
            "5. Các đơn vị được kiểm tra xây dựng báo cáo theo Đề cương (Phụ lục 2 kèm theo Kế "
            "hoạch này) phục vụ Đoàn kiểm tra.",
        )
    if result is not None and result.ok:
        add_body(doc, "(Lịch kiểm tra cụ thể tại Phụ lục 3 kèm theo Kế hoạch này).", indent=True)
    signer = plan.issuing_body
    add_footer(
        doc,
        recipients=[
            "Các đoàn kiểm tra (để t/h)",
            "Các cơ quan, đơn vị được kiểm tra (để t/h)",
            "Lưu: VT.",
        ],
        signature=Signature(
            titles=signer.signer_titles if signer and signer.signer_titles else ("Tổ trưởng",),
            name=(signer.signer_name if signer else None) or "",
        ),
    )
    page_break(doc)
    add_title(
        doc, "Phụ lục 1", "DANH SÁCH ĐOÀN KIỂM TRA VÀ CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG ĐƯỢC KIỂM TRA"
    )
    rows = []
    for index, team in enumerate(plan.teams, start=1):
        crew = [f"{plan.unit_name(team.lead)} (Trưởng đoàn)"] + [
            plan.unit_name(m) for m in team.members
        ]
        offices, communes = _split_units(plan, team.inspects)
        inspected = []
        if offices:
            inspected.append("- Các cơ quan, đơn vị: " + "; ".join(offices) + ".")
        if communes:
            inspected.append("- UBND cấp xã: " + "; ".join(communes) + ".")
        rows.append([str(index), team.name, "; ".join(crew) + ".", "\n".join(inspected)])
    add_grid(
        doc,
        [
            "STT",
            "Đoàn kiểm tra",
            "Cơ quan, đơn vị thuộc Đoàn kiểm tra",
            "Cơ quan, đơn vị, địa phương được kiểm tra",
        ],
        rows,
        (1.2, 2.8, 5.5, 6.5),
    )
    if outlines is not None:
        page_break(doc)
        add_title(doc, "Phụ lục 2", "CÁC ĐỀ CƯƠNG BÁO CÁO KIỂM TRA")
        for outline in outlines.outlines:
            _add_outline(doc, outline)
    if result is not None and result.ok:
        page_break(doc)
        add_title(doc, "Phụ lục 3", "LỊCH KIỂM TRA")
        team_names = {t.code: t.name for t in plan.teams}
        add_grid(
            doc,
            [
                "STT",
                "Ngày kiểm tra",
                "Đoàn kiểm tra",
                "Cơ quan, đơn vị được kiểm tra",
                "Ngày gửi thông báo",
            ],
            [
                [
                    str(i),
                    f"{vn_weekday(v.date)}\n{vn_date(v.date)}",
                    team_names[v.team],
                    plan.unit_name(v.unit),
                    vn_date(v.notice_date),
                ]
                for i, v in enumerate(result.visits, start=1)
            ],
            (1.2, 3.0, 3.3, 5.5, 3.0),
        )
    return doc


def _add_outline(doc: DocumentType, outline: Outline) -> None:
    add_body(doc, f"{outline.code}- {outline.title.upper()}", bold=True, indent=False)
    if outline.period:
        add_body(doc, f"({outline.period})", indent=False)

    def add(question: Question) -> None:
        if question.label is None:
            label = "- "
        elif question.label.startswith("("):
            label = f"{question.label} "
        else:
            label = f"{question.label}. "
        add_body(doc, f"{label}{question.text}", bold=bool(question.items) and bool(question.label))
        if question.basis:
            add_body(doc, question.basis)
        for item in question.items:
            add(item)

    for question in outline.items:
        add(question)
    if outline.extras:
        add_body(doc, outline.extras_note or "Lưu ý:", indent=False)
    for extra in outline.extras:
        add_body(doc, f"*) {extra.title}", bold=True)
        if extra.basis:
            add_body(doc, extra.basis)
        for question in extra.items:
            add(question)


def _crew_sentence(plan: Plan, team: Team) -> list[str]:
    lines = [f"- Trưởng đoàn: Lãnh đạo {plan.unit_name(team.lead)};"]
    lines += [f"- Thành viên: Lãnh đạo {plan.unit_name(m)};" for m in team.members]
    secretary = team.secretary.name or "cán bộ, chuyên viên"
    lines.append(f"- Thư ký: {secretary} thuộc {plan.unit_name(team.secretary.unit)}.")
    return lines


def visit_notice(plan: Plan, result: Schedule, visit: Visit) -> DocumentType:
    """Return the team's notice to the unit it will inspect, dated on the notice date."""
    team, unit = plan.team(visit.team), plan.unit(visit.unit)
    doc = new_document()
    _, body, place = _issuer(plan)
    add_heading(
        doc,
        Heading(
            parent=body, body=team.name, number="…/TB-ĐKT", place=place, date=visit.notice_date
        ),
    )
    add_title(doc, "Thông báo", f"Về việc kiểm tra kết quả thực hiện {PROGRAMME} tại {unit.name}")
    add_body(
        doc,
        f"Thực hiện {_plan_reference(plan)} về việc kiểm tra kết quả thực hiện các nhiệm vụ của "
        f"{PROGRAMME}, {team.name} thông báo lịch kiểm tra tại {unit.name} như sau:",
    )
    add_body(doc, f"1. Thời gian: {vn_weekday(visit.date)}, ngày {vn_date(visit.date)}.")
    add_body(doc, f"2. Địa điểm: Tại trụ sở {unit.name}.")
    add_body(doc, "3. Thành phần Đoàn kiểm tra:")
    for line in _crew_sentence(plan, team):
        add_body(doc, line)
    if unit.kind in COMMUNE_KINDS:
        hosts = "Thành viên Tổ công tác Đề án 06 cấp xã, các đơn vị chuyên môn, cán bộ chuyên viên có liên quan."
    else:
        hosts = f"Lãnh đạo {unit.name}, cán bộ chuyên viên có liên quan."
    add_body(doc, f"4. Thành phần làm việc với Đoàn kiểm tra: {hosts}")
    # The outline is cited only when the plan ships one (its Phụ lục 2).
    outline = (
        f" theo Đề cương {_outline_code(plan, unit.code)} (Phụ lục 2 kèm theo Kế hoạch)"
        if plan.outlines is not None
        else ""
    )
    add_body(
        doc,
        f"5. Đề nghị {unit.name} xây dựng báo cáo kết quả thực hiện {PROGRAMME}{outline}, "
        "chuẩn bị tài liệu, hồ sơ liên quan và các điều kiện phục vụ công tác kiểm tra.",
    )
    add_footer(
        doc,
        recipients=[f"{unit.name} (để t/h)", "Thành viên Đoàn kiểm tra (để t/h)", "Lưu: VT."],
        signature=Signature(titles=("Trưởng đoàn",)),
    )
    return doc


def result_notice(plan: Plan, result: Schedule, visit: Visit) -> DocumentType:
    """Return the notice of results to an inspected unit, dated on its due date."""
    team, unit = plan.team(visit.team), plan.unit(visit.unit)
    due = result.summary(team.code).result_notice_due
    doc = new_document()
    _, body, place = _issuer(plan)
    add_heading(doc, Heading(parent=body, body=team.name, number="…/TB-ĐKT", place=place, date=due))
    add_title(doc, "Thông báo", f"Kết quả kiểm tra thực hiện {PROGRAMME} tại {unit.name}")
    add_body(
        doc,
        f"Thực hiện {_plan_reference(plan)}, ngày {vn_date(visit.date)}, {team.name} đã kiểm tra "
        f"kết quả thực hiện các nhiệm vụ của {PROGRAMME} tại {unit.name}. Đoàn kiểm tra thông "
        "báo kết quả kiểm tra như sau:",
    )
    for heading in (
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "II. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN",
        "III. KIẾN NGHỊ, YÊU CẦU",
    ):
        add_body(doc, heading, bold=True, indent=False)
        add_placeholder(doc)
    agency = _agency(plan)
    add_body(
        doc,
        f"Đề nghị {unit.name} tổ chức thực hiện các kiến nghị, yêu cầu trên và báo cáo kết quả "
        f"khắc phục về Cơ quan thường trực Tổ công tác {PROGRAMME}{agency}.",
    )
    add_footer(
        doc,
        recipients=[
            f"{unit.name} (để t/h)",
            f"Cơ quan thường trực{agency} (để b/c)",
            "Lưu: VT, ĐKT.",
        ],
        signature=Signature(titles=("Trưởng đoàn",)),
    )
    return doc


def _agency(plan: Plan) -> str:
    if plan.issuing_body and plan.issuing_body.standing_agency:
        return f" ({plan.unit_name(plan.issuing_body.standing_agency)})"
    return ""


def team_report(plan: Plan, result: Schedule, team: Team) -> DocumentType:
    """Return the team's report to the standing agency, dated on the report deadline."""
    summary = result.summary(team.code)
    visits = result.visits_of(team.code)
    doc = new_document()
    _, body, place = _issuer(plan)
    add_heading(
        doc,
        Heading(
            parent=body, body=team.name, number="…/BC-ĐKT", place=place, date=summary.report_due
        ),
    )
    add_title(doc, "Báo cáo", f"Kết quả kiểm tra thực hiện {PROGRAMME} của {team.name}")
    offices, communes = _split_units(plan, [v.unit for v in visits])
    span = ""
    if summary.first_visit and summary.last_visit:
        span = f"từ ngày {vn_date(summary.first_visit)} đến ngày {vn_date(summary.last_visit)}, "
    add_body(doc, "I. KHÁI QUÁT", bold=True, indent=False)
    add_body(
        doc,
        f"Thực hiện {_plan_reference(plan)}, {span}{team.name} đã kiểm tra {len(visits)} cơ quan, "
        f"đơn vị, địa phương, gồm {len(offices)} cơ quan, đơn vị cấp huyện và {len(communes)} UBND "
        "cấp xã, cụ thể:",
    )
    add_grid(
        doc,
        [
            "STT",
            "Ngày kiểm tra",
            "Cơ quan, đơn vị được kiểm tra",
            "Ngày gửi thông báo",
            "Hạn thông báo kết quả",
        ],
        [
            [
                str(i),
                vn_date(v.date),
                plan.unit_name(v.unit),
                vn_date(v.notice_date),
                vn_date(summary.result_notice_due) if summary.result_notice_due else "",
            ]
            for i, v in enumerate(visits, start=1)
        ],
        (1.2, 2.8, 6.0, 3.0, 3.0),
    )
    for heading in (
        "II. KẾT QUẢ KIỂM TRA",
        "III. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN",
        "IV. KIẾN NGHỊ, ĐỀ XUẤT",
    ):
        add_body(doc, heading, bold=True, indent=False)
        add_placeholder(doc)
    add_footer(
        doc,
        recipients=[
            f"Cơ quan thường trực{_agency(plan)} (để b/c)",
            "Thành viên Đoàn kiểm tra",
            "Lưu: VT, ĐKT.",
        ],
        signature=Signature(titles=("Trưởng đoàn",)),
    )
    return doc


def document_bundle(plan: Plan, result: Schedule) -> dict[str, bytes]:
    """Return every document of a scheduled plan, keyed by a relative file path."""
    from thidua.scheduling.xlsx import schedule_workbook

    files: dict[str, bytes] = {
        "ke-hoach.docx": to_bytes(plan_document(plan, result)),
        "lich-kiem-tra.xlsx": schedule_workbook(plan, result),
    }
    for team in plan.teams:
        folder = f"doan-{team.code}"
        files[f"{folder}/bao-cao.docx"] = to_bytes(team_report(plan, result, team))
        for visit in result.visits_of(team.code):
            files[f"{folder}/thong-bao-kiem-tra-{visit.unit}.docx"] = to_bytes(
                visit_notice(plan, result, visit)
            )
            files[f"{folder}/thong-bao-ket-qua-{visit.unit}.docx"] = to_bytes(
                result_notice(plan, result, visit)
            )
    return files
