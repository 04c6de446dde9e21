"""Loading what a request names, with the pages' rule: what the caller may not read is 404."""

from __future__ import annotations

from django.http import Http404

from thidua.scoring.model import Framework, Node
from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.scoring import framework_for
from thidua.web.shell import campaign_or_404, campaign_unit_or_404
from thidua.web.units.models import Unit

__all__ = ["campaign_or_404", "campaign_unit_or_404", "criterion_or_404"]


def criterion_or_404(campaign: Campaign, unit: Unit, code: str) -> tuple[Framework, Node]:
    """The unit's framework and its criterion ``code`` (404 when the framework has none)."""
    fw = framework_for(campaign, unit.level)
    node = fw.by_code.get(code)
    if node is None or node.rule is None:
        raise Http404
    return fw, node
