"""Nothing lost: the public history, reverts, soft deletion and refusing stale edits."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse

from apps.accounts import records
from apps.core.models import PublicationState
from apps.sites.models import Event, Site

from .world import event_data

pytestmark = pytest.mark.django_db


def edit(client, world, event, **overrides):
    data = event_data(world, when=event.date.isoformat(), kind=event.kind, version=event.version)
    data.update(overrides)
    return client.post(reverse("contributions:edit", kwargs={"kind": "event", "pk": event.pk}), data)


def test_history_shows_who_when_and_what_changed_without_emails(client, world):
    member = world.users["member"]
    member.display_name = "Camille (Stop Amazon)"
    member.save()
    client.force_login(member)
    edit(client, world, world.event_a, title="Rally at the town hall")
    client.logout()
    response = client.get(reverse("contributions:site-history", kwargs={"slug": world.site_a.slug}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Camille (Stop Amazon)" in html
    assert "Original A" in html and "Rally at the town hall" in html
    assert member.email not in html and member.username not in html
    # A contribution waiting for moderation is not public, not even in the history.
    assert "Pending A" not in html


def test_stale_edit_is_refused_with_the_current_values(client, world):
    event = world.event_a
    loaded_at = event.version
    client.force_login(world.users["coordinator"])
    assert edit(client, world, event, title="First save").status_code == 302
    client.force_login(world.users["member"])
    response = client.post(
        reverse("contributions:edit", kwargs={"kind": "event", "pk": event.pk}),
        event_data(world, when=event.date.isoformat(), kind=event.kind, version=loaded_at, title="Second save"),
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this record" in html
    assert "First save" in html  # the current value is shown
    assert 'value="Second save"' in html  # what this person typed is kept
    assert Event.objects.get(pk=event.pk).title == "First save"
    # Submitting again, knowingly, replaces it.
    fresh = Event.objects.get(pk=event.pk)
    assert edit(client, world, fresh, title="Second save").status_code == 302
    assert Event.objects.get(pk=event.pk).title == "Second save"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_of_the_same_version_cannot_both_win(world):
    event = world.event_a
    version = event.version
    results = []

    def save(title):
        try:
            obj = Event.objects.get(pk=event.pk)
            obj.title = title
            records.save_versioned(obj, expected_version=version, user=world.users["editor"])
            results.append("saved")
        except records.StaleEdit:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(f"Concurrent {i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["refused", "refused", "refused", "saved"]
    assert Event.objects.get(pk=event.pk).version == version + 1


def test_revert_restores_the_exact_previous_values(client, world):
    event = world.event_a
    before = Event.objects.get(pk=event.pk)
    original = (before.title, before.description, before.date, before.date_precision, before.kind, before.status_after)
    client.force_login(world.users["member"])
    edit(client, world, event, title="Vandalised", description="Nonsense", when="1999", status_after="operational")
    changed = Event.objects.get(pk=event.pk)
    assert (changed.title, changed.date_precision, changed.status_after) == ("Vandalised", "year", "operational")
    assert Site.objects.get(pk=world.site_a.pk).status == "operational"

    record = Event.history.filter(id=event.pk, title_en="Original A").latest()
    client.force_login(world.users["editor"])
    response = client.post(
        reverse(
            "contributions:revert",
            kwargs={"slug": world.site_a.slug, "kind": "event", "history_id": record.history_id},
        )
    )
    assert response.status_code == 302
    reverted = Event.objects.get(pk=event.pk)
    assert (
        reverted.title,
        reverted.description,
        reverted.date,
        reverted.date_precision,
        reverted.kind,
        reverted.status_after,
    ) == original
    assert reverted.version == changed.version + 1
    # The status trigger follows the reverted timeline too.
    assert Site.objects.get(pk=world.site_a.pk).status is None
    assert Event.history.filter(id=event.pk).latest().history_user == world.users["editor"]


def test_revert_a_site_record_keeps_the_status_from_the_timeline(world):
    site = Site.objects.get(pk=world.site_a.pk)
    site.summary = "A warehouse project."
    records.save_versioned(site, expected_version=site.version, user=world.users["editor"])
    first = site.history.earliest()
    site = Site.objects.get(pk=site.pk)
    site.summary = "Spam"
    records.save_versioned(site, expected_version=site.version, user=world.users["editor"])
    event = Event.objects.get(pk=world.event_a.pk)
    event.status_after = "announced"
    records.save_versioned(event, expected_version=event.version, user=world.users["editor"])
    records.revert(first, user=world.users["editor"])
    site = Site.objects.get(pk=site.pk)
    assert site.summary == ""
    assert site.status == "announced"


def test_soft_delete_hides_and_undo_brings_back(client, world):
    event = world.event_a
    event.status_after = "suspended"
    event.date = dt.date(2029, 1, 1)
    event.save()
    assert Site.objects.get(pk=world.site_a.pk).status == "suspended"
    client.force_login(world.users["editor"])
    client.post(reverse("contributions:delete", kwargs={"kind": "event", "pk": event.pk}))
    deleted = Event.objects.get(pk=event.pk)  # still in the database
    assert deleted.deleted_at is not None
    assert not Event.objects.public().filter(pk=event.pk).exists()
    assert Site.objects.get(pk=world.site_a.pk).status is None
    queue = client.get(reverse("contributions:moderation")).content.decode()
    assert "Original A" in queue  # listed under "Recently deleted"

    client.post(reverse("contributions:restore", kwargs={"kind": "event", "pk": event.pk}))
    restored = Event.objects.get(pk=event.pk)
    assert restored.deleted_at is None and restored.state == PublicationState.PUBLISHED
    assert Site.objects.get(pk=world.site_a.pk).status == "suspended"


def test_a_member_cannot_edit_a_deleted_event(client, world):
    event = world.event_a
    records.soft_delete(event, user=world.users["editor"])
    client.force_login(world.users["member"])
    assert edit(client, world, Event.objects.get(pk=event.pk), title="Back").status_code == 403


def test_sources_are_versioned_and_reverted_too(client, world):
    event = world.event_a
    event.sources.set([world.source_a])
    with_source = Event.history.filter(id=event.pk).latest()
    client.force_login(world.users["member"])
    edit(
        client,
        world,
        Event.objects.get(pk=event.pk),
        sources=[],
        source_url="https://dubious.example.org/rumour",
        source_title="A rumour",
    )
    assert [s.url for s in Event.objects.get(pk=event.pk).sources.all()] == ["https://dubious.example.org/rumour"]
    history = client.get(reverse("contributions:site-history", kwargs={"slug": world.site_a.slug})).content.decode()
    assert "A rumour" in history and world.source_a.title in history

    records.revert(with_source, user=world.users["editor"])
    assert list(Event.objects.get(pk=event.pk).sources.all()) == [world.source_a]


def test_press_items_of_the_site_are_in_its_history_and_revertable(client, world):
    item = world.source_a
    item.title = "Corrected headline"
    records.save_versioned(item, expected_version=item.version, user=world.users["member"])
    html = client.get(reverse("contributions:site-history", kwargs={"slug": world.site_a.slug})).content.decode()
    assert "Corrected headline" in html
    first = item.history.earliest()
    client.force_login(world.users["editor"])
    url = reverse(
        "contributions:revert", kwargs={"slug": world.site_a.slug, "kind": "pressitem", "history_id": first.history_id}
    )
    assert client.post(url).status_code == 302
    item.refresh_from_db()
    assert item.title == first.title
    # A press item of another site cannot be reverted through this site's page.
    other = reverse(
        "contributions:revert", kwargs={"slug": world.site_b.slug, "kind": "pressitem", "history_id": first.history_id}
    )
    assert client.post(other).status_code == 404
