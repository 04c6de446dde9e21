"""Submissions become C.1 events of the unit, and the score comes from the scoring core.

Points, by hand from the frameworks: Annex 3 (communes) C.1 "từ 1-2 ngày trừ
01 điểm/VB; từ 3 ngày trở lên trừ 02 điểm/VB; không báo cáo trừ 05 điểm/VB";
Annex 2 (districts) the same with "không báo cáo trừ 10 điểm/VB".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.web.conftest import World
from tests.web.reporting.conftest import Clock, SendFn, instance, vn
from thidua.web.audit.models import AuditEntry
from thidua.web.campaigns.scoring import unit_score
from thidua.web.errors import BadInput, Denied
from thidua.web.reporting import services
from thidua.web.reporting.models import LatenessEvent, Obligation
from thidua.web.results.models import Result

JULY = dt.date(2023, 7, 20)
AUGUST = dt.date(2023, 8, 20)  # a Sunday


def c1(world: World, unit: object = None) -> object:
    row = Result.objects.filter(
        campaign=world.campaign, unit=unit or world.commune, criterion="C.1"
    ).first()
    return None if row is None else row.appraised_value


def c1_points(world: World, unit: object = None) -> Decimal:
    score = unit_score(world.campaign, unit or world.commune, basis="final")  # type: ignore[arg-type]
    return score.criteria["C.1"].points


def test_it_generates_one_instance_per_month_up_to_the_cut_off(monthly: Obligation) -> None:
    assert [i.due_date.month for i in monthly.instances.all()] == [7, 8, 9, 10, 11]
    assert monthly.instances.first().label == "Tháng 7/2023"  # type: ignore[union-attr]


def test_it_keeps_a_report_sent_at_2359_on_the_due_date_on_time(
    world: World, monthly: Obligation, send: SendFn
) -> None:
    sub = send(instance(monthly, JULY), vn(2023, 7, 20, 23, 59))
    assert sub.submitted_at == vn(2023, 7, 20, 23, 59)  # the server's time, not the form's
    assert not LatenessEvent.objects.exists()
    assert c1(world) is None


def test_it_deducts_one_point_for_a_report_one_day_late(
    world: World, monthly: Obligation, send: SendFn
) -> None:
    sub = send(instance(monthly, JULY), vn(2023, 7, 21, 0, 0))
    ev = LatenessEvent.objects.get()
    assert (ev.kind, ev.days_late, ev.submission, ev.instance.due_date) == (
        "late_1_2_days",
        1,
        sub,
        JULY,
    )
    assert c1(world) == [{"kind": "late_1_2_days", "count": 1}]
    assert c1_points(world) == Decimal(-1)


def test_it_counts_calendar_days_for_a_report_due_on_a_sunday(
    world: World, monthly: Obligation, send: SendFn
) -> None:
    send(instance(monthly, AUGUST), vn(2023, 8, 21, 8))  # the Monday after
    assert LatenessEvent.objects.get().kind == "late_1_2_days"
    send(instance(monthly, AUGUST), vn(2023, 8, 21, 9), unit=world.peer_commune, user=world.peer)
    assert c1_points(world, world.peer_commune) == Decimal(-1)


def test_a_resubmission_after_a_late_first_one_changes_nothing(
    world: World, monthly: Obligation, send: SendFn
) -> None:
    first = send(instance(monthly, JULY), vn(2023, 7, 22, 10))  # 2 days late
    send(instance(monthly, JULY), vn(2023, 7, 30, 10))  # corrected file, 10 days late
    ev = LatenessEvent.objects.get()
    assert (ev.kind, ev.submission) == ("late_1_2_days", first)
    assert instance(monthly, JULY).submissions.count() == 2  # history kept
    assert c1_points(world) == Decimal(-1)


def test_it_adds_up_late_reports_across_months(
    world: World, monthly: Obligation, send: SendFn
) -> None:
    send(instance(monthly, JULY), vn(2023, 7, 22))  # 2 days: -1
    send(instance(monthly, AUGUST), vn(2023, 8, 25))  # 5 days: -2
    send(instance(monthly, dt.date(2023, 9, 20)), vn(2023, 9, 24))  # 4 days: -2
    assert c1(world) == [
        {"kind": "late_1_2_days", "count": 1},
        {"kind": "late_3_plus_days", "count": 2},
    ]
    assert c1_points(world) == Decimal(-5)


def test_nothing_by_the_cut_off_is_missing_with_the_frameworks_points(
    world: World, monthly: Obligation, send: SendFn, frozen: Clock
) -> None:
    for due in (JULY, AUGUST, dt.date(2023, 9, 20), dt.date(2023, 10, 20)):
        send(instance(monthly, due), vn(due.year, due.month, due.day))
    # November's report never arrives. Before the cut-off it is only overdue.
    services.refresh_campaign(world.campaign, actor=None, now=vn(2023, 11, 30, 23, 59))
    assert c1(world) is None
    services.refresh_campaign(world.campaign, actor=None, now=vn(2023, 12, 1, 0, 1))
    assert c1(world) == [{"kind": "missing", "count": 1}]
    assert c1_points(world) == Decimal(-5)  # a commune: -5 (a district would lose 10)
    # The peer commune sent nothing at all: five missing reports.
    assert c1_points(world, world.peer_commune) == Decimal(-25)


def test_a_district_loses_ten_points_for_a_missing_report(world: World, frozen: Clock) -> None:
    services.create_obligation(
        world.admin,
        campaign=world.campaign,
        spec=services.ObligationSpec(
            title="Báo cáo kết quả tuyên truyền, quán triệt",
            recipient=world.province,
            scope="level",
            level="district",
            frequency="ad_hoc",
            due_date=dt.date(2023, 6, 30),
        ),
    )
    services.refresh_campaign(world.campaign, actor=None, now=vn(2024, 1, 1))
    assert c1_points(world, world.district) == Decimal(-10)


def test_a_waiver_needs_a_reason_is_audited_and_gives_the_points_back(
    world: World, monthly: Obligation, send: SendFn
) -> None:
    send(instance(monthly, JULY), vn(2023, 7, 25))
    ev = LatenessEvent.objects.get()
    with pytest.raises(BadInput):
        services.waive(world.admin, event=ev, reason="  ")
    with pytest.raises(Denied):
        services.waive(world.appraiser, event=ev, reason="mất điện")
    services.waive(world.admin, event=ev, reason="Mất kết nối mạng cả huyện (CV 45/UBND)")
    ev.refresh_from_db()
    assert ev.waived and ev.waived_by == world.admin
    assert c1(world) == []
    assert c1_points(world) == Decimal(0)
    entry = AuditEntry.objects.filter(action="report.event.waive").get()
    assert entry.reason == "Mất kết nối mạng cả huyện (CV 45/UBND)"
    assert entry.actor == world.admin
    with pytest.raises(BadInput):
        services.waive(world.admin, event=ev, reason="lần nữa")


def test_a_waiver_survives_a_recomputation(world: World, monthly: Obligation, send: SendFn) -> None:
    send(instance(monthly, JULY), vn(2023, 7, 25))
    services.waive(world.admin, event=LatenessEvent.objects.get(), reason="sự cố")
    services.refresh_campaign(world.campaign, actor=None, now=vn(2023, 8, 1))
    assert LatenessEvent.objects.get().waived
    assert c1(world) == []


def test_it_refuses_submissions_without_a_file_or_from_other_units(
    world: World, monthly: Obligation, frozen: Clock
) -> None:
    inst = instance(monthly, JULY)
    with pytest.raises(BadInput):
        services.submit_report(world.owner, instance=inst, unit=world.commune, files=[])
    with pytest.raises(Denied):
        services.submit_report(world.peer, instance=inst, unit=world.commune, files=[])
    with pytest.raises(BadInput):  # districts do not owe the communes' report
        services.submit_report(world.admin, instance=inst, unit=world.district, files=[])


def test_generated_events_are_in_the_audit_chain(
    world: World, monthly: Obligation, send: SendFn
) -> None:
    send(instance(monthly, JULY), vn(2023, 7, 23))
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "report.submit" in actions
    assert "report.event.generate" in actions
    assert "result.generate" in actions


def test_the_c1_row_is_frozen_once_published(
    world: World, monthly: Obligation, send: SendFn
) -> None:
    send(instance(monthly, JULY), vn(2023, 7, 23))
    world.campaign.state = "published"
    world.campaign.save()
    services.refresh_campaign(world.campaign, actor=None, now=vn(2024, 1, 1))
    assert c1(world) == [{"kind": "late_3_plus_days", "count": 1}]


def test_the_daily_command_marks_reports_missing_after_the_cut_off(
    world: World, monthly: Obligation, frozen: Clock
) -> None:
    import io

    from django.core.management import CommandError, call_command

    frozen.set(vn(2023, 12, 1, 0, 30))
    out = io.StringIO()
    call_command("reporting_refresh", stdout=out)
    assert "hg-2023: 10" in out.getvalue()  # 5 reports x 2 communes
    assert c1_points(world) == Decimal(-25)
    with pytest.raises(CommandError):
        call_command("reporting_refresh", "no-such-campaign")
