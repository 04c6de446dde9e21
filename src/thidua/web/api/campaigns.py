"""Campaigns the caller may see, their participants in the caller's scope, and state changes."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from thidua.web import policy
from thidua.web.api.auth import caller
from thidua.web.api.errors import responses
from thidua.web.api.lookups import campaign_or_404
from thidua.web.api.pagination import Paginator
from thidua.web.api.schemas import CampaignOut, CampaignSummaryOut, StateIn, UnitOut
from thidua.web.campaigns.choices import TRANSITIONS
from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.services import change_state
from thidua.web.units.models import Unit

router = Router(tags=["campaigns"])


def _summary(c: Campaign) -> dict[str, Any]:
    return {
        "code": c.code,
        "title": c.title,
        "owner": c.owner.code,
        "state": c.state,
        "period_start": c.period_start,
        "period_end": c.period_end,
    }


def _detail(user: Any, c: Campaign) -> dict[str, Any]:
    return {
        **_summary(c),
        "owner_name": c.owner.name,
        "submission_deadline": c.submission_deadline(),
        "frameworks": [
            {"level": lf.level, "framework": lf.framework} for lf in c.frameworks.order_by("level")
        ],
        "milestones": [
            {"kind": m.kind, "date": m.date, "title": m.title} for m in c.milestones.all()
        ],
        "tie_breakers": list(c.tie_breakers),
        "next_states": list(TRANSITIONS.get(c.state, ())),
        "permissions": {
            "manage": policy.can_manage_campaign(user, c),
            "ranking": policy.can_view_ranking(user, c),
        },
    }


@router.get(
    "/campaigns",
    response=responses({200: list[CampaignSummaryOut]}),
    summary="Campaigns the caller takes part in or oversees",
)
@paginate(Paginator)
def list_campaigns(request: HttpRequest) -> list[dict[str, Any]]:
    return [_summary(c) for c in policy.visible_campaigns(caller(request))]


@router.get("/campaigns/{code}", response=responses({200: CampaignOut}), summary="One campaign")
def get_campaign(request: HttpRequest, code: str) -> dict[str, Any]:
    user = caller(request)
    return _detail(user, campaign_or_404(user, code))


@router.get(
    "/campaigns/{code}/units",
    response=responses({200: list[UnitOut]}),
    summary="Participating units in the caller's scope",
)
@paginate(Paginator)
def list_participants(request: HttpRequest, code: str) -> QuerySet[Unit]:
    user = caller(request)
    campaign = campaign_or_404(user, code)
    return policy.units_in_scope(user, campaign.participants.select_related("parent")).order_by(
        "path"
    )


@router.post(
    "/campaigns/{code}/state",
    response=responses({200: CampaignOut}),
    summary="Move the campaign along its lifecycle (administrators of its owner)",
)
def set_state(request: HttpRequest, code: str, payload: StateIn) -> dict[str, Any]:
    user = caller(request)
    campaign = change_state(user, campaign_or_404(user, code), payload.state)
    return _detail(user, campaign)
