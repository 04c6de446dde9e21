"""Department task lists: Annex 1 style tables of tasks with lead agencies.

A task list ("giao chỉ tiêu, nhiệm vụ ... của các sở, ngành") has no points:
each task names its lead agencies ("cơ quan chủ trì"), coordinating agencies
("cơ quan phối hợp"), the deadline as printed, the result and a note. The
built-in lists live in ``src/thidua/data/tasklists/<code>.yaml``; the file
shape is::

    format: 1
    code: hagiang-2023-departments
    title: ...
    source: {document: ..., date: 2023-06-14, file: 002_....txt}
    findings: [...]                  # optional
    groups:
      - label: "1"
        title: ...
        tasks:
          - label: "1.2"             # normalised: dots, no spaces
            label_printed: "1,2"     # only when the source prints it differently
            title: ...
            lead: [Công an tỉnh]
            coordinating: [Các sở, ngành liên quan, UBND các huyện, TP]
            deadline_text: Theo KH 69 và KH108 của UBND tỉnh
            result: ""               # optional, default ""
            note: ""                 # optional, default ""
            findings: []             # optional

The loader checks the whole file and reports every problem at once, each
naming the file and the group or task, in Vietnamese and English. Pure Python:
no Django.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

FORMAT = 1

_CODE_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LABEL_RE = re.compile(r"[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*")
_TOP_KEYS = frozenset({"format", "code", "title", "source", "findings", "groups"})
_SOURCE_KEYS = frozenset({"document", "date", "file"})
_GROUP_KEYS = frozenset({"label", "title", "findings", "tasks"})
_TASK_KEYS = frozenset(
    {
        "label",
        "label_printed",
        "title",
        "lead",
        "coordinating",
        "deadline_text",
        "result",
        "note",
        "findings",
    }
)


@dataclass(frozen=True, slots=True)
class TaskListSource:
    """Where a task list was transcribed from."""

    document: str
    date: dt.date
    file: str


@dataclass(frozen=True, slots=True)
class Task:
    """One task (a row of the annex).

    ``label`` is normalised ("1.2"); ``label_printed`` is the "TT" cell as the
    source prints it ("1,2"), equal to ``label`` when the source has no defect.
    """

    label: str
    label_printed: str
    title: str
    lead: tuple[str, ...]
    coordinating: tuple[str, ...]
    deadline_text: str
    result: str = ""
    note: str = ""
    findings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskGroup:
    """A group heading of the annex ("1", "Công tác tham mưu, chỉ đạo, triển khai")."""

    label: str
    title: str
    tasks: tuple[Task, ...]
    findings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskList:
    """A whole task list; ``tasks`` gives every task in source order."""

    code: str
    title: str
    source: TaskListSource
    groups: tuple[TaskGroup, ...]
    findings: tuple[str, ...] = ()

    @property
    def tasks(self) -> tuple[Task, ...]:
        """Every task of every group, in source order."""
        return tuple(task for group in self.groups for task in group.tasks)

    def task(self, label: str) -> Task:
        """Return the task with this normalised label; KeyError if there is none."""
        for task in self.tasks:
            if task.label == label:
                return task
        raise KeyError(label)


@dataclass(frozen=True, slots=True)
class TaskListProblem:
    """One problem of a task list file, located by group or task label."""

    file: str
    where_vi: str
    where_en: str
    message_vi: str
    message_en: str

    def __str__(self) -> str:
        place_vi = f"tệp {self.file}" + (f", {self.where_vi}" if self.where_vi else "")
        place_en = f"file {self.file}" + (f", {self.where_en}" if self.where_en else "")
        return f"{place_vi}: {self.message_vi} / {place_en}: {self.message_en}"


class TaskListError(ValueError):
    """A task list file with a wrong shape; ``problems`` holds every problem found."""

    def __init__(self, problems: list[TaskListProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UnknownTaskListError(LookupError):
    """No built-in task list has the requested code."""


def normalise_label(printed: str) -> str:
    """Return the canonical form of a printed "TT" label: "1,2" -> "1.2", " 3.1. " -> "3.1"."""
    text = re.sub(r"\s+", "", printed).replace(",", ".")
    return text.rstrip(".")


def load_tasklist(path: str | os.PathLike[str]) -> TaskList:
    """Load and check the task list file at ``path``; raise TaskListError on a bad shape."""
    name = os.fspath(path)
    with open(name, encoding="utf-8") as fh:
        text = fh.read()
    return _parse(text, name)


def builtin_tasklist_codes() -> list[str]:
    """Return the codes of the task lists shipped with thidua, sorted."""
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in _builtin_dir().iterdir()
        if entry.name.endswith(".yaml")
    )


def builtin_tasklist(code: str) -> TaskList:
    """Load the shipped task list ``code``; raise UnknownTaskListError if there is none."""
    if code not in builtin_tasklist_codes():
        known = ", ".join(builtin_tasklist_codes()) or "-"
        raise UnknownTaskListError(
            f"không có danh sách nhiệm vụ '{code}' (có: {known}) / "
            f"no built-in task list '{code}' (known: {known})"
        )
    entry = _builtin_dir() / f"{code}.yaml"
    return _parse(entry.read_text(encoding="utf-8"), f"thidua/data/tasklists/{code}.yaml")


def _builtin_dir() -> Traversable:
    return resources.files("thidua") / "data" / "tasklists"


# --- parsing -----------------------------------------------------------------


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key repeated in one mapping (two `title:` lines)."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Hashable] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if isinstance(key, Hashable) and key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r}",
                key_node.start_mark,
            )
        if isinstance(key, Hashable):
            seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


class _Checker:
    """Collects problems while turning the parsed YAML into dataclasses."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[TaskListProblem] = []

    def add(self, where: tuple[str, str], vi: str, en: str) -> None:
        self.problems.append(TaskListProblem(self.file, where[0], where[1], vi, en))

    def string(
        self, data: Mapping[str, Any], key: str, where: tuple[str, str], *, required: bool = True
    ) -> str:
        """Return ``data[key]`` as a string; empty strings are allowed, other types are not."""
        if key not in data:
            if required:
                self.add(where, f"thiếu '{key}'", f"missing '{key}'")
            return ""
        value = data[key]
        if value is None:
            return ""
        if not isinstance(value, str):
            self.add(
                where,
                f"'{key}' phải là chuỗi (đặt trong dấu nháy), không phải {value!r}",
                f"'{key}' must be a string (quote it), not {value!r}",
            )
            return ""
        return value

    def nonempty(self, data: Mapping[str, Any], key: str, where: tuple[str, str]) -> str:
        value = self.string(data, key, where)
        if key in data and isinstance(data[key], str) and not value.strip():
            self.add(where, f"'{key}' để trống", f"'{key}' is empty")
        return value

    def strings(
        self, data: Mapping[str, Any], key: str, where: tuple[str, str], *, required: bool = True
    ) -> tuple[str, ...]:
        """Return ``data[key]`` as a tuple of non-empty strings."""
        if key not in data:
            if required:
                self.add(where, f"thiếu '{key}'", f"missing '{key}'")
            return ()
        value = data[key]
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(
                where,
                f"'{key}' phải là danh sách chuỗi, không phải {value!r}",
                f"'{key}' must be a list of strings, not {value!r}",
            )
            return ()
        out: list[str] = []
        for i, item in enumerate(value, start=1):
            if not isinstance(item, str) or not item.strip():
                self.add(
                    where,
                    f"phần tử {i} của '{key}' phải là chuỗi không rỗng, không phải {item!r}",
                    f"item {i} of '{key}' must be a non-empty string, not {item!r}",
                )
                continue
            out.append(item)
        return tuple(out)

    def unknown_keys(
        self, data: Mapping[str, Any], allowed: frozenset[str], where: tuple[str, str]
    ) -> None:
        for key in data:
            if key not in allowed:
                self.add(
                    where,
                    f"khóa không hợp lệ '{key}' (cho phép: {', '.join(sorted(allowed))})",
                    f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})",
                )


