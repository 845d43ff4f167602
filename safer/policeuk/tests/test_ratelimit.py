"""The leaky bucket (15 requests/s, bursts of 30) on locmem and on a real Redis (db 3), and the
middleware that applies it to /api/. Time is a fake clock, so nothing sleeps."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.test import Client

from safer.policeuk import ratelimit
from safer.policeuk.ratelimit import LeakyBucket

REDIS_URL = "redis://127.0.0.1:6379/3"


class FakeClock:
    def __init__(self, start: float = 1_750_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def redis_cache(prefix: str) -> RedisCache:
    return RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})


@pytest.fixture(params=["locmem", "redis"])
def store(request: pytest.FixtureRequest) -> Iterator[BaseCache]:
    prefix = f"t-{uuid.uuid4().hex}"
    cache: BaseCache = LocMemCache(prefix, {}) if request.param == "locmem" else redis_cache(prefix)
    yield cache
    cache.clear()


def hits(bucket: LeakyBucket, n: int, client: str = "198.51.100.7") -> list[bool]:
    return [bucket.hit(client).allowed for _ in range(n)]


def test_it_allows_a_burst_of_30_then_refuses(store: BaseCache) -> None:
    bucket = LeakyBucket(store, rate_per_second=15, burst=30, clock=FakeClock())
    assert hits(bucket, 30) == [True] * 30
    refused = bucket.hit("198.51.100.7")
    assert not refused.allowed
    # Times are whole microseconds: 1/15 s is 66,667 µs.
    assert refused.retry_after == pytest.approx(1 / 15, abs=1e-6)


def test_it_leaks_15_requests_a_second(store: BaseCache) -> None:
    clock = FakeClock()
    bucket = LeakyBucket(store, rate_per_second=15, burst=30, clock=clock)
    hits(bucket, 31)
    clock.advance(0.0667)
    assert hits(bucket, 2) == [True, False]
    clock.advance(1.001)
    assert sum(hits(bucket, 20)) == 15
    # Sustained at the rate, nothing is refused.
    for _ in range(45):
        clock.advance(0.0667)
        assert bucket.hit("198.51.100.7").allowed


def test_it_refills_the_whole_burst_once_drained(store: BaseCache) -> None:
    clock = FakeClock()
    bucket = LeakyBucket(store, rate_per_second=15, burst=30, clock=clock)
    hits(bucket, 40)
    clock.advance(2.001)
    assert hits(bucket, 31) == [True] * 30 + [False]


def test_it_keeps_one_bucket_per_client(store: BaseCache) -> None:
    bucket = LeakyBucket(store, rate_per_second=15, burst=30, clock=FakeClock())
    hits(bucket, 31, client="198.51.100.7")
    assert bucket.hit("2001:db8::1").allowed
    assert not bucket.hit("198.51.100.7").allowed


def _hammer(prefix: str, now: float, n: int) -> int:
    bucket = LeakyBucket(redis_cache(prefix), rate_per_second=15, burst=30, clock=lambda: now)
    return sum(hits(bucket, n))


def test_it_is_atomic_across_processes_with_redis() -> None:
    """Four processes each send 20 requests at one instant: exactly the burst of 30 gets through."""
    prefix = f"t-{uuid.uuid4().hex}"
    try:
        with ProcessPoolExecutor(max_workers=4, mp_context=get_context("fork")) as pool:
            allowed = sum(pool.map(_hammer, [prefix] * 4, [1_750_000_000.0] * 4, [20] * 4))
        assert allowed == 30
    finally:
        redis_cache(prefix).clear()


def test_it_uses_the_redis_clock_and_expires_drained_buckets() -> None:
    cache = redis_cache(f"t-{uuid.uuid4().hex}")
    try:
        bucket = LeakyBucket(cache, rate_per_second=15, burst=30)
        results = hits(bucket, 40)
        # 40 requests take far less than the 0.67 s it would take 10 to leak away.
        assert results[:30] == [True] * 30 and not all(results)
        key = cache.make_key(bucket.prefix + "198.51.100.7")
        ttl = cache._cache.get_client(key).pttl(key)
        assert 0 < ttl <= 2000
    finally:
        cache.clear()


def test_it_uses_locmem_when_no_redis_is_configured(settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import caches

    assert isinstance(ratelimit.bucket().cache, LocMemCache)
    assert caches["default"] is ratelimit.bucket().cache


# --- the middleware ---------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(ratelimit, "CLOCK", fake)
    return fake


def test_it_answers_429_with_json_and_retry_after(client: Client, db: None, clock: FakeClock) -> None:
    # The defaults are police.uk's: 15 a second, bursts of 30. A malformed locate answers 400 cheaply.
    statuses = [client.get("/api/locate-neighbourhood?q=x").status_code for _ in range(31)]
    assert statuses == [400] * 30 + [429]
    response = client.get("/api/forces")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "1"
    assert response.json()["status"] == 429
    clock.advance(0.0667)
    assert client.get("/api/forces").status_code == 200


def test_it_limits_only_api_paths(client: Client, db: None, clock: FakeClock, settings: Any) -> None:
    settings.POLICEUK_BURST = 2
    for _ in range(5):
        client.get("/no-such-page/")
    assert [client.get("/api/forces").status_code for _ in range(3)] == [200, 200, 429]


def test_it_says_how_long_to_wait(client: Client, db: None, clock: FakeClock, settings: Any) -> None:
    settings.POLICEUK_RATE_PER_SECOND = 1
    settings.POLICEUK_BURST = 1
    client.get("/api/forces")
    client.get("/api/forces")
    clock.advance(0.1)
    response = client.get("/api/forces")
    assert response.status_code == 429 and response["Retry-After"] == "1"


def test_it_tells_clients_apart_by_address(client: Client, db: None, clock: FakeClock, settings: Any) -> None:
    settings.POLICEUK_BURST = 1
    assert client.get("/api/forces", REMOTE_ADDR="198.51.100.1").status_code == 200
    assert client.get("/api/forces", REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.get("/api/forces", REMOTE_ADDR="198.51.100.2").status_code == 200


def test_it_trusts_the_proxy_header_only_when_configured(
    client: Client, db: None, clock: FakeClock, settings: Any
) -> None:
    settings.POLICEUK_BURST = 1
    proxy = "10.0.0.1"
    # Without the setting, every client behind the proxy shares the proxy's bucket.
    assert (
        client.get("/api/forces", HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.1", REMOTE_ADDR=proxy).status_code
        == 200
    )
    assert (
        client.get("/api/forces", HTTP_X_FORWARDED_FOR="198.51.100.2", REMOTE_ADDR=proxy).status_code == 429
    )
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    # The rightmost address is the one the trusted proxy added; what the client wrote before it is ignored.
    assert (
        client.get("/api/forces", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1", REMOTE_ADDR=proxy).status_code
        == 200
    )
    assert (
        client.get("/api/forces", HTTP_X_FORWARDED_FOR="5.6.7.8, 198.51.100.1", REMOTE_ADDR=proxy).status_code
        == 429
    )
    assert (
        client.get("/api/forces", HTTP_X_FORWARDED_FOR="198.51.100.2", REMOTE_ADDR=proxy).status_code == 200
    )


def test_it_lets_requests_through_when_the_cache_is_down(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.POLICEUK_BURST = 1

    def broken(self: LeakyBucket, client_id: str) -> Any:
        raise ConnectionError("cache unavailable")

    monkeypatch.setattr(LeakyBucket, "hit", broken)
    assert [client.get("/api/forces").status_code for _ in range(3)] == [200, 200, 200]
