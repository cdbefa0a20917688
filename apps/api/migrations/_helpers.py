"""What the data-version migrations share."""

DOMAIN_APPS = ("sites", "companies", "collectives", "press")


def domain_tables(apps) -> list[str]:
    """The domain tables, including the auto-created many-to-many link tables."""
    tables = set()
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables.add(model._meta.db_table)
    return sorted(tables)


def statement_triggers(apps, schema_editor) -> None:
    """0001's triggers: the version advanced by every writing statement, committed or not."""
    for table in domain_tables(apps):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS hubwatch_data_version ON "{table}"')
        schema_editor.execute(f'DROP TRIGGER IF EXISTS hubwatch_data_version_truncate ON "{table}"')
        schema_editor.execute(
            f'CREATE TRIGGER hubwatch_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION hubwatch_bump_data_version()"
        )
