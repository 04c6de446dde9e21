"""Scores and ranks, as the scoring core computed them (the API never recomputes a point)."""

from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from thidua.scoring import ScoringInputError
from thidua.web import policy
from thidua.web.api.auth import caller
from thidua.web.api.errors import responses
from thidua.web.api.lookups import campaign_or_404, campaign_unit_or_404
from thidua.web.api.pagination import Page, window
from thidua.web.api.schemas import RankingOut, UnitScoreOut, dec, msg_out
from thidua.web.campaigns.ranking import ranking_for
from thidua.web.campaigns.scoring import first_error, unit_score
from thidua.web.errors import BadInput, Denied
from thidua.web.units.choices import Level
from thidua.web.units.models import Unit

router = Router(tags=["scores"])


def _subtotals(figures: dict[str, Any] | Any) -> list[dict[str, Any]]:
    return [{"code": k, "points": dec(v)} for k, v in figures.items()]


@router.get(
    "/campaigns/{campaign}/units/{unit}/score",
    response=responses({200: UnitScoreOut}),
    summary="A unit's points per criterion with explanations, subtotals and total",
    description="`basis=final` scores what the ranking counts (appraised values, else submitted "
    "ones); `basis=self` scores the unit's own entries, drafts included.",
)
def get_score(
    request: HttpRequest, campaign: str, unit: str, basis: Literal["final", "self"] = "final"
) -> dict[str, Any]:
    c, u = campaign_unit_or_404(caller(request), campaign, unit)
    try:
        score = unit_score(c, u, basis=basis)
    except ScoringInputError as exc:
        raise BadInput(first_error(exc)) from None
    fw = score.framework
    return {
        "unit": u.code,
        "framework": fw.code,
        "basis": basis,
        "total": dec(score.total),
        "max_points": dec(fw.max_points),
        "index": dec(score.index),
        "groups": _subtotals(score.groups),
        "sections": _subtotals(score.sections),
        "criteria": [
            {
                "code": cs.code,
                "points": dec(cs.points),
                "max_points": dec(cs.max_points),
                "input": cs.input,
                "explanation": msg_out(cs.explanation),
            }
            for cs in score.criteria.values()
        ],
        "missing": list(score.missing),
        "warnings": [msg_out(w) for w in score.warnings],
    }


@router.get(
    "/campaigns/{campaign}/ranking/{level}",
    response=responses({200: RankingOut}),
    summary="Ranks of one level: frozen once published, live before",
    description="Before publication only administrators, appraisers and viewers see ranks, "
    "and only the rows of their subtree; after, every participant sees the frozen ranking. "
    "`within` ranks only the units below a unit (e.g. a district's communes).",
)
def get_ranking(
    request: HttpRequest,
    campaign: str,
    level: str,
    page: Query[Page],
    within: str | None = None,
) -> dict[str, Any]:
    user = caller(request)
    c = campaign_or_404(user, campaign)
    if level not in Level.values:
        raise Http404
    scope = None
    if within:
        scope = get_object_or_404(Unit, code=within)
        # Ranking within a unit reveals it: only for units the caller may read or rank.
        if not (
            policy.can_view_unit(user, scope)
            or policy.ranking_units(user, c).filter(pk=scope.pk).exists()
        ):
            raise Http404
    try:
        ranking = ranking_for(user, c, level, within=scope)
    except Denied:
        raise Http404 from None  # a ranking the caller may not read is not revealed
    return {
        "campaign": c.code,
        "level": level,
        "framework": ranking.framework.code,
        "frozen_at": ranking.frozen_at,
        "count": len(ranking.rows),
        "items": [
            {
                "rank": r.rank,
                "unit": r.unit_code,
                "name": r.unit_name,
                "parent": r.parent_name,
                "total": dec(r.total),
                "groups": _subtotals(r.groups),
                "fraction": dec(r.fraction),
                "colour": r.colour,
            }
            for r in window(ranking.rows, page)
        ],
    }
