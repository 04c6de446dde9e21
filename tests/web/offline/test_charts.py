"""Charts on a unit's page: server-side SVG, well-formed, titled, numbers the Vietnamese way.

Figures (hagiang-2023-commune, appraised): Lũng Cú has 8 of the 30 points of
section A.I (26,7%), Sà Phìn 12 (40%), so their average is 33,3%; Lũng Cú's
total is 8 of 300 (2,7%). In an archived 2022 campaign its frozen share was 50%.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from tests.web.conftest import World
from tests.web.offline.test_advice import _appraised
from thidua.web import charts
from thidua.web.campaigns.models import Campaign, LevelFramework, RankingSnapshot
from thidua.web.units.models import Unit, UnitSuccession

SVG = "{http://www.w3.org/2000/svg}"


def _svgs(html: str) -> dict[str, ET.Element]:
    """Every chart of the page by its figure id, parsed as XML (fails if malformed)."""
    out = {}
    for fig_id, svg in re.findall(r'<figure[^>]*id="([^"]+)">\s*(<svg.*?</svg>)', html, re.S):
        out[fig_id] = ET.fromstring(svg)
    return out


def _texts(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text")]


def _archived_2022(world: World, unit: Unit | None = None) -> None:
    unit = unit or world.commune
    old = Campaign.objects.create(
        code="hg-2022",
        title="Thi đua Đề án 06 năm 2022",
        owner=world.province,
        period_start=dt.date(2022, 6, 1),
        period_end=dt.date(2022, 12, 15),
        state="archived",
    )
    old.participants.set([unit])
    LevelFramework.objects.create(campaign=old, level="commune", framework="hagiang-2023-commune")
    RankingSnapshot.objects.create(
        campaign=old,
        level="commune",
        framework="hagiang-2023-commune",
        taken_at=timezone.now(),
        rows=[
            {
                "unit": unit.code,
                "name": unit.name,
                "parent": "",
                "rank": 1,
                "total": "150",
                "groups": {"A": "150", "B": "0", "C": "0"},
                "fraction": "0.5",
                "colour": "red",
            }
        ],
    )


def test_it_draws_well_formed_titled_charts(world: World) -> None:
    _appraised(world)
    _archived_2022(world)
    html = (
        world.client(world.admin).get(reverse("unit", args=[world.commune.code])).content.decode()
    )
    svgs = _svgs(html)
    assert set(svgs) == {"chart-ranking", "chart-profile", "chart-over-time"}
    for svg in svgs.values():
        assert svg.get("role") == "img"
        title = svg.find(f"{SVG}title")
        assert title is not None and title.text
        assert not list(svg.iter(f"{SVG}script"))
    profile = _texts(svgs["chart-profile"])
    assert "26,7%" in profile and "33,3%" in profile
    assert "Trung bình 2 đơn vị cùng cấp" in profile
    ranking = _texts(svgs["chart-ranking"])
    assert "1. Xã Sà Phìn" in ranking and "8 (2,7%)" in ranking
    over_time = svgs["chart-over-time"]
    assert "50%" in _texts(over_time) and "2,7%" in _texts(over_time)
    assert len(list(over_time.iter(f"{SVG}circle"))) == 2


def test_it_follows_the_unit_back_to_a_merged_predecessor(world: World) -> None:
    # Xã Cũ (not in the owner's subtree) merged into Lũng Cú; its 2022 rank was published.
    old = Unit.objects.create(code="HG.DV.CU", name="Xã Cũ", kind="xa", parent=world.district)
    UnitSuccession.objects.create(
        predecessor=old, successor=world.commune, date=dt.date(2023, 1, 1)
    )
    _archived_2022(world, old)
    html = (
        world.client(world.owner).get(reverse("unit", args=[world.commune.code])).content.decode()
    )
    over_time = _svgs(html)["chart-over-time"]
    assert "50%" in _texts(over_time)
    assert any("Xã Cũ" in t for t in _texts(over_time))


def test_it_shows_a_reporter_the_profile_without_others_figures(world: World) -> None:
    _appraised(world)
    html = (
        world.client(world.owner).get(reverse("unit", args=[world.commune.code])).content.decode()
    )
    svgs = _svgs(html)
    assert "chart-ranking" not in svgs
    texts = _texts(svgs["chart-profile"])
    assert "26,7%" in texts and "33,3%" not in texts


def test_it_escapes_labels_and_formats_numbers_per_language() -> None:
    bars = [charts.Bar("Xã <A&B>", Decimal("0.855")), charts.Bar("Xã C", Decimal("-0.1"))]
    vi = ET.fromstring(charts.ranking_bars("r", "Xếp hạng", bars, lang="vi"))
    en = ET.fromstring(charts.ranking_bars("r", "Ranking", bars, lang="en"))
    assert "Xã <A&B>" in _texts(vi) and "85,5%" in _texts(vi) and "85.5%" in _texts(en)
    widths = [r.get("width") for r in vi.iter(f"{SVG}rect")]
    assert widths[-1] == "0"  # a negative total draws no bar


def test_it_draws_a_single_campaign_as_one_point() -> None:
    svg = ET.fromstring(
        charts.score_over_time("t", "Điểm", [charts.TimePoint("12/2023", Decimal("0.5"))])
    )
    assert len(list(svg.iter(f"{SVG}circle"))) == 1
    assert svg.find(f"{SVG}polyline") is None
