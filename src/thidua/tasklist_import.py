"""Department task lists from Excel, agency names matched to units, and due dates read from text.

The workbook has the columns of Annex 1 (Phụ lục 1), in this order or any
other, under one header row: ``TT | Nhiệm vụ, giải pháp | Cơ quan chủ trì |
Cơ quan phối hợp | Thời gian hoàn thành | Kết quả thực hiện | Ghi chú``. A
row whose TT has no dot and whose agency cells are empty is a group heading
("1 | Công tác tham mưu, chỉ đạo, triển khai"); every other row with a TT is
a task of the group above it. Several agencies in one cell are separated by
a semicolon or a line break; commas stay, since names such as "Các sở,
ngành liên quan" and "UBND các huyện, TP" contain them.

Bad input is reported all at once, each problem naming its row and column,
as :class:`thidua.tasklists.TaskListError`. Pure Python: no Django.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from openpyxl import load_workbook

from thidua.tasklists import (
    Task,
    TaskGroup,
    TaskList,
    TaskListError,
    TaskListProblem,
    TaskListSource,
    normalise_label,
)

COLUMNS: tuple[tuple[str, str, str], ...] = (
    # (key, header as printed, what to look for in a header cell)
    ("label", "TT", "tt"),
    ("title", "Nhiệm vụ, giải pháp", "nhiệm vụ"),
    ("lead", "Cơ quan chủ trì", "chủ trì"),
    ("coordinating", "Cơ quan phối hợp", "phối hợp"),
    ("deadline", "Thời gian hoàn thành", "thời gian"),
    ("result", "Kết quả thực hiện", "kết quả"),
    ("note", "Ghi chú", "ghi chú"),
)
REQUIRED = ("label", "title", "lead")
HEADER_SEARCH_ROWS = 20
_LABEL_RE = re.compile(r"[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"[ \t]+", " ", str(value)).strip()


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip()


def split_agencies(cell: str) -> tuple[str, ...]:
    """The agency names in one cell: split on ";" and line breaks, never on commas."""
    parts = re.split(r"[;\n\r]+", cell)
    return tuple(p.strip(" -•\t") for p in parts if p.strip(" -•\t"))


@dataclass
class _Problems:
    file: str
    items: list[TaskListProblem]

    def add(self, row: int | None, column: str | None, vi: str, en: str) -> None:
        if row is None:
            where = ("", "")
        elif column is None:
            where = (f"dòng {row}", f"row {row}")
        else:
            where = (f"dòng {row}, cột '{column}'", f"row {row}, column '{column}'")
        self.items.append(TaskListProblem(self.file, where[0], where[1], vi, en))


def _header(rows: Sequence[tuple[object, ...]]) -> tuple[int, dict[str, int]] | None:
    """The header row's index and the column of each key found in it."""
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [_fold(_text(v)) for v in row]
        found: dict[str, int] = {}
        for key, _printed, needle in COLUMNS:
            for c, cell in enumerate(cells):
                if c in found.values():
                    continue
                if (needle == "tt" and cell in ("tt", "stt")) or (
                    needle != "tt" and needle in cell
                ):
                    found[key] = c
                    break
        if "label" in found and "title" in found:
            return r, found
    return None


