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
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.web.accounts.models import Membership, Role
from thidua.web.campaigns.models import Campaign
from thidua.web.results.choices import APPRAISED, EDITABLE
from thidua.web.results.models import Evidence, Result
from thidua.web.units.models import Unit

if TYPE_CHECKING:
    from thidua.web.awards_web.models import FactEvidence
    from thidua.web.models_registry.models import ModelEvidence
    from thidua.web.reporting.models import SubmissionFile
    from thidua.web.tasks.models import TaskEvidence

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


class _System:
    """The command line acting for the operator who runs it (``thidua units ...``): may do
    everything. Not an authenticated user, so the audit log records the actor as "system"."""

    is_authenticated = False
    is_active = True
    is_superuser = True
    pk = None

    def get_username(self) -> str:
        return "system"


SYSTEM = _System()


def _is_super(user: Any) -> bool:
    if user is SYSTEM:
        return True
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
    return result.status in EDITABLE and (
        can_enter_results(user, result.campaign, result.unit) or can_fix_reopened(user, result)
    )


def can_fix_reopened(user: Any, result: Result) -> bool:
    """A row an administrator reopened after the deadline: its unit's reporters, until the date."""
    if result.reopened_until is None or _today() > result.reopened_until:
        return False
    if result.status not in EDITABLE or result.campaign.state not in ("open", "appraisal"):
        return False
    return _is_super(user) or bool(roles_over(user, result.unit) & {ADMIN, REPORTER})


def can_appraise(user: Any, campaign: Campaign, unit: Unit) -> bool:
    """Accept, correct or return: appraisers (admins) of a unit above, while open or in appraisal."""
    if campaign.state not in ("open", "appraisal"):
        return False
    return _is_super(user) or bool(roles_strictly_above(user, unit) & APPRAISAL_ROLES)


def can_reopen(user: Any, result: Result) -> bool:
    """Send a submitted or appraised result back to the unit, even after the deadline.

    Administrators above the unit; the unit may then fix that row until the
    date they set (can_fix_reopened).
    """
    if result.campaign.state not in ("open", "appraisal"):
        return False
    if result.status not in (*APPRAISED, "submitted"):
        return False
    return _is_super(user) or ADMIN in roles_strictly_above(user, result.unit)


def can_view_evidence(user: Any, evidence: Evidence) -> bool:
    """Download a result's evidence file: whoever reads the unit's results. A file taken down
    (``results.evidence.remove``) is nobody's to download: it is kept only for the record."""
    if evidence.removed_at is not None:
        return False
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


# --- reports, department tasks, models registry, awards -----------------------------------

RUNNING = ("open", "appraisal")
UNIT_WRITERS = frozenset({ADMIN, REPORTER})


def _writes_for(user: Any, campaign: Campaign, unit: Unit) -> bool:
    """Reporters and admins of the unit's tree, while the campaign runs (no deadline applies)."""
    if campaign.state not in RUNNING:
        return False
    return _is_super(user) or bool(roles_over(user, unit) & UNIT_WRITERS)


def can_manage_reporting(user: Any, campaign: Campaign) -> bool:
    """Create obligations and instances, set the cut-off, recompute C.1, waive events."""
    return can_manage_campaign(user, campaign)


def can_submit_report(user: Any, campaign: Campaign, unit: Unit) -> bool:
    """Send (or resend) a report for ``unit``: its reporters and admins while the campaign runs.

    Unlike self-assessment, the submission deadline does not stop it: a late
    report is still a report, and its lateness is what C.1 measures.
    """
    return _writes_for(user, campaign, unit)


def can_manage_tasklists(user: Any, campaign: Campaign) -> bool:
    """Load or import task lists, review agency names, set due dates: campaign admins."""
    return can_manage_campaign(user, campaign)


def can_report_task(user: Any, campaign: Campaign, lead: Unit) -> bool:
    """Report status, result and evidence of a task: reporters and admins of its lead unit."""
    return _writes_for(user, campaign, lead)


def can_contribute_task(user: Any, campaign: Campaign, unit: Unit) -> bool:
    """Add a coordinating unit's contribution: reporters and admins of that unit."""
    return _writes_for(user, campaign, unit)


