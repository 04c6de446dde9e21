"""The rule kinds of DESIGN §3.2, one module each."""

from __future__ import annotations

from thidua.scoring.rules.base import Outcome, Rule, SpecReader, UnitContext, round_points
from thidua.scoring.rules.binary import BinaryRule
from thidua.scoring.rules.choice import ChoiceRule, Option
from thidua.scoring.rules.count import CountRule
from thidua.scoring.rules.events import Event, EventKind, EventsRule
from thidua.scoring.rules.ratio import RatioRule, TargetOverride, parse_ratio
from thidua.scoring.rules.scaled import ScaledRule
from thidua.scoring.rules.tiers import Tier, TiersRule

RULE_KINDS: dict[
    str, type[BinaryRule | RatioRule | CountRule | TiersRule | ChoiceRule | ScaledRule | EventsRule]
] = {
    cls.kind: cls
    for cls in (BinaryRule, RatioRule, CountRule, TiersRule, ChoiceRule, ScaledRule, EventsRule)
}

__all__ = [
    "RULE_KINDS",
    "BinaryRule",
    "ChoiceRule",
    "CountRule",
    "Event",
    "EventKind",
    "EventsRule",
    "Option",
    "Outcome",
    "RatioRule",
    "Rule",
    "ScaledRule",
    "SpecReader",
    "TargetOverride",
    "Tier",
    "TiersRule",
    "UnitContext",
    "parse_ratio",
    "round_points",
]
