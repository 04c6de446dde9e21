"""The plan's document form: issuing body (parent body, place, standing agency), document
number and date, subject, signer (in person, KT. or TM.) and report outlines, without YAML:
what the plan's documents print.

Like the other plan forms (:mod:`thidua.web.inspections.editing`), it starts from the
stored plan's YAML mapping, changes the fields it shows and keeps the others, and stores
the whole mapping through the same writer (:func:`editing.store_plan`). Its own checks
name each field by its label and YAML field, in both languages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from thidua.scheduling.catalog import builtin_outline_codes
from thidua.scheduling.outlines import load_builtin_outlines
from thidua.scheduling.reading import parse_date
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.errors import Denied
from thidua.web.inspections import services
from thidua.web.inspections.editing import dmy, store_plan
from thidua.web.inspections.models import InspectionPlan

#: How the signer signs (Nghị định 30/2020/NĐ-CP): in their own name (""), "KT." (ký thay: for
#: the head) or "TM." (thay mặt: for a collective body). The YAML has no field of its own for
#: it: the prefix opens the first of the signer's title lines, "KT. TỔ TRƯỞNG" then "PHÓ TỔ
#: TRƯỞNG", and the form reads it back from there.
SIGN_AS = ("KT.", "TM.")
_SIGN_AS = re.compile(r"^(KT|TM)\.\s*(.*)$", re.IGNORECASE)
MAX_TITLE_LINES = 3
#: A date as typed: dd/mm/yyyy (or yyyy-mm-dd, as in the YAML); the year always in full.
_DATE = re.compile(r"^(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class DocField:
    """A field of the document form: its label, the YAML field it writes, its longest value."""

    label: Msg
    path: str
    max_length: int = 0


DOC_FIELDS: Mapping[str, DocField] = {
    "parent": DocField(Msg("Cơ quan cấp trên", "Parent body"), "issuing_body.parent", 300),
    "body": DocField(Msg("Cơ quan ban hành", "Issuing body"), "issuing_body.name", 300),
    "place": DocField(Msg("Địa danh", "Place"), "issuing_body.place", 100),
    "standing_agency": DocField(
        Msg("Cơ quan thường trực", "Standing agency"), "issuing_body.standing_agency"
    ),
    "document_number": DocField(
        Msg("Số, ký hiệu văn bản", "Document number"), "document.number", 60
    ),
    "document_date": DocField(Msg("Ngày ban hành", "Date of issue"), "document.date"),
    "title": DocField(Msg("Trích yếu", "Subject"), "title", 1000),
    "sign_as": DocField(Msg("Hình thức ký", "Signing"), "issuing_body.signer.titles"),
    "on_behalf": DocField(
        Msg("Ký thay / thay mặt cho", "Signing for"), "issuing_body.signer.titles", 120
    ),
    "signer_titles": DocField(
        Msg("Chức danh người ký", "Signer's title"), "issuing_body.signer.titles", 120
    ),
    "signer_name": DocField(
        Msg("Họ và tên người ký", "Signer's name"), "issuing_body.signer.name", 100
    ),
    "outlines": DocField(Msg("Đề cương báo cáo", "Report outlines"), "outlines"),
}


def _doc_problem(key: str, what: Msg) -> Msg:
    """A problem of one field, named by its label and its YAML field, in both languages."""
    f = DOC_FIELDS[key]
    return Msg(f"{f.label.vi} ('{f.path}'): {what.vi}", f"{f.label.en} ('{f.path}'): {what.en}")


@dataclass(frozen=True)
class DocumentForm:
    """The values of the document form (from the stored plan, or as typed)."""

    parent: str = ""
    body: str = ""
    place: str = ""
    standing_agency: str = ""
    document_number: str = ""
    document_date: str = ""
    title: str = ""
    sign_as: str = ""
    on_behalf: str = ""
    signer_titles: str = ""
    signer_name: str = ""
    outlines: str = ""

    @property
    def title_lines(self) -> list[str]:
        return [line.strip() for line in self.signer_titles.splitlines() if line.strip()]


def split_titles(titles: Iterable[str]) -> tuple[str, str, list[str]]:
    """The signer's title lines as (``KT.``/``TM.`` or "", whom for, the signer's own titles)."""
    lines = [str(t).strip() for t in titles if str(t).strip()]
    found = _SIGN_AS.match(lines[0]) if lines else None
    if found is None:
        return "", "", lines
    return f"{found.group(1).upper()}.", found.group(2).strip(), lines[1:]


def join_titles(sign_as: str, on_behalf: str, lines: Iterable[str]) -> list[str]:
    """The inverse of :func:`split_titles`: the title lines the YAML stores."""
    return ([f"{sign_as} {on_behalf}"] if sign_as else []) + list(lines)


def _as_map(value: object) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}


def _shown_date(value: object) -> str:
    if value in (None, ""):
        return ""
    try:
        return dmy(parse_date(value))
    except ValueError:
        return str(value)


def document_form_of(plan: InspectionPlan) -> DocumentForm:
    data = services.plan_mapping(plan)
    body = data.get("issuing_body")
    body_map = _as_map(body) if isinstance(body, Mapping) else {"name": body or ""}
    signer = _as_map(body_map.get("signer"))
    titles = signer.get("titles") or []
    sign_as, on_behalf, lines = split_titles(titles if isinstance(titles, list) else [titles])
    document = _as_map(data.get("document"))
    return DocumentForm(
        parent=str(body_map.get("parent") or ""),
        body=str(body_map.get("name") or ""),
        place=str(body_map.get("place") or ""),
        standing_agency=str(body_map.get("standing_agency") or ""),
        document_number=str(document.get("number") or ""),
        document_date=_shown_date(document.get("date")),
        title=plan.title,
        sign_as=sign_as,
        on_behalf=on_behalf,
        signer_titles="\n".join(lines),
        signer_name=str(signer.get("name") or ""),
        outlines=str(data.get("outlines") or ""),
    )


def document_form_from_post(post: Mapping[str, Any]) -> DocumentForm:
    """The values typed in the document form (single lines with their spaces tidied)."""
    values = {}
    for name in DocumentForm.__dataclass_fields__:
        text = str(post.get(name, "") or "").strip()
        if name != "signer_titles":
            text = re.sub(r"\s+", " ", text)
        values[name] = text
    return DocumentForm(**values)


@dataclass(frozen=True)
class OutlineChoice:
    """A set of report outlines to choose: where it comes from and the outlines it holds."""

    code: str
    source: str
    outlines: tuple[tuple[str, str], ...]  # (code, title)
    shipped: bool = True


@functools.cache
def _shipped_outlines() -> tuple[OutlineChoice, ...]:
    found = []
    for code in builtin_outline_codes():
        outlines = load_builtin_outlines(code)
        found.append(
            OutlineChoice(
                code=code,
                source=outlines.source or code,
                outlines=tuple((o.code, o.title) for o in outlines.outlines),
            )
        )
    return tuple(found)


def outline_choices(current: str = "") -> list[OutlineChoice]:
    """The outline sets shipped with thidua, and the plan's own when it names another one."""
    choices = list(_shipped_outlines())
    if current and current not in {c.code for c in choices}:
        choices.append(OutlineChoice(code=current, source=current, outlines=(), shipped=False))
    return choices


