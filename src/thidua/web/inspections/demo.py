"""Demo data of the inspection pages: the built-in Quảng Xương 2023 plan, scheduled.

Called once from :func:`thidua.web.demo.load_demo`; idempotent (nothing is added
when the plan is already there). The plan's 26 commune-level units are linked by
name to the demo's units ``TH.QX.01`` … ``TH.QX.26``; its district offices have no
platform unit and are run by the district's administrators.
"""

from __future__ import annotations

from thidua.scheduling.catalog import read_builtin_text
from thidua.web.inspections import services
from thidua.web.inspections.models import InspectionPlan
from thidua.web.policy import SYSTEM
from thidua.web.units.models import Unit

PLAN = "quangxuong-2023"


def load(district: Unit) -> InspectionPlan:
    """Import and schedule the Quảng Xương plan under ``district`` unless it is there."""
    plan = InspectionPlan.objects.filter(code=PLAN).first()
    if plan is not None:
        return plan
    plan = services.import_plan(
        SYSTEM, owner=district, text=read_builtin_text(f"{PLAN}.yaml"), source=f"{PLAN}.yaml"
    )
    services.run_schedule(SYSTEM, plan)
    return plan
