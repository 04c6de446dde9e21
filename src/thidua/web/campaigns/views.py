"""Campaign pages: overview, lifecycle buttons, rankings and their exports."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.views.decorators.http import require_GET, require_POST

from thidua.web import policy
from thidua.web.campaigns.choices import TRANSITIONS, CampaignState
from thidua.web.campaigns.ranking import PER_PAGE, Ranking, export_rows, ranking_for
from thidua.web.campaigns.scoring import NoFramework, levels
from thidua.web.campaigns.services import change_state
from thidua.web.campaigns.snapshots import kinds_of
from thidua.web.errors import Denied, ServiceError
from thidua.web.results.models import Result
from thidua.web.shell import campaign_or_404, error_response
from thidua.web.ui import pick
from thidua.web.units.choices import Level
from thidua.web.units.models import Unit


@require_GET
@login_required
def campaign_detail(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_code)
    units = policy.units_in_scope(request.user, campaign.participants.select_related("parent"))
    counts: dict[int, dict[str, int]] = {}
    for row in (
        Result.objects.filter(campaign=campaign, unit__in=units)
        .values("unit_id", "status")
        .annotate(n=Count("id"))
    ):
        counts.setdefault(row["unit_id"], {})[row["status"]] = row["n"]
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "levels": [(lv, Level(lv).label) for lv in levels(campaign)],
            "units": [(u, counts.get(u.pk, {})) for u in units.order_by("path")[:500]],
            "can_manage": policy.can_manage_campaign(request.user, campaign),
            "next_states": [(s, CampaignState(s).label) for s in TRANSITIONS[campaign.state]],
            "can_rank": policy.can_view_ranking(request.user, campaign),
        },
    )


@require_POST
@login_required
def campaign_state(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_code)
    try:
        change_state(request.user, campaign, request.POST.get("state", ""))
    except ServiceError as exc:
        if isinstance(exc, Denied):
            return error_response(request, exc)
        messages.error(request, pick(exc.msg))
    return redirect(reverse("campaign", args=[campaign.code]))


def _ranking(
    request: HttpRequest, campaign_code: str, level: str, *, paged: bool = True
) -> tuple[Ranking, dict[str, object]]:
    campaign = campaign_or_404(request.user, campaign_code)
    if level not in Level.values:
        raise Http404
    within = None
    if request.GET.get("within"):
        within = get_object_or_404(Unit, code=request.GET["within"])
        if not policy.can_view_unit(request.user, within) and campaign.state not in (
            CampaignState.PUBLISHED,
            CampaignState.ARCHIVED,
        ):
            raise Http404
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    try:
        ranking = ranking_for(
            request.user,
            campaign,
            level,
            within=within,
            page=page,
            per_page=PER_PAGE if paged else None,
        )
    except NoFramework:
        raise Http404 from None
    return ranking, {
        "campaign": campaign,
        "level": level,
        "level_label": Level(level).label,
        "within": within,
    }


@require_GET
@login_required
def ranking_page(request: HttpRequest, campaign_code: str, level: str) -> HttpResponse:
    try:
        ranking, ctx = _ranking(request, campaign_code, level)
    except Denied:
        raise Http404 from None
    except ServiceError as exc:
        return error_response(request, exc)
    campaign = ctx["campaign"]
    assert hasattr(campaign, "participants")
    districts = []
    if ctx["level"] == "commune":
        districts = list(
            campaign.participants.filter(kind__in=kinds_of("district"))
            .order_by("path")
            .values_list("code", "name")
        )
    # ~700 options nationally: joined here, not looped over in the template.
    chosen = ctx["within"].code if ctx["within"] is not None else None  # type: ignore[attr-defined]
    district_options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((code, " selected" if code == chosen else "", name) for code, name in districts),
    )
    shown = Unit.objects.filter(code__in=[r.unit_code for r in ranking.rows])
    viewable = set(policy.units_in_scope(request.user, shown).values_list("code", flat=True))
    return render(
        request,
        "campaigns/ranking.html",
        {
            **ctx,
            "ranking": ranking,
            "districts": districts,
            "district_options": district_options,
            "viewable": viewable,
            "fw": ranking.framework,
        },
    )


@require_GET
@login_required
def ranking_export(request: HttpRequest, campaign_code: str, level: str, fmt: str) -> HttpResponse:
    try:
        ranking, _ = _ranking(request, campaign_code, level, paged=False)
    except Denied:
        raise Http404 from None
    except ServiceError as exc:
        return error_response(request, exc)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    name = f"xep-hang-{campaign_code}-{level}"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        for row in export_rows(ranking):
            writer.writerow(row)
        response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "Xep hang"
        for row in export_rows(ranking):
            ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
        out = io.BytesIO()
        wb.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