def _check_document(plan: InspectionPlan, form: DocumentForm) -> list[Msg]:
    """Every problem of the form, each naming its field; the parser checks the rest."""
    errors: list[Msg] = []
    for key in ("body", "title"):
        if not getattr(form, key):
            errors.append(_doc_problem(key, Msg("cần điền", "is required")))
    for key, f in DOC_FIELDS.items():
        value = getattr(form, key)
        if key == "signer_titles":
            too_long = any(len(line) > f.max_length for line in form.title_lines)
        else:
            too_long = bool(f.max_length) and len(value) > f.max_length
        if too_long:
            errors.append(
                _doc_problem(
                    key,
                    Msg(f"dài quá {f.max_length} ký tự", f"longer than {f.max_length} characters"),
                )
            )
    if form.standing_agency and not plan.units.filter(code=form.standing_agency).exists():
        errors.append(
            _doc_problem(
                "standing_agency",
                Msg(
                    f"đơn vị '{form.standing_agency}' không có trong kế hoạch",
                    f"unit '{form.standing_agency}' is not in the plan",
                ),
            )
        )
    if form.document_date:
        day = None
        if _DATE.match(form.document_date):
            try:
                day = parse_date(form.document_date)
            except ValueError:
                day = None
        if day is None:
            errors.append(
                _doc_problem(
                    "document_date",
                    Msg(
                        f"'{form.document_date}' không phải là ngày (dd/mm/yyyy)",
                        f"'{form.document_date}' is not a date (dd/mm/yyyy)",
                    ),
                )
            )
        elif day > plan.window_start:
            errors.append(
                _doc_problem(
                    "document_date",
                    Msg(
                        f"kế hoạch phải ban hành trước khi kiểm tra, không sau ngày "
                        f"{dmy(plan.window_start)}",
                        f"the plan is issued before the inspections, not after "
                        f"{dmy(plan.window_start)}",
                    ),
                )
            )
    if form.sign_as and form.sign_as not in SIGN_AS:
        errors.append(
            _doc_problem(
                "sign_as",
                Msg(
                    f"'{form.sign_as}' không hợp lệ; chọn ký trực tiếp, KT. hoặc TM.",
                    f"'{form.sign_as}' is not valid; choose in person, KT. or TM.",
                ),
            )
        )
    elif form.sign_as and not form.on_behalf:
        errors.append(
            _doc_problem(
                "on_behalf",
                Msg(
                    f"cần điền khi ký {form.sign_as} (ví dụ: Tổ trưởng, Ủy ban nhân dân)",
                    f"is required when signing {form.sign_as} (e.g. Tổ trưởng, Ủy ban nhân dân)",
                ),
            )
        )
    elif not form.sign_as and form.on_behalf:
        errors.append(
            _doc_problem(
                "on_behalf",
                Msg("chỉ điền khi ký KT. hoặc TM.", "is only for signing KT. or TM."),
            )
        )
    if len(form.title_lines) > MAX_TITLE_LINES:
        errors.append(
            _doc_problem(
                "signer_titles",
                Msg(f"nhiều nhất {MAX_TITLE_LINES} dòng", f"{MAX_TITLE_LINES} lines at most"),
            )
        )
    if not form.title_lines and (form.sign_as or form.signer_name):
        errors.append(
            _doc_problem(
                "signer_titles",
                Msg(
                    "cần điền khi có người ký hoặc ký KT./TM.",
                    "is required with a signer's name or when signing KT./TM.",
                ),
            )
        )
    if form.outlines and form.outlines not in {c.code for c in _shipped_outlines()}:
        errors.append(
            _doc_problem(
                "outlines",
                Msg(
                    f"không có bộ đề cương '{form.outlines}'; chọn một bộ có sẵn",
                    f"no outline set '{form.outlines}'; choose one that is shipped",
                ),
            )
        )
    return errors


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value:
        target[key] = value
    else:
        target.pop(key, None)


