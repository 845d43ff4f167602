"""The victims app's staff pages in the access matrix (safer/accounts/tests/matrix.py): every role,
anonymous and a password-only session; a contact naming another team's incident is refused with
nothing changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.accounts import scopes
from safer.accounts.tests.matrix import Everyone, Row, World, check_everyone
from safer.crime.bulk import to_bng
from safer.crime.models import Incident
from safer.victims import actions
from safer.victims.records import Leaflet, Referral, Victim
from safer.victims.tests.factories import CONTACT

TODAY = timezone.localdate().isoformat()


def _incident(w: World, reference: str, days_ago: int, victim: str) -> Incident:
    lat, lng = 52.15, -2.29
    east, north = to_bng([lat], [lng])
    return Incident.objects.create(
        reference=f"{reference}-{w.neighbourhood.pk}",
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
        category="burglary-residential",
        latitude=lat,
        longitude=lng,
        easting=float(east[0]),
        northing=float(north[0]),
        victim_ref=victim,
        neighbourhood=w.neighbourhood,
    )


def repeat_victim(w: World) -> Incident:
    """A victim burgled twice this year: the second incident is the one staff contact them about."""
    if "repeat" not in w.extra:
        _incident(w, "FIRST", 40, victim=f"V{w.neighbourhood.pk}")
        w.extra["repeat"] = _incident(w, "SECOND", 3, victim=f"V{w.neighbourhood.pk}")
    incident: Incident = w.extra["repeat"]
    return incident


def recorded_victim(w: World) -> Victim:
    """A burglary victim (opt-out referral) whose officer in charge is the world's other PC."""
    if "victim" not in w.extra:
        w.person.user = w.other_user
        w.person.save()
        found = _incident(w, "VIC", 2, victim=f"VR{w.neighbourhood.pk}")
        w.extra["victim"] = actions.create_victim(w.other_user, [found], dict(CONTACT))
    victim: Victim = w.extra["victim"]
    return victim


def new_incident(w: World) -> Incident:
    if "new" not in w.extra:
        w.extra["new"] = _incident(w, "NEW", 1, victim="VN")
    found: Incident = w.extra["new"]
    return found


def referral(w: World) -> Referral:
    if "referral" not in w.extra:
        w.extra["referral"] = Referral.objects.create(
            victim=recorded_victim(w), service="Victim Advice Line", sent_to="x@example.org"
        )
    found: Referral = w.extra["referral"]
    return found


def leaflet(w: World) -> Leaflet:
    if "leaflet" not in w.extra:
        w.extra["leaflet"] = Leaflet.objects.create(
            victim=recorded_victim(w), channel="print", crime_reference="VIC"
        )
    found: Leaflet = w.extra["leaflet"]
    return found


def victim_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[recorded_victim(w).pk])


NOW = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
READERS = scopes.VICTIM_SUPERVISORS | scopes.VICTIM_SUPPORT  # the officer in charge is someone else
VICTIM_ROWS: list[Row] = [
    Row("victim records", lambda w: reverse("victims:records"), allowed=scopes.VICTIM_RECORD_READERS,
        scoped=False),
    Row("victims due", lambda w: reverse("victims:due"), allowed=scopes.VICTIM_OFFICERS, scoped=False),
    Row("find incident", lambda w: reverse("victims:find"), allowed=scopes.VICTIM_OFFICERS, scoped=False),
    Row(
        "record a victim",
        lambda w: reverse("victims:new", args=[new_incident(w).pk]),
        allowed=scopes.VICTIM_OFFICERS,
    ),
    Row(
        "record a victim (post)",
        lambda w: reverse("victims:new", args=[new_incident(w).pk]),
        "post",
        scopes.VICTIM_OFFICERS,
        data=lambda w: {"kind": "person", "name": "Alex Fictional", "method": "letter",
                        "address": "1 Example Street", "update_every_days": "28"},
        ok=(302,),
    ),
    Row("victim record", victim_url("victims:detail"), allowed=READERS),
    Row("contact agreement", victim_url("victims:contact"), allowed=scopes.VICTIM_SUPERVISORS),
    Row("contact agreement (post)", victim_url("victims:contact"), "post", scopes.VICTIM_SUPERVISORS,
        data=lambda w: {"name": "Alex Fictional", "method": "email", "email": "alex@example.org",
                        "update_every_days": "7"}, ok=(302,)),
    Row("needs assessment", victim_url("victims:assess"), "post", scopes.VICTIM_SUPERVISORS,
        data=lambda w: {"categories": ["vulnerable"], "needs": "Support to attend court"}, ok=(302,)),
    Row("consent", victim_url("victims:consent"), "post", scopes.VICTIM_SUPERVISORS,
        data=lambda w: {"choice": "given"}, ok=(302,)),
    Row("referral", victim_url("victims:refer"), "post", scopes.VICTIM_SUPERVISORS,
        data=lambda w: {"kind": "victim_service"}, ok=(302,)),
    Row("key decision", victim_url("victims:decision"), "post", scopes.VICTIM_SUPERVISORS,
        data=lambda w: {"decision": "Suspect arrested", "decided_at": NOW}, ok=(302,)),
    Row("update given", victim_url("victims:update"), "post", scopes.VICTIM_SUPERVISORS,
        data=lambda w: {"given_at": NOW}, ok=(302,)),
    Row("entitlement met", victim_url("victims:meet"), "post", scopes.VICTIM_SUPERVISORS,
        data=lambda w: {"kind": "vps"}, ok=(302,)),
    Row("leaflet", victim_url("victims:leaflet"), "post", scopes.VICTIM_SUPERVISORS,
        data=lambda w: {"variant": "large_print", "channel": "print"}, ok=(302,)),
    Row("retention review", victim_url("victims:retention"), "post", scopes.VICTIM_SUPERVISORS,
        data=lambda w: {"decision": "retain", "reason": "Linked investigation open",
                        "next_review_on": (timezone.localdate() + dt.timedelta(days=400)).isoformat()},
        ok=(302,)),
    Row("referral outcome", lambda w: reverse("victims:outcome", args=[referral(w).pk]), "post", READERS,
        data=lambda w: {"outcome": "accepted"}, ok=(302,)),
    Row("leaflet pdf", lambda w: reverse("victims:leaflet-pdf", args=[leaflet(w).pk]), allowed=READERS),
    Row("analyst purpose", lambda w: reverse("victims:purpose"), allowed=scopes.VICTIM_ANALYSTS,
        scoped=False),
    Row("analyst purpose (post)", lambda w: reverse("victims:purpose"), "post", scopes.VICTIM_ANALYSTS,
        data=lambda w: {"purpose": "Repeat burglary analysis for the area", "valid_until": TODAY},
        ok=(302,), scoped=False),
    Row("processing log", lambda w: reverse("victims:log"), allowed=scopes.DATA_PROTECTION, scoped=False),
]  # fmt: skip

ROWS: list[Row] = VICTIM_ROWS + [
    Row("repeat victims", lambda w: reverse("victims:repeats"), allowed=scopes.VICTIM_READERS),
    Row(
        "repeat victims (post)",
        lambda w: reverse("victims:repeats"),
        "post",
        scopes.VICTIM_READERS,
        data=lambda w: {"incident": repeat_victim(w).pk, "method": "phone", "contacted_on": TODAY},
        ok=(302,),
        object_in_data=True,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(
    row: Row, matrix_everyone: Everyone
) -> None:
    check_everyone(row, matrix_everyone)
