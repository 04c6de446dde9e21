"""Manual edits: pinned visits, forbidden dates, re-planning from an earlier schedule."""

from __future__ import annotations

from thidua.scheduling import Forbid, Pin, check_visits, schedule
from thidua.scheduling.plan import Plan
from thidua.scheduling.schedule import Schedule, Visit, previous_dates

from .conftest import OPTIONS, d, small_plan, solve_and_check


def test_it_keeps_a_pinned_visit_and_replans_the_rest(quangxuong: Plan) -> None:
    plan = quangxuong.with_edits(pins=(Pin("01", "xa_quang_binh", d("2023-08-24")),))
    result = solve_and_check(plan)
    assert result.ok
    assert result.visit("01", "xa_quang_binh").date == d("2023-08-24")


def test_it_avoids_a_communes_festival(quangxuong: Plan, quangxuong_schedule: Schedule) -> None:
    festival = quangxuong_schedule.visit("02", "xa_quang_yen").date
    plan = quangxuong.with_edits(forbids=(Forbid("xa_quang_yen", festival),))
    result = solve_and_check(plan)
    assert result.ok
    assert result.visit("02", "xa_quang_yen").date != festival


def test_it_keeps_earlier_dates_where_the_edit_allows(
    quangxuong: Plan, quangxuong_schedule: Schedule
) -> None:
    festival = quangxuong_schedule.visit("05", "xa_quang_phuc").date
    plan = quangxuong.with_edits(forbids=(Forbid("xa_quang_phuc", festival),))
    previous = previous_dates(quangxuong_schedule.to_json())
    result = schedule(plan, options=OPTIONS, previous=previous)
    assert result.ok
    moved = [v for v in result.visits if previous[(v.team, v.unit)] != v.date]
    assert 1 <= len(moved) <= 3  # the festival visit, and at most a swap or two around it
    assert result.stats is not None and result.stats.goals["moved"] == len(moved)


def test_it_refuses_a_pin_on_a_holiday() -> None:
    plan = small_plan(
        teams=[{"code": "T1", "lead": "ca", "inspects": ["x1"]}],
        start="2025-08-28",
        end="2025-09-05",
        pins=[{"team": "T1", "unit": "x1", "date": "2025-09-02"}],
    )
    result = solve_and_check(plan)
    assert result.status == "infeasible"
    text = " ".join(m.vi for m in result.explanation)
    assert "không phải ngày làm việc" in text and "Quốc khánh" in text


def test_it_refuses_pins_that_break_a_constraint_between_them() -> None:
    plan = small_plan(
        teams=[
            {"code": "T1", "lead": "a", "members": ["hnd"], "inspects": ["x1"]},
            {"code": "T2", "lead": "b", "members": ["hnd"], "inspects": ["x2"]},
        ],
        pins=[
            {"team": "T1", "unit": "x1", "date": "2025-08-26"},
            {"team": "T2", "unit": "x2", "date": "2025-08-26"},
        ],
    )
    result = solve_and_check(plan)
    assert result.status == "infeasible"
    assert any("HND phải có mặt ở cả" in m.vi for m in result.explanation)


def test_it_refuses_a_pin_for_a_visit_the_plan_does_not_have() -> None:
    plan = small_plan(
        teams=[{"code": "T1", "lead": "ca", "inspects": ["x1"]}],
        units=["ca", "x1", "x2"],
        pins=[{"team": "T1", "unit": "x2", "date": "2025-08-26"}],
    )
    result = solve_and_check(plan)
    assert result.status == "infeasible"
    assert "không kiểm tra 'X2' theo kế hoạch" in result.explanation[1].vi


def test_it_explains_pins_that_leave_no_room_for_the_rest() -> None:
    # T2 needs 4 of the 5 days. T1 (sharing hnd) is pinned to Wednesday and T3 is pinned to
    # inspect T2's lead on Tuesday: T2 is left with Mon, Thu, Fri. Every count passes.
    plan = small_plan(
        teams=[
            {"code": "T1", "lead": "a", "members": ["hnd"], "inspects": ["x1"]},
            {"code": "T2", "lead": "b", "members": ["hnd"], "inspects": ["x3", "x4", "x5", "x6"]},
            {"code": "T3", "lead": "c", "inspects": ["b"]},
        ],
        pins=[
            {"team": "T1", "unit": "x1", "date": "2025-08-27"},
            {"team": "T3", "unit": "b", "date": "2025-08-26"},
        ],
    )
    result = solve_and_check(plan)
    assert result.status == "infeasible"
    text = "\n".join(m.vi for m in result.explanation)
    assert "Không thể xếp lịch: trong 5 ngày làm việc" in text
    assert "Lịch cố định: Đoàn kiểm tra T1 kiểm tra X1 ngày 27/08/2025" in text
    assert "Lịch cố định: Đoàn kiểm tra T3 kiểm tra B ngày 26/08/2025" in text
    assert "HND tham gia" in text
    assert "B (trưởng đoàn Đoàn kiểm tra T2) không được kiểm tra vào ngày" in text


def test_it_checks_a_hand_edited_schedule(quangxuong: Plan, quangxuong_schedule: Schedule) -> None:
    visits = list(quangxuong_schedule.visits)
    first = visits[0]
    visits[0] = Visit(first.team, first.unit, d("2023-08-05"), d("2023-08-03"))  # a Saturday
    broken = check_visits(quangxuong, visits)
    assert {v.rule for v in broken} >= {"working_day"}
    assert any("thứ Bảy" in v.message.vi for v in broken)
