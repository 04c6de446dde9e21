"""Individual award nominations: a nominating unit's list (read, add, change, remove) and the
level's individual allocation, through ``awards_web.individuals`` and
``awards_web.individual_allocation`` (docs/awards.md, "Individuals").
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from thidua import awards
from thidua.web import policy
from thidua.web.api.auth import caller
from thidua.web.api.errors import ErrorOut, responses
from thidua.web.api.individual_schemas import (
    IndividualAllocationOut,
    NominationIn,
    NominationOut,
    NominationsOut,
    NominationUpdateIn,
    decision_out,
    nomination_out,
    places_out,
)
from thidua.web.api.lookups import campaign_or_404
from thidua.web.api.pagination import Page, window
from thidua.web.api.schemas import VERSION_HELP, msg_out
from thidua.web.awards_web import individual_allocation, individuals, services
from thidua.web.awards_web.models import IndividualNomination
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import Denied
from thidua.web.units.choices import Level
from thidua.web.units.models import Unit

router = Router(tags=["awards"])

L = "/campaigns/{campaign}/awards/{level}"
P = L + "/nominations/{proposer}"
WHO = (
    "Reporters and administrators of the nominating unit (or above it) and the campaign's "
    "administrators, while the campaign runs and no dossier of the level has been submitted; "
    "others who may read the list get 403."
)


class NominationStaleDetail(Schema):
    current: NominationOut


class NominationStaleOut(ErrorOut):
    """409 on a nomination: ``details[0].current`` is the nomination as stored now."""

    details: list[NominationStaleDetail] = Field(default_factory=list)  # type: ignore[assignment]


class VersionIn(Schema):
    version: int = Field(ge=1, description=VERSION_HELP)


def _level_code(level: str) -> str:
    if level not in Level.values:
        raise Http404
    return level


def _proposer(
    user: Any, campaign: str, level: str, proposer: str
) -> tuple[Campaign, awards.Level, Unit, list[Unit]]:
    """As the pages: 404 unless the caller may read the nominating unit and it nominates
    someone at the level; 422 when the campaign's award plan has no such level."""
    c = campaign_or_404(user, campaign)
    p = get_object_or_404(Unit.objects.select_related("parent"), code=proposer)
    if not policy.can_view_nominations(user, c, p):
        raise Http404
    lv = individuals.level_of(c, _level_code(level))
    units = individuals.candidate_units(c, lv, p)
    if not units:
        raise Http404
    return c, lv, p, units


def _nomination(campaign: Campaign, level: str, proposer: Unit, pk: int) -> Any:
    return get_object_or_404(
        IndividualNomination.objects.select_related(
            "campaign", "proposer", "unit", "created_by", "updated_by"
        ),
        pk=pk,
        campaign=campaign,
        level=level,
        proposer=proposer,
    )


@router.get(
    P,
    response=responses({200: NominationsOut}),
    summary="The individuals a unit nominates at a level, in its order of preference",
    description="Readers of the nominating unit (its officials and the levels above); a unit "
    "below it (a commune) or beside it (another district) gets 404. With the quota: the "
    "most people the unit may put forward, and how many it has.",
)
def list_nominations(
    request: HttpRequest, campaign: str, level: str, proposer: str, page: Query[Page]
) -> dict[str, Any]:
    user = caller(request)
    c, lv, p, _units = _proposer(user, campaign, level, proposer)
    rows = individuals.nominations_of(c, lv, p)
    plan = services.plan_for(c)
    return {
        "campaign": c.code,
        "level": lv.code,
        "proposer": p.code,
        "proposer_name": p.name,
        "quota": individuals.limit_of(lv),
        "quota_reason": msg_out(individuals.limit_words(lv)),
        "places": places_out(plan, lv),
        "places_reason": msg_out(individuals.places_words(plan, lv)),
        "used": len(rows),
        "can_edit": policy.can_nominate(user, c, p, lv.code),
        "count": len(rows),
        "items": [nomination_out(n) for n in window(rows, page)],
    }


