"""Writes to the story tables advance the data version too (apps/core/migrations/0001): a
site page lists the stories featuring it, and caches keyed on the version must see them."""

from django.db import migrations

TABLES = (
    "stories_story",
    "stories_storystep",
    "stories_storystep_sites",
    "stories_storystep_events",
)


def create_triggers(apps, schema_editor):
    for table in TABLES:
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


def drop_triggers(apps, schema_editor):
    for table in TABLES:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS hubwatch_data_version ON "{table}"')
        schema_editor.execute(f'DROP TRIGGER IF EXISTS hubwatch_data_version_truncate ON "{table}"')


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_initial"),
        ("core", "0001_data_version"),  # the function hubwatch_bump_data_version()
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
