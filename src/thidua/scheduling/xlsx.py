"""The schedule as an Excel workbook: by visit, by day, by team.

Sheets only describe rows; :func:`_write_sheet` is the one place that writes
them, with a title, a bold frozen header, real date cells (dd/mm/yyyy) and
column widths.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from thidua.scheduling.messages import vn_weekday
from thidua.scheduling.plan import COMMUNE_KINDS, Plan
from thidua.scheduling.schedule import STATUS_VI, Schedule

Cell = str | int | dt.date | None
DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a title, column headers with widths, and rows."""

    name: str
    title: str
    headers: Sequence[str]
    widths: Sequence[int]
    rows: Sequence[Sequence[Cell]]


def schedule_sheets(plan: Plan, result: Schedule) -> list[Sheet]:
    """Return the sheets of the schedule workbook."""
    teams = {t.code: t for t in plan.teams}
    by_visit = Sheet(
        name="Lịch kiểm tra",
        title=f"LỊCH KIỂM TRA — {plan.title}",
        headers=[
            "STT",
            "Ngày kiểm tra",
            "Thứ",
            "Đoàn kiểm tra",
            "Trưởng đoàn",
            "Đơn vị được kiểm tra",
            "Cấp",
            "Ngày gửi thông báo",
            "Mã đoàn",
            "Mã đơn vị",
        ],
        widths=[6, 14, 10, 22, 34, 40, 10, 16, 10, 22],
        rows=[
            [
                i,
                v.date,
                vn_weekday(v.date),
                teams[v.team].name,
                plan.unit_name(teams[v.team].lead),
                plan.unit_name(v.unit),
                "Cấp xã" if plan.unit(v.unit).kind in COMMUNE_KINDS else "Cấp huyện",
                v.notice_date,
                v.team,
                v.unit,
            ]
            for i, v in enumerate(result.visits, start=1)
        ],
    )
    days = plan.calendar().working_days(plan.window_start, plan.window_end)
    by_day_rows: list[list[Cell]] = []
    for day in days:
        row: list[Cell] = [day, vn_weekday(day)]
        for team in plan.teams:
            units = [
                plan.unit_name(v.unit)
                for v in result.visits
                if v.team == team.code and v.date == day
            ]
            row.append("\n".join(units) or None)
        by_day_rows.append(row)
    by_day = Sheet(
        name="Theo ngày",
        title="LỊCH THEO NGÀY LÀM VIỆC",
        headers=["Ngày", "Thứ", *(t.name for t in plan.teams)],
        widths=[14, 10, *(28 for _ in plan.teams)],
        rows=by_day_rows,
    )
    by_team = Sheet(
        name="Các đoàn",
        title="CÁC ĐOÀN KIỂM TRA VÀ THỜI HẠN",
        headers=[
            "Đoàn kiểm tra",
            "Trưởng đoàn",
            "Thành viên",
            "Thư ký",
            "Số buổi",
            "Buổi đầu",
            "Buổi cuối",
            "Hạn thông báo kết quả",
            "Hạn báo cáo",
        ],
        widths=[22, 30, 60, 30, 9, 14, 14, 20, 14],
        rows=[
            [
                team.name,
                plan.unit_name(team.lead),
                "; ".join(plan.unit_name(m) for m in team.members),
                (team.secretary.name or "cán bộ") + f" ({plan.unit_name(team.secretary.unit)})",
                s.visits,
                s.first_visit,
                s.last_visit,
                s.result_notice_due,
                s.report_due,
            ]
            for team in plan.teams
            for s in [result.summary(team.code)]
        ],
    )
    notes = Sheet(
        name="Ghi chú",
        title=f"TRẠNG THÁI: {STATUS_VI[result.status]} / {result.status}",
        headers=["Loại", "Nội dung", "Content"],
        widths=[12, 90, 90],
        rows=[["Cảnh báo", m.vi, m.en] for m in result.warnings]
        + [["Ghi chú", m.vi, m.en] for m in result.notes],
    )
    return [by_visit, by_day, by_team, notes]


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    ws = workbook.create_sheet(sheet.name)
    ws.cell(row=1, column=1, value=sheet.title).font = Font(bold=True, size=13)
    for column, (header, width) in enumerate(
        zip(sheet.headers, sheet.widths, strict=True), start=1
    ):
        cell = ws.cell(row=3, column=column, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(column)].width = width
    for r, values in enumerate(sheet.rows, start=4):
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=column, value=value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "A4"


def schedule_workbook(plan: Plan, result: Schedule) -> bytes:
    """Return the schedule as .xlsx bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in schedule_sheets(plan, result):
        _write_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
