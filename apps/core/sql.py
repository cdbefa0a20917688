"""Documents written by PostgreSQL, handed to the response as the bytes they arrive in."""

from __future__ import annotations

from django.db import connections
from psycopg.adapt import Loader


class TextAsBytes(Loader):
    """PostgreSQL text loaded as its UTF-8 bytes: a JSON document of tens of megabytes is not
    decoded into a str only to be encoded back."""

    def load(self, data) -> bytes:
        return bytes(data)


def fetch_value(using: str, sql: str, params) -> bytes:
    """The first column of the single row of `sql`, run on the database alias `using`."""
    with connections[using].cursor() as cursor:
        cursor.cursor.adapters.register_loader("text", TextAsBytes)
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
