"""Result rows the platform fills in itself from its own records.

The C.1 deduction comes from the reporting records, and B.2 / B.3 from the
models registry's commendations. Such a row holds the generated events as
both the unit's value and the appraised value, with status ``accepted``, so
the ranking, the self-assessment page and the awards all score it through
:mod:`thidua.scoring` like any other row. Whatever was stored there before is
replaced (the audit log keeps it): once the platform keeps the records, the
records decide; an event is taken out by waiving it, not by editing the row.

Rows are frozen once the campaign is published or archived.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thidua.scoring import ScoringInputError
from thidua.web.audit.services import record
from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.scoring import NoFramework, framework_for, score_one
from thidua.web.results.choices import ResultStatus
from thidua.web.results.models import Result
from thidua.web.units.models import Unit

FROZEN_STATES = ("published", "archived")


def _snapshot(r: Result) -> dict[str, Any]:
    return {
        "self_value": r.self_value,
        "appraised_value": r.appraised_value,
        "status": r.status,
        "version": r.version,
    }


def sync_events(
    *,
    campaign: Campaign,
    unit: Unit,
    criterion: str,
    events: list[dict[str, object]],
    reason: str,
    actor: Any,
) -> Result | None:
    """Make ``unit``'s events ``criterion`` row hold ``events`` (see :func:`sync_value`)."""
    return sync_value(
        campaign=campaign,
        unit=unit,
        criterion=criterion,
        value=events,
        reason=reason,
        actor=actor,
        events=True,
    )


def sync_value(
    *,
    campaign: Campaign,
    unit: Unit,
    criterion: str,
    value: object,
    reason: str,
    actor: Any,
    events: bool = False,
) -> Result | None:
    """Make ``unit``'s ``criterion`` row hold ``value``; returns the row (None: nothing to do).

    Nothing is written when the campaign is frozen, the unit is not a
    participant scored on a framework with ``criterion`` (an events criterion
    when ``events``), or the row already holds exactly this value; an empty
    value (None, no events) creates no row. The value is checked by the
    scoring core before it is stored (ValueError when refused: a bug, not a
    user error).
    """
    if campaign.state in FROZEN_STATES:
        return None
    if not campaign.participants.filter(pk=unit.pk).exists():
        return None
    try:
        fw = framework_for(campaign, unit.level)
    except NoFramework:
        return None
    node = fw.by_code.get(criterion)
    if node is None or not node.is_criterion or (events and not node.is_events):
        return None
    if value is not None:
        try:
            score_one(fw, unit, criterion, value)
        except ScoringInputError as exc:
            raise ValueError(f"{criterion}: generated value refused by the core: {exc}") from exc
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        row = (
            Result.objects.select_for_update()
            .filter(campaign=campaign, unit=unit, criterion=criterion)
            .first()
        )
        if row is None:
            if value is None or value == []:
                return None
            before = None
            row = Result.objects.create(
                campaign=campaign,
                unit=unit,
                criterion=criterion,
                self_value=value,
                appraised_value=value,
                status=ResultStatus.ACCEPTED,
                note=reason,
                appraisal_reason=reason,
                updated_by=user,
            )
        else:
            if (
                row.self_value == value
                and row.appraised_value == value
                and row.status == ResultStatus.ACCEPTED
            ):
                return row
            before = _snapshot(row)
            Result.objects.filter(pk=row.pk).update(
                self_value=value,
                appraised_value=value,
                status=ResultStatus.ACCEPTED,
                note=reason,
                appraisal_reason=reason,
                updated_by=user,
                updated_at=timezone.now(),
                version=F("version") + 1,
            )
            row.refresh_from_db()
        record(
            actor,
            "result.generate",
            object_type="result",
            object_id=row.audit_id,
            campaign=campaign.code,
            unit=unit.code,
            before=before,
            after=_snapshot(row),
            reason=reason,
        )
    return row
