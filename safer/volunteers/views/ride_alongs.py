"""Ride-along applications for the scheme's single point of contact: the list, one application with
its eligibility, vetting, booking and feedback, each step a POST through actions.move_ride_along."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from safer.accounts import audit
from safer.accounts.scopes import RIDE_ALONG_MANAGERS, neighbourhoods_in_scope, require_role
from safer.lib import phones
from safer.lib.govuk import DateInput, DateTimeInput, GovukForm
from safer.volunteers import actions
from safer.volunteers.models import RideAlong
from safer.volunteers.views.common import scoped, table

ROLES = RIDE_ALONG_MANAGERS
Status = RideAlong.Status


class MoveForm(GovukForm):
    """One step on: the status chosen, and what that step needs (a booking, an outcome)."""

    status = forms.ChoiceField(widget=forms.RadioSelect, label="Move the application to")
    note = forms.CharField(
        required=False, max_length=300, label="Note (the reason, for a refusal or cancellation)"
    )
    neighbourhood: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        label="Team they will go out with",
    )
    booked_for = forms.DateTimeField(required=False, widget=DateTimeInput(), label="Shift starts at")
    completed_on = forms.DateField(required=False, widget=DateInput(), label="Date of the ride-along")
    feedback = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        label="The observer's feedback",
    )
    rating = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Their rating, out of 5",
        choices=[("", "Not given"), *[(n, str(n)) for n in range(1, 6)]],
    )

    def __init__(self, *args: Any, ride: RideAlong, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = actions.NEXT.get(Status(ride.status), set())
        self.fields["status"].choices = [(s.value, s.label) for s in Status if s in allowed]  # type: ignore[attr-defined]
        nbs = neighbourhoods_in_scope(user).filter(areas=ride.area)
        self.fields["neighbourhood"].queryset = nbs  # type: ignore[attr-defined]
        self.ride = ride

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        if status == Status.BOOKED:
            if not data.get("neighbourhood"):
                self.add_error("neighbourhood", "Choose the team they will go out with.")
            when = data.get("booked_for")
            if not when:
                self.add_error("booked_for", "Enter when the shift starts.")
            elif when < timezone.now():
                self.add_error("booked_for", "The shift must be in the future.")
        if status == Status.COMPLETED:
            day = data.get("completed_on")
            if not day:
                self.add_error("completed_on", "Enter the date of the ride-along.")
            elif day > timezone.localdate():
                self.add_error("completed_on", "The date cannot be in the future.")
        if (
            status in (Status.REFUSED, Status.CANCELLED, Status.INELIGIBLE)
            and not data.get("note", "").strip()
        ):
            self.add_error("note", "Give the reason.")
        return data

    def changes(self) -> dict[str, Any]:
        d = self.cleaned_data
        fields: dict[str, Any] = {"status_note": d.get("note", "")}
        if d["status"] == Status.BOOKED:
            fields.update(neighbourhood=d["neighbourhood"], booked_for=d["booked_for"])
        if d["status"] == Status.COMPLETED:
            fields.update(
                completed_on=d["completed_on"], feedback=d.get("feedback", ""), rating=d.get("rating")
            )
        return fields


@require_safe
@require_role(*ROLES)
def applications(request: HttpRequest) -> HttpResponse:
    rows = scoped(request.user, RideAlong).select_related("area")
    status = request.GET.get("status", "")
    if status in Status.values:
        rows = rows.filter(status=status)
    context = table(
        request,
        rows,
        [
            ("Reference", lambda r: r.reference),
            ("Applied", lambda r: f"{timezone.localtime(r.applied_at):%-d %b %Y}"),
            ("Area", lambda r: r.area.name),
            ("Status", lambda r: r.get_status_display()),
        ],
        caption="Ride-along applications",
        empty="No ride-along applications" + (" with that status." if status else " yet."),
        link=lambda r: reverse("volunteers:ride-along-detail", args=[r.pk]),
    )
    if status in Status.values:
        context["query_prefix"] = f"status={status}&"
    return render(
        request,
        "volunteers/ride_alongs.html",
        {"table": context, "statuses": Status.choices, "status": status},
    )


def _detail(request: HttpRequest, ride: RideAlong, form: MoveForm, status: int = 200) -> HttpResponse:
    audit.record(request.user, "volunteers.ride_along.read", ride)
    context = {
        "ride": ride,
        "form": form,
        "phone": phones.national(ride.phone),
        "can_move": bool(actions.NEXT.get(Status(ride.status))),
    }
    return render(request, "volunteers/ride_along.html", context, status=status)


@require_safe
@require_role(*ROLES)
def application(request: HttpRequest, pk: int) -> HttpResponse:
    ride = get_object_or_404(scoped(request.user, RideAlong).select_related("area", "neighbourhood"), pk=pk)
    return _detail(request, ride, MoveForm(ride=ride, user=request.user))


@require_POST
@require_role(*ROLES)
def move(request: HttpRequest, pk: int) -> HttpResponse:
    ride = get_object_or_404(scoped(request.user, RideAlong).select_related("area", "neighbourhood"), pk=pk)
    form = MoveForm(request.POST, ride=ride, user=request.user)
    if not form.is_valid():
        return _detail(request, ride, form, status=400)
    actions.move_ride_along(request.user, ride, form.cleaned_data["status"], **form.changes())
    messages.success(request, f"{ride.reference} is now {ride.get_status_display().lower()}.")
    return redirect("volunteers:ride-along-detail", ride.pk)
