"""Reading a CSV or XLSX file of units into rows of cells, with the header mapped to our fields.

Pure Python (no Django): bytes in, a :class:`Table` out, or a :class:`FileProblem`
saying in Vietnamese and English why the file cannot be read.

CSV files must be UTF-8 (Excel: "CSV UTF-8") or UTF-16 ("Unicode text"); the
separator is whichever of ``,`` ``;`` or tab the header uses most (Vietnamese Excel
writes ``;`` because the decimal mark is a comma). Text is normalised to NFC so
names typed on different systems compare equal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass

from thidua.scoring.text import Msg

REQUIRED = ("code", "name", "kind", "parent_code")
OPTIONAL = ("valid_from", "valid_to", "groups")
MAX_ROWS = 50_000

# Header spellings we accept, after lower-casing, NFC and turning "_" into spaces.
_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("code", "ma", "mã", "mã đơn vị", "ma don vi", "unit code"),
    "name": ("name", "ten", "tên", "tên đơn vị", "ten don vi", "unit name"),
    "kind": ("kind", "loai", "loại", "loại đơn vị", "loai don vi", "type"),
    "parent_code": (
        "parent code",
        "parent",
        "ma cap tren",
        "mã cấp trên",
        "mã đơn vị cấp trên",
        "ma don vi cap tren",
        "đơn vị cấp trên",
    ),
    "valid_from": ("valid from", "hiệu lực từ", "hieu luc tu", "từ ngày", "tu ngay"),
    "valid_to": ("valid to", "hiệu lực đến", "hieu luc den", "đến ngày", "den ngay"),
    "groups": ("groups", "group", "nhóm", "nhom", "nhóm đơn vị", "nhom don vi"),
}
_HEADER_OF = {alias: field for field, aliases in _HEADERS.items() for alias in aliases}


class FileProblem(ValueError):
    def __init__(self, msg: Msg) -> None:
        super().__init__(str(msg))
        self.msg = msg


@dataclass(frozen=True)
class Table:
    """The file's data rows. ``columns`` maps our field names to 0-based column indexes."""

    file: str
    columns: dict[str, int]
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (row number in the file, cell values)

    def cell(self, values: tuple[object, ...], field: str) -> object:
        i = self.columns.get(field)
        if i is None or i >= len(values):
            return ""
        return values[i]

    def column_label(self, field: str) -> str:
        """ "C (kind)": the spreadsheet letter and the header as written in the file."""
        i = self.columns.get(field)
        if i is None:
            return field
        return f"{column_letter(i)} ({self.headers[i]})"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _header_key(text: object) -> str:
    return " ".join(nfc(str(text or "")).lower().replace("_", " ").split())


def read_table(file: str, content: bytes) -> Table:
    """Parse ``content`` by its name's extension; raise FileProblem when it cannot be read."""
    lower = file.lower()
    if lower.endswith(".xlsx"):
        raw = _xlsx_rows(content)
    elif lower.endswith((".csv", ".txt")):
        raw = _csv_rows(content)
    else:
        raise FileProblem(
            Msg(
                f"{file}: chỉ nhận tệp .csv hoặc .xlsx",
                f"{file}: only .csv or .xlsx files are accepted",
            )
        )
    return _table(file, raw)


def _table(file: str, raw: list[tuple[int, tuple[object, ...]]]) -> Table:
    if not raw:
        raise FileProblem(Msg(f"{file}: tệp trống", f"{file}: the file is empty"))
    header_line, header = raw[0]
    headers = tuple(nfc(str(h or "")) for h in header)
    columns: dict[str, int] = {}
    for i, h in enumerate(headers):
        field = _HEADER_OF.get(_header_key(h))
        if field is None:
            continue
        if field in columns:
            raise FileProblem(
                Msg(
                    f"{file}, dòng {header_line}: cột '{h}' lặp lại cột "
                    f"{column_letter(columns[field])}",
                    f"{file}, row {header_line}: column '{h}' repeats column "
                    f"{column_letter(columns[field])}",
                )
            )
        columns[field] = i
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise FileProblem(
            Msg(
                f"{file}, dòng {header_line}: thiếu cột {', '.join(missing)} "
                f"(cần: {', '.join(REQUIRED)})",
                f"{file}, row {header_line}: missing column(s) {', '.join(missing)} "
                f"(needed: {', '.join(REQUIRED)})",
            )
        )
    rows = tuple(
        (line, values)
        for line, values in raw[1:]
        if any(v is not None and str(v).strip() for v in values)
    )
    if len(rows) > MAX_ROWS:
        raise FileProblem(
            Msg(
                f"{file}: quá {MAX_ROWS} dòng; hãy chia nhỏ tệp",
                f"{file}: more than {MAX_ROWS} rows; split the file",
            )
        )
    return Table(file=file, columns=columns, headers=headers, rows=rows)


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            Msg(
                "Tệp CSV không ở mã UTF-8: trong Excel hãy lưu dạng 'CSV UTF-8 (Comma delimited)'",
                "The CSV file is not UTF-8: in Excel save it as 'CSV UTF-8 (Comma delimited)'",
            )
        ) from None


def _csv_rows(content: bytes) -> list[tuple[int, tuple[object, ...]]]:
    text = _decode(content)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(n, tuple(nfc(c) for c in row)) for n, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise FileProblem(
            Msg(
                f"Tệp CSV lỗi ở dòng {reader.line_num}: {exc}",
                f"Bad CSV at row {reader.line_num}: {exc}",
            )
        ) from None


def _xlsx_rows(content: bytes) -> list[tuple[int, tuple[object, ...]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileProblem(
            Msg("Tệp không phải XLSX hợp lệ", "The file is not a valid XLSX workbook")
        ) from None
    try:
        ws = wb.worksheets[0]
        out: list[tuple[int, tuple[object, ...]]] = []
        for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
            out.append((n, tuple(_xlsx_value(v) for v in row)))
            if n > MAX_ROWS + 1:
                break
        return out
    finally:
        wb.close()


def _xlsx_value(v: object) -> object:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, str):
        return nfc(v)
    return str(v)


def text_of(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else nfc(str(value or ""))


def date_of(value: object) -> dt.date | None:
    """A date cell: a spreadsheet date, "dd/mm/yyyy" or "yyyy-mm-dd"; None when blank.

    Raises ValueError on anything else.
    """
    if isinstance(value, dt.date):
        return value
    text = text_of(value)
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
