"""Scores as JSON documents and as plain text (the ``thidua score`` outputs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from thidua.scoring import Finding, Framework, UnitScore
from thidua.scoring.text import num_vi


def money(d: Decimal | None) -> float | None:
    """A point figure for JSON: rounded to 2 decimals (the core already did), as a number."""
    return None if d is None else float(d.quantize(Decimal("0.01")))


def _jsonable(value: object) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def unit_json(s: UnitScore) -> dict[str, Any]:
    return {
        "code": s.unit.code,
        "name": s.unit.name,
        "kind": s.unit.kind,
        "rank": s.rank,
        "total": money(s.total),
        "index": money(s.index),
        "groups": {k: money(v) for k, v in s.groups.items()},
        "sections": {k: money(v) for k, v in s.sections.items()},
        "criteria": {
            code: {
                "points": money(c.points),
                "max": money(c.max_points),
                "input": _jsonable(c.input),
                "explanation": c.explanation.vi,
                "explanation_en": c.explanation.en,
            }
            for code, c in s.criteria.items()
        },
        "missing": list(s.missing),
        "warnings": [str(w) for w in s.warnings],
    }


def report_json(
    framework: Framework, scores: Sequence[UnitScore], findings: Sequence[Finding]
) -> dict[str, Any]:
    return {
        "framework": {
            "code": framework.code,
            "title": framework.title,
            "max_points": money(framework.max_points),
        },
        "units": [unit_json(s) for s in scores],
        "findings": [f.as_dict() for f in findings],
    }


def report_text(framework: Framework, scores: Sequence[UnitScore]) -> str:
    groups = [n.code for n in framework.nodes]
    lines = [
        f"{framework.code}: {framework.title}",
        f"Điểm tối đa / Maximum: {num_vi(framework.max_points)}",
        "",
        "Hạng | Mã | Tên | "
        + " | ".join(groups)
        + " | Tổng"
        + (" | Chỉ số" if framework.index else ""),
        "Rank | Code | Name | "
        + " | ".join(groups)
        + " | Total"
        + (" | Index" if framework.index else ""),
    ]
    for s in scores:
        cells = [
            str(s.rank),
            s.unit.code,
            s.unit.name,
            *(num_vi(s.groups[g], places=2) for g in groups),
            num_vi(s.total, places=2),
        ]
        if framework.index and s.index is not None:
            cells.append(num_vi(s.index * 100, places=2) + "%")
        lines.append(" | ".join(cells))
    for s in scores:
        if s.warnings or s.missing:
            lines.append("")
            lines.append(f"{s.unit.code}:")
            for w in s.warnings:
                lines.append(f"  cảnh báo / warning: {w}")
            if s.missing:
                lines.append(f"  chưa có kết quả / missing: {', '.join(s.missing)}")
    return "\n".join(lines) + "\n"
