"""Publishing an event mails the people who follow it: once, batched, in their language. A real
Celery worker runs the tasks against the test Redis."""

import pytest
from django.db import transaction

from apps.alerts.models import Delivery, DeliveryState
from apps.alerts.signals import silent_publication
from apps.alerts.tasks import notify_event_published, send_subscriber_digest
from apps.collectives.models import Opposition
from apps.core.models import OutboxMessage, OutboxState, PublicationState
from apps.sites.models import Event, Status
from tests.factories import CollectiveFactory, EventFactory, SiteFactory

from .celery_testing import wait_until
from .helpers import follower, links, path_of, publish

pytestmark = pytest.mark.django_db(transaction=True)


def test_published_event_reaches_followers_of_the_site_its_collectives_and_everything(
    celery_worker, mailoutbox, client
):
    briec = SiteFactory(name="Amazon delivery station, Briec", municipality="Briec", slug="briec")
    elsewhere = SiteFactory(name="Fournès")
    collective = CollectiveFactory(name="Stop Amazon Briec")
    Opposition.objects.create(collective=collective, site=briec)
    follower("site-fr@example.net", "fr", site=briec)
    follower("all@example.net", "en")
    follower("collective@example.net", "en", collective=collective)
    follower("other-site@example.net", "en", site=elsewhere)
    follower("unconfirmed@example.net", "en", site=briec, confirmed=False)

    publish(
        EventFactory,
        site=briec,
        title="Permit refused by the prefect",
        title_fr="Permis refusé par le préfet",
        status_after=Status.SUSPENDED,
    )

    wait_until(lambda: len(mailoutbox) >= 3)
    wait_until(lambda: not Delivery.objects.pending().exists())
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == ["all@example.net", "collective@example.net", "site-fr@example.net"]
    by_address = {m.to[0]: m for m in mailoutbox}
    french = by_address["site-fr@example.net"]
    # Each in the subscriber's language: the French follower gets the French title.
    assert "Permis refusé par le préfet" in french.subject and "Permit refused" not in french.body
    assert "Permit refused by the prefect" in by_address["all@example.net"].subject
    assert "Nouveau sur Hubwatch" in french.body
    english = by_address["all@example.net"]
    assert "New on Hubwatch" in english.body
    # Links go to the pages in the subscriber's language.
    assert "https://hubwatch.test/en/sites/briec/" in english.body
    assert "https://hubwatch.test/fr/sites/briec/" in french.body and "/en/" not in french.body
    assert french.extra_headers["List-Unsubscribe"].startswith("<https://hubwatch.test/fr/follow/unsubscribe/")
    # Every message: a one-click unsubscribe link (in the text and in the List-Unsubscribe header).
    for message in mailoutbox:
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        unsubscribe = [u for u in links(message) if "/unsubscribe/" in u]
        assert unsubscribe and f"<{unsubscribe[0]}>" == message.extra_headers["List-Unsubscribe"]
    assert OutboxMessage.objects.get(task="alerts.notify_event_published").state == OutboxState.DONE

    # The link works in one click, without an account.
    response = client.get(path_of([u for u in links(english) if "/unsubscribe/" in u][0]))
    assert response.status_code == 200
    publish(EventFactory, site=briec, title="Second hearing")
    wait_until(lambda: Delivery.objects.filter(event__title_en="Second hearing").count() == 2)
    wait_until(lambda: not Delivery.objects.pending().exists())
    assert "all@example.net" not in [m.to[0] for m in mailoutbox[3:]]


def test_events_published_together_make_one_digest(celery_worker, mailoutbox):
    site = SiteFactory(name="Augny")
    follower("reader@example.net", site=site)

    with transaction.atomic():
        EventFactory(site=site, title="Public inquiry opens")
        EventFactory(site=site, title="Petition handed to the mayor")
        EventFactory(site=site, title="Council vote postponed")

    wait_until(lambda: Delivery.objects.filter(state=DeliveryState.SENT).count() == 3)
    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert "3 new events" in digest.subject
    for title in ("Public inquiry opens", "Petition handed to the mayor", "Council vote postponed"):
        assert title in digest.body


