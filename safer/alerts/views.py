"""Residents' pages: sign up, confirm, manage (through a signed link), unsubscribe, and each
neighbourhood's public message archive. Every page works without JavaScript."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from safer.alerts import actions, links
from safer.alerts.forms import (
    AddPlaceForm,
    CodeForm,
    LinkRequestForm,
    ManageForm,
    PreferencesForm,
    SignupForm,
)
from safer.alerts.models import (
    Channel,
    Delivery,
    Group,
    Message,
    MessageStatus,
    QueueSlice,
    Subscriber,
    Target,
)
from safer.lib.ratelimit import limited
from safer.places.models import Neighbourhood

TOO_MANY = "You have tried this too many times. Try again in an hour."
PENDING_SIGNUP = "alerts.pending-signup"


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/start.html")


def signup(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if limited(request, "alerts-signup", settings.ALERTS_SIGNUPS_PER_HOUR):
            return render(
                request, "alerts/signup.html", {"form": SignupForm(), "limited": TOO_MANY}, status=429
            )
        form = SignupForm(request.POST)
        if form.is_valid():
            reg = form.registration()
            subscriber, created = actions.register(reg)
            phones_given = [f for f in ("mobile", "landline") if getattr(reg, f)]
            if not phones_given:
                return redirect("alerts:check-email")
            # The same answer whether or not an address was registered already, so the form cannot
            # be used to find out who is: only the session knows which registration a code confirms.
            request.session[PENDING_SIGNUP] = {
                "subscriber": subscriber.pk if created else 0,
                "fields": phones_given,
                "email": bool(reg.email),
            }
            return redirect("alerts:check-phone")
    else:
        form = SignupForm(initial=_chosen_team(request))
    return render(request, "alerts/signup.html", {"form": form})


def _chosen_team(request: HttpRequest) -> dict[str, Any]:
    """A team page's "Get alerts" link names its neighbourhood: start with it chosen."""
    slug = request.GET.get("neighbourhood", "")
    found = Neighbourhood.objects.filter(force__slug=settings.FORCE_ID, slug=slug).first() if slug else None
    return {"neighbourhood": found.pk} if found else {}


def check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/check_email.html")


