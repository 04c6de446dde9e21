"""The offline form round trip, without Django: write → fill like an officer would → read → compare.

The cells are filled with openpyxl the way Excel or LibreOffice save them
(typed text, numbers, percent-formatted numbers, dates from "30/40").
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from thidua.exports.offline_form import (
    SHEET,
    FilledForm,
    FormInfo,
    OfflineFormError,
    StoredRow,
    plan_changes,
    read_form,
    write_form,
)
from thidua.exports.offline_form.model import CODE, DEN, NOTE, NUM, VALUE
from thidua.scoring import Framework, UnitInput, get_builtin
from thidua.scoring.text import Msg

COMMUNE = get_builtin("hagiang-2023-commune")
DTI = get_builtin("dti-commune")
LUNG_CU = UnitInput(code="HG.DV.LC", name="Xã Lũng Cú", kind="xa", parent_kind="huyen")
INFO = FormInfo(campaign="hg-2023", campaign_title="Thi đua Đề án 06 năm 2023", unit=LUNG_CU)

STORED = {
    "A.I.1": StoredRow(value=True, version=2),
    "A.I.2": StoredRow(value="85,5%", version=1),
    "A.II.1": StoredRow(value={"numerator": 30, "denominator": 40}, version=3),
    "A.I.3": StoredRow(value=4, note="4 văn bản", version=1),
    "B.2": StoredRow(value=[{"kind": "commended", "count": 1}], version=1),
    "B.5": StoredRow(
        value=[{"kind": "task", "points": 10}, {"kind": "task", "points": 10}], version=1
    ),
}


def _rows(ws: object) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in range(1, ws.max_row + 1):  # type: ignore[attr-defined]
        code = ws.cell(row=r, column=CODE).value  # type: ignore[attr-defined]
        if code and code not in out:
            out[str(code)] = r
    return out


def fill(
    data: bytes,
    cells: Mapping[str, Mapping[int, object]],
    *,
    formats: Mapping[str, str] | None = None,
) -> bytes:
    """Type values into the form: {row code: {column: value}}; row codes as in the hidden column."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    rows = _rows(ws)
    for code, by_column in cells.items():
        for column, value in by_column.items():
            cell = ws.cell(row=rows[code], column=column)
            cell.value = value
            if formats and code in formats and column == VALUE:
                cell.number_format = formats[code]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read(data: bytes, framework: Framework = COMMUNE) -> FilledForm:
    return read_form(data, framework, INFO)


def problems_of(data: bytes, framework: Framework = COMMUNE) -> list[str]:
    with pytest.raises(OfflineFormError) as caught:
        read(data, framework)
    return [str(p) for p in caught.value.problems]


def test_it_reads_back_an_untouched_form_as_stored() -> None:
    form = read(write_form(COMMUNE, INFO, STORED))
    assert form.unit == "HG.DV.LC" and form.campaign == "hg-2023"
    assert form.entries["A.I.1"].value is True
    assert form.entries["A.I.2"].value == "85.5%"
    assert form.entries["A.II.1"].value == {"numerator": 30, "denominator": 40}
    assert form.entries["A.I.3"].value == 4 and form.entries["A.I.3"].note == "4 văn bản"
    assert form.entries["B.2"].value == [{"kind": "commended", "count": 1}]
    assert form.entries["B.5"].value == [{"kind": "task", "points": 10}] * 2
    assert form.entries["A.I.4"].value is None and form.entries["C.1"].value == []
    assert form.entries["A.II.1"].version == 3
    assert plan_changes(COMMUNE, INFO, form, STORED) == []


