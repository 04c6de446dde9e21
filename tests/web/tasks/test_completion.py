"""Departments are ranked on their Annex 1 lead tasks: the platform writes A.1 / A.2 itself.

annex1-task-completion (ours; the plan prints no table for departments):
A.1 = confirmed lead tasks done on time / lead tasks, 50 points;
A.2 = confirmed lead tasks done (late or not) / lead tasks, 50 points.
"Công an tỉnh" leads 15 tasks of Annex 1 (tests/web/tasks/test_tasks.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.web.conftest import World
from thidua.web.awards_web import services as awards
from thidua.web.awards_web.models import AwardSetup
from thidua.web.campaigns.models import LevelFramework
from thidua.web.campaigns.scoring import rank_level, unit_score
from thidua.web.results.models import Result
from thidua.web.tasks import services
from thidua.web.tasks.models import Task, TaskList
from thidua.web.units.models import Unit

DUE = dt.date(2023, 11, 30)


@pytest.fixture
def police(world: World) -> Unit:
    return Unit.objects.create(
        code="HG.CA", name="Công an tỉnh Hà Giang", kind="so_nganh", parent=world.province
    )


@pytest.fixture
def health(world: World) -> Unit:
    return Unit.objects.create(
        code="HG.SYT", name="Sở Y tế", kind="so_nganh", parent=world.province
    )


@pytest.fixture
def tasklist(world: World, police: Unit, health: Unit) -> TaskList:
    world.campaign.participants.add(police, health)
    LevelFramework.objects.create(
        campaign=world.campaign, level="department", framework="annex1-task-completion"
    )
    tl = services.load_builtin(
        world.admin, campaign=world.campaign, code="hagiang-2023-departments", default_due=DUE
    )
    services.review_name(world.admin, name=tl.names.get(name="Công an tỉnh"), units=[police])
    services.review_name(world.admin, name=tl.names.get(name="Sở Y tế"), units=[health])
    return tl


def finish(world: World, task: Task, unit: Unit, completed_on: dt.date, *, confirm: bool) -> Task:
    task = services.report(
        world.admin,
        task=task,
        unit=unit,
        status="done",
        result_text="Đã hoàn thành",
        completed_on=completed_on,
        expected_version=task.version,
    )
    if confirm:
        task = services.confirm(
            world.admin, task=task, accept=True, note="", expected_version=task.version
        )
    return task


def value(world: World, unit: Unit, criterion: str) -> object:
    row = Result.objects.filter(campaign=world.campaign, unit=unit, criterion=criterion).first()
    return None if row is None else row.appraised_value


def police_tasks(tl: TaskList) -> list[Task]:
    return [t for t in tl.tasks.order_by("position") if "Công an tỉnh" in t.lead_names]


def test_reviewing_the_names_gives_every_lead_unit_its_rows_at_zero(
    world: World, tasklist: TaskList, police: Unit
) -> None:
    assert value(world, police, "A.1") == {"numerator": 0, "denominator": 15}
    assert value(world, police, "A.2") == {"numerator": 0, "denominator": 15}
    assert Result.objects.get(campaign=world.campaign, unit=police, criterion="A.1").status == (
        "accepted"
    )


def test_only_confirmed_tasks_count_and_late_ones_count_half(
    world: World, tasklist: TaskList, police: Unit
) -> None:
    on_time, late, unconfirmed = police_tasks(tasklist)[:3]
    finish(world, on_time, police, dt.date(2023, 9, 1), confirm=True)
    finish(world, late, police, dt.date(2023, 12, 5), confirm=True)
    finish(world, unconfirmed, police, dt.date(2023, 9, 1), confirm=False)
    assert value(world, police, "A.1") == {"numerator": 1, "denominator": 15}
    assert value(world, police, "A.2") == {"numerator": 2, "denominator": 15}
    score = unit_score(world.campaign, police, basis="final")
    # 50 x 1/15 = 3.333 -> 3.33; 50 x 2/15 = 6.667 -> 6.67 (half-up per criterion)
    assert (score.criteria["A.1"].points, score.criteria["A.2"].points) == (
        Decimal("3.33"),
        Decimal("6.67"),
    )
    assert score.total == Decimal("10.00")


def test_returning_a_confirmed_task_takes_its_points_back(
    world: World, tasklist: TaskList, police: Unit
) -> None:
    task = finish(world, police_tasks(tasklist)[0], police, dt.date(2023, 9, 1), confirm=True)
    assert value(world, police, "A.1") == {"numerator": 1, "denominator": 15}
    services.report(
        world.admin,
        task=task,
        unit=police,
        status="in_progress",
        result_text="",
        completed_on=None,
        expected_version=task.version,
    )
    assert value(world, police, "A.1") == {"numerator": 0, "denominator": 15}


def test_a_unit_that_no_longer_leads_loses_its_values(
    world: World, tasklist: TaskList, police: Unit
) -> None:
    services.review_name(world.admin, name=tasklist.names.get(name="Công an tỉnh"), units=[])
    assert value(world, police, "A.1") is None


def test_departments_rank_and_meet_the_award_plan_on_completion(
    world: World, tasklist: TaskList, police: Unit, health: Unit
) -> None:
    for task in police_tasks(tasklist)[:5]:
        finish(world, task, police, dt.date(2023, 9, 1), confirm=True)
    _, rows = rank_level(world.campaign, "department")
    assert [r.unit_code for r in rows][:1] == ["HG.CA"]
    AwardSetup.objects.create(campaign=world.campaign, plan="hagiang-2023")
    a = awards.allocate(world.campaign, "department").allocation
    assert a.framework.code == "annex1-task-completion"
    by_unit = {d.unit: d for d in a.decisions}
    assert by_unit["HG.CA"].total == Decimal("33.34")  # 50 x 5/15 twice: 16.67 + 16.67
    assert by_unit["HG.CA"].rank_overall == 1
    # No one has recorded the staff e-identification ratio the gate needs yet.
    assert by_unit["HG.CA"].status == "gate_failed"
    assert "staff_eid_level2" in by_unit["HG.CA"].failed_gates
