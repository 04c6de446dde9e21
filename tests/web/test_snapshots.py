"""Live score snapshots: marked in the writing transaction, recomputed before they are read.

The reference is always the core run on the live results (``rank_level``): a
page read from the snapshots must show exactly what it would.
"""

from __future__ import annotations

import random
import threading
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse

from tests.web.conftest import World
from tests.web.helpers import BINARY, RATIO, fill_all
from thidua.scoring import get_builtin
from thidua.web.campaigns import snapshots, triggers
from thidua.web.campaigns.models import (
    Campaign,
    LevelFramework,
    LevelScores,
    RankingSnapshot,
    ScoreDirty,
    UnitScoreSnapshot,
)
from thidua.web.campaigns.ranking import ranking_for
from thidua.web.campaigns.scoring import rank_level
from thidua.web.campaigns.services import change_state
from thidua.web.demo import load_demo
from thidua.web.results import services
from thidua.web.results.models import Result
from thidua.web.units.models import Unit


def _appraised(world: World) -> None:
    """Both communes fully accepted at 100%; Sà Phìn then 10 points behind on A.II.1."""
    for unit in (world.commune, world.peer_commune):
        fill_all(world.campaign, unit, status="accepted")
        Result.objects.filter(unit=unit).update(appraised_value=F("self_value"))
    Result.objects.filter(unit=world.peer_commune, criterion=RATIO).update(
        appraised_value="35%", status="corrected"
    )


def _codes(world: World, level: str = "commune", **kw: Any) -> list[tuple[int, str]]:
    ranking = ranking_for(world.admin, world.campaign, level, **kw)
    return [(r.rank, r.unit_code) for r in ranking.rows]


def _live(campaign: Campaign, level: str, within: Unit | None = None) -> list[tuple[Any, ...]]:
    """What the core computes on the live results, as comparable tuples."""
    _, rows = rank_level(campaign, level, within=within)
    return [(r.rank, r.unit_code, r.total, dict(r.groups), r.colour) for r in rows]


def _stored(user: Any, campaign: Campaign, level: str, within: Unit | None = None) -> list[Any]:
    ranking = ranking_for(user, campaign, level, within=within, per_page=None)
    return [(r.rank, r.unit_code, r.total, dict(r.groups), r.colour) for r in ranking.rows]


def _generation(world: World, level: str) -> int:
    return LevelScores.objects.get(campaign=world.campaign, level=level).generation


def test_a_save_marks_the_unit_and_the_next_read_shows_the_new_rank(world: World) -> None:
    _appraised(world)
    assert _codes(world) == [(1, "HG.DV.LC"), (2, "HG.DV.SP")]
    assert not snapshots.dirty(world.campaign, "commune").exists()
    before = _generation(world, "commune")
    # Lũng Cú's A.II.1 corrected down to 0: 20 points lost, it falls behind Sà Phìn.
    row = Result.objects.get(unit=world.commune, criterion=RATIO)
    services.correct(
        world.appraiser,
        campaign=world.campaign,
        unit=world.commune,
        criterion=RATIO,
        value="0%",
        reason="không có minh chứng",
        expected_version=row.version,
    )
    marked = snapshots.dirty(world.campaign, "commune")
    assert list(marked.values_list("unit_id", flat=True)) == [world.commune.pk]
    assert _codes(world) == [(1, "HG.DV.SP"), (2, "HG.DV.LC")]
    assert not snapshots.dirty(world.campaign, "commune").exists()
    assert _generation(world, "commune") == before + 1
    assert _stored(world.admin, world.campaign, "commune") == _live(world.campaign, "commune")


def test_the_ranking_page_shows_the_new_rank_right_after_an_appraisal(world: World) -> None:
    _appraised(world)
    appraiser = world.client(world.appraiser)
    url = reverse("ranking", args=[world.campaign.code, "commune"])
    assert appraiser.get(url).context["ranking"].rows[0].unit_code == "HG.DV.LC"
    row = Result.objects.get(unit=world.commune, criterion=RATIO)
    appraiser.post(
        reverse("appraise_row", args=[world.campaign.code, world.commune.code, RATIO]),
        {"action": "return", "reason": "bổ sung", "version": row.version},
    )
    assert Result.objects.get(pk=row.pk).status == "returned"
    page = appraiser.get(url)
    assert [r.unit_code for r in page.context["ranking"].rows] == ["HG.DV.SP", "HG.DV.LC"]


