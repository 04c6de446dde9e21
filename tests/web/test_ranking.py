"""Ranks per level from the core, with subtotals, colours, exports, and a frozen snapshot."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from tests.web.conftest import World
from tests.web.helpers import RATIO, fill_all
from thidua.web.campaigns.models import RankingSnapshot
from thidua.web.results.models import Result


def _appraised(world: World) -> None:
    fill_all(world.campaign, world.commune, status="accepted")
    Result.objects.filter(unit=world.commune).update(appraised_value=models_self())
    fill_all(world.campaign, world.peer_commune, status="accepted")
    Result.objects.filter(unit=world.peer_commune).update(appraised_value=models_self())
    # Sà Phìn's A.II.1 corrected down to 35% of the 70% target: 10 of 20 points.
    Result.objects.filter(unit=world.peer_commune, criterion=RATIO).update(
        appraised_value="35%", status="corrected"
    )


def models_self():  # type: ignore[no-untyped-def]
    from django.db.models import F

    return F("self_value")


def test_it_ranks_communes_on_appraised_values(world: World) -> None:
    _appraised(world)
    page = world.client(world.appraiser).get(
        reverse("ranking", args=[world.campaign.code, "commune"])
    )
    html = page.content.decode()
    assert html.index("Xã Lũng Cú") < html.index("Xã Sà Phìn")
    assert "c-green" in html and "<svg" in html
    rows = page.context["ranking"].rows
    assert [r.rank for r in rows] == [1, 2]
    assert rows[0].total - rows[1].total == 10  # 20 − 10 points on A.II.1


def test_it_exports_csv_and_xlsx(world: World) -> None:
    _appraised(world)
    client = world.client(world.admin)
    csv = client.get(
        reverse("ranking_export", args=[world.campaign.code, "commune", "csv"])
    ).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Hạng / Rank,Mã / Code")
    assert "HG.DV.LC" in csv.splitlines()[1]
    xlsx = client.get(
        reverse("ranking_export", args=[world.campaign.code, "commune", "xlsx"])
    ).content
    ws = load_workbook(io.BytesIO(xlsx)).active
    assert ws is not None and ws.cell(2, 2).value == "HG.DV.LC"


def test_it_freezes_the_ranks_when_published(world: World) -> None:
    _appraised(world)
    client = world.client(world.admin)
    for state in ("appraisal", "published"):
        client.post(reverse("campaign_state", args=[world.campaign.code]), {"state": state})
    world.campaign.refresh_from_db()
    assert world.campaign.state == "published"
    snap = RankingSnapshot.objects.get(campaign=world.campaign, level="commune")
    assert [r["unit"] for r in snap.rows] == ["HG.DV.LC", "HG.DV.SP"]
    # Published ranks are visible to every participant, and never recomputed.
    Result.objects.filter(unit=world.peer_commune).update(appraised_value=None)
    page = world.client(world.peer).get(reverse("ranking", args=[world.campaign.code, "commune"]))
    assert page.status_code == 200 and [r.rank for r in page.context["ranking"].rows] == [1, 2]


def test_it_refuses_to_publish_before_every_result_is_appraised(world: World) -> None:
    Result.objects.create(
        campaign=world.campaign,
        unit=world.commune,
        criterion=RATIO,
        self_value="1",
        status="submitted",
    )
    client = world.client(world.admin)
    client.post(reverse("campaign_state", args=[world.campaign.code]), {"state": "appraisal"})
    client.post(reverse("campaign_state", args=[world.campaign.code]), {"state": "published"})
    world.campaign.refresh_from_db()
    assert world.campaign.state == "appraisal" and not RankingSnapshot.objects.exists()


def test_it_shows_a_district_appraiser_only_its_communes(world: World) -> None:
    page = world.client(world.appraiser).get(
        reverse("ranking", args=[world.campaign.code, "district"])
    )
    assert [r.unit_code for r in page.context["ranking"].rows] == ["HG.DV"]


def test_it_escapes_names_and_links_only_the_units_the_reader_may_open(world: World) -> None:
    _appraised(world)
    world.peer_commune.name = 'Xã <b>Sà</b> "Phìn" & Co'
    world.peer_commune.save()
    html = (
        world.client(world.appraiser)
        .get(reverse("ranking", args=[world.campaign.code, "commune"]))
        .content.decode()
    )
    assert "Xã &lt;b&gt;Sà&lt;/b&gt; &quot;Phìn&quot; &amp; Co" in html and "<b>Sà</b>" not in html
    link = reverse("self_assessment", args=[world.campaign.code, world.commune.code])
    assert f'<a href="{link}">Xã Lũng Cú</a>' in html
    # Each row: rank, unit, its parent, one cell per group, total and bar, in that order.
    row = html[html.index("<td>2</td>") : html.index("</tr>", html.index("<td>2</td>"))]
    assert row.count('class="text-right hide-sm"') == 3  # groups A, B and C
    assert 'role="img" aria-label="' in row and "Huyện Đồng Văn" in row
