"""Reading framework files (docs/framework-format.md) into frozen ``Framework`` trees.

Every shape problem of a file is collected and reported at once, each naming
the file, the node code and the field; a file with problems never loads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from thidua.scoring.errors import FrameworkFileError
from thidua.scoring.findings import Finding
from thidua.scoring.kinds import UNIT_KINDS
from thidua.scoring.model import Framework, Node, SourceRef
from thidua.scoring.rules import RULE_KINDS, EventsRule, SpecReader
from thidua.scoring.text import Msg

_TOP_FIELDS = {
    "format",
    "code",
    "version",
    "title",
    "source",
    "applies_to",
    "max_points",
    "max_of",
    "index",
    "findings",
    "nodes",
}
_NODE_FIELDS = {
    "label",
    "title",
    "max",
    "max_text",
    "bonus",
    "method",
    "findings",
    "children",
    "rule",
}
_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def load_framework(path: str | Path) -> Framework:
    """Load and check one framework file; raise FrameworkFileError listing every problem."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise FrameworkFileError(
            str(p),
            [
                _problem(
                    "", "unreadable", f"không đọc được tệp: {exc}", f"cannot read the file: {exc}"
                )
            ],
        ) from exc
    return parse_framework(text, origin=str(p))


def parse_framework(text: str, *, origin: str = "<text>") -> Framework:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FrameworkFileError(
            origin, [_problem("", "bad_yaml", f"YAML không hợp lệ: {exc}", f"invalid YAML: {exc}")]
        ) from exc
    if not isinstance(data, Mapping):
        raise FrameworkFileError(
            origin,
            [
                _problem(
                    "", "bad_shape", "tệp phải là một bảng (mapping)", "the file must be a mapping"
                )
            ],
        )
    return _Builder(origin).build(data)


def _problem(node: str, code: str, vi: str, en: str) -> Finding:
    prefix = f"{node}: " if node else ""
    return Finding("error", code, node, Msg(prefix + vi, prefix + en))


def _decimal(raw: object) -> Decimal | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return None
    try:
        d = Decimal(str(raw))
    except ArithmeticError:
        return None
    return d if d.is_finite() else None


