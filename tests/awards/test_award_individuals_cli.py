"""``thidua awards allocate`` with the ``individuals`` of a JSON input."""

from __future__ import annotations

import csv
import json

import pytest
from awards_synth import COMMUNE_PASS

from thidua.cli import main

BK = "bang_khen_ubnd_tinh"
GK = "giay_khen_ca_tinh"


def _unit(code, parent, *, datasets=0, **results):
    r = dict(COMMUNE_PASS)
    r.update(results)
    if datasets:
        r["B.1"] = [{"kind": "dataset", "count": datasets}]
    return {
        "code": code,
        "name": f"Xã {code}",
        "kind": "xa",
        "parent_kind": "huyen",
        "parent": parent,
        "results": r,
        "facts": {"models_registered": 1},
    }


UNITS = [
    _unit("X1", "H1", datasets=3),  # 85
    _unit("X2", "H1", datasets=2),  # 80
    _unit("X3", "H2", datasets=4, **{"A.V.1": "99%"}),  # 90, fails gate (4)
]

PEOPLE = [
    {"id": "CB01", "name": "Nguyễn Văn A", "unit": "X1", "position": "Chủ tịch UBND xã"},
    {"id": "CB02", "name": "Trần Thị B", "unit": "X1", "priority": 2},
    {"id": "CB03", "name": "Lò Văn C", "unit": "X2", "achievements": "Làm sạch dữ liệu"},
    {"id": "CB04", "name": "Vàng Thị D", "unit": "X3"},
]


