"""Models registry pages: the registry per level, a unit's models, registering and recognising."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thidua import recognitions as core
from thidua.scoring import ScoringInputError
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.campaigns.scoring import NoFramework, framework_for, score_one
from thidua.web.errors import BadInput, Denied, ServiceError
from thidua.web.models_registry import services
from thidua.web.models_registry.choices import FIELDS, RecognitionKind, RecognitionLevel
from thidua.web.models_registry.models import ModelEvidence, RegisteredModel
from thidua.web.results.evidence import attachment
from thidua.web.results.models import Result
from thidua.web.shell import campaign_or_404, campaign_unit_or_404, error_response
from thidua.web.ui import pick
from thidua.web.units.choices import Level


def _date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _levels(campaign: object) -> list[tuple[str, str]]:
    present = {u.level for u in campaign.participants.all()}  # type: ignore[attr-defined]
    return [(v, label) for v, label in Level.choices if v in present]


@require_GET
@login_required
def registry(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_code)
    levels = _levels(campaign)
    level = request.GET.get("level") or (levels[0][0] if levels else "")
    if level and level not in dict(levels):
        raise Http404
    rows = services.registry(request.user, campaign, level) if level else []
    without = [u for u, models in rows if not models]
    if request.GET.get("without") == "1":
        rows = [(u, m) for u, m in rows if not m]
    return render(
        request,
        "models_registry/registry.html",
        {
            "campaign": campaign,
            "levels": levels,
            "level": level,
            "rows": rows,
            "without": without,
            "total": sum(len(m) for _u, m in rows),
        },
    )


def _bonus(campaign: object, unit: object) -> list[dict[str, object]]:
    """The unit's B.2 / B.3 rows as the scoring core scores them now."""
    try:
        fw = framework_for(campaign, unit.level)  # type: ignore[arg-type, attr-defined]
    except NoFramework:
        return []
    out = []
    for level in core.LEVELS:
        code = core.criterion_for(fw, level)
        if code is None:
            continue
        row = Result.objects.filter(campaign=campaign, unit=unit, criterion=code).first()
        value = row.final_value if row is not None else None
        try:
            points = score_one(fw, unit, code, value).points if value else Decimal(0)  # type: ignore[arg-type]
        except ScoringInputError:
            points = None
        out.append(
            {
                "code": code,
                "level": core.LEVEL_TEXT[level],
                "points": points,
                "cap": fw.node(code).max_points,
                "each": core.points_each(fw, level),
            }
        )
    return out


@require_GET
@login_required
def unit_models(request: HttpRequest, campaign_code: str, unit_code: str) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    return render(
        request,
        "models_registry/unit.html",
        {
            "campaign": campaign,
            "unit": unit,
            "models": RegisteredModel.objects.filter(campaign=campaign, unit=unit).prefetch_related(
                "recognitions", "evidence"
            ),
            "bonus": _bonus(campaign, unit),
            "fields": FIELDS,
            "can_register": policy.can_register_model(request.user, campaign, unit),
            "can_recognise": policy.can_record_recognition(request.user, campaign),
            "levels": RecognitionLevel.choices,
            "kinds": RecognitionKind.choices,
        },
    )


def _back(campaign_code: str, unit_code: str, anchor: str = "") -> HttpResponse:
    return redirect(reverse("unit_models", args=[campaign_code, unit_code]) + anchor)


@require_POST
@login_required
def register(request: HttpRequest, campaign_code: str, unit_code: str) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    try:
        services.register(
            request.user,
            campaign=campaign,
            unit=unit,
            title=request.POST.get("title", ""),
            field=request.POST.get("field", ""),
            description=request.POST.get("description", ""),
            started_on=_date(request.POST.get("started_on", "")),
        )
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    else:
        messages.success(request, pick(Msg("Đã đăng ký mô hình", "Model registered")))
    return _back(campaign.code, unit.code)


def _model(request: HttpRequest, campaign_code: str, model_id: int) -> RegisteredModel:
    campaign = campaign_or_404(request.user, campaign_code)
    m = get_object_or_404(
        RegisteredModel.objects.select_related("campaign__owner", "unit"),
        pk=model_id,
        campaign=campaign,
    )
    if not policy.can_view_results(request.user, campaign, m.unit):
        raise Http404
    return m


@require_POST
@login_required
def evidence(request: HttpRequest, campaign_code: str, model_id: int) -> HttpResponse:
    m = _model(request, campaign_code, model_id)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise BadInput(Msg("Chưa chọn tệp", "No file chosen"))
        services.attach(request.user, model=m, upload=upload, name=upload.name or "")
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    return _back(m.campaign.code, m.unit.code, f"#m{m.pk}")


@require_POST
@login_required
def recognise(request: HttpRequest, campaign_code: str, model_id: int) -> HttpResponse:
    m = _model(request, campaign_code, model_id)
    try:
        services.recognise(
            request.user,
            model=m,
            level=request.POST.get("level", ""),
            kind=request.POST.get("kind", ""),
            issuer=request.POST.get("issuer", ""),
            decision_number=request.POST.get("decision_number", ""),
            decision_date=_date(request.POST.get("decision_date", "")),
        )
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    else:
        messages.success(request, pick(Msg("Đã ghi nhận biểu dương", "Recognition recorded")))
    return _back(m.campaign.code, m.unit.code, f"#m{m.pk}")


@require_GET
@login_required
def download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    ev = get_object_or_404(
        ModelEvidence.objects.select_related("model__campaign__owner", "model__unit"),
        pk=evidence_id,
    )
    if not policy.can_view_model_evidence(request.user, ev):
        raise Http404
    return attachment(ev)
