"""What the data-version migrations share."""

DOMAIN_APPS = ("sites", "companies", "collectives", "press")


def domain_tables(apps, schema_editor=None) -> list[str]:
    """The domain tables, including the auto-created many-to-many link tables; with
    `schema_editor`, also every table that has a data-version trigger already: the models a
    migration sees depend on where it stands in the graph (a table added by a later migration
    of another app may be missing from them when migrating backwards)."""
    tables = set()
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables.add(model._meta.db_table)
    if schema_editor is not None:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname LIKE 'hubwatch_data_version%'"
            )
            tables.update(row[0] for row in cursor.fetchall())
    return sorted(tables)


def statement_triggers(apps, schema_editor) -> None:
    """0001's triggers: the version advanced by every writing statement, committed or not."""
    for table in domain_tables(apps, schema_editor):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS hubwatch_data_version ON "{table}"')
        schema_editor.execute(f'DROP TRIGGER IF EXISTS hubwatch_data_version_truncate ON "{table}"')
        schema_editor.execute(
            f'CREATE TRIGGER hubwatch_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION hubwatch_bump_data_version()"
        )
