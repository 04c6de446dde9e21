"""Demo department tasks for ``hagiang-2023``: Annex 1 loaded, names reviewed, reports confirmed.

As the province's demo administrator would after loading the list, every
name printed for one of the demo departments (:mod:`thidua.web.demo_departments`)
is confirmed to that department, and the district names to the districts;
the province's organisations (Tỉnh đoàn, the associations, the Front) and
the collective "Các sở, ngành …" are left pending, so the review page still
has work. Then each department's reporter reports its tasks, and the
provincial appraiser confirms or returns them, according to the department's
outcomes; tasks led only by districts get a seeded status as before. Every
step goes through :mod:`thidua.web.tasks.services` (policy, audit), so the
platform writes the departments' A.1 / A.2 rows itself
(:mod:`thidua.web.tasks.completion`). Idempotent: nothing is done when the
campaign already has the list.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from typing import Any

from thidua.tasklists import builtin_tasklist
from thidua.web.accounts.models import Membership
from thidua.web.audit.services import record
from thidua.web.campaigns.models import Campaign
from thidua.web.demo_departments import BY_PRINTED, DEPARTMENTS
from thidua.web.tasks import services
from thidua.web.tasks.models import AgencyName, Task, TaskList
from thidua.web.units.models import Unit

CODE = "hagiang-2023-departments"
DEFAULT_DUE = dt.date(2023, 11, 30)
DONE_TEXT = "Đã hoàn thành; kết quả chi tiết tại báo cáo kèm theo (dữ liệu minh họa)"
OPEN_TEXT = "Đang triển khai (dữ liệu minh họa)"
RETURN_NOTE = "Chưa có văn bản minh chứng kết quả; đề nghị bổ sung (dữ liệu minh họa)"


def _member(unit: Unit, role: str) -> Any:
    m = (
        Membership.objects.filter(unit=unit, role=role)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return None if m is None else m.user


def _is_district_name(name: str) -> bool:
    return "huyện" in name or "huyên" in name  # "UBND các huyên, thành phố" is printed so


def load(campaign: Campaign) -> bool:
    if TaskList.objects.filter(campaign=campaign, code=CODE).exists():
        return False
    admin = _member(campaign.owner, "admin")
    appraiser = _member(campaign.owner, "appraiser") or admin
    tl = services.store(
        None, campaign, builtin_tasklist(CODE), source=f"builtin:{CODE}", default_due=DEFAULT_DUE
    )
    record(
        None,
        "demo.seed",
        object_type="tasklist",
        object_id=str(tl.pk),
        campaign=campaign.code,
        after={"code": CODE, "tasks": tl.tasks.count()},
    )
    if admin is None:
        return True  # no administrator to review the names: all left pending
    departments = {u.code: u for u in Unit.objects.filter(code__in=[d.code for d in DEPARTMENTS])}
    for an in AgencyName.objects.filter(task_list=tl).order_by("name"):
        dept = BY_PRINTED.get(an.name)
        if dept is not None and dept.code in departments:
            services.review_name(admin, name=an, units=[departments[dept.code]])
        elif _is_district_name(an.name):
            services.review_name(admin, name=an, units=list(an.units.all()))
    _report(campaign, tl, appraiser, admin)
    return True


def _report(campaign: Campaign, tl: TaskList, appraiser: Any, admin: Any) -> None:
    """Report (and confirm or return) each task whose lead is resolved, as planned."""
    res = services.resolution(tl)
    played: dict[str, int] = {}  # tasks reported so far per department
    for task in Task.objects.filter(task_list=tl).order_by("position"):
        leads = res.units(task.lead_names)
        if not leads:
            continue
        rng = random.Random(zlib.crc32(f"{CODE}/{task.label}".encode()))
        # The reporting unit: the first printed lead that is a demo department, else the
        # first lead (a district).
        dept = next((BY_PRINTED[n] for n in task.lead_names if n in BY_PRINTED), None)
        unit = next((u for u in leads if dept is not None and u.code == dept.code), leads[0])
        if dept is not None and unit.code == dept.code:
            i = played.get(dept.code, 0)
            played[dept.code] = i + 1
            outcome = dept.outcomes[i % len(dept.outcomes)]
        else:
            outcome = _district_outcome(rng)
        reporter = _member(unit, "reporter") or admin
        _play(task, unit, outcome, rng, reporter=reporter, appraiser=appraiser)


def _district_outcome(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        late = rng.random() < 0.3
        confirmed = rng.random() < 0.5
        return ("L" if late else "O") if confirmed else "U"
    return "P" if roll < 0.8 else "N"


def _play(
    task: Task, unit: Unit, outcome: str, rng: random.Random, *, reporter: Any, appraiser: Any
) -> None:
    if outcome == "N":
        return
    if outcome == "P":
        services.report(
            reporter,
            task=task,
            unit=unit,
            status="in_progress",
            result_text=OPEN_TEXT,
            completed_on=None,
            expected_version=task.version,
        )
        return
    late = outcome == "L"
    completed = task.due_date + dt.timedelta(
        days=rng.randint(1, 20) if late else -rng.randint(5, 120)
    )
    task = services.report(
        reporter,
        task=task,
        unit=unit,
        status="done",
        result_text=DONE_TEXT,
        completed_on=completed,
        expected_version=task.version,
    )
    if outcome in "OLR":
        services.confirm(
            appraiser,
            task=task,
            accept=outcome != "R",
            note=RETURN_NOTE if outcome == "R" else "",
            expected_version=task.version,
        )
