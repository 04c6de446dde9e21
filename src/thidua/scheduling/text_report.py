"""Plain-text rendering of a schedule, Vietnamese first with English."""

from __future__ import annotations

from thidua.scheduling.messages import Message, vn_date, vn_weekday
from thidua.scheduling.plan import Plan
from thidua.scheduling.schedule import STATUS_VI, Schedule


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _bullets(title: str, messages: tuple[Message, ...]) -> list[str]:
    if not messages:
        return []
    lines = ["", title]
    for message in messages:
        lines.append(f"  - {message.vi}")
        lines.append(f"    {message.en}")
    return lines


def render_text(plan: Plan, result: Schedule) -> str:
    """Return the schedule as text for a terminal or a plain file."""
    lines = [
        f"KẾ HOẠCH KIỂM TRA / INSPECTION PLAN: {plan.code}",
        plan.title,
        f"Thời gian kiểm tra / Window: {vn_date(plan.window_start)} – {vn_date(plan.window_end)}"
        f" · Đăng ký lịch trước / Register by: {vn_date(plan.register_by)}"
        f" · Hạn báo cáo / Report due: {vn_date(plan.report_due)}",
        f"Thông báo trước / Notice: {plan.notice_working_days} ngày làm việc / working days"
        f" · Thông báo kết quả sau / Result notice: {plan.result_notice_working_days} ngày làm "
        "việc / working days",
    ]
    status = f"Trạng thái / Status: {STATUS_VI[result.status]} / {result.status}"
    if result.stats is not None:
        status += f" ({_seconds(result.stats.wall_seconds)} giây / s)"
    lines.append(status)
    lines.extend(_bullets("Không xếp được lịch / No schedule:", result.explanation))
    for team in plan.teams if result.ok else ():
        summary = result.summary(team.code)
        lines.append("")
        lines.append(
            f"{team.name} — trưởng đoàn / lead: {plan.unit_name(team.lead)}"
            f" — {summary.visits} buổi / visits"
        )
        header = "Đơn vị được kiểm tra / Inspected unit"
        width = max(
            [len(header)] + [len(plan.unit_name(v.unit)) for v in result.visits_of(team.code)]
        )
        lines.append(f"  {'Ngày / Date':<20}  {header:<{width}}  Gửi thông báo / Notice")
        for visit in result.visits_of(team.code):
            day = f"{vn_weekday(visit.date)} {vn_date(visit.date)}"
            lines.append(
                f"  {day:<20}  {plan.unit_name(visit.unit):<{width}}  {vn_date(visit.notice_date)}"
            )
        if summary.last_visit is not None and summary.result_notice_due is not None:
            lines.append(
                f"  Buổi cuối / Last visit: {vn_date(summary.last_visit)}"
                f" · Hạn thông báo kết quả / Result notice due: {vn_date(summary.result_notice_due)}"
                f" · Hạn báo cáo / Report due: {vn_date(summary.report_due)}"
            )
    lines.extend(_bullets("Cảnh báo / Warnings:", result.warnings))
    lines.extend(_bullets("Ghi chú / Notes:", result.notes))
    return "\n".join(lines) + "\n"
