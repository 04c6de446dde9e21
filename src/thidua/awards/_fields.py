"""Typed field readers for award plan files, collecting bilingual problems.

Each problem names the file and the field path; nothing is raised here, the
plan loader raises once with every problem (``thidua.awards.plan``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from thidua.scoring import Msg

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def to_decimal(raw: object) -> Decimal | None:
    """A finite Decimal from a YAML number or numeric string; None for anything else."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return None
    try:
        d = Decimal(str(raw))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


class Fields:
    """Reads the fields of one plan file; ``problems`` collects what is wrong with them."""

    def __init__(self, origin: str, base_dir: Path | None) -> None:
        self.origin = origin
        self.base_dir = base_dir
        self.problems: list[Msg] = []

    def problem(self, where: str, vi: str, en: str) -> None:
        self.problems.append(
            Msg(f"tệp {self.origin}, {where}: {vi}", f"file {self.origin}, {where}: {en}")
        )

    # -- small typed readers ------------------------------------------------

    def unknown(self, raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
        for key in raw:
            if key not in allowed:
                self.problem(where, f"trường '{key}' không được dùng", f"field '{key}' is not used")

    def text(self, raw: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = raw.get(key)
        if value is None:
            if required:
                self.problem(where, f"thiếu trường '{key}'", f"field '{key}' is missing")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(where, f"trường '{key}' phải là chuỗi", f"field '{key}' must be text")
            return ""
        return " ".join(str(value).split())

    def code(self, raw: Mapping[str, Any], where: str) -> str:
        value = raw.get("code")
        if not isinstance(value, str) or not CODE_RE.match(value):
            self.problem(
                where,
                f"'code' phải gồm chữ thường, số, '_' và '-', nhận được {value!r}",
                f"'code' must be lower-case letters, digits, '_' and '-', got {value!r}",
            )
            return "?"
        return value

    def count(
        self,
        raw: Mapping[str, Any],
        key: str,
        where: str,
        *,
        default: int | None = None,
        minimum: int = 0,
    ) -> int | None:
        value = raw.get(key)
        if value is None:
            if default is None:
                self.problem(where, f"thiếu trường '{key}'", f"field '{key}' is missing")
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.problem(
                where,
                f"'{key}' phải là số nguyên từ {minimum} trở lên, nhận được {value!r}",
                f"'{key}' must be a whole number of at least {minimum}, got {value!r}",
            )
            return default
        return value

    def mappings(
        self, raw: Mapping[str, Any], key: str, where: str, *, required: bool = True
    ) -> list[Mapping[str, Any]]:
        value = raw.get(key)
        if value is None:
            if required:
                self.problem(where, f"thiếu danh sách '{key}'", f"list '{key}' is missing")
            return []
        if not isinstance(value, list) or not all(isinstance(x, Mapping) for x in value):
            self.problem(
                where, f"'{key}' phải là danh sách các mục", f"'{key}' must be a list of entries"
            )
            return []
        return list(value)

    def date(self, raw: object, where: str, key: str) -> dt.date | None:
        if raw is None:
            return None
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            self.problem(
                where,
                f"'{key}' phải là ngày yyyy-mm-dd, nhận được {raw!r}",
                f"'{key}' must be a yyyy-mm-dd date, got {raw!r}",
            )
            return None

    # -- the plan -----------------------------------------------------------
