"""Creating and editing units from the pages: policy-checked, audited, subtrees follow a move."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.web.conftest import World
from thidua.web.audit.models import AuditEntry
from thidua.web.errors import BadInput, Denied
from thidua.web.units.models import Unit, UnitGroup
from thidua.web.units.services import UnitData, create_unit, update_unit


def test_it_creates_a_unit_from_the_page(world: World) -> None:
    UnitGroup.objects.create(code="khoi-1", name="Khối 1")
    response = world.client(world.admin).post(
        reverse("manage_unit_create"),
        {
            "code": "HG.DV.MV",
            "name": "Xã Má Lé",
            "kind": "xa",
            "parent": "HG.DV",
            "valid_from": "01/01/2020",
            "groups": ["khoi-1"],
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="HG.DV.MV")
    assert unit.path == "/HG/HG.DV/HG.DV.MV/" and unit.valid_from is not None
    assert list(unit.groups.values_list("code", flat=True)) == ["khoi-1"]
    assert AuditEntry.objects.get(action="unit.create").after["groups"] == ["khoi-1"]


def test_it_refuses_a_unit_outside_the_users_reach(world: World, district_admin: User) -> None:
    page = world.client(district_admin).post(
        reverse("manage_unit_create"),
        {"code": "HG.BM.X", "name": "Xã X", "kind": "xa", "parent": "HG.BM"},
    )
    assert page.status_code == 403 and not Unit.objects.filter(code="HG.BM.X").exists()
    with pytest.raises(Denied):  # root units need a superuser
        create_unit(world.admin, UnitData(code="QN", name="Tỉnh Quảng Ninh", kind="tinh"))


def test_it_lets_a_superuser_create_a_root_unit(world: World, root: User) -> None:
    create_unit(root, UnitData(code="QN", name="Tỉnh Quảng Ninh", kind="tinh"))
    assert Unit.objects.get(code="QN").path == "/QN/"


def test_it_moves_the_subtree_and_never_under_itself(world: World) -> None:
    Unit.objects.create(code="HG.DV.LC.T1", name="Thôn 1", kind="thon", parent=world.commune)
    data = UnitData(code="HG.DV.LC", name="Xã Lũng Cú", kind="xa", parent_code="HG.BM")
    update_unit(world.admin, world.commune, data)
    assert Unit.objects.get(code="HG.DV.LC.T1").path == "/HG/HG.BM/HG.DV.LC/HG.DV.LC.T1/"
    entry = AuditEntry.objects.get(action="unit.update")
    assert (entry.before["parent"], entry.after["parent"]) == ("HG.DV", "HG.BM")
    loop = UnitData(code="HG.BM", name="Huyện Bắc Mê", kind="huyen", parent_code="HG.DV.LC")
    with pytest.raises(BadInput, match="under itself"):
        update_unit(world.admin, world.other_district, loop)


def test_it_never_changes_a_code(world: World) -> None:
    world.client(world.admin).post(
        reverse("manage_unit_edit", args=["HG.DV.LC"]),
        {"code": "CHANGED", "name": "Xã Lũng Cú 2", "kind": "xa", "parent": "HG.DV"},
    )
    assert Unit.objects.get(pk=world.commune.pk).code == "HG.DV.LC"
    assert Unit.objects.get(pk=world.commune.pk).name == "Xã Lũng Cú 2"


def test_it_refuses_a_validity_that_ends_before_it_starts(world: World) -> None:
    page = world.client(world.admin).post(
        reverse("manage_unit_edit", args=["HG.DV.LC"]),
        {
            "name": "Xã Lũng Cú",
            "kind": "xa",
            "parent": "HG.DV",
            "valid_from": "2025-07-01",
            "valid_to": "2025-01-01",
        },
    )
    assert page.status_code == 422
    assert Unit.objects.get(pk=world.commune.pk).valid_to is None


def test_it_creates_unit_groups(world: World) -> None:
    world.client(world.admin).post(
        reverse("manage_group_create"), {"code": "khoi-2", "name": "Khối thi đua 2"}
    )
    assert UnitGroup.objects.filter(code="khoi-2").exists()
    assert (
        world.client(world.owner)
        .post(reverse("manage_group_create"), {"code": "khoi-3", "name": "X"})
        .status_code
        == 403
    )
