"""Word documents in the Vietnamese administrative layout, read back with python-docx."""

from __future__ import annotations

import dataclasses
import io

import docx
from openpyxl import load_workbook

from thidua.exports.docx_layout import to_bytes
from thidua.scheduling.documents import (
    document_bundle,
    plan_document,
    result_notice,
    team_report,
    visit_notice,
)
from thidua.scheduling.plan import Plan
from thidua.scheduling.schedule import Schedule
from thidua.scheduling.xlsx import schedule_workbook


def text_of(document: object) -> tuple[list[str], list[list[list[str]]]]:
    """Return (body paragraphs, tables as rows of cell texts) of a saved .docx."""
    parsed = docx.Document(io.BytesIO(to_bytes(document)))  # type: ignore[arg-type]
    paragraphs = [p.text for p in parsed.paragraphs if p.text.strip()]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in parsed.tables]
    return paragraphs, tables


def test_it_writes_the_visit_notice_with_header_motto_and_signature(
    quangxuong: Plan, quangxuong_schedule: Schedule
) -> None:
    visit = quangxuong_schedule.visit("01", "phong_tckh")
    paragraphs, tables = text_of(visit_notice(quangxuong, quangxuong_schedule, visit))
    header_left, header_right = tables[0][0]
    assert "TỔ CÔNG TÁC TRIỂN KHAI ĐỀ ÁN 06 HUYỆN QUẢNG XƯƠNG" in header_left
    assert "ĐOÀN KIỂM TRA SỐ 01" in header_left
    assert "Số: …/TB-ĐKT" in header_left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header_right
    assert "Độc lập - Tự do - Hạnh phúc" in header_right
    notice = visit.notice_date
    assert (
        f"Quảng Xương, ngày {notice.day:02d} tháng {notice.month} năm {notice.year}" in header_right
    )
    assert "THÔNG BÁO" in paragraphs
    body = "\n".join(paragraphs)
    assert f"ngày {visit.date.strftime('%d/%m/%Y')}" in body
    assert "Tại trụ sở Phòng Tài chính - Kế hoạch" in body
    assert "Trưởng đoàn: Lãnh đạo Công an huyện" in body
    assert "theo Đề cương A" in body
    recipients, signature = tables[-1][0]
    assert (
        recipients.startswith("Nơi nhận:") and "Phòng Tài chính - Kế hoạch (để t/h)" in recipients
    )
    assert "TRƯỞNG ĐOÀN" in signature


def test_it_asks_communes_for_outline_b(quangxuong: Plan, quangxuong_schedule: Schedule) -> None:
    visit = quangxuong_schedule.visit("03", "xa_quang_nham")
    paragraphs, _ = text_of(visit_notice(quangxuong, quangxuong_schedule, visit))
    body = "\n".join(paragraphs)
    assert "theo Đề cương B" in body
    assert "Thành viên Tổ công tác Đề án 06 cấp xã" in body


def test_a_plan_without_outlines_cites_none(
    quangxuong: Plan, quangxuong_schedule: Schedule
) -> None:
    plain = dataclasses.replace(quangxuong, outlines=None)
    visit = quangxuong_schedule.visit("03", "xa_quang_nham")
    body = "\n".join(text_of(visit_notice(plain, quangxuong_schedule, visit))[0])
    assert "Đề cương" not in body and "Phụ lục 2" not in body
    assert "xây dựng báo cáo kết quả thực hiện" in body and "chuẩn bị tài liệu" in body
    assert "Phụ lục 2" not in "\n".join(text_of(plan_document(plain, quangxuong_schedule))[0])


