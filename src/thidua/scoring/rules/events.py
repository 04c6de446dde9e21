"""``events``: bonus and deduction rows — a list of occurrences, each of a named kind.

A kind has fixed points per occurrence ("Biểu dương 05 điểm/lần", "trừ 10
điểm/VB") or a range the appraiser chooses from per occurrence ("05-15 điểm
theo tính chất nhiệm vụ"). Deductions are kinds with negative points. The sum
is clipped to the criterion's cap when it has one ("Không hạn chế": no cap);
the cap bounds the size of the sum either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from thidua.scoring.errors import InputProblem
from thidua.scoring.findings import Finding
from thidua.scoring.rules.base import ZERO, Outcome, SpecReader, UnitContext, to_count, to_decimal
from thidua.scoring.text import Msg, num_en, num_vi


@dataclass(frozen=True, slots=True)
class EventKind:
    key: str
    label: str
    points: Decimal | None = None  # fixed points per occurrence
    min_points: Decimal | None = None  # or a range per occurrence
    max_points: Decimal | None = None

    @property
    def ranged(self) -> bool:
        return self.points is None

    def words_vi(self) -> str:
        if self.points is not None:
            return f"{self.label} ({num_vi(self.points)}đ/lần)"
        return f"{self.label} ({num_vi(self.min_points or ZERO)}–{num_vi(self.max_points or ZERO)}đ/lần)"

    def words_en(self) -> str:
        if self.points is not None:
            return f"{self.key} ({num_en(self.points)} pts each)"
        return f"{self.key} ({num_en(self.min_points or ZERO)}–{num_en(self.max_points or ZERO)} pts each)"


@dataclass(frozen=True, slots=True)
class Event:
    """One normalised entry: ``count`` occurrences worth ``each`` points."""

    kind: str
    count: int
    each: Decimal

    @property
    def points(self) -> Decimal:
        return self.count * self.each

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "count": self.count, "points": float(self.each)}


@dataclass(frozen=True, slots=True)
class EventsRule:
    kind: ClassVar[str] = "events"
    kinds: tuple[EventKind, ...] = ()
    cap: Decimal | None = None

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], reader: SpecReader) -> EventsRule:
        reader.unknown_fields({"kind", "kinds", "cap"})
        cap = reader.decimal(
            "cap", check=lambda d: d >= 0, expect_vi="không âm", expect_en="non-negative"
        )
        kinds: list[EventKind] = []
        seen: set[str] = set()
        for i, k in enumerate(reader.mappings("kinds"), start=1):
            label = f"kinds[{i}]."
            key = reader.text("key", required=True, spec=k, label=label)
            points = reader.decimal("points", spec=k, label=label)
            lo = reader.decimal("min_points", spec=k, label=label)
            hi = reader.decimal("max_points", spec=k, label=label)
            if key is None:
                continue
            if key in seen:
                reader.problem(
                    "duplicate_event_kind",
                    f"loại sự kiện '{key}' bị lặp",
                    f"event kind '{key}' is repeated",
                )
            seen.add(key)
            if points is None and (lo is None or hi is None):
                reader.problem(
                    "missing_field",
                    f"{label} cần 'points' hoặc 'min_points' và 'max_points'",
                    f"{label} needs 'points' or 'min_points' and 'max_points'",
                )
                continue
            if points is not None and (lo is not None or hi is not None):
                reader.problem(
                    "bad_value",
                    f"{label} dùng 'points' hoặc khoảng điểm, không dùng cả hai",
                    f"{label} use 'points' or a range, not both",
                )
            if lo is not None and hi is not None and lo > hi:
                reader.problem(
                    "bad_value",
                    f"{label} 'min_points' lớn hơn 'max_points'",
                    f"{label} 'min_points' is above 'max_points'",
                )
            if points is not None and points == 0:
                reader.problem("bad_value", f"{label} 'points' bằng 0", f"{label} 'points' is 0")
            kinds.append(
                EventKind(
                    key,
                    str(k.get("label", key)),
                    points,
                    lo if points is None else None,
                    hi if points is None else None,
                )
            )
        return cls(kinds=tuple(kinds), cap=cap)

    def own_max(self) -> Decimal | None:
        return self.cap

    def _kind(self, key: object) -> EventKind:
        for k in self.kinds:
            if k.key == key:
                return k
        keys = ", ".join(k.key for k in self.kinds)
        raise InputProblem(
            Msg(
                f"loại sự kiện không hợp lệ {key!r}; chọn một trong: {keys}",
                f"unknown event kind {key!r}; choose one of: {keys}",
            )
        )

    def parse(self, value: object) -> tuple[Event, ...]:
        if type(value) is dict or (type(value) is not list and isinstance(value, Mapping)):
            value = [value]
        if not isinstance(value, list | tuple):
            raise InputProblem(
                Msg(
                    f"cần danh sách sự kiện [{{kind, count}}], nhận được {value!r}",
                    f"a list of events [{{kind, count}}] is needed, got {value!r}",
                )
            )
        events: list[Event] = []
        for entry in value:
            if not (type(entry) is dict or isinstance(entry, Mapping)) or "kind" not in entry:
                raise InputProblem(
                    Msg(
                        f"mỗi sự kiện cần 'kind', nhận được {entry!r}",
                        f"each event needs a 'kind', got {entry!r}",
                    )
                )
            kind = self._kind(entry["kind"])
            raw_count = entry.get("count")
            count = (
                raw_count
                if type(raw_count) is int and raw_count >= 0
                else (to_count(raw_count) if raw_count not in (None, "") else 1)
            )
            given = entry.get("points")
            if kind.ranged:
                if given in (None, ""):
                    raise InputProblem(
                        Msg(
                            f"sự kiện '{kind.key}' cần số điểm 'points' trong khoảng {kind.words_vi()}",
                            f"event '{kind.key}' needs 'points' within {kind.words_en()}",
                        )
                    )
                each = to_decimal(given)
                assert kind.min_points is not None and kind.max_points is not None
                if not kind.min_points <= each <= kind.max_points:
                    raise InputProblem(
                        Msg(
                            f"sự kiện '{kind.key}': {num_vi(each)} điểm nằm ngoài khoảng {num_vi(kind.min_points)}–{num_vi(kind.max_points)}",
                            f"event '{kind.key}': {num_en(each)} points is outside {num_en(kind.min_points)}–{num_en(kind.max_points)}",
                        )
                    )
            else:
                assert kind.points is not None
                each = kind.points
                if given not in (None, "") and to_decimal(given) != each:
                    raise InputProblem(
                        Msg(
                            f"sự kiện '{kind.key}' có số điểm cố định {num_vi(each)}, nhận được {given}",
                            f"event '{kind.key}' has fixed points {num_en(each)}, got {given}",
                        )
                    )
            events.append(Event(kind.key, count, each))
        return tuple(events)

    def evaluate(self, value: object, *, max_points: Decimal, unit: UnitContext) -> Outcome:
        events = self.parse(value)
        total = sum((e.points for e in events), ZERO)
        raw = total
        if self.cap is not None:
            raw = max(min(total, self.cap), -self.cap)
        return Outcome(raw=raw, value=events, detail=total)

    def explain(self, outcome: Outcome, *, points: Decimal, max_points: Decimal | None) -> Msg:
        events = outcome.value
        assert isinstance(events, tuple)
        if not events:
            return Msg("Không có sự kiện → 0 điểm", "No events → 0 points")
        parts_vi = " + ".join(
            f"{e.count} × {self._kind(e.kind).label} ({num_vi(e.each)}đ)" for e in events
        )
        parts_en = " + ".join(f"{e.count} × {e.kind} ({num_en(e.each)})" for e in events)
        total = outcome.detail
        assert isinstance(total, Decimal)
        cap_vi = (
            f", giới hạn {num_vi(self.cap)}"
            if self.cap is not None and abs(total) > self.cap
            else ""
        )
        cap_en = (
            f", capped at {num_en(self.cap)}"
            if self.cap is not None and abs(total) > self.cap
            else ""
        )
        return Msg(
            f"{parts_vi} = {num_vi(total)}{cap_vi} → {num_vi(points)} điểm",
            f"{parts_en} = {num_en(total)}{cap_en} → {num_en(points)} points",
        )

    def describe(self, max_points: Decimal | None) -> Msg:
        cap_vi = f"; tối đa {num_vi(self.cap)}" if self.cap is not None else "; không hạn chế"
        cap_en = f"; at most {num_en(self.cap)}" if self.cap is not None else "; no cap"
        return Msg(
            "; ".join(k.words_vi() for k in self.kinds) + cap_vi,
            "; ".join(k.words_en() for k in self.kinds) + cap_en,
        )

    def check(self, *, node: str, max_points: Decimal | None) -> list[Finding]:
        if max_points is not None and self.cap is not None and max_points != self.cap:
            return [
                Finding(
                    "warning",
                    "cap_mismatch",
                    node,
                    Msg(
                        f"{node}: điểm tối đa {num_vi(max_points)} khác giới hạn {num_vi(self.cap)}",
                        f"{node}: maximum {num_en(max_points)} differs from the cap {num_en(self.cap)}",
                    ),
                )
            ]
        return []
