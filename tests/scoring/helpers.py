"""Small frameworks written inline, so each rule test reads as a table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from thidua.scoring import Framework, UnitInput, parse_framework, score_unit


def one_criterion(
    rule: dict[str, Any], *, max_points: float | None = 10, extra: dict[str, Any] | None = None
) -> Framework:
    leaf: dict[str, Any] = {"label": "1", "title": "Tiêu chí thử", "rule": rule}
    if max_points is not None:
        leaf["max"] = max_points
    leaf.update(extra or {})
    doc = {
        "format": 1,
        "code": "test",
        "title": "Bảng thử",
        "source": {"document": "thử nghiệm"},
        "applies_to": ["xa", "thi_tran", "phuong", "huyen", "thanh_pho"],
        "max_points": max_points or 10,
        "nodes": [{"label": "A", "title": "Nhóm A", "children": [leaf]}],
    }
    return parse_framework(yaml.safe_dump(doc, allow_unicode=True))


def points(
    fw: Framework, value: object, *, kind: str = "xa", parent_kind: str = "huyen"
) -> Decimal:
    unit = UnitInput(code="U1", kind=kind, parent_kind=parent_kind, results={"A.1": value})
    return score_unit(fw, unit).criteria["A.1"].points
