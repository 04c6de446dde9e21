"""``binary``: "Có được 3đ; không có được 0đ" — yes gives ``points_yes`` (default: the max)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from thidua.scoring.errors import InputProblem
from thidua.scoring.findings import Finding
from thidua.scoring.rules.base import ZERO, Outcome, SpecReader, UnitContext
from thidua.scoring.text import Msg, num_en, num_vi

_YES = {"true", "yes", "y", "có", "co", "x", "1", "đạt", "dat"}
_NO = {"false", "no", "n", "không", "khong", "0", "chưa", "chua", "không đạt", ""}


def parse_yes_no(value: object) -> bool:
    if value is True or value is False:
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        key = value.strip().lower()
        if key in _YES:
            return True
        if key in _NO:
            return False
    raise InputProblem(
        Msg(f"cần có/không, nhận được {value!r}", f"yes/no is needed, got {value!r}")
    )


@dataclass(frozen=True, slots=True)
class BinaryRule:
    kind: ClassVar[str] = "binary"
    points_yes: Decimal | None = None

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], reader: SpecReader) -> BinaryRule:
        reader.unknown_fields({"kind", "points_yes"})
        points = reader.decimal(
            "points_yes", check=lambda d: d >= 0, expect_vi="không âm", expect_en="non-negative"
        )
        return cls(points_yes=points)

    def own_max(self) -> Decimal | None:
        return self.points_yes

    def _yes_points(self, max_points: Decimal | None) -> Decimal:
        if self.points_yes is not None:
            return self.points_yes
        return max_points if max_points is not None else ZERO

    def evaluate(self, value: object, *, max_points: Decimal, unit: UnitContext) -> Outcome:
        yes = parse_yes_no(value)
        return Outcome(
            raw=min(self._yes_points(max_points), max_points) if yes else ZERO, value=yes
        )

    def explain(self, outcome: Outcome, *, points: Decimal, max_points: Decimal | None) -> Msg:
        if outcome.value:
            return Msg(f"Có → {num_vi(points)} điểm", f"Yes → {num_en(points)} points")
        return Msg("Không → 0 điểm", "No → 0 points")

    def describe(self, max_points: Decimal | None) -> Msg:
        yes = self._yes_points(max_points)
        return Msg(f"Có: {num_vi(yes)}đ; không: 0đ", f"Yes: {num_en(yes)} pts; no: 0")

    def check(self, *, node: str, max_points: Decimal | None) -> list[Finding]:
        if self.points_yes is not None and max_points is not None and self.points_yes < max_points:
            return [
                Finding(
                    "warning",
                    "unreachable_max",
                    node,
                    Msg(
                        f"{node}: điểm tối đa {num_vi(max_points)} nhưng 'Có' chỉ được "
                        f"{num_vi(self.points_yes)} điểm: không thể đạt điểm tối đa",
                        f"{node}: maximum {num_en(max_points)} but 'yes' gives only "
                        f"{num_en(self.points_yes)} points: the maximum is unreachable",
                    ),
                )
            ]
        if self.points_yes is not None and max_points is not None and self.points_yes > max_points:
            return [
                Finding(
                    "error",
                    "points_above_max",
                    node,
                    Msg(
                        f"{node}: 'Có' được {num_vi(self.points_yes)} điểm, vượt điểm tối đa {num_vi(max_points)}",
                        f"{node}: 'yes' gives {num_en(self.points_yes)} points, above the maximum {num_en(max_points)}",
                    ),
                )
            ]
        return []
