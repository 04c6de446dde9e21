"""Allocations, gate checks and plans as JSON-ready dicts and as plain text.

The CLI prints these; the web pages will render the same dicts. Points are
numbers rounded to 2 decimals as in ``thidua score``; reasons are
"Vietnamese / English".
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from thidua.awards.allocation import Allocation, Decision, Tie
from thidua.awards.gates import Eligibility
from thidua.awards.individuals import IndividualAllocation, allocate_individuals
from thidua.awards.individuals_report import individuals_json, individuals_text
from thidua.awards.model import AwardPlan, Gate, Level
from thidua.scoring.text import num_en, num_vi


def _points(d: Decimal) -> float:
    return float(d.quantize(Decimal("0.01")))


def _number(d: Decimal | bool) -> object:
    if isinstance(d, bool):
        return d
    return int(d) if d == d.to_integral_value() else float(d)


def _tie(t: Tie) -> dict[str, Any]:
    return {
        "with": t.other,
        "ahead": t.ahead,
        "decided_by": t.decided_by,
        "values": None if t.values is None else [_number(v) for v in t.values],
    }


def _proposal(d: Decision) -> dict[str, Any]:
    return {
        "unit": d.unit,
        "name": d.name,
        "parent": d.parent,
        "form": d.form,
        "rank": d.rank,
        "nominees": d.nominee_count,
        "rank_overall": d.rank_overall,
        "units": d.unit_count,
        "total": _points(d.total),
        "nomination": d.nomination,
        "ties": [_tie(t) for t in d.ties],
        "reason": str(d.reason),
    }


def _not_proposed(d: Decision) -> dict[str, Any]:
    return {
        "unit": d.unit,
        "name": d.name,
        "parent": d.parent,
        "status": d.status,
        "rank": d.rank,
        "rank_overall": d.rank_overall,
        "total": _points(d.total),
        "failed_gates": list(d.failed_gates),
        "ties": [_tie(t) for t in d.ties],
        "reason": str(d.reason),
    }


def allocation_json(
    a: Allocation, individuals: IndividualAllocation | None = None
) -> dict[str, Any]:
    """``{"proposals": [...], "not_proposed": [...]}`` plus what the allocation was based on.

    ``rank`` of a proposal is its rank among the level's nominees;
    ``rank_overall`` its rank among all the level's units (the scoring core's).
    ``individuals`` is always there: with no individuals given, their forms'
    places and empty lists.
    """
    if individuals is None:
        individuals = allocate_individuals(a, ())
    return {
        "plan": a.plan.code,
        "level": a.level.code,
        "framework": a.framework.code,
        "tie_breakers": list(a.tie_breakers),
        "units": len(a.decisions),
        "nominees": a.nominee_count,
        "forms": [
            {
                "form": f.form.code,
                "title": f.form.title,
                "places": f.places,
                "given": len(f.given),
                "units": list(f.given),
                "individuals": f.individuals,
            }
            for f in a.forms
        ],
        "proposals": [_proposal(d) for d in a.proposals],
        "not_proposed": [_not_proposed(d) for d in a.not_proposed],
        "individuals": individuals_json(individuals),
    }


def _header(
    plan: AwardPlan, level: Level, framework: str, tie_breakers: Sequence[str]
) -> list[str]:
    tbs = ", ".join(tie_breakers) if tie_breakers else "không có / none"
    return [
        f"Kế hoạch / Plan: {plan.code} — {plan.title}",
        f"Cấp / Level: {level.code} — {level.title} / {level.title_en} · Bảng điểm / Framework: {framework}",
        f"Tiêu chí phụ / Tie-breakers: {tbs} (sau cùng: mã đơn vị / finally: unit code)",
    ]


def allocation_text(a: Allocation, individuals: IndividualAllocation | None = None) -> str:
    """The allocation for reading; a section for individuals when any were given."""
    lines = _header(a.plan, a.level, a.framework.code, a.tie_breakers)
    lines.append(f"Đơn vị / Units: {len(a.decisions)} · Được đề cử / Nominees: {a.nominee_count}")
    for f in a.forms:
        lines.append(f"  {f.form.title} / {f.form.title_en}: {len(f.given)}/{f.places}")
    lines += ["", "ĐỀ NGHỊ KHEN THƯỞNG / PROPOSALS"]
    if not a.proposals:
        lines.append("  (không có / none)")
    for d in a.proposals:
        who = f"{d.unit} {d.name}".strip()
        parent = f" [{d.parent}]" if d.parent else ""
        lines.append(
            f"{d.rank:>3}. {who}{parent} — {num_vi(d.total, places=2)} điểm / {num_en(d.total, places=2)} points — {d.form}"
        )
        lines.append(f"     {d.reason}")
    lines += ["", "KHÔNG ĐỀ NGHỊ / NOT PROPOSED"]
    if not a.not_proposed:
        lines.append("  (không có / none)")
    for d in a.not_proposed:
        who = f"{d.unit} {d.name}".strip()
        parent = f" [{d.parent}]" if d.parent else ""
        lines.append(
            f"  {who}{parent} — {num_vi(d.total, places=2)} điểm / {num_en(d.total, places=2)} points — {d.status}"
        )
        lines.append(f"     {d.reason}")
    if individuals is not None and individuals.decisions:
        lines += individuals_text(individuals)
    return "\n".join(lines) + "\n"


def gates_json(
    plan: AwardPlan, level: Level, framework: str, eligibility: Sequence[Eligibility]
) -> dict[str, Any]:
    return {
        "plan": plan.code,
        "level": level.code,
        "framework": framework,
        "units": [
            {
                "unit": e.unit,
                "name": e.score.unit.name,
                "parent": e.score.unit.parent,
                "kind": e.score.unit.kind,
                "rank_overall": e.score.rank,
                "total": _points(e.score.total),
                "eligible": e.eligible,
                "failed_gates": [r.gate.code for r in e.failed],
                "gates": [r.as_dict() for r in e.results],
                "reason": str(e.summary()),
            }
            for e in eligibility
        ],
    }


def gates_text(
    plan: AwardPlan, level: Level, framework: str, eligibility: Sequence[Eligibility]
) -> str:
    lines = _header(plan, level, framework, ())[:2]
    n_ok = sum(1 for e in eligibility if e.eligible)
    lines.append(f"Đạt điều kiện / Eligible: {n_ok}/{len(eligibility)}")
    for e in eligibility:
        s = e.score
        verdict = "ĐẠT / ELIGIBLE" if e.eligible else "KHÔNG ĐẠT / NOT ELIGIBLE"
        parent = f" [{s.unit.parent}]" if s.unit.parent else ""
        lines += [
            "",
            f"{s.unit.code} {s.unit.name}".strip() + f"{parent} — hạng / rank {s.rank} — {verdict}",
        ]
        for r in e.results:
            mark = "✓" if r.passed else "✗"
            lines.append(f"  {mark} {r.gate.code}: {r.explanation}")
    return "\n".join(lines) + "\n"


def _threshold(g: Gate, value: Decimal | bool) -> str:
    if isinstance(value, bool):
        return "có / yes" if value else "không / no"
    vi, en = (
        (num_vi(value * 100) + "%", num_en(value * 100) + "%")
        if g.display == "percent"
        else (num_vi(value), num_en(value))
    )
    return vi if vi == en else f"{vi} / {en}"


def _gate_line(g: Gate) -> str:
    source = f"chỉ tiêu / criterion {g.criterion}" if g.criterion else f"dữ kiện / fact '{g.fact}'"
    line = f"    [{g.code}] {source} {g.op} {_threshold(g, g.threshold)}: {g.label}"
    for o in g.overrides:
        if o.threshold is not None:
            change = f"= {_threshold(g, o.threshold)}"
        else:
            change = f"+ {_threshold(g, o.add or Decimal(0))}"
        line += f"\n        {o.who()}: {change} ({o.reason})"
    return line


def plan_text(plan: AwardPlan) -> str:
    lines = [
        f"{plan.code}: {plan.title}",
        f"Nguồn / Source: {plan.document}",
        "",
        "Hình thức / Forms:",
    ]
    for f in plan.forms:
        cap = (
            f"tối đa / at most {f.cap_collectives} tập thể / collectives, {f.cap_individuals} cá nhân / individuals"
            if f.has_quota
            else "không giới hạn số lượng, không phân bổ / no quota, not allocated"
        )
        lines.append(f"  {f.code}: {f.title} — {cap}")
    for lv in plan.levels:
        lines += ["", f"Cấp / Level {lv.code}: {lv.title} / {lv.title_en} ({lv.source})"]
        lines.append(
            f"  Bảng điểm / Framework: {lv.framework or '(không có — dùng --framework / none — use --framework)'}"
        )
        for q in lv.forms:
            lines.append(
                f"  {q.form}: {q.collectives} tập thể / collectives, {q.individuals} cá nhân / individuals"
            )
        n = lv.nomination
        if n is None:
            lines.append("  Đề cử / Nomination: mọi đơn vị đạt điều kiện / every eligible unit")
        else:
            lines.append(
                f"  Đề cử / Nomination: {n.per_parent} mỗi {n.parent_title} / per {n.parent_title_en}"
                f" + tối đa / at most {n.extra_per_parent} thêm / extra, đến đủ / up to {lv.places}"
            )
        lines.append("  Điều kiện / Gates:")
        lines += [_gate_line(g) for g in lv.gates]
    if plan.dossier.deadlines or plan.dossier.documents:
        lines += ["", "Hồ sơ / Dossier:"]
        for dl in plan.dossier.deadlines:
            lines.append(f"  trước / before {dl.date:%d/%m/%Y}: {dl.to}")
        lines += [f"  - {doc}" for doc in plan.dossier.documents]
    return "\n".join(lines) + "\n"
