"""What every view shares: loading objects the user may see, and turning service errors into pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from thidua.web import policy
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import ServiceError
from thidua.web.ui import pick
from thidua.web.units.models import Unit


def campaign_or_404(user: Any, code: str) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("owner"), code=code)
    if not policy.can_view_campaign(user, campaign):
        raise Http404
    return campaign


def campaign_unit_or_404(user: Any, campaign_code: str, unit_code: str) -> tuple[Campaign, Unit]:
    """The campaign and participating unit, if the user may read the unit's results (else 404)."""
    campaign = campaign_or_404(user, campaign_code)
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=unit_code)
    if not campaign.participants.filter(pk=unit.pk).exists() or not policy.can_view_results(
        user, campaign, unit
    ):
        raise Http404
    return campaign, unit


def error_response(
    request: HttpRequest, exc: ServiceError, *, template: str = "error.html"
) -> HttpResponse:
    """A refused action as a page (or a fragment for HTMX) with the reason in the user's language."""
    text = pick(exc.msg)
    if getattr(request, "htmx", False):
        return HttpResponse(
            f'<div class="alert alert-danger mb-0" role="alert">{_esc(text)}</div>',
            status=exc.status,
        )
    messages.error(request, text)
    return render(request, template, {"message": text}, status=exc.status)


def _esc(text: str) -> str:
    from django.utils.html import escape

    return str(escape(text))
