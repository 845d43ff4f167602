"""Back-office admin for the geography. Boundaries come from `safer import-boundaries`, not forms."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from safer.places.locate import invalidate_index
from safer.places.models import Force, Neighbourhood, Parish, Place, PolicingArea, Postcode

# Links typed without a scheme are https (Django 6's default; this also silences its warning).
HTTPS_URLS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin[Force]):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "slug", "telephone"]
    search_fields = ["name", "slug"]


class InForceTodayFilter(admin.SimpleListFilter):
    title = "in force today"
    parameter_name = "current"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        current = PolicingArea.objects.current().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=current)
        if self.value() == "no":
            return queryset.exclude(pk__in=current)
        return queryset


@admin.register(PolicingArea)
class PolicingAreaAdmin(admin.ModelAdmin[PolicingArea]):
    list_display = ["name", "force", "effective_from", "effective_to"]
    list_filter = [InForceTodayFilter, "force", "effective_from", "effective_to"]
    search_fields = ["name", "slug"]
    date_hierarchy = "effective_from"
    prepopulated_fields = {"slug": ["name"]}


class ParishInline(admin.TabularInline[Parish, Neighbourhood]):
    model = Parish
    extra = 0


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin[Neighbourhood]):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "code", "force", "has_boundary", "boundary_updated_at"]
    list_filter = ["force", "areas", "boundary_is_approximate"]
    search_fields = ["name", "code", "slug"]
    filter_horizontal = ["areas"]
    readonly_fields = ["boundary_updated_at"]
    inlines = [ParishInline]

    @admin.display(boolean=True, description="Boundary")
    def has_boundary(self, obj: Neighbourhood) -> bool:
        return obj.boundary_wkb is not None

    def save_model(self, request: HttpRequest, obj: Neighbourhood, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The save signal already invalidates; saying it here keeps admin safe if signals change.
        invalidate_index()

    def delete_model(self, request: HttpRequest, obj: Neighbourhood) -> None:
        super().delete_model(request, obj)
        invalidate_index()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Neighbourhood]) -> None:
        super().delete_queryset(request, queryset)
        invalidate_index()


@admin.register(Parish)
class ParishAdmin(admin.ModelAdmin[Parish]):
    list_display = ["name", "kind", "ons_code", "neighbourhood"]
    list_filter = ["kind", "neighbourhood__force"]
    search_fields = ["name", "ons_code"]
    autocomplete_fields = ["neighbourhood"]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin[Postcode]):
    list_display = ["__str__", "latitude", "longitude", "neighbourhood"]
    search_fields = ["postcode"]
    autocomplete_fields = ["neighbourhood"]
    list_select_related = ["neighbourhood"]
    show_full_result_count = False  # a national directory holds millions of rows

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Postcode], search_term: str
    ) -> tuple[QuerySet[Postcode], bool]:
        # Postcodes are stored upper case without a space; let staff type them any way.
        return super().get_search_results(request, queryset, "".join(search_term.split()).upper())


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin[Place]):
    list_display = ["name", "county", "neighbourhood"]
    list_filter = ["county"]
    search_fields = ["name"]
    autocomplete_fields = ["neighbourhood"]
    list_select_related = ["neighbourhood"]
