"""Partnership forums (Community Safety Partnerships, joint tasking, safeguarding boards...), their
meetings, who attended, and the actions agreed."""

from __future__ import annotations

from django.db import models

from safer.partners.models.agencies import Agency
from safer.places.models import PolicingArea


class ForumKind(models.TextChoices):
    CSP = "csp", "Community Safety Partnership"
    TASKING = "tasking", "Multi-agency tasking"
    HEALTH_WELLBEING = "hwb", "Health and Wellbeing Board"
    SAFEGUARDING = "safeguarding", "Safeguarding partnership or board"
    SOC_JAG = "soc_jag", "Serious Organised Crime Joint Agency Group"
    MARAC = "marac", "MARAC"
    OTHER = "other", "Other"


class Forum(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=ForumKind.choices)
    area = models.ForeignKey(
        PolicingArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forums",
        help_text="Empty for a forum covering the whole force.",
    )
    members = models.ManyToManyField(Agency, blank=True, related_name="forums")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ForumMeeting(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    venue = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "held_on"], name="one_meeting_a_day_per_forum")
        ]

    def __str__(self) -> str:
        return f"{self.forum} on {self.held_on:%d %b %Y}"

    @property
    def police_attended(self) -> bool:
        return any(a.agency_id is None and a.status == Attendance.PRESENT for a in self.attendance.all())


class Attendance(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class MeetingAttendance(models.Model):
    """One organisation at one meeting. No agency means the police."""

    meeting = models.ForeignKey(ForumMeeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    representative = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Attendance.choices, default=Attendance.PRESENT)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="one_attendance_per_agency"),
            models.UniqueConstraint(
                fields=["meeting"], condition=models.Q(agency=None), name="one_police_attendance"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency or 'Police'}: {self.get_status_display()}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ForumAction(models.Model):
    """An action agreed at a meeting. No owner agency means the police own it."""

    meeting = models.ForeignKey(ForumMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description[:60]
