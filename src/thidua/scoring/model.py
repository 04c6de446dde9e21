"""The framework tree: frozen dataclasses built by the loader, read by everything else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from thidua.scoring.rules import Rule
from thidua.scoring.rules.events import EventsRule


@dataclass(frozen=True, slots=True)
class Node:
    """A group, section, sub-section (inner node) or criterion (leaf, with a rule)."""

    code: str
    label: str
    title: str
    declared_max: Decimal | None
    rule: Rule | None = None
    children: tuple[Node, ...] = ()
    bonus: bool = False
    method: str | None = None
    max_text: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def is_criterion(self) -> bool:
        return self.rule is not None

    @property
    def is_events(self) -> bool:
        return isinstance(self.rule, EventsRule)

    @property
    def max_points(self) -> Decimal | None:
        """The printed maximum, or the rule's own when none is printed (None: no cap)."""
        if self.declared_max is not None:
            return self.declared_max
        return self.rule.own_max() if self.rule is not None else None

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> Iterator[Node]:
        for n in self.walk():
            if n.is_criterion:
                yield n


@dataclass(frozen=True, slots=True)
class SourceRef:
    document: str
    date: dt.date | None = None
    file: str | None = None


@dataclass(frozen=True, slots=True)
class Framework:
    code: str
    version: int
    title: str
    source: SourceRef
    applies_to: tuple[str, ...]
    max_points: Decimal
    max_of: tuple[str, ...]
    index: bool
    nodes: tuple[Node, ...]
    notes: tuple[str, ...] = ()
    origin: str = ""
    by_code: Mapping[str, Node] = field(default_factory=dict, compare=False)
    criteria: tuple[Node, ...] = field(default=(), compare=False)
    parents: Mapping[str, str] = field(default_factory=dict, compare=False)

    def node(self, code: str) -> Node:
        return self.by_code[code]

    def ancestors(self, code: str) -> list[str]:
        """Codes of the inner nodes above ``code``, nearest first."""
        out: list[str] = []
        p = self.parents.get(code)
        while p is not None:
            out.append(p)
            p = self.parents.get(p)
        return out
