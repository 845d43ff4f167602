"""Provider callbacks: delivery receipts and inbound texts (STOP), each verified before use.

GOV.UK Notify sends the bearer token set in its callback settings (our `callback_token`); Twilio
signs every request with the auth token (X-Twilio-Signature). An unverified request changes
nothing and gets 403.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from safer.alerts import actions
from safer.alerts.channels import url_for
from safer.alerts.channels.notify import NOTIFY_STATUSES, NotifyConfig
from safer.alerts.channels.twilio import TWILIO_STATUSES, TwilioConfig
from safer.alerts.models import Channel, Delivery, Status
from safer.alerts.worker import backoff_seconds, count_permanent_failure

log = logging.getLogger(__name__)
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "CANCEL"}


def apply_receipt(delivery: Delivery, status: str, code: str) -> None:
    """A provider's final word on a delivery we handed over ('sent')."""
    if delivery.status != Status.SENT:
        return  # already settled: receipts can repeat or arrive out of order
    now = timezone.now()
    if status == "delivered":
        Delivery.objects.filter(pk=delivery.pk, status=Status.SENT).update(
            status=Status.DELIVERED, delivered_at=now, error=""
        )
    elif status == "permanent-failure":
        Delivery.objects.filter(pk=delivery.pk, status=Status.SENT).update(
            status=Status.PERMANENT_FAILURE, error=code[:200]
        )
        if delivery.subscriber_id:
            count_permanent_failure(delivery.subscriber_id, delivery.channel)
    elif delivery.attempts >= settings.ALERTS_MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk, status=Status.SENT).update(
            status=Status.PERMANENT_FAILURE, error=f"gave-up:{code}"[:200]
        )
    else:
        retry = now + dt.timedelta(seconds=backoff_seconds(delivery.attempts))
        Delivery.objects.filter(pk=delivery.pk, status=Status.SENT).update(
            status=Status.TEMPORARY_FAILURE, error=code[:200], next_attempt_at=retry
        )


def _notify_token() -> str:
    for channel in (Channel.EMAIL, Channel.SMS):
        url = url_for(channel)
        if url.startswith("notify:"):
            return NotifyConfig(url).callback_token
    return ""


def _notify_verified(request: HttpRequest) -> bool:
    expected = _notify_token()
    given = request.headers.get("Authorization", "")
    return bool(expected) and hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


@csrf_exempt
@require_POST
def notify_receipt(request: HttpRequest) -> HttpResponse:
    if not _notify_verified(request):
        return HttpResponse(status=403)
    try:
        payload = json.loads(request.body)
        provider_ref, status = str(payload["id"]), NOTIFY_STATUSES[payload["status"]]
    except (ValueError, KeyError, TypeError):
        return HttpResponse(status=400)
    delivery = Delivery.objects.filter(provider_ref=provider_ref).first()
    if delivery is not None:
        apply_receipt(delivery, status, f"notify-{payload['status']}")
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def notify_inbound(request: HttpRequest) -> HttpResponse:
    if not _notify_verified(request):
        return HttpResponse(status=403)
    try:
        payload = json.loads(request.body)
        number, text = str(payload["source_number"]), str(payload["message"])
    except (ValueError, KeyError, TypeError):
        return HttpResponse(status=400)
    _inbound(number, text)
    return HttpResponse(status=204)


def _twilio_config() -> TwilioConfig | None:
    for channel in (Channel.SMS, Channel.VOICE):
        url = url_for(channel)
        if url.startswith("twilio:"):
            return TwilioConfig(url)
    return None


def _twilio_verified(request: HttpRequest) -> bool:
    config = _twilio_config()
    if config is None or not config.auth_token:
        return False
    from twilio.request_validator import RequestValidator

    url = settings.SITE_URL.rstrip("/") + request.get_full_path()
    signature = request.headers.get("X-Twilio-Signature", "")
    return bool(RequestValidator(config.auth_token).validate(url, request.POST.dict(), signature))


@csrf_exempt
@require_POST
def twilio_receipt(request: HttpRequest) -> HttpResponse:
    if not _twilio_verified(request):
        return HttpResponse(status=403)
    sid = request.POST.get("MessageSid") or request.POST.get("CallSid") or ""
    raw = request.POST.get("MessageStatus") or request.POST.get("CallStatus") or ""
    status = TWILIO_STATUSES.get(raw)
    if sid and status:
        delivery = Delivery.objects.filter(provider_ref=sid).first()
        if delivery is not None:
            code = request.POST.get("ErrorCode") or raw
            apply_receipt(delivery, status, f"twilio-{code}")
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def twilio_inbound(request: HttpRequest) -> HttpResponse:
    if not _twilio_verified(request):
        return HttpResponse(status=403)
    _inbound(request.POST.get("From", ""), request.POST.get("Body", ""))
    return HttpResponse("<Response/>", content_type="text/xml")


def _inbound(number: str, text: str) -> None:
    if text.strip().upper() in STOP_WORDS:
        stopped = actions.stop_number(number)
        log.info("alerts.inbound stop matched=%s", stopped)
