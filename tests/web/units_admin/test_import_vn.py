"""``thidua units import-vn``: the national directory since 1/7/2025, loaded idempotently.

Counts checked against the ``vietnam-provinces`` package (2025.10.1, data of
18/10/2025): 34 provinces (28 provinces, 6 centrally-run cities) and 3,321
communes (2,621 communes, 687 wards, 13 special zones).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from thidua.cli import main
from thidua.web import policy
from thidua.web.audit.models import AuditEntry
from thidua.web.units.models import Unit
from thidua.web.units.vn import import_vn, plan_vn


@pytest.fixture
def loaded(db: Any) -> None:
    import_vn(policy.SYSTEM)


def test_it_loads_34_provinces_and_3321_communes(loaded: None) -> None:
    kinds = Counter(Unit.objects.values_list("kind", flat=True))
    assert kinds == {"tinh": 28, "thanh_pho_tw": 6, "xa": 2621, "phuong": 687, "dac_khu": 13}
    assert Unit.objects.filter(parent__isnull=True).count() == 34
    assert Unit.objects.filter(parent__isnull=False).count() == 3321
    assert Unit.objects.values("code").distinct().count() == 3355


def test_it_names_and_places_units_as_the_official_directory(loaded: None) -> None:
    hanoi = Unit.objects.get(code="01")
    assert (hanoi.name, hanoi.kind, hanoi.parent) == ("Thành phố Hà Nội", "thanh_pho_tw", None)
    tq = Unit.objects.get(code="08")
    assert (tq.name, tq.kind) == ("Tỉnh Tuyên Quang", "tinh")
    ward = Unit.objects.get(code="00070")
    assert (ward.name, ward.kind, ward.path) == ("Phường Hoàn Kiếm", "phuong", "/01/00070/")
    assert ward.valid_from == dt.date(2025, 7, 1)
    assert Unit.objects.get(name="Đặc khu Vân Đồn").kind == "dac_khu"


def test_it_changes_nothing_when_run_again(loaded: None) -> None:
    again = import_vn(policy.SYSTEM)
    assert again.plan.counts == {"create": 0, "update": 0, "same": 3355}
    assert Unit.objects.count() == 3355
    assert AuditEntry.objects.filter(action="unit.import_vn").count() == 1


def test_it_updates_what_drifted_and_keeps_what_an_administrator_set(loaded: None) -> None:
    Unit.objects.filter(code="00070").update(name="Sai tên", valid_from=dt.date(2025, 8, 1))
    preview = plan_vn(policy.SYSTEM)
    (change,) = preview.plan.of("update")
    assert change.changed_fields == [("name", "Sai tên", "Phường Hoàn Kiếm")]
    import_vn(policy.SYSTEM)
    ward = Unit.objects.get(code="00070")
    assert ward.name == "Phường Hoàn Kiếm" and ward.valid_from == dt.date(2025, 8, 1)
    entry = AuditEntry.objects.filter(action="unit.import_vn").last()
    assert entry is not None and entry.before == {
        "00070": {
            "name": "Sai tên",
            "kind": "phuong",
            "parent": "01",
            "valid_from": "2025-08-01",
            "valid_to": None,
            "groups": [],
        }
    }


def test_it_runs_from_the_command_line(db: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["units", "import-vn", "--dry-run"]) == 0
    assert Unit.objects.count() == 0
    assert main(["units", "import-vn"]) == 0
    out = capsys.readouterr().out
    assert "34 tỉnh" in out and "3321 xã" in out and "created 3355" in out
    assert Unit.objects.count() == 3355