@router.post(
    P,
    response=responses({201: NominationOut}),
    summary="Put a person forward (refused beyond the unit's quota)",
    description=WHO,
)
def create_nomination(
    request: HttpRequest, campaign: str, level: str, proposer: str, payload: NominationIn
) -> Status[dict[str, Any]]:
    user = caller(request)
    c, lv, p, units = _proposer(user, campaign, level, proposer)
    n = individuals.create(
        user,
        campaign=c,
        level_code=lv.code,
        proposer=p,
        unit=individuals.unit_from(units, payload.unit),
        name=payload.name,
        position=payload.position,
        achievements=payload.achievements,
        priority=payload.priority,
    )
    return Status(201, nomination_out(_nomination(c, lv.code, p, n.pk)))


@router.put(
    P + "/{nomination}",
    response={**responses({200: NominationOut}), 409: NominationStaleOut},
    summary="Change a nominated person (name, position, achievements, unit, priority)",
    description=WHO + " `version` must be the version last read: a stale write is refused with "
    "409 and the stored nomination in `details[0].current`.",
)
def update_nomination(
    request: HttpRequest,
    campaign: str,
    level: str,
    proposer: str,
    nomination: int,
    payload: NominationUpdateIn,
) -> dict[str, Any]:
    user = caller(request)
    c, lv, p, units = _proposer(user, campaign, level, proposer)
    n = individuals.update(
        user,
        nomination=_nomination(c, lv.code, p, nomination),
        unit=individuals.unit_from(units, payload.unit),
        name=payload.name,
        position=payload.position,
        achievements=payload.achievements,
        priority=payload.priority,
        expected_version=payload.version,
    )
    return nomination_out(_nomination(c, lv.code, p, n.pk))


@router.delete(
    P + "/{nomination}",
    response={**responses({204: None}), 409: NominationStaleOut},
    summary="Take a person off the unit's list",
    description=WHO + " `version` (a query parameter) must be the version last read.",
)
def delete_nomination(
    request: HttpRequest,
    campaign: str,
    level: str,
    proposer: str,
    nomination: int,
    version: Query[VersionIn],
) -> Status[None]:
    user = caller(request)
    c, lv, p, _units = _proposer(user, campaign, level, proposer)
    individuals.delete(
        user, nomination=_nomination(c, lv.code, p, nomination), expected_version=version.version
    )
    return Status(204, None)


@router.get(
    L + "/individuals",
    response=responses({200: IndividualAllocationOut}),
    summary="The level's individual allocation: forms, places, who is proposed and why",
    description="Those who may see the level's proposal list (administrators, appraisers and "
    "viewers before publication), limited to the people of units in their scope; others 404.",
)
def get_individual_allocation(request: HttpRequest, campaign: str, level: str) -> dict[str, Any]:
    user = caller(request)
    c = campaign_or_404(user, campaign)
    try:
        li = individual_allocation.allocation_for(user, c, _level_code(level))
    except Denied:
        raise Http404 from None  # as the pages: a list the caller may not read is not revealed
    visible = set(policy.units_in_scope(user, c.participants.all()).values_list("code", flat=True))
    ia = li.allocation
    shown = [d for d in ia.decisions if d.unit in visible]
    plan_level = individuals.level_of(c, level)
    return {
        "campaign": c.code,
        "level": level,
        "places": plan_level.individual_places,
        "forms": [
            {
                "form": f.form.code,
                "title": f.form.title,
                "places": f.places,
                "given": [pid for pid in f.given if li.nominations[pid].unit.code in visible],
            }
            for f in ia.forms
        ],
        "proposals": [decision_out(d, li.nominations.get(d.id)) for d in shown if d.proposed],
        "not_proposed": [
            decision_out(d, li.nominations.get(d.id)) for d in shown if not d.proposed
        ],
        "left_out": [
            {
                "code": n.code,
                "nomination": n.pk,
                "name": n.name,
                "unit": n.unit.code,
                "reason": msg_out(why),
            }
            for n, why in li.left_out
            if n.unit.code in visible
        ],
        "hidden": len(ia.decisions) - len(shown),
    }
