"""Department task actions: load a list, review agency names, report, contribute, confirm.

Every action checks :mod:`thidua.web.policy`, writes in one transaction and
appends to the audit log in it. Reading the lists (shipped YAML or XLSX) and
matching names is the pure :mod:`thidua.tasklists` / :mod:`thidua.tasklist_import`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thidua import tasklist_import as importer
from thidua import tasklists as core
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import BadInput, Denied, Stale
from thidua.web.results.evidence import read_upload
from thidua.web.tasks import completion
from thidua.web.tasks.choices import Confirmation, NameStatus, TaskStatus
from thidua.web.tasks.models import AgencyName, Contribution, Task, TaskEvidence, TaskList
from thidua.web.units.models import Unit


def candidates(campaign: Campaign) -> list[Unit]:
    """The units agency names may resolve to: the campaign owner's whole subtree."""
    return list(Unit.objects.filter(path__startswith=campaign.owner.path).order_by("path"))


def _suggestions(name: str, units: Sequence[Unit]) -> list[Unit]:
    cands = [importer.Candidate(u.code, u.name, u.level) for u in units]
    codes = set(importer.suggest(name, cands))
    return [u for u in units if u.code in codes]


def load_builtin(user: Any, *, campaign: Campaign, code: str, default_due: dt.date) -> TaskList:
    """Load a shipped task list (``hagiang-2023-departments``) into the campaign."""
    if not policy.can_manage_tasklists(user, campaign):
        raise Denied()
    try:
        tl = core.builtin_tasklist(code)
    except core.UnknownTaskListError as exc:
        raise BadInput(Msg(str(exc), str(exc))) from None
    return store(user, campaign, tl, source=f"builtin:{code}", default_due=default_due)


def load_xlsx(
    user: Any,
    *,
    campaign: Campaign,
    data: bytes,
    filename: str,
    code: str,
    title: str,
    default_due: dt.date,
) -> TaskList:
    """Import a task list from an XLSX file in the Annex 1 columns; BadInput lists every problem."""
    if not policy.can_manage_tasklists(user, campaign):
        raise Denied()
    if not code.strip() or not title.strip():
        raise BadInput(Msg("Cần mã và tên danh sách", "A code and a title are needed"))
    if len(data) > settings.EVIDENCE_MAX_BYTES:
        mb = settings.EVIDENCE_MAX_BYTES // (1024 * 1024)
        raise BadInput(
            Msg(f"Tệp lớn hơn giới hạn {mb} MB", f"The file is larger than the {mb} MB limit")
        )
    try:
        tl = importer.read_xlsx(
            data, file=filename, code=code.strip(), title=title.strip(), date=timezone.localdate()
        )
    except core.TaskListError as exc:
        raise BadInput(
            Msg(
                "; ".join(
                    f"{p.where_vi}: {p.message_vi}" if p.where_vi else p.message_vi
                    for p in exc.problems
                ),
                "; ".join(
                    f"{p.where_en}: {p.message_en}" if p.where_en else p.message_en
                    for p in exc.problems
                ),
            )
        ) from None
    return store(user, campaign, tl, source=filename, default_due=default_due)


