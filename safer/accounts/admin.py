"""The Django admin for staff accounts and the audit log.

The admin site requires both sign-in factors (django-otp's OTPAdminSite) and sends people to the
staff sign-in rather than its own login form, so there is one sign-in with one lockout counter.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite

from safer.accounts import actions
from safer.accounts.models import AuditEvent, StaffProfile


class StaffAdminSite(OTPAdminSite):
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.user.is_authenticated and request.user.is_verified():  # type: ignore[attr-defined]
            raise PermissionDenied("This account may not use the admin site.")
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('accounts:sign-in')}?{urlencode({'next': next_url})}")


# The documented django-otp way to make the default site require a verified session.
admin.site.__class__ = StaffAdminSite


class StaffProfileInline(admin.StackedInline):  # type: ignore[type-arg]
    model = StaffProfile
    can_delete = False
    filter_horizontal = ("neighbourhoods", "areas")
    verbose_name_plural = "Staff role and scope"


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):  # type: ignore[type-arg]
    inlines = [StaffProfileInline]
    list_display = ("username", "first_name", "last_name", "staff_role", "is_active", "is_staff")
    list_select_related = ("staff",)

    @admin.display(description="Role")
    def staff_role(self, obj: User) -> str:
        profile = getattr(obj, "staff", None)
        return profile.get_role_display() if profile else ""

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list[BaseInlineFormSet], change: bool
    ) -> None:  # type: ignore[override,type-arg]
        # Role and scope edits in the inline are audited like those on the staff pages.
        user = form.instance
        before = StaffProfile.objects.filter(user=user).first() if change else None
        before_role, before_scope = (before.role if before else None), actions.scope_snapshot(before)
        super().save_related(request, form, formsets, change)
        after = StaffProfile.objects.filter(user=user).first()
        if after is not None:
            actions.audit_profile_change(request.user, after, before_role, before_scope)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the audit log is append-only, in the admin as everywhere else."""

    list_display = ("at", "actor", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    readonly_fields = ("at", "actor", "action", "object_type", "object_id", "changes")
    list_select_related = ("actor",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
