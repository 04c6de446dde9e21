"""``{% award_reminders unit %}``: dossiers still drafts near or past the first deadline, on
the home page of the unit that runs the campaign, for those who send them."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.web import policy
from thidua.web.awards_web import services
from thidua.web.campaigns.choices import CampaignState

register = template.Library()


@register.inclusion_tag("awards_web/_home_reminders.html", takes_context=True)
def award_reminders(context: dict[str, Any], unit: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    found = []
    if user is not None and user.is_authenticated:
        running = unit.owned_campaigns.exclude(state=CampaignState.ARCHIVED).select_related("owner")
        for campaign in running:
            if not policy.can_manage_proposals(user, campaign):
                continue
            reminder = services.dossier_reminder(campaign)
            if reminder is not None:
                found.append((campaign, reminder))
    return {"reminders": found}
