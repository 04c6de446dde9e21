"""Nominating individuals: who may, how many, what is checked, locking, the audit, the pages.

Đồng Văn's reporter (``officer``) puts forward people of its communes (Lũng Cú,
Sà Phìn) at the commune level, at most 1 + 1; the district appraiser reads the
list but may not change it; communes and the other district never see it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.web.awards_web.people_world import PeopleWorld, make_people_world
from tests.web.conftest import World
from thidua.web.audit.models import AuditEntry
from thidua.web.awards_web import individuals, services
from thidua.web.awards_web.models import IndividualNomination
from thidua.web.errors import BadInput, Denied

USERS = ("owner", "peer", "outsider", "appraiser", "admin", "officer", "bm_officer", "bm_appraiser")
# Who reads Đồng Văn's list: its officials and the province; never a commune or another district.
READ = {
    "owner": 404,
    "peer": 404,
    "outsider": 404,
    "appraiser": 200,
    "admin": 200,
    "officer": 200,
    "bm_officer": 404,
    "bm_appraiser": 404,
}
# Who changes it: its reporter and the campaign admin; the appraiser reads but may not.
CHANGE = {**READ, "appraiser": 403, "admin": 302, "officer": 302}


@pytest.fixture
def pw(world: World) -> PeopleWorld:
    return make_people_world(world)


def _page(pw: PeopleWorld, level: str = "commune", proposer: str = "HG.DV") -> str:
    return reverse("nominations", args=[pw.campaign.code, level, proposer])


def _add(pw: PeopleWorld, user: Any, **fields: str) -> Any:
    data = {
        "unit": "HG.DV.LC",
        "name": "Giàng Mí Cáy",
        "position": "Chủ tịch UBND xã",
        "achievements": "Vận động 100% công dân",
        "priority": "",
    }
    return pw.client(user).post(
        reverse("nomination_add", args=[pw.campaign.code, "commune", "HG.DV"]), {**data, **fields}
    )


# --- the service --------------------------------------------------------------------------------


def test_it_adds_a_person_and_records_it_in_the_audit_log(pw: PeopleWorld) -> None:
    n = pw.nominate(pw.commune, "Giàng Mí Cáy", user=pw.officer)
    assert (n.proposer, n.unit, n.priority, n.version) == (pw.district, pw.commune, 1, 1)
    assert n.code == f"CN{n.pk:06d}" and n.created_by == pw.officer
    entry = AuditEntry.objects.get(action="awards.nominate")
    assert entry.actor_name == "officer" and entry.unit == "HG.DV.LC"
    assert entry.after["name"] == "Giàng Mí Cáy" and entry.after["priority"] == 1
    # The next one goes after it.
    assert pw.nominate(pw.peer_commune, "Lò Thị Mai", user=pw.officer).priority == 2


def test_it_refuses_more_people_than_the_district_may_nominate(pw: PeopleWorld) -> None:
    pw.nominate(pw.commune, "Giàng Mí Cáy", user=pw.officer)
    pw.nominate(pw.peer_commune, "Lò Thị Mai", user=pw.officer)
    with pytest.raises(BadInput) as err:
        pw.nominate(pw.commune, "Vàng Seo Dính", user=pw.officer)
    msg = err.value.msg
    assert "Huyện Đồng Văn đã đề nghị đủ 2 cá nhân Cấp xã" in msg.vi
    assert "mỗi huyện, thành phố đề cử 1 và tối đa 1 đề cử thêm" in msg.vi
    assert "Huyện Đồng Văn has already put forward 2 individuals at the Commune level" in msg.en
    assert IndividualNomination.objects.count() == 2
    # Another district has its own quota.
    pw.nominate(pw.bm_commune, "Hoàng Văn Sơn", user=pw.bm_officer)


def test_a_level_without_a_per_parent_quota_takes_the_levels_places(pw: PeopleWorld) -> None:
    # Districts nominate their own people, at most the level's 5 places for individuals.
    lv = individuals.level_of(pw.campaign, "district")
    assert individuals.limit_of(lv) == 5
    for i in range(5):
        pw.nominate(pw.district, f"Cán bộ {i}", user=pw.officer, level="district")
    with pytest.raises(BadInput) as err:
        pw.nominate(pw.district, "Cán bộ 6", user=pw.officer, level="district")
    assert (
        "đã đề nghị đủ 5 cá nhân Cấp huyện (tối đa 5 cá nhân: số suất cá nhân" in err.value.msg.vi
    )
    # A district puts forward its own people only.
    with pytest.raises(BadInput) as err:
        individuals.create(
            pw.admin,
            campaign=pw.campaign,
            level_code="district",
            proposer=pw.district,
            unit=pw.other_district,
            name="Người huyện khác",
        )
    assert "Đơn vị ('unit'): 'HG.BM' không phải chính Huyện Đồng Văn" in err.value.msg.vi


def test_every_wrong_field_is_named_in_both_languages(pw: PeopleWorld) -> None:
    with pytest.raises(BadInput) as err:
        individuals.create(
            pw.officer,
            campaign=pw.campaign,
            level_code="commune",
            proposer=pw.district,
            unit=pw.bm_commune,  # Bắc Mê's commune: not Đồng Văn's to nominate
            name="  ",
            position="x" * 201,
            priority=0,
        )
    msg = err.value.msg
    assert "Họ và tên ('name'): không được để trống" in msg.vi
    assert "Chức vụ ('position'): tối đa 200 ký tự" in msg.vi
    assert "Thứ tự ưu tiên ('priority'): phải là số nguyên từ 1 trở lên, nhận được 0" in msg.vi
    assert (
        "Đơn vị ('unit'): 'HG.BM.YC' không phải một đơn vị Cấp xã do Huyện Đồng Văn đề cử" in msg.vi
    )
    assert "Name ('name'): required" in msg.en and "Unit ('unit')" in msg.en
    assert not IndividualNomination.objects.exists()
    with pytest.raises(BadInput) as err:  # as typed in a form
        pw.nominate(pw.commune, "Giàng Mí Cáy", user=pw.officer, priority="một")
    assert "nhận được 'một'" in err.value.msg.vi


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("owner", False),
        ("peer", False),
        ("outsider", False),
        ("appraiser", False),
        ("bm_officer", False),
        ("bm_appraiser", False),
        ("officer", True),
        ("admin", True),
    ],
)
def test_only_the_districts_officials_and_the_campaign_admin_nominate(
    pw: PeopleWorld, who: str, allowed: bool
) -> None:
    if allowed:
        pw.nominate(pw.commune, "Giàng Mí Cáy", user=getattr(pw, who))
        return
    with pytest.raises(Denied):
        pw.nominate(pw.commune, "Giàng Mí Cáy", user=getattr(pw, who))
    assert not AuditEntry.objects.filter(action="awards.nominate").exists()


def test_a_stale_change_is_refused_and_nothing_is_saved(pw: PeopleWorld) -> None:
    n = pw.nominate(pw.commune, "Giàng Mí Cáy", user=pw.officer)
    first = individuals.update(
        pw.officer,
        nomination=n,
        unit=pw.commune,
        name="Giàng Mí Cáy",
        position="Phó Chủ tịch UBND xã",
        achievements="",
        priority=1,
        expected_version=1,
    )
    assert first.version == 2
    with pytest.raises(individuals.StaleNomination) as err:
        individuals.update(
            pw.admin,
            nomination=n,
            unit=pw.commune,
            name="Giàng Mí Cáy",
            position="Bí thư Đảng ủy xã",
            achievements="",
            priority=1,
            expected_version=1,
        )
    assert err.value.status == 409 and err.value.current.position == "Phó Chủ tịch UBND xã"
    with pytest.raises(individuals.StaleNomination):
        individuals.delete(pw.officer, nomination=n, expected_version=1)
    n.refresh_from_db()
    assert (n.position, n.version) == ("Phó Chủ tịch UBND xã", 2)
    update = AuditEntry.objects.get(action="awards.nomination_update")
    assert update.before["position"] == "Chủ tịch UBND xã"
    assert update.after["position"] == "Phó Chủ tịch UBND xã"


def test_the_district_reorders_and_removes_its_people(pw: PeopleWorld) -> None:
    a = pw.nominate(pw.commune, "Giàng Mí Cáy", user=pw.officer)
    b = pw.nominate(pw.peer_commune, "Lò Thị Mai", user=pw.officer)
    rows = individuals.shift(pw.officer, nomination=b, by=-1, expected_version=1)
    assert [(r.name, r.priority) for r in rows] == [("Lò Thị Mai", 1), ("Giàng Mí Cáy", 2)]
    assert AuditEntry.objects.get(action="awards.nomination_reorder").after == [
        [b.code, 1],
        [a.code, 2],
    ]
    a.refresh_from_db()
    individuals.delete(pw.officer, nomination=a, expected_version=a.version)
    assert list(IndividualNomination.objects.values_list("name", flat=True)) == ["Lò Thị Mai"]
    assert AuditEntry.objects.get(action="awards.nomination_remove").before["name"] == (
        "Giàng Mí Cáy"
    )


def test_nominations_freeze_once_a_dossier_is_submitted_or_the_campaign_published(
    pw: PeopleWorld,
) -> None:
    n = pw.nominate(pw.commune, "Giàng Mí Cáy", user=pw.officer)
    proposal, *_ = services.draw_up(pw.admin, pw.campaign, "commune")
    services.move(pw.admin, proposal=proposal, action="submit")
    with pytest.raises(Denied):
        pw.nominate(pw.peer_commune, "Lò Thị Mai", user=pw.admin)
    with pytest.raises(Denied):
        individuals.delete(pw.officer, nomination=n, expected_version=1)
    # Districts nominate at other levels still; nothing runs once the campaign is published.
    pw.nominate(pw.district, "Cán bộ huyện", user=pw.officer, level="district")
    pw.campaign.state = "published"
    pw.campaign.save()
    with pytest.raises(Denied):
        pw.nominate(pw.district, "Cán bộ khác", user=pw.admin, level="district")


# --- the pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", USERS)
def test_a_districts_list_is_read_by_its_officials_and_the_levels_above(
    pw: PeopleWorld, who: str
) -> None:
    pw.nominate(pw.commune, "Giàng Mí Cáy", user=pw.officer)
    response = pw.client(getattr(pw, who)).get(_page(pw))
    assert response.status_code == READ[who]
    assert ("Giàng Mí Cáy" in response.content.decode()) is (READ[who] == 200)


@pytest.mark.parametrize("who", USERS)
def test_only_the_districts_officials_and_the_admin_add_people(pw: PeopleWorld, who: str) -> None:
    response = _add(pw, getattr(pw, who))
    assert response.status_code == CHANGE[who]
    assert IndividualNomination.objects.exists() is (CHANGE[who] == 302)


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("route", ["nomination_save", "nomination_delete", "nomination_shift"])
def test_only_the_districts_officials_and_the_admin_change_people(
    pw: PeopleWorld, route: str, who: str
) -> None:
    n = pw.nominate(pw.commune, "Giàng Mí Cáy", user=pw.officer)
    args = [pw.campaign.code, "commune", "HG.DV", n.pk]
    if route == "nomination_shift":
        args.append("down")
    data = {"version": "1", "unit": "HG.DV.LC", "name": "Giàng Seo Cáy", "priority": "1"}
    response = pw.client(getattr(pw, who)).post(reverse(route, args=args), data)
    assert response.status_code == CHANGE[who]
    entries = AuditEntry.objects.filter(object_type="individual_nomination").count()
    assert (entries > 1) is (CHANGE[who] == 302 and route != "nomination_shift")


def test_the_page_shows_the_quota_and_adds_within_it(pw: PeopleWorld) -> None:
    client = pw.client(pw.officer)
    html = client.get(_page(pw)).content.decode()
    assert "Đã đề cử 0/2 cá nhân" in html and "Thêm cá nhân" in html
    assert '<option value="HG.DV.LC"' in html and '<option value="HG.DV.SP"' in html
    assert "HG.BM.YC" not in html  # Bắc Mê's commune is not Đồng Văn's to nominate
    response = _add(pw, pw.officer)
    assert response.status_code == 302 and response["Location"].endswith(
        f"#n{IndividualNomination.objects.get().pk}"
    )
    _add(pw, pw.officer, unit="HG.DV.SP", name="Lò Thị Mai")
    html = client.get(_page(pw)).content.decode()
    assert "Đã đề cử 2/2 cá nhân" in html and "Đã đủ số lượng cá nhân được đề cử" in html
    assert "Giàng Mí Cáy" in html and "Vận động 100% công dân" in html


def test_a_refused_entry_is_shown_with_what_was_typed(pw: PeopleWorld) -> None:
    response = _add(pw, pw.officer, name="", position="Chủ tịch Hội Nông dân xã", priority="0")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Họ và tên (&#x27;name&#x27;): không được để trống" in html
    assert "Thứ tự ưu tiên (&#x27;priority&#x27;)" in html
    assert 'value="Chủ tịch Hội Nông dân xã"' in html
    assert not IndividualNomination.objects.exists()


def test_the_page_says_when_someone_else_changed_the_person_first(pw: PeopleWorld) -> None:
    n = pw.nominate(pw.commune, "Giàng Mí Cáy", user=pw.officer)
    pw.nominate(pw.peer_commune, "Lò Thị Mai", user=pw.officer)
    client = pw.client(pw.officer)
    path = reverse("nomination_shift", args=[pw.campaign.code, "commune", "HG.DV", n.pk, "down"])
    client.post(path, {"version": "1"})
    save = reverse("nomination_save", args=[pw.campaign.code, "commune", "HG.DV", n.pk])
    response = client.post(save, {"version": "1", "unit": "HG.DV.LC", "name": "Khác"}, follow=True)
    assert "đã được người khác cập nhật" in response.content.decode()
    n.refresh_from_db()
    assert (n.name, n.priority, n.version) == ("Giàng Mí Cáy", 2, 2)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 404),
        ("peer", 404),
        ("outsider", 404),
        ("appraiser", ["Huyện Đồng Văn"]),
        ("officer", ["Huyện Đồng Văn"]),
        ("bm_officer", ["Huyện Bắc Mê"]),
        ("admin", ["Huyện Bắc Mê", "Huyện Đồng Văn", "Huyện Mèo Vạc", "Huyện Yên Minh"]),
    ],
)
def test_the_level_index_lists_the_districts_the_user_may_read(
    pw: PeopleWorld, who: str, expected: Any
) -> None:
    response = pw.client(getattr(pw, who)).get(
        reverse("individuals", args=[pw.campaign.code, "commune"])
    )
    if expected == 404:
        assert response.status_code == 404
        return
    html = response.content.decode()
    shown = [
        name
        for name in ("Huyện Bắc Mê", "Huyện Đồng Văn", "Huyện Mèo Vạc", "Huyện Yên Minh")
        if f">{name}</a>" in html
    ]
    assert shown == expected


def test_a_unit_that_nominates_nobody_at_the_level_has_no_list(pw: PeopleWorld) -> None:
    # A commune nominates nobody at the commune level: its district does.
    assert pw.client(pw.admin).get(_page(pw, proposer="HG.DV.LC")).status_code == 404
    # A district is its own nominating unit at the district level.
    assert pw.client(pw.officer).get(_page(pw, level="district")).status_code == 200


def test_the_page_speaks_english_on_request(pw: PeopleWorld) -> None:
    pw.nominate(pw.commune, "Giàng Mí Cáy", user=pw.officer)
    client = pw.client(pw.officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(_page(pw)).content.decode()
    assert "Individual nominations" in html and "1 of 2 individuals nominated" in html
    assert "at most 2: each district or city nominates 1 and at most 1 extra" in html
    assert "Đề nghị khen thưởng cá nhân" not in html
