"""The Django admin: two factors required, the audit log read-only, role edits audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safer.accounts import audit
from safer.accounts.models import AuditEvent, Role
from safer.testing import create_person, create_staff, sign_in


@pytest.fixture
def superuser(db):
    user = create_staff(Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_it_sends_a_password_only_session_to_the_staff_sign_in(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/", follow=False)
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login["Location"].startswith("/staff/sign-in/")


def test_it_opens_the_admin_with_both_factors(client, superuser):
    sign_in(client, superuser)
    assert client.get("/admin/").status_code == 200


def test_it_shows_the_audit_log_read_only(client, superuser):
    sign_in(client, superuser)
    event = audit.record(superuser, "contact_details.changed", create_person(), {"work_email": ["a", "b"]})
    assert client.get(reverse("admin:accounts_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    response = client.post(reverse("admin:accounts_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_it_audits_a_role_changed_in_the_admin(client, superuser):
    sign_in(client, superuser)
    user = create_staff(Role.PCSO)
    profile = user.staff
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "staff-TOTAL_FORMS": "1",
        "staff-INITIAL_FORMS": "1",
        "staff-MIN_NUM_FORMS": "0",
        "staff-MAX_NUM_FORMS": "1",
        "staff-0-id": str(profile.pk),
        "staff-0-user": str(user.pk),
        "staff-0-role": Role.INSPECTOR,
        "staff-0-scope_level": "force",
    }
    response = client.post(reverse("admin:auth_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert AuditEvent.objects.get(action="role.changed").changes == {"role": ["pcso", "inspector"]}
    assert AuditEvent.objects.get(action="scope.changed").changes["scope_level"] == [
        "neighbourhoods",
        "force",
    ]
