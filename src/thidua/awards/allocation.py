"""Quota allocation: who of a level is proposed for which award form, and why.

The algorithm is written up in docs/awards.md. In short, for one level:

1. score and rank every unit on the level's framework (the scoring core);
2. apply the gates; units that fail one are out;
3. nominate per parent by rank among eligible units (``per_parent`` each),
   then give extra nominations to the best runners-up, at most
   ``extra_per_parent`` per parent, until the nominees fill the level's
   places; a level without a nomination rule nominates every eligible unit;
4. walk the nominees in rank order, giving the level's places of the highest
   form first, then the next form; nominees beyond the places get nothing.

One total order decides everything: total, then each tie-breaker (higher
first), then unit code. Units equal on total and every tie-breaker share a
rank; when the unit code decided between them, the reason says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import islice
from typing import Literal

from thidua.awards.errors import AwardsError, AwardsInputError
from thidua.awards.gates import Eligibility, check_all, check_framework
from thidua.awards.model import AwardForm, AwardPlan, Level
from thidua.scoring import (
    Framework,
    Msg,
    TieBreakerError,
    UnitInput,
    UnitScore,
    resolve,
    score_and_rank,
)
from thidua.scoring.errors import FrameworkFileError
from thidua.scoring.kinds import UNIT_KINDS
from thidua.scoring.text import num_en, num_vi

Status = Literal["proposed", "gate_failed", "not_nominee", "quota_exhausted"]
NominationKind = Literal["base", "extra", "open"]
_Outcome = tuple[Status, str | None, NominationKind | None]  # status, form, how nominated


@dataclass(frozen=True, slots=True)
class Tie:
    """Two units with the same total but different outcomes, and what separated them."""

    other: str
    ahead: bool
    decided_by: str  # a tie-breaker code, or "unit_code"
    values: tuple[Decimal, Decimal] | None = None  # (this unit, other) on that tie-breaker

    def describe(self, total: Decimal, *, has_tie_breakers: bool) -> Msg:
        if self.values is not None:
            mine, theirs = self.values
            return Msg(
                f"bằng tổng điểm {num_vi(total)} với {self.other}, phân định bằng tiêu chí phụ {self.decided_by}: "
                f"{num_vi(mine)} so với {num_vi(theirs)}",
                f"same total {num_en(total)} as {self.other}, decided by tie-breaker {self.decided_by}: "
                f"{num_en(mine)} vs {num_en(theirs)}",
            )
        and_vi = " và các tiêu chí phụ" if has_tie_breakers else ""
        and_en = " and tie-breakers" if has_tie_breakers else ""
        return Msg(
            f"đồng hạng với {self.other} (bằng tổng điểm{and_vi}), xếp {'trên' if self.ahead else 'sau'} theo mã đơn vị",
            f"tied with {self.other} (same total{and_en}), placed {'ahead' if self.ahead else 'behind'} by unit code",
        )


@dataclass(frozen=True, slots=True)
class Decision:
    """What happened to one unit of the level."""

    unit: str
    name: str
    parent: str | None
    status: Status
    total: Decimal
    rank_overall: int  # rank among all units of the level (the scoring core's rank)
    unit_count: int
    reason: Msg
    form: str | None = None
    rank: int | None = None  # rank among the nominees (equal figures share a rank)
    nominee_count: int = 0
    nomination: NominationKind | None = None
    failed_gates: tuple[str, ...] = ()
    ties: tuple[Tie, ...] = ()

    @property
    def proposed(self) -> bool:
        return self.status == "proposed"


@dataclass(frozen=True, slots=True)
class FormResult:
    """One form at this level: its places and the units it went to, best first."""

    form: AwardForm
    places: int
    individuals: int
    given: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Allocation:
    plan: AwardPlan
    level: Level
    framework: Framework
    tie_breakers: tuple[str, ...]
    forms: tuple[FormResult, ...]
    decisions: tuple[Decision, ...]  # every unit, in overall rank order
    eligibility: tuple[Eligibility, ...]  # every unit, in overall rank order

    @property
    def proposals(self) -> tuple[Decision, ...]:
        """The proposed units, best first (higher forms before lower ones)."""
        return tuple(d for d in self.decisions if d.proposed)

    @property
    def not_proposed(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if not d.proposed)

    @property
    def nominee_count(self) -> int:
        return sum(1 for d in self.decisions if d.nomination is not None)


def level_framework(plan: AwardPlan, level: Level, framework: Framework | None = None) -> Framework:
    """The framework to score ``level`` on: the one given, else the plan's; AwardsError if none."""
    if framework is not None:
        return framework
    if level.framework is None:
        raise AwardsError(
            Msg(
                f"kế hoạch {plan.code} không quy định bảng điểm cho cấp {level.code} ({level.title}); hãy chỉ định một bảng điểm (--framework)",
                f"plan {plan.code} names no framework for level {level.code} ({level.title_en or level.title}); give one (--framework)",
            )
        )
    try:
        return resolve(level.framework)
    except (KeyError, FrameworkFileError) as exc:
        raise AwardsError(
            Msg(
                f"không nạp được bảng điểm {level.framework}: {exc}",
                f"cannot load framework {level.framework}: {exc}",
            )
        ) from exc


