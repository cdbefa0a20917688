"""What a cached body or an ETag of public data must name: the data version and the release.

The data version is a row the database advances when a write to a domain table commits
(migration 0001_data_version); the release names the code, templates and translations that
shape a body. A key or tag that holds both can never serve data older than it says, nor an
output shape from before a deploy.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, router


@dataclass(frozen=True)
class DataState:
    version: int
    changed: dt.datetime  # when the version last moved: the public data's Last-Modified


def read_alias() -> str:
    """Where public reads go: the replica inside a read-only request when one is configured."""
    return router.db_for_read(None)


def data_state(using: str | None = None) -> DataState:
    """One read of one row. Read it before the data: what is built afterwards is at least as new."""
    with connections[using or read_alias()].cursor() as cursor:
        cursor.execute("SELECT version, changed FROM hubwatch_data_state")
        return DataState(*cursor.fetchone())


def data_version(using: str | None = None) -> int:
    return data_state(using).version


def release() -> str:
    """RELEASE when the deployment sets it (an image tag, a commit), else a hash of the sources."""
    return settings.RELEASE or _source_hash()


@functools.cache
def _source_hash() -> str:
    digest = hashlib.blake2b(digest_size=8)
    root = settings.BASE_DIR
    for folder in ("apps", "config", "templates", "locale", "static/js", "static/css"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".txt", ".mo", ".js", ".css", ".json"}:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def version() -> str:
    """The version being served, for people: HUBWATCH_VERSION when the start script or the
    deployment sets it (scripts/run.sh passes `git describe --always --dirty`), else git describe
    here, else the release."""
    if settings.VERSION:
        return settings.VERSION
    import subprocess

    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty"],  # noqa: S607 - git from PATH, fixed arguments
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except OSError:
        done = None
    if done is not None and done.returncode == 0 and done.stdout.strip():
        return done.stdout.strip()
    return release()
