"""``thidua awards allocate|gates|show|list`` as an administrator runs them."""

from __future__ import annotations

import json

import pytest
from awards_synth import COMMUNE_PASS

from thidua.cli import main


def _unit(code, parent, *, datasets=0, facts=None, **results):
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
        "facts": {"models_registered": 1} if facts is None else facts,
    }


@pytest.fixture
def communes(tmp_path):
    units = [
        _unit("X1", "H1", datasets=3),  # 85: H1's best, Bằng khen
        _unit("X2", "H1", datasets=2),  # 80: H1's extra nominee
        _unit("X3", "H1", datasets=1),  # 75: H1 has no third place
        _unit("X4", "H2", datasets=4, **{"A.V.1": "99%"}),  # 90 but fails gate (4)
        _unit("X5", "H2", facts={}),  # no models fact: fails model_815
    ]
    path = tmp_path / "communes.json"
    path.write_text(json.dumps({"units": units}, ensure_ascii=False), encoding="utf-8")
    return path


def test_it_allocates_to_json(communes, capsys):
    assert main(["awards", "allocate", "hagiang-2023", str(communes), "--level", "commune"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(p["unit"], p["form"], p["rank"], p["total"]) for p in out["proposals"]] == [
        ("X1", "bang_khen_ubnd_tinh", 1, 85.0),
        ("X2", "bang_khen_ubnd_tinh", 2, 80.0),
    ]
    assert {p["unit"]: p["reason"] for p in out["proposals"]}["X1"].startswith(
        "Đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (hạng 1/2 trong số đơn vị được đề cử"
    )
    not_proposed = {n["unit"]: n for n in out["not_proposed"]}
    assert set(not_proposed) == {"X3", "X4", "X5"}
    assert not_proposed["X4"]["failed_gates"] == ["population_data_cleaned"]
    assert not_proposed["X5"]["failed_gates"] == ["model_815"]
    assert not_proposed["X3"]["status"] == "not_nominee"
    assert all(set(n) >= {"unit", "reason"} for n in out["not_proposed"])
    assert all(set(p) >= {"unit", "form", "rank", "total", "reason"} for p in out["proposals"])


def test_it_allocates_to_text(communes, capsys):
    assert (
        main(
            [
                "awards",
                "allocate",
                "hagiang-2023",
                str(communes),
                "--level",
                "commune",
                "--format",
                "text",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "ĐỀ NGHỊ KHEN THƯỞNG / PROPOSALS" in out
    assert "KHÔNG ĐỀ NGHỊ / NOT PROPOSED" in out
    assert "85 điểm / 85 points — bang_khen_ubnd_tinh" in out


def test_it_writes_to_a_file(communes, tmp_path, capsys):
    target = tmp_path / "out.json"
    assert (
        main(
            [
                "awards",
                "allocate",
                "hagiang-2023",
                str(communes),
                "--level",
                "commune",
                "--out",
                str(target),
            ]
        )
        == 0
    )
    assert json.loads(target.read_text(encoding="utf-8"))["level"] == "commune"
    assert capsys.readouterr().out == ""


def test_it_shows_each_units_gates(communes, capsys):
    assert main(["awards", "gates", "hagiang-2023", str(communes), "--level", "commune"]) == 0
    units = {u["unit"]: u for u in json.loads(capsys.readouterr().out)["units"]}
    assert units["X1"]["eligible"] and not units["X4"]["eligible"]
    g = {x["gate"]: x for x in units["X4"]["gates"]}["population_data_cleaned"]
    assert (g["op"], g["threshold"], g["value"], g["passed"]) == (">=", 1, 0.99, False)


def test_it_shows_gates_as_text(communes, capsys):
    assert (
        main(
            [
                "awards",
                "gates",
                "hagiang-2023",
                str(communes),
                "--level",
                "commune",
                "--format",
                "text",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Đạt điều kiện / Eligible: 3/5" in out
    assert "✗ model_815: chưa có kết quả (dữ kiện 'models_registered')" in out


def test_it_uses_a_tie_breaker_from_the_command_line(communes, capsys):
    args = [
        "awards",
        "allocate",
        "hagiang-2023",
        str(communes),
        "--level",
        "commune",
        "--tie-breaker",
        "A",
    ]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["tie_breakers"] == ["A"]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["awards", "allocate", "no-such-plan", "{input}", "--level", "commune"],
            2,
            "No award plan 'no-such-plan'",
        ),
        (
            ["awards", "allocate", "hagiang-2023", "{input}", "--level", "province"],
            2,
            "has no level 'province'",
        ),
        (
            ["awards", "allocate", "hagiang-2023", "{input}", "--level", "village"],
            2,
            "names no framework for level village",
        ),
        (
            [
                "awards",
                "allocate",
                "hagiang-2023",
                "{input}",
                "--level",
                "commune",
                "--tie-breaker",
                "Z",
            ],
            2,
            "tie-breaker 'Z'",
        ),
        (
            ["awards", "allocate", "hagiang-2023", "{missing}", "--level", "commune"],
            1,
            "file not found",
        ),
        (
            ["awards", "gates", "hagiang-2023", "{input}", "--level", "district"],
            1,
            "is not of level district",
        ),
    ],
)
def test_it_explains_what_went_wrong(communes, tmp_path, capsys, argv, code, message):
    argv = [a.format(input=communes, missing=tmp_path / "nope.json") for a in argv]
    assert main(argv) == code
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_it_reports_bad_facts_without_allocating(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps({"units": [_unit("X1", "H1", facts={"models_registered": "nhiều"})]}),
        encoding="utf-8",
    )
    assert main(["awards", "allocate", "hagiang-2023", str(path), "--level", "commune"]) == 1
    assert "unit X1, fact 'models_registered'" in capsys.readouterr().err


def test_it_lists_and_shows_the_plans(capsys):
    assert main(["awards", "list"]) == 0
    assert "hagiang-2023" in capsys.readouterr().out
    assert main(["awards", "show", "hagiang-2023"]) == 0
    out = capsys.readouterr().out
    assert "[population_data_cleaned] chỉ tiêu / criterion A.V.1 > 98%" in out
    assert "trước / before 05/12/2023" in out
