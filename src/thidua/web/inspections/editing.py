"""The plan forms: header, units, teams and forbidden dates, without YAML; and what every
plan form shares (reading form values, storing the mapping, the forms' field labels). The
document form (issuing body, signer, outlines) is :mod:`thidua.web.inspections.plan_document`.

Every form starts from the stored plan as its YAML mapping
(:func:`services.plan_mapping`), changes the part it edits, and stores the whole
mapping through :func:`services.write_plan`: the same parser
(:func:`thidua.scheduling.plan_from_mapping`) checks it as it checks an imported
file, so both paths accept exactly the same plans. The parser's messages name the
team, unit and field; here they lose the "file ..." prefix and gain the form's label
for the field. What only a form can get wrong (two lead units for one team, a plan
code that is taken) is checked before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from thidua.scheduling.reading import parse_date
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import BadInput, Denied
from thidua.web.inspections import services
from thidua.web.inspections.choices import TeamRole
from thidua.web.inspections.models import InspectionPlan, PlanUnit, Team
from thidua.web.inspections.services import PlanInvalid
from thidua.web.units.models import Unit

#: What the parser's messages call the plan when it comes from a form (then removed).
FORM = "biểu mẫu"
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
#: Codes the routes use under /inspections/.
RESERVED = frozenset({"new", "import", "rec"})
MAX_PICK = 300

#: The forms' labels of the YAML fields, added to the parser's messages.
LABELS: Mapping[str, Msg] = {
    "code": Msg("Mã", "Code"),
    "title": Msg("Tiêu đề", "Title"),
    "window": Msg("Thời gian kiểm tra", "Inspection window"),
    "start": Msg("Từ ngày", "From"),
    "end": Msg("Đến ngày", "To"),
    "register_by": Msg("Hạn đăng ký lịch", "Schedules registered by"),
    "report_due": Msg("Hạn báo cáo", "Report due"),
    "excluded_dates": Msg("Ngày nghỉ thêm", "Extra days off"),
    "notice_working_days": Msg("Số ngày làm việc báo trước", "Notice, in working days"),
    "result_notice_working_days": Msg(
        "Số ngày làm việc thông báo kết quả", "Result notice, in working days"
    ),
    "visits_per_team_per_day": Msg("Số buổi mỗi đoàn mỗi ngày", "Visits per team per day"),
    "visits_per_day": Msg("Số buổi mỗi ngày của đoàn", "The team's visits per day"),
    "lead": Msg("Đơn vị trưởng đoàn", "Lead unit"),
    "members": Msg("Đơn vị thành viên", "Member units"),
    "inspects": Msg("Đơn vị được kiểm tra", "Units inspected"),
    "secretary": Msg("Thư ký", "Secretary"),
    "unavailable_dates": Msg("Ngày đoàn bận", "Days the team is unavailable"),
    "dates": Msg("Ngày không tiếp đoàn", "Days without visits"),
    "name": Msg("Tên", "Name"),
    "kind": Msg("Loại", "Kind"),
}


def _form_message(m: Msg) -> Msg:
    vi, en = m.vi.removeprefix(f"tệp {FORM}, "), m.en.removeprefix(f"file {FORM}, ")
    for key, label in LABELS.items():
        vi = vi.replace(f"'{key}'", f"'{key}' ({label.vi})")
        en = en.replace(f"'{key}'", f"'{key}' ({label.en})")
    return Msg(vi, en)


def plan_warnings(plan: InspectionPlan) -> list[Msg]:
    """What the parser accepts but notes about the stored plan (no teams yet, a team with no unit)."""
    try:
        core = services.core_plan(plan)
    except PlanInvalid as exc:
        return exc.problems
    prefix_vi, prefix_en = f"tệp {plan.code}, ", f"file {plan.code}, "
    return [Msg(w.vi.removeprefix(prefix_vi), w.en.removeprefix(prefix_en)) for w in core.warnings]


def store_plan(
    user: Any,
    plan: InspectionPlan | None,
    *,
    owner: Unit,
    data: dict[str, Any],
    version: int | None,
    action: str,
    errors: Iterable[Msg] = (),
) -> InspectionPlan:
    """Store the plan's whole mapping as a form's edit (``errors``: the form's own problems,
    refused first); the parser's messages come back in the form's words."""
    found = list(errors)
    if found:
        raise PlanInvalid(found)
    try:
        return services.write_plan(
            user,
            owner=owner,
            data=data,
            source=FORM,
            expected_version=version if plan is not None else None,
            action=action,
        )
    except PlanInvalid as exc:
        raise PlanInvalid(_form_message(m) for m in exc.problems) from exc


# --- reading form values ------------------------------------------------------------------


def _text(post: Mapping[str, Any], key: str) -> str:
    return str(post.get(key, "") or "").strip()


def _value(post: Mapping[str, Any], key: str) -> str | None:
    """The field's text, or None when blank (the parser then names a missing field)."""
    return _text(post, key) or None


