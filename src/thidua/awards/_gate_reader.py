"""Reading the gates of an award plan level: criterion or fact, operator, threshold, overrides."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from thidua.awards._fields import Fields, to_decimal
from thidua.awards.model import DISPLAYS, OPS, Display, Gate, GateOverride, Op
from thidua.scoring import Framework
from thidua.scoring.kinds import UNIT_KINDS
from thidua.scoring.text import num_en, num_vi

_GATE = {
    "code",
    "label",
    "label_en",
    "criterion",
    "fact",
    "op",
    "threshold",
    "display",
    "overrides",
    "note",
}
_OVERRIDE = {"unit_kind", "parent_kind", "fact", "equals", "threshold", "add", "reason"}
# Rule kinds whose normalised value is a number or yes/no, so a gate can compare it.
_COMPARABLE = {
    "ratio": "percent",
    "binary": "yes_no",
    "count": "number",
    "tiers": "number",
    "scaled": "number",
}


class GateReader(Fields):
    def gate(
        self, raw: Mapping[str, Any], code: str, where: str, framework: Framework | None
    ) -> Gate | None:
        self.unknown(raw, _GATE, where)
        criterion = raw.get("criterion")
        fact = raw.get("fact")
        if (criterion is None) == (fact is None):
            self.problem(
                where,
                "cần đúng một trong 'criterion' (mã chỉ tiêu) hoặc 'fact' (tên dữ kiện)",
                "exactly one of 'criterion' (a criterion code) or 'fact' (a fact name) is needed",
            )
            return None
        if not isinstance(criterion, str | None) or not isinstance(fact, str | None):
            self.problem(
                where, "'criterion' và 'fact' phải là chuỗi", "'criterion' and 'fact' must be text"
            )
            return None
        op = raw.get("op")
        if op not in OPS:
            self.problem(
                where,
                f"'op' phải là một trong {', '.join(OPS)}, nhận được {op!r}",
                f"'op' must be one of {', '.join(OPS)}, got {op!r}",
            )
            return None
        display = raw.get("display")
        if display is None and criterion is not None and framework is not None:
            node = framework.by_code.get(criterion)
            kind = node.rule.kind if node is not None and node.rule is not None else ""
            display = _COMPARABLE.get(kind, "number")
        if display is None:
            display = "yes_no" if isinstance(raw.get("threshold"), bool) else "number"
        if display not in DISPLAYS:
            self.problem(
                where,
                f"'display' phải là một trong {', '.join(DISPLAYS)}, nhận được {display!r}",
                f"'display' must be one of {', '.join(DISPLAYS)}, got {display!r}",
            )
            return None
        threshold = self.threshold(
            raw.get("threshold"), where, "threshold", cast(Display, display), cast(Op, op)
        )
        if threshold is None:
            return None
        if criterion is not None and framework is not None:
            self.gate_criterion(criterion, where, framework, display)
        overrides = [
            o
            for k, o_raw in enumerate(self.mappings(raw, "overrides", where, required=False))
            if (
                o := self.override(
                    o_raw,
                    f"{where}.overrides[{k}]",
                    threshold,
                    cast(Display, display),
                    cast(Op, op),
                )
            )
            is not None
        ]
        return Gate(
            code=code,
            label=self.text(raw, "label", where),
            label_en=self.text(raw, "label_en", where, required=False),
            op=cast(Op, op),
            threshold=threshold,
            display=cast(Display, display),
            criterion=criterion,
            fact=fact,
            overrides=tuple(overrides),
            note=self.text(raw, "note", where, required=False),
        )

    def gate_criterion(
        self, criterion: str, where: str, framework: Framework, display: str
    ) -> None:
        node = framework.by_code.get(criterion)
        if node is None or node.rule is None:
            self.problem(
                f"{where}.criterion",
                f"bảng điểm {framework.code} không có chỉ tiêu '{criterion}'",
                f"framework {framework.code} has no criterion '{criterion}'",
            )
            return
        if node.rule.kind not in _COMPARABLE:
            self.problem(
                f"{where}.criterion",
                f"chỉ tiêu {criterion} (loại {node.rule.kind}) không có kết quả để so sánh",
                f"criterion {criterion} (kind {node.rule.kind}) has no result a gate can compare",
            )
        elif (node.rule.kind == "binary") != (display == "yes_no"):
            self.problem(
                f"{where}.display",
                f"chỉ tiêu {criterion} loại {node.rule.kind} không hợp với 'display: {display}'",
                f"criterion {criterion} of kind {node.rule.kind} does not fit 'display: {display}'",
            )

    def threshold(
        self, raw: object, where: str, key: str, display: Display, op: Op
    ) -> Decimal | bool | None:
        if raw is None:
            self.problem(where, f"thiếu trường '{key}'", f"field '{key}' is missing")
            return None
        if display == "yes_no":
            if not isinstance(raw, bool) or op != "==":
                self.problem(
                    where,
                    f"điều kiện có/không cần 'op: ==' và '{key}: true' hoặc 'false'",
                    f"a yes/no gate needs 'op: ==' and '{key}: true' or 'false'",
                )
                return None
            return raw
        value = to_decimal(raw)
        if value is None:
            self.problem(
                where,
                f"'{key}' phải là số, nhận được {raw!r}",
                f"'{key}' must be a number, got {raw!r}",
            )
            return None
        if display == "percent" and not (0 <= value <= 1):
            self.problem(
                where,
                f"'{key}' là tỷ lệ nên phải từ 0 đến 1 (0,7 cho 70%), nhận được {num_vi(value)}",
                f"'{key}' is a ratio and must be between 0 and 1 (0.7 for 70%), got {num_en(value)}",
            )
            return None
        return value

    def override(
        self, raw: Mapping[str, Any], where: str, base: Decimal | bool, display: Display, op: Op
    ) -> GateOverride | None:
        self.unknown(raw, _OVERRIDE, where)
        unit_kind = raw.get("unit_kind")
        parent_kind = raw.get("parent_kind")
        fact = raw.get("fact")
        equals = raw.get("equals")
        if unit_kind is None and parent_kind is None and fact is None:
            self.problem(
                where,
                "cần 'unit_kind', 'parent_kind' hoặc 'fact'",
                "'unit_kind', 'parent_kind' or 'fact' is needed",
            )
            return None
        for key, k in (("unit_kind", unit_kind), ("parent_kind", parent_kind)):
            if k is not None and k not in UNIT_KINDS:
                self.problem(
                    where,
                    f"'{key}': loại đơn vị không biết '{k}'",
                    f"'{key}': unknown unit kind '{k}'",
                )
                return None
        if (fact is None) != (equals is None):
            self.problem(
                where, "'fact' và 'equals' phải đi cùng nhau", "'fact' and 'equals' go together"
            )
            return None
        has_threshold = raw.get("threshold") is not None
        if has_threshold == (raw.get("add") is not None):
            self.problem(
                where,
                "cần đúng một trong 'threshold' hoặc 'add'",
                "exactly one of 'threshold' or 'add' is needed",
            )
            return None
        threshold: Decimal | bool | None = None
        add: Decimal | None = None
        if has_threshold:
            threshold = self.threshold(raw.get("threshold"), where, "threshold", display, op)
            if threshold is None:
                return None
        else:
            add = to_decimal(raw.get("add"))
            if add is None or isinstance(base, bool):
                self.problem(
                    where,
                    "'add' phải là số và chỉ dùng cho điều kiện số",
                    "'add' must be a number and fits numeric gates only",
                )
                return None
            if display == "percent" and not (0 <= base + add <= 1):
                self.problem(
                    where,
                    f"{num_vi(base)} + {num_vi(add)} nằm ngoài 0..1",
                    f"{num_en(base)} + {num_en(add)} is outside 0..1",
                )
                return None
        return GateOverride(
            reason=self.text(raw, "reason", where),
            unit_kind=unit_kind,
            parent_kind=parent_kind,
            fact=str(fact) if fact is not None else None,
            equals=str(equals) if equals is not None else None,
            threshold=threshold if isinstance(threshold, Decimal) else None,
            add=add,
        )
