"""Administrative restructuring: mergers recorded as predecessor → successor with a date.

A merger never rewrites the past. The predecessors stay as they were (name,
kind, parent, and every campaign, result and frozen ranking that names them);
they only stop being valid the day before the merger. The successor is a new
unit (the usual case in the 2025 reform, with a new code) or an existing unit
that absorbs the others. Children of the predecessors (villages) stay where they
are unless the caller asks to move them to the successor.

History pages and year-over-year comparisons follow the chain both ways with
:func:`lineage` (one unit) and :func:`carried_by` (many units at once).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.errors import BadInput, Denied
from thidua.web.units.models import Unit, UnitSuccession
from thidua.web.units.services import (
    UnitData,
    code_problem,
    dates_problem,
    kind_problem,
    move_subtree,
)

MAX_DEPTH = 50  # a chain longer than this is a data error, not history


@dataclass(frozen=True)
class Merger:
    successor: Unit
    predecessors: tuple[Unit, ...]
    date: dt.date
    created: bool
    moved_children: int


def _day_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1)


def merge_units(
    user: Any,
    *,
    predecessors: Sequence[Unit],
    successor: Unit | UnitData,
    date: dt.date,
    note: str = "",
    move_children: bool = False,
) -> Merger:
    """Record that ``predecessors`` continue as ``successor`` from ``date``.

    ``successor`` is a stored unit or the data of a new one (valid from ``date``).
    Each predecessor's validity ends the day before. Raises Denied or BadInput;
    writes nothing unless everything is valid.
    """
    preds = list(dict.fromkeys(predecessors))
    if not preds:
        raise BadInput(Msg("Cần ít nhất một đơn vị bị sáp nhập", "Name at least one merged unit"))
    with transaction.atomic():
        new = successor if isinstance(successor, UnitData) else None
        existing = None
        if new is not None:
            succ_parent = _new_successor_parent(new)
        else:
            assert isinstance(successor, Unit)
            existing = Unit.objects.select_related("parent").get(pk=successor.pk)
            succ_parent = existing.parent
        if not policy.can_merge_units(user, preds, succ_parent) or (
            existing is not None and not policy.can_admin_unit(user, existing)
        ):
            raise Denied()
        preds = list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in preds]))
        preds.sort(key=lambda u: u.code)
        _check_predecessors(preds, date)
        if existing is not None:
            _check_successor(existing, preds, date)
            target = existing
        else:
            assert new is not None
            target = Unit(
                code=new.code,
                name=new.name.strip(),
                kind=new.kind,
                parent=succ_parent,
                valid_from=date,
                valid_to=new.valid_to,
            )
            target.save()
        before = {u.code: {"valid_to": u.valid_to} for u in preds}
        moved = 0
        for u in preds:
            UnitSuccession.objects.create(predecessor=u, successor=target, date=date, note=note)
            u.valid_to = _day_before(date)
            u.save(update_fields=["valid_to"])
            if move_children:
                moved += _move_children(u, target)
        record(
            user,
            "unit.merge",
            object_type="unit",
            object_id=target.code,
            unit=target.code,
            before=before,
            after={
                "predecessors": [u.code for u in preds],
                "successor": target.code,
                "successor_created": new is not None,
                "name": target.name,
                "date": date,
                "valid_to": _day_before(date),
                "moved_children": moved,
            },
            reason=note,
        )
    return Merger(target, tuple(preds), date, new is not None, moved)


def _new_successor_parent(data: UnitData) -> Unit | None:
    for problem in (
        code_problem(data.code),
        kind_problem(data.kind),
        dates_problem(None, data.valid_to),
    ):
        if problem:
            raise BadInput(problem)
    if not data.name.strip():
        raise BadInput(Msg("Thiếu tên đơn vị kế tục", "The successor's name is missing"))
    if Unit.objects.filter(code=data.code).exists():
        raise BadInput(
            Msg(f"Mã đơn vị '{data.code}' đã tồn tại", f"Unit code '{data.code}' already exists")
        )
    if not data.parent_code:
        return None
    parent = Unit.objects.filter(code=data.parent_code).first()
    if parent is None:
        raise BadInput(
            Msg(
                f"Không có đơn vị cấp trên mã '{data.parent_code}'",
                f"No parent unit with code '{data.parent_code}'",
            )
        )
    return parent


def _check_predecessors(preds: list[Unit], date: dt.date) -> None:
    end = _day_before(date)
    for u in preds:
        if u.valid_from and u.valid_from > end:
            raise BadInput(
                Msg(
                    f"'{u.name}' chỉ có hiệu lực từ {u.valid_from:%d/%m/%Y}, sau ngày sáp nhập",
                    f"'{u.name}' is only valid from {u.valid_from:%d/%m/%Y}, after the merger",
                )
            )
        if u.valid_to and u.valid_to < end:
            raise BadInput(
                Msg(
                    f"'{u.name}' đã hết hiệu lực từ {u.valid_to:%d/%m/%Y}",
                    f"'{u.name}' already ended on {u.valid_to:%d/%m/%Y}",
                )
            )
        # A second successor on the same date is a split; on another date, a mistake.
        if u.successions.exclude(date=date).exists():
            raise BadInput(
                Msg(
                    f"'{u.name}' đã có đơn vị kế tục từ ngày khác",
                    f"'{u.name}' already has a successor from another date",
                )
            )


def _check_successor(successor: Unit, preds: list[Unit], date: dt.date) -> None:
    if successor in preds:
        raise BadInput(
            Msg(
                f"'{successor.name}' không thể vừa bị sáp nhập vừa là đơn vị kế tục",
                f"'{successor.name}' cannot be both merged and the successor",
            )
        )
    if (successor.valid_from and successor.valid_from > date) or (
        successor.valid_to and successor.valid_to < date
    ):
        raise BadInput(
            Msg(
                f"'{successor.name}' không có hiệu lực vào ngày {date:%d/%m/%Y}",
                f"'{successor.name}' is not valid on {date:%d/%m/%Y}",
            )
        )
    earlier = {u.pk for u, _, _ in _walk([successor], backwards=True)}
    later = {u.pk for u, _, _ in _walk([successor], backwards=False)}
    for u in preds:
        if u.pk in later or u.pk in earlier:
            raise BadInput(
                Msg(
                    f"'{u.name}' đã nằm trong lịch sử của '{successor.name}'",
                    f"'{u.name}' is already in the history of '{successor.name}'",
                )
            )


def _move_children(old: Unit, new: Unit) -> int:
    """Put ``old``'s children under ``new`` (their subtrees follow); return how many moved."""
    n = 0
    for child in Unit.objects.filter(parent=old):
        old_path = child.path
        child.parent = new
        child.save()
        move_subtree(old_path, child.path)
        n += 1
    return n