_TOP = ("", "")


def _parse(text: str, file: str) -> TaskList:
    check = _Checker(file)
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        problem, mark = str(exc), None
        if isinstance(exc, yaml.MarkedYAMLError):
            problem, mark = exc.problem or problem, exc.problem_mark
        at_vi = at_en = ""
        if mark is not None:
            at_vi = f" ở dòng {mark.line + 1}, cột {mark.column + 1}"
            at_en = f" at line {mark.line + 1}, column {mark.column + 1}"
        check.add(_TOP, f"YAML không hợp lệ{at_vi}: {problem}", f"invalid YAML{at_en}: {problem}")
        raise TaskListError(check.problems) from exc
    if not isinstance(data, dict):
        check.add(_TOP, "tệp phải là một bảng (mapping)", "the file must be a mapping")
        raise TaskListError(check.problems)

    check.unknown_keys(data, _TOP_KEYS, _TOP)
    if data.get("format") != FORMAT:
        check.add(
            _TOP,
            f"'format' phải là {FORMAT}, không phải {data.get('format')!r}",
            f"'format' must be {FORMAT}, not {data.get('format')!r}",
        )
    code = check.nonempty(data, "code", _TOP)
    if code and not _CODE_RE.fullmatch(code):
        check.add(
            _TOP,
            f"'code' chỉ gồm chữ thường, số và '-': {code!r}",
            f"'code' may hold only lower-case letters, digits and '-': {code!r}",
        )
    title = check.nonempty(data, "title", _TOP)
    source = _source(check, data.get("source"))
    findings = check.strings(data, "findings", _TOP, required=False)

    groups: list[TaskGroup] = []
    raw_groups = data.get("groups")
    if not isinstance(raw_groups, list) or not raw_groups:
        check.add(
            _TOP, "'groups' phải là danh sách không rỗng", "'groups' must be a non-empty list"
        )
    else:
        groups = list(_groups(check, raw_groups))

    if check.problems:
        raise TaskListError(check.problems)
    assert source is not None  # no problems means the source was complete
    return TaskList(code=code, title=title, source=source, groups=tuple(groups), findings=findings)


