"""Demo provincial departments of Hà Giang: units, how they did on Annex 1, their gate fact.

Thirteen departments (kind ``so_nganh``, under the province) named as lead
agencies in Annex 1 of plan 186/KH-UBND; each has a reporter account and
takes part in ``hagiang-2023``, whose department level is scored on
``annex1-task-completion``. For each, the names printed in Annex 1 that an
administrator resolves to it (the annex prints several agencies under more
than one name), how its tasks went (``outcomes``), and the fact the
department gate of the award plan reads (``staff_eid_level2_ratio``: staff
registered and activated at e-identification level 2 / staff).

Outcomes, one letter per task the department reports (the tasks whose first
printed lead it is, in list order; repeated when it has more tasks):

* ``O``: done on time, confirmed by the provincial appraiser;
* ``L``: done after the due date, confirmed (counts half);
* ``U``: done on time, the report still awaiting confirmation;
* ``R``: reported done, returned by the appraiser for want of evidence;
* ``P``: in progress;
* ``N``: nothing reported yet.

So some departments do well, some finish late, some wait for confirmation
or lag behind. The figures are generated and say nothing about how the named
departments actually did. Unit validity ends like the other demo units'
(30/6/2025); the demo does not model the departments merged in early 2025.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from thidua.web.campaigns.models import Campaign
from thidua.web.units.models import Unit

KIND = "so_nganh"
FACT = "staff_eid_level2_ratio"
VALID_TO = dt.date(2025, 6, 30)  # as the other demo units (thidua.web.demo)
# A one-page PDF standing for the list of staff and their level-2 accounts.
PDF = b"%PDF-1.4\n% Danh sach can bo kich hoat DDDT muc 2 (du lieu minh hoa / demo)\n%%EOF\n"


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    username: str
    printed: tuple[str, ...]  # its names as printed in Annex 1
    outcomes: str
    staff: tuple[int, int]  # staff_eid_level2_ratio: (level-2 accounts, staff)
    evidence: bool = True  # the fact's evidence file is attached


DEPARTMENTS: tuple[Department, ...] = (
    Department(
        "HG.CAT", "Công an tỉnh", "baocao_congan", ("Công an tỉnh",), "OOOOOOOOLOP", (2148, 2148)
    ),
    Department(
        "HG.VPUB",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "baocao_vpubnd",
        ("Văn phòng UBND tỉnh", "VP UBND tỉnh"),
        "OOLOOUOOLPO",
        (96, 97),
    ),
    Department(
        "HG.STTTT",
        "Sở Thông tin và Truyền thông",
        "baocao_sotttt",
        ("Sở Thông tin và Truyền thông", "Sở Thông tin - Truyền thông"),
        "O",
        (58, 58),
    ),
    Department("HG.SYT", "Sở Y tế", "baocao_soyte", ("Sở Y tế",), "OLLOL", (3412, 3450), False),
    Department("HG.STP", "Sở Tư pháp", "baocao_sotuphap", ("Sở Tư pháp",), "O", (64, 64)),
    Department(
        "HG.SLDTBXH",
        "Sở Lao động - Thương binh và Xã hội",
        "baocao_soldtbxh",
        (
            "Sở Lao động, Thương binh và Xã hội",
            "Sở Lao động, Thương binh và xã hội",
            "Sở Lao động Thương Binh & Xã hội",
            "Sở LĐTBXH",
        ),
        "LPLUNR",
        (212, 219),
    ),
    Department(
        "HG.BHXH",
        "Bảo hiểm xã hội tỉnh",
        "baocao_bhxh",
        ("Bảo hiểm XH tỉnh", "BHXH"),
        "O",
        (187, 187),
    ),
    Department(
        "HG.SGDDT",
        "Sở Giáo dục và Đào tạo",
        "baocao_sogddt",
        ("Sở Giáo dục - Đào tạo",),
        "U",
        (96, 96),
    ),
    Department("HG.SNV", "Sở Nội vụ", "baocao_sonoivu", ("Sở Nội vụ",), "OU", (71, 71)),
    Department("HG.STC", "Sở Tài chính", "baocao_sotaichinh", ("Sở Tài chính",), "O", (83, 83)),
    Department(
        "HG.SKHDT",
        "Sở Kế hoạch và Đầu tư",
        "baocao_sokhdt",
        ("Sở Kế hoạch và Đầu tư",),
        "P",
        (62, 64),
        False,
    ),
    Department(
        "HG.STNMT",
        "Sở Tài nguyên và Môi trường",
        "baocao_sotnmt",
        ("Sở Tài nguyên và Môi trường",),
        "NP",
        (140, 146),
    ),
    Department("HG.SXD", "Sở Xây dựng", "baocao_soxaydung", ("Sở Xây dựng",), "R", (55, 55)),
)

BY_PRINTED: dict[str, Department] = {n: d for d in DEPARTMENTS for n in d.printed}


def record_facts(campaign: Campaign) -> int:
    """Record each participating department's gate fact as the province's demo appraiser.

    Through :func:`thidua.web.awards_web.facts.record_fact` (policy, the core's
    check, audit), with a PDF of the staff list for most. Only facts not yet
    recorded are added; returns how many were. Nothing happens without the
    appraiser account or the award plan.
    """
    from thidua.web.accounts.models import Membership, Role
    from thidua.web.awards_web import facts
    from thidua.web.awards_web.models import UnitFact

    appraiser = (
        Membership.objects.filter(unit=campaign.owner, role=Role.APPRAISER)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    if appraiser is None:
        return 0
    units = {u.code: u for u in campaign.participants.filter(kind=KIND)}
    done = set(
        UnitFact.objects.filter(campaign=campaign, name=FACT, unit__in=units.values()).values_list(
            "unit__code", flat=True
        )
    )
    n = 0
    for d in DEPARTMENTS:
        unit = units.get(d.code)
        if unit is None or d.code in done or not facts.spec_for(campaign, unit, FACT):
            continue
        activated, staff = d.staff
        upload: Any = io.BytesIO(PDF + d.code.encode()) if d.evidence else None
        facts.record_fact(
            appraiser.user,
            campaign=campaign,
            unit=unit,
            name=FACT,
            value={"numerator": activated, "denominator": staff},
            note=(
                f"{activated}/{staff} cán bộ, công chức, viên chức đã kích hoạt tài khoản "
                "ĐDĐT mức 2 (theo danh sách đơn vị gửi, đã đối soát; dữ liệu minh họa)"
            ),
            expected_version=0,
            upload=upload,
            upload_name=f"danh-sach-dddt-muc-2-{d.code}.pdf" if upload is not None else "",
        )
        n += 1
    return n


def load_units(province: Unit) -> list[Unit]:
    """The departments under ``province`` (kept as they are when they exist)."""
    out = []
    for d in DEPARTMENTS:
        unit, _ = Unit.objects.get_or_create(
            code=d.code,
            defaults={"name": d.name, "kind": KIND, "parent": province, "valid_to": VALID_TO},
        )
        out.append(unit)
    return out
