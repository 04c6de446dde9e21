"""Named facts of a unit for the award gates: read them, record or withdraw one, attach evidence."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from thidua.web import policy
from thidua.web.api.auth import caller
from thidua.web.api.errors import FILE_DOWNLOAD, FactStaleOut, responses
from thidua.web.api.fact_schemas import (
    FactEvidenceOut,
    FactIn,
    FactOut,
    FactWithdrawIn,
    fact_evidence_out,
    fact_out,
)
from thidua.web.api.lookups import campaign_unit_or_404
from thidua.web.api.pagination import Paginator
from thidua.web.awards_web import fact_rows, facts
from thidua.web.awards_web.models import FactEvidence
from thidua.web.campaigns.models import Campaign
from thidua.web.results.evidence import attachment
from thidua.web.units.models import Unit

router = Router(tags=["facts"])

CU = "/campaigns/{campaign}/units/{unit}"
WHO = (
    "Appraisers (administrators) of a unit above, and the campaign's administrators, while the "
    "campaign is open or in appraisal; frozen once published. `version` must be the version "
    "last read: a stale write is refused with 409 and the stored fact in `details[0].current`."
)


def _spec_or_404(campaign: Campaign, unit: Unit, name: str) -> facts.FactSpec:
    spec = facts.spec_for(campaign, unit, name)
    if spec is None:
        raise Http404
    return spec


@router.get(
    CU + "/facts",
    response=responses({200: list[FactOut]}),
    summary="Every fact the award plan needs from the unit, recorded or blank (version 0)",
)
@paginate(Paginator)
def list_facts(request: HttpRequest, campaign: str, unit: str) -> list[dict[str, Any]]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    return [fact_out(row) for row in fact_rows.facts_of(user, c, u)]


@router.get(CU + "/facts/{name}", response=responses({200: FactOut}), summary="One fact")
def get_fact(request: HttpRequest, campaign: str, unit: str, name: str) -> dict[str, Any]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    _spec_or_404(c, u, name)
    row = next(r for r in fact_rows.facts_of(user, c, u) if r.spec.name == name)
    return fact_out(row)


@router.put(
    CU + "/facts/{name}",
    response={**responses({200: FactOut}), 409: FactStaleOut},
    summary="Record or change one fact (checked by the award core's own reader)",
    description=WHO,
)
def save_fact(
    request: HttpRequest, campaign: str, unit: str, name: str, payload: FactIn
) -> dict[str, Any]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    _spec_or_404(c, u, name)
    fact = facts.record_fact(
        user,
        campaign=c,
        unit=u,
        name=name,
        value=payload.value,
        note=payload.note,
        expected_version=payload.version,
    )
    row = fact_rows.row_of(fact)
    assert row is not None
    return fact_out(row)


@router.delete(
    CU + "/facts/{name}",
    response={**responses({200: FactOut}), 409: FactStaleOut},
    summary="Withdraw a fact recorded by mistake (the unit has no value for it again)",
    description="The same people who record the fact. The body is `{reason, version}`: a "
    "reason is required (else 422), a stale `version` is 409 with the stored fact in "
    "`details[0].current`. Nothing is erased: the answer is the fact with `value` null, "
    "`withdrawn` true and the next version, the withdrawn value in its `history` (and in the "
    "audit log, `fact.withdraw`). The platform's own facts (`models_registered`, "
    "`commune_kind`) are refused with 422 saying where to change them.",
)
def withdraw_fact(
    request: HttpRequest, campaign: str, unit: str, name: str, payload: FactWithdrawIn
) -> dict[str, Any]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    if name not in facts.PLATFORM_FACTS:
        _spec_or_404(c, u, name)
    fact = facts.withdraw_fact(
        user,
        campaign=c,
        unit=u,
        name=name,
        reason=payload.reason,
        expected_version=payload.version,
    )
    row = fact_rows.row_of(fact)
    assert row is not None
    return fact_out(row)


@router.post(
    CU + "/facts/{name}/evidence",
    response=responses({201: FactEvidenceOut}),
    summary="Upload an evidence file of a recorded fact (PDF, DOCX, XLSX, JPG, PNG; by content)",
    description="The same people who record the fact.",
)
def upload_fact_evidence(
    request: HttpRequest, campaign: str, unit: str, name: str, file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    _spec_or_404(c, u, name)
    ev = facts.attach(user, fact=facts.get_fact(c, u, name), upload=file, name=file.name or "")
    return Status(201, fact_evidence_out(ev))


@router.get(
    "/fact-evidence/{evidence_id}",
    response=responses({}),
    url_name="fact_evidence_file",
    summary="Download an evidence file of a fact",
    openapi_extra=FILE_DOWNLOAD,
)
def download_fact_evidence(request: HttpRequest, evidence_id: int) -> FileResponse:
    ev = get_object_or_404(
        FactEvidence.objects.select_related("fact__campaign__owner", "fact__unit"),
        pk=evidence_id,
    )
    if not policy.can_view_fact_evidence(caller(request), ev):
        raise Http404
    return attachment(ev)