def check_phone(request: HttpRequest) -> HttpResponse:
    """After signing up with a phone number: enter the code. For a number that was registered
    already the page is the same, and no code works on it (its owner was sent a manage link)."""
    pending = request.session.get(PENDING_SIGNUP)
    if not pending or not pending.get("fields"):
        return redirect("alerts:sign-up")
    subscriber = (
        Subscriber.objects.filter(pk=pending["subscriber"]).first() if pending["subscriber"] else None
    )
    posted = request.POST.get("field", "")
    field = posted if posted in pending["fields"] else pending["fields"][0]
    form = CodeForm(initial={"field": field})
    if request.method == "POST" and "resend" in request.POST:
        if limited(request, "alerts-code", 5):
            flash.warning(request, TOO_MANY)
        else:
            if subscriber is not None:
                from safer.alerts import tasks

                tasks.send_phone_code.enqueue(subscriber.pk, field)
            flash.info(request, "We have sent a new code.")
        return redirect(request.path)
    if request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid():
            code, field = form.cleaned_data["code"], form.cleaned_data["field"]
            ours = field in pending["fields"]
            if subscriber is not None and ours and actions.confirm_phone(subscriber, field, code):
                flash.success(request, "Your phone number is confirmed.")
                pending["fields"] = [f for f in pending["fields"] if f != field]
                request.session[PENDING_SIGNUP] = pending
                if pending["fields"]:
                    return redirect(request.path)
                del request.session[PENDING_SIGNUP]
                return redirect(links.manage_path(subscriber.pk, subscriber.key))
            form.add_error("code", "The code is wrong or has expired. Check it, or ask for a new one")
    return render(
        request,
        "alerts/confirm_phone.html",
        {
            "form": form,
            "field": field,
            "by_call": field == "landline",
            "email_pending": pending["email"],
            "after_signup": True,
        },
    )


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST confirms (link scanners follow GETs)."""
    found = links.read_token(token, links.CONFIRM_EMAIL)
    if found is None:
        return render(request, "alerts/link_expired.html", status=404)
    subscriber, fingerprint = found
    if request.method == "POST":
        if actions.confirm_email(subscriber, fingerprint):
            flash.success(
                request, "Your email address is confirmed. You will now get the messages you chose."
            )
            return redirect(links.manage_path(subscriber.pk, subscriber.key))
        return render(request, "alerts/link_expired.html", status=404)
    return render(request, "alerts/confirm_email.html", {"already": bool(subscriber.email_confirmed_at)})


def _subscriber(token: str) -> Subscriber:
    found = links.read_token(token, links.MANAGE)
    if found is None:
        raise Http404("This link has expired or is not valid")
    return found[0]


def manage(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = _subscriber(token)
    except Http404:
        return render(request, "alerts/link_expired.html", status=404)
    if request.method == "POST":
        form = ManageForm(request.POST, subscriber=subscriber)
        if form.is_valid():
            actions.update_preferences(subscriber, form.preferences())
            if form.new_mobile:
                actions.change_mobile(subscriber, form.new_mobile)
                flash.success(request, "Your choices are saved. Enter the code we sent to your new mobile.")
                # The code is entered where sign-up's is: the session says which number it confirms.
                request.session[PENDING_SIGNUP] = {
                    "subscriber": subscriber.pk,
                    "fields": ["mobile"],
                    "email": False,
                }
                return redirect("alerts:check-phone")
            flash.success(request, "Your choices are saved.")
            return redirect(request.path)
    else:
        initial = {**PreferencesForm.initial_for(subscriber), "mobile": subscriber.mobile}
        form = ManageForm(initial=initial, subscriber=subscriber)
    history = Paginator(
        Delivery.objects.filter(subscriber=subscriber)
        .select_related("message")
        .order_by("-created_at", "-id"),
        20,
    ).get_page(request.GET.get("page"))
    neighbourhood_ids = subscriber.subscriptions.values("neighbourhood_id")
    context: dict[str, Any] = {
        "subscriber": subscriber,
        "token": token,
        "form": form,
        "place_form": AddPlaceForm(),
        "places": subscriber.places.prefetch_related("subscriptions__neighbourhood"),
        "groups": Group.objects.filter(neighbourhood__in=neighbourhood_ids),
        "my_groups": set(subscriber.groups.values_list("pk", flat=True)),
        "history": history,
        "channels": [
            (Channel.EMAIL, subscriber.email, subscriber.email_confirmed_at),
            (Channel.SMS, subscriber.mobile, subscriber.mobile_confirmed_at),
            (Channel.VOICE, subscriber.landline, subscriber.landline_confirmed_at),
        ],
        "switched_off": subscriber.switched_off,
    }
    return render(request, "alerts/manage.html", context)


@require_POST
def manage_place_add(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = _subscriber(token)
    form = AddPlaceForm(request.POST)
    if form.is_valid():
        actions.add_place(subscriber, form.spec)
        flash.success(request, "Place added.")
        return redirect("alerts:manage", token)
    return render(request, "alerts/add_place.html", {"place_form": form, "token": token})


@require_POST
def manage_place_remove(request: HttpRequest, token: str, place_id: int) -> HttpResponse:
    subscriber = _subscriber(token)
    if subscriber.places.count() <= 1:
        flash.warning(request, "You need at least one place. To stop all messages, delete your registration.")
    elif actions.remove_place(subscriber, place_id):
        flash.success(request, "Place removed.")
    return redirect("alerts:manage", token)


@require_POST
def manage_group(request: HttpRequest, token: str, group_id: int) -> HttpResponse:
    subscriber = _subscriber(token)
    group = get_object_or_404(
        Group, pk=group_id, neighbourhood__in=subscriber.subscriptions.values("neighbourhood_id")
    )
    if request.POST.get("join") == "1":
        actions.join_group(subscriber, group)
        flash.success(request, f"You have joined {group.name}.")
    else:
        actions.leave_group(subscriber, group)
        flash.success(request, f"You have left {group.name}.")
    return redirect("alerts:manage", token)


def export(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = _subscriber(token)
    response = HttpResponse(
        json.dumps(actions.export_data(subscriber), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-neighbourhood-matters-data.json"'
    response["Cache-Control"] = "no-store"
    return response


def delete(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = _subscriber(token)
    if request.method == "POST":
        actions.delete_registration(subscriber)
        return render(request, "alerts/deleted.html")
    return render(request, "alerts/delete.html", {"token": token})


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058: mail clients POST `List-Unsubscribe=One-Click` with no cookies, so no CSRF token;
    the signed link is the authority. A GET only shows the button (scanners follow GETs)."""
    found = links.read_token(token, links.UNSUBSCRIBE)
    if found is None:
        return render(request, "alerts/link_expired.html", status=404)
    subscriber, channel_text = found
    channel = (
        Channel(int(channel_text))
        if channel_text.isdigit() and int(channel_text) in Channel.values
        else Channel.EMAIL
    )
    if request.method == "POST":
        actions.unsubscribe(subscriber, channel)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unsubscribed", content_type="text/plain")
        return render(
            request,
            "alerts/unsubscribed.html",
            {"channel": channel, "manage_url": links.manage_path(subscriber.pk, subscriber.key)},
        )
    return render(request, "alerts/unsubscribe.html", {"channel": channel})


