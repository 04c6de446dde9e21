"""Demo reporting data for ``hagiang-2023``: three obligations from plan 186/KH-UBND and submissions.

* "Báo cáo kết quả tuyên truyền, quán triệt phong trào thi đua" — section VI.1
  of the plan: departments, districts and communes report to the province
  "trước ngày 30/6/2023";
* a monthly Đề án 06 report of the districts, due on the 20th (July–November);
* "Báo cáo tổng kết phong trào thi đua", due 25/11/2023, districts.

The cut-off is 30/11/2023, the end of the campaign ("đến hết ngày
30/11/2023", II.2). Submission times come from a fixed seed: most units send
on time, some 1–2 or 3+ days late, a few resend, a few never send. Loading is
idempotent: nothing is added when the campaign already has obligations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import zlib

from django.core.files.base import ContentFile

from thidua.reporting import TIMEZONE
from thidua.web.campaigns.models import Campaign
from thidua.web.reporting import services
from thidua.web.reporting.models import (
    Obligation,
    ReportingSetup,
    ReportInstance,
    Submission,
    SubmissionFile,
)
from thidua.web.units.models import Unit

CUTOFF = dt.date(2023, 11, 30)
PDF = b"%PDF-1.4\n% Bao cao minh hoa (demo)\n%%EOF\n"


def _obligation(campaign: Campaign, province: Unit, **fields: object) -> Obligation:
    units = fields.pop("units", None)
    ob = Obligation.objects.create(campaign=campaign, recipient=province, **fields)  # type: ignore[arg-type]
    if units is not None:
        ob.units.set(units)  # type: ignore[arg-type]
    return ob


def _delay(rng: random.Random) -> int | None:
    """Days after the due date (negative: early); None: never sent."""
    roll = rng.random()
    if roll < 0.06:
        return None
    if roll < 0.16:
        return rng.randint(3, 9)
    if roll < 0.30:
        return rng.randint(1, 2)
    return -rng.randint(0, 4)


def _send(inst: ReportInstance, unit: Unit, at: dt.datetime, number: str) -> None:
    sub = Submission.objects.create(
        instance=inst,
        unit=unit,
        submitted_at=at,
        document_number=number,
        note="Dữ liệu minh họa (demo)",
    )
    digest = hashlib.sha256(PDF + unit.code.encode()).hexdigest()
    f = SubmissionFile(
        submission=sub,
        file_type="pdf",
        original_name=f"bao-cao-{unit.code}.pdf",
        size=len(PDF),
        sha256=digest,
    )
    f.file.save(f"{digest}.pdf", ContentFile(PDF), save=False)
    f.save()


def load(campaign: Campaign) -> bool:
    """Add the demo obligations and submissions; False when the campaign already has some."""
    if Obligation.objects.filter(campaign=campaign).exists():
        return False
    province = campaign.owner
    ReportingSetup.objects.update_or_create(campaign=campaign, defaults={"cutoff": CUTOFF})
    propaganda = _obligation(
        campaign,
        province,
        title="Báo cáo kết quả tuyên truyền, quán triệt phong trào thi đua",
        scope="subtree",
        root=province,
        frequency="ad_hoc",
        note="Mục VI.1 Kế hoạch 186/KH-UBND: báo cáo về UBND tỉnh (qua Công an tỉnh và Sở Nội vụ) trước ngày 30/6/2023",
    )
    ReportInstance.objects.create(
        obligation=propaganda, label="Hạn 30/06/2023", due_date=dt.date(2023, 6, 30)
    )
    monthly = _obligation(
        campaign,
        province,
        title="Báo cáo kết quả thực hiện Đề án 06 hằng tháng",
        scope="level",
        level="district",
        frequency="monthly",
        day=20,
        starts_on=dt.date(2023, 7, 1),
    )
    for month in range(7, 12):
        ReportInstance.objects.create(
            obligation=monthly, label=f"Tháng {month}/2023", due_date=dt.date(2023, month, 20)
        )
    final = _obligation(
        campaign,
        province,
        title="Báo cáo tổng kết phong trào thi đua thực hiện Đề án 06 năm 2023",
        scope="level",
        level="district",
        frequency="ad_hoc",
    )
    ReportInstance.objects.create(
        obligation=final, label="Hạn 25/11/2023", due_date=dt.date(2023, 11, 25)
    )
    for ob in (propaganda, monthly, final):
        for inst in ob.instances.all():
            for unit in ob.owing_units():
                rng = random.Random(zlib.crc32(f"{unit.code}/{inst.due_date}".encode()))
                delay = _delay(rng)
                if delay is None:
                    continue
                day = inst.due_date + dt.timedelta(days=delay)
                at = dt.datetime(
                    day.year,
                    day.month,
                    day.day,
                    rng.randint(7, 23),
                    rng.randint(0, 59),
                    tzinfo=TIMEZONE,
                )
                issuer = unit.code.rsplit(".", 1)[-1] if unit.kind == "so_nganh" else "UBND"
                _send(inst, unit, at, f"{rng.randint(10, 300)}/BC-{issuer}")
                if rng.random() < 0.1:  # a corrected file a few days later
                    _send(inst, unit, at + dt.timedelta(days=rng.randint(1, 5)), "bổ sung")
    services.refresh_campaign(campaign, actor=None)
    return True
