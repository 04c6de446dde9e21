"""The demo's Quảng Xương plan: 5 teams, 41 visits, scheduled on the 2-core machine."""

from __future__ import annotations

from typing import Any

import pytest

from thidua import scheduling
from thidua.web.demo import load_units
from thidua.web.inspections import demo, services
from thidua.web.inspections.models import PlanUnit, Visit


@pytest.mark.django_db
def test_it_loads_quang_xuong_linked_to_the_demo_communes_and_schedules_it(settings: Any) -> None:
    settings.THIDUA_SCHEDULE_SECONDS = 20.0
    _, _, qx, _ = load_units()
    plan = demo.load(qx)
    assert demo.load(qx).pk == plan.pk  # idempotent
    plan.refresh_from_db()
    linked = PlanUnit.objects.filter(plan=plan, unit__isnull=False)
    assert linked.count() == 26 and {u.unit.parent_id for u in linked} == {qx.pk}
    assert PlanUnit.objects.get(plan=plan, code="xa_quang_binh").unit.name == "Xã Quảng Bình"
    assert plan.schedule_status in ("optimal", "feasible")
    core = services.core_plan(plan)
    visits = [
        scheduling.Visit(v.team.code, v.unit.code, v.date, v.notice_date)
        for v in Visit.objects.filter(plan=plan).select_related("team", "unit")
    ]
    assert len(visits) == 41 and scheduling.check_visits(core, visits) == ()