def _apply_document(data: dict[str, Any], form: DocumentForm) -> None:
    """Write the form into the plan's mapping, keeping the YAML fields it does not show."""
    body = data.get("issuing_body")
    body_map = _as_map(body)
    body_map["name"] = form.body
    _put(body_map, "parent", form.parent)
    _put(body_map, "place", form.place)
    _put(body_map, "standing_agency", form.standing_agency)
    signer = _as_map(body_map.get("signer"))
    _put(signer, "titles", join_titles(form.sign_as, form.on_behalf, form.title_lines))
    _put(signer, "name", form.signer_name)
    _put(body_map, "signer", signer)
    data["issuing_body"] = body_map
    document = _as_map(data.get("document"))
    _put(document, "number", form.document_number)
    _put(document, "date", parse_date(form.document_date) if form.document_date else None)
    _put(data, "document", document)
    data["title"] = form.title
    _put(data, "outlines", form.outlines)


def save_document(
    user: Any, plan: InspectionPlan, *, post: Mapping[str, Any], version: int | None
) -> InspectionPlan:
    """Change the plan's issuing body, document number and date, subject, signer and report
    outlines: what the plan's documents print, through the same writer as every plan edit."""
    if not policy.can_edit_inspection_plan(user, plan):
        raise Denied()
    form = document_form_from_post(post)
    errors = _check_document(plan, form)
    data = services.plan_mapping(plan)
    if not errors:
        _apply_document(data, form)
    return store_plan(
        user,
        plan,
        owner=plan.owner,
        data=data,
        version=version,
        action="inspection_plan.document",
        errors=errors,
    )
