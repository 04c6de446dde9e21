"""Demo data: Hà Giang's departments, districts and communes, Quảng Xương, accounts, campaigns.

Everything here is clearly demo data: results are generated from a fixed seed
(same data on every machine), plausible for each rule kind, and validated by
the scoring core before they are stored. The rows the award gates of plan
``hagiang-2023`` read are aimed at them (:mod:`thidua.web.demo_gates`): in
each district a share of the communes meets every gate, the others miss one
or two, so the award pages show proposals and failed gates alike. Loading is
idempotent: existing units, accounts and campaigns are kept as they are.
The provincial departments (:mod:`thidua.web.demo_departments`) take part in
``hagiang-2023`` on ``annex1-task-completion``; their results are written by
the platform from the Annex 1 task list (:mod:`thidua.web.tasks.demo`).

Names. The ``vietnam-provinces`` package only has the divisions in force since
7/2025 (no districts), so the pre-2025 communes below are a hand-picked
handful per district; most names also survive as post-2025 communes in the
package's Tuyên Quang list. Quảng Xương's 26 communes are those of the
inspection plan ``seeds/003_…`` (its five teams' lists).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from thidua.scoring import ScoringInputError, get_builtin
from thidua.scoring.model import Framework, Node
from thidua.scoring.rules import (
    BinaryRule,
    ChoiceRule,
    CountRule,
    EventsRule,
    RatioRule,
    ScaledRule,
    TiersRule,
)
from thidua.web import demo_departments
from thidua.web.accounts.models import Membership
from thidua.web.audit.services import record
from thidua.web.campaigns.choices import CampaignState, MilestoneKind
from thidua.web.campaigns.models import Campaign, LevelFramework, Milestone
from thidua.web.campaigns.scoring import score_one
from thidua.web.demo_features import load_feature_demo
from thidua.web.demo_gates import UnitAims, aimed_value, plan_aims
from thidua.web.models_registry.demo import registers_model
from thidua.web.results.choices import ResultStatus
from thidua.web.results.models import Result
from thidua.web.units.choices import Level
from thidua.web.units.models import Unit

DEFAULT_PASSWORD = "thidua-demo-2023"
SEED = 2023

# (code, name, kind, [(commune name, kind)])
HA_GIANG: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "HG.TP",
        "Thành phố Hà Giang",
        "thanh_pho",
        [
            ("Phường Quang Trung", "phuong"),
            ("Phường Trần Phú", "phuong"),
            ("Phường Nguyễn Trãi", "phuong"),
            ("Phường Minh Khai", "phuong"),
            ("Phường Ngọc Hà", "phuong"),
            ("Xã Phương Thiện", "xa"),
            ("Xã Phương Độ", "xa"),
            ("Xã Ngọc Đường", "xa"),
        ],
    ),
    (
        "HG.BM",
        "Huyện Bắc Mê",
        "huyen",
        [
            ("Thị trấn Yên Phú", "thi_tran"),
            ("Xã Yên Cường", "xa"),
            ("Xã Minh Ngọc", "xa"),
            ("Xã Đường Âm", "xa"),
            ("Xã Lạc Nông", "xa"),
        ],
    ),
    (
        "HG.BQ",
        "Huyện Bắc Quang",
        "huyen",
        [
            ("Thị trấn Việt Quang", "thi_tran"),
            ("Thị trấn Vĩnh Tuy", "thi_tran"),
            ("Xã Hùng An", "xa"),
            ("Xã Đồng Yên", "xa"),
            ("Xã Tân Quang", "xa"),
        ],
    ),
    (
        "HG.DV",
        "Huyện Đồng Văn",
        "huyen",
        [
            ("Thị trấn Đồng Văn", "thi_tran"),
            ("Thị trấn Phó Bảng", "thi_tran"),
            ("Xã Lũng Cú", "xa"),
            ("Xã Sà Phìn", "xa"),
            ("Xã Sủng Là", "xa"),
            ("Xã Phố Cáo", "xa"),
        ],
    ),
    (
        "HG.HSP",
        "Huyện Hoàng Su Phì",
        "huyen",
        [
            ("Thị trấn Vinh Quang", "thi_tran"),
            ("Xã Thông Nguyên", "xa"),
            ("Xã Nậm Dịch", "xa"),
            ("Xã Tụ Nhân", "xa"),
            ("Xã Bản Luốc", "xa"),
        ],
    ),
    (
        "HG.MV",
        "Huyện Mèo Vạc",
        "huyen",
        [
            ("Thị trấn Mèo Vạc", "thi_tran"),
            ("Xã Pải Lủng", "xa"),
            ("Xã Xín Cái", "xa"),
            ("Xã Sơn Vĩ", "xa"),
            ("Xã Lũng Pù", "xa"),
        ],
    ),
    (
        "HG.QB",
        "Huyện Quản Bạ",
        "huyen",
        [
            ("Thị trấn Tam Sơn", "thi_tran"),
            ("Xã Cán Tỷ", "xa"),
            ("Xã Lùng Tám", "xa"),
            ("Xã Quyết Tiến", "xa"),
            ("Xã Thanh Vân", "xa"),
        ],
    ),
    (
        "HG.QBI",
        "Huyện Quang Bình",
        "huyen",
        [
            ("Thị trấn Yên Bình", "thi_tran"),
            ("Xã Xuân Giang", "xa"),
            ("Xã Tân Trịnh", "xa"),
            ("Xã Bằng Lang", "xa"),
            ("Xã Yên Thành", "xa"),
        ],
    ),
    (
        "HG.VX",
        "Huyện Vị Xuyên",
        "huyen",
        [
            ("Thị trấn Vị Xuyên", "thi_tran"),
            ("Thị trấn Việt Lâm", "thi_tran"),
            ("Xã Thanh Thủy", "xa"),
            ("Xã Đạo Đức", "xa"),
            ("Xã Tùng Bá", "xa"),
        ],
    ),
    (
        "HG.XM",
        "Huyện Xín Mần",
        "huyen",
        [
            ("Thị trấn Cốc Pài", "thi_tran"),
            ("Xã Nà Chì", "xa"),
            ("Xã Quảng Nguyên", "xa"),
            ("Xã Chí Cà", "xa"),
            ("Xã Thu Tà", "xa"),
        ],
    ),
    (
        "HG.YM",
        "Huyện Yên Minh",
        "huyen",
        [
            ("Thị trấn Yên Minh", "thi_tran"),
            ("Xã Du Già", "xa"),
            ("Xã Mậu Duệ", "xa"),
            ("Xã Lao Và Chải", "xa"),
            ("Xã Đường Thượng", "xa"),
        ],
    ),
]

# seeds/003_…: Kế hoạch kiểm tra Đề án 06, huyện Quảng Xương (Thanh Hóa), 2023.
QUANG_XUONG = ["Thị trấn Tân Phong"] + [
    f"Xã {n}"
    for n in (
        "Quảng Bình",
        "Quảng Hợp",
        "Quảng Hải",
        "Quảng Thái",
        "Quảng Nhân",
        "Quảng Yên",
        "Quảng Trung",
        "Quảng Chính",
        "Quảng Giao",
        "Tiên Trang",
        "Quảng Trạch",
        "Quảng Lộc",
        "Quảng Nham",
        "Quảng Thạch",
        "Quảng Đức",
        "Quảng Văn",
        "Quảng Long",
        "Quảng Trường",
        "Quảng Khê",
        "Quảng Ngọc",
        "Quảng Định",
        "Quảng Phúc",
        "Quảng Hòa",
        "Quảng Lưu",
        "Quảng Ninh",
    )
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    unit: str
    role: str
    description: str


ACCOUNTS = [
    DemoAccount("admin_tinh", "HG", "admin", "Quản trị cấp tỉnh (Công an tỉnh, PC06)"),
    DemoAccount("thamdinh_tinh", "HG", "appraiser", "Thẩm định cấp tỉnh (thẩm định các huyện)"),
    DemoAccount("lanhdao_tinh", "HG", "viewer", "Lãnh đạo tỉnh (chỉ xem)"),
    DemoAccount(
        "thamdinh_dongvan", "HG.DV", "appraiser", "Thẩm định huyện Đồng Văn (thẩm định các xã)"
    ),
    DemoAccount("baocao_dongvan", "HG.DV", "reporter", "Nhập kết quả huyện Đồng Văn"),
    DemoAccount("baocao_lungcu", "HG.DV.03", "reporter", "Nhập kết quả xã Lũng Cú"),
    DemoAccount("baocao_saphin", "HG.DV.04", "reporter", "Nhập kết quả xã Sà Phìn"),
    DemoAccount("admin_quangxuong", "TH.QX", "admin", "Quản trị huyện Quảng Xương"),
] + [
    DemoAccount(d.username, d.code, "reporter", f"Báo cáo nhiệm vụ Phụ lục 1 của {d.name}")
    for d in demo_departments.DEPARTMENTS
]


def demo_password() -> str:
    return os.environ.get("THIDUA_DEMO_PASSWORD") or DEFAULT_PASSWORD


def _unit(code: str, name: str, kind: str, parent: Unit | None) -> Unit:
    unit, _ = Unit.objects.get_or_create(
        code=code,
        defaults={"name": name, "kind": kind, "parent": parent, "valid_to": dt.date(2025, 6, 30)},
    )
    return unit


def load_units() -> tuple[Unit, list[Unit], Unit, list[Unit]]:
    hg = _unit("HG", "Tỉnh Hà Giang", "tinh", None)
    hg_units: list[Unit] = []
    for code, name, kind, communes in HA_GIANG:
        district = _unit(code, name, kind, hg)
        hg_units.append(district)
        for i, (cname, ckind) in enumerate(communes, start=1):
            hg_units.append(_unit(f"{code}.{i:02d}", cname, ckind, district))
    th = _unit("TH", "Tỉnh Thanh Hóa", "tinh", None)
    qx = _unit("TH.QX", "Huyện Quảng Xương", "huyen", th)
    qx_units = [
        _unit(f"TH.QX.{i:02d}", n, "thi_tran" if n.startswith("Thị trấn") else "xa", qx)
        for i, n in enumerate(QUANG_XUONG, start=1)
    ]
    return hg, hg_units, qx, qx_units


def load_accounts() -> list[DemoAccount]:
    User = get_user_model()
    encoded = ""
    for a in ACCOUNTS:
        user = User.objects.filter(username=a.username).first()
        if user is None:
            # One hash for every new demo account (they share the published demo
            # password): Argon2 takes most of a second per call.
            encoded = encoded or make_password(demo_password())
            user = User(username=a.username, first_name=a.description, password=encoded)
            user.save()
        Membership.objects.get_or_create(user=user, unit=Unit.objects.get(code=a.unit), role=a.role)
    return ACCOUNTS


# --- results ---------------------------------------------------------------------------------


def _plausible(node: Node, rng: random.Random, *, strong: bool = False) -> object:
    """A value a real unit might enter for ``node`` (None for no events); ``strong`` units do
    somewhat better (they are the ones meeting every award gate)."""
    rule = node.rule
    if isinstance(rule, BinaryRule):
        return rng.random() < (0.95 if strong else 0.85)
    if isinstance(rule, RatioRule):
        den = rng.randint(20, 4000)
        num = min(den, int(den * rng.uniform(0.75 if strong else 0.55, 1.02)))
        return (
            {"numerator": num, "denominator": den}
            if rng.random() < 0.7
            else f"{Decimal(num * 100) / den:.1f}%"
        )
    if isinstance(rule, CountRule):
        top = rule.max_count or int((node.max_points or Decimal(5)) / rule.per_unit) + 1
        return rng.randint(0, max(top, 1))
    if isinstance(rule, TiersRule):
        bounds = [b for t in rule.tiers for b in (t.gt, t.gte, t.lt, t.lte) if b is not None]
        return rng.randint(0, int(max(bounds, default=Decimal(10))) + 2)
    if isinstance(rule, ChoiceRule):
        return rng.choice(rule.options).key if rule.options else None
    if isinstance(rule, ScaledRule):
        return int(rule.scale * Decimal(rng.uniform(0.5, 0.98)))
    if isinstance(rule, EventsRule):
        deduction = all(((k.max_points if k.ranged else k.points) or 0) < 0 for k in rule.kinds)
        if rng.random() < (0.95 if strong and deduction else 0.7) or not rule.kinds:
            return None
        kind = rng.choice(rule.kinds)
        if kind.ranged:
            assert kind.min_points is not None
            return [{"kind": kind.key, "points": int(kind.min_points)}]
        return [{"kind": kind.key, "count": 1}]
    return None


# How far each unit got, by position: a mix of every status.
PLAN = (
    "appraised",
    "submitted",
    "returned",
    "draft",
    "appraised",
    "submitted",
    "partial",
    "appraised",
)


def _seed_unit(
    fw: Framework, campaign: Campaign, unit: Unit, stage: str, aims: UnitAims | None = None
) -> int:
    rng = random.Random(SEED * 1_000_003 + zlib.crc32(unit.code.encode()))
    n = 0
    criteria = list(fw.criteria)
    if stage == "partial":
        criteria = criteria[: len(criteria) // 3]
    strong = aims is not None and aims.exemplary
    for i, node in enumerate(criteria):
        aim = aims.criteria.get(node.code) if aims is not None else None
        value = _plausible(node, rng, strong=strong)
        # An award gate's row: a value that meets (or misses) the gate, and, for some
        # appraised units, a self-assessment that met it until the appraiser corrected it.
        appraised: object = value
        corrected = False
        if aim is not None:
            level = str(unit.level)
            appraised = value = aimed_value(aim, level, rng)
            if not aim.passes and stage == "appraised" and rng.random() < 0.5:
                value = aimed_value(replace(aim, passes=True), level, rng)
                corrected = True
        if value is None:
            continue
        try:
            score_one(fw, unit, node.code, value)
            if corrected:
                score_one(fw, unit, node.code, appraised)
        except ScoringInputError:
            continue  # a generated value the rule refuses is simply not entered
        status = {
            "appraised": ResultStatus.ACCEPTED,
            "submitted": ResultStatus.SUBMITTED,
            "returned": ResultStatus.SUBMITTED,
            "draft": ResultStatus.DRAFT,
            "partial": ResultStatus.DRAFT,
        }[stage]
        row = Result(
            campaign=campaign,
            unit=unit,
            criterion=node.code,
            self_value=value,
            status=status,
            note="Dữ liệu minh họa (demo)",
        )
        if stage == "appraised":
            row.appraised_value = appraised
            if corrected:
                row.status = ResultStatus.CORRECTED
                row.appraisal_reason = "Điều chỉnh theo số liệu đối soát trên hệ thống (demo)"
            elif i == 1 and isinstance(node.rule, BinaryRule | RatioRule):
                row.status = ResultStatus.CORRECTED
                row.appraised_value = False if isinstance(node.rule, BinaryRule) else "60%"
                row.appraisal_reason = "Minh chứng chưa đầy đủ (demo)"
        if stage == "returned" and i in (0, 2):
            row.status = ResultStatus.RETURNED
            row.appraisal_reason = "Đề nghị bổ sung văn bản minh chứng (demo)"
        row.save()
        record(
            None,
            "demo.seed",
            object_type="result",
            object_id=row.audit_id,
            campaign=campaign.code,
            unit=unit.code,
            after={
                "self_value": row.self_value,
                "appraised_value": row.appraised_value,
                "status": row.status,
            },
        )
        n += 1
    return n


def load_campaigns(
    hg: Unit,
    hg_units: list[Unit],
    qx: Unit,
    qx_units: list[Unit],
    departments: Sequence[Unit] = (),
) -> tuple[Campaign, bool]:
    existing = Campaign.objects.filter(code="hagiang-2023").first()
    if existing is not None:
        return existing, False
    c = Campaign.objects.create(
        code="hagiang-2023",
        title="Thi đua thực hiện Đề án 06 năm 2023 (dữ liệu minh họa)",
        owner=hg,
        period_start=dt.date(2023, 6, 14),
        period_end=dt.date(2023, 12, 15),
        state=CampaignState.OPEN,
        # Every level's table must have the tie-breakers: annex1-task-completion (departments)
        # has only group A, so no "C" (fewer deductions) here.
        tie_breakers=["A"],
    )
    c.participants.set([*hg_units, *departments])
    # Departments: no results seeded here; A.1 / A.2 come from the task list (tasks.demo).
    LevelFramework.objects.create(
        campaign=c, level=Level.DEPARTMENT, framework="annex1-task-completion"
    )
    LevelFramework.objects.create(
        campaign=c, level=Level.DISTRICT, framework="hagiang-2023-district"
    )
    LevelFramework.objects.create(campaign=c, level=Level.COMMUNE, framework="hagiang-2023-commune")
    for kind, date, title in (
        (MilestoneKind.LAUNCH, dt.date(2023, 6, 14), "Kế hoạch 186/KH-UBND"),
        (MilestoneKind.MIDTERM, dt.date(2023, 7, 15), "Sơ kết 6 tháng"),
        (MilestoneKind.DOSSIER, dt.date(2023, 12, 5), "Hồ sơ gửi Công an tỉnh"),
        (MilestoneKind.DOSSIER, dt.date(2023, 12, 15), "Hồ sơ gửi Sở Nội vụ"),
        (MilestoneKind.FINAL, dt.date(2023, 12, 20), "Tổng kết"),
    ):
        Milestone.objects.create(campaign=c, kind=kind, date=date, title=title)
    frameworks = {
        Level.DISTRICT: get_builtin("hagiang-2023-district"),
        Level.COMMUNE: get_builtin("hagiang-2023-commune"),
    }
    ordered = sorted(hg_units, key=lambda u: u.code)
    stages = {u.code: PLAN[i % len(PLAN)] for i, u in enumerate(ordered)}
    aims = plan_aims(ordered, stages, registers_model)
    for unit in ordered:
        _seed_unit(frameworks[Level(unit.level)], c, unit, stages[unit.code], aims.get(unit.code))
    qc = Campaign.objects.create(
        code="quangxuong-2023",
        title="Thi đua Đề án 06 cấp xã huyện Quảng Xương năm 2023 (dữ liệu minh họa)",
        owner=qx,
        period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2023, 12, 31),
        state=CampaignState.DRAFT,
    )
    qc.participants.set(qx_units)
    LevelFramework.objects.create(
        campaign=qc, level=Level.COMMUNE, framework="district-2832-2023-commune"
    )
    return c, True


def load_demo() -> dict[str, Any]:
    """Load everything (idempotent); returns what was done, for the command to print."""
    with transaction.atomic():
        hg, hg_units, qx, qx_units = load_units()
        departments = demo_departments.load_units(hg)
        accounts = load_accounts()
        campaign, created = load_campaigns(hg, hg_units, qx, qx_units, departments)
        load_feature_demo(campaign)
        __import__("thidua.web.inspections.demo", fromlist=["load"]).load(qx)
    return {
        "accounts": accounts,
        "campaign": campaign,
        "created": created,
        "units": Unit.objects.count(),
    }