def test_a_retry_never_sends_twice(celery_worker, settings, mailoutbox):
    """The mail server fails once (the task retries with backoff), and the same work is handed
    over again twice (a redelivered message, a second dispatcher): one mail, one delivery."""
    from .backends import FlakyBackend

    settings.MAILERS = {"default": {"BACKEND": "tests.alerts.backends.FlakyBackend"}}
    FlakyBackend.failures_left, FlakyBackend.attempts = 1, 0
    site = SiteFactory(name="Montbert")
    subscription = follower("once@example.net", site=site)

    event = publish(EventFactory, site=site, title="Works start")
    wait_until(lambda: Delivery.objects.filter(state=DeliveryState.SENT).exists(), timeout=30)
    row = OutboxMessage.objects.get(task="alerts.notify_event_published")
    notify_event_published.delay(event_id=event.pk, published_at=row.kwargs["published_at"])
    send_subscriber_digest.delay(subscription.subscriber_id)
    send_subscriber_digest.delay(subscription.subscriber_id)
    # The worker takes tasks in order: once a task queued after the duplicates is done, they ran.
    marker = publish(EventFactory, site=SiteFactory(), title="unrelated")
    wait_until(lambda: OutboxMessage.objects.filter(kwargs__event_id=marker.pk, state=OutboxState.DONE).exists())

    assert [m.to for m in mailoutbox] == [["once@example.net"]]
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.SENT
    assert delivery.attempts == 2  # the failed try is recorded, then the one that went out
    assert FlakyBackend.attempts == 2  # one failure, one success, no third send


def test_a_pending_event_is_announced_only_when_an_editor_publishes_it(celery_worker, mailoutbox):
    site = SiteFactory(name="Ensisheim")
    follower("reader@example.net", site=site)

    event = publish(EventFactory, site=site, title="Rally at the town hall", state=PublicationState.PENDING)
    assert not OutboxMessage.objects.exists()

    with transaction.atomic():
        event = Event.objects.get(pk=event.pk)
        event.state = PublicationState.PUBLISHED
        event.save()
    wait_until(lambda: len(mailoutbox) == 1)
    assert "Rally at the town hall" in mailoutbox[0].body

    # Saving it again (a typo fixed) is not a new publication.
    with transaction.atomic():
        event.title = "Rally at the town hall of Ensisheim"
        event.save()
    assert OutboxMessage.objects.count() == 1


def test_a_withdrawn_event_is_not_sent(celery_worker, mailoutbox, settings):
    settings.ALERTS_BATCH_SECONDS = 3
    site = SiteFactory(name="Dambach-la-Ville")
    follower("reader@example.net", site=site)
    event = publish(EventFactory, site=site, title="Wrong news")
    wait_until(lambda: Delivery.objects.filter(event=event).exists())
    with transaction.atomic():
        event.state = PublicationState.REJECTED
        event.save()
    wait_until(lambda: Delivery.objects.filter(state=DeliveryState.SKIPPED).exists(), timeout=15)
    assert mailoutbox == []


def test_loading_reference_data_mails_nobody(celery_worker, reference_data, mailoutbox, client):
    """Reference data is loaded before anybody follows anything: its events are published
    before any subscription, so they are never mailed, even once the outbox has drained."""
    from apps.sites.models import Site

    liege = Site.objects.get(slug="liege-airport")
    follower("reader@example.net", site=liege)
    follower("all@example.net")
    wait_until(lambda: not OutboxMessage.objects.backlog().exists(), timeout=60)
    assert not Delivery.objects.exists()
    assert mailoutbox == []

    publish(EventFactory, site=liege, title="New night flights authorised")
    wait_until(lambda: len(mailoutbox) == 2)
    assert all("New night flights authorised" in m.body for m in mailoutbox)
    assert all(m.body.count("* ") == 1 for m in mailoutbox)  # only the new event


def test_silent_publication_records_no_work(db):
    site = SiteFactory()
    with silent_publication():
        EventFactory(site=site)
    assert not OutboxMessage.objects.exists()
    EventFactory(site=site)
    assert OutboxMessage.objects.filter(task="alerts.notify_event_published").count() == 1
