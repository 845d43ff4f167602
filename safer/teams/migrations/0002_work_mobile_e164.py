"""Officers' work mobiles were stored as typed in national format ("07700 900123"); every phone
number is now stored in E.164 and shown in national format (safer/lib/phones.py)."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django.db import migrations


def to_e164(apps: Any, schema_editor: Any) -> None:
    Person = apps.get_model("teams", "Person")
    for person in Person.objects.exclude(work_mobile="").only("pk", "work_mobile").iterator():
        try:
            number = phonenumbers.parse(person.work_mobile, "GB")
        except phonenumbers.NumberParseException:
            continue  # left as it is: still shown, and the next edit must make it valid
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if e164 != person.work_mobile:
            Person.objects.filter(pk=person.pk).update(work_mobile=e164)


def to_national(apps: Any, schema_editor: Any) -> None:
    Person = apps.get_model("teams", "Person")
    for person in Person.objects.filter(work_mobile__startswith="+44").only("pk", "work_mobile").iterator():
        number = phonenumbers.parse(person.work_mobile, "GB")
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        Person.objects.filter(pk=person.pk).update(work_mobile=national)


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_initial")]

    operations = [migrations.RunPython(to_e164, to_national)]
