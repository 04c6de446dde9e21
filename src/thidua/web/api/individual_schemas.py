"""Bodies of the individual nominations API (``api/individuals.py``); apart so the error
handlers can use them (a 409 carries the nomination as stored now)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from thidua.awards import AwardPlan, IndividualDecision, Level
from thidua.web.api.schemas import VERSION_HELP, MsgOut, msg_out
from thidua.web.awards_web.models import IndividualNomination


class NominationOut(Schema):
    id: int
    code: str = Field(description='the id the award core knows the person by ("CN000012")')
    level: str
    proposer: str = Field(description="the code of the nominating unit")
    unit: str = Field(description="the code of the person's unit")
    unit_name: str
    name: str
    position: str
    achievements: str
    priority: int = Field(description="the proposer's order of preference, 1 first")
    version: int
    created_at: dt.datetime
    created_by: str | None
    updated_at: dt.datetime
    updated_by: str | None


def nomination_out(n: IndividualNomination) -> dict[str, Any]:
    return {
        "id": n.pk,
        "code": n.code,
        "level": n.level,
        "proposer": n.proposer.code,
        "unit": n.unit.code,
        "unit_name": n.unit.name,
        "name": n.name,
        "position": n.position,
        "achievements": n.achievements,
        "priority": n.priority,
        "version": n.version,
        "created_at": n.created_at,
        "created_by": n.created_by.get_username() if n.created_by else None,
        "updated_at": n.updated_at,
        "updated_by": n.updated_by.get_username() if n.updated_by else None,
    }


class PlaceOut(Schema):
    form: str = Field(description="the award form's code")
    title: str
    title_en: str
    individuals: int = Field(description="the level's places for individuals in this form")
    cap: int | None = Field(description="the form's province-wide cap on individuals, if any")


def places_out(plan: AwardPlan, level: Level) -> list[dict[str, Any]]:
    out = []
    for q in level.forms:
        if not q.individuals:
            continue
        form = plan.form(q.form)
        out.append(
            {
                "form": form.code,
                "title": form.title,
                "title_en": form.title_en or form.code,
                "individuals": q.individuals,
                "cap": form.cap_individuals,
            }
        )
    return out


class NominationsOut(Schema):
    campaign: str
    level: str
    proposer: str
    proposer_name: str
    quota: int = Field(description="the most people the proposer may put forward at the level")
    quota_reason: MsgOut
    places: list[PlaceOut] = Field(
        description="the level's places for individuals, form by form, with each form's "
        "province-wide cap: where the proposer's people may end up once allocated"
    )
    places_reason: MsgOut
    used: int
    can_edit: bool = Field(description="whether the caller may change the list now")
    count: int
    items: list[NominationOut]


class NominationIn(Schema):
    unit: str = Field(
        description="the code of the person's unit (of the level, nominated by "
        "the proposer; the proposer itself at a level without a per-parent quota)"
    )
    name: str
    position: str = ""
    achievements: str = ""
    priority: int | None = Field(None, description="1 first; omitted: after the others")


class NominationUpdateIn(NominationIn):
    version: int = Field(ge=1, description=VERSION_HELP)


class IndividualFormOut(Schema):
    form: str
    title: str
    places: int
    given: list[str] = Field(description="the codes of the people given the form, in order")


class IndividualDecisionOut(Schema):
    code: str
    nomination: int | None = Field(description="the nomination's id")
    name: str
    position: str
    unit: str
    proposer: str | None
    priority: int
    status: str = Field(description="proposed, not_nominee or quota_exhausted")
    form: str | None
    rank: int | None = Field(description="position among the level's nominees, 1 first")
    nominees: int
    nomination_kind: str | None = Field(description="base, extra or open; null: not nominated")
    unit_rank_overall: int
    units: int
    reason: MsgOut


class LeftOutOut(Schema):
    code: str
    nomination: int
    name: str
    unit: str
    reason: MsgOut


class IndividualAllocationOut(Schema):
    campaign: str
    level: str
    places: int = Field(description="the level's places for individuals, all forms together")
    forms: list[IndividualFormOut]
    proposals: list[IndividualDecisionOut]
    not_proposed: list[IndividualDecisionOut]
    left_out: list[LeftOutOut] = Field(
        description="nominations the allocation cannot take (their unit left the level, or "
        "moved to another nominating unit), with the reason"
    )
    hidden: int = Field(description="people of units outside the caller's scope, not listed")


def decision_out(d: IndividualDecision, n: IndividualNomination | None) -> dict[str, Any]:
    return {
        "code": d.id,
        "nomination": n.pk if n is not None else None,
        "name": d.name,
        "position": d.position,
        "unit": d.unit,
        "proposer": n.proposer.code if n is not None else d.parent,
        "priority": d.priority,
        "status": d.status,
        "form": d.form,
        "rank": d.rank,
        "nominees": d.nominee_count,
        "nomination_kind": d.nomination,
        "unit_rank_overall": d.unit_rank_overall,
        "units": d.unit_count,
        "reason": msg_out(d.reason),
    }
