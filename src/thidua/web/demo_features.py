"""Demo data of the reporting, department task, models registry and award pages.

Called once from :func:`thidua.web.demo.load_demo`; every part is idempotent
(it adds nothing when its data is already there).
"""

from __future__ import annotations

from thidua.web.campaigns.models import Campaign


def load_feature_demo(campaign: Campaign) -> None:
    """Load each feature's demo data into the demo campaign."""
    from thidua.web.awards_web import demo as awards
    from thidua.web.models_registry import demo as registry
    from thidua.web.reporting import demo as reporting
    from thidua.web.tasks import demo as tasks

    reporting.load(campaign)
    tasks.load(campaign)
    registry.load(campaign)
    awards.load(campaign)
