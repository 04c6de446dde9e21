"""The ``thidua framework`` and ``thidua score`` commands, with the documented formats."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from thidua.cli import main

UNIT = {
    "code": "X1",
    "name": "Xã Minh Tân",
    "kind": "xa",
    "parent_kind": "huyen",
    "results": {
        "A.I.1": True,
        "A.I.2": 0.8,
        "A.II.1": "62%",
        "A.II.2": {"numerator": 30, "denominator": 40},
        "A.I.3": 4,
        "B.2": [{"kind": "commended", "count": 1}],
        "B.5": [{"kind": "task", "points": 8}],
        "C.1": [{"kind": "late_1_2_days", "count": 1}],
    },
}
# Hand computation on hagiang-2023-commune (Annex 3): A.I.1 yes 5; A.I.2 0,8 × 7 = 5,6;
# A.II.1 0,62 / 0,70 × 20 = 17,714… → 17,71; A.II.2 30/40 × 10 = 7,5; A.I.3 4 × 1 = 4;
# B.2 5; B.5 8; C.1 −1.  A = 39,81, B = 13, C = −1, total 51,81.


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_it_scores_a_json_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"units": [UNIT]}), encoding="utf-8")
    code, out, _ = _run(capsys, "score", "hagiang-2023-commune", str(path), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["framework"] == {
        "code": "hagiang-2023-commune",
        "title": doc["framework"]["title"],
        "max_points": 300,
    }
    (u,) = doc["units"]
    assert u["rank"] == 1 and u["total"] == 51.81 and u["index"] is None
    assert u["groups"] == {"A": 39.81, "B": 13, "C": -1}
    assert u["sections"]["A.I"] == 14.6
    assert u["criteria"]["A.II.1"]["points"] == 17.71
    assert u["criteria"]["A.II.1"]["max"] == 20
    assert u["criteria"]["A.II.1"]["input"] == "62%"
    assert "70%" in u["criteria"]["A.II.1"]["explanation"]
    assert "A.V.3" in u["missing"]
    assert {f["code"] for f in doc["findings"]} == {"unreachable_max", "numbering_gap"}


def _long_rows() -> list[list[object]]:
    header = [
        "unit_code",
        "unit_name",
        "unit_kind",
        "parent_kind",
        "criterion",
        "value",
        "denominator",
        "event_kind",
        "count",
        "points",
    ]
    return [
        header,
        ["X1", "Xã Minh Tân", "xa", "huyen", "A.I.1", "có", None, None, None, None],
        ["X1", None, None, None, "A.I.2", "0,8", None, None, None, None],
        ["X1", None, None, None, "A.II.1", "62%", None, None, None, None],
        ["X1", None, None, None, "A.II.2", 30, 40, None, None, None],
        ["X1", None, None, None, "A.I.3", 4, None, None, None, None],
        ["X1", None, None, None, "B.2", None, None, "commended", 1, None],
        ["X1", None, None, None, "B.5", None, None, "task", None, 8],
        ["X1", None, None, None, "C.1", None, None, "late_1_2_days", 1, None],
    ]


def test_it_scores_a_csv_file_like_the_json_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["" if v is None else v for v in row] for row in _long_rows()])
    code, out, _ = _run(capsys, "score", "hagiang-2023-commune", str(path))
    assert code == 0
    assert json.loads(out)["units"][0]["total"] == 51.81


def test_it_scores_an_xlsx_file_and_writes_an_xlsx_scorecard(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in _long_rows():
        ws.append(row)
    wb.save(src)
    out_path = tmp_path / "out.xlsx"
    code, _, _ = _run(
        capsys,
        "score",
        "hagiang-2023-commune",
        str(src),
        "--format",
        "xlsx",
        "--out",
        str(out_path),
    )
    assert code == 0
    book = load_workbook(out_path)
    assert book.sheetnames == ["Xếp hạng", "X1"]
    sheet = book["X1"]
    assert [c.value for c in sheet[4]] == [
        "TT",
        "Chỉ tiêu, nhiệm vụ",
        "Điểm tối đa",
        "Cách tính điểm",
        "Kết quả",
        "Điểm",
        "Số liệu, tài liệu minh chứng",
    ]
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[1] == "TỔNG ĐIỂM" and last[5] == pytest.approx(51.81)
    assert book["Xếp hạng"].cell(row=4, column=2).value == "X1"


def test_it_prints_all_input_errors_at_once_and_scores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {
        "units": [
            {"code": "X1", "kind": "xa", "results": {"A.II.1": 1.3, "A.I.3": -2}},
            {"code": "X2", "kind": "xa", "results": {"Z.9": True, "B.2": [{"kind": "praised"}]}},
        ]
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    code, out, err = _run(capsys, "score", "hagiang-2023-commune", str(path))
    assert code == 1
    assert out == ""
    for needle in ("X1", "A.II.1", "1.3", "A.I.3", "-2", "X2", "Z.9", "B.2", "praised"):
        assert needle in err
    assert err.count("đơn vị") >= 4


def test_it_names_file_row_and_column_of_a_bad_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    rows = _long_rows()
    rows[3][0] = None  # no unit code on row 4
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["" if v is None else v for v in row] for row in rows])
    code, _, err = _run(capsys, "score", "hagiang-2023-commune", str(path))
    assert code == 1
    assert "bad.csv" in err and "dòng 4, cột unit_code" in err and "row 4, column unit_code" in err


def test_it_validates_a_builtin_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "framework", "validate", "dti-commune", "--format", "json")
    assert code == 0  # the source's defects are warnings, not errors
    doc = json.loads(out)
    assert doc["framework"] == "dti-commune"
    assert all(set(f) == {"severity", "code", "node", "message"} for f in doc["findings"])
    assert ("sum_mismatch", "II") in {(f["code"], f["node"]) for f in doc["findings"]}


def test_it_exits_1_on_a_file_with_error_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(
        "code: f\ntitle: F\nsource: {document: d}\napplies_to: [xa]\nmax_points: 5\n"
        "nodes:\n  - {label: A, title: A, children: [{label: '1', title: x, max: 5, rule: {kind: ratio, target: 70}}]}\n",
        encoding="utf-8",
    )
    code, out, _ = _run(capsys, "framework", "validate", str(path), "--format", "json")
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert finding["severity"] == "error" and finding["node"] == "A.1"
    assert "A.1: ratio rule" not in finding["message"]  # message names the field:
    assert "'target' must be between 0 and 1, got 70" in finding["message"]


def test_it_lists_and_shows_frameworks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "framework", "list")
    assert code == 0
    for name in (
        "hagiang-2023-district",
        "hagiang-2023-commune",
        "district-2832-2023-commune",
        "dti-commune",
    ):
        assert name in out
    code, out, _ = _run(capsys, "framework", "show", "dti-commune")
    assert code == 0
    assert "I.T.1" in out and "IV.4.1.2" in out
