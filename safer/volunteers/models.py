"""The people who give their time to policing, and the groups the force listens to.

Special constables and police support volunteers are people in `teams` (Person, rank special or
volunteer): their hours are recorded here against that Person, never as a copy of them. Cadets are
children and are not team members: their records live only here and only their unit's leaders and
the safeguarding lead read them (accounts.scopes.CADET_RECORDS).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from safer.places.models import Neighbourhood, PolicingArea
from safer.teams.models import Person

HOURS = [MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))]
User = settings.AUTH_USER_MODEL


class Recorded(models.Model):
    """Who recorded a row, and when (every staff-entered row carries this)."""

    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False, help_text="Fictional row in the demo data set.")

    class Meta:
        abstract = True


# --- Special constables and police support volunteers -------------------------------------------


class SpecialDuty(Recorded):
    """Hours a special constable gave on one day, by the kind of duty."""

    class DutyType(models.TextChoices):
        PATROL = "patrol", "Neighbourhood patrol"
        RESPONSE = "response", "Response shift"
        EVENT = "event", "Event or operation"
        ROADS = "roads", "Roads policing"
        TRAINING = "training", "Training"
        ADMIN = "admin", "Administration"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="special_duties")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(default=timezone.localdate)
    duty_type = models.CharField(max_length=12, choices=DutyType.choices)
    hours = models.DecimalField(max_digits=4, decimal_places=2, validators=HOURS)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name_plural = "special duties"

    def __str__(self) -> str:
        return f"{self.person.full_name}, {self.get_duty_type_display()}, {self.hours} h on {self.date}"


class SupportShift(Recorded):
    """Hours a police support volunteer gave on one day, in one volunteer role."""

    class VolunteerRole(models.TextChoices):
        FRONT_COUNTER = "front_counter", "Front counter"
        ENGAGEMENT = "engagement", "Community engagement"
        CHAPLAIN = "chaplain", "Chaplaincy"
        CCTV = "cctv", "CCTV review"
        CADETS = "cadets", "Cadet unit helper"
        ADMIN = "admin", "Administration"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="support_shifts")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(default=timezone.localdate)
    role = models.CharField(max_length=16, choices=VolunteerRole.choices)
    hours = models.DecimalField(max_digits=4, decimal_places=2, validators=HOURS)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.person.full_name}, {self.get_role_display()}, {self.hours} h on {self.date}"


# --- Volunteer Police Cadets and Mini Police (children: restricted) -----------------------------


class CadetUnit(Recorded):
    class Kind(models.TextChoices):
        CADETS = "cadets", "Volunteer Police Cadets (13 to 18)"
        JUNIOR = "junior", "Junior Cadets (10 to 13)"
        MINI = "mini", "Mini Police (8 to 11)"

    AGES = {Kind.CADETS: (13, 18), Kind.JUNIOR: (10, 13), Kind.MINI: (8, 11)}

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.CADETS)
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    meeting_place = models.CharField(max_length=200, blank=True)
    leaders: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        User, related_name="cadet_units", blank=True
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Cadet(Recorded):
    unit = models.ForeignKey(CadetUnit, on_delete=models.CASCADE, related_name="cadets")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)
    carer_name = models.CharField(max_length=200)
    carer_phone = models.CharField(max_length=20)
    health_form_on = models.DateField(
        null=True, blank=True, help_text="When the latest health and permission form was received."
    )

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day: dt.date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class CadetSession(Recorded):
    class Kind(models.TextChoices):
        MEETING = "meeting", "Unit meeting"
        VOLUNTEERING = "volunteering", "Volunteering"

    unit = models.ForeignKey(CadetUnit, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(default=timezone.localdate)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.MEETING)
    topic = models.CharField(max_length=200)
    hours = models.DecimalField(max_digits=4, decimal_places=2, validators=HOURS, default=Decimal("2"))
    present = models.ManyToManyField(Cadet, related_name="sessions_attended", blank=True)
    enrolled = models.PositiveIntegerField(default=0, help_text="Cadets in the unit on the day.")

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit.name}, {self.topic}, {self.date}"


# --- Independent Advisory Groups ----------------------------------------------------------------


class AdvisoryGroup(Recorded):
    class Kind(models.TextChoices):
        GEOGRAPHIC = "geographic", "Local policing area"
        MINORITY_ETHNIC = "minority_ethnic", "Black, Asian and minority ethnic"
        DISABILITY = "disability", "Disability"
        LGBT = "lgbt", "LGBT+"
        FAITH = "faith", "Faith"
        YOUTH = "youth", "Young people"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    area = models.ForeignKey(PolicingArea, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AdvisoryMember(Recorded):
    group = models.ForeignKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    declared_interests = models.TextField(
        blank=True, max_length=2000, help_text='Roles, memberships and connections; "none" if none.'
    )
    confidentiality_signed_on = models.DateField(null=True, blank=True)
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AdvisoryMeeting(Recorded):
    group = models.ForeignKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    members_present = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.group.name}, {self.date}"


class Advice(Recorded):
    """Advice the group gave on an incident or a policy; a critical-incident call-out records when the
    group was called and when it answered."""

    class Kind(models.TextChoices):
        CRITICAL_INCIDENT = "critical", "Critical-incident call-out"
        INCIDENT = "incident", "Incident"
        POLICY = "policy", "Policy or procedure"

    group = models.ForeignKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="advice")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    requested_at = models.DateTimeField()
    given_at = models.DateTimeField(null=True, blank=True)
    advice = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name_plural = "advice"

    def __str__(self) -> str:
        return self.subject


class AdvisoryAction(Recorded):
    group = models.ForeignKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=200, help_text="Who will do it: an officer, a team or a member.")
    due_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["closed_on", "due_on"]

    def __str__(self) -> str:
        return self.description

    @property
    def closed_on_time(self) -> bool:
        return self.closed_on is not None and self.closed_on <= self.due_on


# --- Independent Custody Visiting (the PCC's scheme) ---------------------------------------------


class CustodySuite(Recorded):
    name = models.CharField(max_length=120)
    area = models.ForeignKey(PolicingArea, on_delete=models.CASCADE, related_name="+")
    visits_per_week = models.PositiveSmallIntegerField(default=1, validators=[MaxValueValidator(14)])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CustodyVisitor(Recorded):
    name = models.CharField(max_length=200)
    area = models.ForeignKey(PolicingArea, on_delete=models.CASCADE, related_name="+")
    vetted_on = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RotaSlot(Recorded):
    """A week in which a pair must visit a suite, unannounced: only the two of them choose the time."""

    suite = models.ForeignKey(CustodySuite, on_delete=models.CASCADE, related_name="rota")
    week_starting = models.DateField(help_text="A Monday.")
    first_visitor = models.ForeignKey(CustodyVisitor, on_delete=models.PROTECT, related_name="+")
    second_visitor = models.ForeignKey(CustodyVisitor, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-week_starting", "suite__name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(first_visitor=models.F("second_visitor")), name="rota_pair_of_two"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suite.name}, week of {self.week_starting}"


class CustodyVisit(Recorded):
    """The pair's report of one visit, and the custody inspector's response to the issues raised."""

    suite = models.ForeignKey(CustodySuite, on_delete=models.CASCADE, related_name="visits")
    first_visitor = models.ForeignKey(CustodyVisitor, on_delete=models.PROTECT, related_name="+")
    second_visitor = models.ForeignKey(CustodyVisitor, on_delete=models.PROTECT, related_name="+")
    arrived_at = models.DateTimeField()
    left_at = models.DateTimeField()
    admission_delay_minutes = models.PositiveIntegerField(default=0)
    delay_reason = models.CharField(max_length=300, blank=True)
    detainees_in_custody = models.PositiveIntegerField()
    detainees_offered = models.PositiveIntegerField()
    detainees_seen = models.PositiveIntegerField(help_text="Visited with their consent.")
    conditions = models.TextField(blank=True, max_length=3000)
    issues_raised = models.TextField(blank=True, max_length=3000)
    response = models.TextField(blank=True, max_length=3000)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-arrived_at"]

    def __str__(self) -> str:
        return f"{self.suite.name}, {self.arrived_at:%d %b %Y %H:%M}"

    @property
    def response_time(self) -> dt.timedelta | None:
        return self.responded_at - self.arrived_at if self.responded_at else None


# --- Ride-alongs ---------------------------------------------------------------------------------


class RideAlong(models.Model):
    """A member of the public's application to observe a shift, from the public form to feedback."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        INELIGIBLE = "ineligible", "Not eligible"
        VETTING = "vetting", "Vetting"
        REFUSED = "refused", "Vetting refused"
        APPROVED = "approved", "Approved"
        BOOKED = "booked", "Booked"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    reference = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=20)
    date_of_birth = models.DateField()
    area = models.ForeignKey(PolicingArea, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(max_length=1500)
    lives_in_force_area = models.BooleanField()
    has_convictions = models.BooleanField()
    restrictions_acknowledged_at = models.DateTimeField()
    applied_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    status_note = models.CharField(max_length=300, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_for = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    feedback = models.TextField(blank=True, max_length=3000)
    rating = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(5)])
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-applied_at"]

    def __str__(self) -> str:
        return self.reference


# --- Youth engagement and groups engaged ---------------------------------------------------------


class YouthSession(Recorded):
    class Setting(models.TextChoices):
        PRIMARY = "primary", "Primary school"
        SECONDARY = "secondary", "Secondary school"
        COLLEGE = "college", "College"
        CLUB = "club", "Youth or sports club"
        UNIFORMED = "uniformed", "Uniformed group (Scouts, Guides, cadets)"
        OTHER = "other", "Other"

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(default=timezone.localdate)
    setting = models.CharField(max_length=10, choices=Setting.choices)
    organisation = models.CharField(max_length=200, help_text="The school or club's name.")
    topic = models.CharField(max_length=200)
    attendance = models.PositiveIntegerField(help_text="How many young people took part.")

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation}, {self.topic}, {self.date}"


class GroupContact(Recorded):
    """A team meeting a community, faith or voluntary group (the groups-engaged promise)."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", "Community or residents' group"
        FAITH = "faith", "Faith group or place of worship"
        VOLUNTARY = "voluntary", "Voluntary or charity group"
        BUSINESS = "business", "Business group"

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(default=timezone.localdate)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    group_name = models.CharField(max_length=200)
    purpose = models.CharField(max_length=300)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.group_name}, {self.date}"
