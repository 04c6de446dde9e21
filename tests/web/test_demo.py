"""`thidua demo` loads plausible, deterministic demo data, and keeps it on a second run."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from thidua.web.audit.services import verify
from thidua.web.demo import load_demo
from thidua.web.results.models import Result
from thidua.web.units.models import Unit


@pytest.mark.django_db
def test_it_loads_hagiang_and_quangxuong_with_results_in_every_state() -> None:
    done = load_demo()
    assert done["created"]
    districts = Unit.objects.filter(parent__code="HG").exclude(kind="so_nganh")
    assert districts.count() == 11  # 10 districts and the city
    assert Unit.objects.filter(parent__code="HG", kind="so_nganh").count() == 13  # departments
    assert Unit.objects.get(code="HG.TP").kind == "thanh_pho"
    assert Unit.objects.filter(parent__code="TH.QX").count() == 26
    assert set(Result.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "returned",
        "accepted",
        "corrected",
    }
    assert authenticate(username="baocao_lungcu", password="thidua-demo-2023") is not None
    assert authenticate(username="baocao_soyte", password="thidua-demo-2023") is not None
    assert verify()[1] == []


@pytest.mark.django_db
def test_it_keeps_existing_data_when_run_again() -> None:
    load_demo()
    Result.objects.filter(unit__code="HG.DV.03").update(note="sửa tay")
    values = sorted(Result.objects.values_list("unit__code", "criterion", "self_value"), key=str)
    again = load_demo()
    assert not again["created"]
    assert (
        sorted(Result.objects.values_list("unit__code", "criterion", "self_value"), key=str)
        == values
    )
    assert set(Result.objects.filter(unit__code="HG.DV.03").values_list("note", flat=True)) == {
        "sửa tay"
    }
