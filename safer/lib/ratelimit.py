"""Rate limits and the client's address, for every app.

One limiter: a GCRA leaky bucket (generic cell rate algorithm) per client, in the Django cache. It
keeps one number per client, the "theoretical arrival time" (TAT) at which the bucket will next be
empty. A request at `now` is allowed if, after adding one request's worth (1/rate seconds), the
bucket holds no more than `burst` requests' worth: `max(TAT, now) + 1/rate - now <= burst/rate`.
"N an hour" is a bucket of N that leaks one every hour/N.

With Redis the check-and-update is one Lua script on one key, so it is atomic across processes and
hosts and uses Redis's clock. With any other cache (locmem by default) a process-wide lock makes the
read-modify-write atomic within the process; locmem is per process anyway.

`client_ip(request)` is who is asking. Behind reverse proxies listed in TRUSTED_PROXIES (CIDRs) it
reads X-Forwarded-For from the right, skipping the trusted hops; from anyone else the header is
ignored, so a client cannot choose its own identity (and its own bucket).
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

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


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: float  # seconds until one more request would be allowed; 0 when allowed


class LeakyBucket:
    """One leaky bucket per client id, stored in `cache` under `prefix` + the id.

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
        prefix: str = "ratelimit:",
    ) -> None:
        if rate_per_second <= 0 or burst < 1:
            raise ValueError("rate_per_second must be positive and burst at least 1")
        self.cache = cache
        self.interval = max(1, round(1_000_000 / rate_per_second))  # microseconds
        self.capacity = burst * self.interval
        self.clock = clock
        self.prefix = prefix

    def hit(self, client_id: str) -> Decision:
        """Count one request from `client_id` and say whether it may go ahead."""
        name = self.prefix + client_id
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


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the client: REMOTE_ADDR, or behind trusted proxies the nearest untrusted
    address in X-Forwarded-For (read from the right, since each proxy appends the address it saw)."""
    remote = str(request.META.get("REMOTE_ADDR") or "unknown")
    networks = _trusted(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(remote, networks):
        return remote
    hops = [h.strip() for h in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if h.strip()]
    client = remote
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # garbage the client wrote: trust no further than the last good hop
        client = hop
        if not _is_trusted(hop, networks):
            break
    return client


def client_ip_or_none(request: HttpRequest) -> str | None:
    """client_ip for django-axes, which stores it in an IP address column (PostgreSQL's inet): None
    when the request has no usable address, as for a login made in code."""
    found = client_ip(request)
    try:
        ipaddress.ip_address(found)
    except ValueError:
        return None
    return found


def limited(request: HttpRequest, purpose: str, limit: int, per_seconds: int = 3600) -> bool:
    """Count one request from this client for `purpose`; True when it is over `limit` per
    `per_seconds` (a bucket of `limit` that leaks one every per_seconds/limit)."""
    bucket = LeakyBucket(
        caches["default"], rate_per_second=limit / per_seconds, burst=limit, prefix=f"ratelimit:{purpose}:"
    )
    return not bucket.hit(client_ip(request)).allowed