def test_it_reads_what_an_officer_types_and_shows_the_changes_with_the_cores_points() -> None:
    data = fill(
        write_form(COMMUNE, INFO, STORED),
        {
            "A.I.1": {VALUE: "Không"},
            "A.I.4": {VALUE: "Có"},
            "A.I.2": {VALUE: 35},  # a percentage in a plain cell
            "A.II.1": {NUM: 35, DEN: 100},
            "A.I.3": {VALUE: "6", NOTE: "6 văn bản"},
            "B.2|commended": {VALUE: 2},
            "B.2|replicated": {VALUE: 1},
            "B.5|task": {VALUE: 1, NUM: "12,5"},
        },
    )
    form = read(data)
    changes = {c.code: c for c in plan_changes(COMMUNE, INFO, form, STORED)}
    assert set(changes) == {"A.I.1", "A.I.4", "A.I.2", "A.II.1", "A.I.3", "B.2", "B.5"}
    # A.II.1 (ratio, target 70%, max 20): 30/40 = 75% ≥ 70% → 20; 35/100 → 0,35 / 0,7 × 20 = 10.
    ratio = changes["A.II.1"]
    assert (ratio.old_points, ratio.new_points) == (Decimal(20), Decimal(10))
    assert ratio.old_text == Msg("30/40", "30/40") and ratio.new_text == Msg("35/100", "35/100")
    assert ratio.expected_version == 3
    assert changes["A.I.2"].new_value == "35%"
    assert changes["A.I.1"].new_value is False and changes["A.I.4"].new_value is True
    assert changes["A.I.3"].new_value == 6 and changes["A.I.3"].new_note == "6 văn bản"
    # B.2: 2 × commended (5) + 1 × replicated (10) = 20, the cap.
    assert changes["B.2"].new_points == Decimal(20)
    assert changes["B.5"].new_value == [{"kind": "task", "points": "12.5"}]
    assert changes["B.5"].new_text.vi == "1 × Chỉ tiêu phát sinh (12,5đ)"


def test_it_reads_a_percent_formatted_cell_as_a_percentage() -> None:
    data = fill(write_form(COMMUNE, INFO, {}), {"A.I.2": {VALUE: 0.9}}, formats={"A.I.2": "0%"})
    assert read(data).entries["A.I.2"].value == "90%"


def test_it_offers_the_options_of_a_choice_and_stores_the_key() -> None:
    choice = next(c for c in DTI.criteria if c.rule is not None and c.rule.kind == "choice")
    assert choice.rule is not None
    option = choice.rule.options[-1]  # type: ignore[attr-defined]
    data = write_form(DTI, INFO, {})
    wb = load_workbook(io.BytesIO(data))
    lists = [dv.formula1 for dv in wb[SHEET].data_validations.dataValidation]
    assert any("_lists" in str(f) for f in lists)
    assert option.label in [c.value for c in wb["_lists"]["A"]]
    filled = fill(data, {choice.code: {VALUE: option.label}})
    assert read(filled, DTI).entries[choice.code].value == option.key


def test_it_locks_everything_but_the_inputs_and_hides_the_codes() -> None:
    locked = {
        "A.I.1": StoredRow(value=True, version=2, locked=True, status=Msg("Đã gửi", "Submitted"))
    }
    wb = load_workbook(io.BytesIO(write_form(COMMUNE, INFO, locked)))
    ws = wb[SHEET]
    rows = _rows(ws)
    assert ws.protection.sheet
    assert ws.column_dimensions["K"].hidden
    assert wb["_thidua"].sheet_state == "hidden"
    assert not ws.cell(row=rows["A.I.4"], column=VALUE).protection.locked  # an input
    assert ws.cell(row=rows["A.I.4"], column=2).protection.locked  # the title
    assert ws.cell(row=rows["A.I.1"], column=VALUE).protection.locked  # a submitted row
    assert ws.cell(row=rows["A.I.1"], column=VALUE).value == "Có"
    yes_no = next(dv for dv in ws.data_validations.dataValidation if dv.formula1 == '"Có,Không"')
    assert f"E{rows['A.I.4']}" in str(yes_no.sqref)
    assert f"E{rows['A.I.1']}" not in str(yes_no.sqref)


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"A.I.2": {VALUE: 120}}, "E", "tỷ lệ phải từ 0 đến 1"),
        ({"A.I.3": {VALUE: "ba"}}, "E", "'ba' không phải là số"),
        ({"A.I.3": {VALUE: 2.5}}, "E", "số lượng phải là số nguyên"),
        ({"A.I.1": {VALUE: "Chưa rõ"}}, "E", "cần có/không"),
        ({"A.II.1": {NUM: 30, DEN: None}}, "G", "thiếu mẫu số"),
        ({"A.II.1": {NUM: 50, DEN: 40}}, "F", "lớn hơn mẫu số"),
        ({"A.II.1": {VALUE: dt.datetime(2023, 4, 30)}}, "E", "ô chứa ngày tháng"),
        ({"B.2|commended": {VALUE: -1}}, "E", "không được âm"),
        ({"B.5|task": {VALUE: 1, NUM: 20}}, "F", "nằm ngoài khoảng 5–15"),
    ],
)
def test_it_names_the_sheet_row_and_column_of_a_bad_cell(
    cells: dict[str, dict[int, object]], column: str, message: str
) -> None:
    data = write_form(COMMUNE, INFO, STORED)
    row = _rows(load_workbook(io.BytesIO(data))[SHEET])[next(iter(cells))]
    (problem,) = problems_of(fill(data, cells))
    assert f"Trang 'Biểu mẫu', dòng {row}, cột {column}" in problem
    assert f"Sheet 'Biểu mẫu', row {row}, column {column}" in problem
    assert message in problem


