"""Forms of the reporting pages (parsing only; the services decide)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.web.reporting.choices import Frequency, Scope
from thidua.web.units.choices import Level
from thidua.web.units.models import Unit

DATE_INPUT = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class ObligationForm(forms.Form):
    title = forms.CharField(
        label=_("Tên báo cáo"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    recipient = forms.ModelChoiceField(
        label=_("Nơi nhận"),
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "form-control"}),
    )
    scope = forms.ChoiceField(
        label=_("Đơn vị phải báo cáo"),
        choices=Scope.choices,
        widget=forms.Select(attrs={"class": "form-control"}),
    )
    level = forms.ChoiceField(
        label=_("Cấp"),
        choices=[("", "—"), *Level.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-control"}),
    )
    root = forms.ModelChoiceField(
        label=_("Địa bàn"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-control"}),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Danh sách đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-control", "size": 6}),
    )
    frequency = forms.ChoiceField(
        label=_("Tần suất"),
        choices=Frequency.choices,
        widget=forms.Select(attrs={"class": "form-control"}),
    )
    day = forms.IntegerField(
        label=_("Ngày đến hạn"),
        min_value=1,
        max_value=31,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    month = forms.IntegerField(
        label=_("Tháng"),
        min_value=1,
        max_value=12,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    due_date = forms.DateField(label=_("Hạn nộp (đột xuất)"), required=False, widget=DATE_INPUT)
    starts_on = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], participants: QuerySet[Unit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = units  # type: ignore[attr-defined]
        self.fields["root"].queryset = units  # type: ignore[attr-defined]
        self.fields["units"].queryset = participants  # type: ignore[attr-defined]


class InstanceForm(forms.Form):
    due_date = forms.DateField(label=_("Hạn nộp"), widget=DATE_INPUT)
    label = forms.CharField(
        label=_("Kỳ báo cáo"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class CutoffForm(forms.Form):
    cutoff = forms.DateField(label=_("Ngày chốt báo cáo"), widget=DATE_INPUT)
