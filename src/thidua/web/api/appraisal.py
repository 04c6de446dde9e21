"""Appraisal by the level above: accept, correct (reason required), return (reason required)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from thidua.web.api.auth import caller
from thidua.web.api.errors import responses
from thidua.web.api.lookups import campaign_unit_or_404, criterion_or_404
from thidua.web.api.schemas import (
    AcceptIn,
    CorrectIn,
    CountOut,
    ReopenIn,
    ResultOut,
    ReturnIn,
    result_out,
)
from thidua.web.results import services

router = Router(tags=["appraisal"])

ROW = "/campaigns/{campaign}/units/{unit}/results/{criterion}"
WHO = (
    "Appraisers (administrators) of a unit above, while the campaign is open or in appraisal. "
    "`version` must be the version last read; a stale write is refused with 409."
)


@router.post(
    ROW + "/accept",
    response=responses({200: ResultOut}),
    summary="Accept the unit's value",
    description=WHO,
)
def accept(
    request: HttpRequest, campaign: str, unit: str, criterion: str, payload: AcceptIn
) -> dict[str, Any]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    criterion_or_404(c, u, criterion)
    return result_out(
        services.accept(
            user, campaign=c, unit=u, criterion=criterion, expected_version=payload.version
        )
    )


@router.post(
    ROW + "/correct",
    response=responses({200: ResultOut}),
    summary="Correct the value, with a reason (also records bonus and deduction events)",
    description=WHO,
)
def correct(
    request: HttpRequest, campaign: str, unit: str, criterion: str, payload: CorrectIn
) -> dict[str, Any]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    criterion_or_404(c, u, criterion)
    return result_out(
        services.correct(
            user,
            campaign=c,
            unit=u,
            criterion=criterion,
            value=payload.value,
            reason=payload.reason,
            expected_version=payload.version,
        )
    )


@router.post(
    ROW + "/return",
    response=responses({200: ResultOut}),
    summary="Return the row to the unit, with a reason",
    description=WHO + " Administrators above the unit may also reopen an appraised row.",
)
def return_to_unit(
    request: HttpRequest, campaign: str, unit: str, criterion: str, payload: ReturnIn
) -> dict[str, Any]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    criterion_or_404(c, u, criterion)
    return result_out(
        services.return_to_unit(
            user,
            campaign=c,
            unit=u,
            criterion=criterion,
            reason=payload.reason,
            expected_version=payload.version,
        )
    )


@router.post(
    ROW + "/reopen",
    response=responses({200: ResultOut}),
    summary="Reopen the row after the deadline, for the unit to fix until a date, with a reason",
    description="Administrators of a unit above, while the campaign is open or in appraisal. "
    "The row is returned; only it may be changed and resubmitted by the unit, until `until`.",
)
def reopen(
    request: HttpRequest, campaign: str, unit: str, criterion: str, payload: ReopenIn
) -> dict[str, Any]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    criterion_or_404(c, u, criterion)
    return result_out(
        services.reopen(
            user,
            campaign=c,
            unit=u,
            criterion=criterion,
            until=payload.until,
            reason=payload.reason,
            expected_version=payload.version,
        )
    )


@router.post(
    "/campaigns/{campaign}/units/{unit}/accept-submitted",
    response=responses({200: CountOut}),
    summary="Accept every submitted row not yet appraised",
    description=WHO,
)
def accept_submitted(request: HttpRequest, campaign: str, unit: str) -> dict[str, int]:
    user = caller(request)
    c, u = campaign_unit_or_404(user, campaign, unit)
    return {"count": services.bulk_accept(user, campaign=c, unit=u)}
