"""What the public pages show about people, worked out once in Python so templates stay simple."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateformat import format as format_date

from safer.places.models import Neighbourhood
from safer.teams.models import Membership, Person, Rank, team_for

LEADER_ROLES = {Rank.INSPECTOR.value, Rank.SERGEANT.value}


@dataclass(frozen=True)
class TeamMember:
    person: Person
    role_key: str  # Rank value of the role in this team
    role: str  # its label, e.g. "PCSO"
    on_duty: bool
    duty_text: str  # "On duty until 18:00", "On duty", "Off duty"
    stale: bool

    @property
    def photo_alt(self) -> str:
        return self.person.photo_alt or f"Photo of {self.person.display_name}"


def duty_text(person: Person, now: dt.datetime) -> str:
    if not person.is_on_duty(now):
        return "Off duty"
    if person.duty_until is None:
        return "On duty"
    until = timezone.localtime(person.duty_until)
    if until.date() == timezone.localtime(now).date():
        return f"On duty until {until:%H:%M}"
    if until.date() == timezone.localtime(now).date() + dt.timedelta(days=1):
        return f"On duty until {until:%H:%M} tomorrow"
    return f"On duty until {until:%H:%M} on {format_date(until, 'j F')}"


def present(membership: Membership, now: dt.datetime, today: dt.date) -> TeamMember:
    person = membership.person
    return TeamMember(
        person=person,
        role_key=membership.role,
        role=membership.get_role_display(),
        on_duty=person.is_on_duty(now),
        duty_text=duty_text(person, now),
        stale=person.details_are_stale(today),
    )


@dataclass(frozen=True)
class Team:
    leaders: list[TeamMember]  # the named inspector(s) then sergeant(s)
    members: list[TeamMember]  # PCs, PCSOs, then everyone else

    @property
    def on_duty(self) -> list[TeamMember]:
        return [m for m in self.leaders + self.members if m.on_duty]

    @property
    def everyone(self) -> list[TeamMember]:
        return self.leaders + self.members


def team_of(neighbourhood: Neighbourhood, now: dt.datetime | None = None) -> Team:
    """The team in page order (one query): team_for() already sorts by rank."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    shown = [present(m, now, today) for m in team_for(neighbourhood)]
    leaders = [m for m in shown if m.role_key in LEADER_ROLES]
    members = [m for m in shown if m.role_key not in LEADER_ROLES]
    return Team(leaders=leaders, members=members)
