"""Individual award pages: a nominating unit's list ("Đề nghị khen thưởng cá nhân"), the level's
list of nominating units, the individuals' part of the level and unit award pages, and an
individual's dossier (status moves, achievement report).

Views parse, call ``awards_web.individuals`` and ``awards_web.individual_allocation`` (or
``services.move``), render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thidua import awards
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.awards_web import documents, individual_allocation, individuals, services
from thidua.web.awards_web.choices import MOVES, DossierStatus
from thidua.web.awards_web.models import IndividualNomination, IndividualProposal
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import BadInput, Denied, ServiceError
from thidua.web.shell import campaign_or_404, error_response
from thidua.web.ui import pick
from thidua.web.units.models import Unit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- a nominating unit's list ------------------------------------------------------------------


def _proposer(
    request: HttpRequest, campaign_code: str, level_code: str, proposer_code: str
) -> tuple[Campaign, awards.Level, Unit, list[Unit]]:
    """The campaign, the plan's level, the nominating unit the user may read, and the units
    whose people it puts forward (404 when it nominates nobody at the level)."""
    campaign = campaign_or_404(request.user, campaign_code)
    proposer = get_object_or_404(Unit.objects.select_related("parent"), code=proposer_code)
    if not policy.can_view_nominations(request.user, campaign, proposer):
        raise Http404
    level = individuals.level_of(campaign, level_code)
    units = individuals.candidate_units(campaign, level, proposer)
    if not units:
        raise Http404
    return campaign, level, proposer, units


def _page(
    request: HttpRequest,
    campaign: Campaign,
    level: awards.Level,
    proposer: Unit,
    units: list[Unit],
    *,
    form: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = individuals.nominations_of(campaign, level, proposer)
    drawn = {
        ip.nomination_id: ip
        for ip in IndividualProposal.objects.filter(nomination__in=[n.pk for n in rows])
    }
    can_edit = policy.can_nominate(request.user, campaign, proposer, level.code)
    quota = individuals.Quota(level, proposer, individuals.limit_of(level), len(rows))
    form = form or {}
    editing = form.get("editing")
    return render(
        request,
        "awards_web/individuals.html",
        {
            "campaign": campaign,
            "level": level,
            "proposer": proposer,
            "units": units,
            "rows": [
                {
                    "n": n,
                    "first": i == 0,
                    "last": i == len(rows) - 1,
                    "drawn": drawn.get(n.pk),
                    "values": form if editing == n.pk else _values(n),
                }
                for i, n in enumerate(rows)
            ],
            "new": {} if editing else form,
            "quota": quota,
            "places": individuals.places_words(services.plan_for(campaign), level),
            "can_edit": can_edit,
            "frozen": policy.nominations_frozen(campaign, level.code),
            "can_view_awards": policy.can_view_awards(request.user, campaign),
            "form": form,
        },
        status=status,
    )


def _values(n: IndividualNomination) -> dict[str, Any]:
    return {
        "unit_code": n.unit.code,
        "name": n.name,
        "position": n.position,
        "achievements": n.achievements,
        "priority": n.priority,
    }


def _fields(request: HttpRequest, units: list[Unit]) -> dict[str, Any]:
    code = request.POST.get("unit", "").strip()
    return {
        "unit_code": code,
        "unit": individuals.unit_from(units, code),
        "name": request.POST.get("name", ""),
        "position": request.POST.get("position", ""),
        "achievements": request.POST.get("achievements", ""),
        "priority": request.POST.get("priority", ""),
    }


def _back(campaign: Campaign, level: str, proposer: Unit, anchor: str = "") -> HttpResponse:
    return redirect(reverse("nominations", args=[campaign.code, level, proposer.code]) + anchor)


@require_GET
@login_required
def proposer_page(
    request: HttpRequest, campaign_code: str, level: str, proposer: str
) -> HttpResponse:
    try:
        c, lv, p, units = _proposer(request, campaign_code, level, proposer)
    except ServiceError as exc:
        return error_response(request, exc)
    return _page(request, c, lv, p, units)


@require_POST
@login_required
def add(request: HttpRequest, campaign_code: str, level: str, proposer: str) -> HttpResponse:
    try:
        c, lv, p, units = _proposer(request, campaign_code, level, proposer)
    except ServiceError as exc:
        return error_response(request, exc)
    fields = _fields(request, units)
    try:
        n = individuals.create(
            request.user,
            campaign=c,
            level_code=lv.code,
            proposer=p,
            unit=fields["unit"],
            name=fields["name"],
            position=fields["position"],
            achievements=fields["achievements"],
            priority=fields["priority"],
        )
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        return _page(
            request, c, lv, p, units, form={**fields, "error": pick(exc.msg)}, status=exc.status
        )
    messages.success(request, pick(Msg(f"Đã thêm {n.name}", f"{n.name} added")))
    return _back(c, lv.code, p, f"#n{n.pk}")


def _nomination(
    request: HttpRequest, campaign_code: str, level: str, proposer: str, nomination_id: int
) -> tuple[Campaign, awards.Level, Unit, list[Unit], IndividualNomination]:
    c, lv, p, units = _proposer(request, campaign_code, level, proposer)
    n = get_object_or_404(
        IndividualNomination.objects.select_related("campaign", "proposer", "unit"),
        pk=nomination_id,
        campaign=c,
        level=lv.code,
        proposer=p,
    )
    return c, lv, p, units, n


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        raise BadInput(
            Msg("Thiếu phiên bản ('version') của dòng", "The row's 'version' is missing")
        ) from None


@require_POST
@login_required
def save(
    request: HttpRequest, campaign_code: str, level: str, proposer: str, nomination_id: int
) -> HttpResponse:
    try:
        c, lv, p, units, n = _nomination(request, campaign_code, level, proposer, nomination_id)
    except ServiceError as exc:
        return error_response(request, exc)
    fields = _fields(request, units)
    try:
        individuals.update(
            request.user,
            nomination=n,
            unit=fields["unit"],
            name=fields["name"],
            position=fields["position"],
            achievements=fields["achievements"],
            priority=fields["priority"],
            expected_version=_version(request),
        )
    except Denied as exc:
        return error_response(request, exc)
    except individuals.StaleNomination as exc:
        messages.error(request, pick(exc.msg))
    except ServiceError as exc:
        form = {**fields, "error": pick(exc.msg), "editing": n.pk}
        return _page(request, c, lv, p, units, form=form, status=exc.status)
    else:
        messages.success(request, pick(Msg("Đã lưu", "Saved")))
    return _back(c, lv.code, p, f"#n{n.pk}")


@require_POST
@login_required
def delete(
    request: HttpRequest, campaign_code: str, level: str, proposer: str, nomination_id: int
) -> HttpResponse:
    try:
        c, lv, p, _units, n = _nomination(request, campaign_code, level, proposer, nomination_id)
        individuals.delete(request.user, nomination=n, expected_version=_version(request))
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
        return redirect(reverse("nominations", args=[campaign_code, level, proposer]))
    messages.success(request, pick(Msg(f"Đã bỏ {n.name}", f"{n.name} removed")))
    return _back(c, lv.code, p)


@require_POST
@login_required
def shift(
    request: HttpRequest,
    campaign_code: str,
    level: str,
    proposer: str,
    nomination_id: int,
    direction: str,
) -> HttpResponse:
    if direction not in ("up", "down"):
        raise Http404
    try:
        c, lv, p, _units, n = _nomination(request, campaign_code, level, proposer, nomination_id)
        individuals.shift(
            request.user,
            nomination=n,
            by=-1 if direction == "up" else 1,
            expected_version=_version(request),
        )
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
        return redirect(reverse("nominations", args=[campaign_code, level, proposer]))
    return _back(c, lv.code, p, f"#n{n.pk}")


# --- the level's nominating units --------------------------------------------------------------


@require_GET
@login_required
def index(request: HttpRequest, campaign_code: str, level: str) -> HttpResponse:
    """The nominating units of the level the user may read, with how many people each put
    forward; 404 for a user who may read none."""
    campaign = campaign_or_404(request.user, campaign_code)
    try:
        lv = individuals.level_of(campaign, level)
    except ServiceError as exc:
        return error_response(request, exc)
    mine = [
        u
        for u in individuals.proposers(campaign, lv)
        if policy.can_view_nominations(request.user, campaign, u)
    ]
    if not mine:
        raise Http404
    used = individuals.used_by_proposer(campaign, lv)
    return render(
        request,
        "awards_web/individuals_index.html",
        {
            "campaign": campaign,
            "level": lv,
            "rows": [{"unit": u, "used": used.get(u.pk, 0)} for u in mine],
            "limit": individuals.limit_of(lv),
            "limit_words": individuals.limit_words(lv),
            "can_view_awards": policy.can_view_awards(request.user, campaign),
        },
    )


# --- the individuals' part of the level and unit pages ----------------------------------------


def level_context(
    request: HttpRequest, campaign: Campaign, la: services.LevelAllocation, visible: set[str]
) -> dict[str, Any]:
    """What the level page shows of the individuals: the allocation beside the collectives'
    (only people of units the user may read) and the drawn-up individual dossiers."""
    li = individual_allocation.allocate(campaign, la)
    drawn = list(
        IndividualProposal.objects.filter(campaign=campaign, level=la.level.code).select_related(
            "unit__parent", "proposer"
        )
    )
    for p in drawn:  # can_move asks the campaign (and its owner) of every row: no query per row
        p.campaign = campaign
    return {
        "people": [
            {"d": d, "n": li.nominations[d.id]}
            for d in li.allocation.decisions
            if d.unit in visible
        ],
        "people_hidden": sum(1 for d in li.allocation.decisions if d.unit not in visible),
        "people_forms": li.allocation.forms,
        "people_places": la.level.individual_places,
        "people_left_out": [(n, why) for n, why in li.left_out if n.unit.code in visible],
        "people_proposals": [
            {"p": p, "moves": [a for a in MOVES if services.can_move(request.user, p, a)]}
            for p in drawn
            if p.unit.code in visible
        ],
        "individuals_locked": any(p.status != DossierStatus.DRAFTED for p in drawn),
    }


def unit_context(request: HttpRequest, campaign: Campaign, unit: Unit) -> dict[str, Any]:
    """What the unit award page shows of the individuals: the people nominated from the unit
    (and, for those who see the proposal lists, what became of them), and the levels at
    which the unit itself nominates people."""
    user = request.user
    try:
        plan = services.plan_for(campaign)
    except ServiceError:
        return {}
    nominating = [
        {"level": lv, "quota": individuals.quota(campaign, lv, unit)}
        for lv in plan.levels
        if policy.can_view_nominations(user, campaign, unit)
        and individuals.is_proposer(campaign, lv, unit)
    ]
    nominees: list[dict[str, Any]] = []
    if policy.can_view_unit_nominees(user, campaign, unit):
        rows = list(
            IndividualNomination.objects.filter(campaign=campaign, unit=unit).select_related(
                "proposer"
            )
        )
        overseer = policy.can_view_awards(user, campaign)
        decisions: dict[str, Any] = {}
        if rows and overseer:
            for code in sorted({n.level for n in rows}):
                try:
                    li = individual_allocation.allocate(campaign, services.allocate(campaign, code))
                except ServiceError:
                    continue
                decisions.update({d.id: d for d in li.allocation.decisions})
        drawn = {
            ip.nomination_id: ip
            for ip in IndividualProposal.objects.filter(nomination__in=[n.pk for n in rows])
        }
        nominees = [
            {
                "n": n,
                "decision": decisions.get(n.code),
                "drawn": drawn.get(n.pk) if overseer else None,
            }
            for n in rows
        ]
    return {"nominating": nominating, "nominees": nominees}


# --- an individual's dossier -------------------------------------------------------------------


def _proposal(request: HttpRequest, campaign_code: str, proposal_id: int) -> IndividualProposal:
    campaign = campaign_or_404(request.user, campaign_code)
    if not policy.can_view_awards(request.user, campaign):
        raise Http404
    p = get_object_or_404(
        IndividualProposal.objects.select_related("campaign__owner", "unit__parent", "proposer"),
        pk=proposal_id,
        campaign=campaign,
    )
    if not policy.can_view_unit(request.user, p.unit):
        raise Http404
    return p


@require_POST
@login_required
def move(request: HttpRequest, campaign_code: str, proposal_id: int, action: str) -> HttpResponse:
    p = _proposal(request, campaign_code, proposal_id)
    try:
        services.move(
            request.user, proposal=p, action=action, reason=request.POST.get("reason", "")
        )
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    return redirect(reverse("awards_level", args=[p.campaign.code, p.level]) + f"#i{p.pk}")


@require_GET
@login_required
def report_file(request: HttpRequest, campaign_code: str, proposal_id: int) -> HttpResponse:
    p = _proposal(request, campaign_code, proposal_id)
    response = HttpResponse(documents.individual_report(p.campaign, p), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-thanh-tich-{p.code}.docx"'
    return response