def _source(check: _Checker, raw: object) -> TaskListSource | None:
    where = ("mục source", "source")
    if not isinstance(raw, dict):
        check.add(
            _TOP,
            "thiếu 'source' (document, date, file)",
            "missing 'source' (document, date, file)",
        )
        return None
    check.unknown_keys(raw, _SOURCE_KEYS, where)
    document = check.nonempty(raw, "document", where)
    file = check.nonempty(raw, "file", where)
    date: dt.date | None = None
    value = raw.get("date")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        date = value
    elif isinstance(value, str):
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            date = None
    if date is None:
        check.add(
            where,
            f"'date' phải là ngày dạng YYYY-MM-DD, không phải {value!r}",
            f"'date' must be a date written YYYY-MM-DD, not {value!r}",
        )
        return None
    return TaskListSource(document=document, date=date, file=file)


def _groups(check: _Checker, raw_groups: list[Any]) -> Iterator[TaskGroup]:
    seen_groups: set[str] = set()
    seen_tasks: set[str] = set()
    for g_index, raw in enumerate(raw_groups, start=1):
        if not isinstance(raw, dict):
            check.add(
                (f"nhóm thứ {g_index}", f"group #{g_index}"),
                "nhóm phải là một bảng (mapping)",
                "a group must be a mapping",
            )
            continue
        label = raw.get("label")
        where = (
            (f"nhóm {label}", f"group {label}")
            if isinstance(label, str) and label
            else (f"nhóm thứ {g_index}", f"group #{g_index}")
        )
        check.unknown_keys(raw, _GROUP_KEYS, where)
        label = check.nonempty(raw, "label", where)
        if label and not _LABEL_RE.fullmatch(label):
            check.add(where, f"nhãn không hợp lệ {label!r}", f"invalid label {label!r}")
        if label in seen_groups:
            check.add(where, f"nhãn nhóm {label} bị trùng", f"group label {label} is repeated")
        seen_groups.add(label)
        title = check.nonempty(raw, "title", where)
        findings = check.strings(raw, "findings", where, required=False)
        raw_tasks = raw.get("tasks")
        tasks: list[Task] = []
        if not isinstance(raw_tasks, list):
            check.add(where, "thiếu danh sách 'tasks'", "missing the list 'tasks'")
        else:
            for t_index, raw_task in enumerate(raw_tasks, start=1):
                task = _task(check, raw_task, group=label or str(g_index), index=t_index)
                if task is None:
                    continue
                if task.label in seen_tasks:
                    check.add(
                        (f"nhiệm vụ {task.label}", f"task {task.label}"),
                        f"nhãn nhiệm vụ {task.label} bị trùng",
                        f"task label {task.label} is repeated",
                    )
                seen_tasks.add(task.label)
                tasks.append(task)
        yield TaskGroup(label=label, title=title, tasks=tuple(tasks), findings=findings)


