"""A unit's results: read the table, save drafts, submit, attach evidence (within the policy)."""

from typing import Any

from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from thidua.web import policy
from thidua.web.api.auth import caller
from thidua.web.api.errors import FILE_DOWNLOAD, responses
from thidua.web.api.lookups import campaign_unit_or_404, criterion_or_404
from thidua.web.api.pagination import Paginator
from thidua.web.api.schemas import (
    CountOut,
    DocumentIn,
    DocumentOut,
    EvidenceOut,
    ResultIn,
    ResultOut,
    document_out,
    evidence_out,
    result_out,
)
from thidua.web.campaigns import freshness
from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.scoring import framework_for
from thidua.web.results import evidence as evidence_service
from thidua.web.results import services
from thidua.web.results.models import Evidence, Result
from thidua.web.units.models import Unit

router = Router(tags=["results"])

CU = "/campaigns/{campaign}/units/{unit}"


def _stored(campaign: Campaign, unit: Unit) -> dict[str, Result]:
    freshness.before_reading(campaign)  # the C.1 row may change when the cut-off has passed
    rows = (
        Result.objects.filter(campaign=campaign, unit=unit)
        .select_related("updated_by")
        .prefetch_related("evidence", "documents")
    )
    return {r.criterion: r for r in rows}


@router.get(
    CU + "/results",
    response=responses({200: list[ResultOut]}),
    summary="Every criterion of the unit's table, stored or blank (version 0), in printed order",
)
@paginate(Paginator)
def list_results(request: HttpRequest, campaign: str, unit: str) -> list[dict[str, Any]]:
    c, u = campaign_unit_or_404(caller(request), campaign, unit)
    fw = framework_for(c, u.level)
    stored = _stored(c, u)
    return [
        result_out(
            stored.get(node.code) or Result(campaign=c, unit=u, criterion=node.code, version=0)
        )
        for node in fw.criteria
    ]


@router.get(CU + "/results/{criterion}", response=responses({200: ResultOut}), summary="One row")
def get_result(request: HttpRequest, campaign: str, unit: str, criterion: str) -> dict[str, Any]:
    c, u = campaign_unit_or_404(caller(request), campaign, unit)
    criterion_or_404(c, u, criterion)
    return result_out(services.get_result(c, u, criterion))


@router.put(
    CU + "/results/{criterion}",
    response=responses({200: ResultOut}),
    summary="Save the unit's own value (a draft) for one criterion",
    description="Reporters of the unit (administrators above it) while the campaign is open. "
    "`version` must be the version last read: a stale write is refused with 409 and the "
    "stored row in `details[0].current`.",
)
def save_result(
    request: HttpRequest, campaign: str, unit: str, criterion: str, payload: ResultIn
) -> dict[str, Any]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    criterion_or_404(c, u, criterion)
    result = services.save_draft(
        user,
        campaign=c,
        unit=u,
        criterion=criterion,
        value=payload.value,
        note=payload.note.strip(),
        expected_version=payload.version,
    )
    return result_out(result)


@router.post(
    CU + "/submit",
    response=responses({200: CountOut}),
    summary="Submit the unit's whole table for appraisal",
)
def submit(request: HttpRequest, campaign: str, unit: str) -> dict[str, int]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    return {"count": services.submit(user, campaign=c, unit=u)}


def _editable_row(user: Any, campaign: Campaign, unit: Unit, criterion: str) -> Result:
    """The stored row, or a new empty draft so that evidence can be attached before a value."""
    result = services.get_result(campaign, unit, criterion)
    if result.pk is None:
        result = services.save_draft(
            user,
            campaign=campaign,
            unit=unit,
            criterion=criterion,
            value=None,
            note="",
            expected_version=0,
        )
    return result


@router.post(
    CU + "/results/{criterion}/evidence",
    response=responses({201: EvidenceOut}),
    summary="Upload an evidence file (PDF, DOCX, XLSX, JPG, PNG; checked by content)",
)
def upload_evidence(
    request: HttpRequest, campaign: str, unit: str, criterion: str, file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    criterion_or_404(c, u, criterion)
    with transaction.atomic():
        result = _editable_row(user, c, u, criterion)
        ev = evidence_service.attach(user, result=result, upload=file, name=file.name or "")
    return Status(201, evidence_out(ev))


@router.post(
    CU + "/results/{criterion}/documents",
    response=responses({201: DocumentOut}),
    summary="Cite a document as evidence without uploading it",
)
def add_document(
    request: HttpRequest, campaign: str, unit: str, criterion: str, payload: DocumentIn
) -> Status[dict[str, Any]]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    criterion_or_404(c, u, criterion)
    with transaction.atomic():
        result = _editable_row(user, c, u, criterion)
        doc = evidence_service.add_document(
            user, result=result, number=payload.number, title=payload.title, date=payload.date
        )
    return Status(201, document_out(doc))


@router.get(
    "/evidence/{evidence_id}",
    response=responses({}),
    url_name="evidence_file",
    summary="Download an evidence file",
    openapi_extra=FILE_DOWNLOAD,
)
def download_evidence(request: HttpRequest, evidence_id: int) -> FileResponse:
    ev = get_object_or_404(
        Evidence.objects.select_related("result__campaign__owner", "result__unit"), pk=evidence_id
    )
    if not policy.can_view_evidence(caller(request), ev):
        raise Http404
    return evidence_service.attachment(ev)


@router.delete(
    "/evidence/{evidence_id}",
    response=responses({204: None}),
    summary="Take an evidence file down (hidden and audited, not deleted)",
    description="Whoever may still change the row (its unit's reporters while it is a draft or "
    "returned). The file disappears from the row, the pages and the API; the record stays.",
)
def remove_evidence(request: HttpRequest, evidence_id: int) -> Status[None]:
    user = caller(request)
    ev = get_object_or_404(
        Evidence.objects.select_related("result__campaign__owner", "result__unit"), pk=evidence_id
    )
    if not policy.can_view_evidence(user, ev):
        raise Http404
    evidence_service.remove(user, evidence=ev)
    return Status(204, None)