def _number(post: Mapping[str, Any], key: str) -> int | str | None:
    """A whole number, or the text as typed (the parser names it), or None when blank."""
    text = _text(post, key)
    return int(text) if re.fullmatch(r"\d{1,6}", text) else (text or None)


def date_list(text: str) -> list[str]:
    """Dates typed in one box, separated by commas, semicolons, spaces or new lines."""
    return [t for t in re.split(r"[,;\s]+", text.strip()) if t]


def dmy(value: Any) -> str:
    """A date as the forms show it (dd/mm/yyyy); anything else as its text."""
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value or "")


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def make_code(text: str, taken: Iterable[str], *, sep: str = "_") -> str:
    """A code made from a name ("Phòng Nội vụ" → ``phong_noi_vu``), not in ``taken``."""
    used = set(taken)
    base = re.sub(r"[^a-z0-9]+", sep, _ascii(text).lower()).strip(sep)[:50] or "dv"
    code, n = base, 2
    while code in used:
        code, n = f"{base}{sep}{n}", n + 1
    return code


# --- the header ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """The header values of a plan, for the form (from the stored plan or a new one's defaults)."""

    code: str = ""
    title: str = ""
    issuing_body: str = ""
    place: str = ""
    document_number: str = ""
    window_start: str = ""
    window_end: str = ""
    register_by: str = ""
    report_due: str = ""
    notice_working_days: str = "2"
    result_notice_working_days: str = "5"
    visits_per_team_per_day: str = "1"
    excluded_dates: str = ""


def header_of(plan: InspectionPlan) -> Header:
    body = plan.extra.get("issuing_body")
    body_map = body if isinstance(body, Mapping) else {"name": body or plan.issuing_body}
    document = plan.extra.get("document")
    excluded = plan.extra.get("excluded_dates") or []
    return Header(
        code=plan.code,
        title=plan.title,
        issuing_body=str(body_map.get("name") or ""),
        place=str(body_map.get("place") or ""),
        document_number=str(document.get("number") or "") if isinstance(document, Mapping) else "",
        window_start=dmy(plan.window_start),
        window_end=dmy(plan.window_end),
        register_by=dmy(plan.register_by),
        report_due=dmy(plan.report_due),
        notice_working_days=str(plan.notice_working_days),
        result_notice_working_days=str(plan.result_notice_working_days),
        visits_per_team_per_day=str(plan.visits_per_team_per_day),
        excluded_dates=", ".join(dmy(parse_date(d)) for d in excluded),
    )


def header_from_post(post: Mapping[str, Any]) -> Header:
    """The values typed in the header form (to show them again after an error)."""
    return Header(**{f: _text(post, f) for f in Header.__dataclass_fields__})


def _apply_header(data: dict[str, Any], post: Mapping[str, Any]) -> None:
    if _text(post, "title"):
        data["title"] = _text(post, "title")
    data["window"] = {"start": _value(post, "window_start"), "end": _value(post, "window_end")}
    data["register_by"] = _value(post, "register_by")
    data["report_due"] = _value(post, "report_due")
    for key in ("notice_working_days", "result_notice_working_days", "visits_per_team_per_day"):
        data[key] = _number(post, key)
    data["excluded_dates"] = date_list(_text(post, "excluded_dates"))
    body = data.get("issuing_body")
    body_map: dict[str, Any] = dict(body) if isinstance(body, Mapping) else {}
    name, place = _text(post, "issuing_body"), _text(post, "place")
    if name:
        body_map["name"] = name
        if place:
            body_map["place"] = place
        else:
            body_map.pop("place", None)
        data["issuing_body"] = body_map
    elif body_map.keys() <= {"name", "place"}:
        data.pop("issuing_body", None)
    # else: a blank name here leaves the body as it is: its signer, parent body and standing
    # agency come from the document form, and dropping them with the name would lose them.
    document = data.get("document")
    doc_map: dict[str, Any] = dict(document) if isinstance(document, Mapping) else {}
    if _text(post, "document_number"):
        doc_map["number"] = _text(post, "document_number")
    else:
        doc_map.pop("number", None)
    if doc_map:
        data["document"] = doc_map
    else:
        data.pop("document", None)


