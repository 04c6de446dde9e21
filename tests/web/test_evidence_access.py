"""Who downloads an evidence file by its id: the policy decides, for every kind of file.

Each download view fetches the file's row, asks ``thidua.web.policy`` and only then
serves it (``results.evidence.attachment``). A commune never downloads another
commune's files by guessing ids, on the pages or through the API: they look like
missing ones (404). A file taken down is gone for everyone, its own unit included.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.api.conftest import USERS, token_for
from tests.web.awards_web.fact_world import PDF, FactWorld, make_fact_world
from tests.web.conftest import World
from tests.web.helpers import RATIO
from thidua.web import policy
from thidua.web.awards_web import facts
from thidua.web.awards_web.models import FactEvidence
from thidua.web.results import evidence as evidence_service
from thidua.web.results.models import Evidence, Result
from thidua.web.tasks import services as task_services
from thidua.web.tasks.models import TaskEvidence
from thidua.web.units.models import Unit


def result_evidence(world: World, unit: Unit, who: str) -> Evidence:
    row = Result.objects.create(
        campaign=world.campaign, unit=unit, criterion=RATIO, self_value="80%"
    )
    return evidence_service.attach(
        getattr(world, who), result=row, upload=io.BytesIO(PDF), name="ke-hoach.pdf"
    )


def fact_evidence(fw: FactWorld, unit: Unit) -> FactEvidence:
    fact = facts.record_fact(
        fw.admin,
        campaign=fw.campaign,
        unit=unit,
        name="online_services_outreach",
        value=True,
        note="",
        expected_version=0,
        upload=io.BytesIO(PDF),
        upload_name="bien-ban.pdf",
    )
    return fact.evidence.get()


def page(world: World, who: str, name: str, pk: int) -> int:
    return world.client(getattr(world, who)).get(reverse(name, args=[pk])).status_code


def by_token(world: World, who: str) -> Client:
    """An API client calling as ``who`` with a token (the API's own permission path)."""
    return Client(headers={"Authorization": f"Bearer {token_for(getattr(world, who))}"})


def api(world: World, who: str, path: str) -> int:
    return int(by_token(world, who).get(path).status_code)


# --- another commune's files, by id ----------------------------------------------------------


def test_a_commune_cannot_download_another_communes_result_evidence(world: World) -> None:
    theirs = result_evidence(world, world.peer_commune, "peer")
    assert page(world, "owner", "evidence", theirs.pk) == 404
    assert api(world, "owner", f"/api/evidence/{theirs.pk}") == 404
    # The file is there: its own commune downloads it, on the page and through the API.
    assert page(world, "peer", "evidence", theirs.pk) == 200
    assert api(world, "peer", f"/api/evidence/{theirs.pk}") == 200
    ours = result_evidence(world, world.commune, "owner")
    assert page(world, "peer", "evidence", ours.pk) == 404
    assert api(world, "peer", f"/api/evidence/{ours.pk}") == 404


def test_a_commune_cannot_download_another_communes_fact_evidence(world: World) -> None:
    fw = make_fact_world(world)
    theirs = fact_evidence(fw, fw.peer_village)  # a village of the peer's commune
    assert page(world, "owner", "fact_evidence_file", theirs.pk) == 404
    assert api(world, "owner", f"/api/fact-evidence/{theirs.pk}") == 404
    assert page(world, "peer", "fact_evidence_file", theirs.pk) == 200
    assert api(world, "peer", f"/api/fact-evidence/{theirs.pk}") == 200
    ours = fact_evidence(fw, fw.village)
    assert page(world, "peer", "fact_evidence_file", ours.pk) == 404
    assert api(world, "peer", f"/api/fact-evidence/{ours.pk}") == 404
    assert not policy.can_view_fact_evidence(world.owner, theirs)
    assert policy.can_view_fact_evidence(world.owner, ours)


def test_a_download_serves_the_stored_file_under_its_name(world: World) -> None:
    fw = make_fact_world(world)
    ev = fact_evidence(fw, fw.village)
    for response in (
        world.client(world.owner).get(reverse("fact_evidence_file", args=[ev.pk])),
        by_token(world, "owner").get(f"/api/fact-evidence/{ev.pk}"),
    ):
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="bien-ban.pdf"'


# --- a file taken down ------------------------------------------------------------------------


@pytest.mark.parametrize("who", USERS)
def test_a_file_taken_down_is_gone_for_everyone(world: World, who: str) -> None:
    ev = result_evidence(world, world.commune, "owner")
    evidence_service.remove(world.owner, evidence=ev)
    assert page(world, who, "evidence", ev.pk) == 404
    assert api(world, who, f"/api/evidence/{ev.pk}") == 404


def test_the_policy_refuses_a_file_taken_down_even_to_its_unit(world: World) -> None:
    ev = result_evidence(world, world.commune, "owner")
    assert policy.can_view_evidence(world.owner, ev) and policy.can_view_evidence(world.admin, ev)
    evidence_service.remove(world.owner, evidence=ev)
    kept = Evidence.every.get(pk=ev.pk)  # still stored, for the record
    assert not policy.can_view_evidence(world.owner, kept)
    assert not policy.can_view_evidence(world.admin, kept)


# --- department task evidence -----------------------------------------------------------------


@pytest.fixture
def task_evidence(world: World) -> TaskEvidence:
    tl = task_services.load_builtin(
        world.admin,
        campaign=world.campaign,
        code="hagiang-2023-departments",
        default_due=dt.date(2023, 11, 30),
    )
    task_services.review_name(
        world.admin, name=tl.names.get(name="Công an tỉnh"), units=[world.district]
    )
    return task_services.attach(
        world.admin,
        task=tl.tasks.get(label="1.1"),
        unit=world.district,
        upload=io.BytesIO(PDF),
        name="bao-cao.pdf",
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("peer", 200), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
def test_task_evidence_goes_to_whoever_sees_the_campaign(
    world: World, task_evidence: TaskEvidence, who: str, status: int
) -> None:
    # Task pages are the campaign's (every unit of the province reads the task lists).
    assert page(world, who, "task_evidence", task_evidence.pk) == status
    assert policy.can_view_task_evidence(getattr(world, who), task_evidence) is (status == 200)
