"""The guard that keeps synthetic data away from real databases.

`generate_demo_data` empties the tables of the database it fills. It therefore only runs on a
database that is explicitly a scratch one: its name starts with SCRATCH_PREFIX, or the caller
says so with --i-know-this-is-scratch. In both cases it must not be the database the project
is configured to use (DATABASE_URL / settings.DATABASES["default"]): that one holds the
reference data, and no flag makes it a scratch database.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

SCRATCH_PREFIX = "hubwatch_scratch"


class NotAScratchDatabase(Exception):
    """Raised, with the reason, when the target may hold real data."""


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    name: str
    user: str
    password: str

    @classmethod
    def from_url(cls, url: str) -> Target:
        parts = urlsplit(url)
        if parts.scheme not in {"postgis", "postgres", "postgresql"}:
            raise NotAScratchDatabase(
                f"--database-url must be a postgis:// or postgresql:// URL, not {parts.scheme}://"
            )
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise NotAScratchDatabase("--database-url names no database")
        return cls(
            host=unquote(parts.hostname or "localhost"),
            port=parts.port or 5432,
            name=name,
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
        )

    @classmethod
    def from_settings(cls, db: dict) -> Target:
        return cls(
            host=db.get("HOST") or "localhost",
            port=int(db.get("PORT") or 5432),
            name=db.get("NAME") or "",
            user=db.get("USER") or "",
            password=db.get("PASSWORD") or "",
        )

    def same_database(self, other: Target) -> bool:
        local = {"localhost", "127.0.0.1", "::1", ""}
        same_host = self.host == other.host or (self.host in local and other.host in local)
        return same_host and self.port == other.port and self.name == other.name

    def conninfo(self) -> str:
        from psycopg.conninfo import make_conninfo

        return make_conninfo(
            host=self.host, port=self.port, dbname=self.name, user=self.user or None, password=self.password or None
        )


def check_scratch(target: Target, configured: list[Target], *, confirmed: bool) -> None:
    """Refuse (NotAScratchDatabase) unless `target` is a scratch database. `configured` are the
    databases the project runs on (default and any replica): never a scratch database."""
    for db in configured:
        if target.same_database(db):
            raise NotAScratchDatabase(
                f"{target.name!r} on {target.host}:{target.port} is the database this project is configured to use "
                "(DATABASE_URL); synthetic data never goes there. Give a separate scratch database."
            )
    if not target.name.startswith(SCRATCH_PREFIX) and not confirmed:
        raise NotAScratchDatabase(
            f"{target.name!r} does not look like a scratch database: its name should start with "
            f"{SCRATCH_PREFIX!r}, or pass --i-know-this-is-scratch if it is one (its tables will be emptied)."
        )


FOREIGN_ROWS_SQL = """
select (select count(*) from sites_site where slug not like 'demo-%')
     + (select count(*) from companies_company where slug not like 'demo-company-%')
     + (select count(*) from collectives_collective where slug not like 'demo-collectif-%')
"""


def foreign_rows(cursor) -> int:
    """Rows the generator did not make (sites, companies, collectives) in the target: real data
    that a scratch database must not hold. 0 for an empty or freshly generated database."""
    cursor.execute("select to_regclass('sites_site') is not null")
    if not cursor.fetchone()[0]:
        return 0
    cursor.execute(FOREIGN_ROWS_SQL)
    return cursor.fetchone()[0]
