"""A file uploaded by mistake is taken down: hidden everywhere, kept and audited, never deleted."""

from __future__ import annotations

import io

from django.urls import reverse

from tests.web.conftest import World
from tests.web.helpers import RATIO, url
from thidua.web.audit.models import AuditEntry
from thidua.web.results import evidence as evidence_service
from thidua.web.results.models import Evidence, Result

PDF = b"%PDF-1.4\n% ke hoach\n"


def _evidence(world: World, status: str = "draft") -> Evidence:
    row = Result.objects.create(
        campaign=world.campaign, unit=world.commune, criterion=RATIO, self_value="80%"
    )
    ev = evidence_service.attach(world.owner, result=row, upload=io.BytesIO(PDF), name="kh.pdf")
    Result.objects.filter(pk=row.pk).update(status=status)
    return ev


def _remove(world: World, user: object, ev: Evidence) -> int:
    return world.client(user).post(reverse("remove_evidence", args=[ev.pk])).status_code


def test_the_unit_takes_a_wrong_file_down_and_it_disappears_but_is_kept(world: World) -> None:
    ev = _evidence(world)
    detail = url("criterion_detail", world.campaign.code, world.commune, RATIO)
    link = f'href="{reverse("evidence", args=[ev.pk])}"'
    assert link in world.client(world.owner).get(detail).content.decode()
    assert _remove(world, world.owner, ev) == 302
    page = world.client(world.owner).get(detail).content.decode()
    assert link not in page
    assert "evidence.remove" in page  # the row's history says what was taken down
    assert not Result.objects.get(pk=ev.result_id).evidence.exists()
    assert world.client(world.admin).get(reverse("evidence", args=[ev.pk])).status_code == 404
    kept = Evidence.every.get(pk=ev.pk)
    assert kept.removed_by == world.owner and kept.file.read() == PDF
    entry = AuditEntry.objects.get(action="evidence.remove")
    assert entry.before["sha256"] == ev.sha256 and entry.unit == world.commune.code


def test_only_who_may_still_change_the_row_takes_its_files_down(world: World) -> None:
    ev = _evidence(world)
    assert _remove(world, world.peer, ev) == 404  # another commune: not even visible
    assert _remove(world, world.outsider, ev) == 404
    assert _remove(world, world.appraiser, ev) == 403  # reads it, does not enter it
    assert Evidence.objects.filter(pk=ev.pk).exists()


def test_a_submitted_rows_files_stay(world: World) -> None:
    ev = _evidence(world, status="submitted")
    assert _remove(world, world.owner, ev) == 403
    assert Evidence.objects.filter(pk=ev.pk).exists()


def test_a_file_is_taken_down_once(world: World) -> None:
    ev = _evidence(world)
    assert _remove(world, world.owner, ev) == 302
    assert _remove(world, world.owner, ev) == 404
    assert AuditEntry.objects.filter(action="evidence.remove").count() == 1
