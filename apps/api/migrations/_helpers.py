"""What the data-version migrations share."""

DOMAIN_APPS = ("sites", "companies", "collectives", "press")


def domain_tables(apps) -> list[str]:
    """The domain tables, including the auto-created many-to-many link tables."""
    tables = set()
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables.add(model._meta.db_table)
    return sorted(tables)