def create_plan(user: Any, *, owner: Unit | None, post: Mapping[str, Any]) -> InspectionPlan:
    """Create a plan from the header form (no teams yet: the parser accepts it, with a warning)."""
    if owner is None:
        raise BadInput(Msg("Chọn đơn vị ban hành", "Choose the issuing unit"))
    if not policy.can_manage_inspections(user, owner):
        raise Denied()
    year = re.search(r"\d{4}", _text(post, "window_start"))
    code = _text(post, "code") or make_code(
        f"{owner.name} {year.group() if year else ''}",
        InspectionPlan.objects.values_list("code", flat=True),
        sep="-",
    )
    errors = []
    if not SLUG.match(code) or len(code) > 64 or code in RESERVED:
        errors.append(
            Msg(
                f"Mã kế hoạch '{code}': chỉ dùng chữ không dấu, số, '-' và '_' (tối đa 64 ký tự)",
                f"Plan code '{code}': letters without accents, digits, '-' and '_' only (64 at most)",
            )
        )
    elif InspectionPlan.objects.filter(code=code).exists():
        errors.append(
            Msg(f"Mã kế hoạch '{code}' đã có; chọn mã khác", f"Plan code '{code}' is taken")
        )
    data: dict[str, Any] = {"code": code, "units": [], "teams": []}
    _apply_header(data, post)
    return store_plan(
        user,
        None,
        owner=owner,
        data=data,
        version=None,
        action="inspection_plan.create",
        errors=errors,
    )


def save_header(
    user: Any, plan: InspectionPlan, *, post: Mapping[str, Any], version: int | None
) -> InspectionPlan:
    """Change the plan's title, issuing body, window, deadlines and working-day rules."""
    if not policy.can_edit_inspection_plan(user, plan):
        raise Denied()
    data = services.plan_mapping(plan)
    _apply_header(data, post)
    return store_plan(
        user,
        plan,
        owner=plan.owner,
        data=data,
        version=version,
        action="inspection_plan.header",
    )


# --- units -----------------------------------------------------------------------------------


def pick_candidates(
    plan: InspectionPlan, *, query: str = "", kind: str = "", campaign: Campaign | None = None
) -> list[Unit]:
    """Platform units below the plan's issuer that the plan does not list yet, to pick from."""
    listed = set(plan.units.values_list("code", flat=True))
    linked = set(plan.units.exclude(unit=None).values_list("unit_id", flat=True))
    units = Unit.objects.filter(path__startswith=plan.owner.path).exclude(pk=plan.owner.pk)
    if kind:
        units = units.filter(kind=kind)
    if campaign is not None:
        units = units.filter(pk__in=campaign.participants.values("pk"))
    needle = query.strip().casefold()
    found = []
    for unit in units.order_by("path"):
        if unit.code in listed or unit.pk in linked:
            continue
        if needle and needle not in unit.name.casefold() and needle not in unit.code.casefold():
            continue
        found.append(unit)
        if len(found) >= MAX_PICK:
            break
    return found


def add_picked(
    user: Any, plan: InspectionPlan, *, codes: Iterable[str], version: int | None
) -> InspectionPlan:
    """Add platform units (picked from the tree) to the plan, under their own codes and names."""
    if not policy.can_edit_inspection_plan(user, plan):
        raise Denied()
    wanted = list(dict.fromkeys(c for c in codes if c))
    units = {
        u.code: u for u in Unit.objects.filter(code__in=wanted, path__startswith=plan.owner.path)
    }
    if not units:
        raise BadInput(Msg("Chưa chọn đơn vị nào", "No unit chosen"))
    data = services.plan_mapping(plan)
    listed = {u["code"] for u in data["units"]}
    data["units"] += [
        {"code": c, "name": units[c].name, "kind": units[c].kind}
        for c in wanted
        if c in units and c not in listed
    ]
    return store_plan(
        user, plan, owner=plan.owner, data=data, version=version, action="inspection_plan.units"
    )


