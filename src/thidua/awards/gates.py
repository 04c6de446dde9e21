"""Award eligibility gates: "Riêng các chỉ tiêu sau phải phấn đấu hoàn thành".

A gate compares one appraised result with an explicit operator and
threshold. The result is either a criterion's normalised value from the
scoring core (a Decimal ratio, a count, yes/no) or a named fact of the unit
(``"facts": {"models_registered": 1}``). A result that is missing fails the
gate: a unit is proposed on evidence, never on its absence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from thidua.awards.errors import AwardsError, AwardsInputError
from thidua.awards.model import Gate, Level, Op, ThresholdUsed
from thidua.scoring import Framework, Msg, UnitScore
from thidua.scoring.errors import InputProblem
from thidua.scoring.rules.base import to_decimal
from thidua.scoring.rules.binary import parse_yes_no
from thidua.scoring.rules.ratio import parse_ratio
from thidua.scoring.text import num_en, num_vi

GateValue = Decimal | bool


def compare(op: Op, value: GateValue, threshold: GateValue) -> bool:
    """``value op threshold``; yes/no compares as 1/0."""
    v = Decimal(int(value)) if isinstance(value, bool) else value
    t = Decimal(int(threshold)) if isinstance(threshold, bool) else threshold
    if op == ">":
        return v > t
    if op == ">=":
        return v >= t
    if op == "<":
        return v < t
    if op == "<=":
        return v <= t
    return v == t


@dataclass(frozen=True, slots=True)
class GateResult:
    """One gate applied to one unit."""

    gate: Gate
    value: GateValue | None
    threshold: ThresholdUsed
    passed: bool

    @property
    def explanation(self) -> Msg:
        """The comparison in words: "kết quả 65% không trên 70% → không đạt"."""
        g = self.gate
        need = _threshold_words(g, self.threshold)
        if self.value is None:
            what_vi = f"chỉ tiêu {g.criterion}" if g.criterion else f"dữ kiện '{g.fact}'"
            what_en = f"criterion {g.criterion}" if g.criterion else f"fact '{g.fact}'"
            return Msg(
                f"chưa có kết quả ({what_vi}), cần {need.vi} → không đạt",
                f"no result ({what_en}), needed {need.en} → not met",
            )
        got = _value_words(g, self.value, self.threshold.value)
        if self.passed:
            return Msg(
                f"kết quả {got.vi}, cần {need.vi} → đạt", f"result {got.en}, needed {need.en} → met"
            )
        return Msg(
            f"kết quả {got.vi}, cần {need.vi} → không đạt",
            f"result {got.en}, needed {need.en} → not met",
        )

    def as_dict(self) -> dict[str, object]:
        g = self.gate
        return {
            "gate": g.code,
            "label": g.label,
            "criterion": g.criterion,
            "fact": g.fact,
            "op": g.op,
            "threshold": _json_value(self.threshold.value),
            "value": None if self.value is None else _json_value(self.value),
            "passed": self.passed,
            "explanation": str(self.explanation),
        }


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Every gate of a level applied to one unit."""

    score: UnitScore
    results: tuple[GateResult, ...]

    @property
    def unit(self) -> str:
        return self.score.unit.code

    @property
    def eligible(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failed(self) -> tuple[GateResult, ...]:
        return tuple(r for r in self.results if not r.passed)

    def summary(self) -> Msg:
        """ "Đạt tất cả 9 điều kiện" or the failed gates with their comparisons."""
        if self.eligible:
            n = len(self.results)
            return Msg(f"đạt tất cả {n} điều kiện", f"meets all {n} conditions")
        return Msg(
            "không đạt: " + "; ".join(f"{r.gate.label} ({r.explanation.vi})" for r in self.failed),
            "not met: "
            + "; ".join(
                f"{r.gate.code}: {r.gate.label_en or r.gate.label} ({r.explanation.en})"
                for r in self.failed
            ),
        )


def check_framework(level: Level, framework: Framework) -> None:
    """Raise AwardsError if a gate of ``level`` names a criterion ``framework`` lacks."""
    for g in level.gates:
        if g.criterion is None:
            continue
        node = framework.by_code.get(g.criterion)
        if node is None or node.rule is None:
            raise AwardsError(
                Msg(
                    f"điều kiện {g.code} của cấp {level.code} cần chỉ tiêu {g.criterion}, bảng điểm {framework.code} không có",
                    f"gate {g.code} of level {level.code} needs criterion {g.criterion}, which framework {framework.code} lacks",
                )
            )


def gate_value(gate: Gate, score: UnitScore) -> GateValue | None:
    """The unit's result for this gate (None: none entered); InputProblem if a fact is malformed."""
    if gate.criterion is not None:
        crit = score.criteria.get(gate.criterion)
        raw = None if crit is None else crit.value
        if raw is None:
            return None
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | Decimal):
            return Decimal(raw)
        raise InputProblem(
            Msg(f"kết quả {raw!r} không so sánh được", f"the result {raw!r} cannot be compared")
        )
    assert gate.fact is not None
    fact = score.unit.facts.get(gate.fact)
    if fact is None or (isinstance(fact, str) and not fact.strip()):
        return None
    if gate.display == "percent":
        return parse_ratio(fact)
    if gate.display == "yes_no":
        return parse_yes_no(fact)
    return to_decimal(fact)


