"""Named facts of a unit in a campaign: what an award gate reads that no criterion holds.

The campaign's award plan says which facts a unit needs: the ``fact:`` of
its level's gates ("eid_registration_ratio" for villages,
"staff_eid_level2_ratio" for departments), minus the facts the platform
computes itself (:data:`PLATFORM_FACTS`). The level above records them, with
evidence; a value is checked by the reader :mod:`thidua.awards` itself uses
(``gates.gate_value``), so the web accepts exactly what the gates accept, and
stored as that JSON. ``awards_web.services.inputs`` merges the recorded facts
into ``UnitInput.facts`` (the platform's own facts win). Every change checks
:mod:`thidua.web.policy`, is written with optimistic locking (``version``),
and is audited in the same transaction. A fact recorded by mistake is withdrawn
(:func:`withdraw_fact`, with a reason): the unit has no value for it again, and
the withdrawn value stays in the fact's history (its audit trail).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any, cast

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from thidua import awards
from thidua.awards import Gate
from thidua.awards.gates import GateValue, gate_value
from thidua.scoring import UnitInput, UnitScore
from thidua.scoring.errors import InputProblem
from thidua.scoring.rules.base import to_decimal
from thidua.scoring.text import Msg, num_en, num_vi, pct_en, pct_vi
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.awards_web import services
from thidua.web.awards_web.models import FactEvidence, UnitFact
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import BadInput, Denied, ServiceError
from thidua.web.results.evidence import CheckedUpload, read_upload
from thidua.web.units.models import Unit

# Facts the platform computes itself (``awards_web.services.inputs``); never recorded by hand.
PLATFORM_FACTS: dict[str, Msg] = {
    "models_registered": Msg(
        "Tính tự động từ sổ mô hình (số mô hình đơn vị đã đăng ký)",
        "Counted from the models registry (models the unit registered)",
    ),
    "commune_kind": Msg(
        "Lấy từ cây đơn vị (loại của xã, phường, thị trấn chứa thôn, tổ)",
        "Taken from the unit tree (the kind of the village's commune)",
    ),
}


SAVED, WITHDRAWN = "fact.save", "fact.withdraw"  # the audit actions of a fact's value


def _platform_source(campaign: Campaign, unit: Unit, name: str) -> Msg:
    """Where a platform fact of ``unit`` is changed, with the page's address."""
    if name == "models_registered":
        url = reverse("unit_models", args=[campaign.code, unit.code])
        return Msg(f"sổ mô hình của đơn vị ({url})", f"the unit's models registry ({url})")
    if name == "commune_kind":
        url = reverse("manage_unit_edit", args=[(unit.parent or unit).code])
        return Msg(
            f"loại đơn vị trong cây đơn vị ({url})", f"the unit's kind in the unit tree ({url})"
        )
    return PLATFORM_FACTS[name]  # a new platform fact names its page above (tests check)


def platform_fact_refusal(campaign: Campaign, unit: Unit, name: str) -> BadInput:
    """Why a platform fact cannot be withdrawn by hand, and where to change it instead."""
    where = _platform_source(campaign, unit, name)
    return BadInput(
        Msg(
            f"Dữ kiện '{name}' của đơn vị {unit.code} do hệ thống tự tính, không rút được ở đây; "
            f"hãy sửa ở {where.vi}",
            f"The fact '{name}' of unit {unit.code} is computed by the platform and cannot be "
            f"withdrawn here; change it in {where.en}",
        )
    )


class StaleFact(ServiceError):
    """Someone changed the fact first; ``current`` is what is stored now (version 0: nothing)."""

    status = 409

    def __init__(self, current: UnitFact) -> None:
        super().__init__(
            Msg(
                "Dữ kiện đã được người khác cập nhật; giá trị mới nhất được hiển thị, "
                "hãy kiểm tra lại. Chưa có gì được lưu",
                "Someone else updated this fact first; the newer value is shown, "
                "please check it. Nothing was saved",
            )
        )
        self.current = current


