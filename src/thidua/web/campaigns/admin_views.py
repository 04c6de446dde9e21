"""Campaign administration pages: list, create, edit (see :mod:`.admin_services`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from thidua.web import policy
from thidua.web.campaigns.admin_services import MilestoneData, save_campaign
from thidua.web.campaigns.choices import CampaignState
from thidua.web.campaigns.forms import CampaignForm, MilestoneFormSet
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import Denied, ServiceError
from thidua.web.shell import error_response
from thidua.web.ui import pick


def _initial(c: Campaign) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": c.code,
        "title": c.title,
        "owner": c.owner.code,
        "period_start": c.period_start,
        "period_end": c.period_end,
        "participants": "\n".join(c.participants.order_by("path").values_list("code", flat=True)),
        "tie_breakers": ", ".join(c.tie_breakers),
        "green_from": (c.green_from * 100).quantize(Decimal("0.1")),
        "amber_from": (c.amber_from * 100).quantize(Decimal("0.1")),
    }
    for level, code in c.frameworks.values_list("level", "framework"):
        out[f"fw_{level}"] = code
    return out


def _milestones(formset: Any) -> tuple[MilestoneData, ...]:
    return tuple(
        MilestoneData(
            kind=f.cleaned_data["kind"],
            date=f.cleaned_data["date"],
            title=f.cleaned_data.get("title", ""),
        )
        for f in formset.forms
        if f.cleaned_data.get("kind")
    )


def _edit(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    if campaign is None:
        first = policy.admin_units(request.user).order_by("path").first()
        initial: dict[str, Any] = {
            "owner": first.code if first else "",
            "green_from": Decimal(90),
            "amber_from": Decimal(70),
        }
        ms_initial: list[dict[str, Any]] = []
    else:
        initial = _initial(campaign)
        ms_initial = [
            {"kind": m.kind, "date": m.date, "title": m.title} for m in campaign.milestones.all()
        ]
    post = request.POST if request.method == "POST" else None
    form = CampaignForm(post, initial=initial, editing=campaign is not None)
    formset = MilestoneFormSet(post, initial=ms_initial, prefix="ms")
    if post is not None and form.is_valid() and formset.is_valid():
        try:
            saved = save_campaign(
                request.user, form.data_for(_milestones(formset)), campaign=campaign
            )
        except ServiceError as exc:
            if isinstance(exc, Denied):
                return error_response(request, exc)
            form.add_error(None, pick(exc.msg))
        else:
            messages.success(request, _("Đã lưu đợt thi đua."))
            return redirect("campaign", campaign_code=saved.code)
    invalid = post is not None and (form.errors or any(formset.errors) or formset.non_form_errors())
    return render(
        request,
        "campaigns/campaign_form.html",
        {
            "form": form,
            "formset": formset,
            "campaign": campaign,
            "locked": campaign is not None and campaign.state != CampaignState.DRAFT,
        },
        status=422 if invalid else 200,
    )


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    if not policy.is_admin_anywhere(request.user):
        return error_response(request, Denied())
    return render(
        request,
        "campaigns/manage_list.html",
        {"campaigns": policy.managed_campaigns(request.user)},
    )


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not policy.is_admin_anywhere(request.user):
        return error_response(request, Denied())
    return _edit(request, None)


@login_required
def campaign_edit(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("owner"), code=campaign_code)
    if not policy.can_view_campaign(request.user, campaign):
        raise Http404
    if not policy.can_manage_campaign(request.user, campaign):
        return error_response(request, Denied())
    return _edit(request, campaign)
