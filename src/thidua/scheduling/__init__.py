"""Inspection scheduling: plans, working days, the CP-SAT schedule, documents.

Pure Python, no Django. Plans and results are frozen dataclasses; see
docs/scheduling.md for the model in prose.
"""

from thidua.scheduling.calendar import WorkingCalendar
from thidua.scheduling.catalog import builtin_plan_codes, load_builtin_plan, resolve_plan
from thidua.scheduling.loader import load_plan, plan_from_mapping
from thidua.scheduling.messages import Message
from thidua.scheduling.plan import Forbid, Pin, Plan, Secretary, Team, Unit
from thidua.scheduling.reading import PlanError
from thidua.scheduling.schedule import Schedule, TeamSummary, Visit
from thidua.scheduling.solver import SolverOptions, schedule
from thidua.scheduling.verify import Violation, check_visits

__all__ = [
    "Forbid",
    "Message",
    "Pin",
    "Plan",
    "PlanError",
    "Schedule",
    "Secretary",
    "SolverOptions",
    "Team",
    "TeamSummary",
    "Unit",
    "Violation",
    "Visit",
    "WorkingCalendar",
    "builtin_plan_codes",
    "check_visits",
    "load_builtin_plan",
    "load_plan",
    "plan_from_mapping",
    "resolve_plan",
    "schedule",
]
