"""Feeds polled by the beat task on a real Celery worker, from feeds the live test server
serves (tests/intake/fixtures): new items stored once, sanitized, matched to sites; a broken
feed is recorded and backed off without holding up the others."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.intake.models import Feed, IntakeItem, SiteSuggestion
from apps.intake.tasks import poll_due_feeds
from tests.alerts.celery_testing import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.intake.urls")]


def feed(live_server, name, **kwargs):
    return Feed.objects.create(url=f"{live_server.url}/test-fixtures/{name}", **kwargs)


def polled(*feeds):
    def done():
        return all(f.last_polled_at is not None for f in Feed.objects.filter(pk__in=[x.pk for x in feeds]))

    return done


def test_polling_stores_each_article_once_sanitized_and_matched(
    celery_worker, live_server, fetch_from_test_server, briec, liege
):
    paper = feed(live_server, "local_paper.rss", outlet="Le Télégramme")
    later = timezone.now() + dt.timedelta(hours=1)
    blog = feed(live_server, "collective_blog.atom")
    Feed.objects.filter(pk=blog.pk).update(next_poll_at=later)  # its turn comes in the second round
    broken = feed(live_server, "broken/")
    not_a_feed = feed(live_server, "not_a_feed.html")

    poll_due_feeds.delay()
    wait_until(polled(paper, broken, not_a_feed), timeout=30)

    # The article twice in the feed, once with tracking parameters, over http, without www: once.
    assert IntakeItem.objects.count() == 3
    court = IntakeItem.objects.get(canonical_url="https://letelegramme.fr/finistere/briec/amazon-recours-tribunal.php")
    assert court.feed == paper
    assert court.outlet == "Le Télégramme"
    assert court.language == "fr"
    assert court.published == dt.date(2025, 1, 14)
    # Feed text is untrusted: no markup, no script survives.
    assert court.excerpt == "Les opposants au projet du parc d'activités de Lumunoc'h ont déposé un recours."

    # The broken ones: error kept for the admin, next poll pushed back; the others were not held up.
    broken.refresh_from_db()
    assert broken.error_count == 1 and "answered 500" in broken.last_error
    assert broken.next_poll_at > timezone.now() + dt.timedelta(minutes=100)  # 60 min x 2
    not_a_feed.refresh_from_db()
    assert "not an RSS or Atom feed" in not_a_feed.last_error
    paper.refresh_from_db()
    assert paper.error_count == 0 and paper.last_error == "" and paper.items_found == 3

    # Second round: the collective's blog links the same article (another spelling of the URL).
    Feed.objects.filter(pk=blog.pk).update(next_poll_at=None)
    Feed.objects.filter(pk=paper.pk).update(next_poll_at=None, last_polled_at=None)
    poll_due_feeds.delay()
    wait_until(polled(paper, blog), timeout=30)
    assert IntakeItem.objects.count() == 4
    assert Feed.objects.get(pk=blog.pk).items_found == 1
    assert Feed.objects.get(pk=broken.pk).error_count == 1  # not due yet: left alone

    suggestions = {
        (s.item.title, s.site.slug, s.matched) for s in SiteSuggestion.objects.select_related("item", "site")
    }
    assert suggestions == {
        ("À BRIEC, le permis de l'entrepôt Amazon attaqué au tribunal", "briec", "briec"),
        ("Fret aérien : nouvelles extensions à Grace-Hollogne", "liege-airport", "grace-hollogne, liege airport"),
        ("Rassemblement devant la mairie de Briec samedi", "briec", "briec"),
    }
    assert not SiteSuggestion.objects.filter(item__title__contains="Briecville").exists()


def test_an_article_already_cited_is_not_suggested_again(celery_worker, live_server, fetch_from_test_server, briec):
    from apps.press.models import PressItem

    PressItem.objects.create(
        url="https://www.letelegramme.fr/finistere/briec/amazon-recours-tribunal.php", title="Already a source"
    )
    paper = feed(live_server, "local_paper.rss")
    poll_due_feeds.delay()
    wait_until(polled(paper), timeout=30)
    court = IntakeItem.objects.get(canonical_url__endswith="amazon-recours-tribunal.php")
    assert court.state == "accepted" and court.press_item.title == "Already a source"
    assert not court.suggestions.exists()