def add_unit(
    user: Any, plan: InspectionPlan, *, post: Mapping[str, Any], version: int | None
) -> InspectionPlan:
    """Add a unit typed by hand (a district office with no account on the platform)."""
    if not policy.can_edit_inspection_plan(user, plan):
        raise Denied()
    data = services.plan_mapping(plan)
    listed = [u["code"] for u in data["units"]]
    name = _text(post, "name")
    code = _text(post, "code") or (make_code(name, listed) if name else "")
    data["units"].append(
        {
            "code": code or None,
            "name": name or None,
            "kind": _text(post, "kind") or "phong_ban",
        }
    )
    data["forbidden"] = [*data.get("forbidden", []), *_forbids(code, post)]
    return store_plan(
        user, plan, owner=plan.owner, data=data, version=version, action="inspection_plan.units"
    )


def _forbids(code: str, post: Mapping[str, Any]) -> list[dict[str, Any]]:
    dates = date_list(_text(post, "forbidden"))
    return [{"unit": code, "dates": dates}] if dates else []


def update_unit(
    user: Any,
    plan: InspectionPlan,
    unit: PlanUnit,
    *,
    post: Mapping[str, Any],
    version: int | None,
) -> InspectionPlan:
    """Change a unit's name, kind and the dates it receives no visit (its code stays)."""
    if not policy.can_edit_inspection_plan(user, plan):
        raise Denied()
    data = services.plan_mapping(plan)
    for item in data["units"]:
        if item["code"] == unit.code:
            item["name"] = _text(post, "name") or None
            item["kind"] = _text(post, "kind") or item["kind"]
    data["forbidden"] = [f for f in data.get("forbidden", []) if f["unit"] != unit.code] + _forbids(
        unit.code, post
    )
    if not data["forbidden"]:
        data.pop("forbidden")
    return store_plan(
        user, plan, owner=plan.owner, data=data, version=version, action="inspection_plan.units"
    )


def teams_using(plan: InspectionPlan, unit: PlanUnit) -> list[Team]:
    return list(plan.teams.filter(Q(lead=unit) | Q(links__unit=unit)).distinct())


def remove_unit(
    user: Any, plan: InspectionPlan, unit: PlanUnit, *, version: int | None
) -> InspectionPlan:
    """Take a unit off the plan; refused while a team leads with it, has it or inspects it."""
    if not policy.can_edit_inspection_plan(user, plan):
        raise Denied()
    using = teams_using(plan, unit)
    if using:
        names = ", ".join(t.name for t in using)
        raise BadInput(
            Msg(
                f"{unit.name} đang có trong {names}; hãy bỏ đơn vị khỏi đoàn trước",
                f"{unit.name} is on or inspected by {', '.join(t.code for t in using)}; take it "
                "off the team first",
            )
        )
    data = services.plan_mapping(plan)
    data["units"] = [u for u in data["units"] if u["code"] != unit.code]
    data["forbidden"] = [f for f in data.get("forbidden", []) if f["unit"] != unit.code]
    data["pins"] = [p for p in data.get("pins", []) if p["unit"] != unit.code]
    return store_plan(
        user, plan, owner=plan.owner, data=data, version=version, action="inspection_plan.units"
    )


# --- teams -----------------------------------------------------------------------------------

LEAD, MEMBER, INSPECTED = "lead", "member", "inspected"
assert TeamRole.values == [MEMBER, INSPECTED]
ROLES = (LEAD, MEMBER, INSPECTED)


@dataclass(frozen=True)
class TeamForm:
    """A team's values for the form, and each plan unit's role in it ("" for none)."""

    code: str = ""
    name: str = ""
    secretary: str = ""
    visits_per_day: str = ""
    report_due: str = ""
    unavailable_dates: str = ""
    roles: Mapping[int, str] | None = None

    def role_of(self, unit: PlanUnit) -> str:
        return (self.roles or {}).get(unit.pk, "")


