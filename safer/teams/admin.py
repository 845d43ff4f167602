"""Admin for people and team memberships. Saves here are audited like those on the staff pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms import BaseInlineFormSet
from django.http import HttpRequest

from safer.accounts import audit
from safer.teams import actions
from safer.teams.forms import normalise_uk_mobile
from safer.teams.models import DutySpell, Membership, Person, TrainingRecord
from safer.teams.photos import PhotoError, process_photo


class PersonAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """The same checks as the staff page: UK mobile, a real photo (resized, no EXIF), alt text."""

    class Meta:
        model = Person
        fields = [
            "given_name",
            "family_name",
            "rank",
            "collar_number",
            "photo",
            "photo_alt",
            "work_mobile",
            "work_email",
            "biography",
            "on_duty",
            "duty_until",
            "details_verified_on",
            "is_demo",
            "user",
        ]

    def clean_work_mobile(self) -> str:
        value = (self.cleaned_data.get("work_mobile") or "").strip()
        return normalise_uk_mobile(value) if value else ""

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            try:
                return process_photo(photo)
            except PhotoError as error:
                raise ValidationError(str(error), code="invalid_image")
        return photo

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("photo") and not (data.get("photo_alt") or "").strip():
            self.add_error("photo_alt", "Enter a description of the photo")
        return data


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0


def _audit_memberships(request: HttpRequest, formset: BaseInlineFormSet) -> None:  # type: ignore[type-arg]
    for obj in formset.deleted_objects:
        snapshot = {"person": str(obj.person_id), "neighbourhood": obj.neighbourhood.code, "role": obj.role}
        audit.record(request.user, "membership.removed", obj, {k: [v, None] for k, v in snapshot.items()})
    for obj in formset.new_objects:
        snapshot = {"person": str(obj.person_id), "neighbourhood": obj.neighbourhood.code, "role": obj.role}
        audit.record(request.user, "membership.added", obj, {k: [None, v] for k, v in snapshot.items()})
    for obj, changed in formset.changed_objects:
        audit.record(
            request.user, "membership.changed", obj, {f: [None, str(getattr(obj, f))] for f in changed}
        )


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = PersonAdminForm
    inlines = [MembershipInline]
    list_display = ("family_name", "given_name", "rank", "collar_number", "on_duty", "details_verified_on")
    list_filter = ("rank", "on_duty", "is_demo")
    search_fields = ("family_name", "given_name", "collar_number")

    def save_model(self, request: HttpRequest, obj: Person, form: forms.ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        before = Person.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        actions.audit_person_save(request.user, before, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        _audit_memberships(request, formset)

    def delete_model(self, request: HttpRequest, obj: Person) -> None:
        audit.record(
            request.user, "person.deleted", obj, audit.field_changes(obj, Person(), actions.PERSON_FIELDS)
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("person", "neighbourhood", "role")
    list_filter = ("role",)
    list_select_related = ("person", "neighbourhood")
    raw_id_fields = ("person",)

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        before = Membership.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        fields = ["person_id", "neighbourhood_id", "role"]
        action = "membership.changed" if before else "membership.added"
        changes = audit.field_changes(before, obj, fields)
        if changes:
            audit.record(request.user, action, obj, changes)

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        snapshot = {"person": str(obj.person_id), "neighbourhood": obj.neighbourhood.code, "role": obj.role}
        audit.record(request.user, "membership.removed", obj, {k: [v, None] for k, v in snapshot.items()})
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


# Issue 14: training comes from the learning system's CSV (staff page) and duty spells from the duty
# status each person sets; the admin shows both read-only so nobody types a figure in.
@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["person", "course", "completed_on", "expires_on", "imported_at"]
    list_filter = ["course"]
    readonly_fields = ["person", "course", "completed_on", "expires_on", "imported_at", "is_demo"]

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(DutySpell)
class DutySpellAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["person", "kind", "reason", "started_at", "ended_at"]
    list_filter = ["kind", "reason"]
    readonly_fields = ["person", "kind", "reason", "started_at", "ended_at", "recorded_by", "is_demo"]

    def has_add_permission(self, request: Any) -> bool:
        return False
