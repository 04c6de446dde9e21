"""``thidua inspections``: schedule, documents, list, outline; exit codes and messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from thidua.cli import main
from thidua.scheduling.catalog import load_builtin_plan
from thidua.scheduling.loader import plan_to_mapping

from .independent_checker import check

FAST = ["--workers", "1", "--seed", "3"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["inspections", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_plan(tmp_path: Path, data: dict[str, object]) -> str:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


EXAMPLE = {
    "code": "example-2025",
    "title": "Kế hoạch kiểm tra thử",
    "window": {"start": "2025-08-25", "end": "2025-09-12"},
    "register_by": "2025-08-20",
    "excluded_dates": [],
    "notice_working_days": 2,
    "result_notice_working_days": 5,
    "report_due": "2025-09-17",
    "visits_per_team_per_day": 1,
    "units": [
        {"code": "ca_huyen", "name": "Công an huyện", "kind": "phong_ban"},
        {"code": "vp_ubnd", "name": "Văn phòng UBND", "kind": "phong_ban"},
        {"code": "xa_a", "name": "Xã A", "kind": "xa"},
        {"code": "xa_b", "name": "Xã B", "kind": "xa"},
    ],
    "teams": [
        {
            "code": "T1",
            "name": "Đoàn kiểm tra số 01",
            "lead": "ca_huyen",
            "members": ["vp_ubnd"],
            "inspects": ["xa_a", "xa_b"],
        },
        {"code": "T2", "name": "Đoàn kiểm tra số 02", "lead": "xa_b", "inspects": ["vp_ubnd"]},
    ],
}


def test_it_prints_the_schedule_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "schedule", write_plan(tmp_path, EXAMPLE), "--format", "json", *FAST
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["plan"] == "example-2025"
    assert result["status"] == "optimal"
    assert set(result["visits"][0]) == {"team", "unit", "date", "notice_date"}
    assert {"team", "last_visit", "result_notice_due", "report_due"} <= set(result["teams"][0])
    assert (
        check(yaml.safe_load(Path(tmp_path / "plan.yaml").read_text(encoding="utf-8")), result)
        == []
    )


def test_it_prints_the_schedule_as_text_in_vietnamese_and_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "schedule", "quangxuong-2023", *FAST)
    assert code == 0
    assert "Trạng thái / Status: tối ưu / optimal" in out
    assert "Đoàn kiểm tra số 01 — trưởng đoàn / lead: Công an huyện" in out
    assert "Hạn thông báo kết quả / Result notice due" in out


def test_it_writes_the_schedule_as_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "lich.xlsx"
    code, _, err = run(
        capsys, "schedule", "quangxuong-2023", "--format", "xlsx", "--out", str(out_file), *FAST
    )
    assert code == 0, err
    workbook = load_workbook(out_file)
    assert workbook.sheetnames == ["Lịch kiểm tra", "Theo ngày", "Các đoàn", "Ghi chú"]
    sheet = workbook["Lịch kiểm tra"]
    assert sheet.cell(row=3, column=2).value == "Ngày kiểm tra"
    assert sheet.max_row == 3 + 41
    assert sheet.cell(row=4, column=2).number_format == "DD/MM/YYYY"


def test_it_needs_out_for_xlsx(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "schedule", "quangxuong-2023", "--format", "xlsx")
    assert code == 2 and out == ""
    assert "--format xlsx cần --out" in err


def test_it_exits_non_zero_with_an_explanation_when_infeasible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = dict(EXAMPLE, window={"start": "2025-08-25", "end": "2025-08-25"})
    code, out, err = run(capsys, "schedule", write_plan(tmp_path, data), "--format", "json", *FAST)
    assert code == 1
    result = json.loads(out)
    assert result["status"] == "infeasible" and result["visits"] == []
    assert result["explanation"]
    assert "không xếp được lịch" in err


def test_it_reports_a_bad_plan_file_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = dict(EXAMPLE, teams=[{"code": "T1", "lead": "ca_huyen", "inspects": ["abc"]}])
    path = write_plan(tmp_path, data)
    code, out, err = run(capsys, "schedule", path)
    assert code == 2 and out == ""
    assert (
        f"tệp {path}, đoàn T1: đơn vị 'abc' không có trong danh sách / file {path}, team T1: unit 'abc' is not listed"
        in err
    )


def test_it_reports_an_unknown_plan(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "schedule", "no-such-plan")
    assert code == 2
    assert "không phải là kế hoạch có sẵn" in err


def test_it_applies_pins_and_forbidden_dates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "schedule",
        "quangxuong-2023",
        "--format",
        "json",
        "--pin",
        "01:xa_quang_binh:2023-08-23",
        "--forbid",
        "xa_quang_yen:2023-08-07",
        "--forbid",
        "xa_quang_yen:08/08/2023",
        *FAST,
    )
    assert code == 0, err
    result = json.loads(out)
    by_pair = {(v["team"], v["unit"]): v["date"] for v in result["visits"]}
    assert by_pair[("01", "xa_quang_binh")] == "2023-08-23"
    assert by_pair[("02", "xa_quang_yen")] not in ("2023-08-07", "2023-08-08")
    plan = plan_to_mapping(load_builtin_plan("quangxuong-2023"))
    plan["pins"] = [{"team": "01", "unit": "xa_quang_binh", "date": "2023-08-23"}]
    plan["forbidden"] = [{"unit": "xa_quang_yen", "dates": ["2023-08-07", "2023-08-08"]}]
    assert check(plan, result) == []


def test_it_reports_a_broken_pin_instead_of_saving_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "lich.json"
    out_file.write_text("the schedule in force", encoding="utf-8")
    code, out, err = run(
        capsys,
        "schedule",
        "quangxuong-2023",
        "--format",
        "json",
        "--out",
        str(out_file),
        "--pin",
        "01:xa_quang_binh:2023-08-26",
        *FAST,
    )
    assert code == 1
    assert out_file.read_text(encoding="utf-8") == "the schedule in force"
    assert "thứ Bảy" in " ".join(json.loads(out)["explanation"])
    assert "không xếp được lịch" in err and "không ghi đè" in err


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--pin", "01:xa_quang_binh"], "cần dạng ĐOÀN:ĐƠN_VỊ:NGÀY"),
        (["--pin", "09:xa_quang_binh:2023-08-10"], "đoàn '09' không có trong kế hoạch"),
        (["--pin", "01:xa_nowhere:2023-08-10"], "đơn vị 'xa_nowhere' không có trong danh sách"),
        (["--forbid", "xa_quang_yen:someday"], "'someday' không phải là ngày"),
    ],
)
def test_it_rejects_malformed_edits(
    capsys: pytest.CaptureFixture[str], option: list[str], message: str
) -> None:
    code, _, err = run(capsys, "schedule", "quangxuong-2023", *option)
    assert code == 2
    assert message in err


def test_it_replans_from_a_previous_schedule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.json"
    assert (
        run(capsys, "schedule", "quangxuong-2023", "--format", "json", "--out", str(first), *FAST)[
            0
        ]
        == 0
    )
    before = {
        (v["team"], v["unit"]): v["date"]
        for v in json.loads(first.read_text(encoding="utf-8"))["visits"]
    }
    code, out, _ = run(
        capsys,
        "schedule",
        "quangxuong-2023",
        "--format",
        "json",
        "--previous",
        str(first),
        "--forbid",
        f"xa_quang_hop:{before[('01', 'xa_quang_hop')]}",
        *FAST,
    )
    assert code == 0
    after = {(v["team"], v["unit"]): v["date"] for v in json.loads(out)["visits"]}
    assert after[("01", "xa_quang_hop")] != before[("01", "xa_quang_hop")]
    assert sum(after[k] != before[k] for k in before) <= 3


def test_it_writes_all_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "documents", "quangxuong-2023", "--out", str(tmp_path / "docs"), *FAST
    )
    assert code == 0, err
    files = sorted(
        p.relative_to(tmp_path / "docs").as_posix()
        for p in (tmp_path / "docs").rglob("*")
        if p.is_file()
    )
    assert "ke-hoach.docx" in files and "lich-kiem-tra.xlsx" in files
    assert "doan-01/thong-bao-kiem-tra-xa_quang_binh.docx" in files
    assert "doan-04/thong-bao-ket-qua-phong_noi_vu.docx" in files
    assert "doan-05/bao-cao.docx" in files
    assert len(files) == 2 + 5 + 2 * 41
    assert "Đã ghi 89 tệp" in out


def test_it_writes_no_document_for_an_infeasible_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = dict(EXAMPLE, window={"start": "2025-08-25", "end": "2025-08-25"})
    code, _, err = run(
        capsys, "documents", write_plan(tmp_path, data), "--out", str(tmp_path / "docs")
    )
    assert code == 1
    assert not (tmp_path / "docs").exists()
    assert "không ghi văn bản nào" in err


def test_it_lists_built_in_plans(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert out.startswith(
        "quangxuong-2023\t2023-08-03..2023-08-24\t5 đoàn / teams, 41 buổi / visits"
    )


def test_it_prints_a_units_report_outline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "outline", "quangxuong-2023", "--unit", "phong_noi_vu", "--format", "json"
    )
    assert code == 0
    form = json.loads(out)
    assert form["outline"] == "A" and form["extras"] == ["noi_vu"]
    assert form["questions"][-1]["key"] == "A.noi_vu.4"
    code, out, _ = run(capsys, "outline", "quangxuong-2023", "--unit", "xa_quang_nham")
    assert code == 0 and out.startswith("Đề cương B:")


def test_it_shows_help_without_a_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert code == 2 and "schedule" in out
