"""The annex table of one unit: framework rows with the unit's values, inputs and live points."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from thidua.scoring import CriterionScore, ScoringInputError
from thidua.scoring.model import Framework, Node
from thidua.scoring.text import Msg
from thidua.web.campaigns.scoring import first_error, score_one
from thidua.web.results.inputs import display, form_initial
from thidua.web.results.models import Result
from thidua.web.units.models import Unit


@dataclass
class Line:
    node: Node
    depth: int
    result: Result | None = None
    initial: dict[str, str] = field(default_factory=dict)
    score: CriterionScore | None = None
    error: Msg | None = None
    shown_value: str = ""
    appraised_shown: str = ""
    appraised_score: CriterionScore | None = None

    @property
    def version(self) -> int:
        return self.result.version if self.result is not None and self.result.pk else 0

    @property
    def attachments(self) -> int:
        """Evidence files and cited documents of the row (from the prefetched lists)."""
        r = self.result
        if r is None or r.pk is None:
            return 0
        return len(r.evidence.all()) + len(r.documents.all())


def _score(
    fw: Framework, unit: Unit, code: str, value: object
) -> tuple[CriterionScore | None, Msg | None]:
    if value is None:
        return None, None
    try:
        return score_one(fw, unit, code, value), None
    except ScoringInputError as exc:
        return None, first_error(exc)


def line_for(
    fw: Framework, unit: Unit, node: Node, result: Result | None, *, depth: int = 0
) -> Line:
    line = Line(node=node, depth=depth, result=result)
    if node.rule is None:
        return line
    value = result.self_value if result is not None else None
    line.initial = form_initial(node.rule, value)
    line.shown_value = display(node.rule, value)
    line.score, line.error = _score(fw, unit, node.code, value)
    if result is not None and result.appraised_value is not None:
        line.appraised_shown = display(node.rule, result.appraised_value)
        line.appraised_score, _ = _score(fw, unit, node.code, result.appraised_value)
    return line


def annex_lines(fw: Framework, unit: Unit, results: dict[str, Result]) -> list[Line]:
    """Every node of the framework in printed order, criteria with the unit's row."""
    out: list[Line] = []

    def walk(nodes: tuple[Node, ...], depth: int) -> None:
        for n in nodes:
            out.append(line_for(fw, unit, n, results.get(n.code), depth=depth))
            walk(n.children, depth + 1)

    walk(fw.nodes, 0)
    return out


def results_by_code(rows: Any) -> dict[str, Result]:
    return {r.criterion: r for r in rows}
