"""The outbox moves from the alerts app to the core (alerts and intake both queue work through
it). Its table stays where it is, `alerts_outboxmessage`, with its rows, index and constraint:
this migration only tells Django's state that the model is now core's (alerts 0002 removes it
from alerts' state). The content type follows, so admin permissions given on the outbox and the
admin's history of it stay attached.
"""

import django.utils.timezone
from django.db import migrations, models


def _move_content_type(apps, schema_editor, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    # A database migrated before content types were ever created has neither; one where the new
    # label already exists (created by hand) keeps both, for remove_stale_contenttypes.
    if ContentType.objects.using(db).filter(app_label=new_label, model="outboxmessage").exists():
        return
    ContentType.objects.using(db).filter(app_label=old_label, model="outboxmessage").update(app_label=new_label)
    ContentType.objects.clear_cache()


def content_type_to_core(apps, schema_editor):
    _move_content_type(apps, schema_editor, "alerts", "core")


def content_type_to_alerts(apps, schema_editor):
    _move_content_type(apps, schema_editor, "core", "alerts")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_data_version"),
        # The table is created by alerts' first migration.
        ("alerts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboxMessage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("task", models.CharField(max_length=200, verbose_name="task")),
                        ("kwargs", models.JSONField(blank=True, default=dict, verbose_name="arguments")),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("pending", "waiting for the broker"),
                                    ("queued", "handed to Celery"),
                                    ("done", "done"),
                                    ("failed", "failed"),
                                ],
                                default="pending",
                                max_length=8,
                                verbose_name="state",
                            ),
                        ),
                        ("created", models.DateTimeField(default=django.utils.timezone.now, verbose_name="created")),
                        ("queued_at", models.DateTimeField(blank=True, null=True, verbose_name="handed to Celery")),
                        ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="done")),
                        (
                            "dispatch_attempts",
                            models.PositiveIntegerField(default=0, verbose_name="hand-over attempts"),
                        ),
                        ("task_attempts", models.PositiveIntegerField(default=0, verbose_name="runs")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                    ],
                    options={
                        "verbose_name": "outbox message",
                        "verbose_name_plural": "outbox",
                        "db_table": "alerts_outboxmessage",
                        "ordering": ["created", "id"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(("state__in", ["pending", "queued"])),
                                fields=["created"],
                                name="outbox_backlog_idx",
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("state__in", ["pending", "queued", "done", "failed"])),
                                name="outbox_state_valid",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_core, content_type_to_alerts, elidable=True),
    ]