def test_writes_that_bypass_the_services_mark_too(world: World) -> None:
    _appraised(world)
    _codes(world)
    # QuerySet.update (no signals, no save()) ...
    Result.objects.filter(unit=world.commune, criterion=RATIO).update(appraised_value="0%")
    assert _codes(world) == [(1, "HG.DV.SP"), (2, "HG.DV.LC")]
    # ... a delete ...
    Result.objects.filter(unit=world.peer_commune).delete()
    assert _codes(world) == [(1, "HG.DV.LC"), (2, "HG.DV.SP")]
    # ... and bulk_create.
    fw = get_builtin("hagiang-2023-commune")
    Result.objects.bulk_create(
        Result(
            campaign=world.campaign,
            unit=world.peer_commune,
            criterion=c.code,
            self_value=True,
            appraised_value=True,
            status="accepted",
        )
        for c in fw.criteria
        if c.rule is not None and c.rule.kind == "binary"
    )
    assert _stored(world.admin, world.campaign, "commune") == _live(world.campaign, "commune")


def test_many_marked_units_rebuild_the_level_at_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _appraised(world)
    _codes(world)
    built = LevelScores.objects.get(campaign=world.campaign, level="commune").built_at
    monkeypatch.setattr(snapshots, "REBUILD_OVER", 1)
    Result.objects.filter(unit__in=[world.commune, world.peer_commune], criterion=RATIO).update(
        appraised_value="50%"
    )
    assert _codes(world) == [(1, "HG.DV.LC"), (1, "HG.DV.SP")]
    assert LevelScores.objects.get(campaign=world.campaign, level="commune").built_at != built


def test_a_change_that_leaves_the_final_values_alone_recomputes_nothing(world: World) -> None:
    _appraised(world)
    Result.objects.create(
        campaign=world.campaign, unit=world.commune, criterion="B.2", status="draft"
    )
    _codes(world)
    before = _generation(world, "commune")
    row = Result.objects.get(unit=world.commune, criterion="B.2")
    # A draft is not ranked: saving it marks the unit, the reader finds the same inputs.
    services.save_draft(
        world.owner,
        campaign=world.campaign,
        unit=world.commune,
        criterion="B.2",
        value=[{"kind": "commended", "count": 1}],
        note="",
        expected_version=row.version,
    )
    assert snapshots.dirty(world.campaign, "commune").exists()
    assert _codes(world) == [(1, "HG.DV.LC"), (2, "HG.DV.SP")]
    assert _generation(world, "commune") == before
    assert not snapshots.dirty(world.campaign, "commune").exists()
    # A note is not an input at all: nothing is marked.
    Result.objects.filter(unit=world.commune).update(note="ghi chú")
    assert not snapshots.dirty(world.campaign, "commune").exists()