def can_confirm_task(user: Any, campaign: Campaign, lead: Unit) -> bool:
    """Confirm or send back a reported task: appraisers (admins) above the lead unit."""
    if campaign.state not in RUNNING:
        return False
    return _is_super(user) or bool(roles_strictly_above(user, lead) & APPRAISAL_ROLES)


def can_view_report_file(user: Any, file: SubmissionFile) -> bool:
    """Download a file sent with a report: whoever reads the reporting unit's results."""
    sub = file.submission
    return can_view_results(user, sub.instance.obligation.campaign, sub.unit)


def can_view_task_evidence(user: Any, evidence: TaskEvidence) -> bool:
    """Download a department task's evidence file: whoever sees the campaign (as its task pages)."""
    return can_view_campaign(user, evidence.task.task_list.campaign)


def can_view_model_evidence(user: Any, evidence: ModelEvidence) -> bool:
    """Download a registered model's evidence file: whoever reads the model's unit's results."""
    return can_view_results(user, evidence.model.campaign, evidence.model.unit)


def can_register_model(user: Any, campaign: Campaign, unit: Unit) -> bool:
    """Register a model (mô hình) of ``unit`` and attach its evidence."""
    return _writes_for(user, campaign, unit)


def can_record_recognition(user: Any, campaign: Campaign) -> bool:
    """Record that a model was commended or replicated (gives B.2 / B.3): campaign admins."""
    return can_manage_campaign(user, campaign) and campaign.state in RUNNING


def can_view_awards(user: Any, campaign: Campaign) -> bool:
    """The proposal list of a level: the same people who may see the campaign's ranking."""
    return can_view_ranking(user, campaign)


def can_manage_proposals(user: Any, campaign: Campaign) -> bool:
    """Draw up the proposal list, write dossiers and submit them: campaign admins."""
    return can_manage_campaign(user, campaign)


def can_review_dossier(user: Any, campaign: Campaign) -> bool:
    """Mark dossiers reviewed, approved or rejected: admins and appraisers of the owner."""
    return _is_super(user) or bool(roles_over(user, campaign.owner) & APPRAISAL_ROLES)


def can_view_facts(user: Any, campaign: Campaign, unit: Unit) -> bool:
    """A unit's named facts of the award gates and their evidence: whoever reads its results."""
    return can_view_results(user, campaign, unit)


def can_view_fact_evidence(user: Any, evidence: FactEvidence) -> bool:
    """Download an evidence file of a named fact: whoever reads the fact's unit's facts."""
    fact = evidence.fact
    return can_view_facts(user, fact.campaign, fact.unit)


def can_record_fact(user: Any, campaign: Campaign, unit: Unit) -> bool:
    """Record, change or withdraw a named fact of ``unit`` and attach its evidence.

    Appraisers (admins) of a unit above it, as for appraisal, and the campaign's
    administrators, while the campaign runs; frozen once it is published. Never
    the unit itself: a fact is the level above's finding, like an appraised value.
    """
    if campaign.state not in RUNNING:
        return False
    return (
        _is_super(user)
        or bool(roles_strictly_above(user, unit) & APPRAISAL_ROLES)
        or can_manage_campaign(user, campaign)
    )


# --- individual award nominations -----------------------------------------------------------
#
# A level's individuals are put forward by its nominating units: the district for communes and
# villages (the plan's per-parent quota), each unit itself at a level without one. Only the
# nominating unit's tree and the levels above read its list; a commune sees no district's list,
# only its own people, on its award page.


def nominations_frozen(campaign: Campaign, level: str) -> bool:
    """No nomination of ``level`` may change: the campaign no longer runs (published ranks
    and proposals are frozen), or a dossier of the level has left the draft, so its list
    can no longer be drawn up again."""
    if campaign.state not in RUNNING:
        return True
    from thidua.web.awards_web.models import IndividualProposal, Proposal

    return any(
        model.objects.filter(campaign=campaign, level=level).exclude(status="drafted").exists()
        for model in (Proposal, IndividualProposal)
    )


def can_view_nominations(user: Any, campaign: Campaign, proposer: Unit) -> bool:
    """The individuals ``proposer`` nominates: whoever reads the nominating unit (its
    officials and the levels above), never a unit below it or beside it."""
    return can_view_campaign(user, campaign) and can_view_unit(user, proposer)


