"""The outbox moved from the alerts app to the core without moving its data: the core's model
uses the table, index and constraint the alerts app created, so existing rows stay readable."""

import pytest
from django.db import connection

from apps.core.models import OutboxMessage, OutboxState

pytestmark = pytest.mark.django_db


def test_the_outbox_keeps_the_table_index_and_constraint_it_had_in_alerts():
    assert OutboxMessage._meta.app_label == "core"
    assert OutboxMessage._meta.db_table == "alerts_outboxmessage"
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "alerts_outboxmessage")
    assert {"outbox_backlog_idx", "outbox_state_valid"} <= set(constraints)


def test_a_row_written_in_the_table_is_read_through_the_core_model():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO alerts_outboxmessage (task, kwargs, state, created, dispatch_attempts, task_attempts,"
            " last_error) VALUES ('alerts.send_confirmation', '{\"subscription_id\": 7}', 'failed', now(), 1, 6,"
            " 'SMTPException: no') RETURNING id"
        )
        (pk,) = cursor.fetchone()
    message = OutboxMessage.objects.get(pk=pk)
    assert (message.task, message.kwargs, message.state) == (
        "alerts.send_confirmation",
        {"subscription_id": 7},
        "failed",
    )
    assert OutboxMessage.objects.filter(state=OutboxState.FAILED).count() == 1
