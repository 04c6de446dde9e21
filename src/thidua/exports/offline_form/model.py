"""The form's layout, what is stored and what is read, and how values compare (see the package)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.utils import get_column_letter

from thidua.scoring import Framework, Node, ScoringInputError, UnitInput, score_unit
from thidua.scoring.errors import InputProblem
from thidua.scoring.rules import ChoiceRule, Event, EventKind, EventsRule, parse_ratio
from thidua.scoring.rules.binary import parse_yes_no
from thidua.scoring.text import Msg, num_en, num_vi, pct_en, pct_vi

FORMAT = "thidua-offline-form"
FORMAT_VERSION = 1
SHEET = "Biểu mẫu"
META_SHEET = "_thidua"
LISTS_SHEET = "_lists"
HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1
MAX_ROWS = 3000  # far above any framework; a larger sheet is not our form

(TT, TITLE, MAX, METHOD, VALUE, NUM, DEN, NOTE, POINTS, STATUS, CODE, VERSION, ORIGINAL) = range(
    1, 14
)
COLUMNS: dict[int, Msg] = {
    TT: Msg("TT", "No."),
    TITLE: Msg("Chỉ tiêu, nhiệm vụ", "Target, task"),
    MAX: Msg("Điểm tối đa", "Maximum points"),
    METHOD: Msg("Cách tính điểm", "How points are computed"),
    VALUE: Msg("Kết quả", "Result"),
    NUM: Msg("Tử số / Điểm mỗi lần", "Numerator / points each time"),
    DEN: Msg("Mẫu số", "Denominator"),
    NOTE: Msg("Ghi chú", "Note"),
    POINTS: Msg("Điểm (đã lưu)", "Points (stored)"),
    STATUS: Msg("Trạng thái", "Status"),
    CODE: Msg("Mã chỉ tiêu", "Criterion code"),
    VERSION: Msg("Phiên bản", "Version"),
    ORIGINAL: Msg("Giá trị gốc", "Original value"),
}
WIDTHS = {
    TT: 7,
    TITLE: 55,
    MAX: 9,
    METHOD: 36,
    VALUE: 16,
    NUM: 14,
    DEN: 12,
    NOTE: 24,
    POINTS: 10,
    STATUS: 12,
}
RANGED_BLANK_ROWS = 2  # empty rows offered below a ranged event kind's entries


# --- what the platform knows and what the file says ----------------------------------------


@dataclass(frozen=True, slots=True)
class StoredRow:
    """One criterion as stored on the platform when the form is written or an upload is read."""

    value: object = None
    note: str = ""
    version: int = 0
    locked: bool = False  # the unit may not change it now (submitted, appraised, no right)
    status: Msg | None = None
    points: Decimal | None = None


@dataclass(frozen=True, slots=True)
class FormInfo:
    campaign: str
    campaign_title: str
    unit: UnitInput  # code, name and kinds: the core needs the kinds for unit-dependent targets


@dataclass(frozen=True, slots=True)
class CellRef:
    sheet: str
    row: int
    column: int

    @property
    def where(self) -> Msg:
        """ "Trang 'Biểu mẫu', dòng 12, cột E (Kết quả)" and its English."""
        letter = get_column_letter(self.column) if self.column else ""
        name = COLUMNS.get(self.column) if self.sheet == SHEET else None
        col_vi = f", cột {letter}" + (f" ({name.vi})" if name else "") if letter else ""
        col_en = f", column {letter}" + (f" ({name.en})" if name else "") if letter else ""
        row_vi = f", dòng {self.row}" if self.row else ""
        row_en = f", row {self.row}" if self.row else ""
        return Msg(f"Trang '{self.sheet}'{row_vi}{col_vi}", f"Sheet '{self.sheet}'{row_en}{col_en}")


@dataclass(frozen=True, slots=True)
class CellProblem:
    cell: CellRef | None  # None: the file as a whole
    message: Msg

    @property
    def text(self) -> Msg:
        if self.cell is None:
            return self.message
        w = self.cell.where
        return Msg(f"{w.vi}: {self.message.vi}", f"{w.en}: {self.message.en}")

    def __str__(self) -> str:
        return str(self.text)


class OfflineFormError(Exception):
    """Every problem of an uploaded file; nothing of it may be used."""

    def __init__(self, problems: Sequence[CellProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True, slots=True)
class Entry:
    """One criterion read back from a filled form."""

    code: str
    value: object  # the JSON the platform stores (None: left empty)
    note: str
    version: int  # the stored version when the form was written
    original_value: object  # the value written into the form
    original_note: str
    cell: CellRef  # where the value is entered (for messages)


@dataclass(frozen=True, slots=True)
class FilledForm:
    framework: str
    campaign: str
    unit: str
    entries: Mapping[str, Entry] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Change:
    """A criterion the upload changes: stored → uploaded, with the points of both."""

    code: str
    label: str
    title: str
    old_value: object
    new_value: object
    old_note: str
    new_note: str
    expected_version: int
    old_text: Msg
    new_text: Msg
    old_points: Decimal
    new_points: Decimal


# --- values: shaping, comparing, showing -----------------------------------------------------


def plain_number(value: object) -> object:
    """An int or a plain decimal string ("0.5") for numbers and numeric text; anything else as is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            d = Decimal(text)
        except InvalidOperation:
            return value.strip()
    else:
        return value
    if not d.is_finite():
        return str(value)
    if d == d.to_integral_value():
        return int(d)
    return format(d.normalize(), "f")


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _context(unit: UnitInput) -> Any:
    return unit.context()


