"""Units the caller may see, and who the caller is."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from thidua.web import policy
from thidua.web.accounts.models import Membership
from thidua.web.api.auth import caller
from thidua.web.api.errors import responses
from thidua.web.api.pagination import Paginator
from thidua.web.api.schemas import MeOut, UnitOut
from thidua.web.units.choices import LEVEL_OF_KIND
from thidua.web.units.models import Unit

router = Router(tags=["units"])


class UnitFilter(Schema):
    parent: str | None = None
    kind: str | None = None
    level: str | None = None
    q: str | None = None


@router.get("/me", response=responses({200: MeOut}), summary="The caller and their roles")
def me(request: HttpRequest) -> dict[str, Any]:
    user = caller(request)
    grants = Membership.objects.filter(user=user).select_related("unit").order_by("unit__path")
    return {
        "username": user.get_username(),
        "roles": [{"unit": m.unit.code, "unit_name": m.unit.name, "role": m.role} for m in grants],
    }


@router.get("/units", response=responses({200: list[UnitOut]}), summary="Units the caller may see")
@paginate(Paginator)
def list_units(request: HttpRequest, filters: Query[UnitFilter]) -> QuerySet[Unit]:
    units = policy.units_in_scope(caller(request), Unit.objects.select_related("parent"))
    if filters.parent:
        units = units.filter(parent__code=filters.parent)
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.level:
        units = units.filter(kind__in=[k for k, lv in LEVEL_OF_KIND.items() if lv == filters.level])
    if filters.q:
        units = units.filter(name__icontains=filters.q)
    return units.order_by("path")


@router.get("/units/{code}", response=responses({200: UnitOut}), summary="One unit")
def get_unit(request: HttpRequest, code: str) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=code)
    if not policy.can_view_unit(caller(request), unit):
        raise Http404
    return unit
