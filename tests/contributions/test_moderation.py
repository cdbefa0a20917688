"""Untrusted collectives' contributions wait for an editor; approving publishes them at once."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.core.models import PublicationState
from apps.sites.models import Event, Site

from .world import build_world, event_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def untrusted_world(db):
    return build_world(trusted_a=False)


def test_trusted_collective_publishes_at_once_and_moves_the_status(client, world):
    client.force_login(world.users["member"])
    client.post(
        reverse("contributions:add-event", kwargs={"slug": world.site_a.slug}),
        event_data(world, status_after="refused", when="2030-01-10"),
    )
    event = Event.objects.get(title_en="Administrative court cancels the permit")
    assert event.state == PublicationState.PUBLISHED
    assert Site.objects.get(pk=world.site_a.pk).status == "refused"


def test_untrusted_event_waits_then_approval_moves_the_site_status(client, untrusted_world):
    w = untrusted_world
    client.force_login(w.users["member"])
    client.post(
        reverse("contributions:add-event", kwargs={"slug": w.site_a.slug}),
        event_data(
            w,
            status_after="refused",
            when="2030-01-10",
            sources=[],
            source_url="https://www.lalsace.fr/ensisheim-annulation",
            source_title="Permis annulé",
        ),
    )
    event = Event.objects.get(title_en="Administrative court cancels the permit")
    assert event.state == PublicationState.PENDING
    assert list(event.sources.values_list("state", flat=True)) == [PublicationState.PENDING]
    assert not Event.objects.public().filter(pk=event.pk).exists()
    assert Site.objects.get(pk=w.site_a.pk).status != "refused"

    editor = w.users["editor"]
    client.force_login(editor)
    queue = client.get(reverse("contributions:moderation")).content.decode()
    assert "Administrative court cancels the permit" in queue

    response = client.post(
        reverse("contributions:approve", kwargs={"kind": "event", "pk": event.pk}), {"version": event.version}
    )
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).state == PublicationState.PUBLISHED
    # The database trigger moved the site's status as soon as the event became public.
    assert Site.objects.get(pk=w.site_a.pk).status == "refused"
    # Its source was approved with it.
    assert list(event.sources.values_list("state", flat=True)) == [PublicationState.PUBLISHED]
    assert (
        "Administrative court cancels the permit"
        not in client.get(reverse("contributions:moderation")).content.decode()
    )


def test_rejection_reason_reaches_the_author(client, untrusted_world):
    w = untrusted_world
    pending = w.pending_a
    pending.created_by = w.users["member"]
    pending.save()
    client.force_login(w.users["editor"])
    client.post(
        reverse("contributions:reject", kwargs={"kind": "event", "pk": pending.pk}),
        {"version": pending.version, "reason": "The source does not mention this demonstration."},
    )
    pending.refresh_from_db()
    assert pending.state == PublicationState.REJECTED
    assert len(mail.outbox) == 1
    assert "The source does not mention this demonstration." in mail.outbox[0].body
    client.force_login(w.users["member"])
    dashboard = client.get(reverse("contributions:dashboard")).content.decode()
    assert "The source does not mention this demonstration." in dashboard
    assert "Pending A" in dashboard


def test_rejecting_needs_a_reason(client, world):
    client.force_login(world.users["editor"])
    client.post(
        reverse("contributions:reject", kwargs={"kind": "event", "pk": world.pending_a.pk}),
        {"version": world.pending_a.version, "reason": ""},
    )
    assert Event.objects.get(pk=world.pending_a.pk).state == PublicationState.PENDING


def test_untrusted_edit_of_a_published_event_goes_back_to_review(client, untrusted_world):
    w = untrusted_world
    client.force_login(w.users["member"])
    e = w.event_a
    client.post(
        reverse("contributions:edit", kwargs={"kind": "event", "pk": e.pk}),
        event_data(w, title="Changed", version=e.version, when=e.date.isoformat(), kind=e.kind),
    )
    e.refresh_from_db()
    assert (e.title, e.state) == ("Changed", PublicationState.PENDING)


def test_dashboard_lists_the_sites_a_member_can_update(client, world):
    client.force_login(world.users["member"])
    html = client.get(reverse("contributions:dashboard")).content.decode()
    assert world.site_a.name in html
    assert world.site_b.name not in html
