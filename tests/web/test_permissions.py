"""Every route, tried by every named user: who may read and who may change what.

The rule that matters most: a reporter of one commune can never read or change
another commune's results, evidence or drafts.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.conftest import World
from tests.web.helpers import RATIO, url
from thidua.web.results import evidence as evidence_service
from thidua.web.results.models import Evidence, Result

PDF = b"%PDF-1.4\n% demo\n"

READ_OK = {"owner": 200, "peer": 404, "outsider": 404, "appraiser": 200, "admin": 200}


@pytest.fixture
def draft(world: World) -> Result:
    return Result.objects.create(
        campaign=world.campaign,
        unit=world.commune,
        criterion=RATIO,
        self_value="80%",
        note="bí mật",
    )


@pytest.fixture
def evidence(world: World, draft: Result) -> Evidence:
    return evidence_service.attach(
        world.owner, result=draft, upload=io.BytesIO(PDF), name="ke-hoach.pdf"
    )


def _status(
    world: World, who: str, method: str, path: str, data: dict[str, object] | None = None
) -> int:
    client = world.client(getattr(world, who))
    response = client.get(path) if method == "get" else client.post(path, data or {})
    return response.status_code


@pytest.mark.parametrize("who", sorted(READ_OK))
@pytest.mark.parametrize("route", ["self_assessment", "criterion_detail", "unit"])
def test_it_shows_a_communes_results_only_to_its_tree(
    world: World, draft: Result, who: str, route: str
) -> None:
    if route == "unit":
        path = reverse("unit", args=[world.commune.code])
    elif route == "criterion_detail":
        path = url(route, world.campaign.code, world.commune, RATIO)
    else:
        path = url(route, world.campaign.code, world.commune)
    assert _status(world, who, "get", path) == READ_OK[who]


@pytest.mark.parametrize("who", sorted(READ_OK))
def test_it_never_leaks_the_draft_values(world: World, draft: Result, who: str) -> None:
    page = world.client(getattr(world, who)).get(
        url("self_assessment", world.campaign.code, world.commune)
    )
    assert ("bí mật" in page.content.decode()) is (READ_OK[who] == 200)


@pytest.mark.parametrize("who", sorted(READ_OK))
def test_it_serves_evidence_only_to_the_units_tree(
    world: World, evidence: Evidence, who: str
) -> None:
    response = world.client(getattr(world, who)).get(reverse("evidence", args=[evidence.pk]))
    assert response.status_code == READ_OK[who]
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
        assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("peer", 404), ("outsider", 404), ("appraiser", 403), ("admin", 200)],
)
def test_it_lets_only_the_units_reporters_save_drafts(
    world: World, draft: Result, who: str, expected: int
) -> None:
    path = url("save_row", world.campaign.code, world.commune, RATIO)
    response = world.client(getattr(world, who)).post(
        path, {"pct": "90", "version": 1}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == expected
    draft.refresh_from_db()
    assert draft.self_value == ("90%" if expected == 200 else "80%")


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 302), ("peer", 404), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
def test_it_lets_only_the_units_reporters_upload(
    world: World, draft: Result, who: str, expected: int
) -> None:
    path = url("upload_evidence", world.campaign.code, world.commune, RATIO)
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    assert _status(world, who, "post", path, {"file": upload}) == expected
    assert Evidence.objects.filter(result=draft).count() == (1 if expected == 302 else 0)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 404), ("outsider", 404), ("appraiser", 302), ("admin", 302)],
)
def test_it_lets_only_the_level_above_appraise(
    world: World, draft: Result, who: str, expected: int
) -> None:
    draft.status = "submitted"
    draft.save()
    path = url("appraise_row", world.campaign.code, world.commune, RATIO)
    assert _status(world, who, "post", path, {"action": "accept", "version": 1}) == expected
    draft.refresh_from_db()
    assert draft.status == ("accepted" if expected == 302 else "submitted")


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 404), ("peer", 404), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
def test_it_shows_the_appraisal_page_to_appraisers_above(
    world: World, who: str, expected: int
) -> None:
    assert (
        _status(world, who, "get", url("appraisal", world.campaign.code, world.commune)) == expected
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 404), ("outsider", 404), ("appraiser", 302), ("admin", 302)],
)
def test_it_lets_only_the_level_above_bulk_accept(
    world: World, draft: Result, who: str, expected: int
) -> None:
    draft.status = "submitted"
    draft.save()
    assert (
        _status(world, who, "post", url("bulk_accept", world.campaign.code, world.commune))
        == expected
    )
    draft.refresh_from_db()
    assert draft.status == ("accepted" if expected == 302 else "submitted")


def test_it_never_lets_a_district_appraiser_appraise_its_own_district(world: World) -> None:
    Result.objects.create(
        campaign=world.campaign,
        unit=world.district,
        criterion="A.I.1",
        self_value=True,
        status="submitted",
    )
    path = url("appraise_row", world.campaign.code, world.district, "A.I.1")
    assert _status(world, "appraiser", "post", path, {"action": "accept", "version": 1}) == 403


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 404), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
def test_it_lets_only_the_units_reporters_submit(
    world: World, draft: Result, who: str, expected: int
) -> None:
    assert _status(world, who, "post", url("submit", world.campaign.code, world.commune)) in (
        {expected, 302} if who == "owner" else {expected}
    )
    draft.refresh_from_db()
    assert draft.status == "draft"  # the owner's table is incomplete, so nothing is submitted


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("peer", 200), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
def test_it_shows_the_campaign_to_people_of_its_province(
    world: World, who: str, expected: int
) -> None:
    assert _status(world, who, "get", reverse("campaign", args=[world.campaign.code])) == expected


def test_it_lists_only_units_in_scope_on_the_campaign_page(world: World) -> None:
    page = (
        world.client(world.owner)
        .get(reverse("campaign", args=[world.campaign.code]))
        .content.decode()
    )
    assert "Xã Lũng Cú" in page and "Xã Sà Phìn" not in page


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 403), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
def test_it_lets_only_province_admins_change_the_campaign_state(
    world: World, who: str, expected: int
) -> None:
    path = reverse("campaign_state", args=[world.campaign.code])
    assert _status(world, who, "post", path, {"state": "appraisal"}) == expected
    world.campaign.refresh_from_db()
    assert world.campaign.state == ("appraisal" if expected == 302 else "open")


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 404), ("peer", 404), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
def test_it_shows_unpublished_ranks_only_to_oversight_roles(
    world: World, who: str, expected: int
) -> None:
    assert (
        _status(world, who, "get", reverse("ranking", args=[world.campaign.code, "commune"]))
        == expected
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("peer", 404), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
def test_it_previews_points_only_for_readers(world: World, who: str, expected: int) -> None:
    path = url("preview", world.campaign.code, world.commune, RATIO)
    assert _status(world, who, "post", path, {"pct": "35"}) == expected


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/units/HG.DV.LC/",
        "/c/hg-2023/",
        "/c/hg-2023/u/HG.DV.LC/",
        "/c/hg-2023/ranking/commune/",
        "/evidence/1/",
    ],
)
def test_it_sends_anonymous_visitors_to_the_login_page(world: World, path: str) -> None:
    response = world.client(None).get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
