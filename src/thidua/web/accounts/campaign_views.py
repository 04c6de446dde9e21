"""Campaign administration pages: list, create, edit (see :mod:`.campaign_admin`)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.web import policy
from thidua.web.accounts.campaign_admin import (
    CampaignData,
    MilestoneData,
    frameworks_by_level,
    save_campaign,
)
from thidua.web.accounts.forms import BootstrapForm
from thidua.web.campaigns.choices import CampaignState, MilestoneKind
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import Denied, ServiceError
from thidua.web.shell import error_response
from thidua.web.ui import pick
from thidua.web.units.choices import Level
from thidua.web.units.forms import date_field

MILESTONE_ROWS_EXTRA = 3


def _codes(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for c in re.split(r"[\s,;]+", text) if c))


class CampaignForm(BootstrapForm):
    code = forms.SlugField(label=gettext_lazy("Mã"), max_length=64)
    title = forms.CharField(label=gettext_lazy("Tên đợt thi đua"), max_length=300)
    owner = forms.CharField(
        label=gettext_lazy("Mã đơn vị chủ trì"),
        max_length=64,
        help_text=gettext_lazy("Đơn vị tổ chức đợt thi đua; đơn vị tham gia phải trực thuộc."),
    )
    period_start = date_field(gettext_lazy("Từ ngày"), required=True)
    period_end = date_field(gettext_lazy("Đến ngày"), required=True)
    participants = forms.CharField(
        label=gettext_lazy("Mã các đơn vị tham gia"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Mỗi dòng một mã, hoặc cách nhau bằng dấu phẩy."),
    )
    add_levels = forms.MultipleChoiceField(
        label=gettext_lazy("Thêm mọi đơn vị còn hiệu lực trong kỳ thuộc đơn vị chủ trì, cấp"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    tie_breakers = forms.CharField(
        label=gettext_lazy("Tiêu chí phụ khi bằng điểm"),
        required=False,
        help_text=gettext_lazy("Mã nhóm, mục hoặc chỉ tiêu theo thứ tự, ví dụ: A, C"),
    )
    green_from = forms.DecimalField(
        label=gettext_lazy("Xanh từ (%)"), min_value=0, max_value=100, decimal_places=1
    )
    amber_from = forms.DecimalField(
        label=gettext_lazy("Vàng từ (%)"), min_value=0, max_value=100, decimal_places=1
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels = frameworks_by_level()
        for level, codes in self.levels.items():
            self.fields[f"fw_{level}"] = forms.ChoiceField(
                label=_("Bảng điểm cấp: %(level)s") % {"level": Level(level).label},
                choices=[("", "—"), *((c, c) for c in codes)],
                required=False,
                widget=forms.Select(attrs={"class": "form-control"}),
            )
        add_levels = self.fields["add_levels"]
        assert isinstance(add_levels, forms.MultipleChoiceField)
        add_levels.choices = [(lv, Level(lv).label) for lv in self.levels]
        if editing:
            self.fields["code"].disabled = True

    def framework_fields(self) -> list[Any]:
        return [self[f"fw_{lv}"] for lv in self.levels]

    def data_for(self, milestones: tuple[MilestoneData, ...]) -> CampaignData:
        d = self.cleaned_data
        return CampaignData(
            code=d["code"],
            title=d["title"],
            owner_code=d["owner"].strip(),
            period_start=d["period_start"],
            period_end=d["period_end"],
            frameworks={lv: d[f"fw_{lv}"] for lv in self.levels if d.get(f"fw_{lv}")},
            participants=_codes(d.get("participants") or ""),
            add_levels=tuple(d.get("add_levels") or ()),
            tie_breakers=_codes(d.get("tie_breakers") or ""),
            green_from=d["green_from"] / 100,
            amber_from=d["amber_from"] / 100,
            milestones=milestones,
        )


class MilestoneForm(BootstrapForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Mốc"), choices=[("", "—"), *MilestoneKind.choices], required=False
    )
    date = date_field(gettext_lazy("Ngày"))
    title = forms.CharField(label=gettext_lazy("Ghi chú"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        if bool(d.get("kind")) != bool(d.get("date")):
            raise forms.ValidationError(_("Mỗi mốc cần cả loại và ngày."))
        return d


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=MILESTONE_ROWS_EXTRA)


def _initial(c: Campaign) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": c.code,
        "title": c.title,
        "owner": c.owner.code,
        "period_start": c.period_start,
        "period_end": c.period_end,
        "participants": "\n".join(c.participants.order_by("path").values_list("code", flat=True)),
        "tie_breakers": ", ".join(c.tie_breakers),
        "green_from": (c.green_from * 100).quantize(Decimal("0.1")),
        "amber_from": (c.amber_from * 100).quantize(Decimal("0.1")),
    }
    for level, code in c.frameworks.values_list("level", "framework"):
        out[f"fw_{level}"] = code
    return out


def _milestones(formset: Any) -> tuple[MilestoneData, ...]:
    return tuple(
        MilestoneData(
            kind=f.cleaned_data["kind"],
            date=f.cleaned_data["date"],
            title=f.cleaned_data.get("title", ""),
        )
        for f in formset.forms
        if f.cleaned_data.get("kind")
    )


def _edit(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    if campaign is None:
        first = policy.admin_units(request.user).order_by("path").first()
        initial: dict[str, Any] = {
            "owner": first.code if first else "",
            "green_from": Decimal(90),
            "amber_from": Decimal(70),
        }
        ms_initial: list[dict[str, Any]] = []
    else:
        initial = _initial(campaign)
        ms_initial = [
            {"kind": m.kind, "date": m.date, "title": m.title} for m in campaign.milestones.all()
        ]
    post = request.POST if request.method == "POST" else None
    form = CampaignForm(post, initial=initial, editing=campaign is not None)
    formset = MilestoneFormSet(post, initial=ms_initial, prefix="ms")
    if post is not None and form.is_valid() and formset.is_valid():
        try:
            saved = save_campaign(
                request.user, form.data_for(_milestones(formset)), campaign=campaign
            )
        except ServiceError as exc:
            if isinstance(exc, Denied):
                return error_response(request, exc)
            form.add_error(None, pick(exc.msg))
        else:
            messages.success(request, _("Đã lưu đợt thi đua."))
            return redirect("campaign", campaign_code=saved.code)
    invalid = post is not None and (form.errors or any(formset.errors) or formset.non_form_errors())
    return render(
        request,
        "accounts/campaign_form.html",
        {
            "form": form,
            "formset": formset,
            "campaign": campaign,
            "locked": campaign is not None and campaign.state != CampaignState.DRAFT,
        },
        status=422 if invalid else 200,
    )


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    if not policy.is_admin_anywhere(request.user):
        return error_response(request, Denied())
    return render(
        request,
        "accounts/campaign_list.html",
        {"campaigns": policy.managed_campaigns(request.user)},
    )


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not policy.is_admin_anywhere(request.user):
        return error_response(request, Denied())
    return _edit(request, None)


@login_required
def campaign_edit(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("owner"), code=campaign_code)
    if not policy.can_view_campaign(request.user, campaign):
        raise Http404
    if not policy.can_manage_campaign(request.user, campaign):
        return error_response(request, Denied())
    return _edit(request, campaign)