def test_it_lists_every_bad_cell_at_once() -> None:
    data = fill(write_form(COMMUNE, INFO, {}), {"A.I.2": {VALUE: 120}, "A.I.3": {VALUE: "ba"}})
    assert len(problems_of(data)) == 2


def test_it_refuses_a_file_that_is_not_a_workbook() -> None:
    (problem,) = problems_of(b"PK\x03\x04 not really a zip")
    assert "không phải là bảng tính Excel" in problem and "not a valid Excel workbook" in problem


def test_it_refuses_the_form_of_another_unit() -> None:
    other = FormInfo(campaign="hg-2023", campaign_title="", unit=UnitInput(code="HG.DV.SP"))
    (problem,) = problems_of(write_form(COMMUNE, other, {}))
    assert (
        "Trang '_thidua', dòng 5, cột B" in problem
        and "'HG.DV.SP', không phải 'HG.DV.LC'" in problem
    )


def test_it_refuses_a_change_to_a_row_updated_on_the_platform_since_the_download() -> None:
    data = fill(write_form(COMMUNE, INFO, STORED), {"A.I.3": {VALUE: 6}})
    now = {**STORED, "A.I.3": StoredRow(value=5, version=2)}
    with pytest.raises(OfflineFormError) as caught:
        plan_changes(COMMUNE, INFO, read(data), now)
    assert "phiên bản 1 → 2" in str(caught.value)


def test_it_keeps_a_newer_value_the_user_did_not_touch() -> None:
    now = {**STORED, "A.I.3": StoredRow(value=5, version=2)}
    assert plan_changes(COMMUNE, INFO, read(write_form(COMMUNE, INFO, STORED)), now) == []


def test_it_refuses_a_change_to_a_submitted_row() -> None:
    stored = {
        "A.I.3": StoredRow(value=4, version=2, locked=True, status=Msg("Đã gửi", "Submitted"))
    }
    data = fill(write_form(COMMUNE, INFO, stored), {"A.I.3": {VALUE: 6}})  # as if unprotected
    with pytest.raises(OfflineFormError) as caught:
        plan_changes(COMMUNE, INFO, read(data), stored)
    assert "không thể sửa (Đã gửi)" in str(caught.value)


def test_it_treats_the_same_entry_written_differently_as_no_change() -> None:
    stored = {"A.I.2": StoredRow(value="85,5%", version=1), "B.2": StoredRow(value=[], version=1)}
    data = fill(write_form(COMMUNE, INFO, stored), {"A.I.2": {VALUE: "85.5 %"}})
    assert plan_changes(COMMUNE, INFO, read(data), stored) == []


def test_it_refuses_a_file_that_unpacks_to_far_more_than_a_form() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"\0" * (31 * 1024 * 1024))
    (problem,) = problems_of(buf.getvalue())
    assert "quá lớn khi giải nén" in problem
