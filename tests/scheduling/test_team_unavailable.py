"""A team's unavailable dates: no visit that day, counted before solving, named when infeasible."""

from __future__ import annotations

from thidua.scheduling import check_visits, plan_from_mapping
from thidua.scheduling.loader import plan_to_mapping
from thidua.scheduling.schedule import Visit

from .conftest import d, small_plan, solve_and_check

# Window Mon 25/8 – Fri 29/8/2025: five working days.


def test_it_keeps_a_team_home_on_its_unavailable_dates() -> None:
    plan = small_plan(
        teams=[
            {
                "code": "T1",
                "lead": "ca",
                "inspects": ["x1", "x2"],
                "unavailable_dates": ["2025-08-25", "26/08/2025"],
            }
        ]
    )
    assert plan.team("T1").unavailable_dates == (d("2025-08-25"), d("2025-08-26"))
    result = solve_and_check(plan)
    assert [v.date for v in result.visits] == [d("2025-08-27"), d("2025-08-28")]


def test_it_round_trips_unavailable_dates_through_the_yaml_mapping() -> None:
    plan = small_plan(
        teams=[
            {"code": "T1", "lead": "ca", "inspects": ["x1"], "unavailable_dates": ["2025-08-27"]}
        ]
    )
    again = plan_from_mapping(plan_to_mapping(plan))
    assert again.team("T1").unavailable_dates == (d("2025-08-27"),)


def test_it_counts_the_days_a_busy_team_has_left() -> None:
    plan = small_plan(
        teams=[
            {
                "code": "T1",
                "lead": "ca",
                "inspects": ["x1", "x2"],
                "unavailable_dates": ["2025-08-25", "2025-08-26", "2025-08-27", "2025-08-28"],
            }
        ]
    )
    result = solve_and_check(plan)
    assert result.status == "infeasible"
    text = " ".join(m.vi for m in result.explanation)
    assert "cần 2 ngày nhưng chỉ có 1 ngày (trừ 4 ngày đoàn bận)" in text


def test_it_names_the_unavailable_team_when_only_the_solver_sees_the_clash() -> None:
    # T1 can only go out on Thu 28 and Fri 29: it inspects p (a member of T2) on one of them.
    # T2 too can only go out on Thu 28 and Fri 29, and needs both: p is never free to receive T1.
    plan = small_plan(
        teams=[
            {
                "code": "T1",
                "lead": "a",
                "inspects": ["p", "x1"],
                "unavailable_dates": ["2025-08-25", "2025-08-26", "2025-08-27"],
            },
            {
                "code": "T2",
                "lead": "b",
                "members": ["p"],
                "inspects": ["x2", "x3"],
                "unavailable_dates": ["2025-08-25", "2025-08-26", "2025-08-27"],
            },
        ]
    )
    result = solve_and_check(plan)
    assert result.status == "infeasible"
    text = " ".join(m.vi for m in result.explanation)
    assert "không đi kiểm tra được các ngày 25/08/2025, 26/08/2025, 27/08/2025" in text


def test_it_reports_a_visit_on_an_unavailable_date() -> None:
    plan = small_plan(
        teams=[
            {"code": "T1", "lead": "ca", "inspects": ["x1"], "unavailable_dates": ["2025-08-27"]}
        ]
    )
    broken = check_visits(
        plan, [Visit("T1", "x1", d("2025-08-27"), d("2025-08-25"))], complete=False
    )
    assert [v.rule for v in broken] == ["team_unavailable"]


def test_it_accepts_a_plan_without_teams_but_does_not_schedule_it() -> None:
    plan = small_plan(teams=[], units=["x1"])
    assert any("chưa có đoàn" in w.vi for w in plan.warnings)
    result = solve_and_check(plan)
    assert result.status == "infeasible"
    assert any("chưa có buổi kiểm tra nào" in m.vi for m in result.explanation)
