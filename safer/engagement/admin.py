"""Admin for set-up data: surveys and their questions, stations and opening hours, parish councils.

Station status, correspondence, events and priorities change only through the staff pages
(actions.py), which check scope and keep the audit log; the admin shows a station's status read-only.
"""

from __future__ import annotations

from django.contrib import admin

from safer.engagement.models import (
    CouncilAgreement,
    KeyPlace,
    OpeningHours,
    ParishCouncil,
    PopulationGroup,
    Question,
    Station,
    Survey,
)


class QuestionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Question
    extra = 1
    fields = ["order", "kind", "text", "hint", "choices", "scale_min", "scale_max", "required", "standard"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "neighbourhood", "parish", "opens_on", "closes_on"]
    list_filter = ["opens_on"]
    search_fields = ["title", "neighbourhood__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["neighbourhood"]
    inlines = [QuestionInline]


class OpeningHoursInline(admin.TabularInline):  # type: ignore[type-arg]
    model = OpeningHours
    extra = 1


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "neighbourhood", "status", "status_set_at"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["status", "available_until", "status_note", "status_set_at"]
    inlines = [OpeningHoursInline]


class AgreementInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CouncilAgreement
    extra = 0


@admin.register(ParishCouncil)
class ParishCouncilAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "parish", "clerk_name"]
    search_fields = ["name", "parish__name"]
    inlines = [AgreementInline]


# Issue 14: the named places patrols are logged at, and the population the survey measures weight to.
@admin.register(KeyPlace)
class KeyPlaceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "neighbourhood", "listed_on", "delisted_on"]
    list_filter = ["kind"]
    search_fields = ["name", "neighbourhood__name"]
    autocomplete_fields = ["neighbourhood"]


@admin.register(PopulationGroup)
class PopulationGroupAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["neighbourhood", "age_band", "sex", "people", "source"]
    list_filter = ["age_band", "sex"]
    search_fields = ["neighbourhood__name"]
