"""Campaign lifecycle: state changes, and the ranking snapshot frozen at publication."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.scoring import ScoringInputError
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.campaigns.choices import TRANSITIONS, CampaignState
from thidua.web.campaigns.models import Campaign, RankingSnapshot
from thidua.web.campaigns.scoring import RankRow, first_error, levels, rank_level
from thidua.web.errors import BadInput, Denied
from thidua.web.results.choices import APPRAISED
from thidua.web.results.models import Result


def change_state(user: Any, campaign: Campaign, new_state: str) -> Campaign:
    """Move the campaign along its lifecycle; publishing freezes every level's ranking."""
    if not policy.can_manage_campaign(user, campaign):
        raise Denied()
    if new_state not in TRANSITIONS.get(campaign.state, ()):
        raise BadInput(
            Msg(
                f"Không thể chuyển từ '{CampaignState(campaign.state).label}' sang '{new_state}'",
                f"Cannot move from '{campaign.state}' to '{new_state}'",
            )
        )
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        before = locked.state
        if new_state == CampaignState.PUBLISHED:
            pending = Result.objects.filter(campaign=locked).exclude(status__in=APPRAISED).count()
            if pending:
                raise BadInput(
                    Msg(
                        f"Còn {pending} kết quả chưa thẩm định xong; không thể công bố",
                        f"{pending} results are not yet appraised; cannot publish",
                    )
                )
            _freeze(locked)
        locked.state = new_state
        locked.save(update_fields=["state"])
        record(
            user,
            "campaign.state",
            object_type="campaign",
            object_id=locked.code,
            campaign=locked.code,
            before={"state": before},
            after={"state": new_state},
        )
    return locked


def _row_json(row: RankRow) -> dict[str, object]:
    return {
        "unit": row.unit_code,
        "name": row.unit_name,
        "parent": row.parent_name,
        "rank": row.rank,
        "total": str(row.total),
        "groups": {k: str(v) for k, v in row.groups.items()},
        "fraction": str(row.fraction),
        "colour": row.colour,
    }


def _freeze(campaign: Campaign) -> None:
    now = timezone.now()
    for level in levels(campaign):
        try:
            fw, rows = rank_level(campaign, level)
        except ScoringInputError as exc:
            raise BadInput(first_error(exc)) from None
        RankingSnapshot.objects.update_or_create(
            campaign=campaign,
            level=level,
            defaults={"framework": fw.code, "taken_at": now, "rows": [_row_json(r) for r in rows]},
        )


def snapshot_rows(snapshot: RankingSnapshot) -> list[RankRow]:
    return [
        RankRow(
            unit_code=r["unit"],
            unit_name=r["name"],
            parent_name=r["parent"],
            rank=r["rank"],
            total=Decimal(r["total"]),
            groups={k: Decimal(v) for k, v in r["groups"].items()},
            fraction=Decimal(r["fraction"]),
            colour=r["colour"],
        )
        for r in snapshot.rows
    ]
