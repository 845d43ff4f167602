from __future__ import annotations

import re

import pytest
from django.urls import reverse

from safer.contact.models import ContactMessage, Status
from safer.testing import create_force, create_neighbourhood


@pytest.fixture
def team(settings):
    settings.FORCE_ID = "west-mercia"
    create_force(online_reporting_url="https://www.westmercia.police.uk/report")
    return create_neighbourhood(name="Malvern Link")


def form_url(nb) -> str:
    return reverse("contact:form", args=[nb.slug])


def valid(**overrides):
    data = {
        "body": "The streetlight on Church Road has been out for a week.",
        "name": "Alex",
        "channel": "email",
        "email": "alex@example.com",
        "mobile": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_it_says_plainly_the_form_is_not_for_reporting_crime(client, team):
    response = client.get(form_url(team))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This form is not for reporting crime" in html
    assert 'href="tel:999"' in html
    assert 'href="tel:101"' in html
    assert 'href="https://www.westmercia.police.uk/report"' in html
    assert "govuk-warning-text" not in html
    # The character count, not a silent maxlength, tells the writer they are over the limit.
    textarea = re.search(r"<textarea[^>]*>", html)
    assert textarea is not None and "maxlength" not in textarea.group(0)
    assert 'data-maxlength="2000"' in html


@pytest.mark.django_db
def test_it_links_to_the_form_from_the_team_page(client, team):
    html = client.get(reverse("web:neighbourhood", args=[team.slug])).content.decode()
    assert f'href="{form_url(team)}"' in html


@pytest.mark.django_db
def test_it_gives_404_for_an_unknown_team(client, team):
    assert client.get("/contact/no-such-team/").status_code == 404


@pytest.mark.django_db
def test_it_puts_the_999_advice_first_and_sends_nothing_when_the_words_suggest_an_emergency(client, team):
    response = client.post(form_url(team), valid(body="A man with a knife is outside, it is happening now"))
    html = response.content.decode()
    assert response.status_code == 400
    assert ContactMessage.objects.count() == 0
    warning = html.index("govuk-warning-text")
    assert warning < html.index("<h1")
    assert html.index("call 999 now", warning) < html.index("<h1")
    assert "“knife”, “happening now”" in html
    assert 'name="not_emergency"' in html
    assert 'href="#id_not_emergency"' in html  # the error summary links to the confirmation


@pytest.mark.django_db
def test_it_sends_an_emergency_sounding_message_once_the_resident_confirms_it_is_not_one(client, team):
    data = valid(body="Someone set fire to the bins last week", not_emergency="on")
    response = client.post(form_url(team), data)
    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert message.emergency_warning_shown is True
    assert message.status == Status.UNCONFIRMED


@pytest.mark.django_db
def test_it_does_not_ask_about_emergencies_for_ordinary_messages(client, team):
    html = client.get(form_url(team)).content.decode()
    assert 'name="not_emergency"' not in html
    assert client.post(form_url(team), valid()).status_code == 302
    assert ContactMessage.objects.get().emergency_warning_shown is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        (valid(body=""), "body", "Enter your message"),
        (valid(body="x" * 2001), "body", "2,000 characters or fewer"),
        (valid(channel=""), "channel", "Select how the team should reply"),
        (valid(email=""), "email", "Enter your email address"),
        (valid(email="not-an-address"), "email", "correct format"),
        (valid(channel="sms", mobile=""), "mobile", "Enter your mobile number"),
        (valid(channel="sms", mobile="01905 123456"), "mobile", "Enter a UK mobile number"),
    ],
)
def test_it_explains_bad_input_and_keeps_nothing(client, team, data, field, error):
    response = client.post(form_url(team), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert f'href="#id_{field}' in html
    assert error in html
    assert ContactMessage.objects.count() == 0


@pytest.mark.django_db
def test_it_keeps_only_the_address_for_the_chosen_channel(client, team):
    client.post(form_url(team), valid(channel="sms", mobile="07123 456789", email="alex@example.com"))
    message = ContactMessage.objects.get()
    assert (message.channel, message.mobile, message.email) == ("sms", "+447123456789", "")


@pytest.mark.django_db
def test_it_limits_how_many_messages_one_address_can_send(client, team, settings):
    settings.CONTACT_MESSAGES_PER_HOUR = 2
    statuses = [client.post(form_url(team), valid()).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert ContactMessage.objects.count() == 2
    # Mistakes do not use the allowance up: a bad form is not counted.
    settings.CONTACT_MESSAGES_PER_HOUR = 3
    assert client.post(form_url(team), valid(email="")).status_code == 400
    assert client.post(form_url(team), valid()).status_code == 429
