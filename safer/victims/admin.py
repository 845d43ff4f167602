"""Contacts with victims in the Django admin: shown read-only (the audited back-office page and its
action are the only writers), and without the victim's reference.

Victim records, their clocks, referrals, leaflets and the s62 processing log are deliberately NOT
in the admin: the admin would let an administrator read them without the access rules of
`access.py` and without a logged justification. Administrators manage accounts, not victims."""

from __future__ import annotations

from django.contrib import admin

from safer.crime.admin import ReadOnlyAdmin
from safer.victims.models import RepeatVictimContact


@admin.register(RepeatVictimContact)
class RepeatVictimContactAdmin(ReadOnlyAdmin[RepeatVictimContact]):
    list_display = ["incident", "contacted_on", "method", "referred_to_victim_service", "recorded_by"]
    list_select_related = ["incident", "recorded_by"]
    list_filter = ["method", "referred_to_victim_service"]
    search_fields = ["=incident__reference"]
    date_hierarchy = "contacted_on"
