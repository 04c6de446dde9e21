"""Registry actions: register a model, attach evidence, record a commendation or replication.

A recognition becomes one event of the owning unit's B.2 (national) or B.3
(provincial) row, rewritten from all of the unit's recognitions so the row
always matches the registry; the scoring core applies the framework's cap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, QuerySet

from thidua import recognitions as core
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.scoring import NoFramework, framework_for
from thidua.web.errors import BadInput, Denied
from thidua.web.models_registry.choices import RecognitionKind, RecognitionLevel
from thidua.web.models_registry.models import ModelEvidence, Recognition, RegisteredModel
from thidua.web.reporting.models import kinds_of_level
from thidua.web.results.evidence import read_upload
from thidua.web.results.system_results import sync_events
from thidua.web.units.models import Unit


def register(
    user: Any,
    *,
    campaign: Campaign,
    unit: Unit,
    title: str,
    field: str,
    description: str,
    started_on: dt.date | None,
) -> RegisteredModel:
    """A unit registers a model; it counts towards the awards fact ``models_registered``."""
    if not policy.can_register_model(user, campaign, unit):
        raise Denied()
    if not campaign.participants.filter(pk=unit.pk).exists():
        raise BadInput(Msg("Đơn vị không tham gia đợt thi đua", "The unit is not in the campaign"))
    problems = []
    if not title.strip():
        problems.append(Msg("cần tên mô hình", "a title is needed"))
    if not field.strip():
        problems.append(Msg("cần lĩnh vực", "a field is needed"))
    if started_on is None:
        problems.append(Msg("cần ngày triển khai", "a start date is needed"))
    if problems:
        raise BadInput(
            Msg(
                "; ".join(p.vi for p in problems).capitalize(),
                "; ".join(p.en for p in problems).capitalize(),
            )
        )
    assert started_on is not None
    with transaction.atomic():
        m = RegisteredModel.objects.create(
            campaign=campaign,
            unit=unit,
            title=title.strip(),
            field=field.strip(),
            description=description.strip(),
            started_on=started_on,
            registered_by=user,
        )
        record(
            user,
            "model.register",
            object_type="model",
            object_id=str(m.pk),
            campaign=campaign.code,
            unit=unit.code,
            after={"title": m.title, "field": m.field, "started_on": m.started_on},
        )
    return m


def attach(user: Any, *, model: RegisteredModel, upload: IO[bytes], name: str) -> ModelEvidence:
    if not policy.can_register_model(user, model.campaign, model.unit):
        raise Denied()
    checked = read_upload(upload)
    data, file_type, digest = checked.data, checked.file_type, checked.sha256
    with transaction.atomic():
        ev = ModelEvidence(
            model=model,
            file_type=file_type,
            original_name=name[-255:] or f"mo-hinh.{file_type}",
            size=len(data),
            sha256=digest,
            uploaded_by=user,
        )
        ev.file.save(f"{digest}.{file_type}", ContentFile(data), save=False)
        ev.save()
        record(
            user,
            "model.evidence",
            object_type="model",
            object_id=str(model.pk),
            campaign=model.campaign.code,
            unit=model.unit.code,
            after={"evidence": ev.pk, "name": ev.original_name, "sha256": digest},
        )
    return ev


def recognise(
    user: Any,
    *,
    model: RegisteredModel,
    level: str,
    kind: str,
    issuer: str,
    decision_number: str,
    decision_date: dt.date | None,
) -> Recognition:
    """Record a commendation or replication by decision, and update the unit's B.2 / B.3."""
    campaign = model.campaign
    if not policy.can_record_recognition(user, campaign):
        raise Denied()
    if level not in RecognitionLevel.values or kind not in RecognitionKind.values:
        raise BadInput(Msg("Cấp hoặc hình thức không hợp lệ", "Unknown level or kind"))
    if not decision_number.strip() or decision_date is None or not issuer.strip():
        raise BadInput(
            Msg(
                "Cần cơ quan ban hành, số và ngày của quyết định",
                "The issuer, number and date of the decision are needed",
            )
        )
    with transaction.atomic():
        rec = Recognition.objects.create(
            model=model,
            level=level,
            kind=kind,
            issuer=issuer.strip(),
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            recorded_by=user,
        )
        record(
            user,
            "model.recognise",
            object_type="model",
            object_id=str(model.pk),
            campaign=campaign.code,
            unit=model.unit.code,
            after={
                "recognition": rec.pk,
                "level": level,
                "kind": kind,
                "decision": f"{rec.decision_number} ngày {decision_date:%d/%m/%Y}",
            },
        )
        sync_bonus(campaign, model.unit, actor=user)
    return rec


def sync_bonus(campaign: Campaign, unit: Unit, *, actor: Any) -> None:
    """Rewrite the unit's B.2 and B.3 rows from all its recognitions (cap applied by the core)."""
    try:
        fw = framework_for(campaign, unit.level)
    except NoFramework:
        return
    recs = list(
        Recognition.objects.filter(model__campaign=campaign, model__unit=unit).order_by(
            "decision_date", "pk"
        )
    )
    for level in core.LEVELS:
        criterion = core.criterion_for(fw, level)
        if criterion is None:
            continue
        mine = [r for r in recs if r.level == level]
        decisions = "; ".join(f"{r.decision_number} ({r.get_kind_display()})" for r in mine)
        sync_events(
            campaign=campaign,
            unit=unit,
            criterion=criterion,
            events=core.events_value(r.kind for r in mine),
            reason=f"Tính tự động từ sổ mô hình: {decisions or 'không có'}",
            actor=actor,
        )


# --- reading ---------------------------------------------------------------------------------


def counts(campaign: Campaign, units: Iterable[Unit]) -> dict[int, int]:
    """How many models each unit registered in the campaign (the awards fact ``models_registered``)."""
    ids = [u.pk for u in units]
    rows = (
        RegisteredModel.objects.filter(campaign=campaign, unit_id__in=ids)
        .values("unit_id")
        .annotate(n=Count("id"))
    )
    found = {r["unit_id"]: r["n"] for r in rows}
    return {i: found.get(i, 0) for i in ids}


def registry(user: Any, campaign: Campaign, level: str) -> list[tuple[Unit, list[RegisteredModel]]]:
    """Every participant of ``level`` the user may see, with its models (none: listed too)."""
    units: QuerySet[Unit] = policy.units_in_scope(
        user, campaign.participants.filter(kind__in=kinds_of_level(level))
    ).select_related("parent")
    by_unit: dict[int, list[RegisteredModel]] = {}
    for m in RegisteredModel.objects.filter(campaign=campaign, unit__in=units).prefetch_related(
        "recognitions"
    ):
        by_unit.setdefault(m.unit_id, []).append(m)
    return [(u, by_unit.get(u.pk, [])) for u in units.order_by("path")]
