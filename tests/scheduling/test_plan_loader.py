"""Loading plans: the built-in Quảng Xương plan, the YAML format, and its errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from thidua.scheduling import PlanError, load_plan, plan_from_mapping, resolve_plan
from thidua.scheduling.catalog import builtin_plan_codes
from thidua.scheduling.loader import plan_to_mapping
from thidua.scheduling.plan import Plan

from .conftest import d

# Phụ lục 1 of the seed, copied by hand: (lead, members, inspected offices, inspected communes).
PHU_LUC_1 = {
    "01": (
        "Công an huyện",
        [
            "Văn phòng HĐND - UBND huyện",
            "Bảo hiểm xã hội huyện",
            "Chi cục Thuế khu vực TP Sầm Sơn - Quảng Xương",
        ],
        [
            "Phòng Tài chính - Kế hoạch",
            "Phòng Lao động - Thương binh và Xã hội",
            "Phòng Tài nguyên và Môi trường",
        ],
        [
            "Thị trấn Tân Phong",
            "Xã Quảng Bình",
            "Xã Quảng Hợp",
            "Xã Quảng Hải",
            "Xã Quảng Thái",
            "Xã Quảng Nhân",
        ],
    ),
    "02": (
        "Phòng Văn hóa - Thông tin",
        [
            "Phòng Nông nghiệp và Phát triển nông thôn",
            "Phòng Lao động - Thương binh và Xã hội",
            "Bệnh viện Đa khoa huyện",
        ],
        ["Phòng Kinh tế - Hạ tầng", "Bảo hiểm xã hội huyện", "Bộ phận một cửa huyện"],
        ["Xã Quảng Yên", "Xã Quảng Trung", "Xã Quảng Chính", "Xã Quảng Giao", "Xã Tiên Trang"],
    ),
    "03": (
        "Phòng Tài nguyên và Môi trường",
        [
            "Phòng Giáo dục và Đào tạo",
            "Hội Cựu chiến binh huyện",
            "Hội Nông dân huyện",
            "Trung tâm Y tế huyện",
            "Liên đoàn Lao động huyện",
        ],
        [
            "Phòng Văn hóa - Thông tin",
            "Phòng Nông nghiệp và Phát triển nông thôn",
            "Tòa án nhân dân huyện",
        ],
        ["Xã Quảng Trạch", "Xã Quảng Lộc", "Xã Quảng Nham", "Xã Quảng Thạch", "Xã Quảng Đức"],
    ),
    "04": (
        "Phòng Tài chính - Kế hoạch",
        [
            "Viện Kiểm sát nhân dân huyện",
            "Đoàn TNCS Hồ Chí Minh huyện",
            "Điện lực huyện",
            "Hội Nông dân huyện",
        ],
        ["Phòng Nội vụ", "Phòng Tư pháp", "Phòng Giáo dục và Đào tạo"],
        ["Xã Quảng Văn", "Xã Quảng Long", "Xã Quảng Trường", "Xã Quảng Khê", "Xã Quảng Ngọc"],
    ),
    "05": (
        "Phòng Tư pháp",
        [
            "Phòng Kinh tế - Hạ tầng",
            "Tòa án nhân dân huyện",
            "Hội Liên hiệp Phụ nữ huyện",
            "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch",
        ],
        ["Viện Kiểm sát nhân dân huyện", "Bệnh viện Đa khoa huyện", "Điện lực huyện"],
        ["Xã Quảng Định", "Xã Quảng Phúc", "Xã Quảng Hòa", "Xã Quảng Lưu", "Xã Quảng Ninh"],
    ),
}


@pytest.mark.parametrize("team_code", sorted(PHU_LUC_1))
def test_it_ships_the_quang_xuong_teams_exactly_as_in_phu_luc_1(
    quangxuong: Plan, team_code: str
) -> None:
    lead, members, offices, communes = PHU_LUC_1[team_code]
    team = quangxuong.team(team_code)
    name = quangxuong.unit_name
    assert name(team.lead) == lead
    assert [name(m) for m in team.members] == members
    assert [name(u) for u in team.inspects] == offices + communes
    assert team.secretary.unit == team.lead  # "cán bộ, chuyên viên thuộc đơn vị ... trưởng đoàn"


def test_it_ships_the_quang_xuong_dates_from_the_seed(quangxuong: Plan) -> None:
    # "từ ngày 03/8/2023 và kết thúc trước ngày 25/8/2023", "trước ngày 01/8/2023",
    # "trước ít nhất 02 ngày làm việc", "sau 05 ngày làm việc", "trước ngày 30/8/2023"
    assert (quangxuong.window_start, quangxuong.window_end) == (d("2023-08-03"), d("2023-08-24"))
    assert quangxuong.register_by == d("2023-07-31")
    assert quangxuong.notice_working_days == 2
    assert quangxuong.result_notice_working_days == 5
    assert quangxuong.report_due == d("2023-08-29")
    assert quangxuong.visits_per_team_per_day == 1
    assert quangxuong.issuing_body is not None
    assert quangxuong.issuing_body.standing_agency == "cong_an_huyen"


def test_it_ships_the_26_commune_level_units_of_quang_xuong(quangxuong: Plan) -> None:
    communes = [u for u in quangxuong.units if u.kind in ("xa", "thi_tran")]
    assert len(communes) == 26
    assert [u.name for u in communes if u.kind == "thi_tran"] == ["Thị trấn Tân Phong"]
    inspected = {u for _, u in quangxuong.pairs()}
    assert all(u.code in inspected for u in communes)


def test_it_treats_phong_tai_chinh_and_phong_tai_chinh_ke_hoach_as_one_office(
    quangxuong: Plan,
) -> None:
    assert quangxuong.team("04").lead == "phong_tckh"
    assert [t.code for t in quangxuong.inspectors_of("phong_tckh")] == ["01"]
    assert not any(u.name == "Phòng Tài chính" for u in quangxuong.units)
    assert any("Phòng Tài chính" in note for note in quangxuong.notes)


def test_it_records_hoi_nong_dan_on_two_teams(quangxuong: Plan) -> None:
    assert [t.code for t in quangxuong.teams_of("hoi_nong_dan")] == ["03", "04"]


def test_it_lists_built_in_plans() -> None:
    assert builtin_plan_codes() == ("quangxuong-2023",)
    assert resolve_plan("quangxuong-2023").code == "quangxuong-2023"


def test_it_loads_the_issue_example(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            code: example-2025
            title: Kế hoạch kiểm tra ...
            window: {start: 2025-08-25, end: 2025-09-12}
            register_by: 2025-08-20
            excluded_dates: []
            notice_working_days: 2
            result_notice_working_days: 5
            report_due: 2025-09-17
            visits_per_team_per_day: 1
            units:
              - {code: ca_huyen, name: Công an huyện, kind: phong_ban}
              - {code: xa_a, name: Xã A, kind: xa}
            teams:
              - {code: T1, name: Đoàn kiểm tra số 01, lead: ca_huyen, members: [vp_ubnd], inspects: [xa_a]}
            """
        ),
        encoding="utf-8",
    )
    plan = load_plan(path)
    assert plan.pairs() == (("T1", "xa_a"),)
    # vp_ubnd sits on the team but is not listed: accepted, and said so.
    assert any("vp_ubnd" in w.vi and "không có trong danh sách" in w.vi for w in plan.warnings)


