"""Reading a filled form back: cells per rule kind, the core's validation, problems by cell."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from thidua.exports.offline_form.model import (
    CODE,
    DEN,
    FIRST_ROW,
    FORMAT,
    MAX_ROWS,
    META_SHEET,
    NOTE,
    NUM,
    ORIGINAL,
    SHEET,
    VALUE,
    VERSION,
    CellProblem,
    CellRef,
    Entry,
    FilledForm,
    FormInfo,
    OfflineFormError,
    event_kind,
    is_decimal,
    is_empty,
    plain_number,
)
from thidua.scoring import Framework, Node, ScoringInputError, UnitInput, score_unit
from thidua.scoring.errors import InputProblem
from thidua.scoring.rules import ChoiceRule, EventsRule
from thidua.scoring.rules.base import to_count
from thidua.scoring.rules.binary import parse_yes_no
from thidua.scoring.text import Msg

# --- reading ---------------------------------------------------------------------------------


def _problem(problems: list[CellProblem], cell: CellRef | None, vi: str, en: str) -> None:
    problems.append(CellProblem(cell, Msg(vi, en)))


MAX_UNPACKED_BYTES = 30 * 1024 * 1024  # a filled form unpacks to well under 1 MB

_NOT_XLSX = Msg(
    "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ",
    "The file is not a valid Excel workbook (.xlsx)",
)


def _open(data: bytes) -> Any:
    try:
        # A small ZIP can unpack to gigabytes; the declared sizes bound what zipfile reads.
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise OfflineFormError([CellProblem(None, _NOT_XLSX)]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise OfflineFormError(
            [
                CellProblem(
                    None,
                    Msg(
                        "Tệp quá lớn khi giải nén; đây không phải là biểu mẫu của hệ thống",
                        "The file is too large once unpacked; it is not the platform's form",
                    ),
                )
            ]
        )
    try:
        return load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds on a file that is not an XLSX workbook
        raise OfflineFormError([CellProblem(None, _NOT_XLSX)]) from None


def _check_meta(wb: Any, framework: Framework, info: FormInfo) -> list[CellProblem]:
    problems: list[CellProblem] = []
    if META_SHEET not in wb.sheetnames or SHEET not in wb.sheetnames:
        _problem(
            problems,
            None,
            f"Tệp không phải là biểu mẫu nhập kết quả của hệ thống (thiếu trang '{SHEET}' hoặc trang ẩn "
            f"'{META_SHEET}'); hãy tải biểu mẫu từ hệ thống",
            f"The file is not the platform's result form (no sheet '{SHEET}' or hidden sheet "
            f"'{META_SHEET}'); download the form from the platform",
        )
        return problems
    meta = wb[META_SHEET]
    found: dict[str, tuple[object, int]] = {}
    for r, row in enumerate(meta.iter_rows(min_row=1, max_row=20, max_col=2, values_only=True), 1):
        if row and row[0] is not None:
            found[str(row[0])] = (row[1] if len(row) > 1 else None, r)
    expected: tuple[tuple[str, object, Msg], ...] = (
        ("format", FORMAT, Msg("loại tệp", "file type")),
        ("framework", framework.code, Msg("bảng điểm", "framework")),
        ("campaign", info.campaign, Msg("đợt thi đua", "campaign")),
        ("unit", info.unit.code, Msg("đơn vị", "unit")),
    )
    for key, want, what in expected:
        got, r = found.get(key, (None, 0))
        if str(got) != str(want):
            _problem(
                problems,
                CellRef(META_SHEET, r, 2 if r else 0),
                f"biểu mẫu của {what.vi} '{got}', không phải '{want}'; hãy tải biểu mẫu của đúng đơn vị và đợt thi đua",
                f"the form is for {what.en} '{got}', not '{want}'; download the form of the right unit and campaign",
            )
    return problems


@dataclass
class _Raw:
    """One criterion's cells while reading."""

    node: Node
    row: int
    value: object = None
    note: str = ""
    version: int = 0
    original_value: object = None
    original_note: str = ""
    value_column: int = VALUE
    events: list[dict[str, object]] | None = None
    bad: bool = False


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float | Decimal | int) and not isinstance(value, bool):
        n = plain_number(value)
        return str(n)
    return str(value).strip()


