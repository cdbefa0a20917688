"""Scratch databases (hubwatch_scratch_<size>) on the server of DATABASE_URL, filled by
`manage.py generate_demo_data`, which writes what a database holds into its comment. A database
whose comment matches what is asked is reused (migrated to the code's schema): a rerun is quick."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")


def url_for(base_url: str, name: str) -> str:
    """DATABASE_URL with another database name."""
    return urlunsplit(urlsplit(base_url)._replace(path=f"/{name}"))


def conninfo(url: str) -> str:
    """A psycopg connection string for a postgis:// URL."""
    return url.replace("postgis://", "postgresql://", 1)


def _server(base_url: str) -> psycopg.Connection:
    return psycopg.connect(conninfo(url_for(base_url, "postgres")), autocommit=True)


def manage(*args: str, database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    out = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    sys.stdout.write(out.stdout)
    if out.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{out.stderr[-3000:]}")


def prepare(base_url: str, label: str, sites: int, events: int, seed: int, regenerate: bool) -> tuple[str, bool]:
    """(the URL of hubwatch_scratch_<label> holding `sites` demo sites, whether it was reused)."""
    name = f"hubwatch_scratch_{label}"
    with _server(base_url) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if row is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = url_for(base_url, name)
    marker = (row[0] or "") if row else ""
    if not regenerate and f"sites={sites} events_per_site={events} " in marker and f"seed={seed}" in marker:
        manage("migrate", "-v0", database_url=url)  # the schema of the code being measured
        return url, True
    print(f"==> {name}: generating {sites} sites x {events} events", flush=True)
    manage("generate_demo_data", "--database-url", url, "--sites", str(sites), "--events-per-site", str(events),
           "--seed", str(seed), database_url=base_url)  # fmt: skip
    return url, False


def drop(base_url: str, label: str) -> None:
    with _server(base_url) as conn:
        name = sql.Identifier(f"hubwatch_scratch_{label}")
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
