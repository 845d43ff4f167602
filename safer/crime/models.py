"""Crime data: data.police.uk street-level crimes, outcomes and stop-and-search (anonymised, monthly),
and internal incident data (exact dates and places, pseudonymised people). What is done about it
lives above this app: contacts with victims in `safer.victims`, prevention work in `safer.problems`.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from safer.places.models import Neighbourhood


class ImportBatch(models.Model):
    """One imported file's worth of one month for one force. Importing the same (kind, force, month)
    again deletes this batch, and with it every row it brought, before inserting the new rows."""

    class Kind(models.TextChoices):
        STREET = "street", "Street-level crime"
        OUTCOMES = "outcomes", "Outcomes"
        STOP_AND_SEARCH = "stop-and-search", "Stop and search"
        INCIDENTS = "incidents", "Incident data"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    force = models.CharField(max_length=60, help_text="data.police.uk force id of the file.")
    month = models.CharField(max_length=7, blank=True, help_text="YYYY-MM; blank for incident files.")
    source = models.CharField(max_length=300, help_text="File name the rows came from.")
    rows = models.PositiveIntegerField(default=0)
    lsoa_vintage = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Census year of the LSOA codes: 2011 or 2021."
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month", "kind", "force"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "force", "month"],
                condition=~models.Q(kind="incidents"),
                name="crime_batch_unique_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.force} {self.month}".strip()


class CrimeLocation(models.Model):
    """An anonymous snap point ("On or near …"). data.police.uk CSVs carry no point id, so we mint
    one per distinct (latitude, longitude, name); `id` is the API's street.id and location_id."""

    key = models.BigIntegerField(unique=True, help_text="Hash of (latitude, longitude, name).")
    latitude = models.FloatField()
    longitude = models.FloatField()
    name = models.CharField(max_length=255)
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"], name="crime_loc_lat_lng")]

    def __str__(self) -> str:
        return self.name


def batch_fk() -> models.ForeignKey[ImportBatch]:
    """Rows are deleted with their batch by the importer itself, in one statement on the batch index
    (which grows only at its end on import, so it costs almost nothing to keep up)."""
    return models.ForeignKey(
        ImportBatch, on_delete=models.DO_NOTHING, db_index=False, db_constraint=False, related_name="+"
    )


def neighbourhood_fk() -> models.ForeignKey[Neighbourhood | None]:
    """The neighbourhood a row was located in (null outside every one), checked by the importer
    once per import rather than by a database constraint on every inserted row."""
    return models.ForeignKey(
        Neighbourhood,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_index=False,
        db_constraint=False,
        related_name="+",
    )


class Crime(models.Model):
    """One row of a street-level CSV. `persistent_id` is the CSV's Crime ID (empty for ASB, and not
    unique: data.police.uk repeats some); `id` is the API's own number. `persistent_key` is the first
    16 hex digits of the id as a signed integer: an integer index costs far less to keep up on import
    than one on 64-character strings."""

    batch = batch_fk()
    month = models.CharField(max_length=7)
    persistent_id = models.CharField(max_length=64, blank=True)
    persistent_key = models.BigIntegerField(null=True, blank=True)
    category = models.CharField(max_length=40)
    # The point, its name and its coordinates live on the snap point (no copies: every column
    # stored per row costs import time). Null for "No Location" rows.
    # No database constraint on either key, like `batch`: the importer checks them itself (location
    # ids are ones its own transaction read or wrote, neighbourhood ids are checked once per import),
    # and a deferred constraint check per inserted row was most of a PostgreSQL monthly update.
    location = models.ForeignKey(
        CrimeLocation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        db_constraint=False,
        related_name="+",
    )
    neighbourhood = neighbourhood_fk()
    reported_by = models.CharField(max_length=100, blank=True)
    falls_within = models.CharField(max_length=100, blank=True)
    lsoa_code = models.CharField(max_length=9, blank=True)
    lsoa_name = models.CharField(max_length=100, blank=True)
    outcome_category = models.CharField(max_length=120, blank=True)
    context = models.TextField(blank=True)

    class Meta:
        indexes = [
            # Few indexes, because each one is updated on every imported row: point and polygon
            # queries go through CrimeLocation's (latitude, longitude) index, then (location, month).
            models.Index(fields=["batch"], name="crime_batch"),
            models.Index(fields=["location", "month"], name="crime_location_month"),
            models.Index(fields=["neighbourhood", "month"], name="crime_nbhd_month"),
            models.Index(fields=["persistent_key"], name="crime_persistent_key"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.month}"


class CrimeCount(models.Model):
    """Street-level crimes per (batch, neighbourhood, category), written by the importer in the same
    transaction as the rows they count and deleted with their batch, so they always agree.

    Public pages and the analysts' tables count crime by neighbourhood, category and month; at a
    national service's size a year of one busy area is millions of rows, so those counts are read
    from here (a few hundred rows) rather than worked out from `Crime` on every cold page."""

    batch = batch_fk()
    month = models.CharField(max_length=7)
    neighbourhood = neighbourhood_fk()
    category = models.CharField(max_length=40)
    crimes = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["batch"], name="crime_count_batch"),
            models.Index(fields=["neighbourhood", "month"], name="crime_count_nbhd_month"),
        ]

    def __str__(self) -> str:
        return f"{self.crimes} {self.category} {self.month}"