def _task(check: _Checker, raw: object, *, group: str, index: int) -> Task | None:
    fallback = (f"nhiệm vụ thứ {index} của nhóm {group}", f"task #{index} of group {group}")
    if not isinstance(raw, dict):
        check.add(fallback, "nhiệm vụ phải là một bảng (mapping)", "a task must be a mapping")
        return None
    raw_label = raw.get("label")
    printed = raw.get("label_printed")
    if isinstance(raw_label, str) and raw_label:
        where = (f"nhiệm vụ {raw_label}", f"task {raw_label}")
    elif isinstance(printed, str) and printed:
        where = (f"nhiệm vụ {printed} (in trong nguồn)", f"task {printed} (as printed)")
    else:
        where = fallback
    before = len(check.problems)
    check.unknown_keys(raw, _TASK_KEYS, where)

    label = check.nonempty(raw, "label", where)
    if label:
        _check_label(check, label, group, where)
    label_printed = label
    if "label_printed" in raw:
        label_printed = check.nonempty(raw, "label_printed", where)
        if label_printed and label and label_printed == label:
            check.add(
                where,
                "'label_printed' trùng 'label'; chỉ ghi khi nguồn in khác",
                "'label_printed' equals 'label'; write it only when the source prints it differently",
            )
        elif label_printed and label and normalise_label(label_printed) != label:
            check.add(
                where,
                f"'label_printed' {label_printed!r} chuẩn hóa thành "
                f"{normalise_label(label_printed)!r}, khác 'label' {label!r}",
                f"'label_printed' {label_printed!r} normalises to "
                f"{normalise_label(label_printed)!r}, not to 'label' {label!r}",
            )

    task = Task(
        label=label,
        label_printed=label_printed,
        title=check.nonempty(raw, "title", where),
        lead=check.strings(raw, "lead", where),
        coordinating=check.strings(raw, "coordinating", where),
        deadline_text=check.string(raw, "deadline_text", where),
        result=check.string(raw, "result", where, required=False),
        note=check.string(raw, "note", where, required=False),
        findings=check.strings(raw, "findings", where, required=False),
    )
    return task if len(check.problems) == before else None


def _check_label(check: _Checker, label: str, group: str, where: tuple[str, str]) -> None:
    if not _LABEL_RE.fullmatch(label):
        hint_vi = hint_en = ""
        if normalise_label(label) != label and _LABEL_RE.fullmatch(normalise_label(label)):
            hint_vi = f"; ghi label: {normalise_label(label)!r} và label_printed: {label!r}"
            hint_en = f"; write label: {normalise_label(label)!r} and label_printed: {label!r}"
        check.add(
            where,
            f"nhãn không hợp lệ {label!r}{hint_vi}",
            f"invalid label {label!r}{hint_en}",
        )
        return
    # A task numbered "<group>.<n>" must sit in that group ("2.1" not under group 3);
    # plain numbers ("1", "2" under group "I") are allowed.
    if "." in label and not label.startswith(f"{group}."):
        check.add(
            where,
            f"nhiệm vụ {label} không thuộc nhóm {group}",
            f"task {label} does not belong to group {group}",
        )
