"""The national directory of administrative units, from the ``vietnam-provinces`` package.

Since 1/7/2025 Vietnam has two levels of local government: 34 provinces and
centrally-run cities, and 3,321 communes, wards and special zones directly
below them (no districts). The package carries exactly those; it does not
carry the pre-2025 districts and communes.

Codes are the official ones, zero-padded as the General Statistics Office
writes them: a province "01", a commune or ward "00070" (five digits, unique
across the country). Province names get the "Tỉnh " prefix the package leaves
out ("Cao Bằng" → "Tỉnh Cao Bằng"); city names already carry "Thành phố".

Importing is a plan like any file import (:mod:`.importing`): created, updated
or unchanged by code, written in bulk in one transaction with one audit entry,
so running it again changes nothing, and running it after a package update only
applies the differences. Optional fields of stored units (validity, groups) are
kept; new units are valid from 1/7/2025.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from thidua.web.units.importing import ImportPlan, ImportRejected, plan_table, write_plan
from thidua.web.units.tabular import Table

REFORM_DATE = dt.date(2025, 7, 1)

# The package's division types (VietNamDivisionType values) → our unit kinds.
KIND_OF_DIVISION = {
    "tỉnh": "tinh",
    "thành phố trung ương": "thanh_pho_tw",
    "xã": "xa",
    "phường": "phuong",
    "đặc khu": "dac_khu",
}


@dataclass(frozen=True)
class VnImport:
    plan: ImportPlan
    provinces: int
    communes: int
    seconds: float
    source: str


def _source() -> str:
    import vietnam_provinces

    return f"vietnam-provinces {vietnam_provinces.__version__} (data {vietnam_provinces.__data_version__})"


def directory_table() -> tuple[Table, int, int]:
    """The package's provinces then communes as an import table, and how many of each."""
    from vietnam_provinces import Province, Ward

    rows: list[tuple[int, tuple[object, ...]]] = []
    line = 1
    provinces = sorted(Province.iter_all(), key=lambda p: int(p.code))
    for p in provinces:
        line += 1
        name = p.name if p.name.startswith("Thành phố") else f"Tỉnh {p.name}"
        rows.append((line, (f"{int(p.code):02d}", name, _kind(p.division_type), "")))
    wards = sorted(Ward.iter_all(), key=lambda w: int(w.code))
    for w in wards:
        line += 1
        rows.append(
            (
                line,
                (
                    f"{int(w.code):05d}",
                    w.name,
                    _kind(w.division_type),
                    f"{int(w.province_code):02d}",
                ),
            )
        )
    table = Table(
        file="vietnam-provinces",
        columns={"code": 0, "name": 1, "kind": 2, "parent_code": 3},
        headers=("code", "name", "kind", "parent_code"),
        rows=tuple(rows),
    )
    return table, len(provinces), len(wards)


def _kind(division_type: Any) -> str:
    value = getattr(division_type, "value", division_type)
    return KIND_OF_DIVISION[str(value)]


def plan_vn(user: Any) -> VnImport:
    """What importing the directory would change (nothing is written)."""
    start = time.perf_counter()
    table, np, nw = directory_table()
    plan = plan_table(user, table, new_unit_defaults={"valid_from": REFORM_DATE})
    return VnImport(plan, np, nw, time.perf_counter() - start, _source())


def import_vn(user: Any) -> VnImport:
    """Create or update the 34 provinces and 3,321 communes; raises ImportRejected on a conflict
    (e.g. a stored unit with one of the codes that the user may not change)."""
    start = time.perf_counter()
    table, np, nw = directory_table()
    with transaction.atomic():
        plan = plan_table(user, table, new_unit_defaults={"valid_from": REFORM_DATE})
        if plan.errors:
            raise ImportRejected(plan)
        write_plan(user, plan, action="unit.import_vn", source=_source())
    return VnImport(plan, np, nw, time.perf_counter() - start, _source())
