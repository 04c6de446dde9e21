"""Importing units from CSV/XLSX: a preview first, every error named by file, row and column in
both languages, and all or nothing (one transaction)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.web.conftest import World
from thidua.web import policy
from thidua.web.audit.models import AuditEntry
from thidua.web.units.importing import (
    ImportRejected,
    PlanChanged,
    apply_import,
    plan_import,
)
from thidua.web.units.models import Unit, UnitGroup

GOOD = (
    "code,name,kind,parent_code\n"
    "HG.DV.LC.T1,Thôn Lô Lô Chải,thon,HG.DV.LC\n"
    "HG.DV.MV,Xã Má Lé,xa,HG.DV\n"
    "HG.DV.MV.T1,Thôn Má Lé,thôn,HG.DV.MV\n"
    "HG.DV.LC,Xã Lũng Cú (sửa),xa,HG.DV\n"
)


def _csv(text: str, name: str = "don-vi.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_it_previews_before_changing_anything(world: World) -> None:
    client = world.client(world.admin)
    before = Unit.objects.count()
    page = client.post(reverse("manage_units_import"), {"file": _csv(GOOD)})
    html = page.content.decode()
    assert page.status_code == 200
    assert "3 đơn vị mới, 1 đơn vị thay đổi, 0 không đổi" in html
    assert "Xã Lũng Cú (sửa)" in html and "Thôn Má Lé" in html
    assert Unit.objects.count() == before  # only a preview
    token = page.context["token"]
    done = client.post(reverse("manage_units_import"), {"token": token, "action": "confirm"})
    assert done.status_code == 302
    assert Unit.objects.count() == before + 3
    assert Unit.objects.get(code="HG.DV.MV.T1").path == "/HG/HG.DV/HG.DV.MV/HG.DV.MV.T1/"
    assert Unit.objects.get(code="HG.DV.LC").name == "Xã Lũng Cú (sửa)"
    entry = AuditEntry.objects.get(action="unit.import")
    assert entry.actor == world.admin and entry.reason == "don-vi.csv"
    assert set(entry.after["created"]) == {"HG.DV.LC.T1", "HG.DV.MV", "HG.DV.MV.T1"}
    assert entry.before["HG.DV.LC"]["name"] == "Xã Lũng Cú"


def test_it_accepts_children_before_their_parents(world: World) -> None:
    text = "code,name,kind,parent_code\nX.1.a,Thôn A,thon,X.1\nX.1,Xã X,xa,HG.DV\n"
    plan = apply_import(world.admin, "x.csv", text.encode())
    assert plan.counts == {"create": 2, "update": 0, "same": 0}
    assert Unit.objects.get(code="X.1.a").path == "/HG/HG.DV/X.1/X.1.a/"


def test_it_changes_nothing_when_one_row_is_wrong(world: World) -> None:
    text = GOOD + "HG.DV.ZZ,Xã Sai,huyện2,HG.DV\n"
    client = world.client(world.admin)
    before = sorted(Unit.objects.values_list("code", "name", "path"))
    page = client.post(reverse("manage_units_import"), {"file": _csv(text)})
    assert page.status_code == 422
    html = page.content.decode()
    assert "1 lỗi — không có thay đổi nào được lưu." in html
    assert "C (kind)" in html and "huyện2" in html
    assert page.context["token"] == ""
    assert sorted(Unit.objects.values_list("code", "name", "path")) == before
    with pytest.raises(ImportRejected) as exc:
        apply_import(world.admin, "don-vi.csv", text.encode())
    (error,) = exc.value.plan.errors
    assert error.text.vi.startswith("don-vi.csv, dòng 6, cột C (kind): Loại đơn vị 'huyện2'")
    assert error.text.en.startswith("don-vi.csv, row 6, column C (kind): Unknown unit kind")
    assert sorted(Unit.objects.values_list("code", "name", "path")) == before
    assert not AuditEntry.objects.filter(action="unit.import").exists()


@pytest.mark.parametrize(
    ("rows", "line", "column", "words"),
    [
        (["A1,Xã A,xa,NOPE"], 2, "D (parent_code)", "NOPE"),
        (["A1,Xã A,xa,HG", "A1,Xã B,xa,HG"], 3, "A (code)", "dòng 2"),
        (["A1,Xã A,xa,A2", "A2,Xã B,xa,A1"], 2, "D (parent_code)", "Vòng lặp"),
        (["A/1,Xã A,xa,HG"], 2, "A (code)", "không hợp lệ"),
        (["A1,,xa,HG"], 2, "B (name)", "Thiếu tên"),
        (["A1,Xã A,xa,TH"], 2, "D (parent_code)", "không quản trị"),
        (["A1,Xã A,xa,"], 2, "D (parent_code)", "đơn vị gốc"),
        (["HG.DV,Huyện Đồng Văn,huyen,HG.DV.LC"], 2, "D (parent_code)", "Vòng lặp"),
    ],
)
def test_it_names_the_row_and_column_of_each_error(
    world: World, rows: list[str], line: int, column: str, words: str
) -> None:
    text = "code,name,kind,parent_code\n" + "\n".join(rows) + "\n"
    plan = plan_import(world.admin, "f.csv", text.encode())
    assert any(
        e.line == line and e.column.startswith(column) and words in e.msg.vi for e in plan.errors
    ), [str(e.text) for e in plan.errors]


def test_it_reads_vietnamese_headers_semicolons_labels_and_dates(world: World) -> None:
    UnitGroup.objects.create(code="khoi-1", name="Khối thi đua 1")
    text = (
        "\ufeffMã;Tên;Loại;Mã cấp trên;Hiệu lực từ;Nhóm\n"
        "HG.DV.NEW;Phường Mới;Phường;HG.DV;01/07/2025;khoi-1\n"
    )
    plan = apply_import(world.admin, "vi.csv", text.encode("utf-8"))
    assert plan.ok and plan.counts["create"] == 1
    unit = Unit.objects.get(code="HG.DV.NEW")
    assert unit.kind == "phuong" and unit.valid_from is not None
    assert unit.valid_from.isoformat() == "2025-07-01"
    assert list(unit.groups.values_list("code", flat=True)) == ["khoi-1"]


def test_it_reads_xlsx_and_names_columns_by_letter(world: World) -> None:
    data = _xlsx(
        [
            ["code", "name", "kind", "parent_code", "valid_from"],
            ["HG.DV.Q", "Xã Q", "xa", "HG.DV", "31/02/2025"],
            ["HG.DV.R", "Xã R", "xa", "HG.DV", None],
        ]
    )
    plan = plan_import(world.admin, "units.xlsx", data)
    (error,) = plan.errors
    assert (error.line, error.column) == (2, "E (valid_from)")
    fixed = _xlsx([["code", "name", "kind", "parent_code"], ["HG.DV.Q", "Xã Q", "xa", "HG.DV"]])
    assert apply_import(world.admin, "units.xlsx", fixed).counts["create"] == 1


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("u.csv", "tên,mã\nA,B\n".encode(), "thiếu cột"),
        (
            "u.csv",
            "code,name,kind,parent_code\nA,Xã Đà,xa,HG\n".encode("cp1258", "ignore"),
            "UTF-8",
        ),
        ("u.xlsx", b"not a zip", "XLSX"),
        ("u.pdf", b"%PDF", ".csv"),
        ("u.csv", b"", "trống"),
    ],
)
def test_it_refuses_unreadable_files_with_a_reason(
    world: World, name: str, content: bytes, words: str
) -> None:
    plan = plan_import(world.admin, name, content)
    (error,) = plan.errors
    assert error.line == 0 and words in error.msg.vi


def test_it_refuses_a_preview_that_no_longer_matches(world: World) -> None:
    text = b"code,name,kind,parent_code\nHG.DV.LC,Xa Lung Cu moi,xa,HG.DV\n"
    preview = plan_import(world.admin, "f.csv", text)
    Unit.objects.filter(code="HG.DV.LC").update(name="Đã đổi bởi người khác")
    with pytest.raises(PlanChanged):
        apply_import(world.admin, "f.csv", text, expected_fingerprint=preview.fingerprint)
    assert Unit.objects.get(code="HG.DV.LC").name == "Đã đổi bởi người khác"


def test_it_moves_a_subtree_when_a_parent_changes(world: World) -> None:
    Unit.objects.create(code="HG.DV.LC.T1", name="Thôn 1", kind="thon", parent=world.commune)
    text = b"code,name,kind,parent_code\nHG.DV.LC,X\xc3\xa3 L\xc5\xa9ng C\xc3\xba,xa,HG.BM\n"
    plan = apply_import(world.admin, "move.csv", text)
    assert plan.counts["update"] == 1
    assert Unit.objects.get(code="HG.DV.LC").path == "/HG/HG.BM/HG.DV.LC/"
    assert Unit.objects.get(code="HG.DV.LC.T1").path == "/HG/HG.BM/HG.DV.LC/HG.DV.LC.T1/"


def test_it_keeps_a_district_administrator_inside_the_district(
    world: World, district_admin: object
) -> None:
    text = b"code,name,kind,parent_code\nA1,Thon A,thon,HG.DV.LC\nB1,Xa B,xa,HG.BM\n"
    plan = plan_import(district_admin, "f.csv", text)
    assert [(e.line, e.column) for e in plan.errors] == [(3, "D (parent_code)")]
    assert "HG.BM" in plan.errors[0].msg.en


def test_it_lets_the_command_line_create_root_units(world: World) -> None:
    plan = apply_import(
        policy.SYSTEM, "roots.csv", b"code,name,kind,parent_code\nQN,Tinh QN,tinh,\n"
    )
    assert plan.counts["create"] == 1
    assert AuditEntry.objects.get(action="unit.import").actor_name == "system"


def test_it_shows_the_errors_in_english_too(world: World) -> None:
    client = world.client(world.admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.post(
        reverse("manage_units_import"), {"file": _csv("code,name,kind,parent_code\nA,B,zz,HG\n")}
    )
    html = page.content.decode()
    assert "Unknown unit kind" in html and "nothing was changed" in html


def test_it_cancels_a_preview(world: World) -> None:
    client = world.client(world.admin)
    page = client.post(reverse("manage_units_import"), {"file": _csv(GOOD)})
    token = page.context["token"]
    client.post(reverse("manage_units_import"), {"token": token, "action": "cancel"})
    again = client.post(reverse("manage_units_import"), {"token": token, "action": "confirm"})
    assert again.status_code == 302
    assert not Unit.objects.filter(code="HG.DV.MV").exists()


def test_it_does_not_let_another_user_confirm_a_preview(
    world: World, district_admin: object
) -> None:
    page = world.client(world.admin).post(reverse("manage_units_import"), {"file": _csv(GOOD)})
    token = page.context["token"]
    world.client(district_admin).post(  # type: ignore[arg-type]
        reverse("manage_units_import"), {"token": token, "action": "confirm"}
    )
    assert not Unit.objects.filter(code="HG.DV.MV").exists()
