"""Forms of the campaign administration pages: the campaign and its milestones."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.web.accounts.forms import BootstrapForm
from thidua.web.campaigns.admin_services import CampaignData, MilestoneData, frameworks_by_level
from thidua.web.campaigns.choices import MilestoneKind
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
