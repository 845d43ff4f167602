"""Repeat victims contacted within the agreed time (issue 10 item 7): the due day from the victim's
contact agreement, Enhanced Rights or the default working days, on time / late / overdue / pending
on the page and in the scorecard measure, and contact dates that cannot be right refused."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from django.test import Client
from django.utils import timezone

from safer.accounts.models import Role
from safer.crime.models import Incident
from safer.lib.metrics import Period, get_metric
from safer.places.models import Neighbourhood
from safer.testing import create_neighbourhood, create_staff, sign_in
from safer.victims import actions
from safer.victims.models import RepeatVictimContact
from safer.victims.queries import LATE, ON_TIME, OVERDUE, PENDING, repeat_victims
from safer.victims.tests.factories import incident, officer, victim

pytestmark = pytest.mark.django_db

PAGE = "/victims/repeat-victims/"
FRIDAY = dt.date(2026, 8, 28)  # the Friday before the summer bank holiday (Monday 31 August 2026)
LATER = dt.date(2026, 12, 7)  # "today" for the fixed-date cases: every due day has passed


def at(nb: Neighbourhood, day: dt.date, ref: str, hour: int = 12) -> Incident:
    """An incident of victim `ref` at noon (local) on `day`."""
    made = incident(nb, "burglary", victim_ref=ref)
    made.occurred_at = dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())
    made.save(update_fields=["occurred_at"])
    return made


def repeat_on(nb: Neighbourhood, day: dt.date, ref: str) -> Incident:
    """A repeat incident on `day` (just after midnight, so one today is already in the past): the
    same victim had one 30 days before."""
    at(nb, day - dt.timedelta(days=30), ref)
    return at(nb, day, ref, hour=0)


def listed(nb: Neighbourhood, around: dt.date, today: dt.date = LATER) -> dict[str, tuple[dt.date, str]]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(around - dt.timedelta(days=3), dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(around + dt.timedelta(days=3), dt.time.max, tzinfo=tz)
    rows = repeat_victims(Incident.objects.filter(neighbourhood=nb), start, end, today=today)
    return {r.incident.victim_ref: (r.due_on, r.status) for r in rows}


def working_days_after(day: dt.date, n: int) -> dt.date:
    """Counted here independently of workdays.py: weekdays not on an England and Wales bank holiday."""
    bank = holidays.country_holidays("GB", subdiv="ENG", years=[day.year, day.year + 1])
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in bank:
            n -= 1
    return day


def test_without_a_victim_record_the_contact_is_due_in_2_working_days_across_a_bank_holiday() -> None:
    nb = create_neighbourhood()
    due = working_days_after(FRIDAY, 2)
    assert due == dt.date(2026, 9, 2)  # Monday 31 August is a bank holiday: Tuesday, then Wednesday
    for ref, contacted in (("IN-TIME", due), ("LATE", due + dt.timedelta(days=1)), ("NONE", None)):
        repeat = repeat_on(nb, FRIDAY, ref)
        if contacted:
            RepeatVictimContact.objects.create(incident=repeat, method="phone", contacted_on=contacted)
    assert listed(nb, FRIDAY) == {"IN-TIME": (due, ON_TIME), "LATE": (due, LATE), "NONE": (due, OVERDUE)}
    # until the end of the due day a victim not yet contacted is pending, not overdue
    assert listed(nb, FRIDAY, today=due)["NONE"] == (due, PENDING)


def test_a_contact_dated_before_the_repeat_incident_does_not_count_for_it() -> None:
    nb = create_neighbourhood()
    repeat = repeat_on(nb, FRIDAY, "EARLY")
    RepeatVictimContact.objects.create(
        incident=repeat, method="phone", contacted_on=FRIDAY - dt.timedelta(days=1)
    )
    assert listed(nb, FRIDAY)["EARLY"][1] == OVERDUE


def test_a_victim_record_s_agreed_update_frequency_sets_the_due_day() -> None:
    nb = create_neighbourhood()
    pc = officer(nb)
    first = at(nb, FRIDAY - dt.timedelta(days=30), "AGREED")
    victim(pc, [first], update_every_days=14)  # the record is linked to the earlier incident
    repeat = at(nb, FRIDAY, "AGREED")
    agreed = FRIDAY + dt.timedelta(days=14)
    RepeatVictimContact.objects.create(incident=repeat, method="visit", contacted_on=agreed)
    assert listed(nb, FRIDAY)["AGREED"] == (agreed, ON_TIME)
    # a record linked to the repeat incident itself comes first
    victim(pc, [repeat], update_every_days=7)
    assert listed(nb, FRIDAY)["AGREED"] == (FRIDAY + dt.timedelta(days=7), LATE)


def test_under_enhanced_rights_the_contact_is_due_in_1_working_day() -> None:
    nb = create_neighbourhood()
    pc = officer(nb)
    repeat = repeat_on(nb, FRIDAY, "ENHANCED")
    record = victim(pc, [repeat], update_every_days=28)
    actions.assess(pc, record, ["persistent"], "", "")
    one_day = working_days_after(FRIDAY, 1)
    assert one_day == dt.date(2026, 9, 1)
    RepeatVictimContact.objects.create(incident=repeat, method="phone", contacted_on=dt.date(2026, 9, 2))
    assert listed(nb, FRIDAY)["ENHANCED"] == (one_day, LATE)
    # a reassessment with no Enhanced Rights category puts the agreement back
    actions.assess(pc, record, [], "", "")
    assert listed(nb, FRIDAY)["ENHANCED"] == (FRIDAY + dt.timedelta(days=28), ON_TIME)


def test_the_measure_counts_contacts_in_time_and_leaves_out_those_not_yet_due() -> None:
    nb = create_neighbourhood()
    today = timezone.localdate()
    old = today - dt.timedelta(days=30)  # 30 days ago: every due day has passed
    on_time = repeat_on(nb, old, "A")
    RepeatVictimContact.objects.create(incident=on_time, method="phone", contacted_on=old)
    late = repeat_on(nb, old, "B")
    RepeatVictimContact.objects.create(incident=late, method="phone", contacted_on=today)
    repeat_on(nb, old, "C")  # never contacted
    repeat_on(nb, today, "D")  # today: due in 2 working days, not yet contacted
    metric = get_metric("crime.repeat_victims_contacted")
    assert metric is not None and metric.label == "Repeat victims contacted within the agreed time"
    assert "2 working days" in metric.method and "Enhanced Rights" in metric.method
    places = Neighbourhood.objects.filter(pk=nb.pk)
    m = metric.compute(places, Period(today - dt.timedelta(days=60), today))
    assert (m.numerator, m.denominator) == (1, 3) and m.value == pytest.approx(100 / 3)
    assert m.note == "1 contacted late, 1 not contacted by the due day, 1 not yet due (left out)."
    only_pending = metric.compute(places, Period(today, today))
    assert only_pending.value is None and "1 not yet due" in only_pending.note


def test_the_page_shows_each_due_day_and_status_and_refuses_impossible_contact_dates(
    client: Client,
) -> None:
    nb = create_neighbourhood()
    today = timezone.localdate()
    old = today - dt.timedelta(days=30)
    contacted = repeat_on(nb, old, "A")
    RepeatVictimContact.objects.create(incident=contacted, method="phone", contacted_on=old)
    overdue = repeat_on(nb, old, "C")
    pending = repeat_on(nb, today, "D")
    sign_in(client, create_staff(Role.SERGEANT, neighbourhoods=[nb]))
    page = client.get(PAGE).content.decode()
    table = page[page.index('id="victims"') : page.index("</table>", page.index('id="victims"'))]
    assert '<strong class="govuk-tag govuk-tag--green">On time</strong>' in table
    assert '<strong class="govuk-tag govuk-tag--red">Not contacted: overdue</strong>' in table
    assert '<strong class="govuk-tag govuk-tag--blue">Not yet contacted</strong>' in table
    assert f"{working_days_after(today, 2):%-d %b %Y}</td>" in table
    assert "Contact due by" in table
    for bad, error in (
        (today + dt.timedelta(days=1), "cannot be in the future"),
        (old - dt.timedelta(days=1), "on or after the incident"),
    ):
        response = client.post(
            PAGE, {"incident": overdue.pk, "method": "visit", "contacted_on": bad.isoformat()}
        )
        assert response.status_code == 200 and error in response.content.decode()
    assert not RepeatVictimContact.objects.filter(incident__in=[overdue, pending]).exists()
    response = client.post(
        PAGE, {"incident": overdue.pk, "method": "visit", "contacted_on": today.isoformat()}
    )
    assert response.status_code == 302
    page = client.get(PAGE).content.decode()
    assert '<strong class="govuk-tag govuk-tag--orange">Late</strong>' in page
