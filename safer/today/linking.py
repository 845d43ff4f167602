"""An account created by the force's sign-in finds its own person in the teams.

On each sign-in, an account with no person yet is linked to the one person whose work email is the
account's email (an administrator can link or unlink people in the admin). Without that link,
"today" cannot show the person's own duty status, and says so.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from safer.accounts import audit
from safer.teams.models import Person


@receiver(user_logged_in, dispatch_uid="today.link_person")
def link_person(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if not user.email or Person.objects.filter(user=user).exists():
        return
    people = list(Person.objects.filter(work_email__iexact=user.email, user__isnull=True)[:2])
    if len(people) == 1:
        person = people[0]
        person.user = user
        person.save(update_fields=["user"])
        audit.record(None, "person.linked_to_account", person, {"user": [None, user.pk]})
