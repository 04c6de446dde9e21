"""The CP-SAT model of an inspection schedule.

One Boolean ``x[p, i]`` per visit ``p`` (a team and a unit it inspects) and
candidate working day ``i`` of the window; ``x[p, i]`` is true when the visit
takes place that day. ``busy[t, i]`` is true when team ``t`` is out that day.
The hard constraints are linear in these (see docs/scheduling.md):

* every visit gets exactly one day;
* a team makes at most its allowed number of visits a day;
* a unit receives at most one visit a day;
* a unit is not inspected on a day a team it leads or sits on is out;
* a unit on two or more teams is never needed by two of them on one day.

Working days, the notice rule, forbidden dates, the teams' unavailable dates
and pins shape each visit's candidate days. In *diagnosis* mode every visit may take any working day of
the window, and each group of constraints is switched on by its own literal so
that CP-SAT can name a small set of groups that cannot hold together.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence

from ortools.sat.python import cp_model

from thidua.scheduling.domains import Domains, Pair
from thidua.scheduling.plan import Plan

#: A group of constraints switched on together in diagnosis mode, e.g.
#: ("capacity", "T1"), ("duty", "phong_tnmt", "T3"), ("pin", "T1", "xa_a").
GroupKey = tuple[str, ...]


class SchedulingModel:
    """A CP-SAT model built from a plan, with handles on its variables."""

    def __init__(
        self,
        plan: Plan,
        domains: Domains,
        *,
        diagnose: bool = False,
        previous: Mapping[Pair, dt.date] | None = None,
    ) -> None:
        self.plan = plan
        self.domains = domains
        self.diagnose = diagnose
        self.days = domains.days
        self.index = {day: i for i, day in enumerate(self.days)}
        self.model = cp_model.CpModel()
        self.x: dict[Pair, dict[int, cp_model.IntVar]] = {}
        self.busy: dict[str, dict[int, cp_model.LinearExpr]] = {}
        self.groups: dict[GroupKey, cp_model.IntVar] = {}
        self.goals: dict[str, cp_model.LinearExpr] = {}
        self._create_visit_vars()
        self._add_capacity()
        self._add_unit_once()
        self._add_duty()
        self._add_two_teams()
        if not diagnose:
            if not previous:
                self._break_symmetry()
            self._add_objective(previous or {})

    # -- helpers -----------------------------------------------------------

    def _literal(self, key: GroupKey) -> cp_model.IntVar | None:
        """Return the enforcement literal of a group (None outside diagnosis)."""
        if not self.diagnose:
            return None
        if key not in self.groups:
            self.groups[key] = self.model.new_bool_var("/".join(key))
        return self.groups[key]

    def groups_literal(self, key: GroupKey) -> cp_model.IntVar:
        """Return the enforcement literal of a group (diagnosis mode only)."""
        literal = self._literal(key)
        assert literal is not None, "group literals exist only in diagnosis mode"
        return literal

    def _add(self, constraint: cp_model.BoundedLinearExpression | bool, key: GroupKey) -> None:
        literal = self._literal(key)
        ct = self.model.add(constraint)
        if literal is not None:
            ct.only_enforce_if(literal)

    def candidate_days(self, pair: Pair) -> Sequence[dt.date]:
        """Return the days the visit may take place on in this model."""
        if self.diagnose:
            return self.days
        pinned = [p.date for p in self.plan.pins if (p.team, p.unit) == pair]
        if pinned:
            return [d for d in self.domains.pair_days[pair] if d == pinned[0]]
        return self.domains.pair_days[pair]

    def inspected_on(
        self, unit: str, i: int, *, except_team: str | None = None
    ) -> list[cp_model.IntVar]:
        """Return the literals 'unit is inspected on day i' (by teams other than except_team)."""
        return [
            self.x[(team.code, unit)][i]
            for team in self.plan.inspectors_of(unit)
            if team.code != except_team and i in self.x[(team.code, unit)]
        ]

    # -- variables and hard constraints -----------------------------------------

    def _create_visit_vars(self) -> None:
        open_days = set(self.domains.open_days)
        for team_code, unit in self.plan.pairs():
            pair = (team_code, unit)
            row = {
                self.index[d]: self.model.new_bool_var(f"x[{team_code},{unit},{d.isoformat()}]")
                for d in self.candidate_days(pair)
            }
            self.x[pair] = row
            self.model.add_exactly_one(row.values())
            if not self.diagnose:
                continue
            forbidden = self.plan.forbidden_dates(unit)
            away = self.plan.unavailable_dates(team_code)
            for i, var in row.items():
                day = self.days[i]
                if day not in open_days:
                    self.model.add_implication(self.groups_literal(("notice",)), ~var)
                if day in forbidden:
                    self.model.add_implication(self.groups_literal(("forbid", unit)), ~var)
                if day in away:
                    self.model.add_implication(self.groups_literal(("away", team_code)), ~var)
            for pin in self.plan.pins:
                if (pin.team, pin.unit) == pair and pin.date in self.index:
                    literal = self.groups_literal(("pin", team_code, unit))
                    self.model.add_implication(literal, row[self.index[pin.date]])
        for team in self.plan.teams:
            self.busy[team.code] = {}
            cap = self.plan.capacity(team)
            for i in range(len(self.days)):
                loads = [
                    self.x[(team.code, u)][i] for u in team.inspects if i in self.x[(team.code, u)]
                ]
                if not loads:
                    continue
                if cap == 1 and not self.diagnose:
                    # At most one visit a day: "out" is the sum itself.
                    self.busy[team.code][i] = cp_model.LinearExpr.sum(loads)
                    continue
                out = self.model.new_bool_var(f"busy[{team.code},{i}]")
                for load in loads:
                    self.model.add_implication(load, out)
                self.model.add(out <= cp_model.LinearExpr.sum(loads))
                self.busy[team.code][i] = out

    def _add_capacity(self) -> None:
        for team in self.plan.teams:
            cap = self.plan.capacity(team)
            for i in range(len(self.days)):
                loads = [
                    self.x[(team.code, u)][i] for u in team.inspects if i in self.x[(team.code, u)]
                ]
                if len(loads) > cap:
                    self._add(cp_model.LinearExpr.sum(loads) <= cap, ("capacity", team.code))

    def _add_unit_once(self) -> None:
        for unit in sorted({u for _, u in self.plan.pairs()}):
            if len(self.plan.inspectors_of(unit)) < 2:
                continue
            for i in range(len(self.days)):
                lits = self.inspected_on(unit, i)
                if len(lits) > 1:
                    self._add(cp_model.LinearExpr.sum(lits) <= 1, ("unit_once", unit))

    def _add_duty(self) -> None:
        for unit in sorted({u for _, u in self.plan.pairs()}):
            for team in self.plan.teams_of(unit):
                for i, out in self.busy[team.code].items():
                    lits = self.inspected_on(unit, i, except_team=team.code)
                    if lits:
                        self._add(
                            cp_model.LinearExpr.sum(lits) + out <= 1, ("duty", unit, team.code)
                        )

    def _add_two_teams(self) -> None:
        done: set[tuple[str, ...]] = set()
        for unit in sorted({u for t in self.plan.teams for u in t.crew}):
            teams = tuple(t.code for t in self.plan.teams_of(unit))
            if len(teams) < 2 or (not self.diagnose and teams in done):
                continue
            done.add(teams)
            for i in range(len(self.days)):
                outs = [self.busy[t][i] for t in teams if i in self.busy[t]]
                if len(outs) > 1:
                    self._add(cp_model.LinearExpr.sum(outs) <= 1, ("two_teams", unit))

    def _add_shared_unit_cuts(self, active: Mapping[str, list[cp_model.IntVar]]) -> None:
        """Tell the solver what counting shows about teams that share a unit.

        Teams sharing a unit are never out on the same day, so if together they
        need N days, one of them is still active on each of the first N open
        days. Redundant, but it closes most of the gap of the LP relaxation.
        """
        offset = self.days.index(self.domains.open_days[0]) if self.domains.open_days else 0
        done: set[tuple[str, ...]] = set()
        for unit in sorted({u for t in self.plan.teams for u in t.crew}):
            teams = tuple(t for t in self.plan.teams_of(unit) if t.code in active)
            codes = tuple(t.code for t in teams)
            if len(teams) < 2 or codes in done:
                continue
            done.add(codes)
            need = sum(-(-len(t.inspects) // self.plan.capacity(t)) for t in teams)
            for i in range(offset, min(offset + need, len(self.days))):
                self.model.add_bool_or([active[c][i] for c in codes])

    def _break_symmetry(self) -> None:
        """Order a team's interchangeable visits by date.

        Units that sit on no team, are inspected by this team only and have no
        forbidden date or pin can swap dates freely without changing any
        constraint or goal; fixing their order prunes those equal schedules.
        """
        crews = {u for t in self.plan.teams for u in t.crew}
        pinned = {p.unit for p in self.plan.pins}
        forbidden = {f.unit for f in self.plan.forbids}
        for team in self.plan.teams:
            plain = [
                u
                for u in team.inspects
                if u not in crews
                and u not in pinned
                and u not in forbidden
                and len(self.plan.inspectors_of(u)) == 1
            ]
            strict = self.plan.capacity(team) == 1
            for a, b in itertools.pairwise(plain):
                first, second = self.day_of((team.code, a)), self.day_of((team.code, b))
                self.model.add(first + 1 <= second if strict else first <= second)

    # -- soft goals -------------------------------------------------------

    def day_of(self, pair: Pair) -> cp_model.LinearExprT:
        """Return the day index of a visit as a linear expression."""
        row = self.x[pair]
        return cp_model.LinearExpr.weighted_sum(list(row.values()), list(row.keys()))

    def _add_objective(self, previous: Mapping[Pair, dt.date]) -> None:
        model, n = self.model, len(self.days)
        # Goal 1: each team's last visit as early as possible. active[t, i] is
        # true on every day up to the team's last visit, so the number of
        # active days is the last visit's index + 1; a team out on day i is
        # active then, which gives the solver a strong bound (n visits at cap a
        # day need n / cap active days).
        actives: list[cp_model.IntVar] = []
        active: dict[str, list[cp_model.IntVar]] = {}
        for team in self.plan.teams:
            if not team.inspects:
                continue
            row: list[cp_model.IntVar] = [
                model.new_bool_var(f"active[{team.code},{i}]") for i in range(n)
            ]
            for i in range(n - 1):
                model.add_implication(row[i + 1], row[i])
            cap = self.plan.capacity(team)
            for i in range(n):
                loads = [
                    self.x[(team.code, u)][i] for u in team.inspects if i in self.x[(team.code, u)]
                ]
                if loads:
                    model.add(cp_model.LinearExpr.sum(loads) <= cap * row[i])
            model.add(cp_model.LinearExpr.sum(row) >= -(-len(team.inspects) // cap))
            actives.extend(row)
            active[team.code] = row
        self._add_shared_unit_cuts(active)
        finish = cp_model.LinearExpr.sum(actives)
        finish_max = len(actives)
        # Goal 2: no day of a team's round heavier than needed (teams allowed >1 a day).
        peaks = []
        spread_max = 0
        for team in self.plan.teams:
            cap = self.plan.capacity(team)
            if cap < 2 or len(team.inspects) < 2:
                continue
            peak = model.new_int_var(1, cap, f"peak[{team.code}]")
            for i in range(n):
                loads = [
                    self.x[(team.code, u)][i] for u in team.inspects if i in self.x[(team.code, u)]
                ]
                if len(loads) > 1:
                    model.add(peak >= cp_model.LinearExpr.sum(loads))
            peaks.append(peak)
            spread_max += cap
        spread = cp_model.LinearExpr.sum(peaks)
        # Goal 3: a unit's visit not on a working day next to a duty day of its own team.
        near: dict[tuple[str, int], cp_model.IntVar] = {}
        penalties = []
        for unit in sorted({u for _, u in self.plan.pairs()}):
            for team in self.plan.teams_of(unit):
                outs = self.busy[team.code]
                for i in range(n):
                    lits = self.inspected_on(unit, i, except_team=team.code)
                    neighbours = [outs[j] for j in (i - 1, i + 1) if j in outs]
                    if not lits or not neighbours:
                        continue
                    key = (team.code, i)
                    if key not in near:
                        flag = model.new_bool_var(f"near[{team.code},{i}]")
                        for out in neighbours:
                            model.add(flag >= out)
                        near[key] = flag
                    z = model.new_bool_var(f"z[{unit},{team.code},{i}]")
                    model.add(z >= cp_model.LinearExpr.sum(lits) + near[key] - 1)
                    penalties.append(z)
        near_duty = cp_model.LinearExpr.sum(penalties)
        near_max = len(penalties)
        # Goal 0 (manual re-planning only): keep the previous dates where possible.
        moved_terms: list[cp_model.LinearExprT] = []
        for pair, day in previous.items():
            if pair not in self.x:
                continue
            at = self.index.get(day)
            if at is not None and at in self.x[pair]:
                moved_terms.append(1 - self.x[pair][at])
            else:
                moved_terms.append(1)
        moved = cp_model.LinearExpr.sum(moved_terms)
        # Lexicographic order through weights: one unit of a goal outweighs
        # everything the goals after it can add up to.
        w3 = 1
        w2 = w3 * (near_max + 1)
        w1 = w2 * (spread_max + 1)
        w0 = w1 * (finish_max + 1)
        self.goals = {"finish": finish, "spread": spread, "near_duty": near_duty}
        if moved_terms:
            self.goals["moved"] = moved
        model.minimize(w0 * moved + w1 * finish + w2 * spread + w3 * near_duty)

    def add_hint(self, dates: Mapping[Pair, dt.date], *, time_limit: float = 2.0) -> None:
        """Suggest a starting point: the given dates for the visits they cover.

        The auxiliary variables (days out, last days, goal counters) are
        completed by a quick solve of a copy of the model with the visits fixed,
        so CP-SAT starts from a complete solution rather than repairing one.
        """
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        for pair, day in dates.items():
            row = self.x.get(pair)
            i = self.index.get(day)
            if row is None or i is None or i not in row:
                continue
            for j, var in row.items():
                self.model.add_hint(var, j == i)
        copy = self.model.clone()
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.fix_variables_to_their_hinted_value = True
        solver.parameters.stop_after_first_solution = True
        if solver.solve(copy) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return
        values = solver.response_proto.solution
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        for index, value in enumerate(values):
            self.model.add_hint(self.model.get_int_var_from_proto_index(index), value)

    # -- reading a solution ------------------------------------------------

    def solution_dates(self, solver: cp_model.CpSolver) -> dict[Pair, dt.date]:
        """Return the day chosen for every visit in the solver's solution."""
        dates: dict[Pair, dt.date] = {}
        for pair, row in self.x.items():
            for i, var in row.items():
                if solver.boolean_value(var):
                    dates[pair] = self.days[i]
                    break
        return dates

    def goal_values(self, solver: cp_model.CpSolver) -> dict[str, int]:
        """Return the value of each soft goal in the solver's solution."""
        return {name: int(solver.value(expr)) for name, expr in self.goals.items()}