# --- lineage -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """``unit`` is ``depth`` steps before (or after) the unit asked about; ``date`` is the step's."""

    unit: Unit
    date: dt.date
    depth: int
    via: Unit


@dataclass(frozen=True)
class Lineage:
    unit: Unit
    predecessors: tuple[Link, ...]  # nearest first
    successors: tuple[Link, ...]

    def units(self) -> list[Unit]:
        """The unit, every predecessor and every successor."""
        return [
            self.unit,
            *(lk.unit for lk in self.predecessors),
            *(lk.unit for lk in self.successors),
        ]

    def as_of(self, day: dt.date) -> list[Unit]:
        """The units of this lineage that were valid on ``day`` (what to compare with then)."""
        return [u for u in self.units() if _valid_on(u, day)]


def _valid_on(unit: Unit, day: dt.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= day) and (
        unit.valid_to is None or unit.valid_to >= day
    )


def _walk(start: Iterable[Unit], *, backwards: bool) -> list[tuple[Unit, dt.date, Unit]]:
    """Breadth-first through successions, one query per step: (unit, date, via) found."""
    seen = {u.pk for u in start}
    frontier = {u.pk: u for u in start}
    found: list[tuple[Unit, dt.date, Unit]] = []
    for _ in range(MAX_DEPTH):
        if not frontier:
            break
        if backwards:
            links = UnitSuccession.objects.filter(successor_id__in=frontier).select_related(
                "predecessor"
            )
            pairs = [(s.predecessor, s.date, frontier[s.successor_id]) for s in links]
        else:
            links = UnitSuccession.objects.filter(predecessor_id__in=frontier).select_related(
                "successor"
            )
            pairs = [(s.successor, s.date, frontier[s.predecessor_id]) for s in links]
        frontier = {}
        for unit, date, via in sorted(pairs, key=lambda p: (p[0].code, p[1])):
            if unit.pk in seen:
                continue
            seen.add(unit.pk)
            frontier[unit.pk] = unit
            found.append((unit, date, via))
    return found


def lineage(unit: Unit) -> Lineage:
    """Every unit ``unit`` continues (transitively) and every unit that continues it."""

    def links(backwards: bool) -> tuple[Link, ...]:
        depth = {unit.pk: 0}
        out = []
        for u, date, via in _walk([unit], backwards=backwards):
            depth[u.pk] = depth[via.pk] + 1
            out.append(Link(u, date, depth[u.pk], via))
        return tuple(out)

    return Lineage(unit, links(True), links(False))


def carried_by(unit_ids: Iterable[int], *, on: dt.date) -> dict[int, frozenset[int]]:
    """For year-over-year comparisons at national scale: each unit id → the ids of the units
    that carry it on ``on`` (itself when no merger happened by then; the end of the chain of
    successions dated on or before ``on`` otherwise; several when it was split).

    One query for all successions, then the chains are followed in memory.
    """
    forward: dict[int, list[int]] = defaultdict(list)
    for pred, succ in UnitSuccession.objects.filter(date__lte=on).values_list(
        "predecessor_id", "successor_id"
    ):
        forward[pred].append(succ)
    memo: dict[int, frozenset[int]] = {}

    def ends(uid: int, trail: frozenset[int]) -> frozenset[int]:
        if uid in memo:
            return memo[uid]
        nxt = [s for s in forward.get(uid, ()) if s not in trail]
        if not nxt:
            result = frozenset({uid})
        else:
            result = frozenset().union(*(ends(s, trail | {s}) for s in nxt))
        memo[uid] = result
        return result

    return {uid: ends(uid, frozenset({uid})) for uid in unit_ids}
