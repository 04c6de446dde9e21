"""An award plan as frozen data: forms, levels, gates, quotas (docs/awards.md).

Built by ``thidua.awards.plan`` from a YAML file; read by the gates and the
allocation. Nothing here knows about files, Django or output formats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from thidua.scoring import Msg, UnitInput
from thidua.scoring.kinds import UNIT_KINDS

Op = Literal[">", ">=", "<", "<=", "=="]
OPS: tuple[Op, ...] = (">", ">=", "<", "<=", "==")
Display = Literal["percent", "number", "yes_no"]
DISPLAYS: tuple[Display, ...] = ("percent", "number", "yes_no")


@dataclass(frozen=True, slots=True)
class GateOverride:
    """A different threshold for some units: "Địa bàn thành phố tăng thêm 15%".

    It matches on the unit's kind, its parent's kind and/or one named fact
    (``fact`` equal to ``equals``); every given key must match. It either
    replaces the threshold or adds to it.
    """

    reason: str
    unit_kind: str | None = None
    parent_kind: str | None = None
    fact: str | None = None
    equals: str | None = None
    threshold: Decimal | None = None
    add: Decimal | None = None

    def matches(self, unit: UnitInput) -> bool:
        """True when every key this override names matches the unit."""
        if self.unit_kind is not None and self.unit_kind != unit.kind:
            return False
        if self.parent_kind is not None and self.parent_kind != unit.parent_kind:
            return False
        if self.fact is not None:
            value = unit.facts.get(self.fact)
            return value is not None and str(value).strip() == self.equals
        return True

    def who(self) -> Msg:
        """Whom the override is for, in words ("thành phố" / "city")."""
        vi: list[str] = []
        en: list[str] = []
        if self.unit_kind:
            k = UNIT_KINDS.get(self.unit_kind, Msg(self.unit_kind, self.unit_kind))
            vi.append(k.vi)
            en.append(k.en)
        if self.parent_kind:
            k = UNIT_KINDS.get(self.parent_kind, Msg(self.parent_kind, self.parent_kind))
            vi.append(f"thuộc {k.vi}")
            en.append(f"in a {k.en}")
        if self.fact:
            vi.append(f"{self.fact} = {self.equals}")
            en.append(f"{self.fact} = {self.equals}")
        return Msg(" ".join(vi), " ".join(en))


@dataclass(frozen=True, slots=True)
class ThresholdUsed:
    """The threshold a unit was held to, and the override that set it (if any)."""

    value: Decimal | bool
    base: Decimal | bool
    override: GateOverride | None = None


@dataclass(frozen=True, slots=True)
class Gate:
    """One condition a unit must meet to be proposed at all.

    Exactly one of ``criterion`` (a criterion code of the level's framework:
    its appraised, normalised result is compared) or ``fact`` (a named fact of
    the unit) is set.
    """

    code: str
    label: str
    label_en: str
    op: Op
    threshold: Decimal | bool
    display: Display
    criterion: str | None = None
    fact: str | None = None
    overrides: tuple[GateOverride, ...] = ()
    note: str = ""

    @property
    def source_name(self) -> str:
        """``criterion A.IV.2`` or ``fact models_registered``."""
        return f"criterion {self.criterion}" if self.criterion else f"fact {self.fact}"

    def threshold_for(self, unit: UnitInput) -> ThresholdUsed:
        """The threshold for this unit: the first matching override wins."""
        for o in self.overrides:
            if o.matches(unit):
                if o.threshold is not None:
                    return ThresholdUsed(o.threshold, self.threshold, o)
                assert o.add is not None and isinstance(self.threshold, Decimal)
                return ThresholdUsed(self.threshold + o.add, self.threshold, o)
        return ThresholdUsed(self.threshold, self.threshold, None)


@dataclass(frozen=True, slots=True)
class AwardForm:
    """A form of award ("Bằng khen của Chủ tịch UBND tỉnh"); caps are province-wide."""

    code: str
    title: str
    title_en: str
    cap_collectives: int | None = None
    cap_individuals: int | None = None
    source: str = ""

    @property
    def has_quota(self) -> bool:
        return self.cap_collectives is not None or self.cap_individuals is not None


@dataclass(frozen=True, slots=True)
class FormQuota:
    """How many collectives and individuals of one level a form goes to."""

    form: str
    collectives: int
    individuals: int


@dataclass(frozen=True, slots=True)
class Nomination:
    """Per-parent nomination quota: ``per_parent`` each, plus up to
    ``extra_per_parent`` more for the best runners-up until the level's places
    are filled (docs/awards.md, "Extra nominations")."""

    per_parent: int
    extra_per_parent: int
    parent_title: str
    parent_title_en: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Level:
    """One level of units competing for the same forms (``commune``)."""

    code: str
    title: str
    title_en: str
    unit_kinds: tuple[str, ...]
    framework: str | None
    gates: tuple[Gate, ...]
    forms: tuple[FormQuota, ...]
    nomination: Nomination | None = None
    tie_breakers: tuple[str, ...] = ()
    source: str = ""

    @property
    def places(self) -> int:
        """The collectives this level may propose, all forms together."""
        return sum(q.collectives for q in self.forms)

    @property
    def individual_places(self) -> int:
        """The individuals this level may propose, all forms together."""
        return sum(q.individuals for q in self.forms)

    def gate(self, code: str) -> Gate:
        for g in self.gates:
            if g.code == code:
                return g
        raise KeyError(code)


@dataclass(frozen=True, slots=True)
class Deadline:
    date: dt.date
    to: str
    to_en: str = ""


@dataclass(frozen=True, slots=True)
class Dossier:
    """Section V: where the award dossier goes, by when, and what it holds."""

    deadlines: tuple[Deadline, ...] = ()
    documents: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True, slots=True)
class AwardPlan:
    code: str
    version: int
    title: str
    document: str
    forms: tuple[AwardForm, ...]
    levels: tuple[Level, ...]
    date: dt.date | None = None
    file: str | None = None
    dossier: Dossier = Dossier()
    origin: str = ""

    @property
    def forms_by_code(self) -> Mapping[str, AwardForm]:
        return {f.code: f for f in self.forms}

    def form(self, code: str) -> AwardForm:
        """The form with this code; KeyError if the plan has none."""
        return self.forms_by_code[code]

    def level(self, code: str) -> Level:
        """The level with this code; KeyError if the plan has none."""
        for lv in self.levels:
            if lv.code == code:
                return lv
        raise KeyError(code)
