"""The province admin schedules Đồng Văn's inspection plan; the page follows the solve job.

The live server runs jobs as production does by default (``THIDUA_SOLVER_MODE=thread``): the
button queues a job and comes back at once, a thread of the server solves it, and the page's
HTMX poll turns the spinner into the stored schedule. The solver is held at a gate until the
test has seen the page waiting, so the waiting state is shown every time, not only when the
solve happens to be slow.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Browse
from tests.web.conftest import World
from tests.web.inspections.conftest import PLAN_YAML
from thidua.web.inspections import jobs, services
from thidua.web.inspections.models import InspectionPlan, SolveJob, Visit

PLAN = "/inspections/dv-2023/"
INSPECTED = ("Phòng Nội vụ", "Xã Lũng Cú", "Phòng Tư pháp", "Xã Sà Phìn")
# The poll runs every 2 s; the solve itself is limited to THIDUA_SCHEDULE_SECONDS below.
SOLVED_MS = 45_000


@pytest.fixture
def plan(world: World, transactional_db: None, fast_settings: Any) -> InspectionPlan:
    fast_settings.THIDUA_SOLVER_MODE = "thread"
    fast_settings.THIDUA_SCHEDULE_SECONDS = 5.0
    return services.import_plan(world.admin, owner=world.district, text=PLAN_YAML)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The server's solver thread waits here before it solves (the real solver, unchanged)."""
    opened = threading.Event()
    real = services.solve

    def held(plan: InspectionPlan, core: Any) -> Any:
        opened.wait(timeout=60)
        return real(plan, core)

    monkeypatch.setattr(services, "solve", held)
    yield opened
    opened.set()  # never leave the thread waiting past the test


def test_the_admin_schedules_and_the_page_shows_the_schedule_when_solved(
    desktop: Browse, plan: InspectionPlan, gate: threading.Event
) -> None:
    page = desktop.page
    desktop.login("admin")
    desktop.goto(PLAN)
    expect(page.locator("#visits")).to_have_count(0)
    page.get_by_role("button", name="Xếp lịch", exact=True).click()

    # Back at once: the job is running in the server's thread and the block polls it.
    job = page.locator("#solve-job")
    expect(job).to_contain_text("Đang xếp lịch")
    expect(job).to_have_attribute("hx-trigger", "every 2s")
    expect(page.get_by_role("button", name="Xếp lịch", exact=True)).to_be_disabled()
    expect(page.locator("main")).to_contain_text("Đã bắt đầu xếp lịch")
    desktop.shot("solving", focus=job)
    assert SolveJob.objects.get(plan=plan).state == "running"
    assert not Visit.objects.filter(plan=plan).exists()

    gate.set()
    # The poll that sees the job over reloads the page, which now shows the schedule.
    expect(page.locator("#visits tbody tr")).to_have_count(len(INSPECTED), timeout=SOLVED_MS)
    for name in INSPECTED:
        expect(page.locator("#visits")).to_contain_text(name)
    expect(page.locator("#solve-job")).to_contain_text("Lần xếp lịch gần nhất")
    expect(page.locator("#solve-job")).not_to_have_attribute("hx-trigger", "every 2s")
    expect(page.get_by_role("button", name="Xếp lại lịch", exact=True)).to_be_enabled()
    desktop.shot("scheduled", focus=page.locator("#visits"))

    done = SolveJob.objects.get(plan=plan)
    assert done.state == "done" and done.requested_by is not None
    assert Visit.objects.filter(plan=plan).count() == len(INSPECTED)
    desktop.assert_clean()


def test_the_scheduled_plan_reads_on_a_phone(
    phone: Browse, plan: InspectionPlan, world: World, settings: Any
) -> None:
    settings.THIDUA_SOLVER_MODE = "inline"
    assert jobs.request_schedule(world.admin, plan).state == "done"
    page = phone.page
    phone.login("admin")
    phone.goto(PLAN)
    expect(page.locator("#visits tbody tr")).to_have_count(len(INSPECTED))
    expect(page.locator("#solve-job")).to_contain_text("Lần xếp lịch gần nhất")
    phone.shot("plan", full_page=True)
    # Wide tables scroll inside their own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.assert_clean()