def store(
    user: Any, campaign: Campaign, tl: core.TaskList, *, source: str, default_due: dt.date
) -> TaskList:
    if TaskList.objects.filter(campaign=campaign, code=tl.code).exists():
        raise BadInput(
            Msg(
                f"Đợt thi đua đã có danh sách '{tl.code}'",
                f"The campaign already has the list '{tl.code}'",
            )
        )
    units = candidates(campaign)
    with transaction.atomic():
        row = TaskList.objects.create(
            campaign=campaign,
            code=tl.code,
            title=tl.title,
            source=source,
            document=tl.source.document,
            default_due=default_due,
            loaded_by=user if getattr(user, "is_authenticated", False) else None,
        )
        names: set[str] = set()
        position = 0
        for group in tl.groups:
            for t in group.tasks:
                position += 1
                Task.objects.create(
                    task_list=row,
                    position=position,
                    group_label=group.label,
                    group_title=group.title,
                    label=t.label,
                    label_printed=t.label_printed,
                    title=t.title,
                    lead_names=list(t.lead),
                    coordinating_names=list(t.coordinating),
                    deadline_text=t.deadline_text,
                    due_date=importer.due_date_from_text(t.deadline_text) or default_due,
                    source_note=t.note,
                    result_text=t.result,
                )
                names.update(t.lead)
                names.update(t.coordinating)
        for name in sorted(names):
            an = AgencyName.objects.create(task_list=row, name=name)
            an.units.set(_suggestions(name, units))
        record(
            user,
            "tasklist.load",
            object_type="tasklist",
            object_id=str(row.pk),
            campaign=campaign.code,
            after={"code": row.code, "source": source, "tasks": position, "names": len(names)},
        )
    return row


def review_name(user: Any, *, name: AgencyName, units: Iterable[Unit]) -> AgencyName:
    """Confirm which units a printed agency name stands for (none: not an agency here)."""
    campaign = name.task_list.campaign
    if not policy.can_manage_tasklists(user, campaign):
        raise Denied()
    chosen = list(units)
    allowed = {u.pk for u in candidates(campaign)}
    if any(u.pk not in allowed for u in chosen):
        raise BadInput(Msg("Đơn vị không thuộc địa bàn", "A unit is outside the campaign's area"))
    with transaction.atomic():
        former = list(name.units.all())
        before = {"units": sorted(u.code for u in former), "status": name.status}
        name.units.set(chosen)
        name.status = NameStatus.CONFIRMED
        name.reviewed_at = timezone.now()
        name.reviewed_by = user
        name.save()
        record(
            user,
            "tasklist.name",
            object_type="tasklist",
            object_id=str(name.task_list_id),
            campaign=campaign.code,
            before=before,
            after={
                "name": name.name,
                "units": sorted(u.code for u in chosen),
                "status": name.status,
            },
        )
        completion.sync(campaign, actor=user, units=former)
    return name


# --- who leads and coordinates ---------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    """Printed agency names → confirmed units, for one task list."""

    by_name: dict[str, list[Unit]]
    pending: frozenset[str]

    def units(self, names: Iterable[str]) -> list[Unit]:
        seen: dict[int, Unit] = {}
        for n in names:
            for u in self.by_name.get(n, []):
                seen[u.pk] = u
        return sorted(seen.values(), key=lambda u: u.path)


def resolution(task_list: TaskList) -> Resolution:
    # Read as (name, status, unit id) rows and one query for the units: it runs on
    # every task action (completion.sync), and model rows per name cost more.
    ids: dict[str, list[int]] = {}
    pending: set[str] = set()
    for name, status, unit_id in task_list.names.values_list("name", "status", "units"):
        if status == NameStatus.CONFIRMED:
            found = ids.setdefault(name, [])
            if unit_id is not None:
                found.append(unit_id)
        else:
            pending.add(name)
    units = Unit.objects.in_bulk({i for found in ids.values() for i in found})
    by_name = {
        name: sorted((units[i] for i in found), key=lambda u: u.path) for name, found in ids.items()
    }
    return Resolution(by_name, frozenset(pending))


def lead_units(task: Task, res: Resolution | None = None) -> list[Unit]:
    return (res or resolution(task.task_list)).units(task.lead_names)


def coordinating_units(task: Task, res: Resolution | None = None) -> list[Unit]:
    return (res or resolution(task.task_list)).units(task.coordinating_names)


def _task_json(t: Task) -> dict[str, Any]:
    return {
        "status": t.status,
        "result_text": t.result_text,
        "completed_on": t.completed_on,
        "due_date": t.due_date,
        "confirmation": t.confirmation,
        "version": t.version,
    }


