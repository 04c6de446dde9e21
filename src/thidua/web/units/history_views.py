"""A unit's history page: its lineage and the campaigns of its predecessors and successors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from thidua.web import policy
from thidua.web.units.history import unit_history as history_rows
from thidua.web.units.models import Unit


@require_GET
@login_required
def unit_history(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=unit_code)
    if not policy.can_view_unit_history(request.user, unit):
        raise Http404
    lin, rows = history_rows(request.user, unit)
    return render(
        request,
        "units/history.html",
        {
            "unit": unit,
            "lineage": lin,
            "rows": rows,
            "can_admin": policy.can_admin_unit(request.user, unit),
        },
    )
