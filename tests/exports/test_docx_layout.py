"""The administrative layout shared by every Word document (Nghị định 30/2020/NĐ-CP)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from thidua.exports.docx_layout import (
    Heading,
    Signature,
    add_footer,
    add_grid,
    add_heading,
    date_line,
    new_document,
    to_bytes,
)


@pytest.mark.parametrize(
    ("place", "date", "line"),
    [
        ("Hà Giang", dt.date(2023, 12, 5), "Hà Giang, ngày 05 tháng 12 năm 2023"),
        ("Hà Giang", dt.date(2023, 2, 1), "Hà Giang, ngày 01 tháng 02 năm 2023"),
        ("Hà Giang", dt.date(2023, 6, 14), "Hà Giang, ngày 14 tháng 6 năm 2023"),
        ("Hà Giang", None, "Hà Giang, ngày … tháng … năm …"),
        (None, dt.date(2023, 8, 3), "ngày 03 tháng 8 năm 2023"),
    ],
)
def test_it_writes_the_date_line_as_decree_30_prescribes(
    place: str | None, date: dt.date | None, line: str
) -> None:
    # Days below 10 and months 1 and 2 take a leading zero (Nghị định 30/2020/NĐ-CP, Phụ lục I).
    assert date_line(place, date) == line


def test_the_header_leaves_out_the_number_line_of_an_unnumbered_document() -> None:
    doc = new_document()
    add_heading(doc, Heading(body="UBND xã Lũng Cú", place="Hà Giang", date=None))
    add_heading(doc, Heading(body="Công an tỉnh", place="Hà Giang", date=None, number="…/TTr"))
    unnumbered, numbered = Document(io.BytesIO(to_bytes(doc))).tables
    assert [p.text for p in unnumbered.rows[0].cells[0].paragraphs] == [
        "UBND XÃ LŨNG CÚ",
        "———————",
    ]
    assert numbered.rows[0].cells[0].paragraphs[-1].text == "Số: …/TTr"


def test_a_footer_without_recipients_keeps_a_paragraph_in_every_cell() -> None:
    # Word refuses a file with a table cell that holds no paragraph.
    doc = new_document()
    add_footer(doc, recipients=(), signature=Signature(titles=("Giám đốc",), name="Nguyễn Văn A"))
    (footer,) = Document(io.BytesIO(to_bytes(doc))).tables
    left, right = footer.rows[0].cells
    assert [p.text for p in left.paragraphs] == [""]
    assert [p.text for p in right.paragraphs] == ["GIÁM ĐỐC", "", "", "", "", "Nguyễn Văn A"]


def test_grid_columns_have_their_widths_in_the_grid_that_libreoffice_reads() -> None:
    doc = new_document()
    add_grid(doc, ("TT", "Tên"), [("1", "UBND xã Lũng Cú\nHuyện Đồng Văn")], (1.5, 15.0))
    (grid,) = Document(io.BytesIO(to_bytes(doc))).tables
    columns = grid._tbl.tblGrid.findall(qn("w:gridCol"))
    assert [round(int(c.get(qn("w:w"))) / 567, 1) for c in columns] == [1.5, 15.0]  # twips per cm
    assert [p.text for p in grid.rows[1].cells[1].paragraphs] == [
        "UBND xã Lũng Cú",
        "Huyện Đồng Văn",
    ]
