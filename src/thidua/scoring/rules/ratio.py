"""``ratio``: "Điểm = Tỷ lệ x điểm tối đa", measured against a target or raw.

With ``basis: target`` the points are ``min(ratio / target, 1) × max``; with
``basis: raw`` they are ``min(ratio, 1) × max`` (the target, if any, is then
only informative, e.g. for award gates). The target may depend on the unit:
overrides keyed by the unit's kind and/or its parent's kind, first match wins,
either replacing the target or adding percentage points to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, Literal

from thidua.scoring.errors import InputProblem
from thidua.scoring.findings import Finding
from thidua.scoring.kinds import UNIT_KINDS
from thidua.scoring.rules.base import (
    ONE,
    ZERO,
    Outcome,
    SpecReader,
    UnitContext,
    is_fraction,
    to_decimal,
)
from thidua.scoring.text import Msg, num_en, num_vi, pct_en, pct_vi


@dataclass(frozen=True, slots=True)
class TargetOverride:
    unit_kind: str | None
    parent_kind: str | None
    target: Decimal | None  # replaces the default target
    add: Decimal | None  # or adds to it (percentage points as a fraction: 0.10)
    reason: str

    def matches(self, unit: UnitContext) -> bool:
        if self.unit_kind is not None and self.unit_kind != unit.kind:
            return False
        return not (self.parent_kind is not None and self.parent_kind != unit.parent_kind)

    def who(self) -> Msg:
        parts_vi: list[str] = []
        parts_en: list[str] = []
        if self.unit_kind:
            k = UNIT_KINDS.get(self.unit_kind, Msg(self.unit_kind, self.unit_kind))
            parts_vi.append(k.vi)
            parts_en.append(k.en)
        if self.parent_kind:
            k = UNIT_KINDS.get(self.parent_kind, Msg(self.parent_kind, self.parent_kind))
            parts_vi.append(f"thuộc {k.vi}")
            parts_en.append(f"in a {k.en}")
        return Msg(" ".join(parts_vi), " ".join(parts_en))


@dataclass(frozen=True, slots=True)
class TargetUsed:
    """The target a unit was measured against and why (for the explanation)."""

    target: Decimal
    override: TargetOverride | None
    base: Decimal


def parse_ratio(value: object) -> Decimal:
    """A ratio from 0.85, "85%", "85,5%" or {"numerator": 30, "denominator": 40}; 0..1 only."""
    if type(value) is dict:
        # Fast path for the shape machines send; anything unusual takes the checked path below.
        num, den = value.get("numerator"), value.get("denominator")
        if type(num) is int and type(den) is int and 0 <= num <= den and den > 0:
            return Decimal(num) / Decimal(den)
    if type(value) is dict or isinstance(value, Mapping):
        if "numerator" not in value or "denominator" not in value:
            raise InputProblem(
                Msg(
                    "cần cả 'numerator' (tử số) và 'denominator' (mẫu số)",
                    "both 'numerator' and 'denominator' are needed",
                )
            )
        num = to_decimal(value["numerator"])
        den = to_decimal(value["denominator"])
        if den <= 0:
            raise InputProblem(
                Msg(
                    f"mẫu số phải lớn hơn 0, nhận được {value['denominator']}",
                    f"the denominator must be above 0, got {value['denominator']}",
                )
            )
        if num < 0:
            raise InputProblem(
                Msg(
                    f"tử số không được âm, nhận được {value['numerator']}",
                    f"the numerator cannot be negative, got {value['numerator']}",
                )
            )
        if num > den:
            raise InputProblem(
                Msg(
                    f"tử số {num_vi(num)} lớn hơn mẫu số {num_vi(den)}",
                    f"numerator {num_en(num)} exceeds denominator {num_en(den)}",
                )
            )
        return num / den
    if isinstance(value, str) and value.strip().endswith("%"):
        ratio = to_decimal(value.strip()[:-1]) / 100
    else:
        ratio = to_decimal(value)
    if not is_fraction(ratio):
        raise InputProblem(
            Msg(
                f"tỷ lệ phải từ 0 đến 1 (hoặc 0% đến 100%), nhận được {value}",
                f"a ratio must be between 0 and 1 (or 0% and 100%), got {value}",
            )
        )
    return ratio


@dataclass(frozen=True, slots=True)
class RatioRule:
    kind: ClassVar[str] = "ratio"
    target: Decimal | None = None
    basis: Literal["target", "raw"] = "target"
    overrides: tuple[TargetOverride, ...] = ()
    _default: TargetUsed = field(init=False, repr=False, compare=False)

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], reader: SpecReader) -> RatioRule:
        reader.unknown_fields({"kind", "target", "basis", "overrides"})
        frac = {"check": is_fraction, "expect_vi": "từ 0 đến 1", "expect_en": "between 0 and 1"}
        target = reader.decimal("target", **frac)  # type: ignore[arg-type]
        if target is not None and target == 0:
            reader.problem(
                "bad_value", "chỉ tiêu 'target' phải lớn hơn 0", "'target' must be above 0"
            )
            target = None
        basis = spec.get("basis", "target" if target is not None else "raw")
        if basis not in ("target", "raw"):
            reader.problem(
                "bad_value",
                f"'basis' phải là target hoặc raw, nhận được {basis!r}",
                f"'basis' must be target or raw, got {basis!r}",
            )
            basis = "target"
        overrides: list[TargetOverride] = []
        for i, o in enumerate(reader.mappings("overrides", required=False), start=1):
            label = f"overrides[{i}]."
            unit_kind = reader.text("unit_kind", spec=o, label=label)
            parent_kind = reader.text("parent_kind", spec=o, label=label)
            for k in (unit_kind, parent_kind):
                if k is not None and k not in UNIT_KINDS:
                    reader.problem(
                        "unknown_unit_kind",
                        f"loại đơn vị không biết '{k}'",
                        f"unknown unit kind '{k}'",
                    )
            if unit_kind is None and parent_kind is None:
                reader.problem(
                    "missing_field",
                    f"{label} cần 'unit_kind' hoặc 'parent_kind'",
                    f"{label} needs 'unit_kind' or 'parent_kind'",
                )
            o_target = reader.decimal("target", spec=o, label=label, **frac)  # type: ignore[arg-type]
            add = reader.decimal(
                "add",
                spec=o,
                label=label,
                check=lambda d: -ONE <= d <= ONE,
                expect_vi="từ -1 đến 1",
                expect_en="between -1 and 1",
            )
            if (o_target is None) == (add is None):
                reader.problem(
                    "bad_value",
                    f"{label} cần đúng một trong 'target' hoặc 'add'",
                    f"{label} needs exactly one of 'target' or 'add'",
                )
            if add is not None and target is None:
                reader.problem(
                    "bad_value",
                    f"{label} 'add' cần chỉ tiêu mặc định 'target'",
                    f"{label} 'add' needs a default 'target'",
                )
            if add is not None and target is not None and not (ZERO < target + add <= ONE):
                reader.problem(
                    "target_out_of_range",
                    f"chỉ tiêu {pct_vi(target)} + {pct_vi(add)} nằm ngoài 0..100%",
                    f"target {pct_en(target)} + {pct_en(add)} is outside 0..100%",
                )
            overrides.append(
                TargetOverride(unit_kind, parent_kind, o_target, add, str(o.get("reason", "")))
            )
        return cls(target=target, basis=basis, overrides=tuple(overrides))

    def own_max(self) -> Decimal | None:
        return None

    def target_for(self, unit: UnitContext) -> TargetUsed:
        if not self.overrides:
            return self._default
        base = self._default.base
        for o in self.overrides:
            if o.matches(unit):
                if o.target is not None:
                    return TargetUsed(o.target, o, base)
                assert o.add is not None
                return TargetUsed(min(base + o.add, ONE), o, base)
        return self._default

    def __post_init__(self) -> None:
        base = self.target if self.target is not None else ONE
        # Precomputed once: most units use the default target, and a country has many units.
        object.__setattr__(self, "_default", TargetUsed(base, None, base))

    def evaluate(self, value: object, *, max_points: Decimal, unit: UnitContext) -> Outcome:
        ratio = parse_ratio(value)
        if self.basis == "raw":
            return Outcome(raw=ratio * max_points, value=ratio, detail=None)
        used = self.target_for(unit)
        if ratio >= used.target:
            return Outcome(raw=max_points, value=ratio, detail=used)
        # Multiply before dividing so that exact halves stay exact before rounding.
        return Outcome(raw=ratio * max_points / used.target, value=ratio, detail=used)

    def explain(self, outcome: Outcome, *, points: Decimal, max_points: Decimal | None) -> Msg:
        ratio = outcome.value
        assert isinstance(ratio, Decimal)
        m = max_points if max_points is not None else ZERO
        used = outcome.detail
        if not isinstance(used, TargetUsed):
            return Msg(
                f"Tỷ lệ {pct_vi(ratio)} × {num_vi(m)} = {num_vi(points)} điểm",
                f"Ratio {pct_en(ratio)} × {num_en(m)} = {num_en(points)} points",
            )
        why = _target_reason(used)
        if ratio >= used.target:
            return Msg(
                f"Tỷ lệ {pct_vi(ratio)} đạt chỉ tiêu {why.vi} → {num_vi(points)} điểm",
                f"Ratio {pct_en(ratio)} meets the target {why.en} → {num_en(points)} points",
            )
        return Msg(
            f"Tỷ lệ {pct_vi(ratio)} ÷ chỉ tiêu {why.vi} × {num_vi(m)} = {num_vi(points)} điểm",
            f"Ratio {pct_en(ratio)} ÷ target {why.en} × {num_en(m)} = {num_en(points)} points",
        )

    def describe(self, max_points: Decimal | None) -> Msg:
        if self.basis == "raw" or self.target is None:
            return Msg("Điểm = tỷ lệ × điểm tối đa", "Points = ratio × max")
        extra_vi = "".join(f"; {_override_words(o).vi}" for o in self.overrides)
        extra_en = "".join(f"; {_override_words(o).en}" for o in self.overrides)
        return Msg(
            f"Điểm = tỷ lệ ÷ {pct_vi(self.target)} × điểm tối đa (tối đa 100%){extra_vi}",
            f"Points = ratio ÷ {pct_en(self.target)} × max (at most 100%){extra_en}",
        )

    def check(self, *, node: str, max_points: Decimal | None) -> list[Finding]:
        return []


def _override_words(o: TargetOverride) -> Msg:
    who = o.who()
    if o.target is not None:
        return Msg(f"{who.vi}: {pct_vi(o.target)}", f"{who.en}: {pct_en(o.target)}")
    assert o.add is not None
    return Msg(f"{who.vi}: +{pct_vi(o.add)}", f"{who.en}: +{pct_en(o.add)}")


def _target_reason(used: TargetUsed) -> Msg:
    o = used.override
    if o is None:
        return Msg(pct_vi(used.target), pct_en(used.target))
    who = o.who()
    if o.add is not None:
        return Msg(
            f"{pct_vi(used.target)} ({who.vi}: {pct_vi(used.base)} + {pct_vi(o.add)})",
            f"{pct_en(used.target)} ({who.en}: {pct_en(used.base)} + {pct_en(o.add)})",
        )
    return Msg(
        f"{pct_vi(used.target)} ({who.vi}, thay cho {pct_vi(used.base)})",
        f"{pct_en(used.target)} ({who.en}, instead of {pct_en(used.base)})",
    )
