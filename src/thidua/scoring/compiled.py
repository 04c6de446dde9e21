"""Compiled criteria: the fast path of scoring, with the rules as the reference.

For one framework and one kind of unit (its ``kind`` and its parent's
``kind``, which is all a rule may read of a unit), every criterion is turned
once into a small function ``fast(value) -> cents | None``: the criterion's
*rounded* points, as a whole number of cents, for the usual inputs, or
``None`` when it does not know the answer. The engine then runs the rule
itself (``Rule.evaluate``, the reference), which scores the value or raises
its input error. A fast function never raises and never decides anything the
reference would not:

* **ratio**, ``{"numerator": n, "denominator": d}`` with int ``0 <= n <= d``:
  exact integer arithmetic. The reference computes ``n ÷ d × max ÷ target``
  with three roundings to 28 significant digits, then rounds half-up to the
  cent. Its error is below 2e-27 of the value; unless the exact value is a
  half cent, the exact value is at least ``1 ÷ (2·d·max_den·target_num)`` of
  a cent away from a rounding boundary, and ``d`` is bounded so that this gap
  dwarfs the error: both round to the same cent. An exact half cent (and
  anything outside the bounds) is left to the reference. The test
  ``ratio ≥ target`` agrees too: ``n ÷ d`` rounds to the target only if it
  equals it, and then the division is exact.
* **events**, a list of plain ``{"kind", "count"}`` / ``{"kind", "points"}``
  dicts: the rule's sum of ``count × each``, clipped to the cap, is exact in
  Decimal for bounded figures (far below 28 digits), so it is the same
  integer sum of cents.
* **any rule kind**, a ``str``, ``int`` or ``bool`` value: the points the
  reference gave the same value before (a small memo per criterion and kind
  of unit). The built-in rules are pure functions of the value for a given
  criterion and kind of unit, so equal values of these types get identical
  points. Values with a warning or an error are never memoised.

Cents become Decimals through :data:`CENTS`, whose item ``c`` is exactly what
``quantize(Decimal("0.01"), ROUND_HALF_UP)`` returns for ``c`` hundredths
(exponent −2; zero is +0.00, so a rounded −0.00 is never memoised).

All this holds under the default Decimal context (28 digits, half-even,
inexact results not trapped); the engine uses the reference alone under any
other context (:func:`default_context`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Decimal,
    Inexact,
    Rounded,
    getcontext,
)

from thidua.scoring.rules import (
    BinaryRule,
    ChoiceRule,
    CountRule,
    EventsRule,
    RatioRule,
    Rule,
    ScaledRule,
    TiersRule,
    UnitContext,
)
from thidua.scoring.rules.base import CENT

Fast = Callable[[object], int | None]

K = 10_000  # cents: CENTS covers -100.00 .. 100.00 points; fast functions stay within it
# Item c is c hundredths for 0 <= c <= K and, through Python's negative indexing, for
# -K <= c < 0 as well (the negative half is stored last). About 2 MiB, built in ~5 ms.
CENTS: tuple[Decimal, ...] = tuple(Decimal(c).scaleb(-2) for c in (*range(K + 1), *range(-K, 0)))


def decimal_cents(c: int) -> Decimal:
    """``c`` hundredths, as the rounding returns them (+0.00 for 0)."""
    return CENTS[c] if -K <= c <= K else Decimal(c).scaleb(-2)


def cents_of(points: Decimal) -> int | None:
    """The cents of a rounded figure that CENTS gives back identically (None: it would not)."""
    if not points.is_finite() or points.as_tuple().exponent != -2:
        return None
    c = int(points.scaleb(2))
    if not -K <= c <= K or (c == 0 and points.is_signed()):
        return None
    return c


# Rule classes whose ``evaluate`` is a pure function of (value, max, unit kind, parent kind).
_PURE_RULES = (BinaryRule, RatioRule, CountRule, TiersRule, ChoiceRule, ScaledRule, EventsRule)
# Value types memoised by equality: equal values of these types are the same input.
# (Not float: 0.0 == -0.0 but "-0.0" can give Decimal("-0.00"). Not Decimal: the same,
# and a signalling NaN cannot be hashed.)
_MEMO_TYPES = (str, int, bool)
MEMO_SIZE = 256  # per criterion, kind of unit and value type: options, counts, "85%"…


def default_context() -> bool:
    """Whether the current Decimal context is the one the fast path was proven under."""
    c = getcontext()
    return (
        c.prec == 28
        and c.rounding == ROUND_HALF_EVEN
        and c.clamp == 0
        and MIN_EMIN <= c.Emin <= -999_999
        and 999_999 <= c.Emax <= MAX_EMAX
        and not c.traps[Inexact]
        and not c.traps[Rounded]
    )


class Memo:
    """Points (cents) the reference gave plain values, per value type."""

    __slots__ = ("by_type",)

    def __init__(self) -> None:
        self.by_type: dict[type, dict[object, int]] = {t: {} for t in _MEMO_TYPES}

    def remember(self, value: object, points: Decimal) -> None:
        table = self.by_type.get(type(value))
        if table is not None and len(table) < MEMO_SIZE:
            c = cents_of(points)
            if c is not None:
                table[value] = c


def compile_criterion(
    rule: Rule, max_points: Decimal, unit: UnitContext
) -> tuple[Fast, Memo | None]:
    """The fast function of one criterion for units like ``unit``, and its memo (None: no memo)."""
    if type(rule) not in _PURE_RULES:
        return _never, None
    memo = Memo()
    fast: Fast | None = None
    if isinstance(rule, RatioRule):
        fast = _ratio(rule, max_points, unit, memo)
    elif isinstance(rule, EventsRule):
        fast = _events(rule, memo)
    return (fast or _memo_only(memo)), memo


def _never(value: object) -> int | None:
    return None


def _memo_only(memo: Memo) -> Fast:
    get_table = memo.by_type.get

    def fast(value: object) -> int | None:
        table = get_table(type(value))
        return table.get(value) if table is not None else None

    return fast


def _plain(d: Decimal) -> bool:
    """A finite, non-negative (and not -0) figure of at most 12 digits."""
    return d.is_finite() and not d.is_signed() and len(d.as_tuple().digits) <= 12


def _ratio(rule: RatioRule, max_points: Decimal, unit: UnitContext, memo: Memo) -> Fast | None:
    if not (_plain(max_points) and max_points * 100 <= K):
        return None
    m_num, m_den = max_points.as_integer_ratio()
    if rule.basis == "raw":
        t_num, t_den = 1, 1
        capped = False
    else:
        target = rule.target_for(unit).target
        if not (_plain(target) and target > 0):
            return None
        t_num, t_den = target.as_integer_ratio()
        capped = True
    if max(m_num, m_den, t_num, t_den) > 10**9:
        return None
    # points = n·m_num·t_den ÷ (d·m_den·t_num); in cents, rounded half-up:
    # floor((200·n·m_num·t_den + d·m_den·t_num) ÷ (2·d·m_den·t_num)), a half cent when the
    # division is exact.
    p = 200 * m_num * t_den
    q = m_den * t_num
    q2 = 2 * q
    # The gap to a rounding boundary, at least 1 ÷ (2·d·q) of a cent, must dwarf the
    # reference's error, below 2e-27 of the value (2e-25 × max, in cents): with
    # d·q·(max + 1) ≤ 1e21 the gap is over 2,000 times the error.
    # d is also kept below 2**30, so that comparing it is cheap (any larger one goes to the rule).
    d_limit = min(2**30 - 1, 10**21 // (q * (m_num // m_den + 1)))
    if d_limit < 10**6:
        return None
    full = cents_of(max_points.quantize(CENT, ROUND_HALF_UP))
    if full is None:
        return None
    get_table = memo.by_type.get

    if capped:

        def fast(value: object) -> int | None:
            if type(value) is dict:
                n = value.get("numerator")
                d = value.get("denominator")
                if type(n) is int and type(d) is int and 0 <= n <= d <= d_limit and d:
                    if n * t_den >= d * t_num:  # the ratio meets the target
                        return full
                    c, r = divmod(n * p + d * q, d * q2)
                    if r:
                        return c
                return None
            table = get_table(type(value))
            return table.get(value) if table is not None else None

    else:

        def fast(value: object) -> int | None:
            if type(value) is dict:
                n = value.get("numerator")
                d = value.get("denominator")
                if type(n) is int and type(d) is int and 0 <= n <= d <= d_limit and d:
                    c, r = divmod(n * p + d * q, d * q2)
                    if r:
                        return c
                return None
            table = get_table(type(value))
            return table.get(value) if table is not None else None

    return fast


def _cents_exact(d: Decimal | None) -> int | None:
    """``d`` in cents, if it is a whole number of cents of at most 1e10 points (else None)."""
    if d is None or not d.is_finite() or abs(d) > 10**10:
        return None
    c = d * 100
    return int(c) if c == c.to_integral_value() else None


def _events(rule: EventsRule, memo: Memo) -> Fast | None:
    # Each kind as (cents per occurrence, or None when ranged; the range in cents).
    kinds: dict[str, tuple[int | None, int, int]] = {}
    for k in rule.kinds:
        if type(k.key) is not str:
            return None
        each, lo, hi = (
            _cents_exact(k.points),
            _cents_exact(k.min_points),
            _cents_exact(k.max_points),
        )
        if k.points is not None and each is None:
            return None
        if k.points is None and (lo is None or hi is None):
            return None
        kinds.setdefault(k.key, (each, lo or 0, hi or 0))  # the first kind of a key wins
    cap = _cents_exact(rule.cap)
    if rule.cap is not None and (cap is None or cap < 0):
        return None
    capped = cap is not None
    high = cap if cap is not None else 0
    low = -high  # (the rule's -cap is +0 for a cap of 0, like this one)
    get_table = memo.by_type.get

    # The rule sums count × each in Decimal from ZERO, clips to the cap and rounds. With at
    # most 1,000 entries of at most 1e9 × 1e10 points, every step is exact and a whole
    # number of cents, so it is this integer sum; a zero sum is +0 there (ZERO + -0 is +0).
    def fast(value: object) -> int | None:
        if type(value) is not list:
            table = get_table(type(value))
            return table.get(value) if table is not None else None
        if len(value) > 1000:
            return None
        total = 0
        for entry in value:
            if type(entry) is not dict:
                return None
            key = entry.get("kind")
            if type(key) is not str:
                return None
            kind = kinds.get(key)
            if kind is None:
                return None
            count = entry.get("count")
            if count is None:
                count = 1
            elif type(count) is not int or not 0 <= count <= 1_000_000_000:
                return None
            given = entry.get("points")
            each, lo, hi = kind
            if each is None:  # ranged: the appraiser's points per occurrence, within the range
                if type(given) is not int or not lo <= given * 100 <= hi:
                    return None
                each = given * 100
            elif given is not None:
                return None
            total += count * each
        if capped:
            if total > high:
                total = high
            elif total < low:
                total = low
        return total if -K <= total <= K else None

    return fast