def check_unit(level: Level, score: UnitScore) -> Eligibility:
    """Apply every gate of ``level`` to one scored unit; AwardsInputError on a malformed fact."""
    problems: list[Msg] = []
    result = _check(level, score, problems)
    if problems:
        raise AwardsInputError(problems)
    return result


def check_all(level: Level, scores: Iterable[UnitScore]) -> list[Eligibility]:
    """Apply the gates to many units (input order); all-or-nothing on malformed facts."""
    problems: list[Msg] = []
    out = [_check(level, s, problems) for s in scores]
    if problems:
        raise AwardsInputError(problems)
    return out


def _check(level: Level, score: UnitScore, problems: list[Msg]) -> Eligibility:
    results: list[GateResult] = []
    for g in level.gates:
        used = g.threshold_for(score.unit)
        try:
            value = gate_value(g, score)
        except InputProblem as problem:
            problems.append(
                Msg(
                    f"đơn vị {score.unit.code}, dữ kiện '{g.fact}': {problem.msg.vi}",
                    f"unit {score.unit.code}, fact '{g.fact}': {problem.msg.en}",
                )
            )
            value = None
        passed = value is not None and compare(g.op, value, used.value)
        results.append(GateResult(gate=g, value=value, threshold=used, passed=passed))
    return Eligibility(score=score, results=tuple(results))


def _fmt(gate: Gate, value: GateValue, *, places: int = 2) -> Msg:
    if isinstance(value, bool):
        return Msg("có" if value else "không", "yes" if value else "no")
    if gate.display == "percent":
        return Msg(
            num_vi(value * 100, places=places) + "%", num_en(value * 100, places=places) + "%"
        )
    return Msg(num_vi(value), num_en(value))


def _value_words(gate: Gate, value: GateValue, threshold: GateValue) -> Msg:
    """The result, rounded for reading, with more digits when rounding would hide the comparison."""
    shown = _fmt(gate, value)
    if not isinstance(value, bool) and shown == _fmt(gate, threshold) and value != threshold:
        shown = _fmt(gate, value, places=6)
    return shown


def _threshold_words(gate: Gate, used: ThresholdUsed) -> Msg:
    t = _fmt(gate, used.value, places=4)
    if gate.display == "yes_no":
        return t
    text = Msg(f"{gate.op} {t.vi}", f"{gate.op} {t.en}")
    o = used.override
    if o is None:
        return text
    who = o.who()
    base = _fmt(gate, used.base, places=4)
    if o.add is not None:
        add = _fmt(gate, o.add, places=4)
        return Msg(
            f"{text.vi} ({who.vi}: {base.vi} + {add.vi})",
            f"{text.en} ({who.en}: {base.en} + {add.en})",
        )
    return Msg(
        f"{text.vi} ({who.vi}, thay cho {base.vi})", f"{text.en} ({who.en}, instead of {base.en})"
    )


def _json_value(value: GateValue) -> object:
    if isinstance(value, bool):
        return value
    return float(value) if value != value.to_integral_value() else int(value)
