"""Department task lists: the shipped Annex 1 list and the loader's checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from thidua.tasklists import (
    TaskListError,
    UnknownTaskListError,
    builtin_tasklist,
    builtin_tasklist_codes,
    load_tasklist,
    normalise_label,
)

HAGIANG = "hagiang-2023-departments"

# Tasks per group, counted by hand from Annex 1 of plan 186/KH-UBND
# (seeds/002_49e3d13dcca6eaaf.txt, "PHỤ LỤC 1" up to "PHỤ LỤC 2"), not from the
# YAML file: group 1 has 1.1 to 1,8, group 3 has 3.1 to 3.16, group 6 has 6.1
# to 6,20, and so on; 71 tasks in all.
HAGIANG_GROUPS = [
    ("1", "Công tác tham mưu, chỉ đạo, triển khai", 8),
    ("2", "Về chính sách, pháp luật", 2),
    ("3", "Nhóm tiện ích giải quyết thủ tục hành chính, cung cấp dịch vụ công trực tuyến", 16),
    ("4", "Nhóm tiện ích phát triển kinh tế, xã hội", 6),
    ("5", "Nhóm tiện ích phát triển công dân số", 3),
    ("6", "Xây dựng hệ sinh thái, dữ liệu dùng chung", 20),
    ("7", "Bảo đảm hạ tầng công nghệ, an ninh, an toàn", 8),
    ("8", "Nâng cao chất lượng nguồn nhân lực thực hiện Đề án 06", 3),
    ("9", "Công tác tuyên truyền", 3),
    ("10", "Các chỉ tiêu nhiệm vụ khác", 2),
]


def test_it_ships_the_hagiang_list() -> None:
    assert HAGIANG in builtin_tasklist_codes()
    tasklist = builtin_tasklist(HAGIANG)
    assert tasklist.code == HAGIANG
    assert tasklist.source.date == dt.date(2023, 6, 14)
    assert tasklist.source.file == "002_49e3d13dcca6eaaf.txt"
    assert len(tasklist.tasks) == 71


def test_it_keeps_the_groups_in_source_order() -> None:
    tasklist = builtin_tasklist(HAGIANG)
    assert [(g.label, g.title) for g in tasklist.groups] == [
        (label, title) for label, title, _ in HAGIANG_GROUPS
    ]


@pytest.mark.parametrize(("label", "title", "count"), HAGIANG_GROUPS)
def test_it_counts_the_tasks_of_each_group(label: str, title: str, count: int) -> None:
    group = next(g for g in builtin_tasklist(HAGIANG).groups if g.label == label)
    assert group.title == title
    assert len(group.tasks) == count
    # Tasks are numbered 1..n inside their group, with no gap.
    assert [t.label for t in group.tasks] == [f"{label}.{i}" for i in range(1, count + 1)]


@pytest.mark.parametrize(
    ("label", "printed"),
    [
        ("1.1", "1.1"),
        ("1.2", "1,2"),
        ("1.8", "1,8"),
        ("4.1", "4.1"),
        ("4.2", "4,2"),
        ("6.10", "6,10"),
        ("6.20", "6,20"),
        ("7.6", "7.6"),
        ("7.7", "7,7"),
        ("10.1", "10,1"),
    ],
)
def test_it_keeps_the_printed_label_beside_the_normalised_one(label: str, printed: str) -> None:
    task = builtin_tasklist(HAGIANG).task(label)
    assert task.label_printed == printed
    if printed != label:
        assert any(f'"{printed}"' in finding for finding in task.findings)


def test_it_records_a_finding_for_every_comma_label() -> None:
    tasks = builtin_tasklist(HAGIANG).tasks
    comma = [t for t in tasks if t.label_printed != t.label]
    assert len(comma) == 38
    assert all("," in t.label_printed and "comma" in " ".join(t.findings) for t in comma)


@pytest.mark.parametrize(
    ("label", "lead", "coordinating", "deadline"),
    [
        # Four agencies listed with commas: split.
        ("3.3", ("Sở Tư pháp", "Công an tỉnh", "BHXH", "Sở LĐTBXH"), None, None),
        # A department whose name holds a comma: not split.
        ("4.5", ("Sở Lao động, Thương binh và Xã hội",), None, None),
        # A collective ("các sở, ngành liên quan") and the district committees.
        ("6.2", ("Sở Tư pháp",), ("UBND các huyện, thành phố",), None),
        ("3.1", ("Các sở, ngành liên quan", "UBND các huyện, thành phố"), (), None),
        # The role "theo dõi, hướng dẫn, đôn đốc" is not an agency.
        ("3.13", ("VP UBND tỉnh",), None, None),
        # The source prints no deadline for 7,8 and nothing at all for 10,1.
        ("7.8", None, None, ""),
        ("10.1", (), (), ""),
    ],
)
def test_it_reads_the_agency_columns(
    label: str,
    lead: tuple[str, ...] | None,
    coordinating: tuple[str, ...] | None,
    deadline: str | None,
) -> None:
    task = builtin_tasklist(HAGIANG).task(label)
    if lead is not None:
        assert task.lead == lead
    if coordinating is not None:
        assert task.coordinating == coordinating
    if deadline is not None:
        assert task.deadline_text == deadline


def test_it_returns_frozen_dataclasses() -> None:
    task = builtin_tasklist(HAGIANG).task("1.1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        task.title = "x"  # type: ignore[misc]


def test_it_refuses_an_unknown_builtin_code() -> None:
    with pytest.raises(UnknownTaskListError, match="no-such-list"):
        builtin_tasklist("no-such-list")


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("1.2", "1.2"),
        ("1,2", "1.2"),
        ("6,10", "6.10"),
        ("10,1", "10.1"),
        (" 3.1. ", "3.1"),
        ("1, 2", "1.2"),
        ("7", "7"),
    ],
)
def test_it_normalises_printed_labels(printed: str, expected: str) -> None:
    assert normalise_label(printed) == expected


# --- bad files ---------------------------------------------------------------

GOOD_TASK = """\
      - label: "2.1"
        title: Một nhiệm vụ
        lead: [Công an tỉnh]
        coordinating: []
        deadline_text: Theo KH 69
