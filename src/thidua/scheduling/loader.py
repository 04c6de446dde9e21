"""Read inspection plans from YAML, with errors that name the file and the field.

Every problem is collected before raising, so an officer fixes a file in one
pass. Messages are bilingual: ``tệp X, đoàn T1: đơn vị 'abc' không có trong
danh sách / file X, team T1: unit 'abc' is not listed``.

Judgement call: a unit named as a team's lead or member but missing from
``units`` is accepted with a warning (its name is then its code), because the
scheduler only needs its code; a unit a team *inspects* must be listed, since
the documents and report outlines need its name and kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from thidua.scheduling.messages import Message
from thidua.scheduling.plan import Forbid, IssuingBody, Pin, Plan, Secretary, Team, Unit
from thidua.scheduling.reading import FieldReader as _Reader
from thidua.scheduling.reading import PlanError

_TOP_KEYS = frozenset(
    {
        "code",
        "title",
        "window",
        "register_by",
        "excluded_dates",
        "notice_working_days",
        "result_notice_working_days",
        "report_due",
        "visits_per_team_per_day",
        "units",
        "teams",
        "pins",
        "forbidden",
        "issuing_body",
        "document",
        "outlines",
        "source",
        "notes",
    }
)
_UNIT_KEYS = frozenset({"code", "name", "kind", "forbidden_dates", "note"})
_TEAM_KEYS = frozenset(
    {
        "code",
        "name",
        "lead",
        "members",
        "inspects",
        "secretary",
        "visits_per_day",
        "report_due",
        "unavailable_dates",
        "note",
    }
)


_PLAN = Message("kế hoạch", "plan")


def plan_from_mapping(data: object, *, source: str = "<plan>") -> Plan:
    """Return the Plan described by a YAML mapping; raise PlanError listing every problem."""
    reader = _Reader(source)
    if not isinstance(data, Mapping):
        reader.problem(
            _PLAN, Message("nội dung phải là một bảng khóa: giá trị", "content must be a mapping")
        )
        raise PlanError(reader.errors)
    reader.unknown_keys(data, _TOP_KEYS, _PLAN)
    code = reader.text(data, "code", _PLAN)
    title = reader.text(data, "title", _PLAN, default=code)
    window = data.get("window")
    start = end = None
    if isinstance(window, Mapping):
        where = Message("trường 'window'", "field 'window'")
        start = reader.date(window.get("start"), where, "start")
        end = reader.date(window.get("end"), where, "end")
        if start and end and end < start:
            reader.problem(
                where, Message("ngày kết thúc trước ngày bắt đầu", "end is before start")
            )
    else:
        reader.problem(
            _PLAN,
            Message("thiếu trường 'window' {start, end}", "field 'window' {start, end} is missing"),
        )
    register_by = reader.date(data.get("register_by"), _PLAN, "register_by")
    report_due = reader.date(data.get("report_due"), _PLAN, "report_due")
    excluded: list[dt.date] = []
    for item in reader.items(data, "excluded_dates", _PLAN):
        day = reader.date(
            item, Message("trường 'excluded_dates'", "field 'excluded_dates'"), "excluded_dates"
        )
        if day is not None:
            excluded.append(day)
    notice = reader.integer(data, "notice_working_days", _PLAN, default=None, minimum=0)
    result_notice = reader.integer(
        data, "result_notice_working_days", _PLAN, default=None, minimum=0
    )
    per_day = reader.integer(data, "visits_per_team_per_day", _PLAN, default=1, minimum=1)

    units, forbids = _read_units(reader, data)
    unit_codes = {unit.code for unit in units}
    teams = _read_teams(reader, data, unit_codes)
    team_codes = {team.code for team in teams}
    pins = _read_pins(reader, data, team_codes, unit_codes)
    forbids += _read_forbids(reader, data, unit_codes)
    issuing_body = _read_issuing_body(reader, data.get("issuing_body"), unit_codes)
    document = _mapping(data.get("document"))
    where_doc = Message("trường 'document'", "field 'document'")
    doc_date = reader.date(document["date"], where_doc, "date") if document.get("date") else None
    notes = tuple(str(note) for note in reader.items(data, "notes", _PLAN))
    outlines = str(data["outlines"]) if data.get("outlines") else None
    if outlines is not None and outlines not in _outline_codes():
        known = ", ".join(_outline_codes())
        reader.problem(
            _PLAN,
            Message(
                f"bộ đề cương 'outlines' '{outlines}' không có sẵn (có: {known})",
                f"the outline set 'outlines' '{outlines}' is not shipped (shipped: {known})",
            ),
        )
    if start and report_due and end and report_due < end:
        reader.problem(
            _PLAN,
            Message(
                "hạn báo cáo 'report_due' trước ngày kết thúc kiểm tra",
                "'report_due' is before the window ends",
            ),
            warning=True,
        )
    if reader.errors or start is None or end is None or register_by is None or report_due is None:
        raise PlanError(reader.errors)
    return Plan(
        code=code,
        title=title,
        window_start=start,
        window_end=end,
        register_by=register_by,
        notice_working_days=notice,
        result_notice_working_days=result_notice,
        report_due=report_due,
        units=tuple(units),
        teams=tuple(teams),
        visits_per_team_per_day=per_day,
        excluded_dates=tuple(sorted(set(excluded))),
        pins=tuple(pins),
        forbids=tuple(forbids),
        issuing_body=issuing_body,
        document_number=str(document["number"]) if document.get("number") else None,
        document_date=doc_date,
        outlines=outlines,
        source=str(data["source"]) if data.get("source") else None,
        notes=notes,
        warnings=tuple(reader.warnings),
    )


def _outline_codes() -> tuple[str, ...]:
    # Imported here: the catalog loads plans with this module.
    from thidua.scheduling.catalog import builtin_outline_codes

    return builtin_outline_codes()


def _read_units(reader: _Reader, data: Mapping[str, Any]) -> tuple[list[Unit], tuple[Forbid, ...]]:
    units: list[Unit] = []
    forbids: list[Forbid] = []
    seen: set[str] = set()
    for index, item in enumerate(reader.items(data, "units", _PLAN), start=1):
        where = Message(f"đơn vị thứ {index}", f"unit #{index}")
        if not isinstance(item, Mapping):
            reader.problem(
                where,
                Message("phải là bảng {code, name, kind}", "must be a mapping {code, name, kind}"),
            )
            continue
        code = reader.text(item, "code", where)
        if not code:
            continue
        where = Message(f"đơn vị {code}", f"unit {code}")
        reader.unknown_keys(item, _UNIT_KEYS, where)
        if code in seen:
            reader.problem(
                where, Message(f"mã đơn vị '{code}' lặp lại", f"unit code '{code}' is repeated")
            )
            continue
        seen.add(code)
        units.append(
            Unit(
                code=code,
                name=reader.text(item, "name", where, default=code),
                kind=reader.text(item, "kind", where, default="khac"),
            )
        )
        for value in reader.items(item, "forbidden_dates", where):
            day = reader.date(value, where, "forbidden_dates")
            if day is not None:
                forbids.append(Forbid(unit=code, date=day))
    return units, tuple(forbids)


def _read_teams(reader: _Reader, data: Mapping[str, Any], unit_codes: set[str]) -> list[Team]:
    teams: list[Team] = []
    seen: set[str] = set()
    raw_teams = reader.items(data, "teams", _PLAN)
    if not raw_teams:
        reader.problem(
            _PLAN,
            Message(
                "kế hoạch chưa có đoàn kiểm tra nào ('teams'); chưa xếp lịch được",
                "the plan has no teams ('teams') yet; it cannot be scheduled",
            ),
            warning=True,
        )
    for index, item in enumerate(raw_teams, start=1):
        where = Message(f"đoàn thứ {index}", f"team #{index}")
        if not isinstance(item, Mapping):
            reader.problem(
                where,
                Message(
                    "phải là bảng {code, lead, members, inspects}",
                    "must be a mapping {code, lead, members, inspects}",
                ),
            )
            continue
        code = reader.text(item, "code", where)
        if not code:
            continue
        where = Message(f"đoàn {code}", f"team {code}")
        reader.unknown_keys(item, _TEAM_KEYS, where)
        if code in seen:
            reader.problem(
                where, Message(f"mã đoàn '{code}' lặp lại", f"team code '{code}' is repeated")
            )
            continue
        seen.add(code)
        lead = reader.text(item, "lead", where)
        members = reader.codes(item.get("members"), where, "members")
        inspects = reader.codes(item.get("inspects"), where, "inspects")
        if lead in members:
            reader.problem(
                where,
                Message(
                    f"đơn vị trưởng đoàn '{lead}' cũng có trong 'members'; tính một lần",
                    f"lead unit '{lead}' is also in 'members'; counted once",
                ),
                warning=True,
            )
            members = tuple(m for m in members if m != lead)
        for unit in (lead, *members):
            if unit and unit not in unit_codes:
                reader.problem(
                    where,
                    Message(
                        f"đơn vị '{unit}' không có trong danh sách 'units'; dùng mã làm tên",
                        f"unit '{unit}' is not listed in 'units'; its code is used as its name",
                    ),
                    warning=True,
                )
        for unit in inspects:
            if unit not in unit_codes:
                reader.problem(
                    where,
                    Message(
                        f"đơn vị '{unit}' không có trong danh sách", f"unit '{unit}' is not listed"
                    ),
                )
        if not inspects:
            reader.problem(
                where,
                Message("đoàn không kiểm tra đơn vị nào", "the team inspects no unit"),
                warning=True,
            )
        secretary = _read_secretary(reader, item.get("secretary"), lead, where)
        due = (
            reader.date(item["report_due"], where, "report_due") if item.get("report_due") else None
        )
        per_day = (
            reader.integer(item, "visits_per_day", where, default=None, minimum=1)
            if item.get("visits_per_day") is not None
            else None
        )
        away: list[dt.date] = []
        for value in reader.items(item, "unavailable_dates", where):
            day = reader.date(value, where, "unavailable_dates")
            if day is not None:
                away.append(day)
        teams.append(
            Team(
                code=code,
                name=reader.text(item, "name", where, default=f"Đoàn kiểm tra {code}"),
                lead=lead,
                members=members,
                inspects=inspects,
                secretary=secretary,
                visits_per_day=per_day,
                report_due=due,
                unavailable_dates=tuple(sorted(set(away))),
            )
        )
    return teams


def _read_secretary(reader: _Reader, value: object, lead: str, where: Message) -> Secretary:
    if value is None:
        return Secretary(unit=lead)
    if isinstance(value, str):
        return Secretary(unit=lead, name=value.strip() or None)
    if isinstance(value, Mapping):
        unit = str(value.get("unit") or lead)
        if unit != lead:
            reader.problem(
                where,
                Message(
                    f"thư ký phải là người của đơn vị trưởng đoàn '{lead}', không phải '{unit}'",
                    f"the secretary must belong to the lead unit '{lead}', not '{unit}'",
                ),
            )
        name = value.get("name")
        return Secretary(unit=lead, name=str(name).strip() if name else None)
    reader.problem(
        where,
        Message(
            "trường 'secretary' phải là tên hoặc {unit, name}",
            "field 'secretary' must be a name or {unit, name}",
        ),
    )
    return Secretary(unit=lead)


def _read_pins(
    reader: _Reader, data: Mapping[str, Any], team_codes: set[str], unit_codes: set[str]
) -> list[Pin]:
    pins: list[Pin] = []
    for index, item in enumerate(reader.items(data, "pins", _PLAN), start=1):
        where = Message(f"lịch cố định thứ {index} ('pins')", f"pin #{index} ('pins')")
        if not isinstance(item, Mapping):
            reader.problem(
                where,
                Message("phải là bảng {team, unit, date}", "must be a mapping {team, unit, date}"),
            )
            continue
        team = reader.text(item, "team", where)
        unit = reader.text(item, "unit", where)
        day = reader.date(item.get("date"), where, "date")
        if team and team not in team_codes:
            reader.problem(
                where,
                Message(f"đoàn '{team}' không có trong danh sách", f"team '{team}' is not listed"),
            )
        if unit and unit not in unit_codes:
            reader.problem(
                where,
                Message(
                    f"đơn vị '{unit}' không có trong danh sách", f"unit '{unit}' is not listed"
                ),
            )
        if team and unit and day:
            pins.append(Pin(team=team, unit=unit, date=day))
    return pins


def _read_forbids(
    reader: _Reader, data: Mapping[str, Any], unit_codes: set[str]
) -> tuple[Forbid, ...]:
    forbids: list[Forbid] = []
    for index, item in enumerate(reader.items(data, "forbidden", _PLAN), start=1):
        where = Message(
            f"ngày cấm thứ {index} ('forbidden')", f"forbidden entry #{index} ('forbidden')"
        )
        if not isinstance(item, Mapping):
            reader.problem(
                where, Message("phải là bảng {unit, dates}", "must be a mapping {unit, dates}")
            )
            continue
        unit = reader.text(item, "unit", where)
        if unit and unit not in unit_codes:
            reader.problem(
                where,
                Message(
                    f"đơn vị '{unit}' không có trong danh sách", f"unit '{unit}' is not listed"
                ),
            )
        values = list(reader.items(item, "dates", where))
        if item.get("date") is not None:
            values.append(item["date"])
        for value in values:
            day = reader.date(value, where, "dates")
            if unit and day:
                forbids.append(Forbid(unit=unit, date=day))
    return tuple(forbids)


def _read_issuing_body(reader: _Reader, value: object, unit_codes: set[str]) -> IssuingBody | None:
    if value is None:
        return None
    where = Message("trường 'issuing_body'", "field 'issuing_body'")
    if isinstance(value, str):
        return IssuingBody(name=value)
    if not isinstance(value, Mapping):
        reader.problem(
            where,
            Message(
                "phải là tên hoặc bảng {name, parent, ...}",
                "must be a name or a mapping {name, parent, ...}",
            ),
        )
        return None
    agency = value.get("standing_agency")
    if agency is not None and str(agency) not in unit_codes:
        reader.problem(
            where,
            Message(
                f"đơn vị '{agency}' không có trong danh sách", f"unit '{agency}' is not listed"
            ),
        )
    signer = _mapping(value.get("signer"))
    titles = signer.get("titles") or []
    return IssuingBody(
        name=reader.text(value, "name", where),
        parent=_optional_text(value.get("parent")),
        place=_optional_text(value.get("place")),
        abbreviation=_optional_text(value.get("abbreviation")),
        signer_titles=tuple(str(t) for t in titles) if isinstance(titles, list) else (str(titles),),
        signer_name=_optional_text(signer.get("name")),
        standing_agency=str(agency) if agency is not None else None,
    )


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _optional_text(value: object) -> str | None:
    return str(value).strip() if value not in (None, "") else None


def load_plan(path: str | Path) -> Plan:
    """Return the plan in a YAML file; raise PlanError naming the file on any problem."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlanError(
            [
                Message(
                    f"không đọc được tệp {file}: {exc.strerror}",
                    f"cannot read file {file}: {exc.strerror}",
                )
            ]
        ) from exc
    return plan_from_text(text, source=str(file))


