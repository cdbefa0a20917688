"""The Redis cache backend (apps/core/cache.py) against the real Redis: values round-trip, and
one redis-py client is reused instead of a new one per operation."""

import uuid

import pytest
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache

from apps.core.cache import RedisCache, get_bytes, set_bytes, set_together


@pytest.fixture
def redis_cache():
    cache = RedisCache(settings.REDIS_URL.rsplit("/", 1)[0] + "/1", {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.delete_many(["meta", "body", "count", "raw", "gone"])


def test_values_round_trip_through_redis(redis_cache):
    body = "é".encode() * 100_000
    redis_cache.set_many({"meta": ("application/json", 'W/"x"', 1.5), "body": body}, timeout=60)
    assert redis_cache.get_many(["meta", "body"]) == {"meta": ("application/json", 'W/"x"', 1.5), "body": body}
    assert redis_cache.add("count", 1)
    assert redis_cache.incr("count") == 2
    assert redis_cache.get("count") == 2
    assert redis_cache.get("missing", "default") == "default"


def test_one_client_serves_every_operation(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    redis_cache.set("meta", 1)
    redis_cache.get("meta")
    assert redis_cache._cache.get_client(write=False) is client
    assert redis_cache._cache.get_client("meta", write=True) is client


def test_bytes_are_stored_as_they_are_not_pickled(redis_cache):
    body = b'{"type": "FeatureCollection", "name": "Li\xc3\xa8ge"}' * 10_000
    redis_cache.set_bytes("raw", body, timeout=60)
    key = redis_cache.make_and_validate_key("raw")
    client = redis_cache._cache.get_client(key)
    # What Redis holds is the body itself (a pickle would start with b"\x80" and be longer).
    assert client.get(key) == body
    assert 0 < client.ttl(key) <= 60
    assert redis_cache.get_bytes("raw") == body
    assert redis_cache.get_bytes("missing") is None
    # The key lives in the cache's own namespace: clearing and deleting work as for any key.
    redis_cache.delete("raw")
    assert redis_cache.get_bytes("raw") is None


def test_set_bytes_refuses_anything_but_bytes(redis_cache):
    with pytest.raises(TypeError, match="bytes"):
        redis_cache.set_bytes("raw", "text")
    assert redis_cache.get_bytes("raw") is None


def test_the_helpers_fall_back_on_other_backends():
    other = LocMemCache(f"test-{uuid.uuid4().hex}", {})
    set_bytes(other, "raw", b"body", timeout=60)
    assert get_bytes(other, "raw") == b"body"
    assert get_bytes(other, "missing") is None


def test_set_together_writes_raw_and_pickled_values_in_one_round_trip(redis_cache):
    body = b'{"features": []}' * 1000
    client = redis_cache._cache.get_client(write=True)
    sent = []
    original = client.connection_pool.get_connection

    def counting(*args, **kwargs):
        sent.append(1)
        return original(*args, **kwargs)

    client.connection_pool.get_connection = counting
    try:
        set_together(redis_cache, [("raw", body, True), ("meta", {"etag": 'W/"x"'}, False)], timeout=60)
    finally:
        client.connection_pool.get_connection = original
    assert len(sent) == 1  # one connection taken, one pipeline sent
    assert redis_cache.get_bytes("raw") == body
    assert redis_cache.get("meta") == {"etag": 'W/"x"'}
    assert 0 < client.ttl(redis_cache.make_and_validate_key("meta")) <= 60
    with pytest.raises(TypeError, match="bytes"):
        set_together(redis_cache, [("gone", "text", True)])
    assert redis_cache.get_bytes("gone") is None


def test_set_together_falls_back_on_other_backends():
    other = LocMemCache(f"test-{uuid.uuid4().hex}", {})
    set_together(other, [("raw", b"body", True), ("meta", {"a": 1}, False)], timeout=60)
    assert get_bytes(other, "raw") == b"body" and other.get("meta") == {"a": 1}
