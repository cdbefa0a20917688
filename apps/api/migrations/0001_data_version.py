"""A data version for the public surfaces (API, exports, feeds), kept by the database.

Every statement that writes to a table of the domain apps (sites, events, claims, companies,
collectives, press, and their link tables) advances the sequence `hubwatch_data_version`. The API
reads it in one cheap query to know whether a cached collection is still current, so an
unchanged collection is answered (or 304'd) without rebuilding it, and no code path (admin,
loader, queryset.update(), raw SQL, the status trigger) can change public data without it.

A sequence, not a counter row: nextval() never waits for another transaction, so concurrent
writers cannot queue or deadlock on it. The price is that a reader may see a version bumped by
a transaction not yet committed; 0002 replaced it by a row advanced at commit for that reason.
"""

from django.db import migrations

from ._helpers import domain_tables, statement_triggers

FUNCTION = """
CREATE SEQUENCE IF NOT EXISTS hubwatch_data_version;
CREATE OR REPLACE FUNCTION hubwatch_bump_data_version() RETURNS trigger AS $$
BEGIN
    PERFORM nextval('hubwatch_data_version');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

DROP_FUNCTION = """
DROP FUNCTION IF EXISTS hubwatch_bump_data_version() CASCADE;
DROP SEQUENCE IF EXISTS hubwatch_data_version;
"""


def create_triggers(apps, schema_editor):
    statement_triggers(apps, schema_editor)


def drop_triggers(apps, schema_editor):
    for table in domain_tables(apps):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS hubwatch_data_version ON "{table}"')


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0002_status_from_timeline"),
        ("companies", "0001_initial"),
        ("collectives", "0002_initial"),
        ("press", "0002_initial"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, DROP_FUNCTION),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
