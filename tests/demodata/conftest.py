import psycopg
import psycopg.sql
import pytest
from django.db import connections


def server_conninfo(dbname: str) -> str:
    db = connections["default"].settings_dict
    return psycopg.conninfo.make_conninfo(
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        dbname=dbname,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
    )


def server_url(dbname: str) -> str:
    db = connections["default"].settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "") + "@" if db["USER"] else ""
    return f"postgis://{auth}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{dbname}"


@pytest.fixture(scope="module")
def scratch_db(django_db_setup, django_db_blocker):
    """A real scratch database next to the test database (dropped afterwards)."""
    name = "hubwatch_scratch_" + connections["default"].settings_dict["NAME"]
    with django_db_blocker.unblock(), psycopg.connect(server_conninfo("postgres"), autocommit=True) as conn:
        ident = psycopg.sql.Identifier(name)
        conn.execute(psycopg.sql.SQL("drop database if exists {} with (force)").format(ident))
        conn.execute(psycopg.sql.SQL("create database {}").format(ident))
    yield name
    with django_db_blocker.unblock(), psycopg.connect(server_conninfo("postgres"), autocommit=True) as conn:
        for alias in ("demodata_scratch",):
            if alias in connections.settings:
                connections[alias].close()
        conn.execute(psycopg.sql.SQL("drop database if exists {} with (force)").format(psycopg.sql.Identifier(name)))
