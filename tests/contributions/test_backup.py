"""`make backup` / `make restore`: a dump restored into another database gives back the data,
the history and the status trigger."""

import os
import subprocess

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from apps.accounts import records
from apps.core.dataversion import data_version
from apps.sites.models import Event
from tests.factories import EventFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgis://{auth}@{db['HOST']}:{db['PORT']}/{name}"


def _libpq(name: str) -> str:
    return _url(name).replace("postgis://", "postgresql://", 1)


def _run(script: str, *args: str, database: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": _url(database)}
    return subprocess.run(  # noqa: S603 (our own script, fixed path, no shell)
        [str(settings.BASE_DIR / "scripts" / script), *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def scratch_db():
    name = connection.settings_dict["NAME"] + "_restore"
    with psycopg.connect(_libpq("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_libpq("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_round_trip(tmp_path, scratch_db):
    site = SiteFactory(name="Briec backup test", slug="briec-backup")
    event = EventFactory(site=site, title="Permit granted", status_after="permit_granted")
    event = Event.objects.get(pk=event.pk)
    event.title = "Permit granted by the mayor"
    records.save_versioned(event, expected_version=event.version, user=UserFactory(display_name="Editor E"))

    dump = tmp_path / "hubwatch.dump"
    done = _run("backup.sh", str(dump), database=connection.settings_dict["NAME"])
    assert done.returncode == 0, done.stderr
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert oct(dump.stat().st_mode & 0o777) == "0o600"

    dumped_version = data_version()
    done = _run("restore.sh", str(dump), database=scratch_db)
    assert done.returncode == 0, done.stderr

    with psycopg.connect(_libpq(scratch_db)) as restored:
        # The data version jumped past every number the dumped database could have handed out
        # since: no answer cached from the other timeline can be served for this one.
        version = restored.execute("SELECT version FROM hubwatch_data_state").fetchone()[0]
        assert version > dumped_version + 1_000_000_000
        row = restored.execute("SELECT name, status FROM sites_site WHERE slug = 'briec-backup'").fetchone()
        assert row == ("Briec backup test", "permit_granted")
        titles = restored.execute(
            "SELECT title_en FROM sites_historicalevent WHERE id = %s ORDER BY history_id", [event.pk]
        ).fetchall()
        assert titles == [("Permit granted",), ("Permit granted by the mayor",)]
        # The status trigger came back too: a new public event moves the status.
        restored.execute(
            "INSERT INTO sites_event (site_id, date, date_precision, kind, status_after, title_en, title_fr,"
            " description_en, description_fr, state, version, created, updated, moderation_note)"
            " SELECT id, '2031-01-01', 'day', 'court_ruling', 'refused', 'Annulled', 'Annulé', '', '', 'published',"
            " 1, now(), now(), '' FROM sites_site WHERE slug = 'briec-backup'"
        )
        status = restored.execute("SELECT status FROM sites_site WHERE slug = 'briec-backup'").fetchone()[0]
        assert status == "refused"


def test_restore_refuses_without_a_file(scratch_db):
    done = _run("restore.sh", database=scratch_db)
    assert done.returncode != 0
    assert "usage" in done.stderr