class _Reader:
    def __init__(self, ws: Worksheet, framework: Framework) -> None:
        self.ws = ws
        self.framework = framework
        self.problems: list[CellProblem] = []
        self.raws: dict[str, _Raw] = {}

    def ref(self, row: int, column: int) -> CellRef:
        return CellRef(SHEET, row, column)

    def problem(self, row: int, column: int, vi: str, en: str) -> None:
        _problem(self.problems, self.ref(row, column), vi, en)

    def cell(self, cells: Sequence[Any], column: int) -> tuple[object, str]:
        """A cell's value and number format; dates are refused (typing "30/40" can make one)."""
        c = cells[column - 1] if len(cells) >= column else None
        if c is None:
            return None, "General"
        value = c.value
        if isinstance(value, str) and not value.strip():
            value = None
        return value, str(c.number_format or "General")

    def read(self) -> None:
        ws = self.ws
        if ws.max_row > MAX_ROWS:
            self.problem(
                0,
                0,
                f"trang có {ws.max_row} dòng, quá nhiều cho một biểu mẫu",
                f"the sheet has {ws.max_row} rows, too many for a form",
            )
            return
        for r, cells in enumerate(ws.iter_rows(min_row=FIRST_ROW, max_col=ORIGINAL), FIRST_ROW):
            code, _ = self.cell(cells, CODE)
            if code is None:
                continue
            code = str(code).strip()
            crit, _, kind = code.partition("|")
            node = self.framework.by_code.get(crit)
            if node is None or node.rule is None:
                self.problem(
                    r,
                    CODE,
                    f"mã chỉ tiêu '{code}' không có trong bảng điểm {self.framework.code}; không sửa các cột ẩn, hãy tải biểu mẫu mới",
                    f"criterion code '{code}' is not in framework {self.framework.code}; do not edit the hidden columns, download a new form",
                )
                continue
            if kind:
                self.event_row(r, cells, node, kind)
            else:
                self.criterion_row(r, cells, node)

    def criterion_row(self, r: int, cells: Sequence[Any], node: Node) -> None:
        if node.code in self.raws:
            self.problem(
                r, CODE, f"chỉ tiêu {node.code} bị lặp", f"criterion {node.code} is repeated"
            )
            return
        raw = _Raw(node=node, row=r)
        self.raws[node.code] = raw
        raw.note = _text(self.cell(cells, NOTE)[0])
        version, _ = self.cell(cells, VERSION)
        original, _ = self.cell(cells, ORIGINAL)
        try:
            raw.version = int(str(version)) if version is not None else 0
            data = json.loads(str(original)) if original is not None else {"v": None, "n": ""}
            raw.original_value, raw.original_note = data["v"], str(data.get("n") or "")
        except (ValueError, TypeError, KeyError):
            self.problem(
                r,
                VERSION,
                "các cột ẩn của dòng này đã bị sửa; hãy tải biểu mẫu mới",
                "the hidden columns of this row were edited; download a new form",
            )
            raw.bad = True
        rule = node.rule
        assert rule is not None
        if isinstance(rule, EventsRule):
            raw.events = []
            return
        for column in (VALUE, NUM, DEN):
            if _is_date(self.cell(cells, column)[0]):
                self.problem(
                    r,
                    column,
                    'ô chứa ngày tháng, cần một số (gõ "30/40" có thể bị hiểu là ngày: hãy điền tử số ở cột F, mẫu số ở cột G)',
                    'the cell holds a date, a number is needed (typing "30/40" may become a date: put the numerator in F and the denominator in G)',
                )
                raw.bad = True
        if raw.bad:
            return
        value, fmt = self.cell(cells, VALUE)
        if rule.kind == "ratio":
            num, _ = self.cell(cells, NUM)
            den, _ = self.cell(cells, DEN)
            if num is not None or den is not None:
                raw.value_column = NUM
                if value is not None:
                    self.problem(
                        r,
                        VALUE,
                        "điền tỷ lệ phần trăm hoặc tử số và mẫu số, không điền cả hai",
                        "enter a percentage or a numerator and a denominator, not both",
                    )
                    raw.bad = True
                for column, v, vi, en in (
                    (NUM, num, "thiếu tử số", "the numerator is missing"),
                    (DEN, den, "thiếu mẫu số", "the denominator is missing"),
                ):
                    if v is None:
                        self.problem(r, column, vi, en)
                        raw.bad = True
                raw.value = {"numerator": plain_number(num), "denominator": plain_number(den)}
            elif value is not None:
                raw.value = _percent(value, fmt)
            return
        if rule.kind in ("count", "tiers", "scaled"):
            raw.value = plain_number(value)
        elif isinstance(value, str):
            raw.value = value.strip()
        else:
            raw.value = value

    def event_row(self, r: int, cells: Sequence[Any], node: Node, key: str) -> None:
        raw = self.raws.get(node.code)
        rule = node.rule
        if raw is None or raw.events is None or not isinstance(rule, EventsRule):
            self.problem(
                r,
                CODE,
                "dòng sự kiện nằm sai chỗ; hãy tải biểu mẫu mới",
                "an event row is out of place; download a new form",
            )
            return
        count_value, _ = self.cell(cells, VALUE)
        points_value, _ = self.cell(cells, NUM)
        try:
            kind = event_kind(rule, key)
        except InputProblem as exc:
            self.problem(r, CODE, exc.msg.vi, exc.msg.en)
            raw.bad = True
            return
        if kind.ranged and points_value is not None and count_value is None:
            count_value = 1  # points entered without a count: one occurrence
        if count_value is None:
            return
        for column, v in ((VALUE, count_value), (NUM, points_value)):
            if _is_date(v):
                self.problem(
                    r,
                    column,
                    "ô chứa ngày tháng, cần một số",
                    "the cell holds a date, a number is needed",
                )
                raw.bad = True
                return
        try:
            count = to_count(count_value)
        except InputProblem as exc:
            self.problem(r, VALUE, exc.msg.vi, exc.msg.en)
            raw.bad = True
            return
        if count == 0:
            return
        if kind.ranged and count > MAX_RANGED_COUNT:
            # Each occurrence of a ranged kind is stored on its own (the platform's shape).
            self.problem(
                r,
                VALUE,
                f"tối đa {MAX_RANGED_COUNT} lần trên một dòng, nhận được {count}",
                f"at most {MAX_RANGED_COUNT} times on one row, got {count}",
            )
            raw.bad = True
            return
        entries: list[dict[str, object]]
        if kind.ranged:
            entries = [
                {
                    "kind": key,
                    "points": plain_number(points_value) if points_value is not None else None,
                }
            ] * count
        else:
            entries = [{"kind": key, "count": count}]
        try:
            rule.parse(entries)  # the core's own checks of the kind, count and points
        except InputProblem as exc:
            self.problem(r, NUM if kind.ranged else VALUE, exc.msg.vi, exc.msg.en)
            raw.bad = True
            return
        raw.events.extend(dict(e) for e in entries)


