"""Admin for the front counters' daily tallies of enquiries (issue 14), which with the messages sent
online give the charter's digital share. Messages themselves change only through the staff pages."""

from __future__ import annotations

from django.contrib import admin

from safer.contact.models import FrontCounterTally


@admin.register(FrontCounterTally)
class FrontCounterTallyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["date", "neighbourhood", "enquiries"]
    list_filter = ["date"]
    search_fields = ["neighbourhood__name"]
    date_hierarchy = "date"
