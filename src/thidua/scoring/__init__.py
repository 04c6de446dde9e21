"""The scoring core: frameworks as data, rule kinds, totals, ranks, validation.

Pure Python: no Django, plain data in, frozen dataclasses out (DESIGN §5).
Views, the API, the CLI and the exports call this package; none of them
recomputes a point.
"""

from __future__ import annotations

from thidua.scoring.builtin import builtin_codes, get_builtin, resolve
from thidua.scoring.errors import FrameworkFileError, InputError, ScoringInputError
from thidua.scoring.evaluate import CriterionScore, UnitInput, UnitScore, score_all, score_unit
from thidua.scoring.findings import Finding
from thidua.scoring.loader import load_framework, parse_framework
from thidua.scoring.model import Framework, Node, SourceRef
from thidua.scoring.ranking import TieBreakerError, check_tie_breakers, rank
from thidua.scoring.text import Msg
from thidua.scoring.validator import validate


def score_and_rank(
    framework: Framework, units: list[UnitInput], *, tie_breakers: tuple[str, ...] = ()
) -> list[UnitScore]:
    """Score every unit (all-or-nothing) and return them in rank order with ranks set."""
    check_tie_breakers(framework, tie_breakers)
    return rank(score_all(framework, units), tie_breakers=tie_breakers)


__all__ = [
    "CriterionScore",
    "Finding",
    "Framework",
    "FrameworkFileError",
    "InputError",
    "Msg",
    "Node",
    "ScoringInputError",
    "SourceRef",
    "TieBreakerError",
    "UnitInput",
    "UnitScore",
    "builtin_codes",
    "check_tie_breakers",
    "get_builtin",
    "load_framework",
    "parse_framework",
    "rank",
    "resolve",
    "score_all",
    "score_and_rank",
    "score_unit",
    "validate",
]
