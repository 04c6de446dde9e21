"""Department results computed from the task lists: the rows of the completion table.

The Hà Giang plan prints no points table for provincial departments; their
award review rests on Annex 1. A campaign that scores its department level
on ``annex1-task-completion`` (our table, data/frameworks) gets two rows per
department filled in by the platform from the task lists, never typed:

* ``A.1``: lead tasks done on time and confirmed / lead tasks;
* ``A.2``: lead tasks done (on time or late) and confirmed / lead tasks.

So a task done on time counts fully, a late one half, an open one nothing,
and only what an appraiser confirmed counts. The rows are written like the
C.1 deduction (results.system_results): as the appraised value, status
accepted, audited; the scoring core then ranks the departments and the award
allocation reads them like any result. A campaign scoring departments on
another table is left alone (the rows are written only where the unit's
framework has these criteria).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.scoring import NoFramework, framework_for
from thidua.web.results.choices import ResultStatus
from thidua.web.results.models import Result
from thidua.web.results.system_results import FROZEN_STATES, sync_value
from thidua.web.tasks.choices import Confirmation, TaskStatus
from thidua.web.tasks.models import Task, TaskList
from thidua.web.units.models import Unit

ON_TIME = "A.1"
DONE = "A.2"


@dataclass
class Tally:
    tasks: int = 0
    done: int = 0
    on_time: int = 0

    def values(self) -> dict[str, object]:
        return {
            ON_TIME: {"numerator": self.on_time, "denominator": self.tasks},
            DONE: {"numerator": self.done, "denominator": self.tasks},
        }


def _counts(task: Task) -> tuple[bool, bool]:
    """(done and confirmed, done on time and confirmed)."""
    done = task.status == TaskStatus.DONE and task.confirmation == Confirmation.CONFIRMED
    return done, done and not task.done_late


def tallies(campaign: Campaign) -> dict[int, tuple[Unit, Tally]]:
    """Per lead unit (by pk), over every task list of the campaign."""
    # Imported here: services imports this module to keep the rows in step.
    from thidua.web.tasks.services import resolution

    out: dict[int, tuple[Unit, Tally]] = {}
    for tl in TaskList.objects.filter(campaign=campaign):
        res = resolution(tl)
        fields = ("task_list", "lead_names", "status", "confirmation", "completed_on", "due_date")
        for task in tl.tasks.only(*fields):
            done, on_time = _counts(task)
            for unit in res.units(task.lead_names):
                _, t = out.setdefault(unit.pk, (unit, Tally()))
                t.tasks += 1
                t.done += done
                t.on_time += on_time
    return out


def sync(campaign: Campaign, *, actor: Any, units: Iterable[Unit] = ()) -> int:
    """Rewrite A.1 / A.2 of the campaign's lead units (and of ``units``, e.g. former leads).

    A unit that no longer leads any task loses its values. Returns the number
    of rows that hold a value afterwards.

    Runs on every report, confirmation and review, over every lead unit of
    the campaign, so it first keeps only the rows ``sync_value`` would touch
    (participants whose level's table has the criterion, rows not already
    holding the value, both read once) and leaves the rest alone: the same
    result as calling ``sync_value`` for every row, without its per-row queries.
    """
    if campaign.state in FROZEN_STATES:
        return 0  # sync_value writes nothing in a frozen campaign
    counted = tallies(campaign)
    everyone = {u.pk: u for u, _ in counted.values()} | {u.pk: u for u in units}
    taking = set(campaign.participants.filter(pk__in=list(everyone)).values_list("pk", flat=True))
    criteria_of: dict[str, set[str]] = {}  # per level: which of A.1 / A.2 its table has
    for unit in everyone.values():
        if unit.pk in taking and unit.level not in criteria_of:
            criteria_of[unit.level] = _rows_in_table(campaign, unit.level)
    stored = {
        (r.unit_id, r.criterion): r
        for r in Result.objects.filter(
            campaign=campaign, unit_id__in=taking, criterion__in=(ON_TIME, DONE)
        )
    }
    changed = 0
    for pk, unit in everyone.items():
        if pk not in taking:
            continue
        tally = counted.get(pk, (unit, Tally()))[1]
        values = tally.values() if tally.tasks else {ON_TIME: None, DONE: None}
        reason = (
            f"Tính tự động từ danh sách nhiệm vụ: {tally.on_time} đúng hạn, "
            f"{tally.done} đã hoàn thành / {tally.tasks} nhiệm vụ chủ trì (đã xác nhận)"
        )
        for criterion, value in values.items():
            if criterion not in criteria_of[unit.level]:
                continue
            held = stored.get((pk, criterion))
            if held is None and value is None:
                continue
            if (
                held is not None
                and held.self_value == value
                and held.appraised_value == value
                and held.status == ResultStatus.ACCEPTED
            ):
                changed += 1  # already holds it
                continue
            row = sync_value(
                campaign=campaign,
                unit=unit,
                criterion=criterion,
                value=value,
                reason=reason,
                actor=actor,
            )
            changed += row is not None
    return changed


def _rows_in_table(campaign: Campaign, level: str) -> set[str]:
    """Which of A.1 / A.2 are criteria of the table the campaign scores ``level`` on."""
    try:
        fw = framework_for(campaign, level)
    except NoFramework:
        return set()
    return {
        c for c in (ON_TIME, DONE) if (node := fw.by_code.get(c)) is not None and node.is_criterion
    }
