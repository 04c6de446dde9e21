"""Lists are paginated and only ever hold what the caller may see."""

from __future__ import annotations

from tests.web.api.conftest import CallAs
from tests.web.conftest import World
from thidua.web.units.models import Unit


def _codes(page: dict[str, object]) -> list[str]:
    items = page["items"]
    assert isinstance(items, list)
    return [i["code"] for i in items]


def test_it_lists_only_the_units_in_the_callers_subtree(world: World, call_as: CallAs) -> None:
    def units(who: str) -> list[str]:
        return _codes(call_as(who, "token").get("/api/units").json())

    assert units("owner") == ["HG.DV.LC"]
    assert units("peer") == ["HG.DV.SP"]
    assert units("outsider") == ["TH.QX"]
    assert units("appraiser") == ["HG.DV", "HG.DV.LC", "HG.DV.SP"]
    assert units("admin") == ["HG", "HG.BM", "HG.DV", "HG.DV.LC", "HG.DV.SP"]


def test_it_filters_units(world: World, call_as: CallAs) -> None:
    admin = call_as("admin", "token")
    assert _codes(admin.get("/api/units", {"parent": "HG.DV"}).json()) == ["HG.DV.LC", "HG.DV.SP"]
    assert _codes(admin.get("/api/units", {"level": "district"}).json()) == ["HG.BM", "HG.DV"]
    assert _codes(admin.get("/api/units", {"kind": "tinh"}).json()) == ["HG"]
    assert _codes(admin.get("/api/units", {"q": "sà phìn"}).json()) == ["HG.DV.SP"]


def test_it_pages_through_a_long_list(world: World, call_as: CallAs) -> None:
    Unit.objects.bulk_create(
        [
            Unit(
                code=f"HG.BM.X{i:03}",
                name=f"Xã {i}",
                kind="xa",
                parent=world.other_district,
                path=f"/HG/HG.BM/HG.BM.X{i:03}/",
            )
            for i in range(250)
        ]
    )
    admin = call_as("admin", "token")
    first = admin.get("/api/units", {"parent": "HG.BM"}).json()
    assert first["count"] == 250 and len(first["items"]) == 100
    last = admin.get("/api/units", {"parent": "HG.BM", "limit": 100, "offset": 200}).json()
    assert _codes(last)[0] == "HG.BM.X200" and len(last["items"]) == 50
    too_many = admin.get("/api/units", {"limit": 5000})
    assert too_many.status_code == 422 and too_many.json()["details"][0]["field"].endswith("limit")


def test_it_shows_participants_only_in_the_callers_scope(world: World, call_as: CallAs) -> None:
    path = "/api/campaigns/hg-2023/units"
    assert _codes(call_as("peer", "token").get(path).json()) == ["HG.DV.SP"]
    assert _codes(call_as("admin", "token").get(path).json()) == [
        "HG.BM",
        "HG.DV",
        "HG.DV.LC",
        "HG.DV.SP",
    ]


def test_it_lists_campaigns_only_to_people_of_the_province(world: World, call_as: CallAs) -> None:
    assert _codes(call_as("peer", "token").get("/api/campaigns").json()) == ["hg-2023"]
    assert call_as("outsider", "token").get("/api/campaigns").json() == {"items": [], "count": 0}


def test_it_tells_the_caller_what_it_may_do_in_a_campaign(world: World, call_as: CallAs) -> None:
    owner = call_as("owner", "token").get("/api/campaigns/hg-2023").json()
    admin = call_as("admin", "token").get("/api/campaigns/hg-2023").json()
    assert owner["permissions"] == {"manage": False, "ranking": False}
    assert admin["permissions"] == {"manage": True, "ranking": True}
    assert admin["next_states"] == ["appraisal"]
    assert {f["level"]: f["framework"] for f in admin["frameworks"]} == {
        "commune": "hagiang-2023-commune",
        "district": "hagiang-2023-district",
    }


def test_it_lists_the_builtin_frameworks_with_their_findings(world: World, call_as: CallAs) -> None:
    caller = call_as("outsider", "token")
    listed = _codes(caller.get("/api/frameworks").json())
    assert "hagiang-2023-commune" in listed and "dti-commune" in listed
    fw = caller.get("/api/frameworks/hagiang-2023-commune").json()
    ratio = next(n for n in fw["nodes"] if n["code"] == "A.II.1")
    assert (ratio["kind"], ratio["parent"], ratio["max_points"]) == ("ratio", "A.II", "20")
    # Annex 3 A.I.4: maximum 6 but "Có được 5đ" (DESIGN §3.5), found by the validator.
    assert any(f["node"] == "A.I.4" for f in fw["findings"])
