"""Report outlines A and B (Phụ lục 2) as data for web forms."""

from __future__ import annotations

from collections import Counter

import pytest

from thidua.scheduling import PlanError
from thidua.scheduling.outlines import (
    ANSWER_TYPES,
    load_builtin_outlines,
    outlines_for_plan,
    outlines_from_mapping,
)
from thidua.scheduling.plan import Plan

OUTLINES = load_builtin_outlines("outlines-quangxuong-2023")


def test_it_ships_outline_a_for_offices_and_b_for_communes() -> None:
    assert [o.code for o in OUTLINES.outlines] == ["A", "B"]
    assert OUTLINES.outline("A").applies_to == ("phong_ban",)
    assert set(OUTLINES.outline("B").applies_to) == {"xa", "phuong", "thi_tran"}
    assert (
        OUTLINES.outline("A").period == "Số liệu báo cáo được lấy từ năm 2022 đến hết tháng 6/2023"
    )
    assert (
        OUTLINES.outline("B").period == "Số liệu báo cáo được lấy từ năm 2022 đến hết tháng 5/2023"
    )


def test_it_keeps_the_sections_as_printed() -> None:
    a = [(q.label, q.text) for q in OUTLINES.outline("A").items]
    assert [label for label, _ in a] == [str(i) for i in range(1, 12)]
    assert a[0][1] == "Công tác chỉ đạo, triển khai thực hiện"
    b = [(q.label, q.text) for q in OUTLINES.outline("B").items]
    assert b == [
        ("I", "TÌNH HÌNH, KẾT QUẢ THỰC HIỆN"),
        ("II", "ĐÁNH GIÁ CHUNG"),
        ("III", "PHƯƠNG HƯỚNG NHIỆM VỤ THỜI GIAN TỚI"),
    ]
    assert [q.label for q in OUTLINES.outline("B").items[0].items] == [str(i) for i in range(1, 11)]


def test_it_gives_every_question_an_answer_type_and_a_unique_key() -> None:
    keys: list[str] = []
    for outline in OUTLINES.outlines:
        leaves = list(outline.leaves()) + [
            q for e in outline.extras for i in e.items for q in i.leaves()
        ]
        for question in leaves:
            assert question.answer in ANSWER_TYPES, question.key
            assert question.answer != "table" or question.columns, question.key
            keys.append(question.key)
    assert len(keys) == len(set(keys))
    # Counted by hand in Phụ lục 2: A has 38 questions, plus 52 for named offices
    # (Nội vụ 4; VH-TT and one-stop desk 13 + 6 + 7; TC-KH 4; Tư pháp 4; health 4;
    # LĐ-TB-XH 4; TN-MT 2; GD-ĐT 2; others 2); B has 48.
    assert Counter(k.split(".")[0] for k in keys) == {"A": 38 + 52, "B": 48}


@pytest.mark.parametrize(
    ("unit", "outline", "extras", "first_extra"),
    [
        ("phong_noi_vu", "A", ["noi_vu"], "Đã hoàn thành việc số hóa dữ liệu CBCC"),
        ("bo_phan_mot_cua", "A", ["vhtt_mot_cua"], "Hiện trạng hệ thống CNTT tiếp nhận"),
        ("phong_tckh", "A", ["tckh"], "Việc triển khai hướng dẫn bố trí kinh phí"),
        ("trung_tam_y_te", "A", ["y_te"], "Việc quán triệt thực hiện Công văn 931"),
        ("phong_gddt", "A", ["gddt"], "Việc hướng dẫn các trường học"),
        ("hoi_nong_dan", "A", ["khac"], "Đã tiến hành số hóa dữ liệu chưa"),
        ("xa_quang_binh", "B", [], None),
        ("tt_tan_phong", "B", [], None),
    ],
)
def test_it_builds_each_units_form(
    quangxuong: Plan, unit: str, outline: str, extras: list[str], first_extra: str | None
) -> None:
    outlines = outlines_for_plan(quangxuong)
    assert outlines is not None
    form = outlines.form_for(quangxuong.unit(unit))
    assert form is not None
    assert form.outline.code == outline
    assert [e.code for e in form.extras] == extras
    if first_extra:
        first = next(q for e in form.extras for i in e.items for q in i.leaves())
        assert first.text.startswith(first_extra)


def test_it_names_only_units_of_the_plan_in_the_extras(quangxuong: Plan) -> None:
    assert OUTLINES.unknown_units(quangxuong) == []


def test_it_marks_yes_no_questions_that_ask_why() -> None:
    question = next(
        q
        for i in OUTLINES.outline("A").extras[0].items
        for q in i.leaves()
        if q.key == "A.noi_vu.1"
    )
    assert question.answer == "yes_no" and question.explain


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            {"text": "Câu hỏi", "answer": "essay"},
            "'answer' phải là một trong text, number, yes_no, table",
        ),
        ({"text": "Bảng", "answer": "table"}, "câu trả lời dạng bảng cần 'columns'"),
        ({"answer": "text"}, "thiếu trường 'text'"),
    ],
)
def test_it_rejects_malformed_outlines(item: dict[str, object], message: str) -> None:
    data = {"code": "x", "outlines": [{"code": "A", "applies_to": ["xa"], "items": [item]}]}
    with pytest.raises(PlanError) as caught:
        outlines_from_mapping(data, source="o.yaml")
    assert message in str(caught.value)
    assert "tệp o.yaml, A.a" in str(caught.value)
