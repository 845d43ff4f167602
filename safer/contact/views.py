"""The resident's pages: write to the team, confirm by email link or texted code, see the reference,
withdraw. Every page works without JavaScript; nothing reaches the team until it is confirmed."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt

from safer.alerts import links as alert_links
from safer.contact import actions, codes, links, tasks
from safer.contact.forms import CodeForm, ContactForm
from safer.contact.models import ReplyChannel, Status
from safer.lib.ratelimit import limited
from safer.places.models import Neighbourhood

# Texted codes one address may ask to be sent again in an hour.
RESENDS_PER_HOUR = 3
TOO_MANY = "You have sent too many messages in the last hour. Try again later, or call 101."


def _neighbourhood(slug: str) -> Neighbourhood:
    return get_object_or_404(
        Neighbourhood.objects.select_related("force"), force__slug=settings.FORCE_ID, slug=slug
    )


def contact_form(request: HttpRequest, slug: str) -> HttpResponse:
    nb = _neighbourhood(slug)
    form = ContactForm(request.POST if request.method == "POST" else None)
    # A reply to an alert: its email's link carries a signed token naming the message.
    reply_token = (request.POST if request.method == "POST" else request.GET).get("reply", "")
    in_reply_to = alert_links.read_reply_token(reply_token) if reply_token else None
    context = {
        "in_reply_to": in_reply_to,
        "reply_token": reply_token if in_reply_to else "",
        "neighbourhood": nb,
        "team_force": nb.force,
        "form": form,
        "hours": settings.CONTACT_REPLY_HOURS,
        "confirm_hours": settings.CONTACT_CONFIRM_HOURS,
        "retention_days": settings.CONTACT_RETENTION_DAYS,
    }
    if request.method == "POST" and form.is_valid():
        if limited(request, "contact-send", settings.CONTACT_MESSAGES_PER_HOUR):
            return render(request, "contact/form.html", {**context, "limited": TOO_MANY}, status=429)
        data = form.cleaned_data
        message = actions.submit(
            actions.Submission(
                neighbourhood=nb,
                name=data["name"].strip(),
                channel=data["channel"],
                email=data["email"],
                mobile=data["mobile"],
                body=data["body"].strip(),
                emergency_warning_shown=form.is_emergency_like,
                in_reply_to=in_reply_to,
            )
        )
        if message.channel == ReplyChannel.SMS:
            return redirect(links.path_for(message, links.CODE))
        return redirect("contact:check-email", nb.slug)
    status = 200 if request.method == "GET" or not form.errors else 400
    return render(request, "contact/form.html", context, status=status)


def check_email(request: HttpRequest, slug: str) -> HttpResponse:
    nb = _neighbourhood(slug)
    return render(
        request, "contact/check_email.html", {"neighbourhood": nb, "hours": settings.CONTACT_CONFIRM_HOURS}
    )


def _expired(request: HttpRequest) -> HttpResponse:
    return render(request, "contact/link_expired.html", status=404)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST confirms (mail scanners follow links with GET)."""
    message = links.read_token(token, links.CONFIRM)
    if message is None:
        return _expired(request)
    if message.status != Status.UNCONFIRMED:
        return redirect(links.path_for(message, links.SENT))
    if request.method == "POST":
        actions.confirm(message)
        return redirect(links.path_for(message, links.SENT))
    return render(
        request, "contact/confirm.html", {"message": message, "neighbourhood": message.neighbourhood}
    )


def enter_code(request: HttpRequest, token: str) -> HttpResponse:
    message = links.read_token(token, links.CODE)
    if message is None:
        return _expired(request)
    if message.status != Status.UNCONFIRMED:
        return redirect(links.path_for(message, links.SENT))
    context: dict[str, object] = {"message": message, "neighbourhood": message.neighbourhood}
    if request.method == "POST" and "resend" in request.POST:
        if limited(request, "contact-resend", RESENDS_PER_HOUR):
            return render(
                request, "contact/code.html", {**context, "form": CodeForm(), "limited": TOO_MANY}, status=429
            )
        tasks.send_confirmation.enqueue(message.pk)
        return render(request, "contact/code.html", {**context, "form": CodeForm(), "resent": True})
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if actions.check_code(message, form.cleaned_data["code"]):
            return redirect(links.path_for(message, links.SENT))
        used_up = message.code_attempts >= codes.MAX_CODE_ATTEMPTS
        form.add_error(
            "code",
            "That code has been tried too many times: send a new code"
            if used_up
            else "The code is wrong or has expired: check it, or send a new code",
        )
    status = 400 if form.errors else 200
    return render(request, "contact/code.html", {**context, "form": form}, status=status)


def sent(request: HttpRequest, token: str) -> HttpResponse:
    message = links.read_token(token, links.SENT)
    if message is None or message.status == Status.UNCONFIRMED:
        return _expired(request)
    return render(
        request,
        "contact/sent.html",
        {
            "message": message,
            "neighbourhood": message.neighbourhood,
            "team_force": message.neighbourhood.force,
        },
    )


@csrf_exempt  # RFC 8058 one-click: mail clients POST to the List-Unsubscribe link without a form
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    message = links.read_token(token, links.WITHDRAW)
    if message is None:
        return _expired(request)
    if request.method == "POST":
        nb = message.neighbourhood
        actions.erase(message, withdrawn=True)
        return render(request, "contact/withdrawn.html", {"neighbourhood": nb})
    return render(
        request, "contact/withdraw.html", {"message": message, "neighbourhood": message.neighbourhood}
    )