def read_xlsx(data: bytes, *, file: str, code: str, title: str, date: dt.date) -> TaskList:
    """The task list in the first sheet of an XLSX file; TaskListError listing every problem."""
    problems = _Problems(file, [])
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        problems.add(
            None, None, f"không đọc được tệp Excel: {exc}", f"cannot read the Excel file: {exc}"
        )
        raise TaskListError(problems.items) from exc
    ws = wb.worksheets[0]
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    found = _header(rows)
    if found is None:
        wanted = " | ".join(printed for _k, printed, _n in COLUMNS)
        problems.add(
            None,
            None,
            f"không tìm thấy dòng tiêu đề ({wanted}) trong {HEADER_SEARCH_ROWS} dòng đầu",
            f"no header row ({wanted}) in the first {HEADER_SEARCH_ROWS} rows",
        )
        raise TaskListError(problems.items)
    header_index, cols = found
    printed = {k: p for k, p, _n in COLUMNS}
    for key in REQUIRED:
        if key not in cols:
            problems.add(
                header_index + 1,
                None,
                f"thiếu cột '{printed[key]}'",
                f"the column '{printed[key]}' is missing",
            )
    if problems.items:
        raise TaskListError(problems.items)
    groups = _rows_to_groups(rows[header_index + 1 :], header_index + 2, cols, printed, problems)
    if problems.items:
        raise TaskListError(problems.items)
    if not groups:
        problems.add(None, None, "tệp không có nhiệm vụ nào", "the file holds no task")
        raise TaskListError(problems.items)
    return TaskList(
        code=code,
        title=title,
        source=TaskListSource(document=file, date=date, file=file),
        groups=tuple(groups),
    )


def _cell(row: tuple[object, ...], cols: Mapping[str, int], key: str) -> str:
    c = cols.get(key)
    return _text(row[c]) if c is not None and c < len(row) else ""


def _rows_to_groups(
    rows: Iterable[tuple[object, ...]],
    first_row: int,
    cols: Mapping[str, int],
    printed: Mapping[str, str],
    problems: _Problems,
) -> list[TaskGroup]:
    groups: list[TaskGroup] = []
    current: tuple[str, str] | None = None
    tasks: list[Task] = []
    seen: dict[str, int] = {}

    def close() -> None:
        if current is not None:
            groups.append(TaskGroup(label=current[0], title=current[1], tasks=tuple(tasks)))

    for n, row in enumerate(rows, start=first_row):
        values = {k: _cell(row, cols, k) for k in cols}
        if not any(values.values()):
            continue
        raw_label = values.get("label", "")
        if re.fullmatch(r"\(\d+\)", raw_label):
            continue  # the "(1) (2) (3) ..." column-number row under the header
        label = normalise_label(raw_label)
        lead = split_agencies(values.get("lead", ""))
        coordinating = split_agencies(values.get("coordinating", ""))
        if not label:
            problems.add(n, printed["label"], "thiếu số thứ tự", "the number (TT) is missing")
            continue
        if not _LABEL_RE.fullmatch(label):
            problems.add(
                n,
                printed["label"],
                f"số thứ tự không hợp lệ {raw_label!r}",
                f"invalid number {raw_label!r}",
            )
            continue
        if "." not in label and not lead and not coordinating:
            close()
            current, tasks = (label, values.get("title", "") or label), []
            continue
        if current is None:
            problems.add(
                n, None, "nhiệm vụ đứng trước mọi dòng nhóm", "a task comes before any group row"
            )
            continue
        if not values.get("title"):
            problems.add(n, printed["title"], "thiếu nội dung nhiệm vụ", "the task text is empty")
        if not lead:
            problems.add(n, printed["lead"], "thiếu cơ quan chủ trì", "no lead agency")
        if label in seen:
            problems.add(
                n,
                printed["label"],
                f"số thứ tự {label} trùng với dòng {seen[label]} (nếu cột TT là số, "
                "Excel đổi 1.10 thành 1.1: định dạng cột TT là văn bản)",
                f"number {label} repeats row {seen[label]} (a numeric TT column turns 1.10 "
                "into 1.1: format the TT column as text)",
            )
            continue
        seen[label] = n
        tasks.append(
            Task(
                label=label,
                label_printed=raw_label,
                title=values.get("title", ""),
                lead=lead,
                coordinating=coordinating,
                deadline_text=values.get("deadline", ""),
                result=values.get("result", ""),
                note=values.get("note", ""),
            )
        )
    close()
    return groups


# --- due dates -------------------------------------------------------------------------------

