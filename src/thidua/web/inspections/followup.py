"""After the schedule: the unit's report along the outline, findings, recommendations, reminders.

Views call these functions; permissions come from ``thidua.web.policy`` and
every change is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.scheduling.outlines import Form, Question, load_builtin_outlines, outlines_for_plan
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.errors import BadInput, Denied
from thidua.web.inspections.choices import RESEND, FindingKind, RecStatus, ReportStatus
from thidua.web.inspections.models import (
    Finding,
    InspectionPlan,
    Progress,
    Recommendation,
    UnitReport,
    Visit,
)
from thidua.web.inspections.services import core_plan
from thidua.web.units.models import Unit

#: Outlines used when a plan names none: the only set shipped (Quảng Xương 2023, Phụ lục 2).
DEFAULT_OUTLINES = "outlines-quangxuong-2023"
TABLE_ROWS_EXTRA = 2
OBJECT = "inspection_visit"


def form_for(visit: Visit) -> Form | None:
    """Return the outline form the inspected unit fills (outline A or B, with its extras)."""
    core = core_plan(visit.plan)
    outlines = outlines_for_plan(core) or load_builtin_outlines(DEFAULT_OUTLINES)
    return outlines.form_for(core.unit(visit.unit.code))


def report_of(visit: Visit) -> UnitReport:
    report, _ = UnitReport.objects.get_or_create(visit=visit)
    return report


def _number(text: str) -> str:
    """Return a number as typed ("1.234,5" or "0.5") in plain form; InvalidOperation if not one."""
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    if not Decimal(cleaned).is_finite():
        raise InvalidOperation(text)
    return cleaned


def parse_answers(form: Form, post: Mapping[str, Any]) -> dict[str, Any]:
    """Return the answers posted for ``form``; BadInput names a number that is not one."""
    answers: dict[str, Any] = {}
    for q in form.leaves():
        name = f"q-{q.key}"
        if q.answer == "table":
            rows = []
            for i in range(int(post.get(f"{name}-rows", 0) or 0)):
                cells = [
                    str(post.get(f"{name}-r{i}-c{j}", "")).strip() for j in range(len(q.columns))
                ]
                if any(cells):
                    rows.append(cells)
            if rows:
                answers[q.key] = rows
            continue
        value = str(post.get(name, "")).strip()
        explain = str(post.get(f"{name}-explain", "")).strip()
        if q.answer == "number" and value:
            try:
                value = _number(value)
            except InvalidOperation as exc:
                raise BadInput(
                    Msg(
                        f"Câu {q.key}: '{value}' không phải là số",
                        f"Question {q.key}: '{value}' is not a number",
                    )
                ) from exc
        if q.answer == "yes_no" and value not in ("", "yes", "no"):
            raise BadInput(Msg(f"Câu {q.key}: chọn Có hoặc Không", f"Question {q.key}: yes or no"))
        if value or explain:
            answers[q.key] = {"value": value, "explain": explain} if q.answer != "text" else value
    return answers


@transaction.atomic
def save_report(user: Any, visit: Visit, post: Mapping[str, Any], *, submit: bool) -> UnitReport:
    """Save the unit's answers (a draft), and send them when ``submit``."""
    if not policy.can_fill_unit_report(user, visit):
        raise Denied()
    report = report_of(visit)
    if report.status == ReportStatus.SUBMITTED:
        raise BadInput(Msg("Báo cáo đã gửi, không sửa được", "The report was sent and is locked"))
    form = form_for(visit)
    if form is None:
        raise BadInput(Msg("Đơn vị không có đề cương báo cáo", "The unit has no report outline"))
    before = report.answers
    report.answers = parse_answers(form, post)
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
    report.save()
    record(
        user,
        "inspection_report.submit" if submit else "inspection_report.save",
        object_type=OBJECT,
        object_id=str(visit.pk),
        unit=visit.unit.unit.code if visit.unit.unit else visit.unit.code,
        before=before,
        after=report.answers,
    )
    return report


@dataclass(frozen=True)
class FormRow:
    """One question of the form with its stored answer, ready for the template."""

    question: Question
    depth: int
    value: Any
    explain: str
    rows: list[list[str]]


def form_rows(form: Form, answers: Mapping[str, Any]) -> list[FormRow]:
    """Return every question (headings included) with its answer, in order."""
    out: list[FormRow] = []

    def walk(q: Question, depth: int) -> None:
        stored = answers.get(q.key)
        value: Any = stored.get("value", "") if isinstance(stored, dict) else stored or ""
        explain = stored.get("explain", "") if isinstance(stored, dict) else ""
        rows: list[list[str]] = []
        if q.answer == "table":
            rows = [list(r) for r in (stored or [])] + [
                [""] * len(q.columns) for _ in range(TABLE_ROWS_EXTRA)
            ]
            value = ""
        out.append(FormRow(q, depth, value, explain, rows))
        for item in q.items:
            walk(item, depth + 1)

    for item in form.outline.items:
        walk(item, 0)
    for extra in form.extras:
        out.append(FormRow(Question(key=f"extra.{extra.code}", text=extra.title), 0, "", "", []))
        for item in extra.items:
            walk(item, 1)
    return out