class _Builder:
    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.findings: list[Finding] = []

    def problem(self, node: str, code: str, vi: str, en: str) -> None:
        self.findings.append(_problem(node, code, vi, en))

    def build(self, data: Mapping[str, Any]) -> Framework:
        for key in data:
            if key not in _TOP_FIELDS:
                self.problem(
                    "",
                    "unknown_field",
                    f"trường '{key}' không được dùng",
                    f"field '{key}' is not used",
                )
        if data.get("format", 1) != 1:
            self.problem(
                "",
                "bad_value",
                f"định dạng {data.get('format')!r} không được hỗ trợ (chỉ 1)",
                f"format {data.get('format')!r} is not supported (only 1)",
            )
        code = data.get("code")
        if not isinstance(code, str) or not _CODE_RE.match(code):
            self.problem(
                "",
                "bad_value",
                f"'code' phải gồm chữ thường, số và '-', nhận được {code!r}",
                f"'code' must be lower-case letters, digits and '-', got {code!r}",
            )
            code = "?"
        title = data.get("title")
        if not isinstance(title, str) or not title.strip():
            self.problem("", "missing_field", "thiếu 'title'", "missing 'title'")
            title = ""
        version = data.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problem(
                "",
                "bad_value",
                f"'version' phải là số nguyên dương, nhận được {version!r}",
                f"'version' must be a positive whole number, got {version!r}",
            )
            version = 1
        source = self.source(data.get("source"))
        applies_to = data.get("applies_to", [])
        if not isinstance(applies_to, list) or not applies_to:
            self.problem(
                "",
                "missing_field",
                "'applies_to' phải là danh sách loại đơn vị",
                "'applies_to' must be a list of unit kinds",
            )
            applies_to = []
        for kind in applies_to:
            if kind not in UNIT_KINDS:
                self.problem(
                    "",
                    "unknown_unit_kind",
                    f"loại đơn vị không biết '{kind}' trong 'applies_to'",
                    f"unknown unit kind '{kind}' in 'applies_to'",
                )
        max_points = _decimal(data.get("max_points"))
        if max_points is None or max_points <= 0:
            self.problem(
                "",
                "missing_field",
                f"'max_points' phải là số dương, nhận được {data.get('max_points')!r}",
                f"'max_points' must be a positive number, got {data.get('max_points')!r}",
            )
            max_points = Decimal(1)
        index = data.get("index", False)
        if not isinstance(index, bool):
            self.problem(
                "", "bad_value", "'index' phải là true hoặc false", "'index' must be true or false"
            )
            index = False
        nodes_raw = data.get("nodes")
        nodes: list[Node] = []
        if not isinstance(nodes_raw, list) or not nodes_raw:
            self.problem("", "missing_field", "thiếu danh sách 'nodes'", "missing list 'nodes'")
        else:
            nodes = [
                n
                for n in (
                    self.node(raw, prefix="", position=f"nodes[{i}]")
                    for i, raw in enumerate(nodes_raw, 1)
                )
                if n is not None
            ]
        by_code: dict[str, Node] = {}
        parents: dict[str, str] = {}
        criteria: list[Node] = []
        for top in nodes:
            self.index_tree(top, None, by_code, parents, criteria)
        max_of = data.get("max_of", [n.code for n in nodes])
        if not isinstance(max_of, list) or any(c not in by_code for c in max_of):
            self.problem(
                "",
                "bad_value",
                f"'max_of' phải liệt kê các nhóm có trong bảng, nhận được {max_of!r}",
                f"'max_of' must list groups of the table, got {max_of!r}",
            )
            max_of = [n.code for n in nodes]
        if self.findings:
            raise FrameworkFileError(self.origin, self.findings)
        return Framework(
            code=code,
            version=version,
            title=title.strip(),
            source=source,
            applies_to=tuple(applies_to),
            max_points=max_points,
            max_of=tuple(max_of),
            index=index,
            nodes=tuple(nodes),
            notes=tuple(self.notes("", data.get("findings"))),
            origin=self.origin,
            by_code=by_code,
            criteria=tuple(criteria),
            parents=parents,
        )

    def source(self, raw: object) -> SourceRef:
        if not isinstance(raw, Mapping) or not isinstance(raw.get("document"), str):
            self.problem(
                "",
                "missing_field",
                "'source' cần 'document' (văn bản nguồn)",
                "'source' needs 'document'",
            )
            return SourceRef(document="")
        date = raw.get("date")
        if date is not None and not isinstance(date, dt.date):
            try:
                date = dt.date.fromisoformat(str(date))
            except ValueError:
                self.problem(
                    "",
                    "bad_value",
                    f"'source.date' phải là ngày yyyy-mm-dd, nhận được {date!r}",
                    f"'source.date' must be a yyyy-mm-dd date, got {date!r}",
                )
                date = None
        file = raw.get("file")
        return SourceRef(document=raw["document"], date=date, file=str(file) if file else None)

    def notes(self, node: str, raw: object) -> list[str]:
        if raw is None:
            return []
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            self.problem(
                node,
                "bad_value",
                "'findings' phải là danh sách chuỗi",
                "'findings' must be a list of strings",
            )
            return []
        return list(raw)

    def node(self, raw: object, *, prefix: str, position: str) -> Node | None:
        if not isinstance(raw, Mapping):
            self.problem(
                prefix or position,
                "bad_shape",
                f"{position} phải là một bảng (mapping)",
                f"{position} must be a mapping",
            )
            return None
        label = raw.get("label")
        if isinstance(label, int | float) and not isinstance(label, bool):
            label = str(label)
        if not isinstance(label, str) or not label.strip():
            self.problem(
                prefix or position,
                "missing_field",
                f"{position}: thiếu 'label' (cột TT)",
                f"{position}: missing 'label' (the TT column)",
            )
            return None
        label = label.strip()
        part = "T" if label == "*" else label
        code = f"{prefix}.{part}" if prefix else part
        for key in raw:
            if key not in _NODE_FIELDS:
                self.problem(
                    code,
                    "unknown_field",
                    f"trường '{key}' không được dùng",
                    f"field '{key}' is not used",
                )
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            self.problem(code, "missing_field", "thiếu 'title'", "missing 'title'")
            title = ""
        declared: Decimal | None = None
        if raw.get("max") is not None:
            declared = _decimal(raw["max"])
            if declared is None or declared < 0:
                self.problem(
                    code,
                    "bad_value",
                    f"'max' phải là số không âm, nhận được {raw['max']!r}",
                    f"'max' must be a non-negative number, got {raw['max']!r}",
                )
                declared = None
        bonus = raw.get("bonus", False)
        if not isinstance(bonus, bool):
            self.problem(
                code,
                "bad_value",
                "'bonus' phải là true hoặc false",
                "'bonus' must be true or false",
            )
            bonus = False
        common = {
            "code": code,
            "label": label,
            "title": " ".join(title.split()),
            "declared_max": declared,
            "bonus": bonus,
            "method": raw.get("method") if isinstance(raw.get("method"), str) else None,
            "max_text": raw.get("max_text") if isinstance(raw.get("max_text"), str) else None,
            "notes": tuple(self.notes(code, raw.get("findings"))),
        }
        children_raw = raw.get("children")
        rule_raw = raw.get("rule")
        if children_raw is not None and rule_raw is not None:
            self.problem(
                code,
                "bad_shape",
                "một mục không thể vừa có 'children' vừa có 'rule'",
                "a node cannot have both 'children' and 'rule'",
            )
            return None
        if children_raw is not None:
            if not isinstance(children_raw, list) or not children_raw:
                self.problem(
                    code,
                    "bad_shape",
                    "'children' phải là danh sách không rỗng",
                    "'children' must be a non-empty list",
                )
                return None
            children = [
                c
                for c in (
                    self.node(c, prefix=code, position=f"{code}.children[{i}]")
                    for i, c in enumerate(children_raw, 1)
                )
                if c is not None
            ]
            return Node(children=tuple(children), **common)  # type: ignore[arg-type]
        if rule_raw is None:
            self.problem(
                code,
                "missing_field",
                "tiêu chí cần 'rule' (hoặc mục cần 'children')",
                "a criterion needs a 'rule' (or a section 'children')",
            )
            return None
        rule = self.rule(code, rule_raw, declared)
        if rule is None:
            return None
        node = Node(rule=rule, **common)  # type: ignore[arg-type]
        if node.max_points is None and not node.is_events:
            self.problem(
                code,
                "missing_max",
                "không có điểm tối đa và quy tắc không tự xác định được",
                "no maximum is printed and the rule does not define one",
            )
        return node

    def rule(self, code: str, raw: object, declared: Decimal | None) -> Any:
        if not isinstance(raw, Mapping):
            self.problem(
                code, "bad_shape", "'rule' phải là một bảng (mapping)", "'rule' must be a mapping"
            )
            return None
        kind = raw.get("kind")
        cls = RULE_KINDS.get(str(kind))
        if cls is None:
            known = ", ".join(sorted(RULE_KINDS))
            self.problem(
                code,
                "unknown_rule_kind",
                f"loại quy tắc không biết {kind!r} (có: {known})",
                f"unknown rule kind {kind!r} (known: {known})",
            )
            return None
        reader = SpecReader(raw, node=code, findings=self.findings)
        rule = cls.from_spec(raw, reader)
        # An events row prints its cap in the max column ("20"): the printed figure is the cap.
        if isinstance(rule, EventsRule) and rule.cap is None and declared is not None:
            rule = replace(rule, cap=declared)
        return rule

    def index_tree(
        self,
        node: Node,
        parent: str | None,
        by_code: dict[str, Node],
        parents: dict[str, str],
        criteria: list[Node],
    ) -> None:
        if node.code in by_code:
            self.problem(
                node.code,
                "duplicate_code",
                f"mã '{node.code}' bị lặp",
                f"code '{node.code}' is repeated",
            )
        by_code[node.code] = node
        if parent is not None:
            parents[node.code] = parent
        if node.is_criterion:
            criteria.append(node)
        for child in node.children:
            self.index_tree(child, node.code, by_code, parents, criteria)
