"""The individuals proposed for awards, from the ``individuals`` key of a JSON input.

``{"units": [...], "individuals": [{"id", "name", "unit", "position",
"achievements", "priority"}]}`` (docs/awards.md, "Individuals"). Only JSON
inputs carry individuals: a CSV or XLSX input has none. Every problem is
reported with the file, the entry's index and id, and the field; a file with
problems yields nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from thidua.awards.individuals import IndividualInput
from thidua.scoreio.read import FileProblem, InputFileError, load_json
from thidua.scoring import Msg


def read_individuals(path: str | Path) -> list[IndividualInput]:
    """The ``individuals`` of a JSON input, in file order; [] for other inputs or no key."""
    p = Path(path)
    if p.suffix.lower() != ".json":
        return []
    data = load_json(p)
    raw = data.get("individuals") if isinstance(data, Mapping) else None
    if raw is None:
        return []
    file = str(p)
    if not isinstance(raw, list):
        raise InputFileError(
            [
                FileProblem(
                    file,
                    "individuals",
                    "individuals",
                    Msg("'individuals' phải là một danh sách", "'individuals' must be a list"),
                )
            ]
        )
    problems: list[FileProblem] = []
    people: list[IndividualInput] = []
    for i, entry in enumerate(raw):
        person = _entry(file, i, entry, problems)
        if person is not None:
            people.append(person)
    if problems:
        raise InputFileError(problems)
    return people


def _entry(file: str, i: int, entry: object, problems: list[FileProblem]) -> IndividualInput | None:
    where = f"individuals[{i}]"
    if not isinstance(entry, Mapping):
        problems.append(
            FileProblem(
                file,
                where,
                where,
                Msg("mỗi cá nhân phải là một đối tượng", "each individual must be an object"),
            )
        )
        return None
    before = len(problems)
    ident = _text(entry.get("id")) or ""
    who = Msg(f"cá nhân {ident}", f"individual {ident}") if ident else Msg("cá nhân", "individual")

    def problem(field: str, vi: str, en: str) -> None:
        problems.append(
            FileProblem(
                file,
                f"{where}.{field}",
                f"{where}.{field}",
                Msg(f"{who.vi}: {vi}", f"{who.en}: {en}"),
            )
        )

    values: dict[str, str] = {}
    for field, vi, en, required in (
        ("id", "mã", "id", True),
        ("name", "họ tên", "name", True),
        ("unit", "mã đơn vị", "unit code", True),
        ("position", "chức vụ", "position", False),
        ("achievements", "thành tích", "achievements", False),
    ):
        raw = entry.get(field)
        value = _text(raw)
        if value is None:
            problem(
                field,
                f"'{field}' phải là chuỗi ký tự, nhận được {raw!r}",
                f"'{field}' must be text, got {raw!r}",
            )
        elif required and not value:
            problem(field, f"thiếu {vi} ('{field}')", f"the {en} ('{field}') is missing")
        else:
            values[field] = value
    priority = entry.get("priority")
    if priority is None:
        priority = 1
    if not isinstance(priority, int) or isinstance(priority, bool) or priority < 1:
        problem(
            "priority",
            f"thứ tự ưu tiên ('priority') phải là số nguyên từ 1 trở lên, nhận được {priority!r}",
            f"'priority' must be a whole number of at least 1, got {priority!r}",
        )
    if len(problems) > before:
        return None
    return IndividualInput(
        id=values["id"],
        name=values["name"],
        unit=values["unit"],
        position=values["position"],
        achievements=values["achievements"],
        priority=priority,
    )


def _text(value: object) -> str | None:
    """A text or whole-number field, stripped; "" when missing, None when of another type."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value).strip()
