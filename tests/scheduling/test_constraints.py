"""Each hard constraint on small plans whose answers are known by hand."""

from __future__ import annotations

from collections import Counter

from thidua.scheduling.plan import Plan
from thidua.scheduling.schedule import Schedule

from .conftest import d, small_plan, solve_and_check


def dates(result: Schedule, team: str | None = None) -> list[str]:
    return [v.date.isoformat() for v in result.visits if team is None or v.team == team]


def test_it_skips_national_day_and_its_companion_day() -> None:
    # Window Thu 28/8 - Thu 4/9/2025: 1/9 and 2/9 are days off, so 4 working days.
    plan = small_plan(
        teams=[{"code": "T1", "lead": "ca", "inspects": ["x1", "x2", "x3", "x4"]}],
        start="2025-08-28",
        end="2025-09-04",
    )
    result = solve_and_check(plan)
    assert result.status == "optimal"
    assert dates(result) == ["2025-08-28", "2025-08-29", "2025-09-03", "2025-09-04"]


def test_it_skips_dates_the_plan_excludes() -> None:
    plan = small_plan(
        teams=[{"code": "T1", "lead": "ca", "inspects": ["x1", "x2"]}],
        excluded_dates=["2025-08-25"],
    )
    assert dates(solve_and_check(plan)) == ["2025-08-26", "2025-08-27"]


def test_it_limits_a_team_to_its_visits_per_day() -> None:
    one = solve_and_check(
        small_plan(teams=[{"code": "T1", "lead": "ca", "inspects": ["x1", "x2", "x3"]}])
    )
    assert dates(one) == ["2025-08-25", "2025-08-26", "2025-08-27"]
    two = solve_and_check(
        small_plan(teams=[{"code": "T1", "lead": "ca", "inspects": ["x1", "x2", "x3"]}], per_day=2)
    )
    assert sorted(Counter(dates(two)).values()) == [1, 2]  # two visits one day, one the next
    assert two.summary("T1").last_visit == d("2025-08-26")


def test_it_lets_a_team_override_the_plan_visits_per_day() -> None:
    plan = small_plan(
        teams=[
            {"code": "T1", "lead": "ca", "inspects": ["x1", "x2", "x3", "x4"], "visits_per_day": 2}
        ],
    )
    assert solve_and_check(plan).summary("T1").last_visit == d("2025-08-26")


def test_it_gives_a_unit_at_most_one_visit_a_day() -> None:
    plan = small_plan(
        teams=[
            {"code": "T1", "lead": "ca", "inspects": ["x1"]},
            {"code": "T2", "lead": "vp", "inspects": ["x1"]},
        ],
    )
    result = solve_and_check(plan)
    assert sorted(dates(result)) == ["2025-08-25", "2025-08-26"]


def test_it_does_not_inspect_a_unit_while_its_own_team_is_out() -> None:
    # tnmt leads T2 (3 visits) and is inspected by T1; T1 must wait for a day T2 stays in.
    plan = small_plan(
        teams=[
            {"code": "T1", "lead": "ca", "inspects": ["tnmt"]},
            {"code": "T2", "lead": "tnmt", "inspects": ["x1", "x2", "x3"]},
        ],
    )
    result = solve_and_check(plan)
    t1 = result.visit("T1", "tnmt").date
    assert t1 not in {v.date for v in result.visits_of("T2")}
    # Best: T1 visits tnmt on Monday (1 day), T2 goes out Tuesday to Thursday (4 days).
    assert t1 == d("2025-08-25")
    assert result.stats is not None and result.stats.goals["finish"] == 1 + 4


def test_it_never_needs_a_unit_on_two_teams_at_once() -> None:
    # hnd sits on T1 and T2 (2 visits each): the teams alternate over 4 of the 5 days.
    plan = small_plan(
        teams=[
            {"code": "T1", "lead": "a", "members": ["hnd"], "inspects": ["x1", "x2"]},
            {"code": "T2", "lead": "b", "members": ["hnd"], "inspects": ["x3", "x4"]},
        ],
    )
    result = solve_and_check(plan)
    assert not set(dates(result, "T1")) & set(dates(result, "T2"))
    assert result.stats is not None and result.stats.goals["finish"] == 2 + 4


def test_it_sends_notices_two_working_days_ahead_and_not_before_registration() -> None:
    # Registered by Tue 26/8: the first notice can go on 26/8, so the first visit is Thu 28/8.
    plan = small_plan(
        teams=[{"code": "T1", "lead": "ca", "inspects": ["x1", "x2"]}],
        register_by="2025-08-26",
    )
    result = solve_and_check(plan)
    assert dates(result) == ["2025-08-28", "2025-08-29"]
    assert [v.notice_date for v in result.visits] == [d("2025-08-26"), d("2025-08-27")]


