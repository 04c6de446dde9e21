"""The documents of a scheduled plan, for download: Word documents, the XLSX schedule, a zip.

Everything is produced by the core (``thidua.scheduling.documents`` and ``xlsx``) from the
stored plan and schedule; callers check the user may see what they ask for.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from thidua.exports.docx_layout import to_bytes
from thidua.scheduling.documents import (
    document_bundle,
    plan_document,
    result_notice,
    team_report,
    visit_notice,
)
from thidua.scheduling.xlsx import schedule_workbook
from thidua.scoring.text import Msg
from thidua.web.errors import BadInput
from thidua.web.inspections.models import InspectionPlan, Visit
from thidua.web.inspections.services import core_plan, stored_schedule


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes
    content_type: str


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def document(plan: InspectionPlan, *, kind: str, visit: Visit | None = None) -> Download:
    """Return one document of a scheduled plan (callers check the user may see it)."""
    core = core_plan(plan)
    result = stored_schedule(plan, core)
    if result is None:
        raise BadInput(Msg("Kế hoạch chưa được xếp lịch", "The plan has not been scheduled yet"))
    if kind == "plan":
        return Download(f"{plan.code}-ke-hoach.docx", to_bytes(plan_document(core, result)), DOCX)
    if kind == "xlsx":
        return Download(f"{plan.code}-lich.xlsx", schedule_workbook(core, result), XLSX)
    if kind == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in document_bundle(core, result).items():
                zf.writestr(name, data)
        return Download(f"{plan.code}.zip", buffer.getvalue(), "application/zip")
    if visit is None:
        raise BadInput(Msg("Thiếu lượt kiểm tra", "No visit given"))
    core_visit = result.visit(visit.team.code, visit.unit.code)
    stem = f"{plan.code}-{visit.team.code}-{visit.unit.code}"
    if kind == "notice":
        doc = visit_notice(core, result, core_visit)
        return Download(f"{stem}-thong-bao-kiem-tra.docx", to_bytes(doc), DOCX)
    if kind == "result":
        doc = result_notice(core, result, core_visit)
        return Download(f"{stem}-thong-bao-ket-qua.docx", to_bytes(doc), DOCX)
    if kind == "report":
        doc = team_report(core, result, core.team(visit.team.code))
        return Download(f"{plan.code}-{visit.team.code}-bao-cao.docx", to_bytes(doc), DOCX)
    raise BadInput(Msg("Không có loại tài liệu này", "No such document"))
