"""Units register models; commendations give B.2 / B.3 events, scored (and capped) by the core.

Points by hand from Annex 3 (communes): B.2 "Biểu dương 05 điểm/lần; được
nhân rộng, khen thưởng 10 điểm/lần", at most 20; B.3 "Biểu dương, 03
điểm/lần; được nhân rộng, khen thưởng 05 điểm/lần", at most 10.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.conftest import World
from thidua import recognitions
from thidua.scoring import get_builtin
from thidua.web.campaigns.scoring import unit_score
from thidua.web.errors import BadInput, Denied
from thidua.web.models_registry import services
from thidua.web.models_registry.models import ModelEvidence, Recognition, RegisteredModel
from thidua.web.results.models import Result


@pytest.fixture
def model(world: World) -> RegisteredModel:
    return services.register(
        world.owner,
        campaign=world.campaign,
        unit=world.commune,
        title="Chợ phiên không dùng tiền mặt",
        field="An sinh xã hội, thanh toán không dùng tiền mặt",
        description="",
        started_on=dt.date(2023, 5, 1),
    )


def recognise(world: World, model: RegisteredModel, level: str, kind: str, n: int = 1) -> None:
    for i in range(n):
        services.recognise(
            world.admin,
            model=model,
            level=level,
            kind=kind,
            issuer="Tổ công tác Đề án 06 tỉnh",
            decision_number=f"{10 + i}/QĐ-TCT",
            decision_date=dt.date(2023, 10, 1 + i),
        )


def points(world: World, code: str) -> Decimal:
    return unit_score(world.campaign, world.commune, basis="final").criteria[code].points


def test_the_core_maps_levels_to_b2_and_b3() -> None:
    fw = get_builtin("hagiang-2023-commune")
    assert recognitions.criterion_for(fw, "national") == "B.2"
    assert recognitions.criterion_for(fw, "provincial") == "B.3"
    assert recognitions.points_each(fw, "provincial") == {
        "commended": Decimal(3),
        "replicated": Decimal(5),
    }
    assert recognitions.criterion_for(get_builtin("dti-commune"), "national") is None


def test_a_provincial_commendation_gives_b3_points_linked_to_the_decision(
    world: World, model: RegisteredModel
) -> None:
    recognise(world, model, "provincial", "commended")
    row = Result.objects.get(campaign=world.campaign, unit=world.commune, criterion="B.3")
    assert row.appraised_value == [{"kind": "commended", "count": 1}]
    assert "10/QĐ-TCT" in row.appraisal_reason
    assert points(world, "B.3") == Decimal(3)


def test_the_frameworks_cap_applies(world: World, model: RegisteredModel) -> None:
    recognise(world, model, "provincial", "commended", n=3)  # 9
    recognise(world, model, "provincial", "replicated")  # +5 = 14, capped at 10
    assert points(world, "B.3") == Decimal(10)
    recognise(world, model, "national", "replicated", n=3)  # 30, capped at 20
    assert points(world, "B.2") == Decimal(20)


def test_recording_a_recognition_needs_the_decision_and_an_admin(
    world: World, model: RegisteredModel
) -> None:
    with pytest.raises(Denied):
        services.recognise(
            world.appraiser,
            model=model,
            level="national",
            kind="commended",
            issuer="Bộ Công an",
            decision_number="1/QĐ",
            decision_date=dt.date(2023, 9, 1),
        )
    with pytest.raises(BadInput):
        services.recognise(
            world.admin,
            model=model,
            level="national",
            kind="commended",
            issuer="Bộ Công an",
            decision_number="",
            decision_date=None,
        )
    assert not Recognition.objects.exists()


def test_only_the_units_people_register_its_models(world: World) -> None:
    with pytest.raises(Denied):
        services.register(
            world.peer,
            campaign=world.campaign,
            unit=world.commune,
            title="x",
            field="y",
            description="",
            started_on=dt.date(2023, 5, 1),
        )
    with pytest.raises(BadInput):
        services.register(
            world.owner,
            campaign=world.campaign,
            unit=world.commune,
            title="",
            field="",
            description="",
            started_on=None,
        )


def test_the_count_feeds_the_awards_fact(world: World, model: RegisteredModel) -> None:
    assert services.counts(world.campaign, [world.commune, world.peer_commune]) == {
        world.commune.pk: 1,
        world.peer_commune.pk: 0,
    }


def test_the_registry_page_shows_units_without_a_model(
    world: World, model: RegisteredModel
) -> None:
    html = (
        world.client(world.admin)
        .get(reverse("models_registry", args=[world.campaign.code]) + "?level=commune")
        .content.decode()
    )
    assert "Chợ phiên không dùng tiền mặt" in html
    assert "Xã Sà Phìn" in html and "Chưa đăng ký mô hình" in html
    only = (
        world.client(world.admin)
        .get(reverse("models_registry", args=[world.campaign.code]) + "?level=commune&without=1")
        .content.decode()
    )
    assert "Xã Lũng Cú" not in only and "Xã Sà Phìn" in only


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("peer", 200), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
def test_everyone_in_the_campaign_sees_the_registry_scoped_to_their_tree(
    world: World, model: RegisteredModel, who: str, expected: int
) -> None:
    response = world.client(getattr(world, who)).get(
        reverse("models_registry", args=[world.campaign.code]) + "?level=commune"
    )
    assert response.status_code == expected
    if who == "peer":
        assert "Chợ phiên" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("peer", 404), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
def test_a_units_models_page_follows_the_read_policy(
    world: World, model: RegisteredModel, who: str, expected: int
) -> None:
    path = reverse("unit_models", args=[world.campaign.code, world.commune.code])
    assert world.client(getattr(world, who)).get(path).status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 302), ("peer", 404), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
def test_registering_through_the_page(world: World, who: str, expected: int) -> None:
    response = world.client(getattr(world, who)).post(
        reverse("model_register", args=[world.campaign.code, world.commune.code]),
        {"title": "Thôn điện tử", "field": "Chuyển đổi số", "started_on": "2023-06-01"},
    )
    assert response.status_code == expected
    assert RegisteredModel.objects.exists() is (expected == 302)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 404), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
def test_recognising_through_the_page(
    world: World, model: RegisteredModel, who: str, expected: int
) -> None:
    response = world.client(getattr(world, who)).post(
        reverse("model_recognise", args=[world.campaign.code, model.pk]),
        {
            "level": "national",
            "kind": "commended",
            "issuer": "Tổ công tác Đề án 06 Chính phủ",
            "decision_number": "45/TB-TCTĐA06",
            "decision_date": "2023-11-02",
        },
    )
    assert response.status_code == expected
    assert Recognition.objects.exists() is (expected == 302)


@pytest.mark.parametrize(
    ("who", "upload", "download"),
    [
        ("owner", 302, 200),
        ("peer", 404, 404),
        ("outsider", 404, 404),
        ("appraiser", 403, 200),
        ("admin", 302, 200),
    ],
)
def test_model_evidence_follows_the_units_tree(
    world: World, model: RegisteredModel, who: str, upload: int, download: int
) -> None:
    client = world.client(getattr(world, who))
    response = client.post(
        reverse("model_evidence", args=[world.campaign.code, model.pk]),
        {"file": SimpleUploadedFile("qd.pdf", b"%PDF-1.4 qd")},
    )
    assert response.status_code == upload
    if not ModelEvidence.objects.exists():
        services.attach(
            world.owner, model=model, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), name="a.pdf"
        )
    ev = ModelEvidence.objects.first()
    assert ev is not None
    assert client.get(reverse("model_evidence_file", args=[ev.pk])).status_code == download