# --- findings and recommendations --------------------------------------------------------------


def _unit_code(visit: Visit) -> str:
    return visit.unit.unit.code if visit.unit.unit else visit.unit.code


def add_finding(user: Any, visit: Visit, *, kind: str, text: str) -> Finding:
    """Record a finding or conclusion of the team about ``visit``."""
    if not policy.can_record_findings(user, visit.plan):
        raise Denied()
    if kind not in FindingKind.values or not text.strip():
        raise BadInput(Msg("Hãy nhập nội dung", "Enter the text"))
    with transaction.atomic():
        finding = Finding.objects.create(visit=visit, kind=kind, text=text.strip(), created_by=user)
        record(
            user,
            f"inspection_{kind}.add",
            object_type=OBJECT,
            object_id=str(visit.pk),
            unit=_unit_code(visit),
            after={"text": finding.text},
        )
    return finding


def add_recommendation(
    user: Any, visit: Visit, *, text: str, responsible: str, due: dt.date | None
) -> Recommendation:
    """Record a recommendation with who carries it out and by when."""
    if not policy.can_record_findings(user, visit.plan):
        raise Denied()
    if not text.strip() or not responsible.strip() or due is None:
        raise BadInput(
            Msg(
                "Kiến nghị cần nội dung, người thực hiện và hạn (dd/mm/yyyy)",
                "A recommendation needs a text, an owner and a due date (dd/mm/yyyy)",
            )
        )
    with transaction.atomic():
        rec = Recommendation.objects.create(
            visit=visit, text=text.strip(), responsible=responsible.strip(), due=due
        )
        record(
            user,
            "inspection_recommendation.add",
            object_type="inspection_recommendation",
            object_id=str(rec.pk),
            unit=_unit_code(visit),
            after={"text": rec.text, "responsible": rec.responsible, "due": due.isoformat()},
        )
    return rec


def report_progress(user: Any, rec: Recommendation, *, text: str) -> Progress:
    """The inspected unit reports what it has done on an open recommendation."""
    if not policy.can_report_progress(user, rec.visit):
        raise Denied()
    if rec.status != RecStatus.OPEN:
        raise BadInput(Msg("Kiến nghị đã đóng", "The recommendation is closed"))
    if not text.strip():
        raise BadInput(Msg("Hãy nhập nội dung", "Enter the text"))
    with transaction.atomic():
        progress = Progress.objects.create(recommendation=rec, text=text.strip(), by=user)
        record(
            user,
            "inspection_recommendation.progress",
            object_type="inspection_recommendation",
            object_id=str(rec.pk),
            unit=_unit_code(rec.visit),
            after={"text": progress.text},
        )
    return progress


def close_recommendation(user: Any, rec: Recommendation, *, note: str) -> Recommendation:
    """The team closes a recommendation it judges carried out."""
    if not policy.can_record_findings(user, rec.visit.plan):
        raise Denied()
    if rec.status == RecStatus.CLOSED:
        raise BadInput(Msg("Kiến nghị đã đóng", "The recommendation is closed"))
    with transaction.atomic():
        rec.status = RecStatus.CLOSED
        rec.closed_at = timezone.now()
        rec.closing_note = note.strip()
        rec.save(update_fields=["status", "closed_at", "closing_note"])
        record(
            user,
            "inspection_recommendation.close",
            object_type="inspection_recommendation",
            object_id=str(rec.pk),
            unit=_unit_code(rec.visit),
            before={"status": RecStatus.OPEN},
            after={"status": RecStatus.CLOSED, "note": rec.closing_note},
        )
    return rec


def open_recommendations(plan: InspectionPlan) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(visit__plan=plan, status=RecStatus.OPEN).select_related(
        "visit__unit", "visit__team"
    )


AGE_BANDS = ((30, "≤ 30"), (90, "31–90"), (None, "> 90"))


def overview(plan: InspectionPlan, *, today: dt.date) -> list[dict[str, Any]]:
    """Open recommendations by unit and age band (days since made), with the overdue count."""
    rows: dict[int, dict[str, Any]] = {}
    for rec in open_recommendations(plan):
        unit = rec.visit.unit
        row = rows.setdefault(
            unit.pk, {"unit": unit, "bands": [0] * len(AGE_BANDS), "overdue": 0, "total": 0}
        )
        age = rec.age_days(today)
        for i, (limit, _) in enumerate(AGE_BANDS):
            if limit is None or age <= limit:
                row["bands"][i] += 1
                break
        row["overdue"] += rec.due < today
        row["total"] += 1
    return sorted(rows.values(), key=lambda r: (-r["total"], r["unit"].position))


# --- reminders -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    level: str  # Bootstrap colour
    text: Msg
    day: dt.date | None = None


