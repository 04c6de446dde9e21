"""Unit results from JSON, CSV or XLSX files (the ``thidua score`` INPUT).

JSON: ``{"units": [{"code", "name", "kind", "parent_kind", "parent", "results": {...}, "facts": {...}}]}``.
CSV/XLSX, long format, one row per result or per event, columns
``unit_code, unit_name, unit_kind, parent_kind, criterion, value, denominator,
event_kind, count, points`` (plus optional ``parent``). Every problem is
reported with the file, row and column; a file with problems yields nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thidua.scoring import Msg, UnitInput

LONG_COLUMNS = (
    "unit_code",
    "unit_name",
    "unit_kind",
    "parent_kind",
    "criterion",
    "value",
    "denominator",
    "event_kind",
    "count",
    "points",
)
OPTIONAL_COLUMNS = ("parent",)


@dataclass(frozen=True, slots=True)
class FileProblem:
    file: str
    where: str  # "dòng 4, cột value" / "units[2].results"
    where_en: str
    message: Msg

    def __str__(self) -> str:
        return f"{self.file}, {self.where}: {self.message.vi} / {self.file}, {self.where_en}: {self.message.en}"


class InputFileError(Exception):
    def __init__(self, problems: Iterable[FileProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def read_units(path: str | Path) -> list[UnitInput]:
    p = Path(path)
    suffix = p.suffix.lower()
    if not p.is_file():
        raise InputFileError(
            [FileProblem(str(p), "-", "-", Msg("không tìm thấy tệp", "file not found"))]
        )
    if suffix == ".json":
        return read_json(p)
    if suffix == ".csv":
        with p.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        return _read_long(str(p), rows, row_offset=1)
    if suffix in (".xlsx", ".xlsm"):
        return _read_long(str(p), _xlsx_rows(p), row_offset=1)
    raise InputFileError(
        [
            FileProblem(
                str(p),
                "-",
                "-",
                Msg(
                    f"định dạng tệp '{suffix}' không được hỗ trợ (.json, .csv, .xlsx)",
                    f"file type '{suffix}' is not supported (.json, .csv, .xlsx)",
                ),
            )
        ]
    )


def _xlsx_rows(p: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputFileError(
            [
                FileProblem(
                    str(p),
                    "-",
                    "-",
                    Msg(f"không mở được tệp Excel: {exc}", f"cannot open the Excel file: {exc}"),
                )
            ]
        ) from exc
    ws = wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


def load_json(p: Path) -> Any:
    """The parsed JSON of ``p``; InputFileError if it cannot be read or parsed."""
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(
            [
                FileProblem(
                    str(p), "-", "-", Msg(f"JSON không hợp lệ: {exc}", f"invalid JSON: {exc}")
                )
            ]
        ) from exc


def read_json(p: Path) -> list[UnitInput]:
    file = str(p)
    data = load_json(p)
    problems: list[FileProblem] = []
    units_raw = data.get("units") if isinstance(data, Mapping) else None
    if not isinstance(units_raw, list):
        raise InputFileError(
            [
                FileProblem(
                    file,
                    "-",
                    "-",
                    Msg("cần khóa 'units' là một danh sách", "a 'units' list is needed"),
                )
            ]
        )
    units: list[UnitInput] = []
    for i, raw in enumerate(units_raw):
        where = f"units[{i}]"
        if not isinstance(raw, Mapping):
            problems.append(
                FileProblem(
                    file,
                    where,
                    where,
                    Msg("mỗi đơn vị phải là một đối tượng", "each unit must be an object"),
                )
            )
            continue
        code = raw.get("code")
        if not isinstance(code, str | int) or isinstance(code, bool) or str(code) == "":
            problems.append(
                FileProblem(
                    file, where, where, Msg("đơn vị thiếu 'code'", "the unit has no 'code'")
                )
            )
            continue
        results = raw.get("results", {})
        facts = raw.get("facts", {})
        if not isinstance(results, Mapping):
            problems.append(
                FileProblem(
                    file,
                    f"{where}.results",
                    f"{where}.results",
                    Msg("'results' phải là một đối tượng", "'results' must be an object"),
                )
            )
            continue
        if not isinstance(facts, Mapping):
            problems.append(
                FileProblem(
                    file,
                    f"{where}.facts",
                    f"{where}.facts",
                    Msg("'facts' phải là một đối tượng", "'facts' must be an object"),
                )
            )
            continue
        units.append(
            UnitInput(
                code=str(code),
                name=str(raw.get("name") or ""),
                kind=_opt(raw.get("kind")),
                parent_kind=_opt(raw.get("parent_kind")),
                parent=_opt(raw.get("parent")),
                results=dict(results),
                facts=dict(facts),
            )
        )
    if problems:
        raise InputFileError(problems)
    return units


def _opt(value: object) -> str | None:
    if value is None or value == "":
        return None
    return str(value).strip()


def _cell(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value if value != "" else None
    return value


def _read_long(file: str, rows: list[list[Any]], *, row_offset: int) -> list[UnitInput]:
    if not rows:
        raise InputFileError([FileProblem(file, "-", "-", Msg("tệp trống", "the file is empty"))])
    header = [str(h).strip().lower() if h is not None else "" for h in rows[0]]
    missing = [c for c in LONG_COLUMNS if c not in header]
    if missing:
        raise InputFileError(
            [
                FileProblem(
                    file,
                    "dòng 1",
                    "row 1",
                    Msg(
                        f"thiếu cột: {', '.join(missing)}", f"missing columns: {', '.join(missing)}"
                    ),
                )
            ]
        )
    col = {
        name: header.index(name) for name in (*LONG_COLUMNS, *OPTIONAL_COLUMNS) if name in header
    }
    problems: list[FileProblem] = []
    units: dict[str, dict[str, Any]] = {}
    for n, row in enumerate(rows[1:], start=row_offset + 1):
        cells = {name: _cell(row[i]) if i < len(row) else None for name, i in col.items()}
        if all(v is None for v in cells.values()):
            continue

        def problem(column: str, vi: str, en: str, n: int = n) -> None:
            problems.append(
                FileProblem(
                    file, f"dòng {n}, cột {column}", f"row {n}, column {column}", Msg(vi, en)
                )
            )

        code = cells["unit_code"]
        if code is None:
            problem("unit_code", "thiếu mã đơn vị", "the unit code is missing")
            continue
        code = str(code)
        unit = units.setdefault(
            code, {"name": None, "kind": None, "parent_kind": None, "parent": None, "results": {}}
        )
        for attr, column in (
            ("name", "unit_name"),
            ("kind", "unit_kind"),
            ("parent_kind", "parent_kind"),
            ("parent", "parent"),
        ):
            value = cells.get(column)
            if value is None:
                continue
            if unit[attr] is not None and unit[attr] != str(value):
                problem(
                    column,
                    f"đơn vị {code}: '{value}' khác giá trị '{unit[attr]}' ở dòng trước",
                    f"unit {code}: '{value}' differs from '{unit[attr]}' on an earlier row",
                )
            unit[attr] = str(value)
        criterion = cells["criterion"]
        if criterion is None:
            problem("criterion", "thiếu mã chỉ tiêu", "the criterion code is missing")
            continue
        criterion = str(criterion)
        results = unit["results"]
        if cells["event_kind"] is not None:
            event: dict[str, object] = {"kind": str(cells["event_kind"])}
            if cells["count"] is not None:
                event["count"] = cells["count"]
            if cells["points"] is not None:
                event["points"] = cells["points"]
            existing = results.setdefault(criterion, [])
            if not isinstance(existing, list):
                problem(
                    "event_kind",
                    f"chỉ tiêu {criterion} của đơn vị {code} đã có giá trị, không phải sự kiện",
                    f"criterion {criterion} of unit {code} already has a value, not events",
                )
                continue
            existing.append(event)
            continue
        if criterion in results:
            problem(
                "criterion",
                f"chỉ tiêu {criterion} của đơn vị {code} bị lặp",
                f"criterion {criterion} of unit {code} is repeated",
            )
            continue
        value = cells["value"]
        if cells["denominator"] is not None:
            results[criterion] = {"numerator": value, "denominator": cells["denominator"]}
        elif value is None:
            problem(
                "value",
                f"thiếu giá trị cho chỉ tiêu {criterion}",
                f"no value for criterion {criterion}",
            )
        else:
            results[criterion] = value
    if problems:
        raise InputFileError(problems)
    return [
        UnitInput(
            code=code,
            name=u["name"] or "",
            kind=u["kind"],
            parent_kind=u["parent_kind"],
            parent=u["parent"],
            results=u["results"],
        )
        for code, u in units.items()
    ]