def test_it_counts_notice_days_across_a_weekend() -> None:
    plan = small_plan(
        teams=[{"code": "T1", "lead": "ca", "inspects": ["x1"]}],
        start="2025-09-08",
        end="2025-09-08",
        register_by="2025-09-01",
    )
    result = solve_and_check(plan)
    assert result.visits[0].notice_date == d("2025-09-04")  # Thu, two working days before Mon 8/9


def test_it_computes_result_notice_and_report_deadlines() -> None:
    plan = small_plan(
        teams=[{"code": "T1", "lead": "ca", "inspects": ["x1"], "report_due": "2025-09-30"}]
    )
    summary = solve_and_check(plan).summary("T1")
    assert summary.last_visit == d("2025-08-25")
    assert summary.result_notice_due == d("2025-09-03")  # 26, 27, 28, 29/8, (1, 2/9 off), 3/9
    assert summary.report_due == d("2025-09-30")


def test_it_keeps_a_units_visit_away_from_its_team_days_where_possible() -> None:
    # T2 (led by tnmt) is out Mon and Tue; T1 needs four days and visits tnmt on Wed or Thu.
    # Both finish as early; Thursday leaves a day between tnmt's team duty and its inspection.
    plan = small_plan(
        teams=[
            {"code": "T1", "lead": "ca", "inspects": ["tnmt", "x1", "x2", "x5"]},
            {"code": "T2", "lead": "tnmt", "inspects": ["x3", "x4"]},
        ],
    )
    result = solve_and_check(plan)
    assert result.status == "optimal"
    assert dates(result, "T2") == ["2025-08-25", "2025-08-26"]
    assert result.visit("T1", "tnmt").date == d("2025-08-28")
    assert result.stats is not None and result.stats.goals["near_duty"] == 0


def test_it_spreads_a_teams_visits_when_it_may_make_several_a_day() -> None:
    # 4 visits at up to 3 a day: 2 days needed either way; 2 + 2 is better than 3 + 1.
    plan = small_plan(
        teams=[{"code": "T1", "lead": "ca", "inspects": ["x1", "x2", "x3", "x4"]}], per_day=3
    )
    result = solve_and_check(plan)
    assert sorted(Counter(dates(result)).values()) == [2, 2]


def test_it_reports_a_plan_that_counting_shows_impossible() -> None:
    plan = small_plan(
        teams=[{"code": "T1", "lead": "ca", "inspects": ["x1", "x2", "x3", "x4", "x5", "x6"]}],
    )
    result = solve_and_check(plan)
    assert result.status == "infeasible"
    text = "\n".join(m.vi for m in result.explanation)
    assert "cần 6 ngày nhưng chỉ có 5 ngày làm việc" in text


def test_it_reports_a_unit_needed_on_more_days_than_the_window_has() -> None:
    plan = small_plan(
        teams=[
            {"code": "T1", "lead": "a", "members": ["hnd"], "inspects": ["x1", "x2", "x3"]},
            {"code": "T2", "lead": "b", "members": ["hnd"], "inspects": ["x4", "x5", "x6"]},
        ],
    )
    result = solve_and_check(plan)
    assert result.status == "infeasible"
    text = "\n".join(m.vi for m in result.explanation)
    assert "HND không thể có mặt ở hai nơi trong một ngày" in text
    assert "cộng lại 6 ngày khác nhau nhưng chỉ có 5 ngày" in text


def test_it_explains_an_infeasibility_only_the_solver_finds(triangle: Plan) -> None:
    result = solve_and_check(triangle)
    assert result.status == "infeasible"
    text = "\n".join(m.vi for m in result.explanation)
    assert "Không thể xếp lịch" in text
    for unit in ("S_AB", "S_BC", "S_AC"):
        assert f"{unit} tham gia" in text
    assert "cần 2 + 2 + 2 = 6 ngày khác nhau, nhưng chỉ có 5 ngày" in text
    english = "\n".join(m.en for m in result.explanation)
    assert "No schedule exists" in english


def test_it_reports_a_team_inspecting_its_own_member() -> None:
    plan = small_plan(teams=[{"code": "T1", "lead": "ca", "members": ["vp"], "inspects": ["vp"]}])
    result = solve_and_check(plan)
    assert result.status == "infeasible"
    assert "kiểm tra chính đơn vị trong đoàn" in result.explanation[1].vi


def test_it_reports_a_window_without_working_days() -> None:
    plan = small_plan(
        teams=[{"code": "T1", "lead": "ca", "inspects": ["x1"]}],
        start="2025-08-30",
        end="2025-09-02",
    )
    result = solve_and_check(plan)
    assert result.status == "infeasible"
    assert any("Không có ngày làm việc" in m.vi for m in result.explanation)
    assert any("Quốc khánh" in m.vi for m in result.notes)


def test_it_reports_when_notices_cannot_go_out_in_time() -> None:
    plan = small_plan(
        teams=[{"code": "T1", "lead": "ca", "inspects": ["x1"]}], register_by="2025-08-28"
    )
    result = solve_and_check(plan)
    assert result.status == "infeasible"
    assert "không buổi kiểm tra nào kịp" in result.explanation[1].vi
