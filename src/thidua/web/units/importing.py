"""Importing units from CSV/XLSX: check every row, preview the changes, apply all or nothing.

Columns (header names in English or Vietnamese, see :mod:`.tabular`): ``code``,
``name``, ``kind``, ``parent_code`` (blank for a root unit), and optionally
``valid_from``, ``valid_to`` (dd/mm/yyyy) and ``groups`` (group codes separated by
``;`` or ``,``). A code already stored updates that unit; optional columns the
file does not have leave those fields alone. Rows may come in any order (a
parent may appear after its children).

:func:`plan_import` only reads; :func:`apply_import` plans again inside one
transaction and writes nothing unless every row is valid and, when the caller
names the preview it confirmed, the plan is still that preview (someone may
have changed the units in between).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import transaction

from thidua.scoring.kinds import UNIT_KINDS
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import canonical, record
from thidua.web.errors import BadInput
from thidua.web.units.models import Unit, UnitGroup
from thidua.web.units.services import code_problem, move_subtree
from thidua.web.units.tabular import FileProblem, Table, date_of, read_table, text_of

FIELDS = ("name", "kind", "parent", "valid_from", "valid_to", "groups")

# Kind cells may hold our code ("xa"), the Vietnamese label ("xã") or the English one.
_KIND_OF: dict[str, str] = {}
for _code, _msg in UNIT_KINDS.items():
    _KIND_OF[_code] = _code
    _KIND_OF[_msg.vi.lower()] = _code
    _KIND_OF[_msg.en.lower()] = _code
_KIND_OF["thành phố trung ương"] = "thanh_pho_tw"  # the wording of the national directory
_KIND_OF["thành phố thuộc tỉnh"] = "thanh_pho"


def kind_of(text: str) -> str | None:
    return _KIND_OF.get(" ".join(text.lower().split()))


@dataclass(frozen=True)
class RowError:
    """A problem in one cell (``line`` is the row number shown by Excel; 0 for the file)."""

    file: str
    line: int
    column: str
    msg: Msg

    @property
    def text(self) -> Msg:
        if not self.line:
            return Msg(f"{self.file}: {self.msg.vi}", f"{self.file}: {self.msg.en}")
        where_vi = f"{self.file}, dòng {self.line}" + (
            f", cột {self.column}" if self.column else ""
        )
        where_en = f"{self.file}, row {self.line}" + (
            f", column {self.column}" if self.column else ""
        )
        return Msg(f"{where_vi}: {self.msg.vi}", f"{where_en}: {self.msg.en}")


@dataclass(frozen=True)
class Change:
    code: str
    line: int
    action: Literal["create", "update", "same"]
    after: dict[str, Any]
    before: dict[str, Any] | None = None

    @property
    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, old, new) for an update."""
        if self.before is None:
            return []
        return [
            (f, self.before[f], self.after[f]) for f in FIELDS if self.before[f] != self.after[f]
        ]


@dataclass(frozen=True)
class ImportPlan:
    file: str
    changes: tuple[Change, ...] = ()
    errors: tuple[RowError, ...] = ()
    fingerprint: str = ""
    paths: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def of(self, action: str) -> list[Change]:
        return [c for c in self.changes if c.action == action]

    @property
    def counts(self) -> dict[str, int]:
        return {a: len(self.of(a)) for a in ("create", "update", "same")}


class ImportRejected(BadInput):
    """The file has errors; ``plan.errors`` names each row and column."""

    def __init__(self, plan: ImportPlan) -> None:
        n = len(plan.errors)
        super().__init__(
            Msg(
                f"{plan.file}: {n} lỗi, không có thay đổi nào được lưu",
                f"{plan.file}: {n} error(s), nothing was changed",
            )
        )
        self.plan = plan


