"""Partner agencies, the people to contact there, the sites shared with them, and the accounts
through which their staff sign in."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safer.places.models import PolicingArea


class AgencyKind(models.TextChoices):
    COUNCIL = "council", "Council"
    HOUSING = "housing", "Housing provider"
    HEALTH = "health", "Health"
    FIRE = "fire", "Fire and rescue"
    SCHOOL = "school", "School or college"
    CHARITY = "charity", "Charity or voluntary group"
    PROBATION = "probation", "Probation or youth justice"
    OTHER = "other", "Other"


class Agency(models.Model):
    """An organisation the force works with. Its `areas` are the policing areas it serves."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    areas = models.ManyToManyField(PolicingArea, blank=True, related_name="agencies")
    email = models.EmailField(blank=True, help_text="A shared inbox, not a person's address.")
    telephone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    active = models.BooleanField(default=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class AgencyContact(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    is_primary = models.BooleanField(
        default=False, help_text="Receives reminders about the agency's agreements."
    )

    class Meta:
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class Site(models.Model):
    """A building where police and partners work side by side (a co-located hub, a shared office)."""

    name = models.CharField(max_length=200)
    address = models.TextField()
    postcode = models.CharField(max_length=10, blank=True)
    area = models.ForeignKey(
        PolicingArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="partner_sites"
    )
    agencies = models.ManyToManyField(Agency, related_name="sites")
    police_based = models.BooleanField(default=True, help_text="Police staff work from this site.")
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerAccount(models.Model):
    """Links a user with the `partner` role to the agency they work for. The account signs in like
    staff (password and authenticator code); what it may read is decided by `partners.sharing`."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="accounts")
    job_title = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name"]

    def __str__(self) -> str:
        return f"{self.user} at {self.agency}"
