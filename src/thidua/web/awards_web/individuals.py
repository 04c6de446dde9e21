"""Individuals ("cá nhân") in a campaign: who nominates, how many, and the nominations.

Units put people forward (name, position, achievements) at a level of the
award plan; :func:`thidua.awards.allocate_individuals` decides who is proposed
for which form (docs/awards.md, "Individuals"): that allocation and the drawn-up
list are :mod:`thidua.web.awards_web.individual_allocation`. Here:

* **who nominates**: at a level with a per-parent quota, the unit that nominates
  the level's units (the district for communes and villages); at a level
  without one, each unit itself. A nominating unit may only put forward people
  of the level's units it nominates (its own subtree), or its own people.
* **how many**: a nominating unit enters at most ``per_parent +
  extra_per_parent`` people (the most the allocation can ever nominate from it),
  never more than the level's places for individuals; at a level without a
  quota, at most the level's places.
* **when**: :func:`thidua.web.policy.can_nominate`: while the campaign runs and
  no dossier of the level has left the draft.

Every change is checked against the policy, validated with every problem named by
its field, written in a transaction with optimistic locking (``version``) and
recorded in the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from thidua import awards
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.awards_web import services
from thidua.web.awards_web.models import IndividualNomination
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import BadInput, Denied, ServiceError
from thidua.web.units.models import Unit

NAME_MAX = 200
POSITION_MAX = 200
ACHIEVEMENTS_MAX = 10_000


class StaleNomination(ServiceError):
    """Someone changed or reordered the nomination first (409); ``current`` is the stored row.

    Not a :class:`thidua.web.errors.Stale`, whose ``current`` is a result row."""

    status = 409

    def __init__(self, current: IndividualNomination) -> None:
        super().__init__(
            Msg(
                "Cá nhân này đã được người khác cập nhật; thông tin mới nhất được hiển thị, "
                "hãy kiểm tra lại. Chưa có gì được lưu",
                "Someone else updated this nomination first; the newer details are shown, "
                "please check them. Nothing was saved",
            )
        )
        self.current = current


# --- who nominates, and how many --------------------------------------------------------------


def level_of(campaign: Campaign, level_code: str) -> awards.Level:
    """The plan's level (NotConfigured, a 422, when the campaign has no plan or no such level)."""
    plan = services.plan_for(campaign)
    try:
        return awards.get_level(plan, level_code)
    except awards.AwardsError as exc:
        raise services.NotConfigured(exc.msg) from None


def proposer_of(unit: Unit, level: awards.Level) -> Unit | None:
    """Who nominates the people of ``unit``: its nominating parent, or the unit itself."""
    if level.nomination is None:
        return unit
    return services._nominating_parent(unit, level)


def candidate_units(campaign: Campaign, level: awards.Level, proposer: Unit) -> list[Unit]:
    """The level's participating units whose people ``proposer`` may put forward."""
    below = (
        campaign.participants.filter(kind__in=level.unit_kinds, path__startswith=proposer.path)
        .select_related("parent", "parent__parent")
        .order_by("path")
    )
    return [u for u in below if (p := proposer_of(u, level)) is not None and p.pk == proposer.pk]


def unit_from(units: Sequence[Unit], code: str) -> Unit | None:
    """The unit a form or a request names by code: one of ``units`` (the proposer's), None when
    blank, or else an unsaved stand-in the checks refuse by its code (without looking the unit
    up, so an error never tells a name the caller may not read)."""
    code = code.strip()
    if not code:
        return None
    return next((u for u in units if u.code == code), None) or Unit(code=code, name=code)


def is_proposer(campaign: Campaign, level: awards.Level, unit: Unit) -> bool:
    """Whether ``unit`` nominates individuals at the level (some unit of the level is its)."""
    return bool(candidate_units(campaign, level, unit))


def proposers(campaign: Campaign, level: awards.Level) -> list[Unit]:
    """Every nominating unit of the level, in tree order."""
    found: dict[int, Unit] = {}
    for u in services.level_units(campaign, level):
        p = proposer_of(u, level)
        if p is not None:
            found.setdefault(p.pk, p)
    return sorted(found.values(), key=lambda u: u.path)


