"""Task lists from XLSX in the Annex 1 columns, agency names matched to units, due dates from text."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from thidua.tasklist_import import (
    Candidate,
    agency_key,
    due_date_from_text,
    is_collective,
    read_xlsx,
    split_agencies,
    suggest,
)
from thidua.tasklists import TaskListError

HEADER = [
    "TT",
    "Nhiệm vụ, giải pháp",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
    "Kết quả thực hiện",
    "Ghi chú",
]


def xlsx(rows: list[list[object]], *, title_rows: int = 2, header: list[str] = HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for _ in range(title_rows):
        ws.append(["PHỤ LỤC 1"])
    ws.append(header)
    ws.append([f"({i})" for i in range(1, len(header) + 1)])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read(data: bytes) -> object:
    return read_xlsx(
        data, file="pl1.xlsx", code="pl1", title="Phụ lục 1", date=dt.date(2023, 6, 14)
    )


def test_it_reads_groups_and_tasks_in_the_annex_columns() -> None:
    data = xlsx(
        [
            ["1", "Công tác tham mưu, chỉ đạo, triển khai"],
            [
                "1.1",
                "Tham mưu ban hành chỉ thị",
                "Công an tỉnh",
                "Các sở, ngành liên quan\nUBND các huyện, TP",
                "Theo KH 69 và KH108 của UBND tỉnh",
                "",
                "",
            ],
            [
                "1,2",
                "Giao chỉ tiêu thi đua",
                "Sở Tài chính; Sở Kế hoạch và Đầu tư",
                "",
                "30/9/2023",
            ],
            ["2", "Về chính sách, pháp luật"],
            [
                "2.1",
                "Rà soát văn bản",
                "Sở Tư pháp",
                "Các sở, ngành",
                "Tháng 8/2023",
                "Đã xong",
                "x",
            ],
        ]
    )
    tl = read(data)
    assert [g.label for g in tl.groups] == ["1", "2"]  # type: ignore[attr-defined]
    t11, t12, t21 = tl.tasks  # type: ignore[attr-defined]
    assert t11.coordinating == ("Các sở, ngành liên quan", "UBND các huyện, TP")  # commas kept
    assert (t12.label, t12.label_printed) == ("1.2", "1,2")
    assert t12.lead == ("Sở Tài chính", "Sở Kế hoạch và Đầu tư")
    assert (t21.result, t21.note) == ("Đã xong", "x")


def test_it_finds_columns_in_another_order() -> None:
    header = ["STT", "Cơ quan chủ trì", "Nhiệm vụ, giải pháp", "Ghi chú"]
    data = xlsx([["1", "", "Nhóm 1"], ["1.1", "Sở Y tế", "Tiêm chủng", "n"]], header=header)
    (task,) = read(data).tasks  # type: ignore[attr-defined]
    assert (task.title, task.lead, task.note) == ("Tiêm chủng", ("Sở Y tế",), "n")


def test_it_names_the_row_and_column_of_every_problem() -> None:
    data = xlsx(
        [
            ["1.1", "Trước mọi nhóm", "Công an tỉnh"],
            ["1", "Nhóm"],
            ["1.1", "", "Công an tỉnh"],
            ["1.2", "Không có chủ trì", "", "Sở Y tế"],
            ["1.1", "Lặp số", "Công an tỉnh"],
        ]
    )
    with pytest.raises(TaskListError) as err:
        read(data)
    text = str(err.value)
    assert "dòng 5: nhiệm vụ đứng trước mọi dòng nhóm" in text
    assert "dòng 7, cột 'Nhiệm vụ, giải pháp': thiếu nội dung nhiệm vụ" in text
    assert "row 8, column 'Cơ quan chủ trì': no lead agency" in text
    assert "số thứ tự 1.1 trùng với dòng 7" in text


def test_it_refuses_a_sheet_without_the_header_or_a_file_that_is_not_excel() -> None:
    wb = Workbook()
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(TaskListError, match="không tìm thấy dòng tiêu đề"):
        read(out.getvalue())
    with pytest.raises(TaskListError, match="không đọc được tệp Excel"):
        read(b"%PDF-1.4")
    with pytest.raises(TaskListError, match="thiếu cột 'Cơ quan chủ trì'"):
        read(xlsx([], header=["TT", "Nhiệm vụ, giải pháp"]))


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("30/6/2023", dt.date(2023, 6, 30)),
        ("Trước ngày 15/11/2023", dt.date(2023, 11, 15)),
        ("Tháng 9/2023", dt.date(2023, 9, 30)),
        ("tháng 2/2024", dt.date(2024, 2, 29)),
        ("Quý III/2023", dt.date(2023, 9, 30)),
        ("Quý 4/2023", dt.date(2023, 12, 31)),
        ("Theo KH 69 và KH108 của UBND tỉnh", None),
        ("Thường xuyên", None),
        ("", None),
        ("31/2/2023", None),
    ],
)
def test_it_reads_due_dates_from_the_deadline_text(text: str, due: dt.date | None) -> None:
    assert due_date_from_text(text) == due


def test_it_splits_agencies_on_semicolons_and_line_breaks_only() -> None:
    assert split_agencies("Các sở, ngành liên quan; UBND các huyện, TP\nCông an tỉnh") == (
        "Các sở, ngành liên quan",
        "UBND các huyện, TP",
        "Công an tỉnh",
    )


# The aliases recorded in the Annex 1 transcription findings fold to one key each.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Văn phòng UBND tỉnh", "VP UBND tỉnh"),
        ("Sở Thông tin - Truyền thông", "Sở Thông tin và Truyền thông"),
        ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động Thương Binh & Xã hội"),
        ("Sở LĐTBXH", "Sở Lao động Thương binh và xã hội"),
        ("UBND các huyện, TP", "UBND các huyện, thành phố"),
    ],
)
def test_it_folds_the_printed_aliases_of_one_agency(a: str, b: str) -> None:
    assert agency_key(a) == agency_key(b)


UNITS = [
    Candidate("HG.CA", "Công an tỉnh", "department"),
    Candidate("HG.VP", "Văn phòng Ủy ban nhân dân tỉnh", "department"),
    Candidate("HG.SYT", "Sở Y tế", "department"),
    Candidate("HG.DV", "Huyện Đồng Văn", "district"),
    Candidate("HG.TP", "Thành phố Hà Giang", "district"),
]


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("Công an tỉnh", ("HG.CA",)),
        ("VP UBND tỉnh", ("HG.VP",)),
        ("UBND các huyện, TP", ("HG.DV", "HG.TP")),
        ("Các sở, ngành liên quan", ("HG.CA", "HG.VP", "HG.SYT")),
        ("Hội Nông dân", ()),
        ("UBMTTQ và các tổ chức chính trị - xã hội tỉnh", ()),
    ],
)
def test_it_suggests_units_for_a_name(name: str, codes: tuple[str, ...]) -> None:
    assert suggest(name, UNITS) == codes


def test_collective_names_are_recognised() -> None:
    assert is_collective("Các sở, ngành liên quan")
    assert is_collective("UBND các huyện, thành phố")
    assert not is_collective("Sở Tài chính")
