"""The admin goes through the same record services: soft delete with undo, revert, versions."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.sites.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_editor(world):
    editor = world.users["editor"]
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="sites"))
    return editor


def changelist_action(client, action, *objs):
    url = reverse("admin:sites_event_changelist")
    return client.post(url, {"action": action, "_selected_action": [o.pk for o in objs]})


def test_editor_soft_deletes_and_restores_from_the_admin(client, world, admin_editor):
    client.force_login(admin_editor)
    changelist_action(client, "soft_delete_selected", world.event_a)
    assert Event.objects.get(pk=world.event_a.pk).deleted_at is not None
    changelist_action(client, "restore_selected", world.event_a)
    assert Event.objects.get(pk=world.event_a.pk).deleted_at is None


def test_editors_have_no_hard_delete_in_the_admin(client, world, admin_editor):
    client.force_login(admin_editor)
    response = client.post(reverse("admin:sites_event_delete", args=[world.event_a.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Event.objects.filter(pk=world.event_a.pk).exists()


def test_undo_last_change_from_the_admin(client, world, admin_editor):
    client.force_login(admin_editor)
    url = reverse("admin:sites_event_change", args=[world.event_a.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(title_en="Changed in the admin", loaded_version=world.event_a.version, site=world.site_a.pk)
    data["sources"] = []
    data["collectives"] = []
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    changed = Event.objects.get(pk=world.event_a.pk)
    assert (changed.title, changed.version) == ("Changed in the admin", world.event_a.version + 1)

    # A second admin who loaded the old version is refused.
    data["title_en"] = "Stale"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()

    changelist_action(client, "undo_last_change", world.event_a)
    assert Event.objects.get(pk=world.event_a.pk).title == "Original A"
