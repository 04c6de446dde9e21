"""``django-admin reporting_refresh [CAMPAIGN ...]``: recompute reporting events and C.1.

Not needed for the cut-off: the first reader of a campaign's scores after
its cut-off makes unsent reports ``missing`` (sweep.py), and every
submission, waiver and obligation change recomputes its units. This command
recomputes every owing unit, for repairs and scripting.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.web.campaigns.models import Campaign
from thidua.web.policy import RUNNING
from thidua.web.reporting.services import refresh_campaign


class Command(BaseCommand):
    help = "Recompute reporting events and the C.1 rows (every running campaign by default)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("campaigns", nargs="*", help="campaign codes (default: open ones)")

    def handle(self, *args: Any, **options: Any) -> None:
        codes: list[str] = options["campaigns"]
        campaigns = (
            list(Campaign.objects.filter(code__in=codes))
            if codes
            else list(Campaign.objects.filter(state__in=RUNNING))
        )
        unknown = set(codes) - {c.code for c in campaigns}
        if unknown:
            raise CommandError(f"unknown campaign(s): {', '.join(sorted(unknown))}")
        for c in campaigns:
            r = refresh_campaign(c, actor=None)
            self.stdout.write(
                f"{c.code}: {r.created} mới / new, {r.changed} đổi / changed, {r.removed} bỏ / removed"
            )
