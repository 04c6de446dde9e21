"""Commendations and replications of a unit's models, as bonus events (B.2 / B.3).

The Hà Giang tables give bonus points for models ("mô hình") that are
commended or replicated:

* B.2 — by the Government's Đề án 06 working group or a ministry ("Tổ công
  tác Đề án 06/CP, các bộ, ngành Trung ương"): commended 5 points, replicated
  or rewarded 10 points, at most 20;
* B.3 — by the province ("UBND tỉnh, Tổ công tác Đề án 06 tỉnh"): 3 and 5
  points, at most 15 for districts and 10 for communes.

A recognition is one event of the matching criterion; the scoring core adds
them up and applies the criterion's cap, so nothing here knows a point
value. Pure Python: no Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

from thidua.scoring.model import Framework
from thidua.scoring.rules.events import EventsRule
from thidua.scoring.text import Msg

Level = Literal["national", "provincial"]
LEVELS: tuple[Level, ...] = ("national", "provincial")
COMMENDED, REPLICATED = "commended", "replicated"
KINDS: tuple[str, ...] = (COMMENDED, REPLICATED)

# Which criterion of a framework a recognition of each level counts in.
CRITERIA: dict[Level, str] = {"national": "B.2", "provincial": "B.3"}

LEVEL_TEXT: dict[str, Msg] = {
    "national": Msg(
        "Tổ công tác Đề án 06 Chính phủ, bộ, ngành Trung ương",
        "Government Đề án 06 working group, a ministry",
    ),
    "provincial": Msg(
        "UBND tỉnh, Tổ công tác Đề án 06 tỉnh", "Provincial People's Committee or working group"
    ),
}
KIND_TEXT: dict[str, Msg] = {
    COMMENDED: Msg("Biểu dương", "Commended"),
    REPLICATED: Msg("Được nhân rộng, khen thưởng", "Replicated or rewarded"),
}


def criterion_for(framework: Framework, level: str) -> str | None:
    """The criterion recognitions of ``level`` count in, if ``framework`` has it with both kinds."""
    code = CRITERIA.get(level)  # type: ignore[call-overload]
    if code is None:
        return None
    node = framework.by_code.get(code)
    if node is None or not isinstance(node.rule, EventsRule):
        return None
    if not set(KINDS) <= {k.key for k in node.rule.kinds}:
        return None
    return str(code)


def events_value(kinds: Iterable[str]) -> list[dict[str, object]]:
    """Recognition kinds as the scoring core's events: ``[{"kind", "count"}]``, commended first."""
    counts = Counter(kinds)
    unknown = set(counts) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown recognition kinds: {sorted(unknown)}")
    return [{"kind": k, "count": counts[k]} for k in KINDS if counts[k]]


def points_each(framework: Framework, level: str) -> dict[str, Decimal]:
    """Points per recognition of each kind at ``level`` in ``framework`` (empty without the row)."""
    code = criterion_for(framework, level)
    if code is None:
        return {}
    rule = framework.node(code).rule
    assert isinstance(rule, EventsRule)
    return {k.key: k.points for k in rule.kinds if k.key in KINDS and k.points is not None}
