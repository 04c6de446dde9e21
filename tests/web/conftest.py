"""Named users for permission tests, and a small open campaign they work in.

Hà Giang (province) ⊃ Đồng Văn (district) ⊃ Lũng Cú (the owner's commune) and
Sà Phìn (the peer's commune); Bắc Mê is another district. The users:

* ``owner``     — reporter of Lũng Cú
* ``peer``      — reporter of Sà Phìn (a commune next door)
* ``outsider``  — reporter of a unit outside the campaign's province
* ``appraiser`` — appraiser of Đồng Văn, the district above both communes
* ``admin``     — administrator of the province
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from thidua.web.accounts.models import Membership, Role
from thidua.web.campaigns.choices import CampaignState
from thidua.web.campaigns.models import Campaign, LevelFramework
from thidua.web.i18n import compile_catalogues
from thidua.web.units.models import Unit

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True, scope="session")
def _catalogues() -> None:
    compile_catalogues()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # Fast hashing in tests; production keeps Argon2 first (see test_settings).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_sweep_memo() -> None:
    # The cut-off sweep remembers per process which campaigns it checked today;
    # each test has its own database, so it must not inherit that memory.
    from thidua.web.reporting import sweep

    sweep.forget()


@dataclass
class World:
    province: Unit
    district: Unit
    other_district: Unit
    commune: Unit
    peer_commune: Unit
    elsewhere: Unit
    campaign: Campaign
    owner: User
    peer: User
    outsider: User
    appraiser: User
    admin: User

    def client(self, user: User | None) -> Client:
        c = Client()
        if user is not None:
            c.force_login(user)
        return c


def _user(name: str, unit: Unit, role: str) -> User:
    u = User.objects.create_user(name, password=PASSWORD)
    Membership.objects.create(user=u, unit=unit, role=role)
    return u


@pytest.fixture
def world(db: Any) -> World:
    province = Unit.objects.create(code="HG", name="Tỉnh Hà Giang", kind="tinh")
    district = Unit.objects.create(
        code="HG.DV", name="Huyện Đồng Văn", kind="huyen", parent=province
    )
    other = Unit.objects.create(code="HG.BM", name="Huyện Bắc Mê", kind="huyen", parent=province)
    commune = Unit.objects.create(code="HG.DV.LC", name="Xã Lũng Cú", kind="xa", parent=district)
    peer_commune = Unit.objects.create(
        code="HG.DV.SP", name="Xã Sà Phìn", kind="xa", parent=district
    )
    elsewhere_root = Unit.objects.create(code="TH", name="Tỉnh Thanh Hóa", kind="tinh")
    elsewhere = Unit.objects.create(
        code="TH.QX", name="Huyện Quảng Xương", kind="huyen", parent=elsewhere_root
    )
    campaign = Campaign.objects.create(
        code="hg-2023",
        title="Thi đua Đề án 06 năm 2023",
        owner=province,
        period_start=dt.date(2023, 6, 14),
        period_end=dt.date(2023, 12, 15),
        state=CampaignState.OPEN,
        tie_breakers=["A"],
    )
    campaign.participants.set([district, other, commune, peer_commune])
    LevelFramework.objects.create(
        campaign=campaign, level="district", framework="hagiang-2023-district"
    )
    LevelFramework.objects.create(
        campaign=campaign, level="commune", framework="hagiang-2023-commune"
    )
    return World(
        province=province,
        district=district,
        other_district=other,
        commune=commune,
        peer_commune=peer_commune,
        elsewhere=elsewhere,
        campaign=campaign,
        owner=_user("owner", commune, Role.REPORTER),
        peer=_user("peer", peer_commune, Role.REPORTER),
        outsider=_user("outsider", elsewhere, Role.REPORTER),
        appraiser=_user("appraiser", district, Role.APPRAISER),
        admin=_user("admin", province, Role.ADMIN),
    )
