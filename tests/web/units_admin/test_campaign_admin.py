"""Campaign administration: create and edit a campaign (period, milestones, frameworks per
level, participants, tie-breakers, colours); what an open or published campaign may still change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tests.web.conftest import World
from thidua.web.audit.models import AuditEntry
from thidua.web.campaigns.admin_services import CampaignData, MilestoneData, save_campaign
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import BadInput, Denied
from thidua.web.results.models import Result
from thidua.web.units.models import Unit


def _form(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "hg-2024",
        "title": "Thi đua Đề án 06 năm 2024",
        "owner": "HG",
        "period_start": "2024-01-01",
        "period_end": "2024-12-15",
        "fw_district": "hagiang-2023-district",
        "fw_commune": "hagiang-2023-commune",
        "participants": "",
        "add_levels": ["district", "commune"],
        "tie_breakers": "A, C",
        "green_from": "85",
        "amber_from": "60",
        "ms-TOTAL_FORMS": "3",
        "ms-INITIAL_FORMS": "0",
        "ms-0-kind": "launch",
        "ms-0-date": "2024-01-15",
        "ms-0-title": "Phát động",
        "ms-1-kind": "submission",
        "ms-1-date": "2024-11-30",
        "ms-2-kind": "",
        "ms-2-date": "",
    }
    data.update(over)
    return data


def test_it_creates_a_campaign_from_the_page(world: World) -> None:
    Unit.objects.create(
        code="HG.DV.OLD",
        name="Xã cũ",
        kind="xa",
        parent=world.district,
        valid_to=dt.date(2023, 12, 31),
    )
    response = world.client(world.admin).post(reverse("manage_campaign_create"), _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    c = Campaign.objects.get(code="hg-2024")
    assert (c.state, c.owner.code, c.tie_breakers) == ("draft", "HG", ["A", "C"])
    assert (c.green_from, c.amber_from) == (Decimal("0.850"), Decimal("0.600"))
    assert dict(c.frameworks.values_list("level", "framework")) == {
        "district": "hagiang-2023-district",
        "commune": "hagiang-2023-commune",
    }
    assert sorted(c.participants.values_list("code", flat=True)) == [
        "HG.BM",
        "HG.DV",
        "HG.DV.LC",
        "HG.DV.SP",
    ]  # the unit that ended before the period is left out
    assert c.submission_deadline() == dt.date(2024, 11, 30)
    assert AuditEntry.objects.get(action="campaign.create").after["tie_breakers"] == ["A", "C"]


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"tie_breakers": "Z.9"}, "Z.9"),
        ({"period_end": "2023-01-01"}, "trước ngày bắt đầu"),
        ({"green_from": "50"}, "Ngưỡng màu"),
        ({"participants": "TH.QX", "add_levels": []}, "không thuộc"),
        ({"fw_commune": "", "add_levels": ["commune"]}, "Chưa chọn bảng điểm"),
        ({"code": "hg-2023"}, "đã được dùng"),
        ({"ms-2-kind": "final"}, "cả loại và ngày"),
    ],
)
def test_it_explains_what_is_wrong(world: World, over: dict[str, Any], words: str) -> None:
    response = world.client(world.admin).post(reverse("manage_campaign_create"), _form(**over))
    assert response.status_code == 422
    assert words in response.content.decode()
    assert not Campaign.objects.filter(code="hg-2024").exists()


@pytest.mark.parametrize("who", ["owner", "peer", "appraiser", "outsider"])
def test_it_lets_only_administrators_of_the_owner_create(world: World, who: str) -> None:
    response = world.client(getattr(world, who)).post(reverse("manage_campaign_create"), _form())
    assert response.status_code == 403
    assert not Campaign.objects.filter(code="hg-2024").exists()


def _data(world: World, **over: Any) -> CampaignData:
    c = world.campaign
    base: dict[str, Any] = {
        "code": c.code,
        "title": c.title,
        "owner_code": "HG",
        "period_start": c.period_start,
        "period_end": c.period_end,
        "frameworks": {"district": "hagiang-2023-district", "commune": "hagiang-2023-commune"},
        "participants": ("HG.DV", "HG.BM", "HG.DV.LC", "HG.DV.SP"),
        "tie_breakers": ("A",),
        "green_from": c.green_from,
        "amber_from": c.amber_from,
    }
    base.update(over)
    return CampaignData(**base)


def test_it_keeps_frameworks_and_participants_with_results_once_open(world: World) -> None:
    Result.objects.create(
        campaign=world.campaign, unit=world.commune, criterion="A.I.1", self_value=True
    )
    with pytest.raises(BadInput, match="Frameworks cannot change"):
        save_campaign(
            world.admin,
            _data(
                world,
                frameworks={"district": "hagiang-2023-district", "commune": "dti-commune"},
                tie_breakers=(),
            ),
            campaign=world.campaign,
        )
    with pytest.raises(BadInput, match=r"HG\.DV\.LC"):
        save_campaign(
            world.admin, _data(world, participants=("HG.DV", "HG.BM")), campaign=world.campaign
        )
    saved = save_campaign(
        world.admin,
        _data(world, participants=("HG.DV", "HG.BM", "HG.DV.LC"), title="Tên mới"),
        campaign=world.campaign,
    )
    assert saved.title == "Tên mới" and saved.participants.count() == 3


def test_it_only_changes_title_and_milestones_once_published(world: World) -> None:
    Campaign.objects.filter(pk=world.campaign.pk).update(state="published")
    world.campaign.refresh_from_db()
    with pytest.raises(BadInput, match="tie_breakers"):
        save_campaign(world.admin, _data(world, tie_breakers=("C",)), campaign=world.campaign)
    save_campaign(
        world.admin,
        _data(world, milestones=(MilestoneData("final", dt.date(2023, 12, 20), "Tổng kết"),)),
        campaign=world.campaign,
    )
    assert world.campaign.milestones.get().kind == "final"


def test_it_refuses_editing_by_non_administrators(world: World) -> None:
    with pytest.raises(Denied):
        save_campaign(world.appraiser, _data(world, title="X"), campaign=world.campaign)


def test_it_shows_the_edit_form_filled_in(world: World) -> None:
    html = (
        world.client(world.admin)
        .get(reverse("manage_campaign_edit", args=[world.campaign.code]))
        .content.decode()
    )
    assert "hagiang-2023-commune" in html and "HG.DV.LC" in html and 'value="90.0"' in html