MAX_RANGED_COUNT = 50


def _percent(value: object, number_format: str) -> object:
    """A ratio cell as the "85.5%" text the core reads; a percent-formatted cell holds 0.855."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        n = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in number_format:
            n *= 100
        return f"{plain_number(n)}%"
    text = str(value).strip().replace(" ", "")
    if text.endswith("%"):
        inner = plain_number(text[:-1])
        return f"{inner}%"
    n2 = plain_number(text)
    if isinstance(n2, int) or (isinstance(n2, str) and is_decimal(n2)):
        return f"{n2}%"
    return value  # not a number: the core says so


def read_form(data: bytes, framework: Framework, info: FormInfo) -> FilledForm:
    """The values of a filled form, validated by the core; raises OfflineFormError listing every problem."""
    wb = _open(data)
    problems = _check_meta(wb, framework, info)
    if problems:
        raise OfflineFormError(problems)
    reader = _Reader(wb[SHEET], framework)
    reader.read()
    raws = reader.raws
    for raw in raws.values():
        if raw.events is not None and not raw.bad:
            raw.value = raw.events
    results = {c: r.value for c, r in raws.items() if not r.bad and not is_empty(r.value)}
    unit = info.unit
    checked = UnitInput(
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        parent_kind=unit.parent_kind,
        parent=unit.parent,
        results=results,
    )
    try:
        score_unit(framework, checked)
    except ScoringInputError as exc:
        for e in exc.errors:
            at = raws.get(e.criterion)
            ref = CellRef(SHEET, at.row, at.value_column) if at is not None else None
            reader.problems.append(CellProblem(ref, e.message))
    if reader.problems:
        raise OfflineFormError(
            sorted(reader.problems, key=lambda p: (p.cell.row, p.cell.column) if p.cell else (0, 0))
        )
    entries: dict[str, Entry] = {}
    for code, raw in raws.items():
        entries[code] = Entry(
            code=code,
            value=_stored_shape(raw.node, raw.value),
            note=raw.note,
            version=raw.version,
            original_value=raw.original_value,
            original_note=raw.original_note,
            cell=CellRef(SHEET, raw.row, raw.value_column),
        )
    return FilledForm(framework.code, info.campaign, unit.code, entries)


def _stored_shape(node: Node, value: object) -> object:
    """The JSON the platform stores for a valid value: yes/no as booleans, options by key."""
    if is_empty(value):
        return [] if node.is_events else None
    rule = node.rule
    if rule is not None and rule.kind == "binary":
        return parse_yes_no(value)
    if isinstance(rule, ChoiceRule):
        return rule.find(value).key
    return value
