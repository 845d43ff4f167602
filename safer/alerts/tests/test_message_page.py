"""The staff message page tells the truth: its reach is counted now, the approval warning names
who may really approve and goes once the message is approved."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safer.accounts.models import Role, ScopeLevel
from safer.alerts import actions
from safer.alerts.models import MessageStatus, Target
from safer.alerts.tests.test_compose import draft
from safer.testing import create_neighbourhood, create_staff, create_subscriber, sign_in


def _page(client: Client, pk: int) -> str:
    return client.get(f"/alerts/staff/messages/{pk}/").content.decode()


@pytest.mark.django_db
def test_the_reach_counts_people_who_confirmed_after_the_preview(client: Client) -> None:
    nb = create_neighbourhood()
    pcso = create_staff(Role.PCSO, neighbourhoods=[nb])
    message = draft(pcso, neighbourhoods=[nb])
    assert sum(message.reach.values()) == 0
    create_subscriber([nb]), create_subscriber([nb])  # two people confirm afterwards
    sign_in(client, pcso)
    page = _page(client, message.pk)
    assert (
        '<dt class="govuk-summary-list__key">Email</dt><dd class="govuk-summary-list__value">2 people' in page
    )


@pytest.mark.django_db
def test_sending_recounts_the_reach_so_a_grown_list_still_needs_approval(settings: Any) -> None:
    settings.ALERTS_APPROVAL_THRESHOLD = 1
    nb = create_neighbourhood()
    pc = create_staff(Role.PC, neighbourhoods=[nb])
    message = draft(pc, neighbourhoods=[nb])
    assert not message.needs_approval
    create_subscriber([nb]), create_subscriber([nb])
    assert actions.submit(pc, message).status == MessageStatus.AWAITING_APPROVAL


@pytest.mark.django_db
def test_a_force_wide_message_names_who_can_really_approve_it(client: Client) -> None:
    create_subscriber([create_neighbourhood()])
    author = create_staff(Role.INSPECTOR, scope_level=ScopeLevel.FORCE)
    message = draft(author, target=Target.FORCE)
    sign_in(client, author)
    page = _page(client, message.pk)
    assert (
        "so an administrator, or a sergeant or inspector whose area is the whole force (not its author)"
        in page
    )
    assert "so a sergeant or inspector must approve it" not in page


@pytest.mark.django_db
def test_a_local_message_over_the_threshold_names_the_local_rule(client: Client, settings: Any) -> None:
    settings.ALERTS_APPROVAL_THRESHOLD = 0
    nb = create_neighbourhood()
    create_subscriber([nb])
    pc = create_staff(Role.PC, neighbourhoods=[nb])
    message = draft(pc, neighbourhoods=[nb])
    sign_in(client, pc)
    assert "a sergeant, inspector or administrator whose area covers every neighbourhood" in _page(
        client, message.pk
    )


@pytest.mark.django_db
def test_the_must_approve_warning_goes_once_the_message_is_approved(
    client: Client, immediate_tasks: None, settings: Any
) -> None:
    settings.ALERTS_APPROVAL_THRESHOLD = 0
    nb = create_neighbourhood()
    create_subscriber([nb])
    pc = create_staff(Role.PC, neighbourhoods=[nb])
    message = actions.submit(pc, draft(pc, neighbourhoods=[nb]))
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    sergeant.first_name, sergeant.last_name = "Ann", "Cole"
    sergeant.save()
    actions.approve(sergeant, message)
    sign_in(client, pc)
    page = _page(client, message.pk)
    assert "must approve it" not in page
    assert "Approved by Ann Cole" in page
    assert "1 person" in page  # the delivery made
