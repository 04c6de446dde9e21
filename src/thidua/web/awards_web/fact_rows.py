"""Reading named facts: each needed fact of a unit with its value, evidence and history (every
recording and withdrawal, from the audit trail), one unit's or a whole level's, as the pages and
the API show them. Writing them is :mod:`thidua.web.awards_web.facts`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from thidua import awards
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.models import AuditEntry
from thidua.web.awards_web import services
from thidua.web.awards_web.facts import (
    SAVED,
    WITHDRAWN,
    FactSpec,
    level_facts,
    needed_facts,
    spec_for,
    words,
)
from thidua.web.awards_web.models import FactEvidence, UnitFact
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import Denied
from thidua.web.units.models import Unit


@dataclass(frozen=True)
class FactChange:
    """One change of a fact's value, read from its audit trail: recorded, or withdrawn."""

    at: dt.datetime
    actor: str
    withdrawn: bool
    value: object  # the value recorded, or the value withdrawn (as stored)
    words: Msg | None
    note: str  # the note recorded, or the note of the withdrawn value
    reason: str  # why it was withdrawn; "" for a recording
    version: int | None  # the version this change made


@dataclass(frozen=True)
class FactRow:
    """One needed fact of one unit: the stored row (or a blank, version 0), its evidence and,
    where loaded (a unit's facts, one fact), its history oldest first."""

    spec: FactSpec
    fact: UnitFact
    evidence: list[FactEvidence] = field(default_factory=list)
    history: list[FactChange] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.fact.pk is None or self.fact.value is None

    @property
    def withdrawn(self) -> bool:
        """Recorded once, then withdrawn: a stored row without a value (never written otherwise)."""
        return self.fact.pk is not None and self.fact.value is None

    @property
    def withdrawal(self) -> FactChange | None:
        """The withdrawal that left the fact without a value (None unless withdrawn)."""
        if not self.withdrawn:
            return None
        return next((c for c in reversed(self.history) if c.withdrawn), None)

    @property
    def words(self) -> Msg | None:
        return words(self.spec, self.fact.value)

    @property
    def initial(self) -> dict[str, str]:
        """The stored value in the edit form's fields."""
        v = self.fact.value
        if isinstance(v, Mapping):
            return {
                "numerator": str(v.get("numerator", "")),
                "denominator": str(v.get("denominator", "")),
            }
        if isinstance(v, bool):
            return {"yes_no": "yes" if v else "no"}
        if self.spec.display == "percent" and v is not None:
            return {"percent": str(v).removesuffix("%")}
        return {"number": "" if v is None else str(v)}


def _audit_id(campaign: Campaign, unit: Unit, name: str) -> str:
    return f"{campaign.code}/{unit.code}/{name}"  # as UnitFact.audit_id, without loading FKs


def _histories(
    campaign: Campaign, wanted: list[tuple[Unit, FactSpec]]
) -> dict[str, list[FactChange]]:
    """The value changes of each (unit, fact) by audit id, oldest first, in one query."""
    specs = {_audit_id(campaign, u, s.name): s for u, s in wanted}
    out: dict[str, list[FactChange]] = {}
    if not specs:
        return out
    entries = AuditEntry.objects.filter(
        object_type="fact", object_id__in=list(specs), action__in=(SAVED, WITHDRAWN)
    ).order_by("seq")
    for e in entries:
        withdrawn = e.action == WITHDRAWN
        shown = (e.before if withdrawn else e.after) or {}
        done = e.after or {}
        value = shown.get("value")
        out.setdefault(e.object_id, []).append(
            FactChange(
                at=e.at,
                actor=e.actor_name,
                withdrawn=withdrawn,
                value=value,
                words=words(specs[e.object_id], value),
                note=str(shown.get("note") or ""),
                reason=e.reason,
                version=done.get("version"),
            )
        )
    return out


def _rows(
    campaign: Campaign, units: list[Unit], specs: list[FactSpec], *, history: bool = False
) -> dict[int, list[FactRow]]:
    stored: dict[tuple[int, str], UnitFact] = {}
    evidence: dict[int, list[FactEvidence]] = {}
    names = [s.name for s in specs]
    for f in UnitFact.objects.filter(
        campaign=campaign, unit__in=units, name__in=names
    ).select_related("recorded_by"):
        stored[(f.unit_id, f.name)] = f
    for ev in FactEvidence.objects.filter(fact__in=list(stored.values())):
        evidence.setdefault(ev.fact_id, []).append(ev)
    changes = (
        _histories(campaign, [(u, s) for u in units for s in specs if (u.pk, s.name) in stored])
        if history
        else {}
    )
    out: dict[int, list[FactRow]] = {}
    for u in units:
        row = []
        for s in specs:
            f = stored.get((u.pk, s.name)) or UnitFact(
                campaign=campaign, unit=u, name=s.name, version=0
            )
            row.append(
                FactRow(
                    s,
                    f,
                    evidence.get(f.pk, []) if f.pk else [],
                    changes.get(_audit_id(campaign, u, s.name), []),
                )
            )
        out[u.pk] = row
    return out


def row_of(fact: UnitFact) -> FactRow | None:
    """A stored (or blank) fact with its spec, evidence and history; None if the plan no longer
    needs it."""
    spec = spec_for(fact.campaign, fact.unit, fact.name)
    if spec is None:
        return None
    if fact.pk is None:
        return FactRow(spec, fact)
    changes = _histories(fact.campaign, [(fact.unit, spec)])
    return FactRow(spec, fact, list(fact.evidence.all()), changes.get(fact.audit_id, []))


def facts_of(user: Any, campaign: Campaign, unit: Unit) -> list[FactRow]:
    """Every fact the plan needs from ``unit``, recorded or not, with its history; Denied for
    those who may not read."""
    if not policy.can_view_facts(user, campaign, unit):
        raise Denied()
    specs = needed_facts(campaign, unit)
    return _rows(campaign, [unit], specs, history=True)[unit.pk] if specs else []


@dataclass(frozen=True)
class LevelFacts:
    level: awards.Level
    specs: list[FactSpec]
    rows: list[tuple[Unit, list[FactRow]]]

    @property
    def incomplete(self) -> int:
        """Units with at least one fact missing."""
        return sum(1 for _u, facts in self.rows if any(f.missing for f in facts))


def level_overview(user: Any, campaign: Campaign, level_code: str) -> LevelFacts:
    """The facts of every unit of a level the user may read, missing ones included."""
    if not policy.can_view_campaign(user, campaign):
        raise Denied()
    plan = services.plan_for(campaign)
    try:
        level = awards.get_level(plan, level_code)
    except awards.AwardsError as exc:
        raise services.NotConfigured(exc.msg) from None
    specs = level_facts(level)
    units = list(
        policy.units_in_scope(user, campaign.participants.filter(kind__in=level.unit_kinds))
        .select_related("parent")
        .order_by("path")
    )
    by_unit = _rows(campaign, units, specs) if specs else {u.pk: [] for u in units}
    return LevelFacts(level, specs, [(u, by_unit[u.pk]) for u in units])