def team_form_of(team: Team) -> TeamForm:
    roles = {team.lead_id: "lead"}
    roles.update({ln.unit_id: ln.role for ln in team.links.all()})
    return TeamForm(
        code=team.code,
        name=team.name,
        secretary=team.secretary,
        visits_per_day=str(team.visits_per_day or ""),
        report_due=dmy(team.report_due) if team.report_due else "",
        unavailable_dates=", ".join(dmy(parse_date(d)) for d in team.unavailable_dates),
        roles=roles,
    )


def team_form_from_post(plan: InspectionPlan, post: Mapping[str, Any]) -> TeamForm:
    fields = ("code", "name", "secretary", "visits_per_day", "report_due", "unavailable_dates")
    return TeamForm(
        **{f: _text(post, f) for f in fields},
        roles={u.pk: _text(post, f"role-{u.pk}") for u in plan.units.all()},
    )


def save_team(
    user: Any,
    plan: InspectionPlan,
    team: Team | None,
    *,
    post: Mapping[str, Any],
    version: int | None,
) -> InspectionPlan:
    """Create a team, or change one (its code stays): name, units and their roles, secretary,
    visits a day, report deadline, the days it is unavailable."""
    if not policy.can_edit_inspection_plan(user, plan):
        raise Denied()
    data = services.plan_mapping(plan)
    taken = [t["code"] for t in data["teams"]]
    if team is not None:
        code = team.code
    else:
        code = _text(post, "code") or next(
            f"{n:02d}" for n in range(1, 1000) if f"{n:02d}" not in taken
        )
    errors: list[Msg] = []
    roles: dict[str, list[str]] = {role: [] for role in ROLES}
    names: dict[str, str] = {}
    for unit in plan.units.all():
        role = _text(post, f"role-{unit.pk}")
        if role in roles:
            roles[role].append(unit.code)
            names[unit.code] = unit.name
        elif role:
            errors.append(Msg(f"Vai trò '{role}' không hợp lệ", f"Unknown role '{role}'"))
    if len(roles["lead"]) > 1:
        chosen = ", ".join(names[c] for c in roles["lead"])
        errors.append(
            Msg(
                f"đoàn {code}: chọn một đơn vị trưởng đoàn, không phải {len(roles['lead'])} ({chosen})",
                f"team {code}: choose one lead unit, not {len(roles['lead'])} ({chosen})",
            )
        )
    item: dict[str, Any] = {
        "code": code,
        "lead": roles["lead"][0] if roles["lead"] else None,
        "members": roles[MEMBER],
        "inspects": roles[INSPECTED],
    }
    if _text(post, "name"):
        item["name"] = _text(post, "name")
    if _text(post, "secretary"):
        item["secretary"] = _text(post, "secretary")
    if _text(post, "visits_per_day"):
        item["visits_per_day"] = _number(post, "visits_per_day")
    if _text(post, "report_due"):
        item["report_due"] = _text(post, "report_due")
    dates = date_list(_text(post, "unavailable_dates"))
    if dates:
        item["unavailable_dates"] = dates
    if team is None:
        data["teams"].append(item)
    else:
        data["teams"] = [item if t["code"] == code else t for t in data["teams"]]
        # Pins of visits the team no longer makes go with them.
        data["pins"] = [
            p for p in data.get("pins", []) if p["team"] != code or p["unit"] in item["inspects"]
        ]
    return store_plan(
        user,
        plan,
        owner=plan.owner,
        data=data,
        version=version,
        action="inspection_plan.team",
        errors=errors,
    )


def remove_team(
    user: Any, plan: InspectionPlan, team: Team, *, version: int | None
) -> InspectionPlan:
    """Take a team off the plan with its visits; refused once a visit has findings."""
    if not policy.can_edit_inspection_plan(user, plan):
        raise Denied()
    if (
        team.visits.filter(findings__isnull=False).exists()
        or team.visits.filter(recommendations__isnull=False).exists()
    ):
        raise BadInput(
            Msg(
                f"{team.name} đã có kết quả kiểm tra hoặc kiến nghị; không xóa được",
                f"Team {team.code} has findings or recommendations recorded; it cannot be removed",
            )
        )
    data = services.plan_mapping(plan)
    data["teams"] = [t for t in data["teams"] if t["code"] != team.code]
    data["pins"] = [p for p in data.get("pins", []) if p["team"] != team.code]
    return store_plan(
        user, plan, owner=plan.owner, data=data, version=version, action="inspection_plan.team"
    )
