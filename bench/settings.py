"""Settings for the benchmark processes (gunicorn and bench/inprocess.py): the dev settings with DEBUG off,
the database from DATABASE_URL (a scratch database) and a Redis database of the bench's own for
the response cache, so that clearing it never touches anybody else's cache."""

from urllib.parse import urlsplit, urlunsplit

from config.settings.dev import *  # noqa: F403
from config.settings.dev import CACHES, REDIS_URL, env

DEBUG = False
ALLOWED_HOSTS = ["*"]
_parts = urlsplit(REDIS_URL)
CACHES["default"]["LOCATION"] = urlunsplit(_parts._replace(path=f"/{env.int('BENCH_REDIS_DB', default=9)}"))
# Warnings and errors (a 500's traceback) to stderr: the gunicorn log under var/bench/.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