def test_a_new_value_worth_the_same_points_moves_no_rank(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _appraised(world)
    _codes(world)
    before = UnitScoreSnapshot.objects.get(unit=world.commune)
    reranks: list[int] = []
    rerank = snapshots._rerank

    def counting(*args: Any) -> None:
        reranks.append(1)
        rerank(*args)

    monkeypatch.setattr(snapshots, "_rerank", counting)
    # 90% of a 70% target scores the full 20 points, as 100% did.
    Result.objects.filter(unit=world.commune, criterion=RATIO).update(appraised_value="90%")
    assert _codes(world) == [(1, "HG.DV.LC"), (2, "HG.DV.SP")]
    after = UnitScoreSnapshot.objects.get(unit=world.commune)
    assert after.inputs_digest != before.inputs_digest and after.total == before.total
    assert reranks == []
    # 35% scores 10: now the level is ranked again.
    Result.objects.filter(unit=world.commune, criterion=RATIO).update(appraised_value="30%")
    assert _codes(world) == [(1, "HG.DV.SP"), (2, "HG.DV.LC")] and reranks == [1]
    assert _stored(world.admin, world.campaign, "commune") == _live(world.campaign, "commune")


def test_two_levels_do_not_interfere(world: World) -> None:
    _appraised(world)
    district_fw = get_builtin("hagiang-2023-district")
    criterion = next(c for c in district_fw.criteria if c.rule and c.rule.kind == "binary")
    for unit, value in ((world.district, True), (world.other_district, False)):
        Result.objects.create(
            campaign=world.campaign,
            unit=unit,
            criterion=criterion.code,
            self_value=value,
            appraised_value=value,
            status="accepted",
        )
    communes, districts = _codes(world), _codes(world, "district")
    assert districts == [(1, "HG.DV"), (2, "HG.BM")]
    g_commune, g_district = _generation(world, "commune"), _generation(world, "district")
    district_rows = list(
        UnitScoreSnapshot.objects.filter(level="district").values_list("unit_id", "total", "rank")
    )

    Result.objects.filter(unit=world.commune, criterion=RATIO).update(appraised_value="0%")
    assert not snapshots.dirty(world.campaign, "district").exists()
    assert _codes(world, "district") == districts
    assert _generation(world, "district") == g_district
    assert (
        list(
            UnitScoreSnapshot.objects.filter(level="district").values_list(
                "unit_id", "total", "rank"
            )
        )
        == district_rows
    )
    assert _codes(world) == [(1, "HG.DV.SP"), (2, "HG.DV.LC")]

    Result.objects.filter(unit=world.district).update(appraised_value=False)
    Result.objects.filter(unit=world.other_district).update(appraised_value=True)
    assert not snapshots.dirty(world.campaign, "commune").exists()
    assert _codes(world, "district") == [(1, "HG.BM"), (2, "HG.DV")]
    assert _generation(world, "commune") == g_commune + 1  # only its own change counted
    assert communes != _codes(world)


def test_the_published_ranking_is_frozen_while_the_live_one_moves(world: World) -> None:
    _appraised(world)
    assert _codes(world) == [(1, "HG.DV.LC"), (2, "HG.DV.SP")]
    for state in ("appraisal", "published"):
        world.campaign = change_state(world.admin, world.campaign, state)
    world.campaign.refresh_from_db()
    frozen = RankingSnapshot.objects.get(campaign=world.campaign, level="commune").rows
    Result.objects.filter(unit=world.commune, criterion=RATIO).update(appraised_value="0%")
    ranking = ranking_for(world.peer, world.campaign, "commune")
    assert ranking.frozen_at is not None and ranking.generation is None
    assert [(r.rank, r.unit_code) for r in ranking.rows] == [(1, "HG.DV.LC"), (2, "HG.DV.SP")]
    assert RankingSnapshot.objects.get(campaign=world.campaign, level="commune").rows == frozen
    # The live snapshot (used for drill-down within a district) does follow the change.
    within = ranking_for(world.admin, world.campaign, "commune", within=world.district)
    assert [(r.rank, r.unit_code) for r in within.rows] == [(1, "HG.DV.SP"), (2, "HG.DV.LC")]


def test_it_ranks_within_a_parent_and_within_a_province(world: World) -> None:
    _appraised(world)
    other = Unit.objects.create(
        code="HG.BM.YP", name="Thị trấn Yên Phú", kind="thi_tran", parent=world.other_district
    )
    world.campaign.participants.add(other)
    fill_all(world.campaign, other, status="submitted")
    for within in (world.district, world.other_district, world.province, world.commune):
        assert _stored(world.admin, world.campaign, "commune", within) == _live(
            world.campaign, "commune", within
        )
    stored = UnitScoreSnapshot.objects.get(unit=other)
    assert (stored.rank, stored.parent_rank, stored.parent_id) == (1, 1, world.other_district.pk)


def test_participants_units_and_tie_breakers_are_inputs_too(world: World) -> None:
    _appraised(world)
    assert [c for _, c in _codes(world)] == ["HG.DV.LC", "HG.DV.SP"]
    world.campaign.participants.remove(world.commune)
    assert [c for _, c in _codes(world)] == ["HG.DV.SP"]
    assert not UnitScoreSnapshot.objects.filter(unit=world.commune).exists()
    world.campaign.participants.add(world.commune)
    assert [c for _, c in _codes(world)] == ["HG.DV.LC", "HG.DV.SP"]
    # A commune moved to another district: its rank among its parent's units follows.
    Unit.objects.filter(pk=world.peer_commune.pk).update(parent=world.other_district)
    _codes(world)
    peer = UnitScoreSnapshot.objects.get(unit=world.peer_commune)
    assert (peer.parent_id, peer.parent_rank) == (world.other_district.pk, 1)
    # Equal totals (each one point short, in A.I and in A.II): the tie-breakers decide,
    # and changing them rebuilds the level.
    Result.objects.filter(unit=world.peer_commune, criterion=RATIO).update(
        appraised_value="66.5%", status="accepted"
    )
    Result.objects.filter(unit=world.commune, criterion="A.I.3").update(appraised_value=0)
    for ties, first in ((["A.I"], "HG.DV.SP"), (["A.II"], "HG.DV.LC"), ([RATIO], "HG.DV.LC")):
        world.campaign.tie_breakers = ties
        world.campaign.save()
        assert _stored(world.admin, world.campaign, "commune") == _live(world.campaign, "commune")
        assert _codes(world)[0][1] == first
    world.campaign.tie_breakers = []
    world.campaign.save()
    assert _codes(world) == [(1, "HG.DV.LC"), (1, "HG.DV.SP")]
    # Another framework for the level: rebuilt too (here every criterion code is unknown).
    LevelFramework.objects.filter(campaign=world.campaign, level="commune").update(
        framework="hagiang-2023-district"
    )
    page = world.client(world.admin).get(reverse("ranking", args=[world.campaign.code, "commune"]))
    assert page.status_code == 422


def test_it_pages_the_ranking(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    _appraised(world)
    first = ranking_for(world.admin, world.campaign, "commune", per_page=1)
    second = ranking_for(world.admin, world.campaign, "commune", page=2, per_page=1)
    beyond = ranking_for(world.admin, world.campaign, "commune", page=9, per_page=1)
    assert (first.count, first.pages, first.has_next, first.has_previous) == (2, 2, True, False)
    assert [r.rank for r in first.rows] == [1] and [r.rank for r in second.rows] == [2]
    assert beyond.page == 2 and beyond.rows == second.rows
    monkeypatch.setattr("thidua.web.campaigns.views.PER_PAGE", 1)
    page = world.client(world.admin).get(
        reverse("ranking", args=[world.campaign.code, "commune"]) + "?page=2"
    )
    assert [r.unit_code for r in page.context["ranking"].rows] == ["HG.DV.SP"]
    assert "page=1" in page.content.decode()


@pytest.mark.django_db
def test_it_matches_the_core_through_a_run_of_appraisals_on_the_demo_data() -> None:
    from django.contrib.auth.models import User

    load_demo()
    campaign = Campaign.objects.get(code="hagiang-2023")
    admin = User.objects.get(username="admin_tinh")
    for level in ("district", "commune"):
        assert _stored(admin, campaign, level) == _live(campaign, level)
    rng = random.Random(7)
    rows = list(
        Result.objects.filter(campaign=campaign, status__in=("submitted", "accepted"))
        .select_related("unit")
        .order_by("pk")
    )
    for row in rng.sample(rows, 12):
        row.refresh_from_db()
        action = rng.choice(("accept", "return", "correct"))
        common = {"campaign": campaign, "unit": row.unit, "criterion": row.criterion}
        if action == "accept":
            services.accept(admin, expected_version=row.version, **common)
        elif action == "return":
            services.return_to_unit(admin, reason="demo", expected_version=row.version, **common)
        else:
            fw = get_builtin(
                "hagiang-2023-district" if row.unit.level == "district" else "hagiang-2023-commune"
            )
            kind = fw.by_code[row.criterion].rule.kind  # type: ignore[union-attr]
            value = {"binary": False, "ratio": "10%"}.get(kind, row.self_value)
            services.correct(
                admin, value=value, reason="demo", expected_version=row.version, **common
            )
        level = row.unit.level
        assert _stored(admin, campaign, level) == _live(campaign, level), (action, row)


@pytest.mark.django_db(transaction=True)
def test_a_process_keeps_its_copy_of_a_level_in_step_with_the_database(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Committed refreshes leave this process a copy of the level; others' changes reach it."""
    loads: list[int] = []
    load = snapshots._load
    monkeypatch.setattr(
        snapshots,
        "_load",
        lambda *a: loads.append(len(out := load(*a))) or out,  # type: ignore[func-returns-value]
    )
    _appraised(world)
    extra = []
    for i in range(6):
        u = Unit.objects.create(
            code=f"HG.BM.X{i}", name=f"Xã {i}", kind="xa", parent=world.other_district
        )
        fill_all(world.campaign, u, status="accepted")
        extra.append(u)
    Result.objects.filter(unit__in=extra).update(appraised_value=F("self_value"))
    world.campaign.participants.add(*extra)
    _codes(world)
    rng = random.Random(3)
    units = [world.commune, world.peer_commune, *extra]
    for step in range(12):
        unit = rng.choice(units)
        Result.objects.filter(unit=unit, criterion=RATIO).update(
            appraised_value=f"{10 + 4 * step}%"  # below the 70% target: the points move
        )
        if step == 5:  # a change the copy cannot see: another process re-ranked meanwhile
            snapshots._LEVELS.clear()
        if step == 8:  # a row goes away
            world.campaign.participants.remove(extra[0])
        if step == 9:  # keep this process's copy as it is now ...
            key = (world.campaign.pk, "commune")
            old = snapshots._LEVELS[key]
            kept = snapshots._Cached(
                old.stamp, old.generation, {k: list(e) for k, e in old.rows.items()}
            )
        if step == 10:  # ... and go back to it: as if another process had re-ranked at step 9
            snapshots._LEVELS[key] = kept
        assert _stored(world.admin, world.campaign, "commune") == _live(world.campaign, "commune")
        assert (world.campaign.pk, "commune") in snapshots._LEVELS
    assert min(loads) < 3 and max(loads) == 8  # mostly the changed rows; the level when needed


def test_the_triggers_are_put_back_if_a_table_rebuild_dropped_them(world: World) -> None:
    _appraised(world)
    _codes(world)
    triggers.uninstall(connection)  # as SQLite does when a migration rebuilds a table
    assert triggers.installed(connection) == 0
    Result.objects.filter(unit=world.commune, criterion=RATIO).update(appraised_value="0%")
    assert not snapshots.dirty(world.campaign, "commune").exists()  # unmarked ...
    triggers._checked.clear()  # ... until a new process reads, re-installs and rebuilds
    assert _codes(world) == [(1, "HG.DV.SP"), (2, "HG.DV.LC")]
    assert triggers.installed(connection) == triggers.EXPECTED[connection.vendor]
    Result.objects.filter(unit=world.commune, criterion=RATIO).update(appraised_value="100%")
    assert snapshots.dirty(world.campaign, "commune").exists()
    Result.objects.filter(unit=world.commune, criterion=RATIO).update(appraised_value="0%")
    assert ScoreDirty.objects.exists()


@pytest.mark.skipif(
    "postgres" not in __import__("os").environ.get("DATABASE_URL", ""),
    reason="concurrent transactions need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_a_change_committed_during_a_recomputation_is_not_lost(world: World) -> None:
    """A writer commits between the reader reading the marks and reading the results."""
    _appraised(world)
    _codes(world)
    Result.objects.filter(unit=world.peer_commune, criterion=BINARY).update(appraised_value=False)
    original = snapshots.final_values
    done = threading.Event()

    def writer() -> None:
        try:
            with transaction.atomic():
                Result.objects.filter(unit=world.commune, criterion=RATIO).update(
                    appraised_value="0%"
                )
        finally:
            connection.close()
            done.set()

    def slow_final_values(results: Any) -> Any:
        if not done.is_set():
            threading.Thread(target=writer).start()
            done.wait(10)
        return original(results)

    snapshots.final_values = slow_final_values  # type: ignore[assignment]
    try:
        _codes(world)
    finally:
        snapshots.final_values = original  # type: ignore[assignment]
    # The writer's mark came after the reader read the marks: it is still there ...
    assert list(snapshots.dirty(world.campaign, "commune").values_list("unit_id", flat=True)) == [
        world.commune.pk
    ]
    # ... so whether or not that read saw the writer's value, the next one does.
    assert _stored(world.admin, world.campaign, "commune") == _live(world.campaign, "commune")
    assert [c for _, c in _codes(world)] == ["HG.DV.SP", "HG.DV.LC"]
