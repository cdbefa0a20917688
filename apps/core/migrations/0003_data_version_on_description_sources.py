"""The data version advances on writes to the tables added since 0001 (the sources of
collective, network and company descriptions): 0001's create_triggers, run again, covers every
domain table and is idempotent."""

import importlib

from django.db import migrations

data_version = importlib.import_module("apps.core.migrations.0001_data_version")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_outbox"),
        ("sites", "0005_attribution_certainty_checked"),
        ("press", "0006_article_without_address"),
        ("companies", "0003_description_sources"),
        ("collectives", "0004_description_sources"),
    ]

    operations = [migrations.RunPython(data_version.create_triggers, migrations.RunPython.noop)]
