"""Creating and changing units and unit groups (policy checked, audited, one transaction).

A unit's ``code`` never changes once created: campaigns, frozen rankings and the
audit log name units by code. A renamed or restructured unit is a new unit with
a succession (see :mod:`thidua.web.units.succession`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from thidua.scoring.kinds import UNIT_KINDS
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.errors import BadInput, Denied
from thidua.web.units.models import Unit, UnitGroup

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$")


@dataclass(frozen=True)
class UnitData:
    """What a form, an import row or the CLI says a unit should be."""

    code: str
    name: str
    kind: str
    parent_code: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    groups: tuple[str, ...] = ()


def code_problem(code: str) -> Msg | None:
    """Why ``code`` cannot be a unit code, or None when it can."""
    if not code:
        return Msg("Thiếu mã đơn vị", "The unit code is missing")
    if not CODE_RE.match(code):
        return Msg(
            f"Mã '{code}' không hợp lệ: chỉ dùng chữ không dấu, số, '.', '-', '_' (tối đa 64 ký tự)",
            f"Code '{code}' is not valid: use letters, digits, '.', '-', '_' (at most 64 characters)",
        )
    return None


def kind_problem(kind: str) -> Msg | None:
    if kind not in UNIT_KINDS:
        return Msg(f"Loại đơn vị '{kind}' không hợp lệ", f"Unknown unit kind '{kind}'")
    return None


def dates_problem(valid_from: dt.date | None, valid_to: dt.date | None) -> Msg | None:
    if valid_from and valid_to and valid_to < valid_from:
        return Msg(
            "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực",
            "The end of validity must not be before its start",
        )
    return None


def snapshot(unit: Unit) -> dict[str, Any]:
    """A unit's fields as audit data."""
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent.code if unit.parent_id and unit.parent else "",
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "groups": sorted(unit.groups.values_list("code", flat=True)) if unit.pk else [],
    }


def move_subtree(old_path: str, new_path: str) -> int:
    """Rewrite the stored path of every unit below ``old_path``; return how many moved."""
    if old_path == new_path:
        return 0
    return (
        Unit.objects.filter(path__startswith=old_path)
        .exclude(path=old_path)
        .update(path=Concat(Value(new_path), Substr("path", len(old_path) + 1)))
    )


def _groups(codes: Iterable[str]) -> list[UnitGroup]:
    wanted = sorted(set(codes))
    found = list(UnitGroup.objects.filter(code__in=wanted))
    missing = sorted(set(wanted) - {g.code for g in found})
    if missing:
        raise BadInput(
            Msg(
                f"Không có nhóm đơn vị: {', '.join(missing)}",
                f"No unit group: {', '.join(missing)}",
            )
        )
    return found


def _parent(code: str) -> Unit | None:
    if not code:
        return None
    parent = Unit.objects.filter(code=code).first()
    if parent is None:
        raise BadInput(
            Msg(f"Không có đơn vị cấp trên mã '{code}'", f"No parent unit with code '{code}'")
        )
    return parent


def _check(data: UnitData) -> None:
    for problem in (kind_problem(data.kind), dates_problem(data.valid_from, data.valid_to)):
        if problem:
            raise BadInput(problem)
    if not data.name.strip():
        raise BadInput(Msg("Thiếu tên đơn vị", "The unit name is missing"))


def create_unit(user: Any, data: UnitData) -> Unit:
    """A new unit under ``data.parent_code``; raises Denied or BadInput."""
    problem = code_problem(data.code)
    if problem:
        raise BadInput(problem)
    _check(data)
    with transaction.atomic():
        parent = _parent(data.parent_code)
        if not policy.can_place_unit(user, parent):
            raise Denied()
        if Unit.objects.filter(code=data.code).exists():
            raise BadInput(
                Msg(
                    f"Mã đơn vị '{data.code}' đã tồn tại", f"Unit code '{data.code}' already exists"
                )
            )
        unit = Unit(
            code=data.code,
            name=data.name.strip(),
            kind=data.kind,
            parent=parent,
            valid_from=data.valid_from,
            valid_to=data.valid_to,
        )
        unit.save()
        unit.groups.set(_groups(data.groups))
        record(
            user,
            "unit.create",
            object_type="unit",
            object_id=unit.code,
            unit=unit.code,
            after=snapshot(unit),
        )
    return unit


def update_unit(user: Any, unit: Unit, data: UnitData) -> Unit:
    """Change a unit's name, kind, parent, validity and groups (never its code)."""
    if not policy.can_admin_unit(user, unit):
        raise Denied()
    _check(data)
    with transaction.atomic():
        unit = Unit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=unit.pk)
        before = snapshot(unit)
        parent = _parent(data.parent_code)
        if parent != unit.parent:
            if not policy.can_place_unit(user, parent):
                raise Denied()
            if parent is not None and parent.is_within(unit):
                raise BadInput(
                    Msg(
                        f"Không thể đặt '{unit.name}' dưới chính nó hoặc đơn vị trực thuộc nó",
                        f"Cannot put '{unit.name}' under itself or one of its own units",
                    )
                )
        old_path = unit.path
        unit.name = data.name.strip()
        unit.kind = data.kind
        unit.parent = parent
        unit.valid_from = data.valid_from
        unit.valid_to = data.valid_to
        unit.save()
        move_subtree(old_path, unit.path)
        unit.groups.set(_groups(data.groups))
        after = snapshot(unit)
        if after != before:
            record(
                user,
                "unit.update",
                object_type="unit",
                object_id=unit.code,
                unit=unit.code,
                before=before,
                after=after,
            )
    return unit


def create_group(user: Any, *, code: str, name: str) -> UnitGroup:
    if not policy.can_manage_groups(user):
        raise Denied()
    code, name = code.strip(), name.strip()
    if not re.match(r"^[-a-zA-Z0-9_]{1,64}$", code) or not name:
        raise BadInput(
            Msg(
                "Nhóm cần mã (chữ không dấu, số, '-', '_') và tên",
                "A group needs a code (letters, digits, '-', '_') and a name",
            )
        )
    with transaction.atomic():
        if UnitGroup.objects.filter(code=code).exists():
            raise BadInput(Msg(f"Nhóm '{code}' đã tồn tại", f"Group '{code}' already exists"))
        group = UnitGroup.objects.create(code=code, name=name)
        record(
            user,
            "unit_group.create",
            object_type="unit_group",
            object_id=code,
            after={"code": code, "name": name},
        )
    return group