def _save(task: Task, expected_version: int, changes: dict[str, Any]) -> Task:
    n = Task.objects.filter(pk=task.pk, version=expected_version).update(
        version=F("version") + 1, **changes
    )
    if n == 0:
        raise Stale(Task.objects.get(pk=task.pk))
    task.refresh_from_db()
    return task


def report(
    user: Any,
    *,
    task: Task,
    unit: Unit,
    status: str,
    result_text: str,
    completed_on: dt.date | None,
    expected_version: int,
) -> Task:
    """The lead unit reports the task's status and result; a new report awaits confirmation."""
    campaign = task.task_list.campaign
    if unit.pk not in {u.pk for u in lead_units(task)}:
        raise BadInput(Msg("Đơn vị không chủ trì nhiệm vụ này", "The unit does not lead this task"))
    if not policy.can_report_task(user, campaign, unit):
        raise Denied()
    if status not in TaskStatus.values:
        raise BadInput(Msg("Tình trạng không hợp lệ", "Unknown status"))
    if status == TaskStatus.DONE:
        if not result_text.strip():
            raise BadInput(
                Msg("Nhiệm vụ hoàn thành cần kết quả thực hiện", "A done task needs its result")
            )
        completed_on = completed_on or timezone.localdate()
        if completed_on > timezone.localdate():
            raise BadInput(
                Msg("Ngày hoàn thành ở tương lai", "The completion date is in the future")
            )
    else:
        completed_on = None
    with transaction.atomic():
        before = _task_json(task)
        task = _save(
            task,
            expected_version,
            {
                "status": status,
                "result_text": result_text.strip(),
                "completed_on": completed_on,
                "reported_by_unit": unit,
                "reported_at": timezone.now(),
                "reported_by": user,
                "confirmation": Confirmation.PENDING,
                "confirmation_note": "",
                "confirmed_at": None,
                "confirmed_by": None,
            },
        )
        record(
            user,
            "task.report",
            object_type="task",
            object_id=task.audit_id,
            campaign=campaign.code,
            unit=unit.code,
            before=before,
            after=_task_json(task),
        )
        completion.sync(campaign, actor=user)
    return task


def contribute(user: Any, *, task: Task, unit: Unit, text: str) -> Contribution:
    """A coordinating unit records what it did for the task."""
    campaign = task.task_list.campaign
    if unit.pk not in {u.pk for u in coordinating_units(task)}:
        raise BadInput(
            Msg("Đơn vị không phối hợp nhiệm vụ này", "The unit does not coordinate this task")
        )
    if not policy.can_contribute_task(user, campaign, unit):
        raise Denied()
    if not text.strip():
        raise BadInput(Msg("Cần nội dung phối hợp", "Write what the unit did"))
    with transaction.atomic():
        c = Contribution.objects.create(task=task, unit=unit, text=text.strip(), created_by=user)
        record(
            user,
            "task.contribute",
            object_type="task",
            object_id=task.audit_id,
            campaign=campaign.code,
            unit=unit.code,
            after={"contribution": c.pk, "text": c.text},
        )
    return c


def attach(user: Any, *, task: Task, unit: Unit, upload: IO[bytes], name: str) -> TaskEvidence:
    """Evidence from the lead or a coordinating unit (PDF, DOCX, XLSX, JPG, PNG by content)."""
    campaign = task.task_list.campaign
    res = resolution(task.task_list)
    involved = {u.pk for u in lead_units(task, res)} | {u.pk for u in coordinating_units(task, res)}
    if unit.pk not in involved:
        raise BadInput(
            Msg("Đơn vị không tham gia nhiệm vụ này", "The unit has no part in this task")
        )
    if not policy.can_contribute_task(user, campaign, unit):
        raise Denied()
    checked = read_upload(upload)
    data, file_type, digest = checked.data, checked.file_type, checked.sha256
    with transaction.atomic():
        ev = TaskEvidence(
            task=task,
            unit=unit,
            file_type=file_type,
            original_name=name[-255:] or f"minh-chung.{file_type}",
            size=len(data),
            sha256=digest,
            uploaded_by=user,
        )
        ev.file.save(f"{digest}.{file_type}", ContentFile(data), save=False)
        ev.save()
        record(
            user,
            "task.evidence",
            object_type="task",
            object_id=task.audit_id,
            campaign=campaign.code,
            unit=unit.code,
            after={"evidence": ev.pk, "name": ev.original_name, "sha256": digest},
        )
    return ev


