"""The start page and a unit's home: its campaigns and what is waiting for the user there."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from thidua.web import policy
from thidua.web.awards_web.services import offers_awards
from thidua.web.units import insights
from thidua.web.units.models import Unit


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "units/home.html",
        {
            "units": policy.home_units(request.user),
            "campaigns": policy.visible_campaigns(request.user),
            "is_admin": policy.is_admin_anywhere(request.user),
        },
    )


@require_GET
@login_required
def unit_home(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=unit_code)
    if not policy.can_view_unit(request.user, unit):
        raise Http404
    campaigns = [
        c
        for c in unit.campaigns.select_related("owner")
        if policy.can_view_campaign(request.user, c)
    ]
    rows = [
        {
            "campaign": c,
            "can_enter": policy.can_enter_results(request.user, c, unit),
            "can_appraise": policy.can_appraise(request.user, c, unit),
            # Only campaigns whose award plan covers the unit: its award page refuses the others.
            "awards": policy.can_view_results(request.user, c, unit) and offers_awards(c, unit),
        }
        for c in campaigns
    ]
    # Every unit above, linked only where the user may read it (a reporter's district is not).
    codes = unit.path.strip("/").split("/")[:-1]
    ancestors = [
        (a, policy.can_view_unit(request.user, a))
        for a in Unit.objects.filter(code__in=codes).order_by("path")
    ]
    return render(
        request,
        "units/unit.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "children": unit.children.order_by("name"),
            "rows": rows,
            "successions": unit.successions.select_related("successor"),
            "predecessions": unit.predecessions.select_related("predecessor"),
            "insights": insights.for_unit_page(
                request.user, unit, campaigns, selected=request.GET.get("c")
            ),
        },
    )
