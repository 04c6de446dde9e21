"""Request and response bodies of the API, and the functions that fill them from models.

Points are sent as decimal text ("12.50"), never as floats, so what a client
adds up is what the scoring core computed (DESIGN §3.1).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from thidua.scoring.kinds import UNIT_KINDS
from thidua.scoring.text import Msg
from thidua.web.results.models import DocumentRef, Evidence, Result
from thidua.web.units.models import Unit

VERSION_HELP = (
    "the version last read (0 for a row not stored yet); an older one is refused with 409"
)


def dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class MsgOut(Schema):
    vi: str
    en: str


def msg_out(msg: Msg) -> dict[str, str]:
    return {"vi": msg.vi, "en": msg.en}


# --- units ---------------------------------------------------------------------------------


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    kind_name: MsgOut
    level: str
    parent: str | None = Field(None, description="the parent unit's code")
    valid_from: dt.date | None
    valid_to: dt.date | None

    @staticmethod
    def resolve_kind_name(obj: Unit) -> dict[str, str]:
        return msg_out(UNIT_KINDS[obj.kind])

    @staticmethod
    def resolve_parent(obj: Unit) -> str | None:
        return obj.parent.code if obj.parent is not None else None


class GrantOut(Schema):
    unit: str
    unit_name: str
    role: str


class MeOut(Schema):
    username: str
    roles: list[GrantOut]


# --- frameworks ----------------------------------------------------------------------------


class FrameworkSummaryOut(Schema):
    code: str
    version: int
    title: str
    applies_to: list[str]
    max_points: str
    index: bool
    criteria: int


class NodeOut(Schema):
    code: str
    parent: str | None
    label: str
    title: str
    max_points: str | None
    kind: str | None = Field(None, description="the rule kind of a criterion; null for sections")
    rule: MsgOut | None = Field(None, description="the rule in words")
    bonus: bool


class FindingOut(Schema):
    severity: str
    code: str
    node: str
    message: MsgOut


class FrameworkOut(FrameworkSummaryOut):
    source: str
    nodes: list[NodeOut]
    findings: list[FindingOut]


# --- campaigns -----------------------------------------------------------------------------


class MilestoneOut(Schema):
    kind: str
    date: dt.date
    title: str


class LevelFrameworkOut(Schema):
    level: str
    framework: str


class CampaignSummaryOut(Schema):
    code: str
    title: str
    owner: str
    state: str
    period_start: dt.date
    period_end: dt.date


class CampaignPermissionsOut(Schema):
    manage: bool = Field(description="may change the campaign's state")
    ranking: bool = Field(description="may read the ranking now")


class CampaignOut(CampaignSummaryOut):
    owner_name: str
    submission_deadline: dt.date | None
    frameworks: list[LevelFrameworkOut]
    milestones: list[MilestoneOut]
    tie_breakers: list[str]
    next_states: list[str]
    permissions: CampaignPermissionsOut


class StateIn(Schema):
    state: str = Field(description="the state to move to: open, appraisal, published, archived")


# --- results -------------------------------------------------------------------------------


class EvidenceOut(Schema):
    id: int
    name: str
    file_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    url: str


class DocumentOut(Schema):
    number: str
    date: dt.date | None
    title: str


class ResultOut(Schema):
    criterion: str
    status: str | None = Field(
        description="draft, submitted, returned, accepted, corrected; null: nothing stored"
    )
    self_value: Any = Field(None, description="the unit's own value, as the scoring core reads it")
    appraised_value: Any = None
    final_value: Any = Field(None, description="the value the ranking counts")
    note: str
    appraisal_reason: str
    reopened_until: dt.date | None = Field(
        None, description="reopened after the deadline: the unit may fix this row until this date"
    )
    version: int
    updated_at: dt.datetime | None
    updated_by: str | None
    evidence: list[EvidenceOut]
    documents: list[DocumentOut]


def evidence_out(ev: Evidence) -> dict[str, Any]:
    return {
        "id": ev.pk,
        "name": ev.original_name,
        "file_type": ev.file_type,
        "size": ev.size,
        "sha256": ev.sha256,
        "uploaded_at": ev.uploaded_at,
        "url": reverse("api:evidence_file", args=[ev.pk]),
    }


def document_out(doc: DocumentRef) -> dict[str, Any]:
    return {"number": doc.number, "date": doc.date, "title": doc.title}


def result_out(r: Result) -> dict[str, Any]:
    """A stored row, or a blank one (status null, version 0) for a criterion not entered yet."""
    stored = r.pk is not None
    return {
        "criterion": r.criterion,
        "status": r.status if stored else None,
        "self_value": r.self_value,
        "appraised_value": r.appraised_value,
        "final_value": r.final_value if stored else None,
        "note": r.note,
        "appraisal_reason": r.appraisal_reason,
        "reopened_until": r.reopened_until,
        "version": r.version if stored else 0,
        "updated_at": r.updated_at if stored else None,
        "updated_by": r.updated_by.get_username() if stored and r.updated_by else None,
        "evidence": [evidence_out(e) for e in r.evidence.all()] if stored else [],
        "documents": [document_out(d) for d in r.documents.all()] if stored else [],
    }


class ResultIn(Schema):
    value: Any = Field(
        None,
        description='the value for the criterion\'s rule kind: true/false, "85%", 0.85, '
        '{"numerator": 30, "denominator": 40}, a count, an option key, or a list of events; '
        "null clears it",
    )
    note: str = ""
    version: int = Field(ge=0, description=VERSION_HELP)


class DocumentIn(Schema):
    number: str = Field(description='"186/KH-UBND"')
    title: str
    date: dt.date | None = None


class CountOut(Schema):
    count: int


# --- appraisal -----------------------------------------------------------------------------


class AcceptIn(Schema):
    version: int = Field(ge=0, description=VERSION_HELP)


class CorrectIn(Schema):
    value: Any = Field(description="the corrected value (same shapes as a result's value)")
    reason: str
    version: int = Field(ge=0, description=VERSION_HELP)


class ReturnIn(Schema):
    reason: str
    version: int = Field(ge=0, description=VERSION_HELP)


class ReopenIn(ReturnIn):
    until: dt.date = Field(description="the unit may fix the row until the end of this date")


# --- scores and ranks ----------------------------------------------------------------------


class CriterionScoreOut(Schema):
    code: str
    points: str
    max_points: str | None
    input: Any
    explanation: MsgOut


class SubtotalOut(Schema):
    code: str
    points: str


class UnitScoreOut(Schema):
    unit: str
    framework: str
    basis: str
    total: str
    max_points: str
    index: str | None
    groups: list[SubtotalOut]
    sections: list[SubtotalOut]
    criteria: list[CriterionScoreOut]
    missing: list[str]
    warnings: list[MsgOut]


class RankRowOut(Schema):
    rank: int
    unit: str
    name: str
    parent: str
    total: str
    groups: list[SubtotalOut]
    fraction: str = Field(description="total ÷ the framework's maximum")
    colour: str


class RankingOut(Schema):
    campaign: str
    level: str
    framework: str
    frozen_at: dt.datetime | None = Field(
        description="when published ranks were frozen; null: live"
    )
    count: int
    items: list[RankRowOut]
