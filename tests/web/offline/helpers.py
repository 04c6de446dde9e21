"""Filling the downloaded form the way an officer would, for the offline tests."""

from __future__ import annotations

import io
from collections.abc import Mapping

from openpyxl import load_workbook

from thidua.exports.offline_form import SHEET
from thidua.exports.offline_form.model import CODE


def row_of(data: bytes, code: str) -> int:
    ws = load_workbook(io.BytesIO(data))[SHEET]
    for r in range(1, ws.max_row + 1):
        if ws.cell(row=r, column=CODE).value == code:
            return r
    raise KeyError(code)


def fill(data: bytes, cells: Mapping[str, Mapping[int, object]]) -> bytes:
    """Type ``{row code: {column: value}}`` into the form and save it again."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    rows = {
        str(ws.cell(row=r, column=CODE).value): r
        for r in range(ws.max_row, 0, -1)
        if ws.cell(row=r, column=CODE).value
    }
    for code, by_column in cells.items():
        for column, value in by_column.items():
            ws.cell(row=rows[code], column=column).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def as_upload(data: bytes, name: str = "bieu-mau.xlsx") -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f
