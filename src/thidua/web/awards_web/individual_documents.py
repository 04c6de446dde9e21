"""The individuals' part of a level's dossier files (``awards_web.documents`` writes the files).

Figures come from the stored individual proposals: who the person is as the
nomination read when the list was drawn up, and their unit's total and rank
from that allocation.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from thidua.exports import dossier as docx
from thidua.web.awards_web.models import IndividualProposal
from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.scoring import NoFramework, framework_for

HEAD = (
    "TT",
    "Họ và tên / Name",
    "Chức vụ / Position",
    "Đơn vị / Unit",
    "Đơn vị đề cử / Nominated by",
    "Hình thức đề nghị / Form",
    "Thứ tự trong số được đề cử / Rank among nominees",
    "Hạng chung của đơn vị / Unit's overall rank",
    "Trạng thái hồ sơ / Dossier status",
    "Lý do / Reason",
    "Thành tích / Achievements",
)
WIDTHS = (5, 26, 26, 26, 22, 40, 12, 12, 20, 60, 60)


def proposals(
    campaign: Campaign, level: str, *, rejected: bool = False
) -> list[IndividualProposal]:
    """The level's individual proposals in order (without the rejected ones unless asked)."""
    qs = IndividualProposal.objects.filter(campaign=campaign, level=level)
    if not rejected:
        qs = qs.exclude(status="rejected")
    return list(qs.select_related("unit__parent", "proposer").order_by("rank", "code"))


def _max_points(campaign: Campaign, level: str) -> Decimal | None:
    try:
        return framework_for(campaign, level).max_points
    except NoFramework:
        return None


def person(ip: IndividualProposal, *, max_points: Decimal | None = None) -> docx.Person:
    """A drawn-up individual, ready for the documents."""
    unit = ip.unit
    return docx.Person(
        name=ip.name,
        position=ip.position,
        unit=unit.name,
        unit_parent=unit.parent.name if unit.parent else "",
        form=ip.form_title,
        rank=ip.rank,
        nominees=ip.nominees,
        proposer=ip.proposer.name if ip.proposer_id != unit.pk else "",
        achievements=ip.achievements,
        unit_total=ip.unit_total,
        unit_max_points=max_points,
        unit_rank_overall=ip.unit_rank_overall,
        units=ip.units,
    )


def persons(campaign: Campaign, level: str) -> list[docx.Person]:
    """The individuals the submission and the minutes list (rejected ones left out)."""
    top = _max_points(campaign, level)
    return [person(ip, max_points=top) for ip in proposals(campaign, level)]


def report_person(campaign: Campaign, ip: IndividualProposal) -> docx.Person:
    return person(ip, max_points=_max_points(campaign, ip.level))


def add_sheet(wb: Workbook, campaign: Campaign, level: str) -> None:
    """The "Ca nhan" sheet of the proposal list: one row per individual, rejected ones too."""
    ws = wb.create_sheet("Ca nhan")
    ws.append([f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG CÁ NHÂN — {campaign.title}"])
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append(list(HEAD))
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, ip in enumerate(proposals(campaign, level, rejected=True), start=1):
        ws.append(
            [
                i,
                ip.name,
                ip.position,
                ip.unit.name,
                ip.proposer.name,
                ip.form_title,
                f"{ip.rank}/{ip.nominees}",
                f"{ip.unit_rank_overall}/{ip.units}",
                ip.get_status_display(),
                ip.reason_vi + (f" — {ip.status_reason}" if ip.status_reason else ""),
                ip.achievements,
            ]
        )
    for col, width in zip("ABCDEFGHIJK", WIDTHS, strict=True):
        ws.column_dimensions[col].width = width
