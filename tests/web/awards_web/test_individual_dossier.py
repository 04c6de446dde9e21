"""Individuals in the proposal list and the dossier: draw-up, pages, statuses, files.

Each of the four districts puts forward two people, one of each of its two
communes' … or, with one commune, two of the same. The order is the unit's
rank (Lũng Cú 1, Sà Phìn 2, then Yên Cường, Pả Vi, Lao và Chải, equal and
ordered by code), then priority. Each district's first person is its base
nominee, its second a runner-up that takes one of the 15 − 4 = 11 extra places:
all 8 are nominated, the first 5 take the Bằng khen, the other 3 the Giấy khen.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.web.awards_web.people_world import (
    BANG_KHEN,
    GIAY_KHEN,
    PeopleWorld,
    make_people_world,
)
from tests.web.conftest import World
from thidua.exports.dossier import all_text
from thidua.web.audit.models import AuditEntry
from thidua.web.awards_web import individual_allocation, services
from thidua.web.awards_web.models import IndividualProposal
from thidua.web.errors import BadInput, Denied

PEOPLE = [  # (unit attribute, name, position)
    ("commune", "Giàng Mí Cáy", "Chủ tịch UBND xã"),
    ("peer_commune", "Lò Thị Mai", "Công chức Tư pháp - Hộ tịch"),
    ("bm_commune", "Hoàng Văn Sơn", "Trưởng Công an xã"),
    ("bm_commune", "Nông Thị Hoa", "Phó Chủ tịch UBND xã"),
    ("mv_commune", "Sùng Mí Pó", "Chủ tịch UBND xã"),
    ("mv_commune", "Vừ Thị Dung", "Văn phòng - Thống kê"),
    ("ym_commune", "Lý Seo Chứ", "Trưởng Công an xã"),
    ("ym_commune", "Thào Thị Mỷ", "Bí thư Đoàn xã"),
]


@pytest.fixture
def pw(world: World) -> PeopleWorld:
    pw = make_people_world(world)
    for unit, name, position in PEOPLE:
        pw.nominate(
            getattr(pw, unit),
            name,
            position=position,
            achievements=f"{name}: vận động 100% công dân kích hoạt tài khoản định danh mức 2\n"
            "Triển khai mô hình chợ phiên không dùng tiền mặt",
        )
    return pw


def test_the_allocation_gives_the_forms_in_the_units_order(pw: PeopleWorld) -> None:
    li = individual_allocation.allocation_for(pw.admin, pw.campaign, "commune")
    order = [(d.name, d.form, d.nomination) for d in li.allocation.decisions]
    assert order == [
        ("Giàng Mí Cáy", BANG_KHEN, "base"),
        ("Lò Thị Mai", BANG_KHEN, "extra"),
        ("Hoàng Văn Sơn", BANG_KHEN, "base"),
        ("Nông Thị Hoa", BANG_KHEN, "extra"),
        ("Sùng Mí Pó", BANG_KHEN, "base"),
        ("Vừ Thị Dung", GIAY_KHEN, "extra"),
        ("Lý Seo Chứ", GIAY_KHEN, "base"),
        ("Thào Thị Mỷ", GIAY_KHEN, "extra"),
    ]
    first = li.allocation.decisions[0]
    assert "Đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in first.reason.vi
    assert "thứ tự 1/8 cá nhân được đề cử; đơn vị HG.DV.LC hạng chung 1/5" in first.reason.vi
    assert "được huyện, thành phố HG.DV đề cử" in first.reason.vi
    with pytest.raises(Denied):  # a reporter does not see the lists before publication
        individual_allocation.allocation_for(pw.officer, pw.campaign, "commune")


def test_drawing_up_stores_the_individual_proposals_too(pw: PeopleWorld) -> None:
    collectives = services.draw_up(pw.admin, pw.campaign, "commune")
    assert [p.unit.code for p in collectives] == ["HG.DV.LC", "HG.DV.SP"]
    people = list(IndividualProposal.objects.order_by("rank"))
    assert [(p.name, p.form, p.rank, p.nominees) for p in people] == [
        ("Giàng Mí Cáy", BANG_KHEN, 1, 8),
        ("Lò Thị Mai", BANG_KHEN, 2, 8),
        ("Hoàng Văn Sơn", BANG_KHEN, 3, 8),
        ("Nông Thị Hoa", BANG_KHEN, 4, 8),
        ("Sùng Mí Pó", BANG_KHEN, 5, 8),
        ("Vừ Thị Dung", GIAY_KHEN, 6, 8),
        ("Lý Seo Chứ", GIAY_KHEN, 7, 8),
        ("Thào Thị Mỷ", GIAY_KHEN, 8, 8),
    ]
    first = people[0]
    assert (first.proposer, first.unit, first.unit_rank_overall, first.units) == (
        pw.district,
        pw.commune,
        1,
        5,
    )
    assert first.form_title == "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    assert first.unit_total is not None and first.unit_total > 0
    entry = AuditEntry.objects.get(action="awards.draw_up_individuals")
    assert entry.after["individuals"][0] == [first.code, "HG.DV.LC", BANG_KHEN]
    # Drawing up again replaces them, and the page says how many.
    response = pw.client(pw.admin).post(
        reverse("awards_draw", args=[pw.campaign.code, "commune"]), follow=True
    )
    assert "Đã lập danh sách 2 tập thể, 8 cá nhân" in response.content.decode()
    assert IndividualProposal.objects.count() == 8


def test_an_individual_dossier_moves_like_a_collectives(pw: PeopleWorld) -> None:
    services.draw_up(pw.admin, pw.campaign, "commune")
    p = IndividualProposal.objects.get(rank=1)
    with pytest.raises(Denied):
        services.move(pw.appraiser, proposal=p, action="submit")
    p = services.move(pw.admin, proposal=p, action="submit")
    p = services.move(pw.admin, proposal=p, action="review")
    p = services.move(pw.admin, proposal=p, action="reject", reason="Thiếu bản kiểm điểm")
    assert (p.status, p.status_reason) == ("rejected", "Thiếu bản kiểm điểm")
    entry = AuditEntry.objects.filter(action="awards.reject").get()
    assert (entry.object_type, entry.object_id) == (
        "individual_proposal",
        f"hg-2023/commune/{p.code}",
    )
    with pytest.raises(BadInput):  # a dossier left the draft: neither list is redrawn
        services.draw_up(pw.admin, pw.campaign, "commune")
    with pytest.raises(Denied):  # and the nominations are frozen
        pw.nominate(pw.commune, "Người mới")


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 404), ("peer", 404), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
def test_only_the_admin_submits_an_individual_dossier(
    pw: PeopleWorld, who: str, expected: int
) -> None:
    services.draw_up(pw.admin, pw.campaign, "commune")
    p = IndividualProposal.objects.get(rank=1)
    response = pw.client(getattr(pw, who)).post(
        reverse("awards_individual_move", args=[pw.campaign.code, p.pk, "submit"])
    )
    assert response.status_code == expected
    p.refresh_from_db()
    assert (p.status == "submitted") is (expected == 302)


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("admin", {"Giàng Mí Cáy", "Lò Thị Mai", "Hoàng Văn Sơn", "Thào Thị Mỷ"}),
        ("appraiser", {"Giàng Mí Cáy", "Lò Thị Mai"}),
        ("bm_appraiser", {"Hoàng Văn Sơn", "Nông Thị Hoa"}),
    ],
)
def test_the_level_page_shows_each_readers_people_with_their_reasons(
    pw: PeopleWorld, who: str, shown: set[str]
) -> None:
    services.draw_up(pw.admin, pw.campaign, "commune")
    html = (
        pw.client(getattr(pw, who))
        .get(reverse("awards_level", args=[pw.campaign.code, "commune"]))
        .content.decode()
    )
    names = {name for _u, name, _p in PEOPLE}
    assert {n for n in names if n in html} >= shown
    hidden = {"Giàng Mí Cáy", "Lò Thị Mai"} if who == "bm_appraiser" else set()
    if who == "appraiser":
        hidden = {"Hoàng Văn Sơn", "Nông Thị Hoa", "Sùng Mí Pó", "Thào Thị Mỷ"}
    assert not {n for n in hidden if n in html}
    assert 'id="individual-decisions"' in html and 'id="individual-proposals"' in html
    if who == "admin":
        assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: 5/5" in html
        assert "Giấy khen của Giám đốc Công an tỉnh: 3/10" in html
        assert "thứ tự 6/8 cá nhân được đề cử" in html  # every nominee's reason
        assert "Báo cáo thành tích (mẫu 07)" in html


def test_the_unit_page_shows_the_people_nominated_from_the_unit(pw: PeopleWorld) -> None:
    path = reverse("unit_awards", args=[pw.campaign.code, pw.commune.code])
    own = pw.client(pw.owner).get(path).content.decode()
    assert "Cá nhân được đề cử từ đơn vị" in own and "Giàng Mí Cáy" in own
    assert "Lò Thị Mai" not in own  # Sà Phìn's person
    assert "individual-decision" not in own  # a reporter does not see the allocation
    overseer = pw.client(pw.appraiser).get(path).content.decode()
    assert "thứ tự 1/8 cá nhân được đề cử" in overseer
    # The district's own page links to its lists.
    district = (
        pw.client(pw.officer)
        .get(reverse("unit_awards", args=[pw.campaign.code, pw.district.code]))
        .content.decode()
    )
    commune_list = reverse("nominations", args=[pw.campaign.code, "commune", "HG.DV"])
    assert f'href="{commune_list}"' in district and "2/2" in district


def test_the_files_hold_the_individuals_after_the_collectives(pw: PeopleWorld) -> None:
    services.draw_up(pw.admin, pw.campaign, "commune")
    client = pw.client(pw.admin)

    def get(kind: str) -> bytes:
        path = reverse("awards_file", args=[pw.campaign.code, "commune", kind])
        return bytes(client.get(path).content)

    book = load_workbook(io.BytesIO(get("danh-sach.xlsx")))
    assert book.sheetnames == ["De nghi khen thuong", "Ca nhan"]
    rows = list(book["Ca nhan"].iter_rows(min_row=4, values_only=True))
    assert [(r[1], r[2], r[3], r[5]) for r in rows][:2] == [
        (
            "Giàng Mí Cáy",
            "Chủ tịch UBND xã",
            "Xã Lũng Cú",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        ),
        (
            "Lò Thị Mai",
            "Công chức Tư pháp - Hộ tịch",
            "Xã Sà Phìn",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        ),
    ]
    assert rows[-1][5] == "Giấy khen của Giám đốc Công an tỉnh"
    assert all(str(r[9]).startswith("Đề nghị ") for r in rows)  # the reason
    assert len(rows) == 8

    submission = all_text(get("to-trinh.docx"))
    assert "đề nghị khen thưởng tập thể, cá nhân có thành tích xuất sắc" in submission
    assert "cho 02 tập thể và 08 cá nhân cấp xã" in submission
    assert "Giấy khen của Giám đốc Công an tỉnh" in submission  # a form only individuals get
    body = [p.text for p in Document(io.BytesIO(get("to-trinh.docx"))).paragraphs]
    assert body.index("1. Tập thể") < body.index("2. Cá nhân")
    assert "Giàng Mí Cáy" in submission and "Thào Thị Mỷ" in submission

    minutes = all_text(get("bien-ban.docx"))
    assert "Hội đồng đã xem xét 8 cá nhân do các đơn vị đề cử" in minutes
    assert "các cá nhân sau:" in minutes and "Sùng Mí Pó" in minutes


def test_a_rejected_individual_leaves_the_submission_but_stays_in_the_list(
    pw: PeopleWorld,
) -> None:
    services.draw_up(pw.admin, pw.campaign, "commune")
    p = IndividualProposal.objects.get(rank=8)
    p = services.move(pw.admin, proposal=p, action="submit")
    services.move(pw.admin, proposal=p, action="reject", reason="Thiếu hồ sơ")
    client = pw.client(pw.admin)
    text = all_text(
        client.get(
            reverse("awards_file", args=[pw.campaign.code, "commune", "to-trinh.docx"])
        ).content
    )
    assert "Thào Thị Mỷ" not in text and "07 cá nhân" in text
    book = load_workbook(
        io.BytesIO(
            client.get(
                reverse("awards_file", args=[pw.campaign.code, "commune", "danh-sach.xlsx"])
            ).content
        )
    )
    last = list(book["Ca nhan"].iter_rows(min_row=4, values_only=True))[-1]
    assert last[1] == "Thào Thị Mỷ" and "Thiếu hồ sơ" in str(last[9])


def test_the_achievement_report_of_an_individual_is_prefilled(pw: PeopleWorld) -> None:
    services.draw_up(pw.admin, pw.campaign, "commune")
    p = IndividualProposal.objects.get(rank=1)
    response = pw.client(pw.admin).get(
        reverse("awards_individual_report", args=[pw.campaign.code, p.pk])
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="bao-cao-thanh-tich-{p.code}.docx"'
    )
    text = all_text(response.content)
    assert "Mẫu số 07" in text and "BÁO CÁO THÀNH TÍCH" in text
    assert "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" in text
    assert (
        "Họ tên, chức vụ và đơn vị đề nghị khen thưởng: Giàng Mí Cáy, Chủ tịch UBND xã, Xã Lũng Cú"
        in text
    )
    assert "XÃ LŨNG CÚ" in text  # the person's unit issues it
    assert "- Đơn vị công tác: Xã Lũng Cú, Huyện Đồng Văn." in text
    assert "- Giàng Mí Cáy: vận động 100% công dân kích hoạt tài khoản định danh mức 2" in text
    assert "- Triển khai mô hình chợ phiên không dùng tiền mặt" in text
    assert "xếp hạng chung 1/5 đơn vị cấp xã" in text
    assert "được Huyện Đồng Văn đề cử; thứ tự 1/8 trong số cá nhân được đề cử" in text
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in text and "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ" in text


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 404),
        ("peer", 404),
        ("outsider", 404),
        ("officer", 404),
        ("bm_appraiser", 404),
        ("appraiser", 200),
        ("admin", 200),
    ],
)
def test_an_individuals_report_follows_the_policy(pw: PeopleWorld, who: str, expected: int) -> None:
    services.draw_up(pw.admin, pw.campaign, "commune")
    p = IndividualProposal.objects.get(rank=1)  # of Lũng Cú, Đồng Văn
    path = reverse("awards_individual_report", args=[pw.campaign.code, p.pk])
    assert pw.client(getattr(pw, who)).get(path).status_code == expected
