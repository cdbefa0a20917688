"""The data version that invalidates cached exports is advanced by the database on every write
to a public table, whoever writes (ORM, bulk update, raw SQL, the status trigger)."""

import pytest
from django.apps import apps
from django.db import connection

from apps.core.dataversion import data_version
from tests.factories import CollectiveFactory, EventFactory, PressItemFactory, SiteFactory

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ("sites", "companies", "collectives", "press")


def public_tables() -> set[str]:
    """Every table of the domain apps, link tables included; history tables are not public data."""
    return {
        model._meta.db_table
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if "historical" not in model._meta.db_table
    }


def test_every_public_table_advances_the_data_version():
    """A table added later without the trigger would let its changes be served stale."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'hubwatch_data_version'")
        triggered = {row[0].strip('"') for row in cursor.fetchall()}
    assert public_tables() - triggered == set()


@pytest.mark.parametrize(
    "write",
    [
        lambda: SiteFactory(),
        lambda: EventFactory().sources.add(PressItemFactory()),
        lambda: CollectiveFactory(),
        lambda: PressItemFactory().sites.add(SiteFactory()),
    ],
)
def test_writes_advance_it(write):
    before = data_version()
    write()
    assert data_version() > before


def test_reads_do_not(client):
    SiteFactory()
    before = data_version()
    client.get("/api/sites/")
    client.get("/api/events/")
    assert data_version() == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", ["/api/sites/", "/map/sites.json"])
def test_a_write_still_in_flight_never_leaves_old_data_under_the_new_version(client, url):
    """A reader that reads the version while a writer has written but not committed must not
    keep what it builds under a version the writer's commit will not change again."""
    import psycopg

    from tests.demodata.conftest import server_conninfo

    site = SiteFactory(name="Before")
    assert "Before" in client.get(url).content.decode()
    with psycopg.connect(server_conninfo(connection.settings_dict["NAME"])) as writer:
        writer.execute("UPDATE sites_site SET name = 'After' WHERE id = %s", [site.pk])
        # Written, not committed: readers still see the old data, and the old version.
        version_before_commit = data_version()
        assert "Before" in client.get(url).content.decode()
        writer.commit()
    assert data_version() > version_before_commit
    assert "After" in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_transaction_advances_the_version_when_it_commits_and_not_when_it_rolls_back():
    from django.db import transaction

    before = data_version()
    with transaction.atomic():
        SiteFactory()
        CollectiveFactory()
        assert data_version() == before  # nothing committed yet
    committed = data_version()
    assert committed > before
    with pytest.raises(RuntimeError), transaction.atomic():
        SiteFactory()
        raise RuntimeError("rolled back")
    assert data_version() == committed


@pytest.mark.django_db(transaction=True)
def test_the_migration_runs_again_cleanly_over_a_database_that_has_it():
    """Databases migrated by the former `api` app already have the table and the triggers:
    core's 0001 runs over them without error, without a second row or trigger, and the version
    still moves."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("apps.core.migrations.0001_data_version")

    def triggers():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname LIKE 'hubwatch_data_version%'"
            )
            found: dict[str, set] = {}
            for name, table in cursor.fetchall():
                if table in public_tables():
                    found.setdefault(name, set()).add(table)
            return found

    after = triggers()
    assert after == {"hubwatch_data_version": public_tables(), "hubwatch_data_version_truncate": public_tables()}
    version = data_version()
    with connection.schema_editor() as editor:
        editor.execute(migration.FORWARD)
        migration.create_triggers(apps, editor)
    assert triggers() == after
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM hubwatch_data_state")
        assert cursor.fetchone() == (1,)
    assert data_version() == version
    SiteFactory()
    assert data_version() > version
