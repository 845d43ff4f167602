from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.accounts.models import Role, ScopeLevel
from safer.accounts.scopes import neighbourhoods_in_scope
from safer.community.models import SchemeCoordinator, Site, SiteStatus, SpeedWatchVolunteer
from safer.demo.accounts import demo_password, demo_usernames
from safer.partners.models import PartnerAccount
from safer.places.models import Neighbourhood
from safer.testing import create_staff, sign_in
from safer.volunteers.models import CadetUnit

pytestmark = pytest.mark.django_db


def demo_code(username: str) -> str:
    out = StringIO()
    call_command("demo_code", username, stdout=out)
    return out.getvalue().strip()


EXPECTED = {
    "demo-pcso": Role.PCSO,
    "demo-pc": Role.PC,
    "demo-sergeant": Role.SERGEANT,
    "demo-inspector": Role.INSPECTOR,
    "demo-analyst": Role.ANALYST,
    "demo-admin": Role.ADMINISTRATOR,
    "demo-partner": Role.PARTNER,
    "demo-victim-service": Role.VICTIM_SERVICE,
    "demo-contact-centre": Role.CONTACT_CENTRE,
    "demo-dpo": Role.DATA_PROTECTION_OFFICER,
    "demo-road-safety": Role.ROAD_SAFETY,
    "demo-safeguarding": Role.SAFEGUARDING,
    "demo-cadet-leader": Role.CADET_LEADER,
    "demo-coordinator": Role.COORDINATOR,
    "demo-volunteer": Role.VOLUNTEER,
}


def test_every_role_has_a_demo_account(demo_data):
    assert set(EXPECTED.values()) == set(Role)
    assert set(demo_usernames()) == set(EXPECTED)


def test_it_makes_a_staff_account_for_each_back_office_role(demo_data):
    for username, role in EXPECTED.items():
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


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_every_demo_account_signs_in_with_the_password_and_printed_code(demo_data, client, username):
    response = client.post("/staff/sign-in/", {"username": username, "password": demo_password()})
    assert response.status_code == 302 and "two-factor" in response["Location"]
    response = client.post("/staff/sign-in/two-factor/", {"code": demo_code(username)})
    assert response.status_code == 302 and "two-factor" not in response["Location"]
    assert int(client.session["_auth_user_id"]) == User.objects.get(username=username).pk
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("username", ["demo-pcso", "demo-pc", "demo-sergeant", "demo-inspector"])
def test_the_officers_today_page_shows_their_own_person(demo_data, client, username):
    sign_in(client, User.objects.get(username=username))
    response = client.get("/staff/today/")
    assert response.status_code == 200
    assert "not linked" not in response.content.decode()


def test_the_cadet_leader_leads_the_demo_units_and_sees_their_cadets(demo_data, client):
    leader = User.objects.get(username="demo-cadet-leader")
    units = CadetUnit.objects.filter(is_demo=True, leaders=leader)
    assert units.count() >= 1 and units.count() == CadetUnit.objects.filter(is_demo=True).count()
    unit = units.first()
    assert unit is not None and unit.neighbourhood in neighbourhoods_in_scope(leader)
    sign_in(client, leader)
    response = client.get(f"/volunteers/staff/cadets/{unit.pk}/")
    assert response.status_code == 200
    cadet = unit.cadets.first()
    assert cadet is not None and cadet.given_name in response.content.decode()


def test_the_coordinator_coordinates_a_demo_scheme_and_sees_it(demo_data, client):
    coordinator = User.objects.get(username="demo-coordinator")
    link = SchemeCoordinator.objects.get(user=coordinator, scheme__is_demo=True)
    assert link.scheme.neighbourhood in neighbourhoods_in_scope(coordinator)
    sign_in(client, coordinator)
    response = client.get(f"/community/staff/my-schemes/{link.scheme.pk}/")
    assert response.status_code == 200


def test_the_volunteer_is_a_trained_speed_watch_volunteer_of_the_demo_group(demo_data, client):
    volunteer = User.objects.get(username="demo-volunteer")
    member = SpeedWatchVolunteer.objects.get(user=volunteer, group__is_demo=True)
    assert member.trained_on is not None
    sign_in(client, volunteer)
    response = client.get("/community/staff/speed-watch/volunteer/")
    assert response.status_code == 200
    site = Site.objects.filter(group=member.group, status=SiteStatus.APPROVED).first()
    assert site is not None and site.name in response.content.decode()


def test_the_partner_works_for_a_demo_agency(demo_data):
    assert PartnerAccount.objects.filter(user__username="demo-partner").exists()


def test_the_summary_describes_each_account_as_the_later_steps_left_it(demo_data):
    from safer.demo.accounts import describe_accounts

    accounts = {a.username: a for a in describe_accounts()}
    assert set(accounts) == set(EXPECTED)
    assert accounts["demo-cadet-leader"].scope == "Albrighton"
    assert accounts["demo-road-safety"].scope == "Shropshire & Telford"
    assert "shared" in accounts["demo-partner"].scope
