"""Every permission of the platform, decided here and nowhere else.

A role is held in one unit and reaches that unit's whole subtree (DESIGN §1):

* ``viewer`` reads results, evidence and scores of the subtree;
* ``reporter`` also enters the subtree's self-assessment while the campaign is
  open and, after the submission deadline, no longer;
* ``appraiser`` reviews results of units strictly below its unit (the level
  above appraises, never a unit itself);
* ``admin`` does all of that, may reopen a result after the deadline, and runs
  the campaigns its unit owns.

Superusers may do everything. Views, the API and services ask this module;
none checks a role itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.web.accounts.models import Membership, Role
from thidua.web.campaigns.models import Campaign
from thidua.web.results.choices import APPRAISED, EDITABLE
from thidua.web.results.models import Evidence, Result
from thidua.web.units.models import Unit

ADMIN, REPORTER, APPRAISER, VIEWER = "admin", "reporter", "appraiser", "viewer"
READ_ROLES = frozenset({ADMIN, REPORTER, APPRAISER, VIEWER})
APPRAISAL_ROLES = frozenset({ADMIN, APPRAISER})
OVERSIGHT_ROLES = frozenset({ADMIN, APPRAISER, VIEWER})
assert frozenset(Role.values) == READ_ROLES


@dataclass(frozen=True)
class Grant:
    path: str
    role: str


def _grants(user: Any) -> tuple[Grant, ...]:
    """The user's (unit path, role) pairs, loaded once per user object."""
    if user is None or not user.is_authenticated:
        return ()
    cached: tuple[Grant, ...] | None = getattr(user, "_thidua_grants", None)
    if cached is None:
        cached = tuple(
            Grant(path, role)
            for path, role in Membership.objects.filter(user=user).values_list("unit__path", "role")
        )
        user._thidua_grants = cached
    return cached


def _is_super(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def roles_over(user: Any, unit: Unit) -> frozenset[str]:
    """Roles the user holds in ``unit`` or any unit above it."""
    return frozenset(g.role for g in _grants(user) if unit.path.startswith(g.path))


def roles_strictly_above(user: Any, unit: Unit) -> frozenset[str]:
    """Roles the user holds in a unit above ``unit`` (not in ``unit`` itself)."""
    return frozenset(
        g.role for g in _grants(user) if unit.path.startswith(g.path) and unit.path != g.path
    )


def _today() -> dt.date:
    return timezone.localdate()


# --- units and campaigns -------------------------------------------------------------------


def can_view_unit(user: Any, unit: Unit) -> bool:
    return _is_super(user) or bool(roles_over(user, unit) & READ_ROLES)


def home_units(user: Any) -> QuerySet[Unit]:
    """The units the user's roles are held in (the roots of what they may see)."""
    if _is_super(user):
        return Unit.objects.filter(parent__isnull=True)
    return Unit.objects.filter(path__in=[g.path for g in _grants(user)]).distinct()


def units_in_scope(
    user: Any, queryset: QuerySet[Unit], roles: frozenset[str] = READ_ROLES
) -> QuerySet[Unit]:
    """``queryset`` narrowed to units below a unit where the user holds one of ``roles``."""
    if _is_super(user):
        return queryset
    paths = [g.path for g in _grants(user) if g.role in roles]
    if not paths:
        return queryset.none()
    q = Q()
    for p in paths:
        q |= Q(path__startswith=p)
    return queryset.filter(q)


def can_view_campaign(user: Any, campaign: Campaign) -> bool:
    """Anyone holding a role in the campaign's owner, above it, or in a participating unit's tree."""
    if _is_super(user):
        return True
    owner_path = campaign.owner.path
    for g in _grants(user):
        if owner_path.startswith(g.path) or g.path.startswith(owner_path):
            return True
    return False


def visible_campaigns(user: Any) -> list[Campaign]:
    return [c for c in Campaign.objects.select_related("owner") if can_view_campaign(user, c)]


def can_manage_campaign(user: Any, campaign: Campaign) -> bool:
    """Change the state, milestones and frameworks of a campaign: admins of its owner."""
    return _is_super(user) or ADMIN in roles_over(user, campaign.owner)


# --- results -------------------------------------------------------------------------------


def can_view_results(user: Any, campaign: Campaign, unit: Unit) -> bool:
    """Read a unit's results, drafts, evidence and explanations in a campaign."""
    return can_view_unit(user, unit) and can_view_campaign(user, campaign)


def deadline_passed(campaign: Campaign) -> bool:
    deadline = campaign.submission_deadline()
    return deadline is not None and _today() > deadline


def can_enter_results(user: Any, campaign: Campaign, unit: Unit) -> bool:
    """Edit drafts, upload evidence and submit: reporters (admins) of the unit's tree while open."""
    if campaign.state != "open":
        return False
    if _is_super(user):
        return True
    roles = roles_over(user, unit)
    if ADMIN in roles:
        return True
    return REPORTER in roles and not deadline_passed(campaign)


def can_edit_result(user: Any, result: Result) -> bool:
    return result.status in EDITABLE and can_enter_results(user, result.campaign, result.unit)


def can_appraise(user: Any, campaign: Campaign, unit: Unit) -> bool:
    """Accept, correct or return: appraisers (admins) of a unit above, while open or in appraisal."""
    if campaign.state not in ("open", "appraisal"):
        return False
    return _is_super(user) or bool(roles_strictly_above(user, unit) & APPRAISAL_ROLES)


def can_reopen(user: Any, result: Result) -> bool:
    """Send a submitted or appraised result back to the unit: admins above the unit."""
    if result.campaign.state not in ("open", "appraisal"):
        return False
    if result.status not in (*APPRAISED, "submitted"):
        return False
    return _is_super(user) or ADMIN in roles_strictly_above(user, result.unit)


def can_view_evidence(user: Any, evidence: Evidence) -> bool:
    return can_view_results(user, evidence.result.campaign, evidence.result.unit)


# --- rankings ------------------------------------------------------------------------------


def can_view_ranking(user: Any, campaign: Campaign) -> bool:
    """Published ranks: everyone in the campaign. Before: admins, appraisers and viewers."""
    if not can_view_campaign(user, campaign):
        return False
    if campaign.state in ("published", "archived") or _is_super(user):
        return True
    return any(g.role in OVERSIGHT_ROLES for g in _grants(user))


def ranking_units(user: Any, campaign: Campaign) -> QuerySet[Unit]:
    """The participants whose row the user may see in the campaign's ranking."""
    participants = campaign.participants.all()
    if campaign.state in ("published", "archived"):
        return participants if can_view_campaign(user, campaign) else participants.none()
    return units_in_scope(user, participants, OVERSIGHT_ROLES)