@dataclass(frozen=True)
class FactSpec:
    """One fact a unit needs, and the (first) gate of its level that reads it."""

    name: str
    gate: Gate

    @property
    def display(self) -> str:
        return self.gate.display


def level_facts(level: awards.Level) -> list[FactSpec]:
    """The facts the gates of ``level`` read that are recorded by hand, in gate order."""
    found: dict[str, FactSpec] = {}
    for g in level.gates:
        if g.fact is not None and g.fact not in PLATFORM_FACTS and g.fact not in found:
            found[g.fact] = FactSpec(g.fact, g)
    return list(found.values())


def needed_facts(campaign: Campaign, unit: Unit) -> list[FactSpec]:
    """The facts the campaign's award plan needs from ``unit`` (none without a plan or level)."""
    try:
        plan = services.plan_for(campaign)
    except services.NotConfigured:
        return []
    level = services.unit_level(plan, unit)
    return [] if level is None else level_facts(level)


def spec_for(campaign: Campaign, unit: Unit, name: str) -> FactSpec | None:
    return next((s for s in needed_facts(campaign, unit) if s.name == name), None)


# --- values: what the core reads ------------------------------------------------------------


@dataclass(frozen=True)
class _FactsOnly:
    """The one part of a UnitScore that ``gate_value`` reads for a fact gate: ``unit.facts``."""

    unit: UnitInput


def _where(unit: Unit, name: str) -> Msg:
    return Msg(
        f"Đơn vị {unit.name} ({unit.code}), dữ kiện '{name}'",
        f"Unit {unit.name} ({unit.code}), fact '{name}'",
    )


def parse(spec: FactSpec, unit: Unit, raw: object) -> GateValue:
    """The value the gate compares, read by ``thidua.awards``; BadInput naming unit and fact."""
    where = _where(unit, spec.name)
    try:
        value = gate_value(
            spec.gate,
            cast(UnitScore, _FactsOnly(UnitInput(code=unit.code, facts={spec.name: raw}))),
        )
    except InputProblem as problem:
        raise BadInput(
            Msg(f"{where.vi}: {problem.msg.vi}", f"{where.en}: {problem.msg.en}")
        ) from None
    if value is None:
        raise BadInput(Msg(f"{where.vi}: chưa nhập giá trị", f"{where.en}: no value entered"))
    return value


def _number(text: str) -> object:
    """A whole number as a JSON number; anything else as typed, for the core to read or refuse."""
    try:
        return int(text.strip())
    except ValueError:
        return text.strip()


def value_from_form(spec: FactSpec, data: Mapping[str, str]) -> object:
    """The JSON value from the form fields of the fact's display (not yet checked).

    ``percent``: ``numerator`` and ``denominator`` (counts), or ``percent`` ("85,5");
    ``number``: ``number``; ``yes_no``: ``yes_no`` ("yes" / "no").
    """
    if spec.display == "percent":
        num, den = data.get("numerator", "").strip(), data.get("denominator", "").strip()
        if num or den:
            ratio: dict[str, object] = {}
            if num:
                ratio["numerator"] = _number(num)
            if den:
                ratio["denominator"] = _number(den)
            return ratio
        pct = data.get("percent", "").strip().removesuffix("%").strip()
        return f"{pct}%" if pct else None
    if spec.display == "yes_no":
        choice = data.get("yes_no", "").strip()
        return {"yes": True, "no": False}.get(choice, choice or None)
    text = data.get("number", "").strip()
    return _number(text) if text else None


def _stored(spec: FactSpec, raw: object, value: GateValue) -> object:
    """``raw`` in the shape to store: yes/no as a boolean, a ratio's counts without extra keys."""
    if spec.display == "yes_no":
        return bool(value)
    if isinstance(raw, Mapping):
        return {"numerator": raw["numerator"], "denominator": raw["denominator"]}
    return raw