BASE = {
    "code": "p",
    "window": {"start": "2025-08-25", "end": "2025-08-29"},
    "register_by": "2025-08-20",
    "notice_working_days": 2,
    "result_notice_working_days": 5,
    "report_due": "2025-09-17",
    "units": [{"code": "ca", "name": "Công an"}, {"code": "xa_a", "name": "Xã A", "kind": "xa"}],
    "teams": [{"code": "T1", "lead": "ca", "inspects": ["xa_a"]}],
}


def _with(**changes: object) -> dict[str, object]:
    data = dict(BASE)
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            _with(teams=[{"code": "T1", "lead": "ca", "inspects": ["abc"]}]),
            "tệp plan.yaml, đoàn T1: đơn vị 'abc' không có trong danh sách / "
            "file plan.yaml, team T1: unit 'abc' is not listed",
        ),
        (
            _with(register_by=None),
            "tệp plan.yaml, kế hoạch: thiếu trường 'register_by' / file plan.yaml, plan: field 'register_by' is missing",
        ),
        (
            _with(report_due="30/02/2025"),
            "tệp plan.yaml, kế hoạch: trường 'report_due': '30/02/2025' không phải là ngày (dd/mm/yyyy hoặc yyyy-mm-dd) / "
            "file plan.yaml, plan: field 'report_due': '30/02/2025' is not a date (dd/mm/yyyy or yyyy-mm-dd)",
        ),
        (
            _with(window={"start": "2025-08-29", "end": "2025-08-25"}),
            "tệp plan.yaml, trường 'window': ngày kết thúc trước ngày bắt đầu / file plan.yaml, field 'window': end is before start",
        ),
        (
            _with(notice_working_days=-1),
            "tệp plan.yaml, kế hoạch: trường 'notice_working_days' phải là số nguyên ≥ 0, không phải '-1' / "
            "file plan.yaml, plan: field 'notice_working_days' must be an integer ≥ 0, not '-1'",
        ),
        (
            _with(
                teams=[
                    {
                        "code": "T1",
                        "lead": "ca",
                        "inspects": ["xa_a"],
                        "secretary": {"unit": "xa_a"},
                    }
                ]
            ),
            "tệp plan.yaml, đoàn T1: thư ký phải là người của đơn vị trưởng đoàn 'ca', không phải 'xa_a' / "
            "file plan.yaml, team T1: the secretary must belong to the lead unit 'ca', not 'xa_a'",
        ),
        (
            _with(units=BASE["units"] + [{"code": "ca", "name": "Công an 2"}]),  # type: ignore[operator]
            "tệp plan.yaml, đơn vị ca: mã đơn vị 'ca' lặp lại / file plan.yaml, unit ca: unit code 'ca' is repeated",
        ),
        (
            _with(pins=[{"team": "T9", "unit": "xa_a", "date": "2025-08-25"}]),
            "tệp plan.yaml, lịch cố định thứ 1 ('pins'): đoàn 'T9' không có trong danh sách / "
            "file plan.yaml, pin #1 ('pins'): team 'T9' is not listed",
        ),
        (
            _with(outlines="outlines-khong-co"),
            "tệp plan.yaml, kế hoạch: bộ đề cương 'outlines' 'outlines-khong-co' không có sẵn "
            "(có: outlines-quangxuong-2023) / file plan.yaml, plan: the outline set 'outlines' "
            "'outlines-khong-co' is not shipped (shipped: outlines-quangxuong-2023)",
        ),
    ],
)
def test_it_names_the_file_and_field_of_each_error(data: dict[str, object], expected: str) -> None:
    with pytest.raises(PlanError) as caught:
        plan_from_mapping(data, source="plan.yaml")
    assert expected in [str(p) for p in caught.value.problems]