def get_level(plan: AwardPlan, code: str) -> Level:
    """The plan's level ``code``; AwardsError naming the known levels otherwise."""
    try:
        return plan.level(code)
    except KeyError:
        known = ", ".join(lv.code for lv in plan.levels)
        raise AwardsError(
            Msg(
                f"kế hoạch {plan.code} không có cấp '{code}' (có: {known})",
                f"plan {plan.code} has no level '{code}' (known: {known})",
            )
        ) from None


def check_units(level: Level, units: Iterable[UnitInput]) -> None:
    """Raise AwardsInputError for units of another level, or without the parent a quota needs."""
    problems: list[Msg] = []
    for u in units:
        if u.kind is not None and u.kind not in level.unit_kinds:
            kinds = ", ".join(level.unit_kinds)
            k = UNIT_KINDS.get(u.kind, Msg(u.kind, u.kind))
            problems.append(
                Msg(
                    f"đơn vị {u.code}: loại '{u.kind}' ({k.vi}) không thuộc cấp {level.code} ({kinds})",
                    f"unit {u.code}: kind '{u.kind}' ({k.en}) is not of level {level.code} ({kinds})",
                )
            )
        if level.nomination is not None and not u.parent:
            n = level.nomination
            problems.append(
                Msg(
                    f"đơn vị {u.code}: thiếu 'parent' (mã {n.parent_title} đề cử đơn vị)",
                    f"unit {u.code}: 'parent' is missing (the code of the {n.parent_title_en} that nominates it)",
                )
            )
    if problems:
        raise AwardsInputError(problems)


def score_level(
    plan: AwardPlan,
    level: Level,
    units: Sequence[UnitInput],
    *,
    framework: Framework | None = None,
    tie_breakers: Sequence[str] | None = None,
) -> tuple[Framework, tuple[str, ...], list[UnitScore], list[Eligibility]]:
    """Score, rank and gate the units of one level (shared by allocation and the gates report)."""
    fw = level_framework(plan, level, framework)
    tbs = tuple(tie_breakers) if tie_breakers is not None else level.tie_breakers
    check_framework(level, fw)
    check_units(level, units)
    try:
        scores = score_and_rank(fw, list(units), tie_breakers=tbs)
    except TieBreakerError as exc:
        raise AwardsError(exc.msg) from exc
    return fw, tbs, scores, check_all(level, scores)


def allocate(
    plan: AwardPlan,
    level_code: str,
    units: Sequence[UnitInput],
    *,
    framework: Framework | None = None,
    tie_breakers: Sequence[str] | None = None,
) -> Allocation:
    """Allocate the level's award places among ``units``; every unit gets a Decision.

    ``framework`` and ``tie_breakers`` default to the plan's. Raises
    AwardsError (unknown level, no framework, bad tie-breaker),
    AwardsInputError (units that do not fit the level, malformed facts) or
    the scoring core's ScoringInputError; nothing is allocated then.
    """
    level = get_level(plan, level_code)
    fw, tbs, scores, eligibility = score_level(
        plan, level, units, framework=framework, tie_breakers=tie_breakers
    )
    return _Allocator(plan, level, fw, tbs, scores, eligibility).run()


