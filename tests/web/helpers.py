"""Small helpers shared by the web tests."""

from __future__ import annotations

from django.urls import reverse

from thidua.web.results.models import Result
from thidua.web.units.models import Unit

# A row of the commune framework for every rule kind the tests touch.
RATIO = "A.II.1"  # ratio, target 70%, max 20
BINARY = "A.I.1"  # binary, max 5
COUNT = "A.I.3"  # count × 1, max 7
EVENTS = "B.2"  # events: commended / replicated, cap 20


def url(name: str, campaign: str, unit: Unit, criterion: str | None = None) -> str:
    args = [campaign, unit.code] + ([criterion] if criterion else [])
    return reverse(name, args=args)


def fill_all(campaign: object, unit: Unit, *, status: str = "draft") -> None:
    """Every non-event criterion of the commune framework answered 'yes'/'100%'/1."""
    from thidua.scoring import get_builtin

    fw = get_builtin("hagiang-2023-commune")
    for c in fw.criteria:
        if c.is_events:
            continue
        value: object = {"binary": True, "ratio": "100%", "count": 1}.get(
            c.rule.kind if c.rule else "", 1
        )
        Result.objects.create(
            campaign=campaign, unit=unit, criterion=c.code, self_value=value, status=status
        )
