"""Unit scorecards in the annex layout, as an XLSX workbook.

Columns as printed in the annexes: TT | Chỉ tiêu, nhiệm vụ | Điểm tối đa |
Cách tính điểm | Kết quả | Điểm | Số liệu, tài liệu minh chứng. One sheet per
unit plus a ranking sheet. Every figure comes from ``thidua.scoring``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from thidua.scoring import CriterionScore, Framework, Node, UnitScore
from thidua.scoring.rules import Event
from thidua.scoring.text import num_vi, pct_vi

HEADERS = (
    "TT",
    "Chỉ tiêu, nhiệm vụ",
    "Điểm tối đa",
    "Cách tính điểm",
    "Kết quả",
    "Điểm",
    "Số liệu, tài liệu minh chứng",
)
WIDTHS = (8, 60, 10, 40, 22, 10, 30)
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_NUM = "#,##0.00"


def result_text(c: CriterionScore) -> str:
    """The entered value in words, as an official would write it in the Kết quả column."""
    v = c.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Có" if v else "Không"
    if isinstance(v, tuple):
        parts = []
        for e in v:
            assert isinstance(e, Event)
            parts.append(
                f"{e.kind} × {e.count}" if e.count != 1 else f"{e.kind} ({num_vi(e.each)}đ)"
            )
        return "; ".join(parts)
    if isinstance(v, Decimal) and c.rule.kind == "ratio":
        return pct_vi(v.quantize(Decimal("0.0001")))
    if isinstance(v, Decimal | int):
        return num_vi(v)
    return str(v)


def _sheet_title(code: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", code)[:31] or "unit"
    title, n = base, 2
    while title.lower() in used:
        suffix = f"~{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _header(ws: Worksheet, row: int, headers: Sequence[str], widths: Sequence[int]) -> None:
    for i, (h, w) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=row, column=i, value=h)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        ws.column_dimensions[cell.column_letter].width = w


def _unit_sheet(ws: Worksheet, framework: Framework, s: UnitScore) -> None:
    ws.cell(row=1, column=1, value=f"{framework.title}").font = Font(bold=True)
    ws.cell(
        row=2,
        column=1,
        value=f"Đơn vị: {s.unit.name or s.unit.code} ({s.unit.code}) — Hạng {s.rank}",
    )
    _header(ws, 4, HEADERS, WIDTHS)
    row = 5

    def put(node: Node, depth: int) -> None:
        nonlocal row
        if node.is_criterion:
            c = s.criteria[node.code]
            assert node.rule is not None
            values: list[object] = [
                node.label,
                node.title,
                float(node.max_points) if node.max_points is not None else (node.max_text or ""),
                node.method or node.rule.describe(node.max_points).vi,
                result_text(c),
                float(c.points),
                c.explanation.vi,
            ]
            bold = False
        else:
            values = [
                node.label,
                node.title,
                float(node.declared_max)
                if node.declared_max is not None
                else (node.max_text or ""),
                "",
                "",
                float(s.sections[node.code]),
                "",
            ]
            bold = True
        for i, v in enumerate(values, start=1):
            cell = ws.cell(row=row, column=i, value=v)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if bold:
                cell.font = Font(bold=True)
            if i in (3, 6) and isinstance(v, float):
                cell.number_format = _NUM
        row += 1
        for child in node.children:
            put(child, depth + 1)

    for top in framework.nodes:
        put(top, 0)
    ws.cell(row=row, column=2, value="TỔNG ĐIỂM").font = Font(bold=True)
    total = ws.cell(row=row, column=6, value=float(s.total))
    total.font = Font(bold=True)
    total.number_format = _NUM
    ws.freeze_panes = "A5"
    _printable(ws)


def _printable(ws: Worksheet) -> None:
    """Landscape, one page wide, header row repeated: officials print and sign these."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "4:4"


def write_scorecards(path: str | Path, framework: Framework, scores: Sequence[UnitScore]) -> None:
    wb = Workbook()
    ranking = wb.active
    assert ranking is not None
    ranking.title = "Xếp hạng"
    groups = [n.code for n in framework.nodes]
    headers = ["Hạng", "Mã", "Đơn vị", *groups, "Tổng điểm"] + (
        ["Chỉ số"] if framework.index else []
    )
    ranking.cell(row=1, column=1, value=framework.title).font = Font(bold=True)
    _header(
        ranking,
        3,
        headers,
        [8, 14, 32, *([10] * len(groups)), 12] + ([10] if framework.index else []),
    )
    for r, s in enumerate(scores, start=4):
        values: list[object] = [
            s.rank,
            s.unit.code,
            s.unit.name,
            *(float(s.groups[g]) for g in groups),
            float(s.total),
        ]
        if framework.index:
            values.append(float(s.index) if s.index is not None else None)
        for i, v in enumerate(values, start=1):
            cell = ranking.cell(row=r, column=i, value=v)
            cell.border = _BORDER
            if isinstance(v, float):
                cell.number_format = "0.00%" if framework.index and i == len(values) else _NUM
    _printable(ranking)
    ranking.print_title_rows = "3:3"
    used = {"xếp hạng"}
    for s in scores:
        _unit_sheet(wb.create_sheet(_sheet_title(s.unit.code, used)), framework, s)
    wb.save(str(path))