def test_it_reports_every_problem_at_once() -> None:
    data = _with(
        register_by="tomorrow", teams=[{"code": "T1", "lead": "ca", "inspects": ["abc", "xyz"]}]
    )
    with pytest.raises(PlanError) as caught:
        plan_from_mapping(data, source="plan.yaml")
    assert len(caught.value.problems) == 3


def test_it_reports_the_line_of_invalid_yaml(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("code: x\nteams: [\n  - a: b\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert "YAML không hợp lệ" in str(caught.value) and "dòng" in str(caught.value)


def test_it_reports_a_missing_file() -> None:
    with pytest.raises(PlanError) as caught:
        resolve_plan("/nonexistent/plan.yaml")
    assert "không đọc được tệp" in str(caught.value)


def test_it_accepts_vietnamese_dates_and_warns_about_unknown_fields() -> None:
    plan = plan_from_mapping(_with(report_due="17/09/2025", colour="blue"), source="plan.yaml")
    assert plan.report_due == d("2025-09-17")
    assert any("colour" in w.en for w in plan.warnings)


def test_it_round_trips_a_plan_through_its_mapping(quangxuong: Plan) -> None:
    again = plan_from_mapping(plan_to_mapping(quangxuong), source="again.yaml")
    assert again.teams == quangxuong.teams
    assert again.units == quangxuong.units
    assert again.window_start == quangxuong.window_start