def words(spec: FactSpec, raw: object) -> Msg | None:
    """The stored value for reading ("85% (850/1.000)", "có"); None when it cannot be read."""
    if raw is None:
        return None
    try:
        value = gate_value(
            spec.gate,
            cast(UnitScore, _FactsOnly(UnitInput(code="", facts={spec.name: raw}))),
        )
    except InputProblem:
        return Msg(str(raw), str(raw))
    if value is None:
        return None
    if isinstance(value, bool):
        return Msg("có", "yes") if value else Msg("không", "no")
    if spec.display != "percent":
        return Msg(num_vi(value), num_en(value))
    vi, en = pct_vi(value), pct_en(value)
    if isinstance(raw, Mapping):
        n, d = to_decimal(raw["numerator"]), to_decimal(raw["denominator"])
        vi, en = f"{vi} ({num_vi(n)}/{num_vi(d)})", f"{en} ({num_en(n)}/{num_en(d)})"
    return Msg(vi, en)


# --- writing -------------------------------------------------------------------------------


def get_fact(campaign: Campaign, unit: Unit, name: str) -> UnitFact:
    """The stored fact, or an unsaved blank one (version 0) when none was recorded yet."""
    found = (
        UnitFact.objects.filter(campaign=campaign, unit=unit, name=name)
        .select_related("recorded_by")
        .first()
    )
    return found or UnitFact(campaign=campaign, unit=unit, name=name, version=0)


def _snapshot(f: UnitFact) -> dict[str, Any]:
    return {"value": f.value, "note": f.note, "version": f.version}


def _write(fact: UnitFact, expected_version: int, changes: dict[str, Any]) -> UnitFact:
    """Apply ``changes`` if the fact is still at ``expected_version``; StaleFact otherwise."""
    if expected_version == 0 or fact.pk is None:
        if fact.pk is not None or expected_version != 0:
            raise StaleFact(fact)
        for k, v in changes.items():
            setattr(fact, k, v)
        fact.version = 1
        try:
            with transaction.atomic():
                fact.save()
        except IntegrityError:
            raise StaleFact(get_fact(fact.campaign, fact.unit, fact.name)) from None
        return fact
    n = UnitFact.objects.filter(pk=fact.pk, version=expected_version).update(
        version=F("version") + 1, **changes
    )
    if n == 0:
        raise StaleFact(get_fact(fact.campaign, fact.unit, fact.name))
    fact.refresh_from_db()
    return fact


def _change(
    user: Any,
    fact: UnitFact,
    expected_version: int,
    action: str,
    *,
    value: object,
    note: str,
    reason: str = "",
) -> UnitFact:
    """Write the fact's new value and note as ``user`` now, and audit it, in the caller's
    transaction; StaleFact when it is no longer at ``expected_version``."""
    before = _snapshot(fact) if fact.pk else None
    fact = _write(
        fact,
        expected_version,
        {
            "value": value,
            "note": note,
            "recorded_by": user if user.is_authenticated else None,
            "recorded_at": timezone.now(),
        },
    )
    record(
        user,
        action,
        object_type="fact",
        object_id=fact.audit_id,
        campaign=fact.campaign.code,
        unit=fact.unit.code,
        before=before,
        after=_snapshot(fact),
        reason=reason,
    )
    return fact


def _not_needed(unit: Unit, name: str) -> BadInput:
    return BadInput(
        Msg(
            f"Kế hoạch khen thưởng không cần dữ kiện '{name}' của đơn vị {unit.code}",
            f"The award plan needs no fact '{name}' of unit {unit.code}",
        )
    )


