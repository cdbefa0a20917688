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