def _write(tmp_path, data, name="communes.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _allocate(path, *more):
    return main(["awards", "allocate", "hagiang-2023", str(path), "--level", "commune", *more])


def test_it_allocates_individuals_to_json(tmp_path, capsys):
    assert _allocate(_write(tmp_path, {"units": UNITS, "individuals": PEOPLE})) == 0
    ind = json.loads(capsys.readouterr().out)["individuals"]
    assert ind["forms"] == [
        {"form": BK, "title": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "places": 5,
         "given": ["CB04", "CB01", "CB02"]},
        {"form": GK, "title": "Giấy khen của Giám đốc Công an tỉnh", "places": 10, "given": []},
    ]  # fmt: skip
    # X3 (90) failed a gate but its official leads H2; X1 (85) leads H1, so CB01
    # is H1's nominee and CB02 (X1's second choice) H1's extra.
    first, second, third = ind["proposals"]
    assert set(first) >= {
        "id", "name", "unit", "parent", "form", "rank", "nominees", "unit_rank_overall", "reason"
    }  # fmt: skip
    assert (first["id"], first["unit"], first["parent"], first["form"]) == ("CB04", "X3", "H2", BK)
    assert (first["rank"], first["nominees"], first["unit_rank_overall"]) == (1, 3, 1)
    assert second["position"] == "Chủ tịch UBND xã"
    assert (third["id"], third["nomination"], third["priority"]) == ("CB02", "extra", 2)
    assert second["reason"].startswith(
        "Đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (thứ tự 2/3 cá nhân được đề cử; "
        "đơn vị X1 hạng chung 2/3; được huyện, thành phố H1 đề cử) / Proposed for the"
    )
    # 15 places: H1's extra goes to CB02, so CB03 is H1's third and out.
    assert [(n["id"], n["status"]) for n in ind["not_proposed"]] == [("CB03", "not_nominee")]
    assert set(ind["not_proposed"][0]) >= {"id", "name", "unit", "parent", "status", "reason"}


def test_individuals_leave_the_collective_output_exactly_as_it_was(tmp_path, capsys):
    assert _allocate(_write(tmp_path, {"units": UNITS}, "plain.json")) == 0
    plain = json.loads(capsys.readouterr().out)
    assert _allocate(_write(tmp_path, {"units": UNITS, "individuals": PEOPLE})) == 0
    with_people = json.loads(capsys.readouterr().out)
    assert plain.pop("individuals") != with_people.pop("individuals")
    assert plain == with_people
    assert list(plain)[:3] == ["plan", "level", "framework"]


def test_the_individuals_key_is_there_without_individuals(tmp_path, capsys):
    assert _allocate(_write(tmp_path, {"units": UNITS})) == 0
    ind = json.loads(capsys.readouterr().out)["individuals"]
    assert [(f["form"], f["places"], f["given"]) for f in ind["forms"]] == [
        (BK, 5, []),
        (GK, 10, []),
    ]
    assert ind["proposals"] == [] and ind["not_proposed"] == []


def test_a_csv_input_has_no_individuals(tmp_path, capsys):
    path = tmp_path / "communes.csv"
    header = ["unit_code", "unit_name", "unit_kind", "parent_kind", "parent", "criterion", "value",
              "denominator", "event_kind", "count", "points"]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for criterion, value in COMMUNE_PASS.items():
            w.writerow(["X1", "Xã X1", "xa", "huyen", "H1", criterion, value, "", "", "", ""])
    assert _allocate(path) == 0
    ind = json.loads(capsys.readouterr().out)["individuals"]
    assert ind["proposals"] == [] and ind["not_proposed"] == []


def test_it_shows_individuals_as_text(tmp_path, capsys):
    assert (
        _allocate(_write(tmp_path, {"units": UNITS, "individuals": PEOPLE}), "--format", "text")
        == 0
    )
    out = capsys.readouterr().out
    assert "CÁ NHÂN / INDIVIDUALS: 4 · Được đề cử / Nominees: 3" in out
    assert "ĐỀ NGHỊ KHEN THƯỞNG CÁ NHÂN / INDIVIDUAL PROPOSALS" in out
    assert "  2. CB01 Nguyễn Văn A, Chủ tịch UBND xã — X1 [H1] — bang_khen_ubnd_tinh" in out
    assert "CB03 Lò Văn C — X2 [H1] — not_nominee" in out


def test_text_without_individuals_has_no_individuals_section(tmp_path, capsys):
    assert _allocate(_write(tmp_path, {"units": UNITS}), "--format", "text") == 0
    assert "INDIVIDUALS" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("individuals", "messages"),
    [
        (
            {"CB01": 1},
            ["individuals: 'individuals' phải là một danh sách", "'individuals' must be a list"],
        ),
        (
            [
                "CB01",
                {"id": "CB02", "unit": "X1", "priority": 0},
                {"id": "CB03", "name": "B", "unit": ["X1"], "position": 3.5},
                {"name": "C", "unit": "X1", "priority": "1"},
            ],
            [
                "individuals[0]: mỗi cá nhân phải là một đối tượng",
                "individuals[1].name: individual CB02: the name ('name') is missing",
                "individuals[1].priority: individual CB02: 'priority' must be a whole number of "
                "at least 1, got 0",
                "individuals[2].unit: individual CB03: 'unit' must be text, got ['X1']",
                "individuals[2].position: individual CB03: 'position' must be text, got 3.5",
                "individuals[3].id: individual: the id ('id') is missing",
                "individuals[3].priority: individual: 'priority' must be a whole number of at "
                "least 1, got '1'",
            ],
        ),
        (
            [{"id": "CB01", "name": "A", "unit": "X9"}, {"id": "CB01", "name": "B", "unit": "X1"}],
            [
                "individual CB01: unit 'X9' ('unit') is not among the units of level commune",
                "individual CB01: duplicate 'id' (2 times)",
            ],
        ),
    ],
)
def test_it_refuses_bad_individuals_and_allocates_nothing(tmp_path, capsys, individuals, messages):
    path = _write(tmp_path, {"units": UNITS, "individuals": individuals})
    assert _allocate(path) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "nothing allocated" in captured.err
    assert str(path) in captured.err
    for m in messages:
        assert m in captured.err
