"""data.police.uk's rate limit: a leaky bucket of 15 requests a second with bursts of up to 30,
per client (safer.lib.ratelimit), on every /api/ path. Over the limit the answer is 429 with a JSON
body and Retry-After.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.signals import got_request_exception
from django.http import HttpRequest, HttpResponse

from safer.lib.api import error_response
from safer.lib.ratelimit import LeakyBucket, client_ip

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
KEY_PREFIX = "policeuk:bucket:"

# Tests replace this with a fake clock; None means Redis's clock (or time.time() for other caches).
CLOCK: Callable[[], float] | None = None


def bucket() -> LeakyBucket:
    return LeakyBucket(
        caches["default"],
        rate_per_second=settings.POLICEUK_RATE_PER_SECOND,
        burst=settings.POLICEUK_BURST,
        clock=CLOCK,
        prefix=KEY_PREFIX,
    )


def too_many_requests(retry_after: float) -> HttpResponse:
    seconds = max(1, math.ceil(retry_after))
    response = error_response(
        429, f"Over the limit of {settings.POLICEUK_RATE_PER_SECOND} requests a second."
    )
    response["Retry-After"] = str(seconds)
    return response


class RateLimitMiddleware:
    """Applies the leaky bucket to every /api/ request before any view (or session) work is done,
    and answers an unexpected error on /api/ with a JSON 500 rather than Django's HTML page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            try:
                decision = bucket().hit(client_ip(request))
            except Exception:
                # A cache outage must not take the API down with it: let the request through.
                logger.warning("police.uk rate limit unavailable; request allowed", exc_info=True)
            else:
                if not decision.allowed:
                    return too_many_requests(decision.retry_after)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path_info.startswith(API_PREFIX) or settings.DEBUG:
            return None
        # Returning a response stops Django's own logging and signal, so do both here.
        logger.error("Error in police.uk API view", exc_info=exception)
        got_request_exception.send(sender=None, request=request)
        return error_response(500, "Something went wrong. Try again later.")
