"""The outbox is now the core's model (core 0002): it leaves alerts' state only. Its table,
`alerts_outboxmessage`, and its rows stay; the core's model uses that table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("core", "0002_outbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutboxMessage")],
            database_operations=[],
        ),
    ]