"""


def _file(tasks: str, *, head: str = "format: 1\ncode: demo\n") -> str:
    return (
        f"{head}"
        "title: Danh sách thử\n"
        "source: {document: Phụ lục 1, date: 2023-06-14, file: x.txt}\n"
        "groups:\n"
        '  - label: "2"\n'
        "    title: Nhóm hai\n"
        "    tasks:\n"
        f"{tasks}"
    )


def test_it_loads_a_minimal_file(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(_file(GOOD_TASK), encoding="utf-8")
    task = load_tasklist(path).task("2.1")
    assert task.label_printed == "2.1"
    assert (task.result, task.note, task.findings) == ("", "", ())


@pytest.mark.parametrize(
    ("tasks", "head", "expected"),
    [
        (
            GOOD_TASK.replace("        title: Một nhiệm vụ\n", ""),
            None,
            "tệp {path}, nhiệm vụ 2.1: thiếu 'title' / file {path}, task 2.1: missing 'title'",
        ),
        (
            GOOD_TASK.replace('"2.1"', '"2,1"'),
            None,
            "tệp {path}, nhiệm vụ 2,1: nhãn không hợp lệ '2,1'; ghi label: '2.1' và "
            "label_printed: '2,1' / file {path}, task 2,1: invalid label '2,1'; "
            "write label: '2.1' and label_printed: '2,1'",
        ),
        (
            GOOD_TASK.replace('"2.1"\n', '"2.1"\n        label_printed: "2,2"\n'),
            None,
            "task 2.1: 'label_printed' '2,2' normalises to '2.2', not to 'label' '2.1'",
        ),
        (
            GOOD_TASK.replace('"2.1"\n', '"2.1"\n        label_printed: "2.1"\n'),
            None,
            "task 2.1: 'label_printed' equals 'label'",
        ),
        (
            GOOD_TASK.replace('"2.1"', "2.1"),
            None,
            "nhiệm vụ thứ 1 của nhóm 2: 'label' phải là chuỗi (đặt trong dấu nháy), không phải 2.1",
        ),
        (
            GOOD_TASK.replace('"2.1"', '"3.1"'),
            None,
            "task 3.1: task 3.1 does not belong to group 2",
        ),
        (
            GOOD_TASK.replace("[Công an tỉnh]", "Công an tỉnh"),
            None,
            "task 2.1: 'lead' must be a list of strings, not 'Công an tỉnh'",
        ),
        (
            GOOD_TASK + "        owner: Công an tỉnh\n",
            None,
            "task 2.1: unknown key 'owner'",
        ),
        (
            GOOD_TASK + GOOD_TASK,
            None,
            "task 2.1: task label 2.1 is repeated",
        ),
        (
            GOOD_TASK + "        title: Hai lần\n",
            None,
            "file {path}: invalid YAML at line 14, column 9: duplicate key 'title'",
        ),
        (GOOD_TASK, "format: 2\ncode: demo\n", "file {path}: 'format' must be 1, not 2"),
        (GOOD_TASK, "format: 1\ncode: Demo List\n", "'code' may hold only lower-case letters"),
    ],
)
def test_it_names_the_file_and_task_of_a_problem(
    tmp_path: Path, tasks: str, head: str | None, expected: str
) -> None:
    path = tmp_path / "bad.yaml"
    text = _file(tasks) if head is None else _file(tasks, head=head)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaskListError) as info:
        load_tasklist(path)
    assert expected.format(path=path) in str(info.value)


def test_it_reports_every_problem_at_once(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    broken = GOOD_TASK.replace("        title: Một nhiệm vụ\n", "").replace(
        "        deadline_text: Theo KH 69\n", ""
    )
    path.write_text(_file(broken + GOOD_TASK.replace('"2.1"', '"2.2"')), encoding="utf-8")
    with pytest.raises(TaskListError) as info:
        load_tasklist(path)
    messages = [p.message_en for p in info.value.problems]
    assert messages == ["missing 'title'", "missing 'deadline_text'"]
    assert all(p.where_en == "task 2.1" for p in info.value.problems)
