"""What every rule kind provides, and the helpers they share.

A rule kind is one module of this package holding its dataclass, how it is
read from a framework file, how it parses a unit's value, how it computes the
points, how it explains them, and the static checks the validator runs on it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, ClassVar, NamedTuple, Protocol

from thidua.scoring.errors import InputProblem
from thidua.scoring.findings import Finding, Severity
from thidua.scoring.text import Msg

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)


def round_points(value: Decimal) -> Decimal:
    """Half-up to 2 decimals: the one rounding of the product (docs/rounding.md)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class UnitContext:
    """What a rule may know about the unit being scored."""

    code: str
    kind: str | None = None
    parent_kind: str | None = None


class Outcome(NamedTuple):
    """A rule's result for one value, before rounding.

    A NamedTuple rather than a frozen dataclass: it is as immutable, and a
    national run creates half a million of them (bench/bench_scoring.py).

    ``value`` is the normalised input (a Decimal ratio, an int count, an option
    key, a tuple of events...). ``detail`` holds whatever the rule's
    explanation needs (a target and why, a tier); explanations are built only
    when asked for, so scoring a whole country stays fast.
    """

    raw: Decimal
    value: object
    detail: object = None
    warning: Msg | None = None


class Rule(Protocol):
    kind: ClassVar[str]

    def own_max(self) -> Decimal | None:
        """The most this rule can give by itself (None: unbounded or needs the printed max)."""
        ...

    def evaluate(self, value: object, *, max_points: Decimal, unit: UnitContext) -> Outcome:
        """Score one value; raise InputProblem when the value is not acceptable."""
        ...

    def explain(self, outcome: Outcome, *, points: Decimal, max_points: Decimal | None) -> Msg:
        """The arithmetic in words, ending with the rounded points."""
        ...

    def describe(self, max_points: Decimal | None) -> Msg:
        """The rule in words, for listings ("tỷ lệ x điểm tối đa, chỉ tiêu 70%")."""
        ...

    def check(self, *, node: str, max_points: Decimal | None) -> list[Finding]:
        """Static findings about this rule (unreachable maximum, tier gaps...)."""
        ...


class SpecReader:
    """Reads fields of one node's rule spec, collecting shape problems as findings."""

    def __init__(self, spec: Mapping[str, Any], *, node: str, findings: list[Finding]) -> None:
        self.spec = spec
        self.node = node
        self.findings = findings

    def problem(self, code: str, vi: str, en: str, severity: Severity = "error") -> None:
        self.findings.append(
            Finding(severity, code, self.node, Msg(f"{self.node}: {vi}", f"{self.node}: {en}"))
        )

    def decimal(
        self,
        field: str,
        *,
        required: bool = False,
        default: Decimal | None = None,
        check: Callable[[Decimal], bool] | None = None,
        expect_vi: str = "",
        expect_en: str = "",
        spec: Mapping[str, Any] | None = None,
        label: str = "",
    ) -> Decimal | None:
        source = self.spec if spec is None else spec
        where = f"{label}'{field}'" if label else f"'{field}'"
        if field not in source or source[field] is None:
            if required:
                self.problem("missing_field", f"thiếu trường {where}", f"missing field {where}")
            return default
        raw = source[field]
        try:
            if isinstance(raw, bool):
                raise InvalidOperation
            value = Decimal(str(raw))
            if not value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.problem(
                "bad_value",
                f"trường {where} phải là số, nhận được {raw!r}",
                f"field {where} must be a number, got {raw!r}",
            )
            return default
        if check is not None and not check(value):
            self.problem(
                "bad_value",
                f"trường {where} phải {expect_vi}, nhận được {raw}",
                f"field {where} must be {expect_en}, got {raw}",
            )
            return default
        return value

    def text(
        self,
        field: str,
        *,
        required: bool = False,
        spec: Mapping[str, Any] | None = None,
        label: str = "",
    ) -> str | None:
        source = self.spec if spec is None else spec
        where = f"{label}'{field}'" if label else f"'{field}'"
        raw = source.get(field)
        if raw is None:
            if required:
                self.problem("missing_field", f"thiếu trường {where}", f"missing field {where}")
            return None
        if not isinstance(raw, str | int) or isinstance(raw, bool):
            self.problem(
                "bad_value", f"trường {where} phải là chuỗi", f"field {where} must be text"
            )
            return None
        return str(raw)

    def mappings(self, field: str, *, required: bool = True) -> list[Mapping[str, Any]]:
        raw = self.spec.get(field)
        if raw is None:
            if required:
                self.problem(
                    "missing_field", f"thiếu danh sách '{field}'", f"missing list '{field}'"
                )
            return []
        if not isinstance(raw, list) or not all(isinstance(x, Mapping) for x in raw):
            self.problem(
                "bad_value",
                f"'{field}' phải là danh sách các mục",
                f"'{field}' must be a list of entries",
            )
            return []
        return list(raw)

    def unknown_fields(self, allowed: set[str]) -> None:
        for key in self.spec:
            if key not in allowed:
                self.problem(
                    "unknown_field",
                    f"trường '{key}' không được dùng cho quy tắc này",
                    f"field '{key}' is not used by this rule",
                )


def is_fraction(d: Decimal) -> bool:
    return ZERO <= d <= ONE


def to_decimal(value: object) -> Decimal:
    """A number from JSON/CSV/XLSX input; accepts "0,5" as well as "0.5"; raises InputProblem."""
    t = type(value)
    if t is int:  # the common cases first: exact type checks are cheap
        return Decimal(value)  # type: ignore[arg-type]
    if t is Decimal or t is float:
        d0 = value if isinstance(value, Decimal) else Decimal(repr(value))
        if d0.is_finite():
            return d0
    if isinstance(value, bool):
        raise InputProblem(
            Msg(f"cần một số, nhận được {value!r}", f"a number is needed, got {value!r}")
        )
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            d = Decimal(text)
        except InvalidOperation:
            raise InputProblem(
                Msg(f"'{value}' không phải là số", f"'{value}' is not a number")
            ) from None
    else:
        raise InputProblem(
            Msg(f"cần một số, nhận được {value!r}", f"a number is needed, got {value!r}")
        )
    if not d.is_finite():
        raise InputProblem(Msg(f"'{value}' không phải là số", f"'{value}' is not a number"))
    return d


def to_count(value: object) -> int:
    """A non-negative whole number; raises InputProblem."""
    d = to_decimal(value)
    if d != d.to_integral_value():
        raise InputProblem(
            Msg(
                f"số lượng phải là số nguyên, nhận được {value}",
                f"a count must be a whole number, got {value}",
            )
        )
    if d < 0:
        raise InputProblem(
            Msg(
                f"số lượng không được âm, nhận được {value}",
                f"a count cannot be negative, got {value}",
            )
        )
    return int(d)
