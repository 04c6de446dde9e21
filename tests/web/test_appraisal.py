"""The district appraises its communes: accept, correct with a reason, return, bulk accept."""

from __future__ import annotations

from tests.web.conftest import World
from tests.web.helpers import BINARY, EVENTS, RATIO, url
from thidua.web.audit.models import AuditEntry
from thidua.web.results.models import Result


def _submitted(world: World, criterion: str, value: object) -> Result:
    return Result.objects.create(
        campaign=world.campaign,
        unit=world.commune,
        criterion=criterion,
        self_value=value,
        status="submitted",
    )


def _act(world: World, criterion: str, data: dict[str, object]) -> None:
    world.client(world.appraiser).post(
        url("appraise_row", world.campaign.code, world.commune, criterion), data
    )


def test_it_accepts_the_units_value(world: World) -> None:
    row = _submitted(world, RATIO, "80%")
    _act(world, RATIO, {"action": "accept", "version": row.version})
    row.refresh_from_db()
    assert (row.status, row.appraised_value, row.version) == ("accepted", "80%", 2)


def test_it_requires_a_reason_to_correct(world: World) -> None:
    row = _submitted(world, RATIO, "80%")
    _act(world, RATIO, {"action": "correct", "pct": "60", "version": row.version})
    row.refresh_from_db()
    assert row.status == "submitted"
    _act(
        world,
        RATIO,
        {
            "action": "correct",
            "pct": "60",
            "reason": "Số liệu VNeID tháng 11",
            "version": row.version,
        },
    )
    row.refresh_from_db()
    assert (row.status, row.appraised_value, row.appraisal_reason) == (
        "corrected",
        "60%",
        "Số liệu VNeID tháng 11",
    )
    entry = AuditEntry.objects.get(action="result.correct")
    assert entry.before["self_value"] == "80%" and entry.after["appraised_value"] == "60%"
    assert entry.reason == "Số liệu VNeID tháng 11" and entry.actor_name == "appraiser"


def test_it_lets_the_appraiser_record_deductions_the_unit_did_not_enter(world: World) -> None:
    _act(
        world,
        EVENTS,
        {"action": "correct", "ev-commended": "1", "reason": "Quyết định biểu dương", "version": 0},
    )
    assert Result.objects.get(criterion=EVENTS).appraised_value == [
        {"kind": "commended", "count": 1}
    ]


def test_it_returns_a_row_with_a_reason_and_the_unit_can_edit_again(world: World) -> None:
    row = _submitted(world, BINARY, True)
    _act(world, BINARY, {"action": "return", "reason": "", "version": row.version})
    row.refresh_from_db()
    assert row.status == "submitted"
    _act(world, BINARY, {"action": "return", "reason": "Thiếu kế hoạch", "version": row.version})
    row.refresh_from_db()
    assert row.status == "returned"
    path = url("save_row", world.campaign.code, world.commune, BINARY)
    world.client(world.owner).post(
        path, {"v": "no", "version": row.version}, HTTP_HX_REQUEST="true"
    )
    row.refresh_from_db()
    assert row.self_value is False and row.status == "returned"


def test_it_bulk_accepts_only_untouched_rows(world: World) -> None:
    touched = _submitted(world, RATIO, "80%")
    _act(world, RATIO, {"action": "correct", "pct": "50", "reason": "Điều chỉnh", "version": 1})
    _submitted(world, BINARY, True)
    world.client(world.appraiser).post(url("bulk_accept", world.campaign.code, world.commune))
    touched.refresh_from_db()
    assert touched.status == "corrected" and touched.appraised_value == "50%"
    assert Result.objects.get(criterion=BINARY).status == "accepted"


def test_it_refuses_an_appraisal_based_on_an_old_version(world: World) -> None:
    row = _submitted(world, RATIO, "80%")
    row.version = 3
    row.save()
    _act(world, RATIO, {"action": "accept", "version": 2})
    row.refresh_from_db()
    assert row.status == "submitted"


def test_it_shows_the_self_and_appraised_points(world: World) -> None:
    row = _submitted(world, RATIO, "35%")
    _act(
        world,
        RATIO,
        {"action": "correct", "pct": "70", "reason": "Đúng số liệu", "version": row.version},
    )
    page = (
        world.client(world.appraiser)
        .get(url("appraisal", world.campaign.code, world.commune))
        .content.decode()
    )
    assert "<strong>10</strong>" in page  # self: 35% of the 70% target × 20
    assert "→ 20</strong>" in page  # appraised: target met, full 20 points
