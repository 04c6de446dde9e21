"""Demo department tasks for ``hagiang-2023``: Annex 1 loaded, names partly reviewed, reports.

The demo province has no department units (its units are the city, the
districts and their communes), so the demo resolves "Công an tỉnh" — the
standing agency, whose staff the demo's provincial accounts stand for — to
the province unit, the district names to the districts, and leaves the other
departments' names waiting for review, as an administrator would find them
after loading the list. Statuses come from a fixed seed. Idempotent.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib

from django.utils import timezone

from thidua.tasklists import builtin_tasklist
from thidua.web.audit.services import record
from thidua.web.campaigns.models import Campaign
from thidua.web.tasks import services
from thidua.web.tasks.choices import Confirmation, NameStatus, TaskStatus
from thidua.web.tasks.models import AgencyName, Task, TaskList

CODE = "hagiang-2023-departments"
DEFAULT_DUE = dt.date(2023, 11, 30)


def load(campaign: Campaign) -> bool:
    if TaskList.objects.filter(campaign=campaign, code=CODE).exists():
        return False
    tl = services.store(
        None, campaign, builtin_tasklist(CODE), source=f"builtin:{CODE}", default_due=DEFAULT_DUE
    )
    now = timezone.now()
    for an in AgencyName.objects.filter(task_list=tl):
        if an.name == "Công an tỉnh":
            an.units.set([campaign.owner])
        elif "huyện" not in an.name and "huyên" not in an.name:
            continue  # left for the administrator to review
        an.status = NameStatus.CONFIRMED
        an.reviewed_at = now
        an.save()
    res = services.resolution(tl)
    for task in Task.objects.filter(task_list=tl):
        leads = res.units(task.lead_names)
        if not leads:
            continue
        rng = random.Random(zlib.crc32(f"{CODE}/{task.label}".encode()))
        roll = rng.random()
        if roll < 0.45:
            task.status = TaskStatus.DONE
            late = rng.random() < 0.3
            task.completed_on = task.due_date + dt.timedelta(
                days=rng.randint(1, 20) if late else -rng.randint(5, 120)
            )
            task.result_text = (
                "Đã hoàn thành; kết quả chi tiết tại báo cáo kèm theo (dữ liệu minh họa)"
            )
            task.confirmation = (
                Confirmation.CONFIRMED if rng.random() < 0.5 else Confirmation.PENDING
            )
        elif roll < 0.8:
            task.status = TaskStatus.IN_PROGRESS
            task.result_text = "Đang triển khai (dữ liệu minh họa)"
        else:
            continue
        task.reported_by_unit = leads[0]
        task.reported_at = now
        task.save()
    record(
        None,
        "demo.seed",
        object_type="tasklist",
        object_id=str(tl.pk),
        campaign=campaign.code,
        after={"code": CODE, "tasks": tl.tasks.count()},
    )
    return True