@dataclass(frozen=True, slots=True)
class _Nomination:
    """Step 3's result: who is nominated and how, and what the reasons need to know."""

    kinds: Mapping[str, NominationKind]  # nominee code -> how it was nominated
    by_parent: Mapping[str, list[UnitScore]]  # eligible units per parent, in rank order
    candidates: tuple[str, ...]  # runners-up that could take an extra nomination, in rank order
    extra_places: int  # extra nominations there were room for
    candidates_by_total: Mapping[Decimal, frozenset[str]]
    nominees_by_total: Mapping[Decimal, frozenset[str]]


class _Allocator:
    def __init__(
        self,
        plan: AwardPlan,
        level: Level,
        framework: Framework,
        tie_breakers: tuple[str, ...],
        scores: list[UnitScore],
        eligibility: list[Eligibility],
    ) -> None:
        self.plan = plan
        self.level = level
        self.framework = framework
        self.tbs = tie_breakers
        self.scores = scores  # rank order: total, tie-breakers, unit code
        self.eligibility = {e.unit: e for e in eligibility}
        self.position = {s.unit.code: i for i, s in enumerate(scores)}
        self.keys = {s.unit.code: (s.total, *(s.subtotal(t) for t in tie_breakers)) for s in scores}
        self.group_ranks: dict[str, dict[str, int]] = {}  # parent -> rank among its eligible units

    # -- the four steps ------------------------------------------------------

    def run(self) -> Allocation:
        eligible = [s for s in self.scores if self.eligibility[s.unit.code].eligible]
        nom = self.nominate(eligible)
        nominees = [s for s in eligible if s.unit.code in nom.kinds]
        forms, form_of = self.give_forms(nominees)
        nominee_rank = self.shared_ranks(nominees)
        outcome: dict[str, _Outcome] = {
            s.unit.code: (
                self.status(s.unit.code, nom, form_of),
                form_of.get(s.unit.code),
                nom.kinds.get(s.unit.code),
            )
            for s in self.scores
        }
        decisions: list[Decision] = []
        for s in self.scores:
            code = s.unit.code
            status, form, kind = outcome[code]
            ties = self.ties(s, nom, outcome)
            decision = Decision(
                unit=code,
                name=s.unit.name,
                parent=s.unit.parent,
                status=status,
                total=s.total,
                rank_overall=s.rank or 0,
                unit_count=len(self.scores),
                reason=Msg("", ""),
                form=form,
                rank=nominee_rank.get(code),
                nominee_count=len(nominees),
                nomination=kind,
                failed_gates=tuple(r.gate.code for r in self.eligibility[code].failed),
                ties=ties,
            )
            decisions.append(replace(decision, reason=self.reason(s, decision, nom)))
        return Allocation(
            plan=self.plan,
            level=self.level,
            framework=self.framework,
            tie_breakers=self.tbs,
            forms=tuple(forms),
            decisions=tuple(decisions),
            eligibility=tuple(self.eligibility[s.unit.code] for s in self.scores),
        )

    def nominate(self, eligible: list[UnitScore]) -> _Nomination:
        nomination = self.level.nomination
        if nomination is None:
            return self._nomination({s.unit.code: "open" for s in eligible}, {}, [], 0)
        by_parent: dict[str, list[UnitScore]] = {}
        for s in eligible:  # already in rank order, so each parent's list is too
            by_parent.setdefault(s.unit.parent or "", []).append(s)
        kinds: dict[str, NominationKind] = {}
        for group in by_parent.values():
            for s in group[: nomination.per_parent]:
                kinds[s.unit.code] = "base"
        extra_places = max(0, self.level.places - len(kinds))
        first, last = nomination.per_parent, nomination.per_parent + nomination.extra_per_parent
        candidates = sorted(
            (s.unit.code for group in by_parent.values() for s in group[first:last]),
            key=self.position.__getitem__,
        )
        # Taking a prefix of the candidates in rank order keeps each parent's
        # extra nominees in its own rank order (a parent's second extra never
        # goes before its first).
        for code in candidates[:extra_places]:
            kinds[code] = "extra"
        return self._nomination(kinds, by_parent, candidates, extra_places)

    def _nomination(
        self,
        kinds: dict[str, NominationKind],
        by_parent: dict[str, list[UnitScore]],
        candidates: list[str],
        extra_places: int,
    ) -> _Nomination:
        """Bundle step 3's result with the indexes the tie reports need."""
        candidates_by_total: dict[Decimal, set[str]] = {}
        for code in candidates:
            candidates_by_total.setdefault(self.keys[code][0], set()).add(code)
        nominees_by_total: dict[Decimal, set[str]] = {}
        for code in kinds:
            nominees_by_total.setdefault(self.keys[code][0], set()).add(code)
        return _Nomination(
            kinds=kinds,
            by_parent=by_parent,
            candidates=tuple(candidates),
            extra_places=extra_places,
            candidates_by_total={t: frozenset(c) for t, c in candidates_by_total.items()},
            nominees_by_total={t: frozenset(c) for t, c in nominees_by_total.items()},
        )

    def give_forms(self, nominees: list[UnitScore]) -> tuple[list[FormResult], dict[str, str]]:
        """Walk the nominees in rank order: the higher form's places first, then the next form's."""
        form_of: dict[str, str] = {}
        results: list[FormResult] = []
        queue = iter(nominees)
        for quota in self.level.forms:
            form = self.plan.form(quota.form)
            places = quota.collectives
            if form.cap_collectives is not None:
                places = min(places, form.cap_collectives)
            given = tuple(s.unit.code for s in islice(queue, places))
            for code in given:
                form_of[code] = form.code
            results.append(
                FormResult(form=form, places=places, individuals=quota.individuals, given=given)
            )
        return results, form_of

    def status(self, code: str, nom: _Nomination, form_of: Mapping[str, str]) -> Status:
        if not self.eligibility[code].eligible:
            return "gate_failed"
        if code not in nom.kinds:
            return "not_nominee"
        return "proposed" if code in form_of else "quota_exhausted"

    # -- ranks and ties ------------------------------------------------------

    def shared_ranks(self, units: Sequence[UnitScore]) -> dict[str, int]:
        """Rank within ``units`` (already in order); equal total and tie-breakers share a rank."""
        ranks: dict[str, int] = {}
        previous: tuple[Decimal, ...] | None = None
        current = 0
        for i, s in enumerate(units, start=1):
            key = self.keys[s.unit.code]
            if key != previous:
                current, previous = i, key
            ranks[s.unit.code] = current
        return ranks

    def ties(
        self, s: UnitScore, nom: _Nomination, outcome: Mapping[str, _Outcome]
    ) -> tuple[Tie, ...]:
        """Ties that decided something for this unit, and how each was decided.

        A tie matters when two units with the same total competed and ended
        differently: units of one parent (for its nominations), two runners-up
        (for the extra nominations), two nominees (for the forms).
        """
        code = s.unit.code
        mine = self.keys[code]
        status, form, kind = outcome[code]
        rivals: set[str] = set()
        if status != "gate_failed":
            group = nom.by_parent.get(s.unit.parent or "", [])
            rivals |= {
                u.unit.code
                for u in group
                if u.total == s.total and outcome[u.unit.code] != outcome[code]
            }
        if code in nom.candidates_by_total.get(s.total, ()):
            is_extra = kind == "extra"
            rivals |= {
                c
                for c in nom.candidates_by_total[s.total]
                if (outcome[c][2] == "extra") != is_extra
            }
        if kind is not None:
            rivals |= {c for c in nom.nominees_by_total.get(s.total, ()) if outcome[c][1] != form}
        rivals.discard(code)
        out: list[Tie] = []
        for other in sorted(rivals, key=self.position.__getitem__):
            theirs = self.keys[other]
            ahead = self.position[code] < self.position[other]
            for i, t in enumerate(self.tbs, start=1):
                if mine[i] != theirs[i]:
                    out.append(
                        Tie(other=other, ahead=ahead, decided_by=t, values=(mine[i], theirs[i]))
                    )
                    break
            else:
                out.append(Tie(other=other, ahead=ahead, decided_by="unit_code"))
        return tuple(out)

    # -- reasons -------------------------------------------------------------

    def reason(self, s: UnitScore, d: Decision, nom: _Nomination) -> Msg:
        overall = Msg(
            f"hạng chung {d.rank_overall}/{d.unit_count}",
            f"overall rank {d.rank_overall} of {d.unit_count}",
        )
        if d.status == "gate_failed":
            summary = self.eligibility[d.unit].summary()
            msg = Msg(f"Không đề nghị: {summary.vi}", f"Not proposed: {summary.en}")
        elif d.status == "not_nominee":
            msg = self.not_nominee_reason(s, nom, overall)
        else:
            among = Msg(
                f"hạng {d.rank}/{d.nominee_count} trong số đơn vị được đề cử; {overall.vi}",
                f"rank {d.rank} of {d.nominee_count} nominees; {overall.en}",
            )
            nominated = self.nominated_words(s, d.nomination)
            if d.form is not None:
                f = self.plan.form(d.form)
                msg = Msg(
                    f"Đề nghị {f.title} ({among.vi}){nominated.vi}",
                    f"Proposed for the {f.title_en or f.title} ({among.en}){nominated.en}",
                )
            else:
                places = self.places_words()
                msg = Msg(
                    f"Không đề nghị: đã hết số lượng khen thưởng ({among.vi}; {places.vi}){nominated.vi}",
                    f"Not proposed: quota exhausted ({among.en}; {places.en}){nominated.en}",
                )
        if d.ties:
            words = [t.describe(s.total, has_tie_breakers=bool(self.tbs)) for t in d.ties]
            msg = Msg(
                msg.vi + "; " + "; ".join(w.vi for w in words),
                msg.en + "; " + "; ".join(w.en for w in words),
            )
        return msg

    def nominated_words(self, s: UnitScore, kind: NominationKind | None) -> Msg:
        n = self.level.nomination
        if n is None or kind is None:
            return Msg("", "")
        if kind == "extra":
            return Msg(
                f"; đề cử thêm của {n.parent_title} {s.unit.parent}",
                f"; extra nominee of {n.parent_title_en} {s.unit.parent}",
            )
        return Msg(
            f"; được {n.parent_title} {s.unit.parent} đề cử",
            f"; nominated by {n.parent_title_en} {s.unit.parent}",
        )

    def places_words(self) -> Msg:
        vi = ", ".join(f"{q.collectives} {self.plan.form(q.form).title}" for q in self.level.forms)
        en = ", ".join(
            f"{q.collectives} {self.plan.form(q.form).title_en or q.form}" for q in self.level.forms
        )
        return Msg(
            f"cấp {self.level.title} có {self.level.places} suất tập thể: {vi}",
            f"the level has {self.level.places} places for collectives: {en}",
        )

    def not_nominee_reason(self, s: UnitScore, nom: _Nomination, overall: Msg) -> Msg:
        n = self.level.nomination
        assert n is not None
        parent = s.unit.parent or ""
        group = nom.by_parent[parent]
        if parent not in self.group_ranks:
            self.group_ranks[parent] = self.shared_ranks(group)
        k = self.group_ranks[parent][s.unit.code]
        chosen = ", ".join(u.unit.code for u in group if u.unit.code in nom.kinds)
        msg = Msg(
            f"Không đề nghị: không phải đơn vị được {n.parent_title} {parent} đề cử "
            f"(hạng {k}/{len(group)} trong số đơn vị đạt điều kiện của {parent}; {overall.vi}; được đề cử: {chosen})",
            f"Not proposed: not the nominee of {n.parent_title_en} {parent} "
            f"(rank {k} of {len(group)} eligible units of {parent}; {overall.en}; nominated: {chosen})",
        )
        if s.unit.code in nom.candidates:
            if nom.extra_places == 0:
                extra = Msg(
                    f"không còn suất đề cử thêm: các đơn vị được đề cử đầu tiên đã đủ {self.level.places} suất",
                    f"no extra nominations left: the first nominees already fill the {self.level.places} places",
                )
            else:
                extra = Msg(
                    f"{nom.extra_places} suất đề cử thêm đã dành cho các đơn vị xếp trên",
                    f"the {nom.extra_places} extra nominations went to higher-ranked runners-up",
                )
            msg = Msg(f"{msg.vi}; {extra.vi}", f"{msg.en}; {extra.en}")
        return msg