def limit_of(level: awards.Level) -> int:
    """The most people one nominating unit may put forward at the level."""
    rule = level.nomination
    if rule is None:
        return level.individual_places
    return min(rule.per_parent + rule.extra_per_parent, level.individual_places)


def limit_words(level: awards.Level) -> Msg:
    """Why the limit is what it is, for the pages and the quota error."""
    rule = level.nomination
    limit = limit_of(level)
    if rule is None:
        return Msg(
            f"tối đa {limit} cá nhân: số suất cá nhân của {level.title}",
            f"at most {limit}: the {level.title_en}'s places for individuals",
        )
    return Msg(
        f"tối đa {limit} cá nhân: mỗi {rule.parent_title} đề cử {rule.per_parent} "
        f"và tối đa {rule.extra_per_parent} đề cử thêm",
        f"at most {limit}: each {rule.parent_title_en} nominates {rule.per_parent} "
        f"and at most {rule.extra_per_parent} extra",
    )


def places_words(plan: awards.AwardPlan, level: awards.Level) -> Msg:
    """The level's places for individuals, form by form, with each form's province-wide cap
    (the plan's caps, that the levels' places add up to at most)."""
    vi: list[str] = []
    en: list[str] = []
    for q in level.forms:
        if not q.individuals:
            continue
        form = plan.form(q.form)
        cap = form.cap_individuals
        vi.append(
            f"{q.individuals} {form.title}"
            + (f" (toàn tỉnh không quá {cap} cá nhân)" if cap is not None else "")
        )
        en.append(
            f"{q.individuals} {form.title_en or form.code}"
            + (f" (at most {cap} individuals province-wide)" if cap is not None else "")
        )
    return Msg(
        f"Suất cá nhân của {level.title}: {'; '.join(vi) or 'không có'}",
        f"Places for individuals at the {level.title_en}: {'; '.join(en) or 'none'}",
    )


@dataclass(frozen=True)
class Quota:
    level: awards.Level
    proposer: Unit
    limit: int
    used: int

    @property
    def left(self) -> int:
        return max(0, self.limit - self.used)

    @property
    def words(self) -> Msg:
        return limit_words(self.level)


def quota(campaign: Campaign, level: awards.Level, proposer: Unit) -> Quota:
    used = IndividualNomination.objects.filter(
        campaign=campaign, level=level.code, proposer=proposer
    ).count()
    return Quota(level, proposer, limit_of(level), used)


def used_by_proposer(campaign: Campaign, level: awards.Level) -> dict[int, int]:
    """How many people each nominating unit put forward at the level, by unit id."""
    return dict(
        IndividualNomination.objects.filter(campaign=campaign, level=level.code)
        .values("proposer")
        .annotate(n=Count("pk"))
        .values_list("proposer", "n")
    )


def nominations_of(campaign: Campaign, level: awards.Level, proposer: Unit) -> list[Any]:
    """The proposer's nominations in its order of preference (no policy check: callers check)."""
    return list(
        IndividualNomination.objects.filter(campaign=campaign, level=level.code, proposer=proposer)
        .select_related("unit", "proposer", "created_by", "updated_by")
        .order_by("priority", "pk")
    )


# --- validation --------------------------------------------------------------------------------


Priority = int | str | None  # a number, the text typed in a form, or None: after the others


