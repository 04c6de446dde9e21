"""``{% inspection_reminders unit %}``: a unit's inspection visits and plans on its home page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from thidua.web.inspections.followup import unit_reminders

register = template.Library()


@register.inclusion_tag("inspections/_unit_reminders.html", takes_context=True)
def inspection_reminders(context: dict[str, Any], unit: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    blocks = unit_reminders(user, unit, today=timezone.localdate()) if user is not None else []
    return {"unit": unit, "blocks": blocks, "today": timezone.localdate()}


@register.filter
def answer_of(row: Any) -> Any:
    return row.value
