"""Award eligibility and quota allocation (DESIGN §3.4, docs/awards.md).

Pure Python like the scoring core: an award plan (forms, levels, gates,
quotas) is data read from YAML; ``check_all`` applies a level's gates to
scored units; ``allocate`` decides, for every unit of a level, whether it is
proposed and for which form, and says why in Vietnamese and English;
``allocate_individuals`` does the same for the people the units propose.
"""

from __future__ import annotations

from thidua.awards.allocation import (
    Allocation,
    Decision,
    FormResult,
    Tie,
    allocate,
    get_level,
    level_framework,
    score_level,
)
from thidua.awards.errors import AwardsError, AwardsInputError
from thidua.awards.gates import Eligibility, GateResult, check_all, check_unit, compare
from thidua.awards.individuals import (
    IndividualAllocation,
    IndividualDecision,
    IndividualFormResult,
    IndividualInput,
    allocate_individuals,
)
from thidua.awards.model import (
    AwardForm,
    AwardPlan,
    FormQuota,
    Gate,
    GateOverride,
    Level,
    Nomination,
)
from thidua.awards.plan import (
    PlanFileError,
    builtin_plan_codes,
    get_builtin_plan,
    load_plan,
    parse_plan,
    resolve_plan,
)

__all__ = [
    "Allocation",
    "AwardForm",
    "AwardPlan",
    "AwardsError",
    "AwardsInputError",
    "Decision",
    "Eligibility",
    "FormQuota",
    "FormResult",
    "Gate",
    "GateOverride",
    "GateResult",
    "IndividualAllocation",
    "IndividualDecision",
    "IndividualFormResult",
    "IndividualInput",
    "Level",
    "Nomination",
    "PlanFileError",
    "Tie",
    "allocate",
    "allocate_individuals",
    "builtin_plan_codes",
    "check_all",
    "check_unit",
    "compare",
    "get_builtin_plan",
    "get_level",
    "level_framework",
    "load_plan",
    "parse_plan",
    "resolve_plan",
    "score_level",
]