def _priority(value: Priority) -> tuple[int | None, Msg | None]:
    """The priority as a whole number ≥ 1 (or None), or the problem with it."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None, None
        if not text.isdigit() or int(text) < 1:
            return None, _priority_problem(text)
        return int(text), None
    if value is None:
        return None, None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        return None, _priority_problem(value)
    return value, None


def _priority_problem(value: object) -> Msg:
    return Msg(
        f"Thứ tự ưu tiên ('priority'): phải là số nguyên từ 1 trở lên, nhận được {value!r}",
        f"Priority ('priority'): must be a whole number of at least 1, got {value!r}",
    )


def _check(
    *,
    level: awards.Level,
    proposer: Unit,
    allowed: Sequence[Unit],
    unit: Unit | None,
    name: str,
    position: str,
    achievements: str,
    priority: Priority,
) -> int | None:
    """The priority as a number (None: after the others); BadInput naming every wrong field."""
    problems: list[Msg] = []
    if not name.strip():
        problems.append(Msg("Họ và tên ('name'): không được để trống", "Name ('name'): required"))
    elif len(name.strip()) > NAME_MAX:
        problems.append(
            Msg(
                f"Họ và tên ('name'): tối đa {NAME_MAX} ký tự",
                f"Name ('name'): at most {NAME_MAX} characters",
            )
        )
    if len(position.strip()) > POSITION_MAX:
        problems.append(
            Msg(
                f"Chức vụ ('position'): tối đa {POSITION_MAX} ký tự",
                f"Position ('position'): at most {POSITION_MAX} characters",
            )
        )
    if len(achievements.strip()) > ACHIEVEMENTS_MAX:
        problems.append(
            Msg(
                f"Thành tích ('achievements'): tối đa {ACHIEVEMENTS_MAX} ký tự",
                f"Achievements ('achievements'): at most {ACHIEVEMENTS_MAX} characters",
            )
        )
    number, problem = _priority(priority)
    if problem is not None:
        problems.append(problem)
    if unit is None:
        problems.append(
            Msg("Đơn vị ('unit'): chưa chọn đơn vị", "Unit ('unit'): choose the person's unit")
        )
    elif unit.pk not in {u.pk for u in allowed}:
        where = (
            Msg(f"chính {proposer.name}", f"{proposer.name} itself")
            if level.nomination is None
            else Msg(
                f"một đơn vị {level.title} do {proposer.name} đề cử",
                f"a unit of the {level.title_en} that {proposer.name} nominates",
            )
        )
        problems.append(
            Msg(
                f"Đơn vị ('unit'): '{unit.code}' không phải {where.vi}",
                f"Unit ('unit'): '{unit.code}' is not {where.en}",
            )
        )
    if problems:
        raise BadInput(Msg("; ".join(p.vi for p in problems), "; ".join(p.en for p in problems)))
    return number


def _json(n: IndividualNomination) -> dict[str, Any]:
    return {
        "unit": n.unit.code,
        "name": n.name,
        "position": n.position,
        "achievements": n.achievements,
        "priority": n.priority,
        "version": n.version,
    }


def _record(user: Any, action: str, n: IndividualNomination, **kwargs: Any) -> None:
    record(
        user,
        f"awards.{action}",
        object_type="individual_nomination",
        object_id=n.audit_id,
        campaign=n.campaign.code,
        unit=n.unit.code,
        **kwargs,
    )


# --- changes -----------------------------------------------------------------------------------


def create(
    user: Any,
    *,
    campaign: Campaign,
    level_code: str,
    proposer: Unit,
    unit: Unit | None,
    name: str,
    position: str = "",
    achievements: str = "",
    priority: Priority = None,
) -> IndividualNomination:
    """Put a person forward; refused beyond the proposer's limit (see :func:`limit_of`)."""
    level = level_of(campaign, level_code)
    if not policy.can_nominate(user, campaign, proposer, level.code):
        raise Denied()
    number = _check(
        level=level,
        proposer=proposer,
        allowed=candidate_units(campaign, level, proposer),
        unit=unit,
        name=name,
        position=position,
        achievements=achievements,
        priority=priority,
    )
    assert unit is not None
    now = timezone.now()
    with transaction.atomic():
        # One nominating unit at a time: two officials adding the last place cannot both win.
        Unit.objects.select_for_update().filter(pk=proposer.pk).first()
        mine = IndividualNomination.objects.filter(
            campaign=campaign, level=level.code, proposer=proposer
        )
        limit = limit_of(level)
        if mine.count() >= limit:
            places = places_words(services.plan_for(campaign), level)
            raise BadInput(
                Msg(
                    f"{proposer.name} đã đề nghị đủ {limit} cá nhân {level.title} "
                    f"({limit_words(level).vi}); không thể thêm. {places.vi}",
                    f"{proposer.name} has already put forward {limit} individuals at the "
                    f"{level.title_en} ({limit_words(level).en}); no more can be added. "
                    f"{places.en}",
                )
            )
        if number is None:
            number = (mine.aggregate(m=Max("priority"))["m"] or 0) + 1
        n = IndividualNomination.objects.create(
            campaign=campaign,
            level=level.code,
            proposer=proposer,
            unit=unit,
            name=name.strip(),
            position=position.strip(),
            achievements=achievements.strip(),
            priority=number,
            created_at=now,
            created_by=user if user.is_authenticated else None,
            updated_at=now,
            updated_by=user if user.is_authenticated else None,
        )
        _record(user, "nominate", n, after=_json(n))
    return n