class PlanChanged(BadInput):
    """The units changed since the preview; ``plan`` is the new preview."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__(
            Msg(
                "Dữ liệu đơn vị đã thay đổi kể từ khi xem trước; hãy kiểm tra lại bản xem trước mới",
                "The units changed since the preview; please check the new preview",
            )
        )
        self.plan = plan


@dataclass
class _Row:
    line: int
    code: str
    name: str
    kind: str
    parent: str
    valid_from: Any
    valid_to: Any
    groups: list[str] | None


def _parse(table: Table, errors: list[RowError], seen: dict[str, int]) -> list[_Row]:
    """Rows whose cells are each valid on their own; ``seen`` gets every code's first row."""
    rows: list[_Row] = []
    has = table.columns

    def err(line: int, col: str, msg: Msg) -> None:
        errors.append(RowError(table.file, line, table.column_label(col), msg))

    for line, values in table.rows:
        code = text_of(table.cell(values, "code"))
        name = text_of(table.cell(values, "name"))
        kind_text = text_of(table.cell(values, "kind"))
        parent = text_of(table.cell(values, "parent_code"))
        before = len(errors)
        problem = code_problem(code)
        if problem:
            err(line, "code", problem)
        elif code in seen:
            err(
                line,
                "code",
                Msg(
                    f"Mã '{code}' đã có ở dòng {seen[code]}",
                    f"Code '{code}' is already on row {seen[code]}",
                ),
            )
        else:
            seen[code] = line
        if not name:
            err(line, "name", Msg("Thiếu tên đơn vị", "The unit name is missing"))
        elif len(name) > 200:
            err(
                line, "name", Msg("Tên dài quá 200 ký tự", "The name is longer than 200 characters")
            )
        kind = kind_of(kind_text)
        if kind is None:
            err(
                line,
                "kind",
                Msg(
                    f"Loại đơn vị '{kind_text}' không hợp lệ (ví dụ: tinh, xa, phuong, so_nganh)",
                    f"Unknown unit kind '{kind_text}' (e.g. tinh, xa, phuong, so_nganh)",
                ),
            )
        if parent == code and code:
            err(
                line,
                "parent_code",
                Msg("Đơn vị không thể là cấp trên của chính nó", "A unit cannot be its own parent"),
            )
        dates: dict[str, Any] = {}
        for col in ("valid_from", "valid_to"):
            try:
                dates[col] = date_of(table.cell(values, col))
            except ValueError as exc:
                err(
                    line,
                    col,
                    Msg(
                        f"Ngày '{exc}' không hợp lệ (dd/mm/yyyy)",
                        f"Invalid date '{exc}' (dd/mm/yyyy)",
                    ),
                )
        if (
            dates.get("valid_from")
            and dates.get("valid_to")
            and dates["valid_to"] < dates["valid_from"]
        ):
            err(
                line,
                "valid_to",
                Msg(
                    "Ngày hết hiệu lực trước ngày bắt đầu",
                    "The end of validity is before its start",
                ),
            )
        groups = None
        if "groups" in has:
            raw = text_of(table.cell(values, "groups")).replace(",", ";")
            groups = sorted({g.strip() for g in raw.split(";") if g.strip()})
        if len(errors) == before:
            rows.append(
                _Row(
                    line=line,
                    code=code,
                    name=name,
                    kind=kind or "",
                    parent=parent,
                    valid_from=dates.get("valid_from") if "valid_from" in has else ...,
                    valid_to=dates.get("valid_to") if "valid_to" in has else ...,
                    groups=groups,
                )
            )
    return rows


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _load(codes: Iterable[str]) -> dict[str, Unit]:
    wanted = sorted(set(codes))
    out: dict[str, Unit] = {}
    for chunk in _chunks(wanted):
        for u in Unit.objects.filter(code__in=chunk):
            out[u.code] = u
    return out


def _path_codes(path: str) -> list[str]:
    return [p for p in path.split("/") if p]


def _stored(unit: Unit, groups: dict[int, list[str]]) -> dict[str, Any]:
    codes = _path_codes(unit.path)
    return {
        "name": unit.name,
        "kind": unit.kind,
        "parent": codes[-2] if len(codes) > 1 else "",
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "groups": groups.get(unit.pk, []),
    }


