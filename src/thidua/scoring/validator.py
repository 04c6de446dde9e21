"""Static checks of a loaded framework (``thidua framework validate``).

Shape problems stop the loader (see ``loader.py``); what reaches this module
is a well-formed table whose *content* may still be wrong, as the official
tables really are (DESIGN §3.5). Each check yields findings with a stable
code:

- ``sum_mismatch``: a declared maximum that equals neither the sum of its
  children's declared maxima nor the sum of its criteria's maxima. Accepting
  either reading keeps one wrong figure from being reported twice: when a
  sub-section's declared 7 should be 6, its pillar (which adds up with the
  criteria) is not reported as well. Bonus children count.
- ``unreachable_max``, ``tier_gap``, ``tier_overlap``, ``cap_mismatch``,
  ``points_above_max``: from the rule kinds themselves (``rules/*.check``).
- ``missing_max``: a criterion with no printed maximum (the rule's own is used).
- ``override_unreachable``: a target override for a unit kind the table does
  not apply to (``applies_to``), so no unit can ever get it — typically a
  district table's "Thành phố đạt trên 85%" copied into a commune table.
- ``numbering_gap`` (info): sibling labels that skip numbers.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from thidua.scoring.findings import SEVERITY_ORDER, Finding
from thidua.scoring.kinds import UNIT_KINDS
from thidua.scoring.model import Framework, Node
from thidua.scoring.text import Msg, num_en, num_vi

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def validate(framework: Framework) -> list[Finding]:
    """Every content finding of a framework, errors first, then in table order."""
    findings: list[Finding] = []
    for node in framework.criteria:
        assert node.rule is not None
        if node.declared_max is None and not node.is_events:
            findings.append(
                Finding(
                    "warning",
                    "missing_max",
                    node.code,
                    Msg(
                        f"{node.code}: bảng không in điểm tối đa; dùng điểm tối đa của quy tắc ({num_vi(node.max_points or 0)})",
                        f"{node.code}: the table prints no maximum; the rule's own maximum is used ({num_en(node.max_points or 0)})",
                    ),
                )
            )
        findings.extend(node.rule.check(node=node.code, max_points=node.max_points))
        findings.extend(_unreachable_overrides(framework, node))
    for node in _inner(framework.nodes):
        if node.declared_max is not None:
            findings.extend(_sum_check(node.code, node.declared_max, node.children))
    groups = [framework.by_code[c] for c in framework.max_of]
    findings.extend(_sum_check(framework.code, framework.max_points, groups))
    findings.extend(_numbering(framework.code, framework.nodes))
    for node in _inner(framework.nodes):
        findings.extend(_numbering(node.code, node.children))
    order = {code: i for i, code in enumerate(framework.by_code)}
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], order.get(f.node, -1)))
    return findings


def _unreachable_overrides(framework: Framework, node: Node) -> list[Finding]:
    """Overrides keyed by a unit kind outside ``applies_to``: dead rules of the table."""
    if not framework.applies_to:
        return []
    out: list[Finding] = []
    for o in getattr(node.rule, "overrides", ()):
        kind = getattr(o, "unit_kind", None)
        if kind is None or kind in framework.applies_to:
            continue
        k = UNIT_KINDS.get(kind, Msg(kind, kind))
        allowed = ", ".join(framework.applies_to)
        out.append(
            Finding(
                "warning",
                "override_unreachable",
                node.code,
                Msg(
                    f"{node.code}: chỉ tiêu riêng cho {k.vi} ({kind}) không bao giờ áp dụng: bảng chỉ dùng cho {allowed}",
                    f"{node.code}: the target for {k.en} ({kind}) never applies: the table is for {allowed} only",
                ),
            )
        )
    return out


def _inner(nodes: Iterable[Node]) -> Iterable[Node]:
    for n in nodes:
        if not n.is_criterion:
            yield n
            yield from _inner(n.children)


def _leaf_sum(node: Node) -> Decimal | None:
    """Sum of the maxima of the criteria under ``node``; None if one is uncapped."""
    total = Decimal(0)
    for leaf in node.leaves():
        m = leaf.max_points
        if m is None:
            return None
        total += m
    return total


def _children_sum(children: Sequence[Node]) -> Decimal | None:
    total = Decimal(0)
    for child in children:
        m = (
            child.declared_max
            if child.declared_max is not None
            else (child.max_points if child.is_criterion else _leaf_sum(child))
        )
        if m is None:
            return None
        total += m
    return total


def _sum_check(code: str, declared: Decimal, children: Sequence[Node]) -> list[Finding]:
    by_children = _children_sum(children)
    by_leaves: Decimal | None = Decimal(0)
    for child in children:
        s = _leaf_sum(child)
        if s is None or by_leaves is None:
            by_leaves = None
        else:
            by_leaves += s
    if by_children is None or by_leaves is None:
        return []  # an uncapped events row: no sum to compare with
    if declared in (by_children, by_leaves):
        return []
    return [
        Finding(
            "warning",
            "sum_mismatch",
            code,
            Msg(
                f"{code}: điểm tối đa ghi {num_vi(declared)} nhưng các tiêu chí cộng lại {num_vi(by_leaves)}"
                + (f" (các mục con ghi {num_vi(by_children)})" if by_children != by_leaves else ""),
                f"{code}: declared maximum {num_en(declared)} but its criteria add up to {num_en(by_leaves)}"
                + (
                    f" (its children declare {num_en(by_children)})"
                    if by_children != by_leaves
                    else ""
                ),
            ),
        )
    ]


def _ordinal(label: str, letters: bool) -> int | None:
    if letters:
        return ord(label) - ord("A") + 1
    last = label.split(".")[-1]
    if last.isdigit():
        return int(last)
    if last and _ROMAN_RE.match(last):
        value, prev = 0, 0
        for ch in reversed(last):
            v = _ROMAN[ch]
            value = value - v if v < prev else value + v
            prev = max(prev, v)
        return value
    return None


def _numbering(code: str, children: Sequence[Node]) -> list[Finding]:
    labels = [c.label for c in children if c.label != "*"]
    if len(labels) < 2:
        return []
    letters = all(len(x) == 1 and x.isalpha() for x in labels) and all(
        ord(b) - ord(a) == 1 for a, b in itertools.pairwise(labels)
    )
    numbers = [_ordinal(x, letters) for x in labels]
    if any(n is None for n in numbers):
        return []
    values = [n for n in numbers if n is not None]
    expected = set(range(1, max(values) + 1))
    skipped = sorted(expected - set(values))
    if not skipped:
        return []
    shown = ", ".join(str(s) for s in skipped)
    printed = ", ".join(labels)
    return [
        Finding(
            "info",
            "numbering_gap",
            code,
            Msg(
                f"{code}: số thứ tự in là {printed}, bỏ qua {shown} (giữ nguyên như văn bản)",
                f"{code}: printed numbering is {printed}, skipping {shown} (kept as printed)",
            ),
        )
    ]
