"""A small plan of Đồng Văn (2 teams, 4 inspected units) on the named users' world."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import World
from thidua.web.inspections import jobs, services
from thidua.web.inspections.models import InspectionPlan

# Two district teams; each inspects one office and one commune. Phòng A sits on team 02,
# so it cannot be inspected by team 01 on a day team 02 is out. Window: Mon 7/8 – Fri 11/8/2023.
PLAN_YAML = """
code: dv-2023
title: Kế hoạch kiểm tra Đề án 06 huyện Đồng Văn năm 2023
issuing_body: {name: Tổ công tác Đề án 06 huyện Đồng Văn, place: Đồng Văn}
window: {start: 2023-08-07, end: 2023-08-11}
register_by: 2023-08-01
notice_working_days: 2
result_notice_working_days: 5
report_due: 2023-08-25
outlines: outlines-quangxuong-2023
units:
  - {code: ca_huyen, name: Công an huyện, kind: phong_ban}
  - {code: vp, name: Văn phòng HĐND - UBND huyện, kind: phong_ban}
  - {code: phong_noi_vu, name: Phòng Nội vụ, kind: phong_ban}
  - {code: phong_b, name: Phòng Tư pháp, kind: phong_ban}
  - {code: lc, name: Xã Lũng Cú, kind: xa}
  - {code: sp, name: Xã Sà Phìn, kind: xa}
teams:
  - {code: "01", name: Đoàn kiểm tra số 01, lead: ca_huyen, members: [], secretary: {unit: ca_huyen}, inspects: [phong_noi_vu, lc]}
  - {code: "02", name: Đoàn kiểm tra số 02, lead: vp, members: [phong_noi_vu], secretary: {unit: vp, name: Nguyễn Văn An}, inspects: [phong_b, sp]}
"""


@pytest.fixture(autouse=True)
def _fast_solver(settings: Any) -> None:
    settings.THIDUA_SCHEDULE_SECONDS = 5.0
    # Solve jobs run inside the request, so a test sees their result at once
    # (test_jobs.py covers the worker and the thread).
    settings.THIDUA_SOLVER_MODE = "inline"


@pytest.fixture
def plan(world: World) -> InspectionPlan:
    return services.import_plan(world.admin, owner=world.district, text=PLAN_YAML)


@pytest.fixture
def scheduled(world: World, plan: InspectionPlan) -> InspectionPlan:
    outcome = services.run_schedule(world.admin, plan)
    assert outcome.ok, outcome.problems
    plan.refresh_from_db()
    return plan


@pytest.fixture
def solved(world: World, plan: InspectionPlan) -> InspectionPlan:
    """The plan scheduled through a solve job (inline), as the schedule button does it."""
    job = jobs.request_schedule(world.admin, plan)
    assert job.state == "done", job.message
    plan.refresh_from_db()
    return plan