def fingerprint(changes: list[Change]) -> str:
    data = [[c.code, c.action, c.before, c.after] for c in changes]
    text = json.dumps(canonical(data), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plan_import(user: Any, file: str, content: bytes) -> ImportPlan:
    """Every change the file would make, or every error it has; stores nothing."""
    try:
        table = read_table(file, content)
    except FileProblem as exc:
        return ImportPlan(file=file, errors=(RowError(file, 0, "", exc.msg),))
    return plan_table(user, table)


def plan_table(
    user: Any, table: Table, *, new_unit_defaults: dict[str, Any] | None = None
) -> ImportPlan:
    """The plan for an already-read table; ``new_unit_defaults`` fills absent optional columns
    of units the table creates (e.g. the validity of the national directory)."""
    errors: list[RowError] = []
    in_file: dict[str, int] = {}
    rows = _parse(table, errors, in_file)
    by_code = {r.code: r for r in rows}
    stored = _load([*by_code, *(r.parent for r in rows if r.parent)])
    # Ancestors of stored units (their paths) decide where a chain ends and who may write.
    above = {c for u in stored.values() for c in _path_codes(u.path)} - stored.keys()
    stored.update(_load(above))
    group_codes = set(UnitGroup.objects.values_list("code", flat=True))
    groups_of: dict[int, list[str]] = {}
    through = Unit.groups.through
    ids = [u.pk for u in stored.values()]
    for i in range(0, len(ids), 500):
        for unit_id, gcode in through.objects.filter(unit_id__in=ids[i : i + 500]).values_list(
            "unit_id", "unitgroup__code"
        ):
            groups_of.setdefault(unit_id, []).append(gcode)
    for v in groups_of.values():
        v.sort()

    def col(row: _Row, name: str) -> str:
        return table.column_label(name)

    def err(row: _Row, column: str, msg: Msg) -> None:
        errors.append(RowError(table.file, row.line, col(row, column), msg))

    def parent_of(code: str) -> str:
        if code in by_code:
            return by_code[code].parent
        codes = _path_codes(stored[code].path)
        return codes[-2] if len(codes) > 1 else ""

    paths: dict[str, str] = {}

    def final_path(code: str) -> str | Msg:
        """The path ``code`` will have after the import, or why it has none."""
        chain: list[str] = []
        c = code
        while c and c not in paths:
            if c in chain:
                return Msg(
                    f"Vòng lặp cấp trên: '{code}' sẽ nằm dưới chính nó",
                    f"Parent loop: '{code}' would be below itself",
                )
            if c not in by_code and c not in stored:
                return Msg(
                    f"Đơn vị cấp trên '{c}' có lỗi ở dòng {in_file.get(c, '?')}",
                    f"Parent unit '{c}' has an error on row {in_file.get(c, '?')}",
                )
            chain.append(c)
            c = parent_of(c)
        prefix = paths[c] if c else "/"
        for link in reversed(chain):
            prefix = prefix + link + "/"
            paths[link] = prefix
        return paths[code]

    changes: list[Change] = []
    for row in rows:
        if row.parent and row.parent not in in_file and row.parent not in stored:
            err(
                row,
                "parent_code",
                Msg(
                    f"Không có đơn vị cấp trên mã '{row.parent}' (trong tệp hay đã lưu)",
                    f"No parent unit with code '{row.parent}' (in the file or stored)",
                ),
            )
            continue
        path = final_path(row.code)
        if isinstance(path, Msg):
            err(row, "parent_code", path)
            continue
        unknown = [g for g in row.groups or [] if g not in group_codes]
        if unknown:
            err(
                row,
                "groups",
                Msg(
                    f"Không có nhóm đơn vị: {', '.join(unknown)}",
                    f"No unit group: {', '.join(unknown)}",
                ),
            )
        existing = stored.get(row.code)
        parent_path = path[: -len(row.code) - 1]
        place = Unit(code=row.parent, path=parent_path) if row.parent else None
        before = _stored(existing, groups_of) if existing else None
        after = {
            "name": row.name,
            "kind": row.kind,
            "parent": row.parent,
            "valid_from": before["valid_from"]
            if before and row.valid_from is ...
            else row.valid_from,
            "valid_to": before["valid_to"] if before and row.valid_to is ... else row.valid_to,
            "groups": before["groups"] if before and row.groups is None else (row.groups or []),
        }
        for k in ("valid_from", "valid_to"):
            if after[k] is ...:
                after[k] = None
        if existing is None:
            for k, v in (new_unit_defaults or {}).items():
                if k not in table.columns:
                    after[k] = v
            if not policy.can_place_unit(user, place):
                err(row, "parent_code", _not_yours(row.parent))
                continue
            changes.append(Change(row.code, row.line, "create", after))
            continue
        assert before is not None
        if after == before:
            changes.append(Change(row.code, row.line, "same", after, before))
            continue
        if not policy.can_admin_unit(user, existing):
            err(row, "code", _not_yours(row.code))
            continue
        if after["parent"] != before["parent"] and not policy.can_place_unit(user, place):
            err(row, "parent_code", _not_yours(row.parent))
            continue
        if after["valid_from"] and after["valid_to"] and after["valid_to"] < after["valid_from"]:
            err(
                row,
                "valid_to",
                Msg(
                    "Ngày hết hiệu lực trước ngày bắt đầu",
                    "The end of validity is before its start",
                ),
            )
            continue
        changes.append(Change(row.code, row.line, "update", after, before))
    errors.sort(key=lambda e: (e.line, e.column))
    return ImportPlan(
        file=table.file,
        changes=tuple(changes),
        errors=tuple(errors),
        fingerprint=fingerprint(changes),
        paths=paths,
    )


def _not_yours(code: str) -> Msg:
    if not code:
        return Msg(
            "Chỉ quản trị hệ thống được tạo đơn vị gốc (không có cấp trên)",
            "Only a superuser may create a root unit (one without a parent)",
        )
    return Msg(f"Bạn không quản trị đơn vị '{code}'", f"You do not administer unit '{code}'")


def apply_import(
    user: Any, file: str, content: bytes, *, expected_fingerprint: str | None = None
) -> ImportPlan:
    """Write the file's changes in one transaction; raise ImportRejected or PlanChanged instead."""
    with transaction.atomic():
        plan = plan_import(user, file, content)
        if plan.errors:
            raise ImportRejected(plan)
        if expected_fingerprint is not None and plan.fingerprint != expected_fingerprint:
            raise PlanChanged(plan)
        write_plan(user, plan, action="unit.import", source=file)
    return plan


def write_plan(user: Any, plan: ImportPlan, *, action: str, source: str) -> None:
    """Apply ``plan`` (already checked) and append one audit entry listing every change.

    Order matters for the path-encoded tree: stored units that move go first
    (parents before children, each carrying its subtree along), then new units
    (parents first) with their final paths, then plain field changes.
    """
    creates, updates = plan.of("create"), plan.of("update")
    if not creates and not updates:
        return
    depth = {c.code: plan.paths[c.code].count("/") for c in (*creates, *updates)}
    parent_codes = {c.after["parent"] for c in (*creates, *updates) if c.after["parent"]}
    ids = _ids(sorted(parent_codes))
    for c in sorted(updates, key=lambda c: depth[c.code]):
        if c.before is not None and c.after["parent"] != c.before["parent"]:
            old_path = Unit.objects.values_list("path", flat=True).get(code=c.code)
            parent_id = ids[c.after["parent"]] if c.after["parent"] else None
            Unit.objects.filter(code=c.code).update(parent_id=parent_id, path=plan.paths[c.code])
            move_subtree(old_path, plan.paths[c.code])
    for level in sorted({depth[c.code] for c in creates}):
        batch = [
            Unit(
                code=c.code,
                name=c.after["name"],
                kind=c.after["kind"],
                parent_id=ids[c.after["parent"]] if c.after["parent"] else None,
                path=plan.paths[c.code],
                valid_from=c.after["valid_from"],
                valid_to=c.after["valid_to"],
            )
            for c in creates
            if depth[c.code] == level
        ]
        Unit.objects.bulk_create(batch, batch_size=500)
        ids.update(_ids([u.code for u in batch]))
    if updates:
        stored = _load(c.code for c in updates)
        for c in updates:
            u = stored[c.code]
            u.name, u.kind = c.after["name"], c.after["kind"]
            u.valid_from, u.valid_to = c.after["valid_from"], c.after["valid_to"]
        Unit.objects.bulk_update(
            list(stored.values()), ["name", "kind", "valid_from", "valid_to"], batch_size=500
        )
        ids.update({code: u.pk for code, u in stored.items()})
    _set_groups(
        {
            ids[c.code]: c.after["groups"]
            for c in (*creates, *updates)
            if c.after["groups"] != (c.before["groups"] if c.before else [])
        }
    )
    record(
        user,
        action,
        object_type="unit_import",
        object_id=f"{source[:150]}#{plan.fingerprint[:12]}",
        before={c.code: c.before for c in updates},
        after={
            "created": {c.code: c.after for c in creates},
            "updated": {c.code: c.after for c in updates},
        },
        reason=source,
    )


def _ids(codes: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for chunk in _chunks(codes):
        out.update(Unit.objects.filter(code__in=chunk).values_list("code", "pk"))
    return out


def _set_groups(wanted: dict[int, list[str]]) -> None:
    """Replace the groups of the units in ``wanted`` (unit id → group codes)."""
    if not wanted:
        return
    through = Unit.groups.through
    group_ids = dict(UnitGroup.objects.values_list("code", "pk"))
    unit_ids = list(wanted)
    for i in range(0, len(unit_ids), 500):
        through.objects.filter(unit_id__in=unit_ids[i : i + 500]).delete()
    through.objects.bulk_create(
        [through(unit_id=uid, unitgroup_id=group_ids[g]) for uid, gs in wanted.items() for g in gs],
        batch_size=500,
    )
