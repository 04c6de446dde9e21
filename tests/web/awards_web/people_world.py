"""The named users' world with four districts nominating individuals at the commune level.

Added to the world of ``tests/web/conftest.py`` (plan ``hagiang-2023``, both
communes of Đồng Văn appraised as in ``test_awards_pages``: Lũng Cú ranks 1,
Sà Phìn 2), all participants of ``hg-2023``:

* ``bm_commune`` — Xã Yên Cường (HG.BM.YC) of Bắc Mê, the other district
* Mèo Vạc (HG.MV) with Xã Pả Vi (HG.MV.PV), Yên Minh (HG.YM) with Xã Lao và Chải
  (HG.YM.LVC): no results, so these three communes rank 3, 4, 5 (equal totals,
  then unit code)

and the officials who nominate:

* ``officer``      — reporter of Đồng Văn (nominates its communes' people)
* ``bm_officer``   — reporter of Bắc Mê (another district)
* ``bm_appraiser`` — appraiser of Bắc Mê (sees the level's lists, for Bắc Mê only)

The commune level allows each district 1 + 1 people (``per_parent`` 1,
``extra_per_parent`` 1) and has 15 places: 5 Bằng khen, 10 Giấy khen.

:func:`make_levels_world` adds the villages and the department of
``fact_world`` (the village level: each district 2 people, 22 places; the
department level: each department its own people, at most the level's 8
Bằng khen places) with Sở Y tế (HG.SYT) as a second department, and their
reporters:

* ``dept_officer``       — reporter of Sở Thông tin và Truyền thông (HG.STTTT)
* ``other_dept_officer`` — reporter of Sở Y tế (another department)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User

from tests.web.awards_web.fact_world import make_fact_world
from tests.web.awards_web.test_awards_pages import appraise_all
from tests.web.conftest import World, _user
from thidua.web.accounts.models import Role
from thidua.web.awards_web import individuals, services
from thidua.web.awards_web.models import IndividualNomination
from thidua.web.models_registry import services as registry
from thidua.web.units.models import Unit

BANG_KHEN = "bang_khen_ubnd_tinh"
GIAY_KHEN = "giay_khen_ca_tinh"


@dataclass
class PeopleWorld(World):
    bm_commune: Unit
    mv: Unit
    mv_commune: Unit
    ym: Unit
    ym_commune: Unit
    officer: User
    bm_officer: User
    bm_appraiser: User

    def nominate(
        self,
        unit: Unit,
        name: str,
        *,
        user: User | None = None,
        level: str = "commune",
        position: str = "Chủ tịch UBND xã",
        achievements: str = "Chỉ đạo thu nhận hồ sơ CCCD cho 100% công dân",
        priority: int | str | None = None,
    ) -> IndividualNomination:
        """Put ``name`` of ``unit`` forward as the admin (or ``user``), through the service."""
        lv = individuals.level_of(self.campaign, level)
        proposer = individuals.proposer_of(unit, lv)
        assert proposer is not None
        return individuals.create(
            user or self.admin,
            campaign=self.campaign,
            level_code=level,
            proposer=proposer,
            unit=unit,
            name=name,
            position=position,
            achievements=achievements,
            priority=priority,
        )


def make_people_world(world: World) -> PeopleWorld:
    services.set_plan(
        world.admin,
        campaign=world.campaign,
        plan="hagiang-2023",
        issuer="Công an tỉnh Hà Giang",
        issuer_parent="UBND tỉnh Hà Giang",
        issuer_short="Công an tỉnh",
        symbol="TTr-CAT",
        place="Hà Giang",
        addressee="Chủ tịch UBND tỉnh Hà Giang",
        signer_title="Giám đốc",
    )
    appraise_all(world, world.commune)
    appraise_all(world, world.peer_commune, {"A.I.1": False})
    for unit, user in ((world.commune, world.owner), (world.peer_commune, world.peer)):
        registry.register(
            user,
            campaign=world.campaign,
            unit=unit,
            title="Chợ phiên không dùng tiền mặt",
            field="An sinh xã hội",
            description="",
            started_on=dt.date(2023, 5, 1),
        )
    bm_commune = Unit.objects.create(
        code="HG.BM.YC", name="Xã Yên Cường", kind="xa", parent=world.other_district
    )
    mv = Unit.objects.create(
        code="HG.MV", name="Huyện Mèo Vạc", kind="huyen", parent=world.province
    )
    mv_commune = Unit.objects.create(code="HG.MV.PV", name="Xã Pả Vi", kind="xa", parent=mv)
    ym = Unit.objects.create(
        code="HG.YM", name="Huyện Yên Minh", kind="huyen", parent=world.province
    )
    ym_commune = Unit.objects.create(code="HG.YM.LVC", name="Xã Lao và Chải", kind="xa", parent=ym)
    world.campaign.participants.add(bm_commune, mv, mv_commune, ym, ym_commune)
    return PeopleWorld(
        **vars(world),
        bm_commune=bm_commune,
        mv=mv,
        mv_commune=mv_commune,
        ym=ym,
        ym_commune=ym_commune,
        officer=_user("officer", world.district, Role.REPORTER),
        bm_officer=_user("bm_officer", world.other_district, Role.REPORTER),
        bm_appraiser=_user("bm_appraiser", world.other_district, Role.APPRAISER),
    )


@dataclass
class LevelsWorld(PeopleWorld):
    village: Unit
    peer_village: Unit
    city_village: Unit
    department: Unit
    other_department: Unit
    dept_officer: User
    other_dept_officer: User


def make_levels_world(world: World) -> LevelsWorld:
    fw = make_fact_world(world)
    pw = make_people_world(world)
    other_department = Unit.objects.create(
        code="HG.SYT", name="Sở Y tế", kind="so_nganh", parent=world.province
    )
    world.campaign.participants.add(other_department)
    return LevelsWorld(
        **vars(pw),
        village=fw.village,
        peer_village=fw.peer_village,
        city_village=fw.city_village,
        department=fw.department,
        other_department=other_department,
        dept_officer=_user("dept_officer", fw.department, Role.REPORTER),
        other_dept_officer=_user("other_dept_officer", other_department, Role.REPORTER),
    )
