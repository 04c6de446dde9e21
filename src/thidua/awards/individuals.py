"""Individual award proposals ("cá nhân"): which people of a level are proposed, and why.

The Hà Giang plan gives each level a number of individuals per form "thuộc
các xã, phường, thị trấn có kết quả cao nhất" and, for communes and villages,
a per-district choice ("mỗi huyện, thành phố lựa chọn 01 tập thể, 01 cá
nhân"). Individuals are not scored; they are ranked by the result of the unit
they belong to. Given a level's collective ``Allocation`` and the people the
units propose, for one level (docs/awards.md, "Individuals"):

1. **Validate** every individual at once: known unit of the level, unique
   non-empty id, non-empty name, priority of at least 1.
2. **Order** them in one total order: their unit's position in the
   allocation's overall rank order, then ``priority`` (the proposer's order
   of preference, 1 first), then id. The unit's own gates and collective
   outcome do not matter: the plan's individual criteria (Mục 2 phần III) are
   qualitative and attested by the proposer (a judgement call).
3. **Nominate** like collectives: with a nomination rule, each parent's first
   ``per_parent`` individuals (``base``); if those are fewer than the level's
   places for individuals, the best runners-up in the order, at most
   ``extra_per_parent`` per parent, until the places are filled (``extra``).
   Without a rule every individual is a nominee (``open``).
4. **Forms**: walk the nominees in order; the highest form takes its places
   for individuals at this level (never more than its province-wide cap),
   then the next form; nominees beyond get nothing (``quota_exhausted``).

A nominee's rank is its position among the nominees (1 = first). The parent
of an individual is the parent of its unit.

Judgement calls where the plan is silent: people are ranked by their unit's
result ("thuộc các xã ... có kết quả cao nhất"), so a unit's second choice
goes before a lower-ranked unit's first choice; priority only orders the
people of one unit, and the id decides between equal priorities (the reason
says so when that changed an outcome). "Thêm 01 tập thể hoặc cá nhân" is read
as extras for individuals decided separately from the collectives' extras.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from typing import Literal

from thidua.awards.allocation import Allocation, Decision, NominationKind
from thidua.awards.errors import AwardsInputError
from thidua.awards.model import AwardForm
from thidua.scoring import Msg

IndividualStatus = Literal["proposed", "not_nominee", "quota_exhausted"]
_Outcome = tuple[IndividualStatus, str | None, NominationKind | None]  # status, form, how nominated


@dataclass(frozen=True, slots=True)
class IndividualInput:
    """A person a unit proposes; ``unit`` is the code of their unit at the level."""

    id: str
    name: str
    unit: str
    position: str = ""
    achievements: str = ""
    priority: int = 1  # the proposer's order of preference, 1 = first choice


@dataclass(frozen=True, slots=True)
class IndividualDecision:
    """What happened to one individual."""

    id: str
    name: str
    unit: str
    parent: str | None
    status: IndividualStatus
    form: str | None
    rank: int | None  # position among the nominees, 1-based; None if not nominated
    nominee_count: int
    nomination: NominationKind | None
    unit_rank_overall: int  # the unit's rank among all units of the level
    unit_count: int
    reason: Msg
    position: str = ""
    achievements: str = ""
    priority: int = 1

    @property
    def proposed(self) -> bool:
        return self.status == "proposed"


@dataclass(frozen=True, slots=True)
class IndividualFormResult:
    """One form at this level: its places for individuals and who got them, in order."""

    form: AwardForm
    places: int
    given: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IndividualAllocation:
    forms: tuple[IndividualFormResult, ...]
    decisions: tuple[IndividualDecision, ...]  # every individual, in the total order

    @property
    def proposals(self) -> tuple[IndividualDecision, ...]:
        """The proposed individuals, in order (higher forms before lower ones)."""
        return tuple(d for d in self.decisions if d.proposed)

    @property
    def not_proposed(self) -> tuple[IndividualDecision, ...]:
        return tuple(d for d in self.decisions if not d.proposed)

    @property
    def nominee_count(self) -> int:
        return sum(1 for d in self.decisions if d.nomination is not None)


def allocate_individuals(
    allocation: Allocation, individuals: Sequence[IndividualInput]
) -> IndividualAllocation:
    """Allocate the level's places for individuals; every individual gets a decision.

    Raises AwardsInputError listing every bad individual; nothing is allocated then.
    """
    units = {d.unit: d for d in allocation.decisions}
    check_individuals(allocation, individuals)
    position = {d.unit: i for i, d in enumerate(allocation.decisions)}
    people = sorted(individuals, key=lambda p: (position[p.unit], p.priority, p.id))
    return _Allocator(allocation, units, people).run()


def check_individuals(allocation: Allocation, individuals: Sequence[IndividualInput]) -> None:
    """Raise AwardsInputError naming every individual that cannot be allocated, and why."""
    level = allocation.level
    units = {d.unit for d in allocation.decisions}
    counts = Counter(p.id for p in individuals)
    reported: set[str] = set()
    problems: list[Msg] = []
    for i, p in enumerate(individuals, start=1):
        has_id = bool(p.id.strip())
        who = (
            Msg(f"cá nhân {p.id}", f"individual {p.id}")
            if has_id
            else Msg(f"cá nhân thứ {i}", f"individual #{i}")
        )
        if not has_id:
            problems.append(Msg(f"{who.vi}: thiếu mã ('id')", f"{who.en}: 'id' is empty"))
        elif counts[p.id] > 1 and p.id not in reported:
            reported.add(p.id)
            problems.append(
                Msg(
                    f"{who.vi}: mã ('id') bị trùng ({counts[p.id]} lần)",
                    f"{who.en}: duplicate 'id' ({counts[p.id]} times)",
                )
            )
        if not p.name.strip():
            problems.append(Msg(f"{who.vi}: thiếu họ tên ('name')", f"{who.en}: 'name' is empty"))
        if p.unit not in units:
            problems.append(
                Msg(
                    f"{who.vi}: đơn vị '{p.unit}' ('unit') không có trong các đơn vị cấp {level.code} được phân bổ",
                    f"{who.en}: unit '{p.unit}' ('unit') is not among the units of level {level.code} being allocated",
                )
            )
        if not isinstance(p.priority, int) or isinstance(p.priority, bool) or p.priority < 1:
            problems.append(
                Msg(
                    f"{who.vi}: thứ tự ưu tiên ('priority') phải là số nguyên từ 1 trở lên, nhận được {p.priority!r}",
                    f"{who.en}: 'priority' must be a whole number of at least 1, got {p.priority!r}",
                )
            )
    if problems:
        raise AwardsInputError(problems)


@dataclass(frozen=True, slots=True)
class _Nomination:
    kinds: Mapping[str, NominationKind]  # nominee id -> how nominated
    by_parent: Mapping[str, list[IndividualInput]]  # each parent's individuals, in order
    candidates: frozenset[str]  # runners-up that could take an extra nomination
    extra_places: int  # extra nominations there were room for


class _Allocator:
    def __init__(
        self, allocation: Allocation, units: Mapping[str, Decision], people: list[IndividualInput]
    ) -> None:
        self.a = allocation
        self.level = allocation.level
        self.units = units
        self.people = people  # the total order
        self.places = self.level.individual_places
        self.same_priority: dict[tuple[str, int], list[IndividualInput]] = {}
        for p in people:
            self.same_priority.setdefault((p.unit, p.priority), []).append(p)

    def parent(self, p: IndividualInput) -> str:
        return self.units[p.unit].parent or ""

    def run(self) -> IndividualAllocation:
        nom = self.nominate()
        nominees = [p for p in self.people if p.id in nom.kinds]
        forms, form_of = self.give_forms(nominees)
        rank = {p.id: i for i, p in enumerate(nominees, start=1)}
        outcome: dict[str, _Outcome] = {
            p.id: (self.status(p.id, nom, form_of), form_of.get(p.id), nom.kinds.get(p.id))
            for p in self.people
        }
        decisions: list[IndividualDecision] = []
        for p in self.people:
            u = self.units[p.unit]
            status, form, kind = outcome[p.id]
            d = IndividualDecision(
                id=p.id,
                name=p.name,
                unit=p.unit,
                parent=u.parent,
                status=status,
                form=form,
                rank=rank.get(p.id),
                nominee_count=len(nominees),
                nomination=kind,
                unit_rank_overall=u.rank_overall,
                unit_count=u.unit_count,
                reason=Msg("", ""),
                position=p.position,
                achievements=p.achievements,
                priority=p.priority,
            )
            reason = self.reason(p, d, nom, forms)
            ties = self.ties(p, outcome)
            if ties:
                reason = Msg(f"{reason.vi}; {ties.vi}", f"{reason.en}; {ties.en}")
            decisions.append(replace(d, reason=reason))
        return IndividualAllocation(forms=tuple(forms), decisions=tuple(decisions))

    def nominate(self) -> _Nomination:
        rule = self.level.nomination
        if rule is None:
            return _Nomination({p.id: "open" for p in self.people}, {}, frozenset(), 0)
        by_parent: dict[str, list[IndividualInput]] = {}
        for p in self.people:  # in order, so each parent's list is too
            by_parent.setdefault(self.parent(p), []).append(p)
        kinds: dict[str, NominationKind] = {}
        for group in by_parent.values():
            for p in group[: rule.per_parent]:
                kinds[p.id] = "base"
        extra_places = max(0, self.places - len(kinds))
        first, last = rule.per_parent, rule.per_parent + rule.extra_per_parent
        runners_up = {p.id for group in by_parent.values() for p in group[first:last]}
        # A prefix of the runners-up in the total order keeps each parent's
        # extra nominees in its own order.
        ordered = [p.id for p in self.people if p.id in runners_up]
        for pid in ordered[:extra_places]:
            kinds[pid] = "extra"
        return _Nomination(kinds, by_parent, frozenset(runners_up), extra_places)

    def give_forms(
        self, nominees: list[IndividualInput]
    ) -> tuple[list[IndividualFormResult], dict[str, str]]:
        form_of: dict[str, str] = {}
        results: list[IndividualFormResult] = []
        queue = iter(nominees)
        for quota in self.level.forms:
            form = self.a.plan.form(quota.form)
            places = quota.individuals
            if form.cap_individuals is not None:
                places = min(places, form.cap_individuals)
            given = tuple(p.id for p in islice(queue, places))
            form_of.update((pid, form.code) for pid in given)
            results.append(IndividualFormResult(form=form, places=places, given=given))
        return results, form_of

    @staticmethod
    def status(pid: str, nom: _Nomination, form_of: Mapping[str, str]) -> IndividualStatus:
        if pid not in nom.kinds:
            return "not_nominee"
        return "proposed" if pid in form_of else "quota_exhausted"

    # -- reasons -------------------------------------------------------------

    def reason(
        self,
        p: IndividualInput,
        d: IndividualDecision,
        nom: _Nomination,
        forms: Sequence[IndividualFormResult],
    ) -> Msg:
        unit = Msg(
            f"đơn vị {d.unit} hạng chung {d.unit_rank_overall}/{d.unit_count}",
            f"unit {d.unit} overall rank {d.unit_rank_overall} of {d.unit_count}",
        )
        if d.status == "not_nominee":
            return self.not_nominee_reason(p, nom, unit)
        among = Msg(
            f"thứ tự {d.rank}/{d.nominee_count} cá nhân được đề cử; {unit.vi}",
            f"{d.rank} of {d.nominee_count} nominated individuals; {unit.en}",
        )
        among = _join(among, self.nominated_words(d))
        if d.form is not None:
            f = self.a.plan.form(d.form)
            return Msg(
                f"Đề nghị {f.title} ({among.vi})",
                f"Proposed for the {f.title_en or f.title} ({among.en})",
            )
        places = _places_words(self.level.title, forms)
        return Msg(
            f"Không đề nghị: đã hết số lượng khen thưởng ({among.vi}; {places.vi})",
            f"Not proposed: quota exhausted ({among.en}; {places.en})",
        )

    def nominated_words(self, d: IndividualDecision) -> Msg | None:
        rule = self.level.nomination
        if rule is None or d.nomination is None:
            return None
        if d.nomination == "extra":
            return Msg(
                f"đề cử thêm của {rule.parent_title} {d.parent}",
                f"extra nominee of {rule.parent_title_en} {d.parent}",
            )
        return Msg(
            f"được {rule.parent_title} {d.parent} đề cử",
            f"nominated by {rule.parent_title_en} {d.parent}",
        )

    def not_nominee_reason(self, p: IndividualInput, nom: _Nomination, unit: Msg) -> Msg:
        rule = self.level.nomination
        assert rule is not None  # without a rule everyone is a nominee
        parent = self.parent(p)
        group = nom.by_parent[parent]
        k = next(i for i, q in enumerate(group, start=1) if q.id == p.id)
        chosen = ", ".join(q.id for q in group if q.id in nom.kinds)
        msg = Msg(
            f"Không đề nghị: không phải cá nhân được {rule.parent_title} {parent} đề cử "
            f"(thứ tự {k}/{len(group)} trong số cá nhân của {parent}, xếp theo kết quả của đơn vị "
            f"rồi thứ tự ưu tiên; {unit.vi}, ưu tiên {p.priority}; được đề cử: {chosen})",
            f"Not proposed: not a nominee of {rule.parent_title_en} {parent} "
            f"({k} of {len(group)} individuals of {parent}, ordered by their unit's result, "
            f"then priority; {unit.en}, priority {p.priority}; nominated: {chosen})",
        )
        if p.id in nom.candidates:
            if nom.extra_places == 0:
                why = Msg(
                    f"không còn suất đề cử thêm: các cá nhân được đề cử đầu tiên đã đủ {self.places} suất",
                    f"no extra nominations left: the first nominees already fill the {self.places} places",
                )
            else:
                why = Msg(
                    f"{nom.extra_places} suất đề cử thêm đã dành cho các cá nhân xếp trên",
                    f"the {nom.extra_places} extra nominations went to higher-ranked runners-up",
                )
        else:
            most = rule.per_parent + rule.extra_per_parent
            why = Msg(
                f"mỗi {rule.parent_title} đề cử tối đa {most} cá nhân",
                f"each {rule.parent_title_en} nominates at most {most} individuals",
            )
        return _join(msg, why)

    def ties(self, p: IndividualInput, outcome: Mapping[str, _Outcome]) -> Msg | None:
        """Individuals of the same unit with the same priority and another outcome: the id decided."""
        others = [
            q for q in self.same_priority[p.unit, p.priority] if outcome[q.id] != outcome[p.id]
        ]
        if not others:
            return None
        vi = "; ".join(
            f"cùng đơn vị {p.unit} và thứ tự ưu tiên {p.priority} với {q.id}, "
            f"xếp {'trên' if p.id < q.id else 'sau'} theo mã cá nhân"
            for q in others
        )
        en = "; ".join(
            f"same unit {p.unit} and priority {p.priority} as {q.id}, "
            f"placed {'ahead' if p.id < q.id else 'behind'} by id"
            for q in others
        )
        return Msg(vi, en)


def _join(msg: Msg, more: Msg | None) -> Msg:
    if more is None:
        return msg
    return Msg(f"{msg.vi}; {more.vi}", f"{msg.en}; {more.en}")


def _places_words(level_title: str, forms: Sequence[IndividualFormResult]) -> Msg:
    total = sum(f.places for f in forms)
    vi = ", ".join(f"{f.places} {f.form.title}" for f in forms)
    en = ", ".join(f"{f.places} {f.form.title_en or f.form.code}" for f in forms)
    return Msg(
        f"cấp {level_title} có {total} suất cá nhân: {vi}",
        f"the level has {total} places for individuals: {en}",
    )
