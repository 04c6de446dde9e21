"""Report outlines ("đề cương báo cáo"): the questions an inspected unit answers.

An outline set belongs to a plan and holds one outline per kind of unit
(outline A for district offices, B for communes in the Quảng Xương plan).
Each outline is a tree of questions; every leaf says how it is answered
(``text``, ``number``, ``yes_no`` or ``table``) so a web form can be built
from it. Named offices get extra questions; the extra marked ``others``
goes to every unit of the outline's kinds that no named extra covers.

Each question has a stable key: the outline code, then each level's label
("1.2", "(3)" without parentheses), code, or a letter for the n-th bullet:
``A.1.2.a``, ``A.vhtt_mot_cua.dvc.1.b``, ``B.I.7.1.c``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from thidua.scheduling.catalog import read_builtin_text
from thidua.scheduling.messages import Message
from thidua.scheduling.plan import Plan, Unit
from thidua.scheduling.reading import PlanError

AnswerType = Literal["text", "number", "yes_no", "table"]
ANSWER_TYPES: tuple[AnswerType, ...] = ("text", "number", "yes_no", "table")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Question:
    """A question, or a group of questions when it has ``items``."""

    key: str
    text: str
    label: str | None = None
    answer: AnswerType | None = None
    #: yes/no and number answers: also ask for a short explanation.
    explain: bool = False
    #: number answers: the unit of the figure ("người", "%").
    unit: str | None = None
    #: table answers: the column headers.
    columns: tuple[str, ...] = ()
    #: the legal basis printed under a group heading ("căn cứ ...").
    basis: str | None = None
    items: tuple[Question, ...] = ()

    def leaves(self) -> Iterator[Question]:
        """Yield the answerable questions under (and including) this one."""
        if self.items:
            for item in self.items:
                yield from item.leaves()
        else:
            yield self


@dataclass(frozen=True)
class ExtraQuestions:
    """Questions added for named units ("Đối với Phòng Nội vụ ...")."""

    code: str
    title: str
    units: tuple[str, ...]
    items: tuple[Question, ...]
    others: bool = False
    basis: str | None = None


@dataclass(frozen=True)
class Outline:
    """One report outline, for the unit kinds in ``applies_to``."""

    code: str
    title: str
    applies_to: tuple[str, ...]
    items: tuple[Question, ...]
    period: str | None = None
    extras: tuple[ExtraQuestions, ...] = ()
    extras_note: str | None = None

    def leaves(self) -> Iterator[Question]:
        """Yield every answerable question of the main outline."""
        for item in self.items:
            yield from item.leaves()


@dataclass(frozen=True)
class Form:
    """What one inspected unit fills in: an outline and its extra questions."""

    unit: str
    outline: Outline
    extras: tuple[ExtraQuestions, ...]

    def leaves(self) -> Iterator[Question]:
        """Yield every answerable question of the form, in order."""
        yield from self.outline.leaves()
        for extra in self.extras:
            for item in extra.items:
                yield from item.leaves()


@dataclass(frozen=True)
class OutlineSet:
    """The outlines of one plan."""

    code: str
    plan: str | None
    outlines: tuple[Outline, ...]
    source: str | None = None
    findings: tuple[str, ...] = ()

    def outline(self, code: str) -> Outline:
        """Return the outline with this code (KeyError if none)."""
        for outline in self.outlines:
            if outline.code == code:
                return outline
        raise KeyError(code)

    def form_for(self, unit: Unit) -> Form | None:
        """Return the form of ``unit``, or None if no outline covers its kind."""
        for outline in self.outlines:
            if unit.kind not in outline.applies_to:
                continue
            named = tuple(e for e in outline.extras if unit.code in e.units)
            if not named:
                named = tuple(e for e in outline.extras if e.others)
            return Form(unit=unit.code, outline=outline, extras=named)
        return None

    def unknown_units(self, plan: Plan) -> list[str]:
        """Return unit codes named by extras that ``plan`` does not list."""
        return sorted(
            {u for o in self.outlines for e in o.extras for u in e.units if not plan.has_unit(u)}
        )


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[Message] = []
        self.keys: set[str] = set()

    def problem(self, where: str, vi: str, en: str) -> None:
        self.errors.append(
            Message(f"tệp {self.source}, {where}: {vi}", f"file {self.source}, {where}: {en}")
        )

    def question(self, data: object, parent: str, index: int) -> Question | None:
        where = f"{parent} #{index + 1}"
        if not isinstance(data, Mapping):
            self.problem(
                where,
                "câu hỏi phải là bảng {text, answer}",
                "a question must be a mapping {text, answer}",
            )
            return None
        label = str(data["label"]) if data.get("label") is not None else None
        code = str(data["code"]) if data.get("code") is not None else None
        if label is not None:
            part = label.strip("()")
            # "1.2" under "A.1" is A.1.2, not A.1.1.2: drop the printed prefix.
            head, _, last = part.rpartition(".")
            if head and parent.endswith("." + head):
                part = last
        elif code is not None:
            part = code
        else:
            part = _LETTERS[index % len(_LETTERS)]
        key = f"{parent}.{part}"
        if key in self.keys:
            self.problem(key, "khóa câu hỏi bị trùng", "duplicate question key")
        self.keys.add(key)
        text = str(data.get("text") or "").strip()
        if not text:
            self.problem(key, "thiếu trường 'text'", "field 'text' is missing")
        items = tuple(
            q for i, raw in enumerate(_list(data.get("items"))) if (q := self.question(raw, key, i))
        )
        answer = data.get("answer")
        if items and answer is not None:
            self.problem(
                key, "nhóm câu hỏi không có 'answer'", "a group of questions has no 'answer'"
            )
        if not items and answer not in ANSWER_TYPES:
            self.problem(
                key,
                f"'answer' phải là một trong {', '.join(ANSWER_TYPES)}",
                f"'answer' must be one of {', '.join(ANSWER_TYPES)}",
            )
        columns = tuple(str(c) for c in _list(data.get("columns")))
        if answer == "table" and not columns:
            self.problem(
                key, "câu trả lời dạng bảng cần 'columns'", "a table answer needs 'columns'"
            )
        return Question(
            key=key,
            text=text,
            label=label,
            answer=cast(AnswerType, answer) if answer in ANSWER_TYPES else None,
            explain=bool(data.get("explain", False)),
            unit=str(data["unit"]) if data.get("unit") is not None else None,
            columns=columns,
            basis=str(data["basis"]) if data.get("basis") else None,
            items=items,
        )

    def questions(self, raw: object, parent: str) -> tuple[Question, ...]:
        return tuple(
            q for i, item in enumerate(_list(raw)) if (q := self.question(item, parent, i))
        )


def _list(value: object) -> Sequence[Any]:
    return value if isinstance(value, list) else []


def outlines_from_mapping(data: object, *, source: str = "<outlines>") -> OutlineSet:
    """Return the outline set described by a YAML mapping; raise PlanError on problems."""
    reader = _Reader(source)
    if not isinstance(data, Mapping):
        reader.problem("", "nội dung phải là một bảng", "content must be a mapping")
        raise PlanError(reader.errors)
    outlines: list[Outline] = []
    for index, raw in enumerate(_list(data.get("outlines"))):
        if not isinstance(raw, Mapping) or not raw.get("code"):
            reader.problem(
                f"outline #{index + 1}", "thiếu trường 'code'", "field 'code' is missing"
            )
            continue
        code = str(raw["code"])
        extras: list[ExtraQuestions] = []
        for j, extra in enumerate(_list(raw.get("extras"))):
            if not isinstance(extra, Mapping) or not extra.get("code"):
                reader.problem(
                    f"{code} extra #{j + 1}", "thiếu trường 'code'", "field 'code' is missing"
                )
                continue
            extra_key = f"{code}.{extra['code']}"
            units = tuple(str(u) for u in _list(extra.get("units")))
            if not units and not extra.get("others"):
                reader.problem(
                    extra_key, "cần 'units' hoặc 'others: true'", "needs 'units' or 'others: true'"
                )
            extras.append(
                ExtraQuestions(
                    code=str(extra["code"]),
                    title=str(extra.get("title") or ""),
                    units=units,
                    items=reader.questions(extra.get("items"), extra_key),
                    others=bool(extra.get("others", False)),
                    basis=str(extra["basis"]) if extra.get("basis") else None,
                )
            )
        outlines.append(
            Outline(
                code=code,
                title=str(raw.get("title") or ""),
                applies_to=tuple(str(k) for k in _list(raw.get("applies_to"))),
                items=reader.questions(raw.get("items"), code),
                period=str(raw["period"]) if raw.get("period") else None,
                extras=tuple(extras),
                extras_note=str(raw["extras_note"]) if raw.get("extras_note") else None,
            )
        )
    if reader.errors:
        raise PlanError(reader.errors)
    source_info = data.get("source")
    return OutlineSet(
        code=str(data.get("code") or ""),
        plan=str(data["plan"]) if data.get("plan") else None,
        outlines=tuple(outlines),
        source=str(source_info.get("document")) if isinstance(source_info, Mapping) else None,
        findings=tuple(str(f) for f in _list(data.get("findings"))),
    )


def load_outlines(path: str | Path) -> OutlineSet:
    """Return the outline set in a YAML file."""
    file = Path(path)
    return outlines_from_mapping(yaml.safe_load(file.read_text(encoding="utf-8")), source=str(file))


def load_builtin_outlines(code: str) -> OutlineSet:
    """Return a built-in outline set, e.g. ``outlines-quangxuong-2023``."""
    text = read_builtin_text(f"{code}.yaml")
    return outlines_from_mapping(yaml.safe_load(text), source=f"{code}.yaml")


def outlines_for_plan(plan: Plan) -> OutlineSet | None:
    """Return the built-in outlines a plan names in its ``outlines`` field, if any."""
    if plan.outlines is None:
        return None
    return load_builtin_outlines(plan.outlines)