def request_link(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if limited(request, "alerts-link", settings.ALERTS_SIGNUPS_PER_HOUR):
            return render(
                request,
                "alerts/request_link.html",
                {"form": LinkRequestForm(), "limited": TOO_MANY},
                status=429,
            )
        form = LinkRequestForm(request.POST)
        if form.is_valid():
            actions.request_manage_link(form.cleaned_data["address"])
            return render(request, "alerts/link_sent.html")
    else:
        form = LinkRequestForm()
    return render(request, "alerts/request_link.html", {"form": form})


def archive(request: HttpRequest, slug: str) -> HttpResponse:
    neighbourhood = get_object_or_404(Neighbourhood, force__slug=settings.FORCE_ID, slug=slug)
    published = (
        Message.objects.filter(
            neighbourhoods=neighbourhood, status__in=[MessageStatus.SENDING, MessageStatus.SENT]
        )
        .exclude(target=Target.GROUP)
        .order_by("-sent_at", "-id")
    )
    page = Paginator(published, 20).get_page(request.GET.get("page"))
    return render(request, "alerts/archive.html", {"neighbourhood": neighbourhood, "page_obj": page})


def message(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Message.objects.select_related("force"), pk=pk)
    if not found.is_public:
        raise Http404("No such message")
    return render(
        request,
        "alerts/message.html",
        {"message": found, "neighbourhoods": found.neighbourhoods.order_by("name")[:30]},
    )


def progress_counts(message_id: int) -> dict[str, int]:
    """Queued, sent, delivered and failed deliveries of a message (the live progress)."""
    from django.db.models import Count

    counts = {"queued": 0, "sent": 0, "delivered": 0, "failed": 0, "cancelled": 0}
    groups = {
        "created": "queued",
        "temporary-failure": "queued",
        "sending": "queued",
        "sent": "sent",
        "delivered": "delivered",
        "permanent-failure": "failed",
        "cancelled": "cancelled",
    }
    rows = Delivery.objects.filter(message_id=message_id).values("status").annotate(n=Count("id"))
    for row in rows:
        counts[groups[row["status"]]] += row["n"]
    # A large alert's slices of recipients not yet written as deliveries (fanout.py).
    counts["slices_to_queue"] = QueueSlice.objects.filter(
        message_id=message_id, expanded_at__isnull=True
    ).count()
    return counts