_DATE_RE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_MONTH_RE = re.compile(r"tháng\s*(\d{1,2})\s*/\s*(\d{4})", re.IGNORECASE)
_QUARTER_RE = re.compile(r"quý\s*(I{1,3}|IV|[1-4])\s*/\s*(\d{4})", re.IGNORECASE)
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def due_date_from_text(text: str) -> dt.date | None:
    """A due date printed in a deadline cell, or None when it names none.

    "30/6/2023" → 30/06/2023; "Tháng 9/2023" → 30/09/2023 (the month's last
    day); "Quý III/2023" → 30/09/2023; "Theo KH 69 và KH108 của UBND tỉnh",
    "Thường xuyên" → None (the list's default due date applies).
    """
    import calendar

    m = _DATE_RE.search(text)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    m = _MONTH_RE.search(text)
    if m and 1 <= int(m.group(1)) <= 12:
        y, mo = int(m.group(2)), int(m.group(1))
        return dt.date(y, mo, calendar.monthrange(y, mo)[1])
    m = _QUARTER_RE.search(text)
    if m:
        y, q = int(m.group(2)), _QUARTERS[m.group(1).upper()]
        return dt.date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
    return None


# --- agency names → units --------------------------------------------------------------------

# Abbreviations the annexes use for the same agency (docs/transcription, Annex 1 findings).
_ABBREVIATIONS = (
    (r"\bvp\b", "văn phòng"),
    (r"\bubnd\b", "ủy ban nhân dân"),
    (r"\buỷ\b", "ủy"),
    (r"\btp\b", "thành phố"),
    (r"\bbhxh\b", "bảo hiểm xã hội"),
    (r"\bxh\b", "xã hội"),
    (r"\blđtbxh\b", "lao động thương binh và xã hội"),
    (r"\bmttq\b", "mặt trận tổ quốc"),
    (r"\bubmttq\b", "ủy ban mặt trận tổ quốc"),
    (r"\bkh\b", "kế hoạch"),
)


def agency_key(name: str) -> str:
    """A name folded for matching: case, "&"/"-" for "và", abbreviations, punctuation."""
    text = _fold(name)
    text = text.replace("&", " và ").replace(" - ", " và ")
    for pattern, full in _ABBREVIATIONS:
        text = re.sub(pattern, full, text)
    text = re.sub(r"[,.;:()]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


COLLECTIVE_PREFIXES = ("các ", "toàn bộ ")


def is_collective(name: str) -> bool:
    """True for names that stand for many agencies ("Các sở, ngành liên quan", "UBND các huyện")."""
    key = agency_key(name)
    return key.startswith(COLLECTIVE_PREFIXES) or " các " in f" {key} "


@dataclass(frozen=True, slots=True)
class Candidate:
    """A unit a name may be matched to: its code, its name, and its level."""

    code: str
    name: str
    level: str


def suggest(name: str, candidates: Sequence[Candidate]) -> tuple[str, ...]:
    """The codes of the units ``name`` most likely means (a reviewer confirms them).

    A single agency matches the unit whose folded name equals it, or contains
    it, or the reverse ("Sở Y tế" ~ "Sở Y tế tỉnh Hà Giang"); a collective name
    for districts ("UBND các huyện, thành phố") suggests every district-level
    unit, one for departments ("Các sở, ngành") every department. Nothing is
    suggested when nothing fits; the reviewer then picks by hand.
    """
    key = agency_key(name)
    if is_collective(name):
        if "huyện" in key:
            return tuple(c.code for c in candidates if c.level == "district")
        if "sở" in key or "ngành" in key:
            return tuple(c.code for c in candidates if c.level == "department")
        return ()
    exact = [c.code for c in candidates if agency_key(c.name) == key]
    if exact:
        return tuple(exact)
    near = [
        c.code
        for c in candidates
        if key
        and (key in agency_key(c.name) or agency_key(c.name) in key)
        and len(agency_key(c.name)) > 6
    ]
    return tuple(near) if len(near) == 1 else ()
