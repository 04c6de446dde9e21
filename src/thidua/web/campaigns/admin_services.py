"""Creating and editing campaigns: period, milestones, framework per level, participants,
tie-breakers and colour thresholds (the lifecycle itself is :mod:`thidua.web.campaigns.services`).

What may change depends on the state, so that nothing already entered or
frozen is invalidated:

* ``draft``: everything but the code;
* ``open`` / ``appraisal``: not the frameworks, and no participant that has results
  may be removed;
* ``published`` / ``archived``: only the title and the milestones (the ranking is frozen).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from thidua.scoring import TieBreakerError, check_tie_breakers, get_builtin
from thidua.scoring.builtin import builtin_codes
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.campaigns.choices import CampaignState, MilestoneKind
from thidua.web.campaigns.models import Campaign, LevelFramework, Milestone
from thidua.web.errors import BadInput, Denied
from thidua.web.results.models import Result
from thidua.web.units.choices import LEVEL_OF_KIND, Level
from thidua.web.units.models import Unit

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,64}$")


@dataclass(frozen=True)
class MilestoneData:
    kind: str
    date: dt.date
    title: str = ""


@dataclass(frozen=True)
class CampaignData:
    code: str
    title: str
    owner_code: str
    period_start: dt.date
    period_end: dt.date
    frameworks: dict[str, str] = field(default_factory=dict)  # level → built-in code
    participants: tuple[str, ...] = ()
    add_levels: tuple[str, ...] = ()  # add every valid unit of these levels below the owner
    tie_breakers: tuple[str, ...] = ()
    green_from: Decimal = Decimal("0.9")
    amber_from: Decimal = Decimal("0.7")
    milestones: tuple[MilestoneData, ...] = ()


def frameworks_by_level() -> dict[str, list[str]]:
    """Built-in framework codes each level can be scored on (by the kinds they apply to)."""
    out: dict[str, list[str]] = {}
    for code in builtin_codes():
        levels = {LEVEL_OF_KIND.get(k) for k in get_builtin(code).applies_to}
        if len(levels) == 1 and None not in levels:
            out.setdefault(str(levels.pop()), []).append(code)
    return out


def snapshot(c: Campaign) -> dict[str, Any]:
    return {
        "code": c.code,
        "title": c.title,
        "owner": c.owner.code,
        "period": [c.period_start, c.period_end],
        "frameworks": dict(c.frameworks.values_list("level", "framework")),
        "participants": sorted(c.participants.values_list("code", flat=True)),
        "tie_breakers": list(c.tie_breakers),
        "green_from": c.green_from,
        "amber_from": c.amber_from,
        "milestones": [
            [m.kind, m.date, m.title] for m in c.milestones.order_by("date", "kind", "title")
        ],
    }


def _bad(vi: str, en: str) -> BadInput:
    return BadInput(Msg(vi, en))


def _check(data: CampaignData) -> None:
    if not SLUG_RE.match(data.code):
        raise _bad(
            "Mã đợt thi đua chỉ gồm chữ không dấu, số, '-', '_'",
            "A campaign code uses letters, digits, '-', '_' only",
        )
    if not data.title.strip():
        raise _bad("Thiếu tên đợt thi đua", "The campaign title is missing")
    if data.period_end < data.period_start:
        raise _bad("Ngày kết thúc trước ngày bắt đầu", "The period ends before it starts")
    if not (Decimal(0) <= data.amber_from <= data.green_from <= Decimal(1)):
        raise _bad(
            "Ngưỡng màu phải thỏa 0% ≤ vàng ≤ xanh ≤ 100%",
            "Colour thresholds must satisfy 0% ≤ amber ≤ green ≤ 100%",
        )
    allowed = frameworks_by_level()
    for level, code in data.frameworks.items():
        if level not in Level.values or code not in allowed.get(level, []):
            raise _bad(
                f"Bảng điểm '{code}' không dùng được cho cấp '{level}'",
                f"Framework '{code}' cannot score level '{level}'",
            )
        try:
            check_tie_breakers(get_builtin(code), data.tie_breakers)
        except TieBreakerError as exc:
            raise BadInput(exc.msg) from None
    for m in data.milestones:
        if m.kind not in MilestoneKind.values:
            raise _bad(f"Loại mốc '{m.kind}' không hợp lệ", f"Unknown milestone kind '{m.kind}'")


def _participants(data: CampaignData, owner: Unit) -> list[Unit]:
    codes = list(dict.fromkeys(data.participants))
    found = {u.code: u for u in Unit.objects.filter(code__in=codes)} if codes else {}
    missing = [c for c in codes if c not in found]
    if missing:
        raise _bad(
            f"Không có đơn vị: {', '.join(missing[:20])}", f"No unit: {', '.join(missing[:20])}"
        )
    units = [found[c] for c in codes]
    if data.add_levels:
        kinds = [k for k, lv in LEVEL_OF_KIND.items() if lv in data.add_levels]
        extra = Unit.objects.filter(path__startswith=owner.path, kind__in=kinds).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=data.period_end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=data.period_start),
        )
        seen = {u.pk for u in units}
        units += [u for u in extra.order_by("path") if u.pk not in seen]
    outside = [u.code for u in units if not u.is_within(owner)]
    if outside:
        raise _bad(
            f"Đơn vị không thuộc đơn vị chủ trì {owner.name}: {', '.join(outside[:20])}",
            f"Units outside the owner {owner.name}: {', '.join(outside[:20])}",
        )
    unscored = sorted({u.level for u in units} - set(data.frameworks))
    if unscored:
        labels = ", ".join(str(Level(lv).label) for lv in unscored)
        raise _bad(
            f"Chưa chọn bảng điểm cho cấp: {labels}",
            f"No framework chosen for level(s): {', '.join(unscored)}",
        )
    return units


def _locks(campaign: Campaign, data: CampaignData, units: Sequence[Unit]) -> None:
    state = campaign.state
    current_fw = dict(campaign.frameworks.values_list("level", "framework"))
    if state in (CampaignState.PUBLISHED, CampaignState.ARCHIVED):
        frozen = {
            "owner": (campaign.owner.code, data.owner_code),
            "period": (
                (campaign.period_start, campaign.period_end),
                (data.period_start, data.period_end),
            ),
            "frameworks": (current_fw, data.frameworks),
            "participants": (
                set(campaign.participants.values_list("pk", flat=True)),
                {u.pk for u in units},
            ),
            "tie_breakers": (list(campaign.tie_breakers), list(data.tie_breakers)),
            "colours": (
                (campaign.green_from, campaign.amber_from),
                (data.green_from, data.amber_from),
            ),
        }
        changed = [k for k, (old, new) in frozen.items() if old != new]
        if changed:
            raise _bad(
                f"Đợt thi đua đã công bố: chỉ được sửa tên và mốc thời gian (không sửa {', '.join(changed)})",
                f"The campaign is published: only the title and milestones may change (not {', '.join(changed)})",
            )
        return
    if state != CampaignState.DRAFT and current_fw != data.frameworks:
        raise _bad(
            "Không đổi bảng điểm khi đợt thi đua đã mở",
            "Frameworks cannot change once the campaign is open",
        )
    kept = {u.pk for u in units}
    dropped = (
        Result.objects.filter(campaign=campaign)
        .exclude(unit_id__in=kept)
        .values_list("unit__code", flat=True)
        .distinct()
    )
    if dropped:
        raise _bad(
            f"Không bỏ được đơn vị đã có kết quả: {', '.join(sorted(dropped)[:20])}",
            f"Units with results cannot be removed: {', '.join(sorted(dropped)[:20])}",
        )


def save_campaign(user: Any, data: CampaignData, *, campaign: Campaign | None = None) -> Campaign:
    """Create (``campaign`` None) or update a campaign; raises Denied or BadInput."""
    _check(data)
    with transaction.atomic():
        owner = Unit.objects.filter(code=data.owner_code).first()
        if owner is None:
            raise _bad(
                f"Không có đơn vị mã '{data.owner_code}'", f"No unit with code '{data.owner_code}'"
            )
        if campaign is None:
            if not policy.can_create_campaign(user, owner):
                raise Denied()
            if Campaign.objects.filter(code=data.code).exists():
                raise _bad(f"Mã '{data.code}' đã được dùng", f"Code '{data.code}' is taken")
            before = None
            campaign = Campaign(code=data.code, state=CampaignState.DRAFT)
        else:
            campaign = (
                Campaign.objects.select_for_update().select_related("owner").get(pk=campaign.pk)
            )
            if not policy.can_manage_campaign(user, campaign) or (
                owner != campaign.owner and not policy.can_create_campaign(user, owner)
            ):
                raise Denied()
            before = snapshot(campaign)
        units = _participants(data, owner)
        if before is not None:
            _locks(campaign, data, units)
        campaign.title = data.title.strip()
        campaign.owner = owner
        campaign.period_start, campaign.period_end = data.period_start, data.period_end
        campaign.tie_breakers = list(data.tie_breakers)
        campaign.green_from, campaign.amber_from = data.green_from, data.amber_from
        campaign.save()
        campaign.participants.set(units)
        LevelFramework.objects.filter(campaign=campaign).exclude(
            level__in=list(data.frameworks)
        ).delete()
        for level, code in data.frameworks.items():
            LevelFramework.objects.update_or_create(
                campaign=campaign, level=level, defaults={"framework": code}
            )
        campaign.milestones.all().delete()
        Milestone.objects.bulk_create(
            [
                Milestone(campaign=campaign, kind=m.kind, date=m.date, title=m.title)
                for m in data.milestones
            ]
        )
        after = snapshot(campaign)
        if after != before:
            record(
                user,
                "campaign.create" if before is None else "campaign.update",
                object_type="campaign",
                object_id=campaign.code,
                campaign=campaign.code,
                before=before,
                after=after,
            )
    return campaign
