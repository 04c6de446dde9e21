"""``choice``: "hằng ngày: tối đa; hàng tháng: 50%; không thường xuyên: 0" — named options."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from thidua.scoring.errors import InputProblem
from thidua.scoring.findings import Finding
from thidua.scoring.rules.base import ZERO, Outcome, SpecReader, UnitContext, is_fraction
from thidua.scoring.text import Msg, num_en, num_vi, pct_en, pct_vi


@dataclass(frozen=True, slots=True)
class Option:
    key: str
    label: str
    fraction: Decimal


@dataclass(frozen=True, slots=True)
class ChoiceRule:
    kind: ClassVar[str] = "choice"
    options: tuple[Option, ...] = ()

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], reader: SpecReader) -> ChoiceRule:
        reader.unknown_fields({"kind", "options"})
        options: list[Option] = []
        seen: set[str] = set()
        for i, o in enumerate(reader.mappings("options"), start=1):
            label = f"options[{i}]."
            key = reader.text("key", required=True, spec=o, label=label)
            frac = reader.decimal(
                "fraction",
                required=True,
                spec=o,
                label=label,
                check=is_fraction,
                expect_vi="từ 0 đến 1",
                expect_en="between 0 and 1",
            )
            if key is None or frac is None:
                continue
            if key in seen:
                reader.problem(
                    "duplicate_option", f"lựa chọn '{key}' bị lặp", f"option '{key}' is repeated"
                )
            seen.add(key)
            options.append(Option(key, str(o.get("label", key)), frac))
        if not options and "options" in spec:
            reader.problem(
                "missing_field", "cần ít nhất một lựa chọn", "at least one option is needed"
            )
        return cls(options=tuple(options))

    def own_max(self) -> Decimal | None:
        return None

    def find(self, value: object) -> Option:
        if isinstance(value, str):
            wanted = value.strip()
            for o in self.options:
                if o.key == wanted:
                    return o
            for o in self.options:
                if o.label.lower() == wanted.lower():
                    return o
        keys = ", ".join(o.key for o in self.options)
        raise InputProblem(
            Msg(
                f"lựa chọn không hợp lệ {value!r}; chọn một trong: {keys}",
                f"unknown option {value!r}; choose one of: {keys}",
            )
        )

    def evaluate(self, value: object, *, max_points: Decimal, unit: UnitContext) -> Outcome:
        option = self.find(value)
        return Outcome(raw=option.fraction * max_points, value=option.key, detail=option)

    def explain(self, outcome: Outcome, *, points: Decimal, max_points: Decimal | None) -> Msg:
        o = outcome.detail
        assert isinstance(o, Option)
        m = max_points if max_points is not None else ZERO
        return Msg(
            f"{o.label}: {pct_vi(o.fraction)} × {num_vi(m)} = {num_vi(points)} điểm",
            f"{o.label} ({o.key}): {pct_en(o.fraction)} × {num_en(m)} = {num_en(points)} points",
        )

    def describe(self, max_points: Decimal | None) -> Msg:
        return Msg(
            "; ".join(f"{o.label}: {pct_vi(o.fraction)}" for o in self.options),
            "; ".join(f"{o.key}: {pct_en(o.fraction)}" for o in self.options),
        )

    def check(self, *, node: str, max_points: Decimal | None) -> list[Finding]:
        if self.options and max(o.fraction for o in self.options) < 1:
            return [
                Finding(
                    "warning",
                    "unreachable_max",
                    node,
                    Msg(
                        f"{node}: không lựa chọn nào đạt điểm tối đa",
                        f"{node}: no option reaches the maximum",
                    ),
                )
            ]
        return []
