"""``scaled``: "Điểm = (Điểm chấm Cổng × Điểm tối đa)/100" — a score on a stated scale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from thidua.scoring.errors import InputProblem
from thidua.scoring.findings import Finding
from thidua.scoring.rules.base import ONE, Outcome, SpecReader, UnitContext, to_decimal
from thidua.scoring.text import Msg, num_en, num_vi


@dataclass(frozen=True, slots=True)
class ScaledRule:
    kind: ClassVar[str] = "scaled"
    scale: Decimal = Decimal(100)

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], reader: SpecReader) -> ScaledRule:
        reader.unknown_fields({"kind", "scale"})
        scale = reader.decimal(
            "scale",
            required=True,
            check=lambda d: d > 0,
            expect_vi="lớn hơn 0",
            expect_en="above 0",
        )
        return cls(scale=scale if scale is not None else Decimal(100))

    def own_max(self) -> Decimal | None:
        return None

    def evaluate(self, value: object, *, max_points: Decimal, unit: UnitContext) -> Outcome:
        score = to_decimal(value)
        if score < 0:
            raise InputProblem(
                Msg(
                    f"điểm chấm không được âm, nhận được {value}",
                    f"a score cannot be negative, got {value}",
                )
            )
        # Multiply before dividing so that exact halves stay exact before rounding.
        raw = min(score * max_points / self.scale, max_points * ONE)
        return Outcome(raw=raw, value=score)

    def explain(self, outcome: Outcome, *, points: Decimal, max_points: Decimal | None) -> Msg:
        score = outcome.value
        assert isinstance(score, Decimal)
        m = max_points or Decimal(0)
        return Msg(
            f"Điểm chấm {num_vi(score)}/{num_vi(self.scale)} × {num_vi(m)} = {num_vi(points)} điểm",
            f"Score {num_en(score)}/{num_en(self.scale)} × {num_en(m)} = {num_en(points)} points",
        )

    def describe(self, max_points: Decimal | None) -> Msg:
        return Msg(
            f"Điểm = điểm chấm × điểm tối đa / {num_vi(self.scale)}",
            f"Points = score × max / {num_en(self.scale)}",
        )

    def check(self, *, node: str, max_points: Decimal | None) -> list[Finding]:
        return []