def plan_from_text(text: str, *, source: str) -> Plan:
    """Return the plan in YAML ``text``; ``source`` names it in error messages."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", dòng {mark.line + 1}" if mark is not None else ""
        line_en = f", line {mark.line + 1}" if mark is not None else ""
        raise PlanError(
            [
                Message(
                    f"tệp {source}{line}: YAML không hợp lệ",
                    f"file {source}{line_en}: invalid YAML",
                )
            ]
        ) from exc
    return plan_from_mapping(data, source=source)


def plan_to_mapping(plan: Plan) -> dict[str, Any]:
    """Return the YAML mapping of a plan (the inverse of :func:`plan_from_mapping`)."""
    data: dict[str, Any] = {
        "code": plan.code,
        "title": plan.title,
        "window": {"start": plan.window_start, "end": plan.window_end},
        "register_by": plan.register_by,
        "excluded_dates": list(plan.excluded_dates),
        "notice_working_days": plan.notice_working_days,
        "result_notice_working_days": plan.result_notice_working_days,
        "report_due": plan.report_due,
        "visits_per_team_per_day": plan.visits_per_team_per_day,
        "units": [{"code": u.code, "name": u.name, "kind": u.kind} for u in plan.units],
        "teams": [],
    }
    for team in plan.teams:
        item: dict[str, Any] = {
            "code": team.code,
            "name": team.name,
            "lead": team.lead,
            "members": list(team.members),
            "inspects": list(team.inspects),
            "secretary": {"unit": team.secretary.unit, "name": team.secretary.name},
        }
        if team.visits_per_day is not None:
            item["visits_per_day"] = team.visits_per_day
        if team.report_due is not None:
            item["report_due"] = team.report_due
        if team.unavailable_dates:
            item["unavailable_dates"] = list(team.unavailable_dates)
        data["teams"].append(item)
    if plan.pins:
        data["pins"] = [{"team": p.team, "unit": p.unit, "date": p.date} for p in plan.pins]
    if plan.forbids:
        data["forbidden"] = [{"unit": f.unit, "dates": [f.date]} for f in plan.forbids]
    return data
