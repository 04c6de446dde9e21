"""``tiers``: "≥ 12 bài: điểm tối đa; 8-11: 75%; 5-7: 50%" — the fraction of the tier hit.

Each tier has optional bounds ``gt``/``gte`` (lower) and ``lt``/``lte``
(upper). The input domain is the non-negative integers (``domain: integer``,
the default, for counts of articles, meetings...) or the non-negative reals
(``domain: number``). The first matching tier wins; a value in no tier scores 0
with a warning (the sources really have such gaps, DESIGN §3.5), and the
validator reports gaps and overlaps over the whole domain.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, Literal

from thidua.scoring.errors import InputProblem
from thidua.scoring.findings import Finding
from thidua.scoring.rules.base import (
    ZERO,
    Outcome,
    SpecReader,
    UnitContext,
    is_fraction,
    to_decimal,
)
from thidua.scoring.text import Msg, num_en, num_vi, pct_en, pct_vi

INF = Decimal("Infinity")


@dataclass(frozen=True, slots=True)
class Tier:
    fraction: Decimal
    gt: Decimal | None = None
    gte: Decimal | None = None
    lt: Decimal | None = None
    lte: Decimal | None = None

    def contains(self, x: Decimal) -> bool:
        return (
            (self.gt is None or x > self.gt)
            and (self.gte is None or x >= self.gte)
            and (self.lt is None or x < self.lt)
            and (self.lte is None or x <= self.lte)
        )

    def words(self) -> str:
        """The tier's interval in Vietnamese ("8–11", "≥ 12", "< 1")."""
        return self._words(num_vi, "và", "mọi giá trị")

    def words_en(self) -> str:
        return self._words(num_en, "and", "any value")

    def _words(self, num: Callable[[Decimal], str], conj: str, anything: str) -> str:
        if self.gte is not None and self.lte is not None:
            return f"{num(self.gte)}–{num(self.lte)}"
        lo = (
            f"≥ {num(self.gte)}"
            if self.gte is not None
            else f"> {num(self.gt)}"
            if self.gt is not None
            else ""
        )
        hi = (
            f"≤ {num(self.lte)}"
            if self.lte is not None
            else f"< {num(self.lt)}"
            if self.lt is not None
            else ""
        )
        return f" {conj} ".join(p for p in (lo, hi) if p) or anything


@dataclass(frozen=True, slots=True)
class TiersRule:
    kind: ClassVar[str] = "tiers"
    tiers: tuple[Tier, ...] = ()
    domain: Literal["integer", "number"] = "integer"

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], reader: SpecReader) -> TiersRule:
        reader.unknown_fields({"kind", "tiers", "domain"})
        domain = spec.get("domain", "integer")
        if domain not in ("integer", "number"):
            reader.problem(
                "bad_value",
                f"'domain' phải là integer hoặc number, nhận được {domain!r}",
                f"'domain' must be integer or number, got {domain!r}",
            )
            domain = "integer"
        tiers: list[Tier] = []
        for i, t in enumerate(reader.mappings("tiers"), start=1):
            label = f"tiers[{i}]."
            extra = set(t) - {"gt", "gte", "lt", "lte", "fraction", "label"}
            if extra:
                reader.problem(
                    "unknown_field",
                    f"{label} trường không dùng: {sorted(extra)}",
                    f"{label} unused fields: {sorted(extra)}",
                )
            frac = reader.decimal(
                "fraction",
                required=True,
                spec=t,
                label=label,
                check=is_fraction,
                expect_vi="từ 0 đến 1",
                expect_en="between 0 and 1",
            )
            bounds = {k: reader.decimal(k, spec=t, label=label) for k in ("gt", "gte", "lt", "lte")}
            if (bounds["gt"] is not None and bounds["gte"] is not None) or (
                bounds["lt"] is not None and bounds["lte"] is not None
            ):
                reader.problem(
                    "bad_value",
                    f"{label} chỉ dùng một cận dưới và một cận trên",
                    f"{label} use one lower and one upper bound",
                )
            if frac is not None:
                tiers.append(Tier(frac, **bounds))
        if not tiers and "tiers" in spec:
            reader.problem("missing_field", "cần ít nhất một bậc", "at least one tier is needed")
        return cls(tiers=tuple(tiers), domain=domain)

    def own_max(self) -> Decimal | None:
        return None

    def evaluate(self, value: object, *, max_points: Decimal, unit: UnitContext) -> Outcome:
        x = to_decimal(value)
        if x < 0:
            raise InputProblem(
                Msg(
                    f"giá trị không được âm, nhận được {value}",
                    f"the value cannot be negative, got {value}",
                )
            )
        if self.domain == "integer" and x != x.to_integral_value():
            raise InputProblem(
                Msg(
                    f"cần một số nguyên, nhận được {value}",
                    f"a whole number is needed, got {value}",
                )
            )
        for tier in self.tiers:
            if tier.contains(x):
                return Outcome(raw=tier.fraction * max_points, value=x, detail=tier)
        return Outcome(
            raw=ZERO,
            value=x,
            detail=None,
            warning=Msg(
                f"giá trị {num_vi(x)} không thuộc bậc nào của cách tính điểm: tính 0 điểm",
                f"value {num_en(x)} falls in no tier of the scoring rule: scored 0",
            ),
        )

    def explain(self, outcome: Outcome, *, points: Decimal, max_points: Decimal | None) -> Msg:
        x = outcome.value
        assert isinstance(x, Decimal)
        tier = outcome.detail
        m = max_points if max_points is not None else ZERO
        if not isinstance(tier, Tier):
            return Msg(
                f"{num_vi(x)}: không thuộc bậc nào → 0 điểm",
                f"{num_en(x)}: in no tier → 0 points",
            )
        return Msg(
            f"{num_vi(x)} thuộc bậc {tier.words()}: {pct_vi(tier.fraction)} × {num_vi(m)} = {num_vi(points)} điểm",
            f"{num_en(x)} is in tier {tier.words_en()}: {pct_en(tier.fraction)} × {num_en(m)} = {num_en(points)} points",
        )

    def describe(self, max_points: Decimal | None) -> Msg:
        return Msg(
            "; ".join(f"{t.words()}: {pct_vi(t.fraction)}" for t in self.tiers),
            "; ".join(f"{t.words_en()}: {pct_en(t.fraction)}" for t in self.tiers),
        )

    def check(self, *, node: str, max_points: Decimal | None) -> list[Finding]:
        findings: list[Finding] = []
        gaps, overlaps = (
            _integer_coverage(self.tiers)
            if self.domain == "integer"
            else _number_coverage(self.tiers)
        )
        for vi, en in gaps:
            findings.append(
                Finding(
                    "warning",
                    "tier_gap",
                    node,
                    Msg(f"{node}: không bậc nào bao gồm {vi}", f"{node}: no tier covers {en}"),
                )
            )
        for vi, en in overlaps:
            findings.append(
                Finding(
                    "error",
                    "tier_overlap",
                    node,
                    Msg(f"{node}: hai bậc cùng bao gồm {vi}", f"{node}: two tiers both cover {en}"),
                )
            )
        if self.tiers and max(t.fraction for t in self.tiers) < 1:
            findings.append(
                Finding(
                    "warning",
                    "unreachable_max",
                    node,
                    Msg(
                        f"{node}: không bậc nào đạt điểm tối đa",
                        f"{node}: no tier reaches the maximum",
                    ),
                )
            )
        return findings


