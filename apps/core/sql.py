"""Documents built by PostgreSQL and handed to the response as bytes."""

from __future__ import annotations

from django.db import connection
from psycopg.adapt import Loader


class TextAsBytes(Loader):
    """Load PostgreSQL text as the UTF-8 bytes it arrives in: a JSON document built by the
    database is not decoded into a str only to be encoded back (for 100,000 sites that would be
    two extra copies of 40 MB in memory)."""

    def load(self, data) -> bytes:
        return bytes(data)


def fetch_row(sql: str, params) -> tuple:
    """The single row of `sql`, its text columns as bytes."""
    with connection.cursor() as cursor:
        cursor.cursor.adapters.register_loader("text", TextAsBytes)
        cursor.execute(sql, params)
        return cursor.fetchone()
