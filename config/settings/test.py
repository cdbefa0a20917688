from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import REDIS_URL, env

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Tiles come from the test server itself (browser tests stub them); never the internet.
MAP_TILES_URL = "/static/test-tiles/{z}/{x}/{y}.png"
LEAFLET_CONFIG["TILES"] = [("Map", MAP_TILES_URL, {"attribution": "test tiles"})]  # noqa: F405


def _redis_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


# Tests use their own Redis database so a dev worker on the same Redis never steals their tasks.
CELERY_BROKER_URL = env("TEST_CELERY_BROKER_URL", default=_redis_db(REDIS_URL, 13))

# Several people (or CI jobs) can run the suite at once against one server with their own
# test database: TEST_DATABASE_NAME=test_hubwatch_mine.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_hubwatch")}  # noqa: F405
# The cluster is the durable one `make run` serves (fsync and full_page_writes on). The suite's
# own sessions do not wait for the WAL to reach the disk at each commit: a crash could lose the
# last test transactions (never corrupt anything), and the test database is thrown away anyway.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405

# The test client's login() authenticates without a request, which django-axes refuses; this
# backend lets it through. Real logins (the login page) are still throttled in tests.
AUTHENTICATION_BACKENDS = [
    "apps.accounts.backends.ThrottleUnlessNoRequest",
    "django.contrib.auth.backends.ModelBackend",
]