def _week(today: dt.date) -> tuple[dt.date, dt.date]:
    start = today - dt.timedelta(days=today.weekday())
    return start, start + dt.timedelta(days=6)


def plan_reminders(plan: InspectionPlan, *, today: dt.date) -> list[Reminder]:
    """Milestones for the officer: registration, this week's notices, result notices, reports."""
    out: list[Reminder] = []
    if not plan.schedule_status:
        late = today > plan.register_by
        out.append(
            Reminder(
                "danger" if late else "warning",
                Msg("Chưa xếp và đăng ký lịch kiểm tra", "The schedule is not made and registered"),
                plan.register_by,
            )
        )
        return out
    start, end = _week(today)
    unsent = plan.visits.filter(notice_sent_on__isnull=True)
    notices = unsent.filter(notice_date__range=(start, end)).count()
    if notices:
        out.append(
            Reminder(
                "info",
                Msg(
                    f"{notices} thông báo kiểm tra phải gửi trong tuần này",
                    f"{notices} visit notices to send this week",
                ),
            )
        )
    # Only visits still ahead: once a visit has taken place its notice no longer matters.
    late = unsent.filter(notice_date__lt=today, date__gte=today).count()
    if late:
        out.append(
            Reminder(
                "danger",
                Msg(
                    f"{late} thông báo kiểm tra đã quá ngày gửi mà chưa ghi nhận đã gửi",
                    f"{late} visit notices are past their date and not recorded as sent",
                ),
            )
        )
    resend = sum(v.notice_state == RESEND for v in plan.visits.filter(date__gte=today))
    if resend:
        out.append(
            Reminder(
                "danger",
                Msg(
                    f"{resend} thông báo phải gửi lại vì ngày kiểm tra đã thay đổi",
                    f"{resend} notices must be sent again: the visit date changed",
                ),
            )
        )
    soon = today + dt.timedelta(days=7)
    for team in plan.teams.all():
        if team.result_notice_due and today <= team.result_notice_due <= soon:
            out.append(
                Reminder(
                    "warning",
                    Msg(f"{team.name}: hạn thông báo kết quả", f"{team.name}: result notices due"),
                    team.result_notice_due,
                )
            )
        if team.report_deadline and today <= team.report_deadline <= soon:
            out.append(
                Reminder(
                    "warning",
                    Msg(f"{team.name}: hạn báo cáo kết quả", f"{team.name}: team report due"),
                    team.report_deadline,
                )
            )
    missing = (
        plan.visits.filter(date__lte=today + dt.timedelta(days=14))
        .exclude(report__status=ReportStatus.SUBMITTED)
        .count()
    )
    if missing:
        out.append(
            Reminder(
                "secondary",
                Msg(
                    f"{missing} đơn vị chưa gửi báo cáo trước buổi kiểm tra (trong 14 ngày tới hoặc đã qua)",
                    f"{missing} units have not sent their report before a visit (within 14 days or past)",
                ),
            )
        )
    overdue = open_recommendations(plan).filter(due__lt=today).count()
    if overdue:
        out.append(
            Reminder(
                "danger",
                Msg(f"{overdue} kiến nghị quá hạn", f"{overdue} recommendations overdue"),
            )
        )
    return out


def unit_visits(user: Any, unit: Unit) -> list[Visit]:
    """Scheduled visits to ``unit`` (or a unit of a plan it owns) that ``user`` may see."""
    visits = (
        Visit.objects.filter(Q(unit__unit=unit))
        .exclude(plan__schedule_status="")
        .select_related("plan__owner", "team", "unit__unit")
        .order_by("-date")
    )
    return [v for v in visits if policy.can_view_visit(user, v)]


def unit_reminders(user: Any, unit: Unit, *, today: dt.date) -> list[dict[str, Any]]:
    """For the unit home: its visits with notice, report state and open recommendations."""
    rows = []
    for visit in unit_visits(user, unit):
        report = UnitReport.objects.filter(visit=visit).first()
        open_recs = visit.recommendations.filter(status=RecStatus.OPEN)
        done = report is not None and report.status == ReportStatus.SUBMITTED
        if visit.date < today and done and not open_recs.exists():
            continue
        rows.append(
            {
                "visit": visit,
                "notice": visit.notice_state,
                "report_sent": report is not None and report.status == ReportStatus.SUBMITTED,
                "open_recs": open_recs.count(),
                "overdue_recs": open_recs.filter(due__lt=today).count(),
                "upcoming": visit.date >= today,
            }
        )
    plans = [
        p
        for p in InspectionPlan.objects.filter(owner=unit)
        if policy.can_view_inspection_plan(user, p)
    ]
    can_manage = unit.kind in OWNER_KINDS and policy.can_manage_inspections(user, unit)
    if not (rows or plans or can_manage):
        return []
    return [{"plans": plans, "visits": rows, "can_manage": can_manage}]


#: Unit kinds that issue inspection plans (provinces and districts).
OWNER_KINDS = ("tinh", "thanh_pho_tw", "huyen", "quan", "thi_xa", "thanh_pho")
