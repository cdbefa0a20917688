"""The Redis cache backend (apps/core/cache.py) against the real Redis: values round-trip, and
one redis-py client is reused instead of a new one per operation."""

import uuid

import pytest
from django.conf import settings

from apps.core.cache import RedisCache


@pytest.fixture
def redis_cache():
    cache = RedisCache(settings.REDIS_URL.rsplit("/", 1)[0] + "/1", {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.delete_many(["meta", "body", "count"])


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
