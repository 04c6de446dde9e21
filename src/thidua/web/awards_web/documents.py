"""The dossier files of a level: Word documents (thidua.exports.dossier) and the XLSX list.

Figures come from the stored proposals (what the allocation decided when the
list was drawn up), the scoring core (subtotals, from final values) and the
gate check; the registry and the reporting record add the highlights.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from thidua.exports import dossier as docx
from thidua.web.awards_web import individual_documents
from thidua.web.awards_web.models import (
    AwardSetup,
    IndividualNomination,
    IndividualProposal,
    Proposal,
)
from thidua.web.awards_web.services import eligibility_of, plan_for, setup_of
from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.scoring import NoFramework, framework_for, unit_score
from thidua.web.errors import BadInput
from thidua.web.models_registry.models import RegisteredModel
from thidua.web.reporting.queries import summarise, unit_record
from thidua.web.units.choices import Level

LEVEL_WORDS = {  # every level (the documents are Vietnamese whatever the reader's language)
    "province": "cấp tỉnh",
    "district_office": "phòng, ban cấp huyện",
    "commune": "cấp xã",
    "district": "cấp huyện",
    "village": "thôn, tổ dân phố",
    "department": "sở, ban, ngành",
    "enterprise": "doanh nghiệp",
}


def _setup(campaign: Campaign) -> AwardSetup:
    return setup_of(campaign) or AwardSetup(campaign=campaign, plan="")


def _issuer(campaign: Campaign, setup: AwardSetup, *, symbol: str | None = None) -> docx.Issuer:
    body = setup.issuer or campaign.owner.name
    return docx.Issuer(
        body=body,
        parent=setup.issuer_parent or None,
        symbol=symbol or setup.symbol,
        place=setup.place or campaign.owner.name.removeprefix("Tỉnh ").removeprefix("Thành phố "),
        name=setup.issuer_short or body,
    )


def _campaign(campaign: Campaign, setup: AwardSetup, level: str) -> docx.Campaign:
    plan_doc = setup.plan_document
    if not plan_doc:
        try:
            plan_doc = plan_for(campaign).document
        except BadInput:
            plan_doc = campaign.title
    return docx.Campaign(
        title=f"phong trào thi đua “{campaign.title}”",
        plan=plan_doc,
        year=campaign.period_end.year,
        level=LEVEL_WORDS.get(level, Level(level).label if level in Level.values else level),
    )


def nominee(campaign: Campaign, p: Proposal) -> docx.Nominee:
    """A proposal with its subtotals, gates and highlights, ready for the documents."""
    unit = p.unit
    subtotals: tuple[docx.Subtotal, ...] = ()
    max_points: Decimal | None = None
    try:
        fw = framework_for(campaign, p.level)
        score = unit_score(campaign, unit, basis="final")
        max_points = fw.max_points
        subtotals = tuple(
            docx.Subtotal(n.code, n.title, score.groups.get(n.code, Decimal(0))) for n in fw.nodes
        )
    except NoFramework:
        pass
    gates: tuple[docx.GateLine, ...] = ()
    try:
        _level, elig = eligibility_of(campaign, unit)
        gates = tuple(docx.GateLine(r.gate.label, r.explanation.vi, r.passed) for r in elig.results)
    except BadInput:
        pass
    highlights = [
        f"Mô hình: {m.title} ({m.field}, triển khai từ {m.started_on:%d/%m/%Y})"
        + "".join(
            f"; {r.get_kind_display().lower()} theo {r.decision_number} ngày {r.decision_date:%d/%m/%Y}"
            for r in m.recognitions.all()
        )
        for m in RegisteredModel.objects.filter(campaign=campaign, unit=unit).prefetch_related(
            "recognitions"
        )
    ]
    rows = unit_record(campaign, unit)
    if rows:
        s = summarise(rows)
        highlights.append(
            f"Chế độ báo cáo: {s.on_time}/{len(rows)} báo cáo đúng hạn, {s.late} chậm, {s.missing} không báo cáo"
        )
    return docx.Nominee(
        name=unit.name,
        parent=unit.parent.name if unit.parent else "",
        form=p.form_title,
        rank=p.rank,
        nominees=p.nominees,
        rank_overall=p.rank_overall,
        units=p.units,
        total=p.total,
        max_points=max_points,
        subtotals=subtotals,
        gates=gates,
        highlights=tuple(highlights),
    )


def _proposals(campaign: Campaign, level: str) -> list[Proposal]:
    return list(
        Proposal.objects.filter(campaign=campaign, level=level)
        .exclude(status="rejected")
        .select_related("unit__parent")
        .order_by("rank", "unit__code")
    )


def submission(campaign: Campaign, level: str) -> bytes:
    setup = _setup(campaign)
    proposals = _proposals(campaign, level)
    people = individual_documents.persons(campaign, level)
    forms = (
        ", ".join(dict.fromkeys([*(p.form_title for p in proposals), *(x.form for x in people)]))
        or "—"
    )
    return docx.submission(
        issuer=_issuer(campaign, setup),
        signer=docx.Signer(title=setup.signer_title, name=setup.signer_name),
        campaign=_campaign(campaign, setup, level),
        addressee=setup.addressee or "Hội đồng Thi đua - Khen thưởng",
        form=forms,
        nominees=[nominee(campaign, p) for p in proposals],
        individuals=people,
    )


def minutes(campaign: Campaign, level: str) -> bytes:
    setup = _setup(campaign)
    proposals = _proposals(campaign, level)
    issuer = _issuer(campaign, setup, symbol="BB-HĐTĐKT")
    return docx.council_minutes(
        issuer=docx.Issuer(
            body="Hội đồng Thi đua - Khen thưởng",
            parent=issuer.body,
            symbol="BB-HĐTĐKT",
            place=issuer.place,
        ),
        meeting=docx.Meeting(date=None, place="", chair="", secretary=""),
        campaign=_campaign(campaign, setup, level),
        nominees=[nominee(campaign, p) for p in proposals],
        considered=proposals[0].units if proposals else 0,
        individuals=individual_documents.persons(campaign, level),
        individuals_considered=IndividualNomination.objects.filter(
            campaign=campaign, level=level
        ).count(),
    )


def achievement_report(campaign: Campaign, p: Proposal) -> bytes:
    setup = _setup(campaign)
    unit = p.unit
    return docx.achievement_report(
        issuer=docx.Issuer(
            body=unit.name,
            parent=unit.parent.name if unit.parent else None,
            symbol="BC",
            place=_issuer(campaign, setup).place,
        ),
        signer=docx.Signer(title="Thủ trưởng đơn vị"),
        campaign=_campaign(campaign, setup, p.level),
        nominee=nominee(campaign, p),
        confirmer="",
    )


def individual_report(campaign: Campaign, ip: IndividualProposal) -> bytes:
    """Form 07 for one drawn-up individual, issued by the person's unit."""
    setup = _setup(campaign)
    unit = ip.unit
    return docx.individual_report(
        issuer=docx.Issuer(
            body=unit.name,
            parent=unit.parent.name if unit.parent else None,
            symbol="BC",
            place=_issuer(campaign, setup).place,
        ),
        campaign=_campaign(campaign, setup, ip.level),
        person=individual_documents.report_person(campaign, ip),
    )


