"""The data version that invalidates cached exports is advanced by the database on every write
to a public table, whoever writes (ORM, bulk update, raw SQL, the status trigger)."""

import pytest
from django.apps import apps
from django.db import connection

from apps.api.version import data_version
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

    from tests.scale.conftest import server_conninfo

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
def test_the_on_commit_migration_goes_back_and_forth_cleanly():
    from django.core.management import call_command

    def triggers():
        """Trigger name -> the public tables that have it (history tables may have them or not,
        depending on the order in which a fresh database ran the migrations)."""
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
    call_command("migrate", "api", "0001", verbosity=0)
    assert triggers() == {"hubwatch_data_version": public_tables()}  # statement triggers only
    call_command("migrate", "api", verbosity=0)
    assert triggers() == after
    before = data_version()
    SiteFactory()
    assert data_version() > before
