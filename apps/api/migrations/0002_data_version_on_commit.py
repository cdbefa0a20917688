"""The data version moves when a write commits, not when its statement runs.

0001 advanced a sequence in a statement trigger. A sequence is not transactional: a reader could
read the version a writer had just advanced, then read the data still without that writer's
changes (not committed yet), and cache the old data under the new version, served until the next
write or API_CACHE_SECONDS. Now the version is a row, `hubwatch_data_state`, advanced by a
deferred constraint trigger: the update runs at the writer's COMMIT, in its transaction, so the new
version becomes visible at the very moment its data does. A reader that reads the version and then
builds from a later snapshot can only find data as new as its version, or newer, never older.

Its values are still drawn from the sequence: a number is never used twice, even by a transaction
that rolls back, so a version stands for one state of the data only (cache keys carry it).

The row is locked by a writer only during its own commit (deferred triggers run last), so
writers queue only for that instant. Rows of one statement advance it once (the trigger
remembers the transaction and statement it last ran for); a transaction committing advances it
once. TRUNCATE cannot fire a constraint trigger: a statement trigger advances it at once.
"""

from django.db import migrations

from ._helpers import domain_tables, statement_triggers

FORWARD = """
CREATE TABLE hubwatch_data_state (
    id smallint PRIMARY KEY DEFAULT 1 CONSTRAINT hubwatch_data_state_single CHECK (id = 1),
    version bigint NOT NULL
);
INSERT INTO hubwatch_data_state (id, version) VALUES (1, nextval('hubwatch_data_version'));
CREATE OR REPLACE FUNCTION hubwatch_bump_data_version() RETURNS trigger AS $$
DECLARE
    this_statement text := txid_current()::text || ' ' || statement_timestamp()::text;
BEGIN
    IF current_setting('hubwatch.data_version_bumped', true) IS DISTINCT FROM this_statement THEN
        PERFORM set_config('hubwatch.data_version_bumped', this_statement, true);
        UPDATE hubwatch_data_state SET version = nextval('hubwatch_data_version') WHERE id = 1;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION hubwatch_bump_data_version() RETURNS trigger AS $$
BEGIN
    PERFORM nextval('hubwatch_data_version');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TABLE hubwatch_data_state;
"""


def on_commit_triggers(apps, schema_editor):
    for table in domain_tables(apps, schema_editor):
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
    dependencies = [("api", "0001_data_version")]

    operations = [
        migrations.RunPython(on_commit_triggers, statement_triggers),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
