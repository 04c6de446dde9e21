"""Writing a unit's form: the annex rows, input cells per rule kind, lists, protection."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from thidua.exports.offline_form.model import (
    CODE,
    COLUMNS,
    DEN,
    FIRST_ROW,
    FORMAT,
    FORMAT_VERSION,
    HEADER_ROW,
    LISTS_SHEET,
    MAX,
    META_SHEET,
    METHOD,
    NOTE,
    NUM,
    ORIGINAL,
    POINTS,
    RANGED_BLANK_ROWS,
    SHEET,
    STATUS,
    TITLE,
    TT,
    VALUE,
    VERSION,
    WIDTHS,
    FormInfo,
    StoredRow,
    event_kind,
    is_decimal,
    is_empty,
    plain_number,
)
from thidua.scoring import Framework, Node
from thidua.scoring.errors import InputProblem
from thidua.scoring.rules import ChoiceRule, EventKind, EventsRule, parse_ratio
from thidua.scoring.rules.binary import parse_yes_no
from thidua.scoring.text import num_vi

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_INNER_FILL = PatternFill("solid", fgColor="EDEDED")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_LOCKED_ROW_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(vertical="top", wrap_text=True)
_UNLOCKED = Protection(locked=False)


# --- writing ---------------------------------------------------------------------------------

_INSTRUCTIONS = (
    "Nhập kết quả vào các ô màu vàng rồi tải tệp lên hệ thống; không thêm, xoá hoặc đổi thứ tự dòng. "
    "Có/Không và các lựa chọn: chọn trong danh sách. Tỷ lệ: nhập phần trăm (85 hoặc 85,5) ở cột E, "
    "hoặc tử số ở cột F và mẫu số ở cột G. Điểm cộng, điểm trừ: số lần ở cột E "
    "(và số điểm mỗi lần ở cột F khi điểm theo khoảng).",
    "Enter results in the yellow cells, then upload the file; do not add, delete or reorder rows. "
    "Yes/no and options: pick from the list. Ratios: a percentage (85 or 85.5) in column E, or the "
    "numerator in F and the denominator in G. Bonus and deduction rows: the number of times in E "
    "(and the points each time in F for ranged kinds).",
)


def _prompt(title: str, text: str) -> dict[str, Any]:
    # Excel and LibreOffice show the prompt when the cell is selected (title ≤ 32, text ≤ 255).
    return {"promptTitle": title[:32], "prompt": text[:255], "showInputMessage": True}


def _validation(kind: str, **kwargs: Any) -> DataValidation:
    return DataValidation(
        type=kind,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Giá trị không hợp lệ",
        **kwargs,
    )


class _Writer:
    def __init__(
        self,
        ws: Worksheet,
        lists: Worksheet,
        framework: Framework,
        info: FormInfo,
        stored: Mapping[str, StoredRow],
    ) -> None:
        self.ws = ws
        self.lists = lists
        self.framework = framework
        self.info = info
        self.stored = stored
        self.row = FIRST_ROW
        self.list_column = 0
        self.yes_no = _validation(
            "list",
            formula1='"Có,Không"',
            error="Chọn Có hoặc Không",
            **_prompt("Có/Không", "Chọn Có hoặc Không trong danh sách."),
        )
        self.percent = _validation(
            "decimal",
            operator="between",
            formula1="0",
            formula2="100",
            error="Nhập phần trăm từ 0 đến 100 (ví dụ 85 hoặc 85,5)",
            **_prompt(
                "Tỷ lệ (%)",
                "Nhập phần trăm từ 0 đến 100, hoặc để trống và điền tử số (cột F), mẫu số (cột G).",
            ),
        )
        self.non_negative = _validation(
            "decimal", operator="greaterThanOrEqual", formula1="0", error="Nhập một số không âm"
        )
        self.whole = _validation(
            "whole",
            operator="greaterThanOrEqual",
            formula1="0",
            error="Nhập một số nguyên không âm",
            **_prompt("Số lượng", "Nhập một số nguyên không âm."),
        )
        self.validations = [self.yes_no, self.percent, self.non_negative, self.whole]

    # cells

    def put(
        self, column: int, value: object, *, bold: bool = False, fill: PatternFill | None = None
    ) -> Cell:
        cell = self.ws.cell(row=self.row, column=column, value=value)
        cell.border = _BORDER
        cell.alignment = _WRAP
        if bold:
            cell.font = Font(bold=True)
        if fill is not None:
            cell.fill = fill
        return cell

    def input(self, column: int, value: object, dv: DataValidation | None, *, locked: bool) -> Cell:
        cell = self.put(column, value, fill=_LOCKED_ROW_FILL if locked else _INPUT_FILL)
        if not locked:
            cell.protection = _UNLOCKED
            if dv is not None:
                dv.add(cell)
        return cell

    def hidden(self, code: str, stored: StoredRow | None) -> None:
        self.ws.cell(row=self.row, column=CODE, value=code)
        if stored is not None:
            self.ws.cell(row=self.row, column=VERSION, value=stored.version)
            original = json.dumps(
                {"v": stored.value, "n": stored.note}, ensure_ascii=False, default=str
            )
            self.ws.cell(row=self.row, column=ORIGINAL, value=original)

    # rows

    def node(self, node: Node) -> None:
        if node.is_criterion:
            self.criterion(node)
        else:
            declared = node.declared_max
            fill = _INNER_FILL
            self.put(TT, node.label, bold=True, fill=fill)
            self.put(TITLE, node.title, bold=True, fill=fill)
            self.put(
                MAX,
                _cell_number(declared) if declared is not None else (node.max_text or ""),
                bold=True,
                fill=fill,
            )
            for c in (METHOD, VALUE, NUM, DEN, NOTE, POINTS, STATUS):
                self.put(c, None, fill=fill)
            self.row += 1
            for child in node.children:
                self.node(child)

    def criterion(self, node: Node) -> None:
        rule = node.rule
        assert rule is not None
        s = self.stored.get(node.code, StoredRow())
        fill = _LOCKED_ROW_FILL if s.locked else None
        self.put(TT, node.label, fill=fill)
        self.put(TITLE, node.title, fill=fill)
        m = node.max_points
        self.put(MAX, _cell_number(m) if m is not None else (node.max_text or ""), fill=fill)
        self.put(METHOD, node.method or rule.describe(m).vi, fill=fill)
        self.input(NOTE, s.note or None, None, locked=s.locked)
        self.put(
            POINTS, _cell_number(s.points) if s.points is not None else None, fill=fill
        ).number_format = "0.##"
        self.put(STATUS, s.status.vi if s.status is not None else None, fill=fill)
        self.hidden(node.code, s)
        if isinstance(rule, EventsRule):
            self.put(VALUE, "↓ nhập ở các dòng dưới", fill=_LOCKED_ROW_FILL)
            self.put(NUM, None, fill=_LOCKED_ROW_FILL)
            self.put(DEN, None, fill=_LOCKED_ROW_FILL)
            self.row += 1
            self.events(node, rule, s)
            return
        self.value_cells(node, s)
        self.row += 1

    def value_cells(self, node: Node, s: StoredRow) -> None:
        rule = node.rule
        assert rule is not None
        kind, value, locked = rule.kind, s.value, s.locked
        grey = {"fill": _LOCKED_ROW_FILL}
        if kind == "ratio":
            if isinstance(value, Mapping):
                self.input(VALUE, None, self.percent, locked=locked)
                self.input(
                    NUM, _cell_number(value.get("numerator")), self.non_negative, locked=locked
                )
                self.input(
                    DEN, _cell_number(value.get("denominator")), self.non_negative, locked=locked
                )
                return
            shown: object = None
            if not is_empty(value):
                try:
                    shown = _cell_number(parse_ratio(value) * 100)
                except InputProblem:
                    shown = str(value)
            self.input(VALUE, shown, self.percent, locked=locked)
            self.input(NUM, None, self.non_negative, locked=locked)
            self.input(DEN, None, self.non_negative, locked=locked)
            return
        self.put(NUM, None, **grey)
        self.put(DEN, None, **grey)
        if kind == "binary":
            shown = None
            if not is_empty(value):
                try:
                    shown = "Có" if parse_yes_no(value) else "Không"
                except InputProblem:
                    shown = str(value)
            self.input(VALUE, shown, self.yes_no, locked=locked)
        elif isinstance(rule, ChoiceRule):
            shown = None
            if not is_empty(value):
                try:
                    shown = rule.find(value).label
                except InputProblem:
                    shown = str(value)
            self.input(VALUE, shown, self.choice_list(rule), locked=locked)
        elif kind == "count" or (kind == "tiers" and getattr(rule, "domain", "") == "integer"):
            bound = getattr(rule, "max_count", None)
            dv = self.whole
            if bound is not None:
                dv = _validation(
                    "whole",
                    operator="between",
                    formula1="0",
                    formula2=str(bound),
                    error=f"Nhập số nguyên từ 0 đến {bound}",
                    **_prompt("Số lượng", f"Nhập số nguyên từ 0 đến {bound}."),
                )
                self.validations.append(dv)
            self.input(VALUE, _cell_number(value), dv, locked=locked)
        else:  # tiers on real numbers, scaled scores
            self.input(VALUE, _cell_number(value), self.non_negative, locked=locked)

    def choice_list(self, rule: ChoiceRule) -> DataValidation:
        self.list_column += 1
        col = self.list_column
        for i, o in enumerate(rule.options, start=1):
            self.lists.cell(row=i, column=col, value=o.label)
        letter = get_column_letter(col)
        dv = _validation(
            "list",
            formula1=f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(rule.options)}",
            error="Chọn một lựa chọn trong danh sách",
            **_prompt("Lựa chọn", "Chọn một lựa chọn trong danh sách."),
        )
        self.validations.append(dv)
        return dv

    def events(self, node: Node, rule: EventsRule, s: StoredRow) -> None:
        fixed: Counter[str] = Counter()
        ranged: dict[str, Counter[Decimal]] = {}
        if not is_empty(s.value):
            try:
                for e in rule.parse(s.value):
                    if event_kind(rule, e.kind).ranged:
                        ranged.setdefault(e.kind, Counter())[e.each] += e.count
                    else:
                        fixed[e.kind] += e.count
            except InputProblem:
                pass  # an unreadable stored value shows as empty rows; the original stays in the file
        for k in rule.kinds:
            if not k.ranged:
                self.event_row(node, k, fixed.get(k.key) or None, None, s.locked)
                continue
            entries = sorted(ranged.get(k.key, Counter()).items())
            for each, count in entries:
                self.event_row(node, k, count, each, s.locked)
            for _ in range(RANGED_BLANK_ROWS if not s.locked else 0):
                self.event_row(node, k, None, None, s.locked)

    def event_row(
        self, node: Node, k: EventKind, count: int | None, each: Decimal | None, locked: bool
    ) -> None:
        grey = _LOCKED_ROW_FILL
        self.put(TT, None, fill=grey)
        self.put(TITLE, f"– {k.label}", fill=grey)
        self.put(MAX, None, fill=grey)
        self.put(METHOD, k.words_vi(), fill=grey)
        self.input(VALUE, count, self.whole, locked=locked)
        if k.ranged:
            assert k.min_points is not None and k.max_points is not None
            dv = _validation(
                "decimal",
                operator="between",
                formula1=str(k.min_points),
                formula2=str(k.max_points),
                error=f"Nhập số điểm từ {num_vi(k.min_points)} đến {num_vi(k.max_points)}",
                **_prompt(
                    "Điểm mỗi lần",
                    f"Nhập số điểm mỗi lần, từ {num_vi(k.min_points)} đến {num_vi(k.max_points)}.",
                ),
            )
            self.validations.append(dv)
            self.input(NUM, _cell_number(each), dv, locked=locked)
        else:
            assert k.points is not None
            self.put(NUM, _cell_number(k.points), fill=grey)
        for c in (DEN, NOTE, POINTS, STATUS):
            self.put(c, None, fill=grey)
        self.hidden(f"{node.code}|{k.key}", None)
        self.row += 1


def _cell_number(value: object) -> object:
    """A number for a cell (int or float, which both applications read), text as is."""
    if value is None or isinstance(value, bool):
        return value
    n = plain_number(value)
    if isinstance(n, int):
        return n
    if isinstance(n, str) and is_decimal(n):
        return float(n)
    return n


def write_form(framework: Framework, info: FormInfo, stored: Mapping[str, StoredRow]) -> bytes:
    """The form of one unit as XLSX bytes, with ``stored`` values filled in and locked rows grey."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    for key, value in (
        ("format", FORMAT),
        ("format_version", FORMAT_VERSION),
        ("framework", framework.code),
        ("campaign", info.campaign),
        ("unit", info.unit.code),
    ):
        meta.append([key, value])

    ws.cell(row=1, column=1, value=framework.title).font = Font(bold=True, size=12)
    ws.cell(
        row=2,
        column=1,
        value=f"Đơn vị: {info.unit.name or info.unit.code} ({info.unit.code}) — "
        f"Đợt thi đua: {info.campaign_title} ({info.campaign})",
    )
    for r, text in enumerate(_INSTRUCTIONS, start=3):
        cell = ws.cell(row=r, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=STATUS)
        ws.row_dimensions[r].height = 45
    for col, name in COLUMNS.items():
        cell = ws.cell(row=HEADER_ROW, column=col, value=name.vi)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(col)
        if col in WIDTHS:
            ws.column_dimensions[letter].width = WIDTHS[col]
        else:
            ws.column_dimensions[letter].hidden = True

    writer = _Writer(ws, lists, framework, info, stored)
    for top in framework.nodes:
        writer.node(top)
    for dv in writer.validations:
        if dv.sqref:
            ws.add_data_validation(dv)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1)
    # Locked cells stay selectable (to read them); columns and rows may be resized.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
