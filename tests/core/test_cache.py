"""The Redis cache (used when REDIS_URL is set, as in CI's PostgreSQL run) keeps one client per connection pool."""

import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.skipif(settings.CACHES["default"]["BACKEND"] != "honbu.core.cache.RedisCache",
                                reason="REDIS_URL is not set")


def test_redis_cache_reads_and_writes():
    cache.set("greeting", {"ja": "こんにちは"}, 30)
    assert cache.add("greeting", "ignored") is False
    assert cache.get("greeting") == {"ja": "こんにちは"}
    assert cache.get_many(["greeting", "missing"]) == {"greeting": {"ja": "こんにちは"}}
    assert cache.get_or_set("counter", 1) == 1
    assert cache.incr("counter") == 2
    cache.delete_many(["greeting", "counter"])
    assert cache.get("greeting") is None

