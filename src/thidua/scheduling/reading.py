"""Reading YAML fields with problems collected, named by file and field, in two languages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from thidua.scheduling.messages import Message


class PlanError(ValueError):
    """A plan file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[Message]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def parse_date(value: object) -> dt.date:
    """Return a date from a YAML date, ``2023-08-03`` or ``03/08/2023``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise ValueError(f"not a date: {value!r}")


class FieldReader:
    """Collects problems while reading the fields of one YAML file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[Message] = []
        self.warnings: list[Message] = []

    def problem(self, where: Message, what: Message, *, warning: bool = False) -> None:
        message = Message(
            f"tệp {self.source}, {where.vi}: {what.vi}",
            f"file {self.source}, {where.en}: {what.en}",
        )
        (self.warnings if warning else self.errors).append(message)

    def field(self, data: Mapping[str, Any], key: str, where: Message) -> Any:
        if key not in data or data[key] is None:
            self.problem(where, Message(f"thiếu trường '{key}'", f"field '{key}' is missing"))
            return None
        return data[key]

    def text(
        self, data: Mapping[str, Any], key: str, where: Message, default: str | None = None
    ) -> str:
        value = data.get(key)
        if value is None:
            if default is not None:
                return default
            self.field(data, key, where)
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.problem(
                where, Message(f"trường '{key}' phải là chuỗi", f"field '{key}' must be a string")
            )
            return ""
        return str(value).strip()

    def date(self, value: object, where: Message, key: str) -> dt.date | None:
        if value is None:
            self.problem(where, Message(f"thiếu trường '{key}'", f"field '{key}' is missing"))
            return None
        try:
            return parse_date(value)
        except ValueError:
            self.problem(
                where,
                Message(
                    f"trường '{key}': '{value}' không phải là ngày (dd/mm/yyyy hoặc yyyy-mm-dd)",
                    f"field '{key}': '{value}' is not a date (dd/mm/yyyy or yyyy-mm-dd)",
                ),
            )
            return None

    def integer(
        self,
        data: Mapping[str, Any],
        key: str,
        where: Message,
        *,
        default: int | None,
        minimum: int,
    ) -> int:
        value = data.get(key, default)
        if value is None:
            self.field(data, key, where)
            return minimum
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.problem(
                where,
                Message(
                    f"trường '{key}' phải là số nguyên ≥ {minimum}, không phải '{value}'",
                    f"field '{key}' must be an integer ≥ {minimum}, not '{value}'",
                ),
            )
            return minimum
        return value

    def codes(self, value: object, where: Message, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str | int) and not isinstance(value, bool):
            return (str(value),)
        if not isinstance(value, list):
            self.problem(
                where,
                Message(
                    f"trường '{key}' phải là danh sách mã", f"field '{key}' must be a list of codes"
                ),
            )
            return ()
        result: list[str] = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, str | int):
                self.problem(
                    where,
                    Message(
                        f"trường '{key}': '{item}' không phải là mã",
                        f"field '{key}': '{item}' is not a code",
                    ),
                )
                continue
            code = str(item).strip()
            if code in result:
                self.problem(
                    where,
                    Message(
                        f"trường '{key}': mã '{code}' lặp lại",
                        f"field '{key}': code '{code}' is repeated",
                    ),
                )
                continue
            result.append(code)
        return tuple(result)

    def items(self, data: Mapping[str, Any], key: str, where: Message) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(
                where, Message(f"trường '{key}' phải là danh sách", f"field '{key}' must be a list")
            )
            return []
        return value

    def unknown_keys(self, data: Mapping[str, Any], known: frozenset[str], where: Message) -> None:
        for key in data:
            if key not in known:
                self.problem(
                    where,
                    Message(f"bỏ qua trường lạ '{key}'", f"unknown field '{key}' ignored"),
                    warning=True,
                )
