"""``{% reporting_reminders unit %}``: the unit's open reports on its home page."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.web.reporting.queries import reminders

register = template.Library()

BADGES = {
    "not_due": "secondary",
    "due_today": "warning",
    "overdue": "danger",
    "on_time": "success",
    "late": "warning",
    "missing": "danger",
    "after_cutoff": "light",
}


@register.filter
def status_badge(status: str) -> str:
    """The Bootstrap badge colour of an assessment status."""
    return BADGES.get(status, "secondary")


@register.inclusion_tag("reporting/_reminders.html", takes_context=True)
def reporting_reminders(context: dict[str, Any], unit: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"unit": unit, "reminders": reminders(user, unit) if user is not None else []}


@register.inclusion_tag("reporting/_campaign_tools.html", takes_context=True)
def campaign_tools(context: dict[str, Any], unit: Any) -> dict[str, Any]:
    """Links to the reporting, task, registry and award pages of the campaigns ``unit`` runs."""
    from thidua.web import policy

    request = context.get("request")
    user = getattr(request, "user", None)
    owned = [
        c for c in unit.owned_campaigns.select_related("owner") if policy.can_view_campaign(user, c)
    ]
    return {"unit": unit, "campaigns": owned}
