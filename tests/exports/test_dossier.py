"""The dossier documents open in python-docx and read as the administrative layout prescribes."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from docx import Document

from thidua.exports.docx_layout import COUNTRY, MOTTO
from thidua.exports.dossier import (
    Campaign,
    GateLine,
    Issuer,
    Meeting,
    Nominee,
    Person,
    Signer,
    Subtotal,
    achievement_report,
    all_text,
    council_minutes,
    individual_report,
    submission,
)

ISSUER = Issuer(
    body="Công an tỉnh Hà Giang",
    parent="UBND tỉnh Hà Giang",
    symbol="TTr-CAT",
    place="Hà Giang",
    name="Công an tỉnh",
)
SIGNER = Signer(title="Giám đốc", name="Nguyễn Văn A", on_behalf=None)
CAMPAIGN = Campaign(
    title="Phong trào thi đua thực hiện Đề án 06 năm 2023",
    plan="Kế hoạch số 186/KH-UBND ngày 14/6/2023 của UBND tỉnh Hà Giang",
    year=2023,
    level="cấp xã",
)
LUNG_CU = Nominee(
    name="UBND xã Lũng Cú",
    parent="Huyện Đồng Văn",
    form="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    rank=1,
    nominees=14,
    rank_overall=3,
    units=187,
    total=Decimal("187.5"),
    max_points=Decimal(200),
    subtotals=(
        Subtotal("A", "ĐIỂM CƠ BẢN", Decimal("180.25")),
        Subtotal("C", "ĐIỂM TRỪ", Decimal(-1)),
    ),
    gates=(
        GateLine(
            "(1) Hoàn thành 100% chỉ tiêu cấp căn cước", "kết quả 100%, cần ≥ 100% → đạt", True
        ),
    ),
    highlights=("Mô hình “Chợ phiên không dùng tiền mặt”",),
)
SA_PHIN = Nominee(
    name="UBND xã Sà Phìn",
    parent="Huyện Đồng Văn",
    form="Giấy khen của Giám đốc Công an tỉnh",
    rank=6,
    nominees=14,
    rank_overall=9,
    units=187,
    total=Decimal(160),
)

GIANG_MI_CAY = Person(
    name="Giàng Mí Cáy",
    position="Chủ tịch UBND xã",
    unit="UBND xã Lũng Cú",
    unit_parent="Huyện Đồng Văn",
    form="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    rank=1,
    nominees=15,
    proposer="Huyện Đồng Văn",
    achievements="Chỉ đạo thu nhận hồ sơ CCCD cho 100% công dân\n- Xây dựng mô hình chợ phiên",
    unit_total=Decimal("187.5"),
    unit_max_points=Decimal(200),
    unit_rank_overall=3,
    units=187,
)


def _common(text: str) -> None:
    assert COUNTRY in text and MOTTO in text
    assert "UBND TỈNH HÀ GIANG" in text and "CÔNG AN TỈNH HÀ GIANG" in text


def test_the_submission_lists_the_nominees_with_scores_and_ranks() -> None:
    data = submission(
        issuer=ISSUER,
        signer=SIGNER,
        campaign=CAMPAIGN,
        addressee="Chủ tịch UBND tỉnh Hà Giang",
        form="Bằng khen của Chủ tịch UBND tỉnh, Giấy khen của Giám đốc Công an tỉnh",
        nominees=[LUNG_CU, SA_PHIN],
    )
    text = all_text(data)
    _common(text)
    assert "Số: …/TTr-CAT" in text
    assert "Hà Giang, ngày … tháng … năm …" in text
    assert "TỜ TRÌNH" in text
    assert "Kính gửi: Chủ tịch UBND tỉnh Hà Giang" in text
    assert "Căn cứ Kế hoạch số 186/KH-UBND ngày 14/6/2023 của UBND tỉnh Hà Giang;" in text
    assert "Công an tỉnh kính trình" in text and "cho 02 tập thể cấp xã" in text
    assert "UBND xã Lũng Cú" in text and "187,5" in text and "1/14" in text
    assert "Nơi nhận:" in text and "GIÁM ĐỐC" in text and "Nguyễn Văn A" in text


def test_the_minutes_record_the_meeting_and_the_choice() -> None:
    data = council_minutes(
        issuer=Issuer(
            body="Hội đồng Thi đua - Khen thưởng",
            parent="Công an tỉnh Hà Giang",
            symbol="BB-HĐTĐKT",
            place="Hà Giang",
            date=dt.date(2023, 12, 4),
        ),
        meeting=Meeting(
            date=dt.date(2023, 12, 4),
            place="Hội trường Công an tỉnh",
            chair="Trần Văn B",
            secretary="Lê Thị C",
            attendees=9,
            members=11,
            started="08",
            ended="10",
        ),
        campaign=CAMPAIGN,
        nominees=[LUNG_CU, SA_PHIN],
        considered=187,
    )
    text = all_text(data)
    assert COUNTRY in text and MOTTO in text
    assert "Hà Giang, ngày 04 tháng 12 năm 2023" in text
    assert "BIÊN BẢN" in text and "Họp Hội đồng Thi đua - Khen thưởng" in text
    assert "Thời gian: 08 giờ, ngày 04/12/2023." in text
    assert "Thành phần: 9/11 thành viên Hội đồng có mặt." in text
    assert "kết quả chấm điểm, xếp hạng của 187 tập thể cấp xã" in text
    assert "3/187" in text and "9/187" in text
    assert "THƯ KÝ" in text and "CHỦ TRÌ" in text and "Lê Thị C" in text


def test_the_achievement_report_follows_form_07_and_is_prefilled_from_the_score() -> None:
    data = achievement_report(issuer=ISSUER, signer=SIGNER, campaign=CAMPAIGN, nominee=LUNG_CU)
    text = all_text(data)
    _common(text)
    assert "Mẫu số 07" in text
    assert "BÁO CÁO THÀNH TÍCH" in text
    assert "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" in text
    assert "I. SƠ LƯỢC LÝ LỊCH" in text and "II. THÀNH TÍCH ĐẠT ĐƯỢC" in text
    assert "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in text
    assert "tổng 187,5/200 điểm; xếp hạng chung 3/187 tập thể cấp xã" in text
    assert "180,25" in text and "-1" in text  # subtotals the Vietnamese way
    assert (
        "(1) Hoàn thành 100% chỉ tiêu cấp căn cước: kết quả 100%, cần ≥ 100% → đạt (đạt)." in text
    )
    assert "Chợ phiên không dùng tiền mặt" in text
    assert "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
    # A report has no document number.
    assert "Số:" not in text


def test_the_page_is_a4_with_the_administrative_margins_and_font() -> None:
    doc = Document(
        io.BytesIO(
            achievement_report(issuer=ISSUER, signer=SIGNER, campaign=CAMPAIGN, nominee=SA_PHIN)
        )
    )
    s = doc.sections[0]
    mm = [
        round(x.mm)
        for x in (s.page_width, s.page_height, s.left_margin, s.right_margin, s.top_margin)
    ]  # type: ignore[union-attr]
    assert mm == [210, 297, 30, 15, 20]  # stored in twips: compare in whole millimetres
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_a_given_number_and_date_are_printed() -> None:
    issuer = Issuer(
        body="Công an tỉnh Hà Giang",
        symbol="TTr-CAT",
        place="Hà Giang",
        number="245/TTr-CAT",
        date=dt.date(2023, 12, 4),
    )
    text = all_text(
        submission(
            issuer=issuer,
            signer=SIGNER,
            campaign=CAMPAIGN,
            addressee="Sở Nội vụ",
            form="Bằng khen",
            nominees=[LUNG_CU],
        )
    )
    assert "Số: 245/TTr-CAT" in text and "Hà Giang, ngày 04 tháng 12 năm 2023" in text


def test_the_submission_lists_the_individuals_after_the_collectives() -> None:
    text = all_text(
        submission(
            issuer=ISSUER,
            signer=SIGNER,
            campaign=CAMPAIGN,
            addressee="Chủ tịch UBND tỉnh Hà Giang",
            form="Bằng khen của Chủ tịch UBND tỉnh",
            nominees=[LUNG_CU],
            individuals=[GIANG_MI_CAY],
        )
    )
    assert "Về việc đề nghị khen thưởng tập thể, cá nhân có thành tích xuất sắc" in text
    assert "cho 01 tập thể và 01 cá nhân cấp xã" in text
    assert text.index("1. Tập thể") < text.index("2. Cá nhân") < text.index("Giàng Mí Cáy")
    assert "báo cáo thành tích của từng tập thể, cá nhân" in text


def test_the_minutes_record_the_individuals_chosen() -> None:
    text = all_text(
        council_minutes(
            issuer=ISSUER,
            meeting=Meeting(date=None, place="", chair="", secretary=""),
            campaign=CAMPAIGN,
            nominees=[LUNG_CU],
            considered=187,
            individuals=[GIANG_MI_CAY],
            individuals_considered=22,
        )
    )
    assert "Hội đồng đã xem xét 22 cá nhân do các đơn vị đề cử" in text
    assert "các cá nhân sau:" in text and "Chủ tịch UBND xã, UBND xã Lũng Cú" in text


def test_an_individuals_report_follows_form_07_and_is_prefilled() -> None:
    issuer = Issuer(body="UBND xã Lũng Cú", parent="Huyện Đồng Văn", symbol="BC", place="Hà Giang")
    text = all_text(individual_report(issuer=issuer, campaign=CAMPAIGN, person=GIANG_MI_CAY))
    assert "Mẫu số 07" in text and "BÁO CÁO THÀNH TÍCH" in text
    assert "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" in text
    assert "Giàng Mí Cáy, Chủ tịch UBND xã, UBND xã Lũng Cú" in text
    assert "- Chức vụ: Chủ tịch UBND xã." in text
    assert "- Ngày, tháng, năm sinh: …; quê quán: …." in text  # left for the person
    # Each line of the achievements is one item; one already marked keeps its mark.
    assert "- Chỉ đạo thu nhận hồ sơ CCCD cho 100% công dân" in text
    assert "- Xây dựng mô hình chợ phiên" in text and "- - Xây" not in text
    assert "UBND xã Lũng Cú đạt tổng 187,5/200 điểm; xếp hạng chung 3/187 đơn vị cấp xã." in text
    assert "4. Đề cử: được Huyện Đồng Văn đề cử; thứ tự 1/15" in text
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in text and "Số:" not in text
