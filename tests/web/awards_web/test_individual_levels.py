"""Individual nominations at the village and the department level, through the pages and the API.

Village level: Đồng Văn (``officer``) puts forward people of its communes' villages — Thôn
Lũng Cú (the owner's commune), Thôn Séo Lủng (the peer's) — at most 2 (``per_parent`` 2, no
extra); Tổ 1 of Hà Giang city is the city's to nominate. The level has 22 places: 5 Bằng khen,
17 Giấy khen. Department level: each department puts forward its own people, at most the
level's 8 places, all for the provincial chairman's Bằng khen (8 of the plan's 23
province-wide). The plan's caps (23 Bằng khen, 27 Giấy khen for individuals) are what the
levels' places add up to.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.web.awards_web.people_world import (
    BANG_KHEN,
    GIAY_KHEN,
    LevelsWorld,
    make_levels_world,
)
from tests.web.awards_web.test_individuals_api import caller
from tests.web.conftest import World
from thidua.web.audit.models import AuditEntry
from thidua.web.awards_web import individuals, services
from thidua.web.awards_web.models import IndividualNomination, IndividualProposal

USERS = (
    "owner",
    "peer",
    "outsider",
    "appraiser",
    "admin",
    "officer",
    "bm_officer",
    "bm_appraiser",
    "dept_officer",
    "other_dept_officer",
)
NOBODY = dict.fromkeys(USERS, 404)
# Đồng Văn's village list: its officials and the province; never a commune, a department or
# another district. Its appraiser reads but may not change it.
VILLAGE_READ = {**NOBODY, "appraiser": 200, "admin": 200, "officer": 200}
VILLAGE_CHANGE = {**VILLAGE_READ, "appraiser": 403, "admin": 302, "officer": 302}
# Sở Thông tin và Truyền thông's list: its own officials and the province; no other department.
DEPT_READ = {**NOBODY, "admin": 200, "dept_officer": 200}
DEPT_CHANGE = {**DEPT_READ, "admin": 302, "dept_officer": 302}

BANG_KHEN_TITLE = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
GIAY_KHEN_TITLE = "Giấy khen của Giám đốc Công an tỉnh"
API = "/api/campaigns/hg-2023/awards"
ACHIEVEMENTS = "Vận động 100% công dân từ đủ 14 tuổi trong thôn làm thủ tục cấp CCCD"


@pytest.fixture
def lw(world: World) -> LevelsWorld:
    return make_levels_world(world)


def _page(lw: LevelsWorld, level: str, proposer: str) -> str:
    return reverse("nominations", args=[lw.campaign.code, level, proposer])


def _add(lw: LevelsWorld, user: Any, level: str, proposer: str, **fields: str) -> Any:
    data = {
        "unit": "HG.DV.LC.T1",
        "name": "Giàng Seo Lử",
        "position": "Trưởng thôn",
        "achievements": ACHIEVEMENTS,
        "priority": "",
    }
    path = reverse("nomination_add", args=[lw.campaign.code, level, proposer])
    return lw.client(user).post(path, {**data, **fields})


def _nominations(level: str, proposer: str) -> list[tuple[str, str]]:
    return list(
        IndividualNomination.objects.filter(level=level, proposer__code=proposer)
        .order_by("priority", "pk")
        .values_list("name", "unit__code")
    )


# --- villages -----------------------------------------------------------------------------------


def test_a_district_nominates_its_villages_people_within_its_quota(lw: LevelsWorld) -> None:
    client = lw.client(lw.officer)
    html = client.get(_page(lw, "village", "HG.DV")).content.decode()
    assert "Đã đề cử 0/2 cá nhân" in html and "mỗi huyện, thành phố đề cử 2" in html
    assert '<option value="HG.DV.LC.T1"' in html and '<option value="HG.DV.SP.T1"' in html
    assert "HG.TP.NT.T1" not in html  # the city's village: the city nominates it
    assert f"5 {BANG_KHEN_TITLE} (toàn tỉnh không quá 23 cá nhân)" in html
    assert f"17 {GIAY_KHEN_TITLE} (toàn tỉnh không quá 27 cá nhân)" in html

    refused = _add(lw, lw.officer, "village", "HG.DV", unit="HG.TP.NT.T1")
    assert refused.status_code == 422
    assert (
        "Đơn vị (&#x27;unit&#x27;): &#x27;HG.TP.NT.T1&#x27; không phải một đơn vị "
        "Thôn, tổ dân phố do Huyện Đồng Văn đề cử"
    ) in refused.content.decode()

    assert _add(lw, lw.officer, "village", "HG.DV").status_code == 302
    second = _add(lw, lw.officer, "village", "HG.DV", unit="HG.DV.SP.T1", name="Vàng Thị Sua")
    assert second.status_code == 302
    assert _nominations("village", "HG.DV") == [
        ("Giàng Seo Lử", "HG.DV.LC.T1"),
        ("Vàng Thị Sua", "HG.DV.SP.T1"),
    ]
    entry = AuditEntry.objects.filter(action="awards.nominate").latest("seq")
    assert (entry.actor_name, entry.unit) == ("officer", "HG.DV.SP.T1")

    # The quota is full: a third person is refused, naming the unit, the level and its forms.
    third = _add(lw, lw.officer, "village", "HG.DV", name="Sùng Mí Pó")
    assert third.status_code == 422
    html = third.content.decode()
    assert "Huyện Đồng Văn đã đề nghị đủ 2 cá nhân Thôn, tổ dân phố" in html
    assert "không thể thêm. Suất cá nhân của Thôn, tổ dân phố" in html
    assert f"17 {GIAY_KHEN_TITLE} (toàn tỉnh không quá 27 cá nhân)" in html
    assert len(_nominations("village", "HG.DV")) == 2
    html = client.get(_page(lw, "village", "HG.DV")).content.decode()
    assert "Đã đề cử 2/2 cá nhân" in html and "Đã đủ số lượng cá nhân được đề cử" in html


def test_the_api_refuses_a_third_village_person_in_both_languages(lw: LevelsWorld) -> None:
    officer = caller(lw, "officer")
    path = f"{API}/village/nominations/HG.DV"
    body = {"unit": "HG.DV.LC.T1", "name": "Giàng Seo Lử", "position": "Trưởng thôn"}
    assert officer.send("post", path, body).status_code == 201
    assert officer.send("post", path, {**body, "unit": "HG.DV.SP.T1"}).status_code == 201
    listed = officer.get(path).json()
    assert (listed["quota"], listed["used"], listed["can_edit"]) == (2, 2, True)
    response = officer.send("post", path, {**body, "name": "Sùng Mí Pó"})
    assert response.status_code == 422
    out = response.json()
    assert out["code"] == "invalid"
    assert "Huyện Đồng Văn đã đề nghị đủ 2 cá nhân Thôn, tổ dân phố" in out["message_vi"]
    assert f"5 {BANG_KHEN_TITLE} (toàn tỉnh không quá 23 cá nhân)" in out["message_vi"]
    assert (
        "Huyện Đồng Văn has already put forward 2 individuals at the Villages and residential "
        "groups" in out["message_en"]
    )
    assert (
        "17 Certificate of commendation of the Director of the Provincial Police "
        "(at most 27 individuals province-wide)" in out["message_en"]
    )
    assert IndividualNomination.objects.filter(level="village").count() == 2
    # Another district has its own quota: the city nominates its own village's people.
    city = caller(lw, "admin").send(
        "post", f"{API}/village/nominations/HG.TP", {**body, "unit": "HG.TP.NT.T1"}
    )
    assert city.status_code == 201 and city.json()["unit"] == "HG.TP.NT.T1"


@pytest.mark.parametrize("who", USERS)
def test_a_districts_village_list_answers_each_named_user_as_the_policy_says(
    lw: LevelsWorld, who: str
) -> None:
    lw.nominate(lw.village, "Giàng Seo Lử", user=lw.officer, level="village")
    user = getattr(lw, who)
    page = lw.client(user).get(_page(lw, "village", "HG.DV"))
    assert page.status_code == VILLAGE_READ[who]
    assert ("Giàng Seo Lử" in page.content.decode()) is (VILLAGE_READ[who] == 200)
    added = _add(lw, user, "village", "HG.DV", unit="HG.DV.SP.T1", name="Vàng Thị Sua")
    assert added.status_code == VILLAGE_CHANGE[who]
    api = caller(lw, who)
    path = f"{API}/village/nominations/HG.DV"
    assert api.get(path).status_code == VILLAGE_READ[who]
    writes = VILLAGE_CHANGE[who] == 302
    created = api.send("post", path, {"unit": "HG.DV.SP.T1", "name": "Lò Văn Páo"})
    # A writer has filled the quota on the page: the API refuses a third person.
    assert created.status_code == (422 if writes else VILLAGE_CHANGE[who])
    stored = {n for n, _ in _nominations("village", "HG.DV")}
    assert stored == {"Giàng Seo Lử"} | ({"Vàng Thị Sua"} if writes else set())


@pytest.mark.parametrize(
    ("who", "village", "sees"),
    [
        ("owner", "village", True),
        ("owner", "peer_village", False),
        ("peer", "peer_village", True),
        ("peer", "village", False),
    ],
)
def test_a_commune_sees_its_own_villages_people_and_never_another_communes(
    lw: LevelsWorld, who: str, village: str, sees: bool
) -> None:
    lw.nominate(lw.village, "Giàng Seo Lử", user=lw.officer, level="village")
    lw.nominate(lw.peer_village, "Vàng Thị Sua", user=lw.officer, level="village")
    unit = getattr(lw, village)
    client = lw.client(getattr(lw, who))
    response = client.get(reverse("unit_awards", args=[lw.campaign.code, unit.code]))
    if not sees:
        assert response.status_code == 404
        return
    html = response.content.decode()
    mine, theirs = (
        ("Giàng Seo Lử", "Vàng Thị Sua") if unit == lw.village else ("Vàng Thị Sua", "Giàng Seo Lử")
    )
    assert response.status_code == 200 and mine in html and theirs not in html
    # Neither the district's list nor the level's index of lists is a commune's to read.
    assert client.get(_page(lw, "village", "HG.DV")).status_code == 404
    index = reverse("individuals", args=[lw.campaign.code, "village"])
    assert client.get(index).status_code == 404


# --- departments --------------------------------------------------------------------------------


def _fill_department(lw: LevelsWorld) -> None:
    """Sở Thông tin và Truyền thông puts forward 8 of its people through the API."""
    api = caller(lw, "dept_officer")
    path = f"{API}/department/nominations/HG.STTTT"
    for i in range(1, 9):
        body = {"unit": "HG.STTTT", "name": f"Chuyên viên số {i}", "position": "Chuyên viên"}
        assert api.send("post", path, body).status_code == 201


def test_a_department_nominates_its_own_people_up_to_the_levels_places(lw: LevelsWorld) -> None:
    lv = individuals.level_of(lw.campaign, "department")
    assert individuals.limit_of(lv) == 8
    client = lw.client(lw.dept_officer)
    refused = _add(lw, lw.dept_officer, "department", "HG.STTTT", unit="HG.SYT")
    assert refused.status_code == 422
    assert (
        "&#x27;HG.SYT&#x27; không phải chính Sở Thông tin và Truyền thông"
        in refused.content.decode()
    )
    _fill_department(lw)
    html = client.get(_page(lw, "department", "HG.STTTT")).content.decode()
    assert "Đã đề cử 8/8 cá nhân" in html and "Đã đủ số lượng cá nhân được đề cử" in html
    assert f"8 {BANG_KHEN_TITLE} (toàn tỉnh không quá 23 cá nhân)" in html
    ninth = _add(lw, lw.dept_officer, "department", "HG.STTTT", unit="HG.STTTT", name="Người 9")
    assert ninth.status_code == 422
    html = ninth.content.decode()
    assert (
        "Sở Thông tin và Truyền thông đã đề nghị đủ 8 cá nhân "
        "Sở, ban, ngành, đoàn thể tỉnh, doanh nghiệp"
    ) in html
    assert "tối đa 8 cá nhân: số suất cá nhân của Sở, ban, ngành" in html
    assert f"8 {BANG_KHEN_TITLE} (toàn tỉnh không quá 23 cá nhân)" in html
    assert GIAY_KHEN_TITLE not in html  # the level has no Giấy khen places
    assert IndividualNomination.objects.filter(level="department").count() == 8
    # In English through the API.
    response = caller(lw, "dept_officer").send(
        "post", f"{API}/department/nominations/HG.STTTT", {"unit": "HG.STTTT", "name": "Người 9"}
    )
    assert response.status_code == 422
    assert (
        "Sở Thông tin và Truyền thông has already put forward 8 individuals"
        in response.json()["message_en"]
    )
    assert (
        "8 Certificate of merit of the Chairman of the Provincial People's Committee "
        "(at most 23 individuals province-wide)" in response.json()["message_en"]
    )


def test_the_levels_places_leave_out_one_too_many_and_add_up_to_the_caps(
    lw: LevelsWorld,
) -> None:
    _fill_department(lw)
    # Another department has its own quota, but the level has only 8 places.
    lw.nominate(lw.other_department, "Lê Thị Hạnh", user=lw.other_dept_officer, level="department")
    body = caller(lw, "admin").get(f"{API}/department/individuals").json()
    assert [(f["form"], f["places"], len(f["given"])) for f in body["forms"]] == [(BANG_KHEN, 8, 8)]
    assert len(body["proposals"]) == 8
    (left,) = body["not_proposed"]
    assert left["name"] == "Lê Thị Hạnh"  # Sở Y tế ranks after Sở TT&TT (equal, then code)
    assert "Không đề nghị: đã hết số lượng khen thưởng" in left["reason"]["vi"]
    assert f"8 {BANG_KHEN_TITLE}" in left["reason"]["vi"]
    assert "Not proposed: quota exhausted" in left["reason"]["en"]
    services.draw_up(lw.admin, lw.campaign, "department")
    drawn = IndividualProposal.objects.filter(campaign=lw.campaign, level="department")
    assert drawn.count() == 8 and set(drawn.values_list("form", flat=True)) == {BANG_KHEN}
    assert not drawn.filter(name="Lê Thị Hạnh").exists()
    # The levels' places for individuals add up to the plan's province-wide caps.
    plan = services.plan_for(lw.campaign)
    for form, cap in ((BANG_KHEN, 23), (GIAY_KHEN, 27)):
        places = sum(q.individuals for lv in plan.levels for q in lv.forms if q.form == form)
        assert places == cap == plan.form(form).cap_individuals


@pytest.mark.parametrize("who", USERS)
def test_a_departments_list_answers_each_named_user_as_the_policy_says(
    lw: LevelsWorld, who: str
) -> None:
    lw.nominate(lw.department, "Lê Quang Minh", user=lw.dept_officer, level="department")
    user = getattr(lw, who)
    page = lw.client(user).get(_page(lw, "department", "HG.STTTT"))
    assert page.status_code == DEPT_READ[who]
    assert ("Lê Quang Minh" in page.content.decode()) is (DEPT_READ[who] == 200)
    added = _add(lw, user, "department", "HG.STTTT", unit="HG.STTTT", name="Phạm Thu Trang")
    assert added.status_code == DEPT_CHANGE[who]
    api = caller(lw, who)
    path = f"{API}/department/nominations/HG.STTTT"
    assert api.get(path).status_code == DEPT_READ[who]
    created = api.send("post", path, {"unit": "HG.STTTT", "name": "Đỗ Văn Hưng"})
    assert created.status_code == {302: 201}.get(DEPT_CHANGE[who], DEPT_CHANGE[who])
    stored = {n for n, _ in _nominations("department", "HG.STTTT")}
    writes = DEPT_CHANGE[who] == 302
    assert stored == {"Lê Quang Minh"} | ({"Phạm Thu Trang", "Đỗ Văn Hưng"} if writes else set())
