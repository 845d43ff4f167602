"""Staff demo accounts, one for every role (data/accounts.yaml), for trying the back office, each
with a confirmed TOTP device on a fixed, public demo secret. Officers' accounts are linked to a
demo person of the home team; the partner, cadet leader, coordinator and volunteer are linked to
their agency, units, scheme and Speed Watch group by those apps' later demo steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.accounts.models import Role, ScopeLevel, StaffProfile
from safer.demo.datafiles import load_accounts
from safer.places.models import Neighbourhood, PolicingArea
from safer.teams.models import Membership, Person

DEVICE_NAME = "Demo authenticator"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    full_name: str
    scope: str


def demo_usernames() -> list[str]:
    return [a["username"] for a in load_accounts()["accounts"]]


def demo_password() -> str:
    return str(load_accounts()["password"])


def demo_totp_key() -> str:
    return str(load_accounts()["totp_key_hex"])


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def is_demo_account(user: User) -> bool:
    """A demo account: a demo username whose authenticator holds the public demo secret."""
    if user.username not in demo_usernames():
        return False
    return TOTPDevice.objects.filter(user=user, key=demo_totp_key()).exists()


@transaction.atomic
def save_accounts(force_slug: str) -> list[DemoAccount]:
    config = load_accounts()
    home = Neighbourhood.objects.get(force__slug=force_slug, code=config["home_neighbourhood"])
    # Hashing is deliberately slow; the accounts share one password, so hash it once per build
    # (not once per process: the hasher is a setting, and a cached hash would outlive a change to it).
    password = make_password(str(config["password"]))
    made = []
    for entry in config["accounts"]:
        made.append(_save_account(entry, home, password, force_slug))
    _unlock(demo_usernames())
    return made


def _save_account(entry: dict[str, Any], home: Neighbourhood, password: str, force_slug: str) -> DemoAccount:
    username, role = entry["username"], entry["role"]
    person = None
    if "person_rank" in entry:
        membership = (
            Membership.objects.filter(neighbourhood=home, person__is_demo=True, role=entry["person_rank"])
            .select_related("person")
            .order_by("person__work_email")
            .first()
        )
        if membership is None:
            raise ValueError(f"no demo {entry['person_rank']} in {home.name} for {username}")
        person = membership.person
    user = User.objects.filter(username=username).first() or User(username=username)
    user.password = password
    user.is_active = True
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    if person is not None:
        user.first_name, user.last_name, user.email = person.given_name, person.family_name, person.work_email
    else:
        user.first_name, user.last_name = "Demo", Role(role).label
        user.email = f"{username}@demo.invalid"
    user.save()
    profile, _ = StaffProfile.objects.update_or_create(user=user, defaults={"role": role})
    if person is not None:
        Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        person.user = user
        person.save(update_fields=["user"])
        areas: list[PolicingArea] = []
        neighbourhoods = list(Neighbourhood.objects.filter(memberships__person=person).order_by("code"))
        profile.scope_level = ScopeLevel.NEIGHBOURHOODS
        scope = ", ".join(n.name for n in neighbourhoods)
    elif "scope_neighbourhoods" in entry:
        areas = []
        codes = [str(c) for c in entry["scope_neighbourhoods"]]
        neighbourhoods = list(
            Neighbourhood.objects.filter(force__slug=force_slug, code__in=codes).order_by("code")
        )
        if len(neighbourhoods) != len(codes):
            raise ValueError(f"unknown neighbourhood code in {codes} for {username}")
        profile.scope_level = ScopeLevel.NEIGHBOURHOODS
        scope = ", ".join(n.name for n in neighbourhoods)
    elif "scope_area" in entry:
        areas = [PolicingArea.objects.get(force__slug=force_slug, slug=entry["scope_area"])]
        neighbourhoods = []
        profile.scope_level = ScopeLevel.AREAS
        scope = areas[0].name
    else:
        areas, neighbourhoods = [], []
        profile.scope_level = ScopeLevel.FORCE
        scope = "the whole force"
    profile.save()
    profile.neighbourhoods.set(neighbourhoods)
    profile.areas.set(areas)
    TOTPDevice.objects.filter(user=user).exclude(name=DEVICE_NAME).delete()
    TOTPDevice.objects.update_or_create(
        user=user,
        name=DEVICE_NAME,
        defaults={
            "key": demo_totp_key(),
            "confirmed": True,
            "step": 30,
            "t0": 0,
            "digits": 6,
            "tolerance": 1,
            "drift": 0,
            "last_t": -1,
            "throttling_failure_count": 0,
            "throttling_failure_timestamp": None,
        },
    )
    full_name = f"{user.first_name} {user.last_name}"
    return DemoAccount(username=username, role=Role(role).label, full_name=full_name, scope=scope)


def describe_accounts() -> list[DemoAccount]:
    """The demo accounts as they stand after every step (later steps may narrow a scope, as the
    partners step does for the partner), for the summary `demo` prints."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=demo_usernames()).select_related("staff")
        if hasattr(u, "staff")
    }
    made = []
    for username in demo_usernames():
        user = users.get(username)
        if user is None:
            continue
        profile = user.staff
        if profile.scope_level == ScopeLevel.FORCE:
            scope = "the whole force"
        elif profile.scope_level == ScopeLevel.AREAS:
            scope = ", ".join(a.name for a in profile.areas.order_by("name")) or "no areas"
        else:
            names = [n.name for n in profile.neighbourhoods.order_by("code")]
            scope = ", ".join(names) or "no neighbourhoods (only what is shared with it)"
        made.append(
            DemoAccount(
                username=username,
                role=Role(profile.role).label,
                full_name=f"{user.first_name} {user.last_name}",
                scope=scope,
            )
        )
    return made


def _unlock(usernames: list[str]) -> None:
    """Clear any django-axes lockout left on the demo accounts by earlier wrong guesses."""
    from axes.utils import reset

    for username in usernames:
        reset(username=username)
