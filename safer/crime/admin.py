"""The Django admin for crime data: every model here, shown and never added, changed or deleted.

Imported rows (batches, snap points, crimes and their counts, outcomes, stop and search,
incidents) are written only by the importers, which keep each month whole and replace it as a
unit, so nothing is edited here.
(Victim contacts and prevention records have their own read-only admin in `safer.victims` and
`safer.problems`, which reuse `ReadOnlyAdmin`.)

Pseudonymised victim and offender references are not shown at all (the back office's repeat-victim
pages are the audited way to see them), and list views never carry them. The crime tables hold
millions of rows: filters come from fixed lists or small tables rather than DISTINCT scans of the
rows, text search is exact or prefix (index-friendly) and the full count is not computed.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from safer.crime.categories import CATEGORIES, OUTCOME_CODES
from safer.crime.models import (
    ArchiveFetch,
    Crime,
    CrimeCount,
    CrimeLocation,
    ImportBatch,
    Incident,
    Outcome,
    StopAndSearch,
)
from safer.crime.records import (
    AnalysisRun,
    AsbActionPlan,
    AsbLead,
    ManagedOffender,
    OcgDisruption,
    TownCentre,
)

M = TypeVar("M", bound=Model)


class ReadOnlyAdmin(admin.ModelAdmin[M]):
    """Shown, never added, changed or deleted here."""

    show_full_result_count = False  # no COUNT(*) over millions of rows for every page

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


class MonthFilter(admin.SimpleListFilter):
    """Months that were imported for this kind of row (from the batches, not the rows)."""

    title = "month"
    parameter_name = "month"
    kind = ImportBatch.Kind.STREET

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        months = ImportBatch.objects.filter(kind=self.kind).values_list("month", flat=True)
        return [(m, m) for m in sorted(set(months), reverse=True)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(month=self.value()) if self.value() else queryset


class OutcomeMonthFilter(MonthFilter):
    kind = ImportBatch.Kind.OUTCOMES


class StopMonthFilter(MonthFilter):
    kind = ImportBatch.Kind.STOP_AND_SEARCH


class CategoryFilter(admin.SimpleListFilter):
    title = "category"
    parameter_name = "category"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(slug, name) for slug, name, _ in CATEGORIES]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(category=self.value()) if self.value() else queryset


class OutcomeCodeFilter(admin.SimpleListFilter):
    title = "outcome"
    parameter_name = "code"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return sorted(OUTCOME_CODES.items(), key=lambda item: item[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(code=self.value()) if self.value() else queryset


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin[ImportBatch]):
    list_display = ["month", "kind", "force", "rows", "lsoa_vintage", "source", "imported_at"]
    list_filter = ["kind", "force", "lsoa_vintage"]
    search_fields = ["=month", "^source"]
    date_hierarchy = "imported_at"


@admin.register(ArchiveFetch)
class ArchiveFetchAdmin(ReadOnlyAdmin[ArchiveFetch]):
    list_display = ["started_at", "status", "force", "months", "bytes_downloaded", "message"]
    list_filter = ["status"]


@admin.register(CrimeLocation)
class CrimeLocationAdmin(ReadOnlyAdmin[CrimeLocation]):
    list_display = ["id", "name", "latitude", "longitude", "neighbourhood"]
    list_select_related = ["neighbourhood"]
    list_filter = ["neighbourhood"]
    search_fields = ["=id", "^name"]


@admin.register(Crime)
class CrimeAdmin(ReadOnlyAdmin[Crime]):
    list_display = ["id", "month", "category", "location", "neighbourhood", "lsoa_code", "outcome_category"]
    list_select_related = ["location", "neighbourhood"]
    list_filter = [MonthFilter, CategoryFilter, "neighbourhood"]
    search_fields = ["=id", "=persistent_id", "=lsoa_code"]


@admin.register(CrimeCount)
class CrimeCountAdmin(ReadOnlyAdmin[CrimeCount]):
    list_display = ["month", "neighbourhood", "category", "crimes", "batch"]
    list_select_related = ["neighbourhood", "batch"]
    list_filter = [MonthFilter, CategoryFilter, "neighbourhood"]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin[Outcome]):
    list_display = ["id", "month", "force", "outcome_type", "persistent_id", "lsoa_code"]
    list_filter = [OutcomeMonthFilter, OutcomeCodeFilter]
    search_fields = ["=id", "=persistent_id", "=lsoa_code"]


@admin.register(StopAndSearch)
class StopAndSearchAdmin(ReadOnlyAdmin[StopAndSearch]):
    list_display = [
        "datetime",
        "type",
        "force",
        "neighbourhood",
        "gender",
        "age_range",
        "officer_defined_ethnicity",
        "object_of_search",
        "outcome",
    ]
    list_select_related = ["neighbourhood"]
    list_filter = [StopMonthFilter, "type", "gender", "age_range", "officer_defined_ethnicity"]
    search_fields = ["=id", "^legislation", "^object_of_search"]
    date_hierarchy = "datetime"


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin[Incident]):
    list_display = ["reference", "occurred_at", "category", "neighbourhood", "is_synthetic"]
    list_select_related = ["neighbourhood"]
    list_filter = ["is_synthetic", "neighbourhood"]
    search_fields = ["=reference", "^category"]
    date_hierarchy = "occurred_at"
    exclude = ["victim_ref", "offender_refs"]


# Issue 14: the records the charter's crime measures count. Offenders carry a reference, never a name.
@admin.register(TownCentre)
class TownCentreAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "neighbourhood", "radius_m"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AsbLead)
class AsbLeadAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["neighbourhood", "person", "named_on", "ended_on"]
    raw_id_fields = ["person"]


@admin.register(AsbActionPlan)
class AsbActionPlanAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "neighbourhood", "published_on", "reviewed_on"]


@admin.register(ManagedOffender)
class ManagedOffenderAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["reference", "neighbourhood", "flagged_on", "plan_from", "plan_until", "closed_on"]
    search_fields = ["reference"]


@admin.register(OcgDisruption)
class OcgDisruptionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["date", "kind", "neighbourhood", "reference"]
    list_filter = ["kind"]


@admin.register(AnalysisRun)
class AnalysisRunAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["area", "kind", "run_at"]
    list_filter = ["kind"]
