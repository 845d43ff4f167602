from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.accounts.models import Role, ScopeLevel
from safer.accounts.scopes import neighbourhoods_in_scope
from safer.demo.accounts import demo_password
from safer.places.models import Neighbourhood
from safer.testing import create_staff

pytestmark = pytest.mark.django_db


def demo_code(username: str) -> str:
    out = StringIO()
    call_command("demo_code", username, stdout=out)
    return out.getvalue().strip()


def test_it_makes_a_staff_account_for_each_back_office_role(demo_data):
    expected = {
        "demo-pcso": Role.PCSO,
        "demo-pc": Role.PC,
        "demo-sergeant": Role.SERGEANT,
        "demo-inspector": Role.INSPECTOR,
        "demo-analyst": Role.ANALYST,
        "demo-admin": Role.ADMINISTRATOR,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.staff.role == role
        assert user.check_password(demo_password())
        assert TOTPDevice.objects.get(user=user).confirmed
    for username in ["demo-pcso", "demo-pc", "demo-sergeant", "demo-inspector"]:
        user = User.objects.get(username=username)
        assert user.person.is_demo
        team = set(Neighbourhood.objects.filter(memberships__person=user.person))
        assert set(neighbourhoods_in_scope(user)) == team and team
    analyst = User.objects.get(username="demo-analyst")
    assert analyst.staff.scope_level == ScopeLevel.AREAS
    assert neighbourhoods_in_scope(analyst).filter(code__startswith="SH").count() == 0
    assert neighbourhoods_in_scope(analyst).filter(code__startswith="HE").exists()
    assert neighbourhoods_in_scope(User.objects.get(username="demo-admin")).count() == 85


def test_it_prints_a_code_the_demo_authenticator_accepts(demo_data):
    code = demo_code("demo-sergeant")
    device = TOTPDevice.objects.get(user__username="demo-sergeant")
    assert len(code) == 6 and code.isdigit()
    assert device.verify_token(code)


def test_it_refuses_codes_for_accounts_that_are_not_demo_accounts(demo_data):
    create_staff(Role.PCSO, username="real-officer")
    with pytest.raises(CommandError, match="not a demo account"):
        demo_code("real-officer")
    with pytest.raises(CommandError, match="not a demo account"):
        demo_code("no-such-user")
    # A demo username whose authenticator was re-keyed is no longer a demo account.
    TOTPDevice.objects.filter(user__username="demo-pc").update(key="00" * 20)
    with pytest.raises(CommandError, match="not a demo account"):
        demo_code("demo-pc")


def test_it_lets_a_demo_account_sign_in_with_its_password_and_printed_code(demo_data, client):
    response = client.post("/staff/sign-in/", {"username": "demo-inspector", "password": demo_password()})
    assert response.status_code == 302
    response = client.post("/staff/sign-in/two-factor/", {"code": demo_code("demo-inspector")})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
