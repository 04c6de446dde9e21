"""The built-in scoring frameworks: published tables, readable by every authenticated caller."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate

from thidua.scoring import Framework, builtin_codes, get_builtin, validate
from thidua.web.api.errors import responses
from thidua.web.api.pagination import Paginator
from thidua.web.api.schemas import FrameworkOut, FrameworkSummaryOut, dec, msg_out

router = Router(tags=["frameworks"])


def _summary(fw: Framework) -> dict[str, Any]:
    return {
        "code": fw.code,
        "version": fw.version,
        "title": fw.title,
        "applies_to": list(fw.applies_to),
        "max_points": dec(fw.max_points),
        "index": fw.index,
        "criteria": len(fw.criteria),
    }


@router.get(
    "/frameworks",
    response=responses({200: list[FrameworkSummaryOut]}),
    summary="The built-in frameworks",
)
@paginate(Paginator)
def list_frameworks(request: HttpRequest) -> list[dict[str, Any]]:
    return [_summary(get_builtin(code)) for code in builtin_codes()]


@router.get(
    "/frameworks/{code}",
    response=responses({200: FrameworkOut}),
    summary="A framework's rows in printed order, with the validator's findings",
)
def get_framework(request: HttpRequest, code: str) -> dict[str, Any]:
    if code not in builtin_codes():
        raise Http404
    fw = get_builtin(code)
    nodes = [
        {
            "code": n.code,
            "parent": fw.parents.get(n.code),
            "label": n.label,
            "title": n.title,
            "max_points": dec(n.max_points),
            "kind": n.rule.kind if n.rule is not None else None,
            "rule": msg_out(n.rule.describe(n.max_points)) if n.rule is not None else None,
            "bonus": n.bonus,
        }
        for top in fw.nodes
        for n in top.walk()
    ]
    return {
        **_summary(fw),
        "source": fw.source.document,
        "nodes": nodes,
        "findings": [
            {"severity": f.severity, "code": f.code, "node": f.node, "message": msg_out(f.message)}
            for f in validate(fw)
        ],
    }
