"""An inspection plan: its units, teams, dates and deadlines, as frozen data.

The YAML loader lives in :mod:`thidua.scheduling.loader`; this module only
holds the shapes and the lookups every other module needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property

from thidua.scheduling.calendar import WorkingCalendar
from thidua.scheduling.messages import Message

#: Unit kinds of the glossary (DESIGN.md §2) the scheduler knows by name.
COMMUNE_KINDS = frozenset({"xa", "phuong", "thi_tran"})


@dataclass(frozen=True)
class Unit:
    """A body that sits on teams or is inspected: a district office, a commune..."""

    code: str
    name: str
    kind: str = "khac"


@dataclass(frozen=True)
class Secretary:
    """The team's secretary: a staff member of the lead unit, possibly unnamed."""

    unit: str
    name: str | None = None


@dataclass(frozen=True)
class Team:
    """An inspection team ("đoàn kiểm tra")."""

    code: str
    name: str
    lead: str
    members: tuple[str, ...]
    inspects: tuple[str, ...]
    secretary: Secretary
    #: Overrides the plan's visits per team per day when set.
    visits_per_day: int | None = None
    #: Overrides the plan's report deadline when set.
    report_due: dt.date | None = None
    #: Dates the team cannot go out (its lead or a member unit is needed elsewhere).
    unavailable_dates: tuple[dt.date, ...] = ()

    @property
    def crew(self) -> tuple[str, ...]:
        """Return the lead unit followed by the member units."""
        return (self.lead, *self.members)


@dataclass(frozen=True)
class Pin:
    """A manual edit: this team visits this unit on this date."""

    team: str
    unit: str
    date: dt.date


@dataclass(frozen=True)
class Forbid:
    """A manual edit: this unit cannot receive a visit on this date."""

    unit: str
    date: dt.date


@dataclass(frozen=True)
class IssuingBody:
    """Who issues the plan and signs its documents."""

    name: str
    parent: str | None = None
    place: str | None = None
    abbreviation: str | None = None
    signer_titles: tuple[str, ...] = ()
    signer_name: str | None = None
    #: Unit code of the standing agency that receives the teams' reports.
    standing_agency: str | None = None


@dataclass(frozen=True)
class Plan:
    """An inspection plan ("kế hoạch kiểm tra")."""

    code: str
    title: str
    window_start: dt.date
    window_end: dt.date
    register_by: dt.date
    notice_working_days: int
    result_notice_working_days: int
    report_due: dt.date
    units: tuple[Unit, ...]
    teams: tuple[Team, ...]
    visits_per_team_per_day: int = 1
    excluded_dates: tuple[dt.date, ...] = ()
    pins: tuple[Pin, ...] = ()
    forbids: tuple[Forbid, ...] = ()
    issuing_body: IssuingBody | None = None
    document_number: str | None = None
    document_date: dt.date | None = None
    outlines: str | None = None
    source: str | None = None
    #: Judgement calls made when transcribing the plan, for the record.
    notes: tuple[str, ...] = ()
    #: Problems the loader noticed but accepted.
    warnings: tuple[Message, ...] = field(default=(), compare=False)

    @cached_property
    def _units(self) -> dict[str, Unit]:
        return {unit.code: unit for unit in self.units}

    @cached_property
    def _teams(self) -> dict[str, Team]:
        return {team.code: team for team in self.teams}

    def unit(self, code: str) -> Unit:
        """Return the unit with this code (KeyError if unknown)."""
        return self._units[code]

    def has_unit(self, code: str) -> bool:
        """Return True if the plan lists a unit with this code."""
        return code in self._units

    def unit_name(self, code: str) -> str:
        """Return the unit's name, or its code if the plan does not list it."""
        unit = self._units.get(code)
        return unit.name if unit is not None else code

    def team(self, code: str) -> Team:
        """Return the team with this code (KeyError if unknown)."""
        return self._teams[code]

    def capacity(self, team: Team) -> int:
        """Return how many visits ``team`` may make in one day."""
        return team.visits_per_day or self.visits_per_team_per_day

    def team_report_due(self, team: Team) -> dt.date:
        """Return the date by which ``team`` sends its report."""
        return team.report_due or self.report_due

    def pairs(self) -> tuple[tuple[str, str], ...]:
        """Return every (team code, inspected unit code) pair, in plan order."""
        return tuple((team.code, unit) for team in self.teams for unit in team.inspects)

    def teams_of(self, unit: str) -> tuple[Team, ...]:
        """Return the teams that ``unit`` leads or sits on."""
        return tuple(team for team in self.teams if unit in team.crew)

    def inspectors_of(self, unit: str) -> tuple[Team, ...]:
        """Return the teams that inspect ``unit``."""
        return tuple(team for team in self.teams if unit in team.inspects)

    def forbidden_dates(self, unit: str) -> frozenset[dt.date]:
        """Return the dates on which ``unit`` cannot receive a visit."""
        return frozenset(f.date for f in self.forbids if f.unit == unit)

    def unavailable_dates(self, team: str) -> frozenset[dt.date]:
        """Return the dates on which ``team`` cannot go out (empty for an unknown team)."""
        found = self._teams.get(team)
        return frozenset(found.unavailable_dates) if found is not None else frozenset()

    def calendar(self) -> WorkingCalendar:
        """Return the plan's working-day calendar (holidays and excluded dates)."""
        return WorkingCalendar(excluded=frozenset(self.excluded_dates))

    def with_edits(self, *, pins: tuple[Pin, ...] = (), forbids: tuple[Forbid, ...] = ()) -> Plan:
        """Return a copy of the plan with more pinned visits and forbidden dates."""
        return replace(self, pins=self.pins + pins, forbids=self.forbids + forbids)
