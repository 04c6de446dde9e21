"""Award pages: a unit's gates, the level's proposal list from thidua.awards, dossiers and files.

Both communes of Đồng Văn have every commune gate met (100% results, one
model each); Sà Phìn answers "no" to A.I.1 (5 points), so Lũng Cú ranks first.
Đồng Văn nominates Lũng Cú; Sà Phìn is its runner-up and takes one of the
extra commune nominations (14 places for one district), so both are proposed
for the Bằng khen (5 places).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.web.conftest import World
from thidua.exports.dossier import all_text
from thidua.scoring import get_builtin
from thidua.web.awards_web import services
from thidua.web.awards_web.models import Proposal
from thidua.web.errors import BadInput, Denied
from thidua.web.models_registry import services as registry
from thidua.web.results.models import Result

VALUES = {"binary": True, "ratio": "100%", "count": 1, "tiers": 20, "choice": None, "scaled": 100}


def appraise_all(world: World, unit: object, overrides: dict[str, object] | None = None) -> None:
    fw = get_builtin("hagiang-2023-commune")
    for c in fw.criteria:
        if c.is_events or c.rule is None:
            continue
        value = VALUES.get(c.rule.kind)
        if c.rule.kind == "choice":
            value = c.rule.options[0].key  # type: ignore[attr-defined]
        value = (overrides or {}).get(c.code, value)
        Result.objects.create(
            campaign=world.campaign,
            unit=unit,
            criterion=c.code,
            self_value=value,
            appraised_value=value,
            status="accepted",
        )


@pytest.fixture
def ready(world: World) -> World:
    services.set_plan(
        world.admin,
        campaign=world.campaign,
        plan="hagiang-2023",
        issuer="Công an tỉnh Hà Giang",
        issuer_parent="UBND tỉnh Hà Giang",
        issuer_short="Công an tỉnh",
        symbol="TTr-CAT",
        place="Hà Giang",
        addressee="Chủ tịch UBND tỉnh Hà Giang",
        signer_title="Giám đốc",
    )
    appraise_all(world, world.commune)
    appraise_all(world, world.peer_commune, {"A.I.1": False})
    for unit, user in ((world.commune, world.owner), (world.peer_commune, world.peer)):
        registry.register(
            user,
            campaign=world.campaign,
            unit=unit,
            title="Chợ phiên không dùng tiền mặt",
            field="An sinh xã hội",
            description="",
            started_on=dt.date(2023, 5, 1),
        )
    return world


def test_a_unit_sees_every_gate_pass_and_why(ready: World) -> None:
    html = (
        ready.client(ready.owner)
        .get(reverse("unit_awards", args=[ready.campaign.code, ready.commune.code]))
        .content.decode()
    )
    assert "đạt tất cả 7 điều kiện" in html
    assert "(1) Hoàn thành 100% chỉ tiêu cấp căn cước" in html
    assert "kết quả 100%, cần &gt;= 100% → đạt" in html
    assert 'id="decision"' not in html  # a reporter does not see the allocation before publication


def test_a_failed_gate_says_which_and_why(ready: World) -> None:
    Result.objects.filter(unit=ready.commune, criterion="A.IV.2").update(appraised_value="70%")
    gates = services.unit_gates(ready.appraiser, ready.campaign, ready.commune)
    assert not gates.eligibility.eligible
    (failed,) = gates.eligibility.failed
    assert failed.gate.code == "eid_registration"
    assert "kết quả 70%, cần > 75% → không đạt" in failed.explanation.vi
    assert gates.decision is not None and gates.decision.status == "gate_failed"


def test_the_allocation_uses_the_models_registry_fact(ready: World) -> None:
    ready.commune.registered_models.all().delete()
    _level, elig = services.eligibility_of(ready.campaign, ready.commune)
    assert [r.gate.code for r in elig.failed] == ["model_815"]


def test_the_admin_draws_up_the_list_from_the_allocation(ready: World) -> None:
    out = services.draw_up(ready.admin, ready.campaign, "commune")
    assert [(p.unit.code, p.form, p.rank) for p in out] == [
        ("HG.DV.LC", "bang_khen_ubnd_tinh", 1),
        ("HG.DV.SP", "bang_khen_ubnd_tinh", 2),
    ]
    assert "hạng 1/2 trong số đơn vị được đề cử" in out[0].reason_vi
    with pytest.raises(Denied):
        services.draw_up(ready.appraiser, ready.campaign, "commune")


def test_a_dossier_moves_through_its_statuses(ready: World) -> None:
    p, _ = services.draw_up(ready.admin, ready.campaign, "commune")
    with pytest.raises(Denied):
        services.move(ready.appraiser, proposal=p, action="submit")
    p = services.move(ready.admin, proposal=p, action="submit")
    with pytest.raises(BadInput):  # cannot approve before review
        services.move(ready.admin, proposal=p, action="approve")
    with pytest.raises(BadInput):
        services.move(ready.admin, proposal=p, action="reject", reason=" ")
    p = services.move(ready.admin, proposal=p, action="review")
    p = services.move(ready.admin, proposal=p, action="reject", reason="Thiếu báo cáo thành tích")
    assert (p.status, p.status_reason) == ("rejected", "Thiếu báo cáo thành tích")
    with pytest.raises(BadInput):  # a dossier left the draft: the list stays
        services.draw_up(ready.admin, ready.campaign, "commune")
    p = services.move(ready.admin, proposal=p, action="redraft")
    assert p.status == "drafted"


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 404), ("peer", 404), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
@pytest.mark.parametrize("route", ["awards", "awards_level"])
def test_the_proposal_pages_are_for_those_who_see_the_ranking(
    ready: World, route: str, who: str, expected: int
) -> None:
    args = [ready.campaign.code] + (["commune"] if route == "awards_level" else [])
    assert ready.client(getattr(ready, who)).get(reverse(route, args=args)).status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("peer", 404), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
def test_a_units_gates_follow_the_read_policy(ready: World, who: str, expected: int) -> None:
    path = reverse("unit_awards", args=[ready.campaign.code, ready.commune.code])
    assert ready.client(getattr(ready, who)).get(path).status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 403), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
@pytest.mark.parametrize("route", ["awards_draw", "awards_setup"])
def test_only_the_campaign_admin_draws_up_and_sets_up(
    ready: World, route: str, who: str, expected: int
) -> None:
    args = [ready.campaign.code] + (["commune"] if route == "awards_draw" else [])
    response = ready.client(getattr(ready, who)).post(
        reverse(route, args=args), {"plan": "hagiang-2023"}
    )
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 404), ("peer", 404), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
def test_only_the_admin_submits_a_dossier(ready: World, who: str, expected: int) -> None:
    p, _ = services.draw_up(ready.admin, ready.campaign, "commune")
    response = ready.client(getattr(ready, who)).post(
        reverse("awards_move", args=[ready.campaign.code, p.pk, "submit"])
    )
    assert response.status_code == expected
    p.refresh_from_db()
    assert (p.status == "submitted") is (expected == 302)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 404), ("peer", 404), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
@pytest.mark.parametrize("kind", ["danh-sach.xlsx", "to-trinh.docx", "bien-ban.docx", "report"])
def test_the_dossier_files_follow_the_policy(
    ready: World, kind: str, who: str, expected: int
) -> None:
    p, _ = services.draw_up(ready.admin, ready.campaign, "commune")
    if kind == "report":
        path = reverse("awards_report", args=[ready.campaign.code, p.pk])
    else:
        path = reverse("awards_file", args=[ready.campaign.code, "commune", kind])
    assert ready.client(getattr(ready, who)).get(path).status_code == expected


def test_the_files_hold_the_proposals(ready: World) -> None:
    services.draw_up(ready.admin, ready.campaign, "commune")
    client = ready.client(ready.admin)
    xlsx = client.get(
        reverse("awards_file", args=[ready.campaign.code, "commune", "danh-sach.xlsx"])
    )
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws is not None
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True)]
    assert [(r[1], r[2], r[6]) for r in rows] == [
        ("HG.DV.LC", "Xã Lũng Cú", "1/2"),
        ("HG.DV.SP", "Xã Sà Phìn", "2/2"),
    ]
    docx = client.get(
        reverse("awards_file", args=[ready.campaign.code, "commune", "to-trinh.docx"])
    )
    text = all_text(docx.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Số: …/TTr-CAT" in text
    assert "Công an tỉnh kính trình Chủ tịch UBND tỉnh Hà Giang" in text
    assert "Xã Lũng Cú" in text and "Xã Sà Phìn" in text
    p = Proposal.objects.get(unit=ready.commune)
    report = all_text(
        client.get(reverse("awards_report", args=[ready.campaign.code, p.pk])).content
    )
    assert "BÁO CÁO THÀNH TÍCH" in report and "Mẫu số 07" in report
    assert "xếp hạng chung 1/2 tập thể cấp xã" in report
    assert "Mô hình: Chợ phiên không dùng tiền mặt" in report
    assert "(4) Làm sạch 100% dữ liệu dân cư" in report


def test_the_level_page_shows_the_dossier_deadlines(ready: World) -> None:
    html = (
        ready.client(ready.admin)
        .get(reverse("awards_level", args=[ready.campaign.code, "commune"]))
        .content.decode()
    )
    assert "05/12/2023" in html and "15/12/2023" in html
    assert "Lập danh sách đề nghị" in html


def test_a_campaign_without_a_plan_says_so(world: World) -> None:
    response = world.client(world.admin).get(
        reverse("awards_level", args=[world.campaign.code, "commune"])
    )
    assert response.status_code == 422
    assert "chưa gắn kế hoạch khen thưởng" in response.content.decode()


def test_drafts_left_after_the_first_deadline_are_flagged(ready: World) -> None:
    services.draw_up(ready.admin, ready.campaign, "commune")
    html = (
        ready.client(ready.admin)
        .get(reverse("awards_level", args=[ready.campaign.code, "commune"]))
        .content.decode()
    )
    assert 'id="dossier-reminder"' in html  # today is after 05/12/2023
    assert "2 tập thể, 0 cá nhân chưa nộp hồ sơ dù đã qua hạn đầu tiên (05/12/2023)" in html