def _int_interval(t: Tier) -> tuple[int, float] | None:
    """The tier as a closed interval of non-negative integers, or None if empty."""
    lo = 0
    if t.gte is not None:
        lo = max(lo, math.ceil(t.gte))
    if t.gt is not None:
        lo = max(lo, math.floor(t.gt) + 1)
    hi: float = math.inf
    if t.lte is not None:
        hi = math.floor(t.lte)
    if t.lt is not None:
        hi = min(hi, math.ceil(t.lt) - 1)
    return (lo, hi) if lo <= hi else None


def _int_range_words(lo: int, hi: float) -> tuple[str, str]:
    if hi == math.inf:
        return f"các giá trị ≥ {lo}", f"values ≥ {lo}"
    if lo == hi:
        return f"giá trị {lo}", f"the value {lo}"
    return f"các giá trị {lo}–{int(hi)}", f"values {lo}–{int(hi)}"


def _integer_coverage(
    tiers: tuple[Tier, ...],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    intervals = sorted(i for i in (_int_interval(t) for t in tiers) if i is not None)
    gaps: list[tuple[str, str]] = []
    overlaps: list[tuple[str, str]] = []
    cursor: float = 0  # the smallest integer not yet covered
    for lo, hi in intervals:
        if lo > cursor:
            gaps.append(_int_range_words(int(cursor), lo - 1))
        if lo < cursor:
            overlaps.append(_int_range_words(lo, min(hi, cursor - 1)))
        cursor = max(cursor, hi + 1)
    if cursor != math.inf:
        gaps.append(_int_range_words(int(cursor), math.inf))
    return gaps, overlaps


def _number_coverage(
    tiers: tuple[Tier, ...],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    # Bounds as (value, closed). A tier is [lower, upper] with open/closed ends.
    spans: list[tuple[Decimal, bool, Decimal, bool]] = []
    for t in tiers:
        lv, lc = (
            (t.gte, True)
            if t.gte is not None
            else (t.gt, False)
            if t.gt is not None
            else (ZERO, True)
        )
        uv, uc = (
            (t.lte, True)
            if t.lte is not None
            else (t.lt, False)
            if t.lt is not None
            else (INF, False)
        )
        assert lv is not None and uv is not None
        if lv < 0:
            lv, lc = ZERO, True
        if lv > uv or (lv == uv and not (lc and uc)):
            continue
        spans.append((lv, not lc, uv, uc))  # sort closed lower bounds first
    spans.sort()
    gaps: list[tuple[str, str]] = []
    overlaps: list[tuple[str, str]] = []
    cur_v, cur_closed = ZERO, False  # everything below cur_v covered; cur_v itself if cur_closed
    for lv, l_open, uv, uc in spans:
        lc = not l_open
        if lv > cur_v or (lv == cur_v and not cur_closed and not lc):
            left = "[" if not cur_closed else "("
            right = ")" if lc else "]"
            words = f"{left}{num_vi(cur_v)}; {num_vi(lv)}{right}"
            gaps.append((words, words.replace(",", ".")))
        elif lv < cur_v or (lv == cur_v and cur_closed and lc):
            words = f"{num_vi(lv)}"
            overlaps.append((f"giá trị từ {words}", f"values from {num_en(lv)}"))
        if uv > cur_v or (uv == cur_v and uc):
            cur_v, cur_closed = uv, uc
    if cur_v != INF:
        left = "(" if cur_closed else "["
        gaps.append((f"{left}{num_vi(cur_v)}; ∞)", f"{left}{num_en(cur_v)}; ∞)"))
    return gaps, overlaps