def can_nominate(user: Any, campaign: Campaign, proposer: Unit, level: str) -> bool:
    """Add, change, reorder or remove the individuals ``proposer`` nominates at ``level``:
    reporters and admins of the nominating unit (or above) and the campaign's administrators,
    while nominations of the level are open (:func:`nominations_frozen`)."""
    if nominations_frozen(campaign, level):
        return False
    return (
        _is_super(user)
        or bool(roles_over(user, proposer) & UNIT_WRITERS)
        or can_manage_campaign(user, campaign)
    )


def can_view_unit_nominees(user: Any, campaign: Campaign, unit: Unit) -> bool:
    """The people nominated from ``unit`` (not what the allocation decided for them, which is
    :func:`can_view_awards`): whoever reads the unit's results."""
    return can_view_results(user, campaign, unit)


# --- administration: units, accounts, campaigns ---------------------------------------------
#
# An admin's reach is the subtree of the unit the role is held in: it creates and edits units
# below (and its own unit, though never moves it out of reach), grants roles there, and manages
# accounts whose every role lies there. Root units (provinces) are created by superusers only.


def is_admin_anywhere(user: Any) -> bool:
    """Whether the user sees the administration pages at all."""
    return _is_super(user) or any(g.role == ADMIN for g in _grants(user))


def can_admin_unit(user: Any, unit: Unit) -> bool:
    """Edit ``unit``, create units below it, grant roles in it: admins of it or a unit above."""
    return _is_super(user) or ADMIN in roles_over(user, unit)


def can_place_unit(user: Any, parent: Unit | None) -> bool:
    """Put a unit (new or moved) under ``parent``; a root unit (no parent) needs a superuser."""
    if parent is None:
        return _is_super(user)
    return can_admin_unit(user, parent)


def admin_units(user: Any, queryset: QuerySet[Unit] | None = None) -> QuerySet[Unit]:
    """``queryset`` (all units by default) narrowed to those the user administers."""
    return units_in_scope(
        user, Unit.objects.all() if queryset is None else queryset, frozenset({ADMIN})
    )


def can_manage_groups(user: Any) -> bool:
    """Unit groups are shared labels ("khối thi đua"): any administrator may define them."""
    return is_admin_anywhere(user)


def can_merge_units(user: Any, predecessors: list[Unit], successor_parent: Unit | None) -> bool:
    """Record a merger: admin of every predecessor and of the place the successor sits in."""
    return (
        bool(predecessors)
        and all(can_admin_unit(user, u) for u in predecessors)
        and can_place_unit(user, successor_parent)
    )


def can_view_unit_history(user: Any, unit: Unit) -> bool:
    return can_view_unit(user, unit)


def can_view_lineage_result(user: Any, unit: Unit, campaign: Campaign) -> bool:
    """On ``unit``'s history page, a predecessor's or successor's *published* ranking row.

    The lineage is the unit's own history (a commune merged in 2025 inherits its
    predecessors' 2023 ranks), so readers of the unit see those frozen rows even when
    the predecessors lie outside their subtree. Unpublished figures still need
    :func:`can_view_results` on the unit they belong to.
    """
    return can_view_unit(user, unit) and campaign.state in ("published", "archived")


def _user_memberships(target: Any) -> list[tuple[str, str]]:
    return list(Membership.objects.filter(user=target).values_list("unit__path", "role"))


def _admin_paths(user: Any) -> list[str]:
    return [g.path for g in _grants(user) if g.role == ADMIN]


def can_view_account(user: Any, target: Any) -> bool:
    """See an account: admins of a unit where it holds a role."""
    if _is_super(user):
        return True
    paths = _admin_paths(user)
    return any(unit_path.startswith(p) for unit_path, _ in _user_memberships(target) for p in paths)


def can_manage_account(user: Any, target: Any) -> bool:
    """Change the name, the active flag or reset the password of ``target``.

    Admins whose reach covers *every* role the account holds (an account shared with
    another province is managed by someone above both); never a superuser's account
    unless the user is one.
    """
    if _is_super(user):
        return True
    if target.is_superuser or not user.is_authenticated:
        return False
    held = _user_memberships(target)
    paths = _admin_paths(user)
    return bool(held) and all(any(up.startswith(p) for p in paths) for up, _ in held)


