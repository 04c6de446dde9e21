"""After the deadline an administrator above the unit reopens one row; the unit fixes only that row.

Named users (tests/web/conftest.py): ``admin`` (province, administrator),
``appraiser`` (district, appraiser, not administrator), ``owner`` (the
commune's reporter), ``peer`` (another commune's reporter).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.web.conftest import World
from tests.web.helpers import BINARY, COUNT, fill_all, url
from thidua.web.audit.models import AuditEntry
from thidua.web.campaigns.models import Milestone
from thidua.web.results.models import Result

TODAY = timezone.localdate()


@pytest.fixture
def after_deadline(world: World) -> World:
    """Every row submitted, then the submission deadline passed (yesterday)."""
    fill_all(world.campaign, world.commune, status="submitted")
    Milestone.objects.create(
        campaign=world.campaign, kind="submission", date=TODAY - dt.timedelta(days=1)
    )
    return world


def _row(world: World, criterion: str) -> Result:
    return Result.objects.get(campaign=world.campaign, unit=world.commune, criterion=criterion)


def _reopen(world: World, user: object, criterion: str, **data: object) -> int:
    row = _row(world, criterion)
    payload = {
        "action": "reopen",
        "reason": "Bổ sung minh chứng kế hoạch",
        "until": (TODAY + dt.timedelta(days=2)).isoformat(),
        "version": row.version,
    } | data
    return (
        world.client(user)
        .post(url("appraise_row", world.campaign.code, world.commune, criterion), payload)
        .status_code
    )


def _save(world: World, user: object, criterion: str, value: str) -> int:
    row = _row(world, criterion)
    return (
        world.client(user)
        .post(
            url("save_row", world.campaign.code, world.commune, criterion),
            {"v": value, "version": row.version},
            HTTP_HX_REQUEST="true",
        )
        .status_code
    )


def test_the_unit_cannot_change_anything_after_the_deadline(after_deadline: World) -> None:
    w = after_deadline
    assert _save(w, w.owner, COUNT, "3") == 403


def test_an_administrator_reopens_one_row_and_the_unit_fixes_and_resubmits_it(
    after_deadline: World,
) -> None:
    w = after_deadline
    assert _reopen(w, w.admin, BINARY) == 302
    row = _row(w, BINARY)
    assert (row.status, row.reopened_until) == ("returned", TODAY + dt.timedelta(days=2))
    entry = AuditEntry.objects.get(action="result.reopen")
    assert entry.reason == "Bổ sung minh chứng kế hoạch" and entry.unit == w.commune.code
    # The page offers the reopened row only.
    page = w.client(w.owner).get(url("self_assessment", w.campaign.code, w.commune))
    html = page.content.decode()
    assert f'action="{url("save_row", w.campaign.code, w.commune, BINARY)}"' in html
    assert f'action="{url("save_row", w.campaign.code, w.commune, COUNT)}"' not in html
    assert _save(w, w.owner, BINARY, "no") == 200
    assert _row(w, BINARY).self_value is False
    assert _save(w, w.owner, COUNT, "3") == 403  # the other rows stay closed
    assert _save(w, w.peer, BINARY, "yes") == 404  # another commune cannot even see it
    w.client(w.owner).post(url("submit", w.campaign.code, w.commune))
    row = _row(w, BINARY)
    assert (row.status, row.reopened_until) == ("submitted", None)
    assert _save(w, w.owner, BINARY, "yes") == 403  # resubmitted: closed again


def test_only_administrators_above_the_unit_reopen(after_deadline: World) -> None:
    w = after_deadline
    assert _reopen(w, w.appraiser, BINARY) == 403  # appraises, but is no administrator
    assert _reopen(w, w.owner, BINARY) == 403  # the unit itself
    assert _reopen(w, w.peer, BINARY) == 404  # another commune: not even visible
    assert _row(w, BINARY).status == "submitted"
    assert not AuditEntry.objects.filter(action="result.reopen").exists()


def test_a_reopening_needs_a_reason_and_a_date_not_in_the_past(after_deadline: World) -> None:
    w = after_deadline
    _reopen(w, w.admin, BINARY, reason="")
    _reopen(w, w.admin, BINARY, until=(TODAY - dt.timedelta(days=1)).isoformat())
    _reopen(w, w.admin, BINARY, until="31/12")
    assert _row(w, BINARY).status == "submitted"


def test_the_reopening_ends_with_its_date(after_deadline: World) -> None:
    w = after_deadline
    _reopen(w, w.admin, BINARY)
    Result.objects.filter(pk=_row(w, BINARY).pk).update(reopened_until=TODAY - dt.timedelta(days=1))
    assert _save(w, w.owner, BINARY, "no") == 403


def test_a_stale_reopening_is_refused(after_deadline: World) -> None:
    w = after_deadline
    old = _row(w, BINARY).version
    _reopen(w, w.admin, BINARY)
    _reopen(w, w.admin, BINARY, version=old, reason="again")
    assert AuditEntry.objects.filter(action="result.reopen").count() == 1


def test_the_appraisal_page_offers_reopening_to_administrators_in_both_languages(
    after_deadline: World,
) -> None:
    from django.urls import reverse

    w = after_deadline
    page = w.client(w.admin).get(url("appraisal", w.campaign.code, w.commune)).content.decode()
    assert "Mở lại sau hạn" in page
    english = w.client(w.admin)
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = english.get(url("appraisal", w.campaign.code, w.commune)).content.decode()
    assert "Reopen after the deadline" in page
    district = w.client(w.appraiser).get(url("appraisal", w.campaign.code, w.commune))
    assert "Mở lại sau hạn" not in district.content.decode()
