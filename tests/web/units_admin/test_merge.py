"""Mergers: predecessor → successor with a date; the past keeps its units, history follows the
successors (lineage), and the command line can do the same."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.web.conftest import World
from thidua.cli import main
from thidua.web import policy
from thidua.web.accounts.models import Membership
from thidua.web.audit.models import AuditEntry
from thidua.web.campaigns.models import RankingSnapshot
from thidua.web.errors import BadInput, Denied
from thidua.web.units.models import Unit, UnitSuccession
from thidua.web.units.services import UnitData
from thidua.web.units.succession import carried_by, lineage, merge_units

REFORM = dt.date(2025, 7, 1)
NEW = UnitData(code="HG.DV.LCSP", name="Xã Lũng Cú mới", kind="xa", parent_code="HG.DV")


def _merge(world: World, who: object = None, **kw: object) -> object:
    args: dict[str, object] = {
        "predecessors": [world.commune, world.peer_commune],
        "successor": NEW,
        "date": REFORM,
    }
    args.update(kw)
    return merge_units(who or world.admin, **args)  # type: ignore[arg-type]


def test_it_records_predecessors_and_successor_with_a_date(world: World) -> None:
    _merge(world, note="Nghị quyết 1681/NQ-UBTVQH15")
    succ = Unit.objects.get(code="HG.DV.LCSP")
    assert succ.valid_from == REFORM and succ.path == "/HG/HG.DV/HG.DV.LCSP/"
    assert sorted(
        UnitSuccession.objects.values_list("predecessor__code", "successor__code", "date")
    ) == [("HG.DV.LC", "HG.DV.LCSP", REFORM), ("HG.DV.SP", "HG.DV.LCSP", REFORM)]
    for code, name in (("HG.DV.LC", "Xã Lũng Cú"), ("HG.DV.SP", "Xã Sà Phìn")):
        old = Unit.objects.get(code=code)
        assert old.valid_to == dt.date(2025, 6, 30) and old.name == name  # the past is kept
    entry = AuditEntry.objects.get(action="unit.merge")
    assert entry.after["predecessors"] == ["HG.DV.LC", "HG.DV.SP"]
    assert entry.reason == "Nghị quyết 1681/NQ-UBTVQH15"


def test_it_keeps_old_campaigns_showing_the_units_as_they_were(world: World) -> None:
    _merge(world)
    codes = set(world.campaign.participants.values_list("code", flat=True))
    assert {"HG.DV.LC", "HG.DV.SP"} <= codes and "HG.DV.LCSP" not in codes
    page = world.client(world.admin).get(reverse("campaign", args=[world.campaign.code]))
    assert "Xã Lũng Cú" in page.content.decode()


def test_it_gives_the_lineage_both_ways(world: World) -> None:
    _merge(world)
    later = Unit.objects.create(code="HG.X", name="Xã X", kind="xa", parent=world.province)
    merge_units(
        world.admin,
        predecessors=[Unit.objects.get(code="HG.DV.LCSP")],
        successor=later,
        date=dt.date(2026, 1, 1),
    )
    lin = lineage(later)
    assert [(lk.unit.code, lk.depth) for lk in lin.predecessors] == [
        ("HG.DV.LCSP", 1),
        ("HG.DV.LC", 2),
        ("HG.DV.SP", 2),
    ]
    assert [u.code for u in lin.as_of(dt.date(2023, 12, 31))] == ["HG.X", "HG.DV.LC", "HG.DV.SP"]
    forward = lineage(world.commune)
    assert [(lk.unit.code, lk.depth) for lk in forward.successors] == [
        ("HG.DV.LCSP", 1),
        ("HG.X", 2),
    ]
    mapping = carried_by([world.commune.pk, world.other_district.pk], on=dt.date(2025, 12, 31))
    succ = Unit.objects.get(code="HG.DV.LCSP")
    assert mapping == {
        world.commune.pk: frozenset({succ.pk}),
        world.other_district.pk: frozenset({world.other_district.pk}),
    }
    assert carried_by([world.commune.pk], on=dt.date(2026, 1, 1)) == {
        world.commune.pk: frozenset({later.pk})
    }


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"successor": "commune"}, "vừa bị sáp nhập"),
        ({"predecessors": []}, "ít nhất một"),
        ({"successor": UnitData(code="HG.BM", name="X", kind="xa")}, "đã tồn tại"),
        ({"successor": UnitData(code="N1", name="X", kind="nope", parent_code="HG")}, "Loại"),
        ({"successor": UnitData(code="N1", name="X", kind="xa", parent_code="NOPE")}, "NOPE"),
    ],
)
def test_it_refuses_impossible_mergers(world: World, change: dict[str, object], words: str) -> None:
    if change.get("successor") == "commune":
        change["successor"] = world.commune
    with pytest.raises(BadInput) as exc:
        _merge(world, **change)
    assert words in exc.value.msg.vi
    assert not UnitSuccession.objects.exists()


def test_it_refuses_to_merge_a_unit_twice_on_different_dates(world: World) -> None:
    _merge(world)
    with pytest.raises(BadInput, match=r"already ended|another date"):
        merge_units(
            world.admin,
            predecessors=[world.commune],
            successor=world.other_district,
            date=dt.date(2026, 1, 1),
        )


@pytest.mark.parametrize("who", ["owner", "peer", "appraiser", "outsider"])
def test_it_lets_only_administrators_merge(world: World, who: str) -> None:
    with pytest.raises(Denied):
        _merge(world, getattr(world, who))
    assert not Unit.objects.filter(code="HG.DV.LCSP").exists()


def test_it_lets_a_district_administrator_merge_inside_the_district(
    world: World, district_admin: User
) -> None:
    _merge(world, district_admin)
    with pytest.raises(Denied):  # a successor directly under the province is out of reach
        merge_units(
            district_admin,
            predecessors=[Unit.objects.get(code="HG.DV.LCSP")],
            successor=UnitData(code="HG.Y", name="Xã Y", kind="xa", parent_code="HG"),
            date=dt.date(2026, 1, 1),
        )


def test_it_can_move_the_villages_to_the_successor(world: World) -> None:
    Unit.objects.create(code="HG.DV.LC.T1", name="Thôn 1", kind="thon", parent=world.commune)
    done = _merge(world, move_children=True)
    assert done.moved_children == 1  # type: ignore[attr-defined]
    assert Unit.objects.get(code="HG.DV.LC.T1").path == "/HG/HG.DV/HG.DV.LCSP/HG.DV.LC.T1/"


def test_it_shows_predecessors_published_ranks_on_the_successors_history(world: World) -> None:
    RankingSnapshot.objects.create(
        campaign=world.campaign,
        level="commune",
        framework="hagiang-2023-commune",
        taken_at=dt.datetime(2023, 12, 20, tzinfo=dt.UTC),
        rows=[
            {"unit": "HG.DV.SP", "rank": 1, "total": "187.5", "colour": "green"},
            {"unit": "HG.DV.LC", "rank": 2, "total": "150", "colour": "amber"},
        ],
    )
    world.campaign.state = "published"
    world.campaign.save()
    _merge(world)
    succ = Unit.objects.get(code="HG.DV.LCSP")
    reader = User.objects.create_user("new_reader", password="x")
    Membership.objects.create(user=reader, unit=succ, role="viewer")
    page = world.client(reader).get(reverse("unit_history", args=[succ.code]))
    assert page.status_code == 200
    rows = {(r.unit.code, r.rank, r.total) for r in page.context["rows"]}
    assert rows == {("HG.DV.LC", 2, Decimal("150")), ("HG.DV.SP", 1, Decimal("187.5"))}
    html = page.content.decode()
    assert "Xã Sà Phìn" in html and "187,5" in html
    # the reader of the new commune cannot open the old communes' result pages
    assert not any(r.can_open for r in page.context["rows"])


def test_it_hides_unpublished_lineage_figures(world: World) -> None:
    _merge(world)
    succ = Unit.objects.get(code="HG.DV.LCSP")
    reader = User.objects.create_user("new_reader", password="x")
    Membership.objects.create(user=reader, unit=succ, role="viewer")
    page = world.client(reader).get(reverse("unit_history", args=[succ.code]))
    assert all(r.rank is None and not r.can_open for r in page.context["rows"])
    assert len(page.context["rows"]) == 2


def test_it_merges_from_the_page(world: World) -> None:
    response = world.client(world.admin).post(
        reverse("manage_units_merge"),
        {
            "predecessors": "HG.DV.LC, HG.DV.SP",
            "successor": "HG.DV.LCSP",
            "date": "2025-07-01",
            "name": "Xã Lũng Cú mới",
            "kind": "xa",
            "parent": "HG.DV",
            "note": "NQ 1681",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/HG.DV.LCSP/history/")
    history = world.client(world.admin).get(response["Location"]).content.decode()
    assert "Xã Lũng Cú" in history and "Xã Sà Phìn" in history and "01/07/2025" in history


def test_it_does_not_reveal_units_outside_the_users_reach(
    world: World, district_admin: User
) -> None:
    response = world.client(district_admin).post(
        reverse("manage_units_merge"),
        {"predecessors": "TH.QX", "successor": "HG.DV.LC", "date": "2025-07-01"},
    )
    assert response.status_code == 422
    assert "Không có đơn vị: TH.QX" in response.content.decode()


def test_it_merges_and_shows_the_lineage_from_the_command_line(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "units",
            "merge",
            "HG.DV.LC",
            "HG.DV.SP",
            "--into",
            "HG.DV.LCSP",
            "--name",
            "Xã Lũng Cú mới",
            "--kind",
            "xa",
            "--parent",
            "HG.DV",
            "--date",
            "01/07/2025",
        ]
    )
    assert code == 0
    assert AuditEntry.objects.get(action="unit.merge").actor_name == "system"
    assert main(["units", "lineage", "HG.DV.LCSP"]) == 0
    out = capsys.readouterr().out
    assert "← HG.DV.LC Xã Lũng Cú (01/07/2025)" in out
    assert main(["units", "merge", "HG.DV.LC", "--into", "HG.BM", "--date", "2/7/2025"]) == 1


def test_the_policy_sees_the_system_as_all_powerful() -> None:
    assert policy.can_place_unit(policy.SYSTEM, None)
