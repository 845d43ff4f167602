"""data.police.uk's rate limit: a leaky bucket of 15 requests a second with bursts of up to 30,
per client, on every /api/ path. Over the limit the answer is 429 with a JSON body and Retry-After.

The bucket is a GCRA (generic cell rate algorithm), which is a leaky bucket kept as one number per
client: the "theoretical arrival time" (TAT) at which the bucket will next be empty. A request at
`now` is allowed if, after adding one request's worth (1/rate seconds), the bucket holds no more than
`burst` requests' worth, i.e. `max(TAT, now) + 1/rate - now <= burst/rate`.

State lives in the Django cache. With Redis (REDIS_URL set) the check-and-update is one Lua script on
one key, so it is atomic across any number of processes and hosts, and it uses Redis's clock so
hosts need not agree on the time. With any other cache (locmem by default) a process-wide lock makes
the read-modify-write atomic within the process; locmem is per process anyway.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.signals import got_request_exception
from django.http import HttpRequest, HttpResponse

from safer.lib.api import error_response

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
KEY_PREFIX = "policeuk:bucket:"

# All times are whole microseconds, so sums of 1/rate are exact (in Lua's doubles too: epoch
# microseconds stay far below 2**53) and a burst of 30 is exactly 30.
#
# KEYS[1]: the client's TAT. ARGV: now ('' = use Redis's own clock), 1/rate, burst/rate.
# Returns {allowed (1/0), microseconds to wait}. The key expires when the bucket is empty, since an
# absent key and an empty bucket mean the same thing.
GCRA_LUA = """
local now = tonumber(ARGV[1])
if now == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local interval = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local new_tat = tat + interval
local wait = new_tat - now - capacity
if wait > 0 then
  return {0, wait}
end
local ttl_ms = math.ceil((new_tat - now) / 1000)
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', string.format('%.0f', ttl_ms))
return {1, 0}
"""


# The Lua script, registered once (redis-py sends it by SHA, loading it again if Redis restarts).
_script: Any = None

# Tests replace this with a fake clock; None means Redis's clock (or time.time() for other caches).
CLOCK: Callable[[], float] | None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: float  # seconds until one more request would be allowed; 0 when allowed


class LeakyBucket:
    """One leaky bucket per client id, stored in `cache`.

    `clock` returns seconds as a float; tests inject one. Left as None with Redis, the bucket uses
    the Redis server's clock; with other caches, time.time().
    """

    _lock = threading.Lock()

    def __init__(
        self,
        cache: BaseCache,
        *,
        rate_per_second: float,
        burst: int,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if rate_per_second <= 0 or burst < 1:
            raise ValueError("rate_per_second must be positive and burst at least 1")
        self.cache = cache
        self.interval = max(1, round(1_000_000 / rate_per_second))  # microseconds
        self.capacity = burst * self.interval
        self.clock = clock

    def hit(self, client_id: str) -> Decision:
        """Count one request from `client_id` and say whether it may go ahead."""
        name = KEY_PREFIX + client_id
        if isinstance(self.cache, RedisCache):
            return self._hit_redis(self.cache.make_key(name))
        return self._hit_locked(name)

    def _hit_redis(self, key: str) -> Decision:
        global _script
        client = self.cache._cache.get_client(key, write=True)  # type: ignore[attr-defined]
        if _script is None:
            _script = client.register_script(GCRA_LUA)
        now = "" if self.clock is None else str(self._now())
        allowed, wait = _script(keys=[key], args=[now, self.interval, self.capacity], client=client)
        return Decision(bool(int(allowed)), int(wait) / 1_000_000)

    def _hit_locked(self, name: str) -> Decision:
        now = self._now()
        with self._lock:
            tat = self.cache.get(name)
            tat = max(tat if tat is not None else now, now)
            new_tat = tat + self.interval
            wait = new_tat - now - self.capacity
            if wait > 0:
                return Decision(False, wait / 1_000_000)
            # Expire when the bucket has drained: an absent key means an empty bucket.
            self.cache.set(name, new_tat, timeout=max(1, math.ceil((new_tat - now) / 1_000_000)))
            return Decision(True, 0.0)

    def _now(self) -> int:
        return round((self.clock or time.time)() * 1_000_000)


def client_id(request: HttpRequest) -> str:
    """Who is asking: REMOTE_ADDR, or, behind a reverse proxy, the header the proxy sets.

    Set POLICEUK_CLIENT_IP_HEADER (a META name such as HTTP_X_FORWARDED_FOR or HTTP_X_REAL_IP) only
    when a proxy you trust always sets it: otherwise any client could choose its own identity. For
    X-Forwarded-For the rightmost address is used, since that is the one your proxy added.
    """
    header = settings.POLICEUK_CLIENT_IP_HEADER
    if header:
        value = request.META.get(header, "")
        addresses = [a.strip() for a in value.split(",") if a.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR") or "unknown"


def bucket() -> LeakyBucket:
    return LeakyBucket(
        caches["default"],
        rate_per_second=settings.POLICEUK_RATE_PER_SECOND,
        burst=settings.POLICEUK_BURST,
        clock=CLOCK,
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
                decision = bucket().hit(client_id(request))
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
