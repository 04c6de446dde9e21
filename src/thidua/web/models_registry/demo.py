"""Demo models for ``hagiang-2023``: about three units in four register one, a few are commended.

Titles are typical Đề án 06 models (cashless markets, digital villages,
community digital teams …), marked as demo data. Which units register is
:func:`registers_model` (seeded by unit code): the demo results use it too, so
that the units the demo makes pass every award gate have the model that gate
``model_815`` asks for, and a unit without one fails that gate visibly.
Idempotent: nothing is added when the campaign already has models.
"""

from __future__ import annotations

import datetime as dt
import random

from thidua.web.audit.services import record
from thidua.web.campaigns.models import Campaign
from thidua.web.models_registry import services
from thidua.web.models_registry.choices import FIELDS
from thidua.web.models_registry.models import Recognition, RegisteredModel

TITLES = (
    ("Chợ phiên không dùng tiền mặt", FIELDS[2]),
    ("Thôn điện tử, hộ gia đình số", FIELDS[6]),
    ("Tổ công nghệ số cộng đồng hướng dẫn VNeID tại nhà", FIELDS[0]),
    ("Điểm hỗ trợ dịch vụ công trực tuyến tại Bộ phận một cửa", FIELDS[1]),
    ("Khám chữa bệnh bằng căn cước công dân gắn chíp", FIELDS[3]),
    ("Trường học không dùng tiền mặt", FIELDS[4]),
    ("Ngày thứ Bảy làm sạch dữ liệu dân cư", FIELDS[5]),
)


# Share of units without a model under Công văn 815/CV-UBND.
NO_MODEL = 0.25


def _rng(code: str) -> random.Random:
    # A text seed (hashed with SHA-512 by random) spreads neighbouring codes well; CRC-32
    # seeds of HG.QBI.01 … HG.QBI.05 gave nearly equal first draws.
    return random.Random(f"model/{code}")


def registers_model(code: str) -> bool:
    """Whether the demo unit ``code`` registers a model (the same answer on every machine)."""
    return _rng(code).random() >= NO_MODEL


def load(campaign: Campaign) -> bool:
    if RegisteredModel.objects.filter(campaign=campaign).exists():
        return False
    recognised = []
    # Localities only: the departments' level has no model gate and its table no bonus rows.
    for unit in campaign.participants.exclude(kind="so_nganh").order_by("path"):
        rng = _rng(unit.code)
        if rng.random() < NO_MODEL:  # as registers_model
            continue  # no model: shown as such in the registry
        title, field = TITLES[rng.randrange(len(TITLES))]
        m = RegisteredModel.objects.create(
            campaign=campaign,
            unit=unit,
            title=f"Mô hình “{title}” (dữ liệu minh họa)",
            field=field,
            description="Đăng ký theo Công văn số 815/CV-UBND ngày 27/3/2023 của Chủ tịch UBND tỉnh.",
            started_on=dt.date(2023, rng.randint(4, 8), rng.randint(1, 28)),
        )
        roll = rng.random()
        if roll < 0.12:
            Recognition.objects.create(
                model=m,
                level="provincial",
                kind="commended" if roll < 0.08 else "replicated",
                issuer="Tổ công tác Đề án 06 tỉnh Hà Giang",
                decision_number=f"{rng.randint(100, 999)}/QĐ-TCT",
                decision_date=dt.date(2023, 10, rng.randint(1, 28)),
            )
            recognised.append(unit)
        elif roll < 0.15:
            Recognition.objects.create(
                model=m,
                level="national",
                kind="commended",
                issuer="Tổ công tác triển khai Đề án 06 Chính phủ",
                decision_number=f"{rng.randint(10, 99)}/TB-TCTĐA06",
                decision_date=dt.date(2023, 11, rng.randint(1, 20)),
            )
            recognised.append(unit)
    for unit in recognised:
        services.sync_bonus(campaign, unit, actor=None)
    record(
        None,
        "demo.seed",
        object_type="model",
        object_id=campaign.code,
        campaign=campaign.code,
        after={"models": RegisteredModel.objects.filter(campaign=campaign).count()},
    )
    return True
