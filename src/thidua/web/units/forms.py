"""Forms of the unit administration pages."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.web.accounts.forms import BootstrapForm
from thidua.web.units.choices import KIND_CHOICES
from thidua.web.units.models import UnitGroup
from thidua.web.units.services import UnitData

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def date_field(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), input_formats=DATE_FORMATS
    )


class UnitForm(BootstrapForm):
    code = forms.CharField(
        label=_("Mã"),
        max_length=64,
        help_text=_("Không đổi được sau khi tạo; dùng chữ không dấu, số, '.', '-', '_'."),
    )
    name = forms.CharField(label=_("Tên"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại"), choices=KIND_CHOICES)
    parent = forms.CharField(
        label=_("Mã đơn vị cấp trên"),
        max_length=64,
        required=False,
        help_text=_("Để trống cho đơn vị gốc (tỉnh, thành phố)."),
    )
    valid_from = date_field(_("Hiệu lực từ"))
    valid_to = date_field(_("Hiệu lực đến"))
    groups = forms.ModelMultipleChoiceField(
        label=_("Nhóm"),
        queryset=UnitGroup.objects.order_by("name"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = ""

    def data_for(self) -> UnitData:
        d = self.cleaned_data
        return UnitData(
            code=d["code"].strip(),
            name=d["name"],
            kind=d["kind"],
            parent_code=(d.get("parent") or "").strip(),
            valid_from=d.get("valid_from"),
            valid_to=d.get("valid_to"),
            groups=tuple(g.code for g in d.get("groups") or ()),
        )


class ImportForm(BootstrapForm):
    file = forms.FileField(
        label=_("Tệp CSV hoặc XLSX"),
        help_text=_("Cột: code, name, kind, parent_code; tùy chọn: valid_from, valid_to, groups."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx", "class": "form-control-file"}
        ),
    )


class MergeForm(BootstrapForm):
    predecessors = forms.CharField(
        label=_("Mã các đơn vị bị sáp nhập"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một mã, hoặc cách nhau bằng dấu phẩy."),
    )
    successor = forms.CharField(label=_("Mã đơn vị kế tục"), max_length=64)
    date = date_field(_("Ngày hiệu lực"), required=True)
    name = forms.CharField(
        label=_("Tên đơn vị kế tục (nếu tạo mới)"), max_length=200, required=False
    )
    kind = forms.ChoiceField(
        label=_("Loại đơn vị kế tục (nếu tạo mới)"),
        choices=[("", "—"), *KIND_CHOICES],
        required=False,
    )
    parent = forms.CharField(
        label=_("Mã cấp trên của đơn vị kế tục (nếu tạo mới)"), max_length=64, required=False
    )
    note = forms.CharField(
        label=_("Căn cứ (nghị quyết, quyết định)"), max_length=300, required=False
    )
    move_children = forms.BooleanField(
        label=_("Chuyển các đơn vị trực thuộc sang đơn vị kế tục"), required=False
    )

    def predecessor_codes(self) -> list[str]:
        raw = self.cleaned_data.get("predecessors", "")
        return list(dict.fromkeys(c for c in re.split(r"[\s,;]+", raw) if c))


class GroupForm(BootstrapForm):
    code = forms.SlugField(label=_("Mã nhóm"), max_length=64)
    name = forms.CharField(label=_("Tên nhóm"), max_length=200)