HEAD = (
    "TT",
    "Mã đơn vị / Code",
    "Tên tập thể / Collective",
    "Trực thuộc / Parent",
    "Hình thức đề nghị / Form",
    "Tổng điểm / Total",
    "Hạng trong số đề cử / Rank among nominees",
    "Hạng chung / Overall rank",
    "Trạng thái hồ sơ / Dossier status",
    "Lý do / Reason",
)


def proposals_xlsx(campaign: Campaign, level: str) -> bytes:
    """The level's proposal list as an XLSX sheet, one row per collective."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "De nghi khen thuong"
    ws.append([f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG — {campaign.title}"])
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append(list(HEAD))
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, p in enumerate(
        Proposal.objects.filter(campaign=campaign, level=level)
        .select_related("unit__parent")
        .order_by("rank", "unit__code"),
        start=1,
    ):
        ws.append(
            [
                i,
                p.unit.code,
                p.unit.name,
                p.unit.parent.name if p.unit.parent else "",
                p.form_title,
                float(p.total),
                f"{p.rank}/{p.nominees}",
                f"{p.rank_overall}/{p.units}",
                p.get_status_display(),
                p.reason_vi + (f" — {p.status_reason}" if p.status_reason else ""),
            ]
        )
    for col, width in zip("ABCDEFGHIJ", (5, 14, 32, 24, 40, 10, 12, 12, 20, 60), strict=True):
        ws.column_dimensions[col].width = width
    individual_documents.add_sheet(wb, campaign, level)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
