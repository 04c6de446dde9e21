"""A quick day-by-day schedule used as a starting point (hint) for CP-SAT.

Each open day, teams with the fewest visits left go out first if none of their
units is needed elsewhere that day, and each makes as many visits as it may,
preferring the visits that are hardest to place (units on other teams, units
with forbidden dates). The result may leave visits unplaced; CP-SAT repairs and
improves it. It never decides feasibility.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from thidua.scheduling.domains import Domains, Pair
from thidua.scheduling.plan import Plan


def greedy_dates(plan: Plan, domains: Domains) -> dict[Pair, dt.date]:
    """Return a (possibly partial) conflict-free assignment of visit dates."""
    pinned: dict[Pair, dt.date] = {(p.team, p.unit): p.date for p in plan.pins}
    remaining: dict[str, list[str]] = {t.code: list(t.inspects) for t in plan.teams}
    allowed: Mapping[Pair, frozenset[dt.date]] = {
        pair: frozenset([pinned[pair]]) if pair in pinned else frozenset(days)
        for pair, days in domains.pair_days.items()
    }
    crew_units = {u for t in plan.teams for u in t.crew}
    teams_of = {u: {t.code for t in plan.teams_of(u)} for u in crew_units}
    result: dict[Pair, dt.date] = {}
    for day in domains.open_days:
        out: set[str] = set()
        needed: set[str] = set()  # units out with a team or receiving a team today
        # Fewest visits left first: a team close to done finishes, which keeps
        # the sum of the teams' last days low (shortest-job-first).
        order = sorted(plan.teams, key=lambda t: len(remaining[t.code]))
        # Pinned visits of the day go first.
        for team in order:
            for unit in list(remaining[team.code]):
                if pinned.get((team.code, unit)) == day:
                    out.add(team.code)
                    needed.update(team.crew)
                    needed.add(unit)
                    remaining[team.code].remove(unit)
                    result[(team.code, unit)] = day
        for team in order:
            todo = remaining[team.code]
            if not todo:
                continue
            if team.code not in out and any(u in needed for u in team.crew):
                continue
            made = sum(1 for (t, _), d in result.items() if t == team.code and d == day)
            cap = plan.capacity(team)
            candidates = [
                u
                for u in todo
                if day in allowed[(team.code, u)]
                and (team.code, u) not in pinned
                and u not in needed
                and not (teams_of.get(u, set()) & out)
            ]
            candidates.sort(key=lambda u: (u not in crew_units, len(allowed[(team.code, u)])))
            chosen: list[str] = []
            for unit in candidates:
                if made + len(chosen) >= cap:
                    break
                chosen.append(unit)
            if not chosen:
                continue
            out.add(team.code)
            needed.update(team.crew)
            for unit in chosen:
                needed.add(unit)
                todo.remove(unit)
                result[(team.code, unit)] = day
    return result
