"""The shipped Quảng Xương plan schedules inside its window with every constraint met."""

from __future__ import annotations

from thidua.scheduling.loader import plan_to_mapping
from thidua.scheduling.plan import Plan
from thidua.scheduling.schedule import Schedule

from .conftest import d
from .independent_checker import check


def test_it_schedules_every_visit_of_the_plan(
    quangxuong: Plan, quangxuong_schedule: Schedule
) -> None:
    assert quangxuong_schedule.status == "optimal"
    assert len(quangxuong_schedule.visits) == 41 == len(quangxuong.pairs())


def test_it_meets_every_hard_constraint(quangxuong: Plan, quangxuong_schedule: Schedule) -> None:
    assert check(plan_to_mapping(quangxuong), quangxuong_schedule.to_json()) == []


def test_it_stays_inside_the_window_and_after_registration(quangxuong_schedule: Schedule) -> None:
    assert all(d("2023-08-03") <= v.date <= d("2023-08-24") for v in quangxuong_schedule.visits)
    assert all(v.notice_date >= d("2023-07-31") for v in quangxuong_schedule.visits)


def test_it_keeps_teams_03_and_04_apart_because_of_hoi_nong_dan(
    quangxuong_schedule: Schedule,
) -> None:
    # Each needs 8 days and they share Hội Nông dân: together they fill all 16 working days.
    team3 = {v.date for v in quangxuong_schedule.visits_of("03")}
    team4 = {v.date for v in quangxuong_schedule.visits_of("04")}
    assert not team3 & team4
    assert len(team3 | team4) == 16


def test_it_inspects_team_leads_on_days_their_team_stays_in(quangxuong_schedule: Schedule) -> None:
    # Team 01 inspects Phòng Tài chính - Kế hoạch (lead of team 04) and Phòng TN-MT (lead of 03).
    visit_tckh = quangxuong_schedule.visit("01", "phong_tckh").date
    visit_tnmt = quangxuong_schedule.visit("01", "phong_tnmt").date
    assert visit_tckh not in {v.date for v in quangxuong_schedule.visits_of("04")}
    assert visit_tnmt not in {v.date for v in quangxuong_schedule.visits_of("03")}


def test_it_finishes_rounds_as_early_as_the_plan_allows(quangxuong_schedule: Schedule) -> None:
    assert quangxuong_schedule.stats is not None
    # Lower bound by hand: team 01 needs 9 days, teams 02 and 05 eight each, and teams 03 and
    # 04 share all 16 days, so one ends on day 16 and the other on day 8 at best:
    # 9 + 8 + 8 + 16 + 8 = 49 day-indices; the optimum found is 52.
    assert quangxuong_schedule.stats.goals["finish"] == 52


def test_it_gives_the_deadlines_of_each_team(
    quangxuong: Plan, quangxuong_schedule: Schedule
) -> None:
    for summary in quangxuong_schedule.teams:
        assert summary.report_due == d("2023-08-29")
        assert summary.last_visit is not None and summary.result_notice_due is not None
        assert summary.result_notice_due == quangxuong.calendar().add_working_days(
            summary.last_visit, 5
        )


def test_it_warns_when_a_result_notice_falls_after_the_report_deadline(
    quangxuong_schedule: Schedule,
) -> None:
    # The team finishing on 24/8 owes its result notices on 31/8, after reports (29/8).
    late = [
        s
        for s in quangxuong_schedule.teams
        if s.result_notice_due and s.result_notice_due > s.report_due
    ]
    assert len(quangxuong_schedule.warnings) == len(late) >= 1
    assert "muộn hơn hạn báo cáo" in quangxuong_schedule.warnings[0].vi


def test_it_is_reproducible(quangxuong: Plan, quangxuong_schedule: Schedule) -> None:
    from thidua.scheduling import schedule

    from .conftest import OPTIONS

    assert schedule(quangxuong, options=OPTIONS).visits == quangxuong_schedule.visits
