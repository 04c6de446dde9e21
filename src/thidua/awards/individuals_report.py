"""Individual award proposals as JSON-ready dicts and as plain text (see report.py)."""

from __future__ import annotations

from typing import Any

from thidua.awards.individuals import IndividualAllocation, IndividualDecision


def _proposal(d: IndividualDecision) -> dict[str, Any]:
    return {
        "id": d.id,
        "name": d.name,
        "unit": d.unit,
        "parent": d.parent,
        "position": d.position,
        "achievements": d.achievements,
        "priority": d.priority,
        "form": d.form,
        "rank": d.rank,
        "nominees": d.nominee_count,
        "nomination": d.nomination,
        "unit_rank_overall": d.unit_rank_overall,
        "units": d.unit_count,
        "reason": str(d.reason),
    }


def _not_proposed(d: IndividualDecision) -> dict[str, Any]:
    return {
        "id": d.id,
        "name": d.name,
        "unit": d.unit,
        "parent": d.parent,
        "position": d.position,
        "priority": d.priority,
        "status": d.status,
        "rank": d.rank,
        "unit_rank_overall": d.unit_rank_overall,
        "reason": str(d.reason),
    }


def individuals_json(ia: IndividualAllocation) -> dict[str, Any]:
    """``{"forms": [...], "proposals": [...], "not_proposed": [...]}``; ``given`` lists ids."""
    return {
        "forms": [
            {"form": f.form.code, "title": f.form.title, "places": f.places, "given": list(f.given)}
            for f in ia.forms
        ],
        "proposals": [_proposal(d) for d in ia.proposals],
        "not_proposed": [_not_proposed(d) for d in ia.not_proposed],
    }


def _who(d: IndividualDecision) -> str:
    position = f", {d.position}" if d.position else ""
    parent = f" [{d.parent}]" if d.parent else ""
    return f"{d.id} {d.name}{position} — {d.unit}{parent}"


def individuals_text(ia: IndividualAllocation) -> list[str]:
    """The lines of the individuals' section of the allocation's text report."""
    lines = [
        "",
        f"CÁ NHÂN / INDIVIDUALS: {len(ia.decisions)} · Được đề cử / Nominees: {ia.nominee_count}",
    ]
    for f in ia.forms:
        lines.append(f"  {f.form.title} / {f.form.title_en}: {len(f.given)}/{f.places}")
    lines += ["", "ĐỀ NGHỊ KHEN THƯỞNG CÁ NHÂN / INDIVIDUAL PROPOSALS"]
    if not ia.proposals:
        lines.append("  (không có / none)")
    for d in ia.proposals:
        lines.append(f"{d.rank:>3}. {_who(d)} — {d.form}")
        lines.append(f"     {d.reason}")
    lines += ["", "CÁ NHÂN KHÔNG ĐỀ NGHỊ / INDIVIDUALS NOT PROPOSED"]
    if not ia.not_proposed:
        lines.append("  (không có / none)")
    for d in ia.not_proposed:
        lines.append(f"  {_who(d)} — {d.status}")
        lines.append(f"     {d.reason}")
    return lines
