"""The named users' world with units whose award gates read recorded facts.

Added to the world of ``tests/web/conftest.py``, all participants of ``hg-2023``
with the plan ``hagiang-2023``:

* ``village``       — Thôn Lũng Cú (HG.DV.LC.T1), in the owner's commune
* ``peer_village``  — Thôn Séo Lủng (HG.DV.SP.T1), in the peer's commune
* ``city_village``  — Tổ 1 (HG.TP.NT.T1), of a ward of Hà Giang city
* ``department``    — Sở Thông tin và Truyền thông (HG.STTTT), under the province

Villages are scored on the commune table and departments on the Annex 1 task
list (the plan names no table for either); their gates are all facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.web.conftest import World
from thidua.web.awards_web import facts, services
from thidua.web.awards_web.models import UnitFact
from thidua.web.campaigns.models import LevelFramework
from thidua.web.units.models import Unit

PDF = b"%PDF-1.4\n% bao cao so lieu\n"

# Every village fact, met: 100% mobilised, over 80% registered and activated, 100% cleaned, yes.
MET: dict[str, object] = {
    "cccd_mobilised_ratio": {"numerator": 412, "denominator": 412},
    "eid_registration_ratio": "85%",
    "eid_activation_ratio": {"numerator": 350, "denominator": 412},
    "population_data_cleaned_ratio": "100%",
    "online_services_outreach": True,
}


@dataclass
class FactWorld(World):
    village: Unit
    peer_village: Unit
    city_village: Unit
    department: Unit


def make_fact_world(world: World) -> FactWorld:
    services.set_plan(world.admin, campaign=world.campaign, plan="hagiang-2023")
    village = Unit.objects.create(
        code="HG.DV.LC.T1", name="Thôn Lũng Cú", kind="thon", parent=world.commune
    )
    peer_village = Unit.objects.create(
        code="HG.DV.SP.T1", name="Thôn Séo Lủng", kind="thon", parent=world.peer_commune
    )
    city = Unit.objects.create(
        code="HG.TP", name="Thành phố Hà Giang", kind="thanh_pho", parent=world.province
    )
    ward = Unit.objects.create(
        code="HG.TP.NT", name="Phường Nguyễn Trãi", kind="phuong", parent=city
    )
    city_village = Unit.objects.create(
        code="HG.TP.NT.T1", name="Tổ 1", kind="to_dan_pho", parent=ward
    )
    department = Unit.objects.create(
        code="HG.STTTT", name="Sở Thông tin và Truyền thông", kind="so_nganh", parent=world.province
    )
    world.campaign.participants.add(village, peer_village, city_village, department)
    LevelFramework.objects.create(
        campaign=world.campaign, level="village", framework="hagiang-2023-commune"
    )
    LevelFramework.objects.create(
        campaign=world.campaign, level="department", framework="annex1-task-completion"
    )
    return FactWorld(
        **vars(world),
        village=village,
        peer_village=peer_village,
        city_village=city_village,
        department=department,
    )


def record_all(fw: FactWorld, unit: Unit, values: dict[str, object] | None = None) -> None:
    """Record every village fact of ``unit`` (as the province admin), ``values`` overriding."""
    for name, value in {**MET, **(values or {})}.items():
        current = facts.get_fact(fw.campaign, unit, name)
        facts.record_fact(
            fw.admin,
            campaign=fw.campaign,
            unit=unit,
            name=name,
            value=value,
            note="Báo cáo của Công an xã",
            expected_version=current.version,
        )


def stored(fw: FactWorld, unit: Unit, name: str) -> UnitFact | None:
    return UnitFact.objects.filter(campaign=fw.campaign, unit=unit, name=name).first()