class Outcome(models.Model):
    """One row of an outcomes CSV: an outcome (in `month`) of the crime with that persistent id."""

    batch = batch_fk()
    force = models.CharField(max_length=60)
    month = models.CharField(max_length=7)
    persistent_id = models.CharField(max_length=64)
    persistent_key = models.BigIntegerField(null=True, blank=True)
    location = models.ForeignKey(
        CrimeLocation, null=True, blank=True, on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    lsoa_code = models.CharField(max_length=9, blank=True)
    lsoa_name = models.CharField(max_length=100, blank=True)
    outcome_type = models.CharField(max_length=120)
    code = models.CharField(max_length=80)

    class Meta:
        indexes = [
            models.Index(fields=["batch"], name="outcome_batch"),
            models.Index(fields=["location", "month"], name="outcome_location_month"),
            models.Index(fields=["persistent_key"], name="outcome_persistent_key"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.month}"


class StopAndSearch(models.Model):
    batch = batch_fk()
    force = models.CharField(max_length=60)
    month = models.CharField(max_length=7)
    type = models.CharField(max_length=40)
    datetime = models.DateTimeField()
    part_of_operation = models.BooleanField(null=True)
    operation_name = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, db_index=False, related_name="+"
    )
    gender = models.CharField(max_length=40, blank=True)
    age_range = models.CharField(max_length=20, blank=True)
    self_defined_ethnicity = models.CharField(max_length=120, blank=True)
    officer_defined_ethnicity = models.CharField(max_length=60, blank=True)
    legislation = models.CharField(max_length=200, blank=True)
    object_of_search = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=120, blank=True)
    outcome_linked_to_object = models.BooleanField(null=True)
    removal_of_more_than_outer_clothing = models.BooleanField(null=True)

    class Meta:
        verbose_name_plural = "stops and searches"
        indexes = [
            models.Index(fields=["batch"], name="stop_batch"),
            models.Index(fields=["neighbourhood", "month"], name="stop_nbhd_month"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.datetime:%Y-%m-%d}"


class Incident(models.Model):
    """A recorded incident from the force's own systems: exact time and place, pseudonymised people.

    `victim_ref` and `offender_refs` are pseudonyms made by the force before export (never names);
    `offender_refs` holds several separated by ";". Synthetic rows (the demo's) are marked.
    """

    batch = models.ForeignKey(ImportBatch, null=True, on_delete=models.SET_NULL, related_name="+")
    reference = models.CharField(max_length=60, unique=True)
    occurred_at = models.DateTimeField()
    category = models.CharField(max_length=60)
    latitude = models.FloatField()
    longitude = models.FloatField()
    easting = models.FloatField()
    northing = models.FloatField()
    location_ref = models.CharField(max_length=100, blank=True, help_text="The force's address/location id.")
    location_label = models.CharField(max_length=200, blank=True, help_text="Street or address, if given.")
    victim_ref = models.CharField(max_length=100, blank=True)
    offender_refs = models.CharField(max_length=400, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["neighbourhood", "occurred_at"], name="incident_nbhd_time"),
            models.Index(fields=["category", "occurred_at"], name="incident_cat_time"),
            models.Index(fields=["victim_ref"], name="incident_victim"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_burglary(self) -> bool:
        return self.category.startswith("burglary")


class ArchiveFetch(models.Model):
    """One run of `safer fetch-policeuk`: what it downloaded, what it imported, or why it did not.

    A failed or partial run imports nothing (the import is one transaction and starts only after the
    whole archive has arrived and been checked); its row says why."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        IMPORTED = "imported", "Imported"
        UNCHANGED = "unchanged", "Unchanged since the last import"
        FAILED = "failed", "Failed: nothing changed"

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    url = models.CharField(max_length=500)
    force = models.CharField(max_length=60)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    bytes_downloaded = models.BigIntegerField(default=0, help_text="Bytes received in this run.")
    resumed_from = models.BigIntegerField(default=0, help_text="Bytes kept from an earlier, partial run.")
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    months = models.JSONField(default=list, blank=True, help_text="The months imported, YYYY-MM.")
    rows = models.JSONField(default=dict, blank=True, help_text="Rows imported by kind.")
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"


# The charter records (issue 14) live in their own module; imported here so Django finds them.
from safer.crime.records import (  # noqa: E402, F401
    AnalysisRun,
    AsbActionPlan,
    AsbLead,
    ManagedOffender,
    OcgDisruption,
    TownCentre,
)