def test_it_writes_the_plan_with_its_annex_of_teams(
    quangxuong: Plan, quangxuong_schedule: Schedule
) -> None:
    paragraphs, tables = text_of(plan_document(quangxuong, quangxuong_schedule))
    assert "KẾ HOẠCH" in paragraphs
    assert paragraphs[paragraphs.index("KẾ HOẠCH") + 1].startswith(
        "Kiểm tra kết quả thực hiện các nhiệm vụ"
    )
    body = "\n".join(paragraphs)
    assert "từ ngày 03/08/2023 đến hết ngày 24/08/2023 (16 ngày làm việc)" in body
    assert "chậm nhất ngày 31/07/2023" in body
    assert "trước ít nhất 02 ngày làm việc" in body
    assert "chậm nhất ngày 29/08/2023" in body
    annex = next(t for t in tables if t[0][0] == "STT" and "Đoàn kiểm tra" in t[0][1])
    assert len(annex) == 1 + 5
    assert annex[4][2].startswith(
        "Phòng Tài chính - Kế hoạch (Trưởng đoàn); Viện Kiểm sát nhân dân huyện"
    )
    assert "Xã Quảng Văn" in annex[4][3]
    assert (
        "A- ĐỀ CƯƠNG GỢI Ý BÁO CÁO PHỤC VỤ KIỂM TRA THỰC HIỆN ĐỀ ÁN 06 TẠI PHÒNG, BAN, NGÀNH, ĐƠN VỊ, ĐOÀN THỂ CẤP HUYỆN"
        in paragraphs
    )
    assert "*) Đối với Phòng Nội vụ" in paragraphs
    assert "III. PHƯƠNG HƯỚNG NHIỆM VỤ THỜI GIAN TỚI" in paragraphs
    assert "PHỤ LỤC 3" in paragraphs
    schedule_table = tables[-1]
    assert schedule_table[0] == [
        "STT",
        "Ngày kiểm tra",
        "Đoàn kiểm tra",
        "Cơ quan, đơn vị được kiểm tra",
        "Ngày gửi thông báo",
    ]
    assert len(schedule_table) == 1 + 41
    signature = tables[1][0][1]
    assert (
        "TỔ TRƯỞNG" in signature
        and "CHỦ TỊCH UBND HUYỆN" in signature
        and "Nguyễn Đức Thịnh" in signature
    )


def test_it_writes_the_result_notice_dated_on_its_due_date(
    quangxuong: Plan, quangxuong_schedule: Schedule
) -> None:
    visit = quangxuong_schedule.visit("05", "dien_luc")
    due = quangxuong_schedule.summary("05").result_notice_due
    assert due is not None
    paragraphs, tables = text_of(result_notice(quangxuong, quangxuong_schedule, visit))
    assert f"ngày {due.day:02d} tháng {due.month} năm {due.year}" in tables[0][0][1]
    body = "\n".join(paragraphs)
    assert "Kết quả kiểm tra thực hiện Đề án 06 tại Điện lực huyện" in body
    for heading in (
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "II. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN",
        "III. KIẾN NGHỊ, YÊU CẦU",
    ):
        assert heading in paragraphs


def test_it_writes_the_team_report_with_its_visits(
    quangxuong: Plan, quangxuong_schedule: Schedule
) -> None:
    paragraphs, tables = text_of(
        team_report(quangxuong, quangxuong_schedule, quangxuong.team("01"))
    )
    body = "\n".join(paragraphs)
    assert (
        "Đoàn kiểm tra số 01 đã kiểm tra 9 cơ quan, đơn vị, địa phương, gồm 3 cơ quan, đơn vị cấp huyện và 6 UBND cấp xã"
        in body
    )
    visits = tables[1]
    assert len(visits) == 1 + 9
    assert "ngày 29 tháng 8 năm 2023" in tables[0][0][1]
    assert "Cơ quan thường trực (Công an huyện) (để b/c)" in tables[-1][0][0]


def test_it_bundles_every_document_and_the_workbook(
    quangxuong: Plan, quangxuong_schedule: Schedule
) -> None:
    files = document_bundle(quangxuong, quangxuong_schedule)
    assert len(files) == 89
    assert all(data[:2] == b"PK" for data in files.values())  # zip containers: .docx and .xlsx


def test_it_exports_the_schedule_by_day_and_by_team(
    quangxuong: Plan, quangxuong_schedule: Schedule
) -> None:
    workbook = load_workbook(io.BytesIO(schedule_workbook(quangxuong, quangxuong_schedule)))
    by_day = workbook["Theo ngày"]
    assert by_day.max_row == 3 + 16
    assert [c.value for c in by_day[3]][:3] == ["Ngày", "Thứ", "Đoàn kiểm tra số 01"]
    teams = workbook["Các đoàn"]
    assert teams.cell(row=4, column=1).value == "Đoàn kiểm tra số 01"
    assert teams.cell(row=4, column=5).value == 9
