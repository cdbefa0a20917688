"""The data version: a number the database advances when a write to a domain table commits.

Caches and ETags carry it (apps/core/dataversion.py), so no code path (admin, loader,
queryset.update(), raw SQL, the status trigger) can change public data without readers seeing a
new version. A deferred constraint trigger advances the row `hubwatch_data_state` at the
writer's COMMIT, so the new version becomes visible at the moment its data does; its values come
from a sequence, so a number never stands for two states of the data. TRUNCATE cannot fire a
constraint trigger: a statement trigger advances it at once.

Written to be idempotent: databases migrated by the former `api` app's 0001/0002 already have
the table and the triggers, and gain the `changed` column (Last-Modified).
"""

from django.db import migrations

DOMAIN_APPS = ("sites", "companies", "collectives", "press")

FORWARD = """
CREATE SEQUENCE IF NOT EXISTS hubwatch_data_version;
CREATE TABLE IF NOT EXISTS hubwatch_data_state (
    id smallint PRIMARY KEY DEFAULT 1 CONSTRAINT hubwatch_data_state_single CHECK (id = 1),
    version bigint NOT NULL
);
ALTER TABLE hubwatch_data_state ADD COLUMN IF NOT EXISTS changed timestamptz NOT NULL DEFAULT clock_timestamp();
INSERT INTO hubwatch_data_state (id, version) VALUES (1, nextval('hubwatch_data_version')) ON CONFLICT (id) DO NOTHING;
CREATE OR REPLACE FUNCTION hubwatch_bump_data_version() RETURNS trigger AS $$
DECLARE
    this_statement text := txid_current()::text || ' ' || statement_timestamp()::text;
BEGIN
    -- Rows of one statement advance it once; a transaction advances it once per statement.
    IF current_setting('hubwatch.data_version_bumped', true) IS DISTINCT FROM this_statement THEN
        PERFORM set_config('hubwatch.data_version_bumped', this_statement, true);
        UPDATE hubwatch_data_state SET version = nextval('hubwatch_data_version'), changed = clock_timestamp()
        WHERE id = 1;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

BACKWARD = """
DROP FUNCTION IF EXISTS hubwatch_bump_data_version() CASCADE;
DROP TABLE IF EXISTS hubwatch_data_state;
DROP SEQUENCE IF EXISTS hubwatch_data_version;
"""


def domain_tables(apps) -> list[str]:
    """The domain tables, with their auto-created many-to-many link tables."""
    return sorted(
        model._meta.db_table
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    )


def create_triggers(apps, schema_editor):
    for table in domain_tables(apps):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS hubwatch_data_version ON "{table}"')
        schema_editor.execute(f'DROP TRIGGER IF EXISTS hubwatch_data_version_truncate ON "{table}"')
        schema_editor.execute(
            f'CREATE CONSTRAINT TRIGGER hubwatch_data_version AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hubwatch_bump_data_version()"
        )
        schema_editor.execute(
            f'CREATE TRIGGER hubwatch_data_version_truncate AFTER TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION hubwatch_bump_data_version()"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0004_history_sources_moderation_default"),
        ("companies", "0002_historicalcompany"),
        ("collectives", "0003_historicalcollective"),
        ("press", "0004_history_sources_moderation_default"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        # Dropped with the function (CASCADE) when going back.
        migrations.RunPython(create_triggers, migrations.RunPython.noop),
    ]