def _locked(nomination: IndividualNomination, expected_version: int) -> IndividualNomination:
    """The row, locked, if it is still at ``expected_version``; else StaleNomination."""
    n = (
        IndividualNomination.objects.select_for_update()
        .select_related("campaign", "unit", "proposer")
        .filter(pk=nomination.pk)
        .first()
    )
    if n is None:
        raise BadInput(
            Msg(
                "Cá nhân này đã bị người khác xoá khỏi danh sách đề cử",
                "Someone else removed this nomination from the list",
            )
        )
    if n.version != expected_version:
        raise StaleNomination(n)
    return n


def update(
    user: Any,
    *,
    nomination: IndividualNomination,
    unit: Unit | None,
    name: str,
    position: str,
    achievements: str,
    priority: Priority,
    expected_version: int,
) -> IndividualNomination:
    """Change who the person is, their unit (within the proposer's) or priority."""
    campaign = nomination.campaign
    level = level_of(campaign, nomination.level)
    if not policy.can_nominate(user, campaign, nomination.proposer, level.code):
        raise Denied()
    number = _check(
        level=level,
        proposer=nomination.proposer,
        allowed=candidate_units(campaign, level, nomination.proposer),
        unit=unit,
        name=name,
        position=position,
        achievements=achievements,
        priority=priority,
    )
    with transaction.atomic():
        n = _locked(nomination, expected_version)
        before = _json(n)
        n.unit = unit
        n.name = name.strip()
        n.position = position.strip()
        n.achievements = achievements.strip()
        n.priority = number if number is not None else n.priority
        n.version += 1
        n.updated_at = timezone.now()
        n.updated_by = user if user.is_authenticated else None
        n.save()
        _record(user, "nomination_update", n, before=before, after=_json(n))
    return n


def delete(user: Any, *, nomination: IndividualNomination, expected_version: int) -> None:
    """Take a person off the proposer's list."""
    campaign = nomination.campaign
    if not policy.can_nominate(user, campaign, nomination.proposer, nomination.level):
        raise Denied()
    with transaction.atomic():
        n = _locked(nomination, expected_version)
        _record(user, "nomination_remove", n, before=_json(n))
        n.delete()


def shift(
    user: Any, *, nomination: IndividualNomination, by: int, expected_version: int
) -> list[IndividualNomination]:
    """Move a person up (``by=-1``) or down (``by=1``) the proposer's order of preference.

    The whole list is renumbered 1, 2, 3 … in its new order (every changed row's
    version grows); returns it in that order.
    """
    campaign = nomination.campaign
    if not policy.can_nominate(user, campaign, nomination.proposer, nomination.level):
        raise Denied()
    if by not in (-1, 1):
        raise BadInput(Msg("Chỉ chuyển lên hoặc xuống một bậc", "Move up or down by one"))
    with transaction.atomic():
        n = _locked(nomination, expected_version)
        rows = list(
            IndividualNomination.objects.select_for_update()
            .filter(campaign=campaign, level=n.level, proposer=n.proposer)
            .select_related("campaign", "unit")
            .order_by("priority", "pk")
        )
        before = [[r.code, r.priority] for r in rows]
        i = next(k for k, r in enumerate(rows) if r.pk == n.pk)
        j = i + by
        if 0 <= j < len(rows):
            rows[i], rows[j] = rows[j], rows[i]
        now = timezone.now()
        for k, r in enumerate(rows, start=1):
            if r.priority != k:
                IndividualNomination.objects.filter(pk=r.pk).update(
                    priority=k,
                    version=F("version") + 1,
                    updated_at=now,
                    updated_by=user if user.is_authenticated else None,
                )
        after = [[r.code, k] for k, r in enumerate(rows, start=1)]
        if after != before:
            _record(user, "nomination_reorder", n, before=before, after=after)
    return nominations_of(campaign, level_of(campaign, n.level), n.proposer)
