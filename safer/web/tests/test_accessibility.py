"""axe-core on every public page. Adding a page is one line in PUBLIC_PAGES.

Each entry is (name, path) where path is a string, or a function of the demo data (SiteData) that
returns one, e.g. ("team events", lambda d: f"/engagement/{d.neighbourhood.slug}/events").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from safer.conftest import axe_violations
from safer.web.tests.conftest import SiteData

Path = str | Callable[[SiteData], str]

PUBLIC_PAGES: list[tuple[str, Path]] = [
    ("home", "/"),
    ("find: choose a place", "/find?q=Much"),
    ("find: not found", "/find?q=ZZ99+9ZZ"),
    ("find: location outside the force", "/find?lat=51.5&lng=-0.12"),
    ("neighbourhood", lambda d: d.neighbourhood.get_absolute_url()),
    ("neighbourhood: crime", lambda d: f"{d.neighbourhood.get_absolute_url()}crime/"),
    ("accessibility statement", "/accessibility/"),
    ("privacy notice", "/privacy/"),
    ("area", lambda d: d.area.get_absolute_url()),
    ("former area", lambda d: d.former_area.get_absolute_url()),
    ("areas", "/areas/"),
    ("404", "/no-such-page"),
    ("scorecard", "/scorecard/"),
    ("scorecard: charter", "/scorecard/west-mercia-2021/"),
    ("scorecard: area", lambda d: f"/scorecard/west-mercia-2021/areas/{d.area.slug}/"),
    ("scorecard: team", lambda d: f"/scorecard/west-mercia-2021/neighbourhoods/{d.neighbourhood.slug}/"),
    ("contact your team", lambda d: f"/contact/{d.neighbourhood.slug}/"),
    ("contact: check your email", lambda d: f"/contact/{d.neighbourhood.slug}/check-email/"),
    ("contact: expired link", "/contact/confirm/not-a-token/"),
    ("team events", lambda d: f"/engagement/{d.neighbourhood.slug}/events/"),
    ("event", lambda d: _published_event(d)),
    ("you said, we did", lambda d: f"/engagement/{d.neighbourhood.slug}/priorities/"),
    ("local concerns", lambda d: f"/engagement/{d.neighbourhood.slug}/concerns/"),
    ("surveys", lambda d: f"/engagement/{d.neighbourhood.slug}/surveys/"),
    ("survey", lambda d: _survey(d).get_absolute_url()),
    ("survey results", lambda d: f"/engagement/surveys/{_survey(d).slug}/results/"),
    ("stations", "/engagement/stations/"),
    ("station", "/engagement/stations/worcester-police-station/"),
    ("parish council", lambda d: f"/engagement/councils/{_a_council()}/"),
    ("alerts", "/alerts/"),
    ("alerts: sign up", "/alerts/sign-up/"),
    ("alerts: quick sign-up", "/alerts/join/"),
    ("alerts: check your email", "/alerts/sign-up/check-your-email/"),
    ("alerts: ask for a manage link", "/alerts/manage/"),
    ("alerts: manage", lambda d: _alerts_manage_path()),
    ("alerts: archive", lambda d: f"/alerts/neighbourhoods/{_alerts_sent().neighbourhoods.first().slug}/"),
    ("alerts: message", lambda d: _alerts_sent().get_absolute_url()),
]


def _published_event(d: Any) -> str:
    from safer.engagement.models import Event

    event = Event.objects.filter(neighbourhood=d.neighbourhood, status="published").first()
    assert event is not None, "the demo has a published event for this team"
    return event.get_absolute_url()


def _survey(d: Any) -> Any:
    from safer.engagement.models import Survey

    return Survey.objects.get(neighbourhood=d.neighbourhood)


def _a_council() -> int:
    from safer.engagement.models import ParishCouncil

    return ParishCouncil.objects.order_by("pk").values_list("pk", flat=True)[0]


def _alerts_sent() -> Any:
    from safer.alerts.demo import SENT_TITLE
    from safer.alerts.models import Message

    return Message.objects.get(title=SENT_TITLE)


def _alerts_manage_path() -> str:
    from safer.alerts.demo import DEMO_DOMAIN
    from safer.alerts.links import manage_path
    from safer.alerts.models import Subscriber

    subscriber = Subscriber.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").order_by("pk").first()
    assert subscriber is not None, "the demo has alerts subscribers"
    return manage_path(subscriber.pk, subscriber.key)


@pytest.mark.parametrize(("name", "path"), PUBLIC_PAGES, ids=[name for name, _ in PUBLIC_PAGES])
def test_it_has_no_axe_violations(
    page: Any, site_server: Any, site_demo: SiteData, name: str, path: Path
) -> None:
    url = path(site_demo) if callable(path) else path
    response = page.goto(site_server.url + url)
    assert response is not None and response.status < 500
    assert axe_violations(page) == []


def test_the_check_reports_every_failing_node_of_a_faulty_page(page: Any) -> None:
    """The checker itself: a page with known faults gets each of them, with every failing node."""
    page.set_content(
        "<!doctype html><html lang='en'><head><title>Faulty</title></head><body><main>"
        "<h1>Faulty</h1><img src='a.png'><img src='b.png'>"
        "<p style='color:#bbb;background:#fff'>Pale text</p>"
        "<input type='text'></main></body></html>"
    )
    found = {v["id"]: v["nodes"] for v in axe_violations(page)}
    assert sorted(found["image-alt"]) == [['img[src="a.png"]'], ['img[src="b.png"]']]
    assert found["color-contrast"] == [["p"]]
    assert found["label"] == [["input"]]
