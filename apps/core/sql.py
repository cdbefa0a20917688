"""Documents built by PostgreSQL and handed to the response as bytes."""

from __future__ import annotations

import psycopg
from django.db import connection
from psycopg.adapt import Loader


class TextAsBytes(Loader):
    """Load PostgreSQL text as the UTF-8 bytes it arrives in: a JSON document built by the
    database is not decoded into a str only to be encoded back (for 100,000 sites that would be
    two extra copies of 40 MB in memory)."""

    def load(self, data) -> bytes:
        return bytes(data)


def fetch_row(sql: str, params, *, server_binding: bool = False) -> tuple:
    """The single row of `sql`, its text columns as bytes.

    `server_binding`: the parameters travel apart from the statement, whose text is then the same
    for every request of one shape, so psycopg prepares it once it has run `prepare_threshold`
    times on the connection (settings: DATABASE_PREPARE) and PostgreSQL stops parsing and planning
    it each time: about 0.4 ms of a small bbox answer. Django's own cursors bind on the client,
    which never prepares. The cursor is still wrapped by Django, so its execute wrappers (query
    counts in tests, the bench's capture) see the statement."""
    if not server_binding:
        with connection.cursor() as cursor:
            cursor.cursor.adapters.register_loader("text", TextAsBytes)
            cursor.execute(sql, params)
            return cursor.fetchone()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        server = psycopg.Cursor(connection.connection)
    server.adapters.register_loader("text", TextAsBytes)
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    with wrap(server) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()
