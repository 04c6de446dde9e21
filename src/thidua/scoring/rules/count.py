"""``count``: "Điểm = số VB x 1", "mỗi DVC 0,5 điểm" — ``min(count × per_unit, max)``.

``max_count`` bounds the input itself ("16 DVC"): a larger count is an input
error, not something to cap silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from thidua.scoring.errors import InputProblem
from thidua.scoring.findings import Finding
from thidua.scoring.rules.base import Outcome, SpecReader, UnitContext, to_count
from thidua.scoring.text import Msg, num_en, num_vi


@dataclass(frozen=True, slots=True)
class CountRule:
    kind: ClassVar[str] = "count"
    per_unit: Decimal = Decimal(1)
    max_count: int | None = None

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], reader: SpecReader) -> CountRule:
        reader.unknown_fields({"kind", "per_unit", "max_count"})
        per_unit = reader.decimal(
            "per_unit",
            required=True,
            check=lambda d: d > 0,
            expect_vi="lớn hơn 0",
            expect_en="above 0",
        )
        max_count = reader.decimal(
            "max_count",
            check=lambda d: d > 0 and d == d.to_integral_value(),
            expect_vi="số nguyên dương",
            expect_en="a positive whole number",
        )
        return cls(
            per_unit=per_unit if per_unit is not None else Decimal(1),
            max_count=int(max_count) if max_count is not None else None,
        )

    def own_max(self) -> Decimal | None:
        return self.per_unit * self.max_count if self.max_count is not None else None

    def evaluate(self, value: object, *, max_points: Decimal, unit: UnitContext) -> Outcome:
        count = to_count(value)
        if self.max_count is not None and count > self.max_count:
            raise InputProblem(
                Msg(
                    f"số lượng {count} vượt quá tối đa {self.max_count}",
                    f"count {count} exceeds the maximum of {self.max_count}",
                )
            )
        return Outcome(raw=min(count * self.per_unit, max_points), value=count)

    def explain(self, outcome: Outcome, *, points: Decimal, max_points: Decimal | None) -> Msg:
        count = outcome.value
        assert isinstance(count, int)
        product = count * self.per_unit
        capped_vi = (
            f", tối đa {num_vi(max_points)}"
            if max_points is not None and product > max_points
            else ""
        )
        capped_en = (
            f", capped at {num_en(max_points)}"
            if max_points is not None and product > max_points
            else ""
        )
        return Msg(
            f"{count} × {num_vi(self.per_unit)} = {num_vi(product)}{capped_vi} → {num_vi(points)} điểm",
            f"{count} × {num_en(self.per_unit)} = {num_en(product)}{capped_en} → {num_en(points)} points",
        )

    def describe(self, max_points: Decimal | None) -> Msg:
        bound_vi = f" (tối đa {self.max_count})" if self.max_count else ""
        bound_en = f" (at most {self.max_count})" if self.max_count else ""
        return Msg(
            f"Điểm = số lượng{bound_vi} × {num_vi(self.per_unit)}",
            f"Points = count{bound_en} × {num_en(self.per_unit)}",
        )

    def check(self, *, node: str, max_points: Decimal | None) -> list[Finding]:
        reach = self.own_max()
        if reach is not None and max_points is not None and reach < max_points:
            return [
                Finding(
                    "warning",
                    "unreachable_max",
                    node,
                    Msg(
                        f"{node}: {self.max_count} × {num_vi(self.per_unit)} = {num_vi(reach)} "
                        f"thấp hơn điểm tối đa {num_vi(max_points)}: không thể đạt điểm tối đa",
                        f"{node}: {self.max_count} × {num_en(self.per_unit)} = {num_en(reach)} "
                        f"is below the maximum {num_en(max_points)}: the maximum is unreachable",
                    ),
                )
            ]
        return []