def _compare_key(node: Node, unit: UnitInput, value: object) -> object:
    """What two values must share to be the same entry (30/40 and 75% are different entries)."""
    if is_empty(value):
        return None
    rule = node.rule
    assert rule is not None
    if rule.kind == "ratio" and isinstance(value, Mapping):
        return (
            "fraction",
            str(plain_number(value.get("numerator"))),
            str(plain_number(value.get("denominator"))),
        )
    max_points = node.max_points if node.max_points is not None else Decimal(0)
    try:
        outcome = rule.evaluate(value, max_points=max_points, unit=_context(unit))
    except InputProblem:
        return ("raw", json.dumps(value, sort_keys=True, default=str))
    v = outcome.value
    if isinstance(v, tuple):  # events: the same occurrences however they are grouped
        counts: Counter[tuple[str, Decimal]] = Counter()
        for e in v:
            assert isinstance(e, Event)
            counts[(e.kind, e.each)] += e.count
        return tuple(sorted((k, str(each), n) for (k, each), n in counts.items() if n))
    return v


def same_value(node: Node, unit: UnitInput, a: object, b: object) -> bool:
    """True when ``a`` and ``b`` are the same entry for the criterion (None and no events alike)."""
    return _compare_key(node, unit, a) == _compare_key(node, unit, b)


def value_text(node: Node, value: object) -> Msg:
    """A stored value in words for the diff: "Có", "85,5%", "30/40", "2 × Biểu dương"."""
    rule = node.rule
    if is_empty(value) or rule is None:
        return Msg("—", "—")
    try:
        if rule.kind == "binary":
            yes = parse_yes_no(value)
            return Msg("Có", "Yes") if yes else Msg("Không", "No")
        if rule.kind == "ratio":
            if isinstance(value, Mapping):
                n, d = value.get("numerator"), value.get("denominator")
                return Msg(
                    f"{_num(n, num_vi)}/{_num(d, num_vi)}", f"{_num(n, num_en)}/{_num(d, num_en)}"
                )
            ratio = parse_ratio(value)
            return Msg(pct_vi(ratio), pct_en(ratio))
        if isinstance(rule, ChoiceRule):
            o = rule.find(value)
            return Msg(o.label, o.key)
        if isinstance(rule, EventsRule):
            parts_vi, parts_en = [], []
            for e in rule.parse(value):
                k = event_kind(rule, e.kind)
                parts_vi.append(f"{e.count} × {k.label} ({num_vi(e.each)}đ)")
                parts_en.append(f"{e.count} × {k.key} ({num_en(e.each)} pts)")
            return Msg("; ".join(parts_vi) or "—", "; ".join(parts_en) or "—")
    except InputProblem:
        pass
    return Msg(_num(value, num_vi), _num(value, num_en))


def _num(value: object, fmt: Any) -> str:
    n = plain_number(value)
    if isinstance(n, int) or (isinstance(n, str) and is_decimal(n)):
        return str(fmt(Decimal(str(n))))
    return str(value)


def is_decimal(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


def event_kind(rule: EventsRule, key: str) -> EventKind:
    for k in rule.kinds:
        if k.key == key:
            return k
    raise InputProblem(Msg(f"loại sự kiện không hợp lệ {key!r}", f"unknown event kind {key!r}"))


def points_of(framework: Framework, unit: UnitInput, code: str, value: object) -> Decimal:
    """The core's points for one value of one criterion (0 when empty or not scorable)."""
    if is_empty(value):
        return Decimal(0)
    single = UnitInput(
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        parent_kind=unit.parent_kind,
        parent=unit.parent,
        results={code: value},
    )
    try:
        return score_unit(framework, single).points[code]
    except ScoringInputError:
        return Decimal(0)
