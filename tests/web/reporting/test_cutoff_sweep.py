"""Reports unsent at the cut-off become "missing" by themselves, before anyone reads a score.

No button, no cron job: the first reader after the cut-off day has ended in
Vietnam (a unit's score, a ranking, a reporting page, the API) applies it.
Points by hand from Annex 3 (communes): "không báo cáo trừ 05 điểm/VB".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.web.conftest import World
from tests.web.reporting.conftest import Clock, SendFn, instance, vn
from thidua.web.audit.models import AuditEntry
from thidua.web.campaigns import snapshots
from thidua.web.campaigns.scoring import rank_level, unit_score
from thidua.web.reporting import queries, services, sweep
from thidua.web.reporting.models import CutoffSweep, LatenessEvent, Obligation

JULY = dt.date(2023, 7, 20)
MONTHS = (JULY, dt.date(2023, 8, 20), dt.date(2023, 9, 20), dt.date(2023, 10, 20))


def c1_points(world: World, unit: object) -> Decimal:
    return unit_score(world.campaign, unit, basis="final").criteria["C.1"].points  # type: ignore[arg-type]


def test_before_the_cut_off_ends_nothing_is_missing(
    world: World, monthly: Obligation, frozen: Clock
) -> None:
    frozen.set(vn(2023, 11, 30, 23, 59))
    assert c1_points(world, world.peer_commune) == Decimal(0)
    assert not LatenessEvent.objects.exists()
    assert not CutoffSweep.objects.exists()


def test_the_first_read_after_the_cut_off_makes_unsent_reports_missing(
    world: World, monthly: Obligation, send: SendFn, frozen: Clock
) -> None:
    for due in MONTHS:
        send(instance(monthly, due), vn(due.year, due.month, due.day))
    frozen.set(vn(2023, 12, 1, 0, 1))
    # Nobody pressed anything: reading the score is enough.
    assert c1_points(world, world.commune) == Decimal(-5)  # November never sent
    assert c1_points(world, world.peer_commune) == Decimal(-25)  # nothing sent: 5 x -5
    missing = LatenessEvent.objects.filter(kind="missing")
    assert missing.count() == 6
    ev = missing.get(unit=world.commune)
    assert ev.instance.obligation == monthly and ev.instance.due_date == dt.date(2023, 11, 20)
    assert ev.submission is None
    generated = AuditEntry.objects.filter(action="report.event.generate", unit=world.commune.code)
    assert generated.filter(actor=None).count() == 1
    sw = CutoffSweep.objects.get(campaign=world.campaign)
    assert (sw.cutoff, sw.units) == (dt.date(2023, 11, 30), 2)


def test_the_ranking_carries_the_deduction_without_a_unit_page_being_opened(
    world: World, monthly: Obligation, frozen: Clock
) -> None:
    frozen.set(vn(2024, 1, 5))
    _, rows = rank_level(world.campaign, "commune")
    peer = next(r for r in rows if r.unit_code == world.peer_commune.code)
    assert peer.groups["C"] == Decimal(-25)


def test_the_score_snapshots_see_the_sweep(
    world: World, monthly: Obligation, frozen: Clock
) -> None:
    frozen.set(vn(2023, 11, 1))
    snapshots.fresh(world.campaign, "commune")
    frozen.set(vn(2023, 12, 2))
    sweep.forget()
    snapshots.fresh(world.campaign, "commune")
    row = snapshots.level_rows(world.campaign, "commune").get(unit=world.peer_commune)
    assert row.total == unit_score(world.campaign, world.peer_commune, basis="final").total
    assert Decimal(row.points["C.1"]) == Decimal(-25)
    assert LatenessEvent.objects.filter(unit=world.peer_commune, kind="missing").count() == 5
    assert not snapshots.dirty(world.campaign, "commune").exists()


def test_it_sweeps_once_then_costs_one_query_then_none(
    world: World, monthly: Obligation, frozen: Clock
) -> None:
    frozen.set(vn(2023, 12, 1, 8))
    assert sweep.ensure_swept(world.campaign) == 2
    sweep.forget()  # another process: one query finds the sweep done
    with CaptureQueriesContext(connection) as q:
        assert sweep.ensure_swept(world.campaign) == 0
    assert len(q.captured_queries) == 2  # the cut-off, the sweep row
    with CaptureQueriesContext(connection) as q:
        assert sweep.ensure_swept(world.campaign) == 0
    assert len(q.captured_queries) == 0  # same process, same day


def test_a_report_first_sent_after_the_cut_off_stays_missing(
    world: World, monthly: Obligation, send: SendFn, frozen: Clock
) -> None:
    for due in MONTHS:
        send(instance(monthly, due), vn(due.year, due.month, due.day))
    send(instance(monthly, dt.date(2023, 11, 20)), vn(2023, 12, 3))
    assert c1_points(world, world.commune) == Decimal(-5)
    assert LatenessEvent.objects.get(unit=world.commune).kind == "missing"


def test_moving_the_cut_off_later_takes_missing_back_and_sweeps_again(
    world: World, monthly: Obligation, frozen: Clock
) -> None:
    frozen.set(vn(2023, 12, 1, 8))
    assert c1_points(world, world.peer_commune) == Decimal(-25)
    services.set_cutoff(world.admin, campaign=world.campaign, cutoff=dt.date(2023, 12, 10))
    assert c1_points(world, world.peer_commune) == Decimal(0)
    frozen.set(vn(2023, 12, 11, 8))
    sweep.forget()
    assert c1_points(world, world.peer_commune) == Decimal(-25)
    assert CutoffSweep.objects.get(campaign=world.campaign).cutoff == dt.date(2023, 12, 10)


def test_the_reporting_pages_show_no_pending_recomputation_after_the_cut_off(
    world: World, monthly: Obligation, frozen: Clock
) -> None:
    frozen.set(vn(2023, 12, 1, 8))
    rows = queries.unit_record(world.campaign, world.peer_commune)
    assert [r.assessment.status for r in rows] == ["missing"] * 5
    assert not any(r.pending_refresh for r in rows)
    assert all(r.points == Decimal(-5) for r in rows)