def record_fact(
    user: Any,
    *,
    campaign: Campaign,
    unit: Unit,
    name: str,
    value: object,
    note: str,
    expected_version: int,
    upload: IO[bytes] | None = None,
    upload_name: str = "",
) -> UnitFact:
    """Record or change one fact (and attach one evidence file); Denied, BadInput or StaleFact.

    Nothing is written unless the policy allows it, the plan needs the fact, the
    core reads the value, the file passes the upload check and the version is current.
    """
    if not policy.can_record_fact(user, campaign, unit):
        raise Denied()
    spec = spec_for(campaign, unit, name)
    if spec is None:
        raise _not_needed(unit, name)
    stored = _stored(spec, value, parse(spec, unit, value))
    checked = read_upload(upload) if upload is not None else None
    with transaction.atomic():
        fact = get_fact(campaign, unit, name)
        fact = _change(user, fact, expected_version, SAVED, value=stored, note=note.strip())
        if checked is not None:
            _store_evidence(user, fact, checked, upload_name)
    return fact


def withdraw_fact(
    user: Any,
    *,
    campaign: Campaign,
    unit: Unit,
    name: str,
    reason: str,
    expected_version: int,
) -> UnitFact:
    """Withdraw a fact recorded by mistake; Denied, BadInput or StaleFact.

    The unit then has no value for the fact (its gate reads it as missing, as
    before it was recorded). Nothing is erased: the row stays with ``value``
    null and the next version, and the audit entry ``fact.withdraw`` keeps the
    withdrawn value, note and version (``before``) and the required reason, so
    the fact's history shows them. Its evidence files stay attached. The
    platform's own facts are never withdrawn here: the refusal says where they
    are changed.
    """
    if not policy.can_record_fact(user, campaign, unit):
        raise Denied()
    if name in PLATFORM_FACTS:
        raise platform_fact_refusal(campaign, unit, name)
    if spec_for(campaign, unit, name) is None:
        raise _not_needed(unit, name)
    reason = reason.strip()
    if not reason:
        raise BadInput(
            Msg(
                f"Cần nêu lý do rút dữ kiện '{name}' của đơn vị {unit.code}",
                f"A reason is needed to withdraw the fact '{name}' of unit {unit.code}",
            )
        )
    with transaction.atomic():
        fact = get_fact(campaign, unit, name)
        if fact.version != expected_version:
            raise StaleFact(fact)
        if fact.pk is None or fact.value is None:
            raise BadInput(
                Msg(
                    f"Dữ kiện '{name}' của đơn vị {unit.code} chưa được ghi nhận hoặc đã được rút",
                    f"The fact '{name}' of unit {unit.code} is not recorded or already withdrawn",
                )
            )
        fact = _change(user, fact, expected_version, WITHDRAWN, value=None, note="", reason=reason)
    return fact


def _store_evidence(user: Any, fact: UnitFact, checked: CheckedUpload, name: str) -> FactEvidence:
    ev = FactEvidence(
        fact=fact,
        file_type=checked.file_type,
        original_name=name[-255:] or f"du-kien.{checked.file_type}",
        size=len(checked.data),
        sha256=checked.sha256,
        uploaded_by=user if user.is_authenticated else None,
    )
    ev.file.save(f"{checked.sha256}.{checked.file_type}", ContentFile(checked.data), save=False)
    ev.save()
    record(
        user,
        "fact.evidence",
        object_type="fact",
        object_id=fact.audit_id,
        campaign=fact.campaign.code,
        unit=fact.unit.code,
        after={"evidence": ev.pk, "name": ev.original_name, "sha256": ev.sha256, "size": ev.size},
    )
    return ev


def attach(user: Any, *, fact: UnitFact, upload: IO[bytes], name: str) -> FactEvidence:
    """Check and store one evidence file of a recorded fact; raises Denied or BadInput."""
    if not policy.can_record_fact(user, fact.campaign, fact.unit):
        raise Denied()
    if fact.pk is None:
        raise BadInput(
            Msg(
                f"Chưa ghi nhận dữ kiện '{fact.name}'; hãy nhập giá trị trước",
                f"The fact '{fact.name}' is not recorded yet; enter its value first",
            )
        )
    checked = read_upload(upload)
    with transaction.atomic():
        return _store_evidence(user, fact, checked, name)
