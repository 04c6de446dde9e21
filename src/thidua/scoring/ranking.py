"""Ranking units of one level: equal figures share a rank (1, 2, 2, 4).

Units are ordered by total, then by each explicit tie-breaker in turn (codes
of groups, sections or criteria, higher first; a deduction group such as C
is negative, so "higher" means "fewer deductions"), then by unit code for a
stable listing. Units share a rank only when the total and every tie-breaker
are equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from operator import itemgetter

from thidua.scoring.evaluate import UnitScore
from thidua.scoring.model import Framework
from thidua.scoring.text import Msg


class TieBreakerError(ValueError):
    def __init__(self, msg: Msg) -> None:
        super().__init__(str(msg))
        self.msg = msg


def check_tie_breakers(framework: Framework, tie_breakers: Sequence[str]) -> None:
    for code in tie_breakers:
        if code != "total" and code not in framework.by_code:
            raise TieBreakerError(
                Msg(
                    f"tiêu chí phụ '{code}' không có trong bảng điểm {framework.code}",
                    f"tie-breaker '{code}' is not in framework {framework.code}",
                )
            )


def rank(scores: Iterable[UnitScore], *, tie_breakers: Sequence[str] = ()) -> list[UnitScore]:
    """Return the scores in rank order with ``rank`` set."""
    if tie_breakers:

        def key(s: UnitScore) -> tuple[Decimal, ...]:
            return (s.total, *[s.subtotal(c) for c in tie_breakers])

        keyed = [(key(s), s) for s in scores]
    else:
        keyed = [((s.total,), s) for s in scores]
    keyed.sort(key=_unit_code)
    keyed.sort(key=_figures, reverse=True)  # stable: equal figures stay in code order
    out: list[UnitScore] = []
    append = out.append
    previous: tuple[Decimal, ...] | None = None
    current = 0
    for position, (k, s) in enumerate(keyed, start=1):
        if k != previous:
            current = position
            previous = k
        append(s.with_rank(current))
    return out


def _unit_code(keyed: tuple[tuple[Decimal, ...], UnitScore]) -> str:
    return keyed[1].unit.code


_figures = itemgetter(0)
