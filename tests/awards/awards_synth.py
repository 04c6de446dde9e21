"""Synthetic units for the award tests: results that pass (or fail) the Hà Giang gates.

A commune built by ``commune()`` with no options passes every commune gate
and scores 70 points (recomputed by hand from Annex 3: A.IV.1 12 + A.IV.2 11
+ A.IV.3 11 + A.V.1 10 + A.II.1 20 + A.IV.4 6 = 70). ``points`` moves the
total by whole points through bonus row B.1 (5 points per dataset) and
deduction row C.1 (-1 per report late by 1-2 days), leaving group A at 70;
``a_points`` adds points to group A through A.I.3 (1 point per document, at
most 7), for tie-breaker tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from thidua.scoring import UnitInput

COMMUNE_BASE = Decimal(70)

COMMUNE_PASS: dict[str, object] = {
    "A.IV.1": 1,
    "A.IV.2": "90%",
    "A.IV.3": "90%",
    "A.V.1": 1,
    "A.II.1": "80%",
    "A.IV.4": 1,
}

DISTRICT_PASS: dict[str, object] = {
    "A.IV.1": 1,
    "A.IV.2": "90%",
    "A.IV.3": "90%",
    "A.V.1": "99%",
    "A.II.1": "80%",
    "A.III.4": "99%",
    "A.III.3": "80%",
    "A.IV.5": 1,
}

# A value that fails each commune gate (criterion gates only; model_815 is a fact).
COMMUNE_FAIL: dict[str, tuple[str, object]] = {
    "cccd_issued": ("A.IV.1", "99%"),
    "eid_registration": ("A.IV.2", "75%"),
    "eid_activation": ("A.IV.3", "75%"),
    "population_data_cleaned": ("A.V.1", "99,9%"),
    "online_services": ("A.II.1", "70%"),
    "staff_eid_level2": ("A.IV.4", "95%"),
}


def _offset(points: int) -> dict[str, object]:
    if points == 0:
        return {}
    datasets = max(0, -(-points // 5))  # ceil(points / 5) for positive points
    late = datasets * 5 - points
    out: dict[str, object] = {}
    if datasets:
        out["B.1"] = [{"kind": "dataset", "count": datasets}]
    if late:
        out["C.1"] = [{"kind": "late_1_2_days", "count": late}]
    return out


def commune(
    code: str,
    parent: str,
    *,
    points: int = 0,
    a_points: int = 0,
    fail: str | None = None,
    models: int = 1,
    kind: str = "xa",
    parent_kind: str = "huyen",
    results: Mapping[str, object] | None = None,
) -> UnitInput:
    """A commune of ``parent`` scoring 70 + points + a_points; ``fail`` names a gate it fails."""
    r: dict[str, object] = dict(COMMUNE_PASS)
    r.update(_offset(points))
    if a_points:
        r["A.I.3"] = a_points
    if fail is not None and fail != "model_815":
        criterion, value = COMMUNE_FAIL[fail]
        r[criterion] = value
    if fail == "model_815":
        models = 0
    r.update(results or {})
    return UnitInput(
        code=code,
        name=f"Xã {code}",
        kind=kind,
        parent_kind=parent_kind,
        parent=parent,
        results=r,
        facts={"models_registered": models},
    )


def district(
    code: str,
    *,
    points: int = 0,
    kind: str = "huyen",
    results: Mapping[str, object] | None = None,
    models: int = 1,
) -> UnitInput:
    """A district passing every district gate; ``points`` adds B.1/C.1 events."""
    r: dict[str, object] = dict(DISTRICT_PASS)
    r.update(_offset(points))
    r.update(results or {})
    return UnitInput(
        code=code,
        name=f"Huyện {code}",
        kind=kind,
        parent="HG",
        results=r,
        facts={"models_registered": models},
    )
