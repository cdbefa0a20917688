"""Documents built by PostgreSQL and handed to the response as bytes."""

from __future__ import annotations

import psycopg
from django.db import Error, connections, router
from psycopg.adapt import Loader


class TextAsBytes(Loader):
    """Load PostgreSQL text as the UTF-8 bytes it arrives in: a JSON document built by the
    database is not decoded into a str only to be encoded back (for 100,000 sites that would be
    two extra copies of 40 MB in memory)."""

    def load(self, data) -> bytes:
        return bytes(data)


def read_alias() -> str:
    """The database a read of the public data goes to: the replica within a read-only API request
    when one is configured (apps/core/routers.py), else the primary."""
    return router.db_for_read(None)


def fetch_row(sql: str, params, *, server_binding: bool = False, using: str | None = None) -> tuple:
    """The single row of `sql`, its text columns as bytes, read from `using` (default: read_alias()).

    `server_binding`: the parameters travel apart from the statement, whose text is then the same
    for every request of one shape, so psycopg prepares it once it has run `prepare_threshold`
    times on the connection (settings: DATABASE_PREPARE) and PostgreSQL stops parsing and planning
    it each time: about 0.4 ms of a small bbox answer. Django's own cursors bind on the client,
    which never prepares. The cursor is still wrapped by Django, so its execute wrappers (query
    counts in tests, the bench's capture) see the statement. Such a statement must only read:
    it may run twice (see _checked)."""
    connection = connections[using or read_alias()]
    if not server_binding:
        with connection.cursor() as cursor:
            cursor.cursor.adapters.register_loader("text", TextAsBytes)
            cursor.execute(sql, params)
            return cursor.fetchone()
    return _checked(connection, sql, params)


def _fetch_server_bound(connection, sql: str, params) -> tuple:
    connection.ensure_connection()
    with connection.wrap_database_errors:
        server = psycopg.Cursor(connection.connection)
    server.adapters.register_loader("text", TextAsBytes)
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    with wrap(server) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _checked(connection, sql: str, params) -> tuple:
    """Run a read-only statement, standing in for Django's health check of a persistent connection.

    With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first statement of each request
    on a connection kept from an earlier one, to replace it if the database dropped it: a round
    trip as long as reading the data version (≈ 0.1 ms), paid by every API request. A statement
    that only reads proves the connection just as well: it runs first, and if it fails because the
    connection is broken (Django's own test, `is_usable`, says so), the connection is replaced and
    the statement runs once more, which is what the health check would have done. Inside a
    transaction the connection is not replaced: the statement's error is raised as it is."""
    stands_in = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if not stands_in:
        connection.close_if_health_check_failed()
        return _fetch_server_bound(connection, sql, params)
    connection.health_check_done = True
    try:
        return _fetch_server_bound(connection, sql, params)
    except Error:
        if connection.is_usable():
            raise
    connection.close()
    return _fetch_server_bound(connection, sql, params)
