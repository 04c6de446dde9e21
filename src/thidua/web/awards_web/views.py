"""Award pages: a unit's gates, the proposal list of a level, dossier statuses and documents."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thidua import awards
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.awards_web import documents, facts, facts_views, individuals_views, services
from thidua.web.awards_web.choices import MOVES, DossierStatus
from thidua.web.awards_web.models import IndividualProposal, Proposal
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import Denied, ServiceError
from thidua.web.shell import campaign_or_404, campaign_unit_or_404, error_response
from thidua.web.ui import pick

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _viewable(request: HttpRequest, campaign: Campaign) -> Campaign:
    if not policy.can_view_awards(request.user, campaign):
        raise Http404
    return campaign


@require_GET
@login_required
def overview(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = _viewable(request, campaign_or_404(request.user, campaign_code))
    setup = services.setup_of(campaign)
    levels = []
    plan = None
    with contextlib.suppress(ServiceError):
        plan = services.plan_for(campaign)
    if plan is not None:
        for lv in plan.levels:
            counts = {s: 0 for s in DossierStatus.values}
            for status in Proposal.objects.filter(campaign=campaign, level=lv.code).values_list(
                "status", flat=True
            ):
                counts[status] += 1
            levels.append(
                {
                    "level": lv,
                    "counts": counts,
                    "total": sum(counts.values()),
                    "facts": bool(facts.level_facts(lv)),
                    "individuals": IndividualProposal.objects.filter(
                        campaign=campaign, level=lv.code
                    ).count(),
                }
            )
    deadlines = services.deadlines(campaign)
    return render(
        request,
        "awards_web/overview.html",
        {
            "campaign": campaign,
            "setup": setup,
            "plan": plan,
            "levels": levels,
            "statuses": DossierStatus.choices,
            "deadlines": deadlines,
            # Every level's collectives and individuals, as the table counts them.
            "reminder": services.dossier_reminder(campaign, known=deadlines),
            "plans": awards.builtin_plan_codes(),
            "can_manage": policy.can_manage_proposals(request.user, campaign),
        },
    )


@require_POST
@login_required
def setup(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_code)
    fields = {
        k: request.POST.get(k, "").strip()
        for k in (
            "plan_document",
            "issuer_parent",
            "issuer",
            "issuer_short",
            "place",
            "addressee",
            "signer_name",
        )
    }
    fields["symbol"] = request.POST.get("symbol", "").strip() or "TTr"
    fields["signer_title"] = request.POST.get("signer_title", "").strip() or "Thủ trưởng"
    try:
        services.set_plan(
            request.user, campaign=campaign, plan=request.POST.get("plan", ""), **fields
        )
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    return redirect(reverse("awards", args=[campaign.code]))


@require_GET
@login_required
def level_page(request: HttpRequest, campaign_code: str, level: str) -> HttpResponse:
    campaign = _viewable(request, campaign_or_404(request.user, campaign_code))
    try:
        la = services.allocate(campaign, level)
    except ServiceError as exc:
        return error_response(request, exc)
    scope = policy.units_in_scope(request.user, campaign.participants.all())
    visible = set(scope.values_list("code", flat=True))
    proposals = list(
        Proposal.objects.filter(campaign=campaign, level=level).select_related("unit__parent")
    )
    for p in proposals:  # can_move asks the campaign of every row: no query per row
        p.campaign = campaign
    deadlines = services.deadlines(campaign)
    return render(
        request,
        "awards_web/level.html",
        {
            "campaign": campaign,
            "la": la,
            "level": la.level,
            "decisions": [d for d in la.allocation.decisions if d.unit in visible],
            "hidden": sum(1 for d in la.allocation.decisions if d.unit not in visible),
            "proposals": [
                {
                    "p": p,
                    "moves": [a for a in MOVES if services.can_move(request.user, p, a)],
                }
                for p in proposals
                if p.unit.code in visible
            ],
            "deadlines": deadlines,
            "has_facts": bool(facts.level_facts(la.level)),
            **individuals_views.level_context(request, campaign, la, visible),
            # Collectives' and individuals' dossiers of the units the user reads.
            "reminder": services.dossier_reminder(
                campaign, level=level, units=scope, known=deadlines
            ),
            "can_manage": policy.can_manage_proposals(request.user, campaign),
            "locked": any(p.status != DossierStatus.DRAFTED for p in proposals),
        },
    )


@require_POST
@login_required
def draw(request: HttpRequest, campaign_code: str, level: str) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_code)
    try:
        out = services.draw_up(request.user, campaign, level)
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    else:
        people = IndividualProposal.objects.filter(campaign=campaign, level=level).count()
        messages.success(
            request,
            pick(
                Msg(
                    f"Đã lập danh sách {len(out)} tập thể, {people} cá nhân",
                    f"List drawn up: {len(out)} collectives, {people} individuals",
                )
            ),
        )
    return redirect(reverse("awards_level", args=[campaign.code, level]))


def _proposal(request: HttpRequest, campaign_code: str, proposal_id: int) -> Proposal:
    campaign = _viewable(request, campaign_or_404(request.user, campaign_code))
    return get_object_or_404(
        Proposal.objects.select_related("campaign__owner", "unit__parent"),
        pk=proposal_id,
        campaign=campaign,
    )


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
    return redirect(reverse("awards_level", args=[p.campaign.code, p.level]) + f"#p{p.pk}")


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def level_file(request: HttpRequest, campaign_code: str, level: str, kind: str) -> HttpResponse:
    campaign = _viewable(request, campaign_or_404(request.user, campaign_code))
    if kind == "danh-sach.xlsx":
        return _file(documents.proposals_xlsx(campaign, level), f"de-nghi-{level}.xlsx", XLSX)
    if kind == "to-trinh.docx":
        return _file(documents.submission(campaign, level), f"to-trinh-{level}.docx", DOCX)
    if kind == "bien-ban.docx":
        return _file(documents.minutes(campaign, level), f"bien-ban-{level}.docx", DOCX)
    raise Http404


@require_GET
@login_required
def report_file(request: HttpRequest, campaign_code: str, proposal_id: int) -> HttpResponse:
    p = _proposal(request, campaign_code, proposal_id)
    return _file(
        documents.achievement_report(p.campaign, p), f"bao-cao-thanh-tich-{p.unit.code}.docx", DOCX
    )


@require_GET
@login_required
def unit_awards(request: HttpRequest, campaign_code: str, unit_code: str) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    gates, problem = None, None
    try:
        gates = services.unit_gates(request.user, campaign, unit)
    except Denied:
        raise Http404 from None
    except services.NotConfigured as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        # The gates cannot be applied (no framework for the level, say): the facts that
        # feed them can still be recorded here.
        problem = exc.msg
    overseer = policy.can_view_awards(request.user, campaign)
    return render(
        request,
        "awards_web/unit.html",
        {
            "campaign": campaign,
            "unit": unit,
            "gates": gates,
            "problem": problem,
            **facts_views.unit_context(request.user, campaign, unit),
            **individuals_views.unit_context(request, campaign, unit),
            "proposal": Proposal.objects.filter(campaign=campaign, unit=unit).first()
            if overseer
            else None,
            # The unit's own dossiers not submitted: its collective's and its people's.
            "reminder": services.dossier_reminder(campaign, units=[unit]) if overseer else None,
        },
    )