def can_grant_role(user: Any, unit: Unit) -> bool:
    """Give or take away a role held in ``unit`` (new accounts start with one)."""
    return can_admin_unit(user, unit)


def can_grant_role_to(user: Any, target: Any, unit: Unit) -> bool:
    """Give an existing account a role in ``unit``: admins of the unit who can see the account."""
    return can_grant_role(user, unit) and can_view_account(user, target)


def can_create_campaign(user: Any, owner: Unit) -> bool:
    """Create a campaign run by ``owner``: admins of the owner."""
    return can_admin_unit(user, owner)


def managed_campaigns(user: Any) -> list[Campaign]:
    return [c for c in Campaign.objects.select_related("owner") if can_manage_campaign(user, c)]


def visible_accounts(user: Any) -> QuerySet[Any]:
    """The accounts :func:`can_view_account` allows, as a query (for lists)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.all()
    if _is_super(user):
        return users
    return users.filter(memberships__unit__in=admin_units(user)).distinct()


# --- inspections ----------------------------------------------------------------------------
#
# A plan belongs to the unit issuing it (a district). Its admins import, schedule and edit it;
# its admins and appraisers (the teams' members) record findings and close recommendations;
# its readers above see everything. An inspected unit sees only its own visits, fills in its
# own report and reports progress on its own recommendations.


def can_manage_inspections(user: Any, owner: Unit) -> bool:
    """Create, import, schedule and edit the inspection plans of ``owner``: its admins."""
    return can_admin_unit(user, owner)


def can_view_inspection_plan(user: Any, plan: Any) -> bool:
    """The whole plan (every team and visit): admins, appraisers and viewers of its owner."""
    return _is_super(user) or bool(roles_over(user, plan.owner) & OVERSIGHT_ROLES)


def can_record_findings(user: Any, plan: Any) -> bool:
    """Record findings and recommendations, close them: admins and appraisers of the owner."""
    return _is_super(user) or bool(roles_over(user, plan.owner) & APPRAISAL_ROLES)


def _inspected_unit(visit: Any) -> Unit | None:
    unit: Unit | None = visit.unit.unit
    return unit


def can_view_visit(user: Any, visit: Any) -> bool:
    """A visit, its report and recommendations: the plan's readers, or the inspected unit's."""
    if can_view_inspection_plan(user, visit.plan):
        return True
    unit = _inspected_unit(visit)
    return unit is not None and can_view_unit(user, unit)


def can_fill_unit_report(user: Any, visit: Any) -> bool:
    """Fill in the unit's report along the outline: reporters and admins of the inspected unit.

    A district office with no account on the platform (no linked unit) has its report
    entered by the plan's managers.
    """
    unit = _inspected_unit(visit)
    if unit is None:
        return can_manage_inspections(user, visit.plan.owner)
    return _is_super(user) or bool(roles_over(user, unit) & UNIT_WRITERS)


def can_report_progress(user: Any, visit: Any) -> bool:
    """Report progress on the visit's recommendations: the same people who fill its report."""
    return can_fill_unit_report(user, visit)


def can_edit_inspection_plan(user: Any, plan: Any) -> bool:
    """Change a plan in its forms (header, units, teams) or by YAML: the issuer's admins."""
    return can_manage_inspections(user, plan.owner)


def can_schedule_inspections(user: Any, plan: Any) -> bool:
    """Start a solve job of the plan (the schedule button, a manual edit): the issuer's admins."""
    return can_manage_inspections(user, plan.owner)


def can_view_solve_job(user: Any, plan: Any) -> bool:
    """Follow the plan's solve job (state, elapsed time, why it failed): the plan's readers."""
    return can_view_inspection_plan(user, plan)


def can_record_notice(user: Any, plan: Any) -> bool:
    """Mark a visit's (or the plan's) notices as sent, with date and number: the issuer's admins.

    The inspected unit reads the record on its visit and home page (:func:`can_view_visit`).
    """
    return can_manage_inspections(user, plan.owner)
