"""Bodies of the named facts API (``api/facts.py``); apart so the error handlers can use them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from thidua.web.api.schemas import VERSION_HELP, MsgOut, msg_out
from thidua.web.awards_web.fact_rows import FactChange, FactRow
from thidua.web.awards_web.models import FactEvidence, UnitFact


class FactEvidenceOut(Schema):
    id: int
    name: str
    file_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    url: str


class FactChangeOut(Schema):
    at: dt.datetime
    by: str = Field(description="who made the change (user name, or system)")
    action: str = Field(description="recorded, or withdrawn")
    value: Any = Field(None, description="the value recorded, or the value withdrawn")
    words: MsgOut | None = None
    note: str = Field(description="the note recorded with the value (or withdrawn with it)")
    reason: str = Field(description='why it was withdrawn; "" for a recording')
    version: int | None = Field(None, description="the fact's version after the change")


class FactOut(Schema):
    name: str = Field(description='the fact\'s name in the award plan ("eid_registration_ratio")')
    gate: str = Field(description="the code of the (first) gate of the unit's level that reads it")
    label: MsgOut = Field(description="the gate as printed in the plan")
    display: str = Field(description="percent, number or yes_no: the shapes `value` may take")
    value: Any = Field(None, description="the stored value, as thidua.awards reads it; null: none")
    words: MsgOut | None = Field(None, description="the value for reading")
    note: str
    version: int
    recorded_at: dt.datetime | None
    recorded_by: str | None
    evidence: list[FactEvidenceOut]
    withdrawn: bool = Field(
        False, description="recorded once, then withdrawn: no value, the old one in `history`"
    )
    history: list[FactChangeOut] = Field(
        default_factory=list, description="every recording and withdrawal, oldest first"
    )


def fact_change_out(c: FactChange) -> dict[str, Any]:
    return {
        "at": c.at,
        "by": c.actor,
        "action": "withdrawn" if c.withdrawn else "recorded",
        "value": c.value,
        "words": msg_out(c.words) if c.words is not None else None,
        "note": c.note,
        "reason": c.reason,
        "version": c.version,
    }


def fact_evidence_out(ev: FactEvidence) -> dict[str, Any]:
    return {
        "id": ev.pk,
        "name": ev.original_name,
        "file_type": ev.file_type,
        "size": ev.size,
        "sha256": ev.sha256,
        "uploaded_at": ev.uploaded_at,
        "url": reverse("api:fact_evidence_file", args=[ev.pk]),
    }


def fact_out(row: FactRow) -> dict[str, Any]:
    """A recorded fact, or a blank one (value null, version 0) the plan needs but nobody recorded."""
    f: UnitFact = row.fact
    stored = f.pk is not None
    gate = row.spec.gate
    words = row.words
    return {
        "name": row.spec.name,
        "gate": gate.code,
        "label": {"vi": gate.label, "en": gate.label_en or gate.label},
        "display": row.spec.display,
        "value": f.value if stored else None,
        "words": msg_out(words) if words is not None else None,
        "note": f.note,
        "version": f.version if stored else 0,
        "recorded_at": f.recorded_at if stored else None,
        "recorded_by": f.recorded_by.get_username() if stored and f.recorded_by else None,
        "evidence": [fact_evidence_out(e) for e in row.evidence],
        "withdrawn": row.withdrawn,
        "history": [fact_change_out(c) for c in row.history],
    }


class FactIn(Schema):
    value: Any = Field(
        description='for a percent fact "85%", 0.85 or {"numerator": 850, "denominator": 1000}; '
        'for a number fact a number; for a yes_no fact true/false (or "có"/"không")'
    )
    note: str = Field("", description="where the figure comes from")
    version: int = Field(ge=0, description=VERSION_HELP)


class FactWithdrawIn(Schema):
    reason: str = Field(description="why the fact is withdrawn (required; kept in its history)")
    version: int = Field(ge=0, description=VERSION_HELP)
