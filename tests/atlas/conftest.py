import pytest


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Each test gets an empty in-process cache: the map data is cached per data version, and a
    sequence (the version) is not rolled back with a test's transaction."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "atlas"}}
    from django.core.cache import cache

    cache.clear()