def can_confirm(user: Any, task: Task) -> bool:
    campaign = task.task_list.campaign
    return any(policy.can_confirm_task(user, campaign, u) for u in lead_units(task))


def confirm(user: Any, *, task: Task, accept: bool, note: str, expected_version: int) -> Task:
    """The appraiser confirms a done task, or returns the report with a reason."""
    campaign = task.task_list.campaign
    if not can_confirm(user, task):
        raise Denied()
    if accept and task.status != TaskStatus.DONE:
        raise BadInput(
            Msg("Chỉ xác nhận nhiệm vụ đã báo cáo hoàn thành", "Only a done task can be confirmed")
        )
    if not accept and not note.strip():
        raise BadInput(Msg("Trả lại phải có lý do", "Returning a report needs a reason"))
    with transaction.atomic():
        before = _task_json(task)
        changes: dict[str, Any] = {
            "confirmation": Confirmation.CONFIRMED if accept else Confirmation.RETURNED,
            "confirmation_note": note.strip(),
            "confirmed_at": timezone.now(),
            "confirmed_by": user,
        }
        if not accept and task.status == TaskStatus.DONE:
            changes.update(status=TaskStatus.IN_PROGRESS, completed_on=None)
        task = _save(task, expected_version, changes)
        record(
            user,
            "task.confirm" if accept else "task.return",
            object_type="task",
            object_id=task.audit_id,
            campaign=campaign.code,
            before=before,
            after=_task_json(task),
            reason=note.strip(),
        )
        completion.sync(campaign, actor=user)
    return task


def set_due(user: Any, *, task: Task, due_date: dt.date, reason: str) -> Task:
    """Change a task's due date (administrators; a reason is required)."""
    campaign = task.task_list.campaign
    if not policy.can_manage_tasklists(user, campaign):
        raise Denied()
    if not reason.strip():
        raise BadInput(Msg("Đổi hạn phải có lý do", "Changing a due date needs a reason"))
    with transaction.atomic():
        before = _task_json(task)
        task = _save(task, task.version, {"due_date": due_date})
        record(
            user,
            "task.due",
            object_type="task",
            object_id=task.audit_id,
            campaign=campaign.code,
            before=before,
            after=_task_json(task),
            reason=reason.strip(),
        )
        completion.sync(campaign, actor=user)
    return task


# --- summaries -------------------------------------------------------------------------------


@dataclass
class DepartmentRow:
    unit: Unit
    tasks: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open: int = 0
    overdue: int = 0
    confirmed: int = 0


def department_summary(task_list: TaskList, *, today: dt.date | None = None) -> list[DepartmentRow]:
    """Per lead unit: tasks done on time, done late, still open (of which overdue), confirmed."""
    today = today or timezone.localdate()
    res = resolution(task_list)
    rows: dict[int, DepartmentRow] = {}
    for t in task_list.tasks.all():
        for u in res.units(t.lead_names):
            r = rows.setdefault(u.pk, DepartmentRow(u))
            r.tasks += 1
            if t.status == TaskStatus.DONE:
                if t.done_late:
                    r.done_late += 1
                else:
                    r.done_on_time += 1
            else:
                r.open += 1
                if t.overdue_on(today):
                    r.overdue += 1
            if t.confirmation == Confirmation.CONFIRMED:
                r.confirmed += 1
    return sorted(rows.values(), key=lambda r: r.unit.path)
