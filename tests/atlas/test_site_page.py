"""A site's page: its public record is rendered once per data version and language and cached
(apps/atlas/fragments.py); what differs per visitor is rendered on every request."""

import datetime as dt
import re
import uuid

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.sites.models import Claim, Status
from tests.factories import CollectiveFactory, EventFactory, PressItemFactory, SiteFactory, UserFactory

# Cached page: the site and the data version.
CACHED_QUERIES = 2


def _site_with(events: int):
    site = SiteFactory()
    collective = CollectiveFactory()
    site.oppositions.create(collective=collective, since=dt.date(2020, 1, 1))
    for i in range(events):
        event = EventFactory(site=site, title=f"Event {i}", status_after=Status.ANNOUNCED if i % 3 == 0 else None)
        event.sources.add(PressItemFactory(), PressItemFactory())
        event.collectives.add(collective, CollectiveFactory())
        PressItemFactory().sites.add(site)
        Claim.objects.create(
            site=site,
            figure="jobs" if i % 2 else "surface",
            statement=f"Claim {i}",
            claimant_kind="company",
            claimant="The developer",
            source=PressItemFactory(),
        )
    return site


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.django_db
def test_a_page_built_afresh_runs_the_same_queries_for_2_events_or_20(client):
    """The timeline, its sources and collectives, the claims and the press items are read in a
    fixed number of queries, whatever their number; a cached page in fewer still."""
    small, large = _site_with(2), _site_with(20)
    small_count, _html = _queries(client, small.get_absolute_url())
    large_count, html = _queries(client, large.get_absolute_url())
    assert small_count == large_count
    assert html.count('class="timeline-event') == 20 and "Claim 19" in html
    assert _queries(client, large.get_absolute_url())[0] == CACHED_QUERIES < large_count


@pytest.mark.django_db(transaction=True)
def test_a_second_visit_is_served_from_the_cache_and_a_new_event_shows_at_once(client):
    site = _site_with(3)
    url = site.get_absolute_url()
    built, first = _queries(client, url)
    cached, second = _queries(client, url)
    assert cached == CACHED_QUERIES < built
    assert _without_tokens(second) == _without_tokens(first)

    EventFactory(site=site, title="Council votes the permit down", status_after=Status.REFUSED)
    count, html = _queries(client, url)
    assert count == built
    assert "Council votes the permit down" in html
    assert "Refused" in html  # the site's status, kept by the database trigger
    assert _queries(client, url)[0] == CACHED_QUERIES


@pytest.mark.django_db(transaction=True)
def test_each_language_has_its_own_record(client):
    site = _site_with(1)
    french, english = f"/fr/sites/{site.slug}/", f"/en/sites/{site.slug}/"
    # The address decides the language, not the browser's.
    assert "Chronologie" in client.get(french, headers={"accept-language": "en"}).content.decode()
    assert "Timeline" in client.get(english, headers={"accept-language": "fr"}).content.decode()
    count, html = _queries(client, english)  # cached
    assert count == CACHED_QUERIES and "Timeline" in html and "Chronologie" not in html
    count, html = _queries(client, french)
    assert count == CACHED_QUERIES and "Chronologie" in html and "Timeline" not in html


@pytest.mark.django_db(transaction=True)
def test_a_write_shows_once_committed_not_before(client):
    """The data version moves when a write commits (apps/api/migrations/0002): a page cached while
    a write is in flight is the page without it, and the commit makes it show at once."""
    site = _site_with(1)
    event = site.events.get()
    url = site.get_absolute_url()
    _queries(client, url)
    assert _queries(client, url)[0] == CACHED_QUERIES

    writer = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        writer.ensure_connection()
        writer.connection.autocommit = False
        with writer.connection.cursor() as cursor:
            cursor.execute("UPDATE sites_event SET title_en = 'Renamed in flight' WHERE id = %s", [event.pk])
        count, html = _queries(client, url)
        assert count == CACHED_QUERIES and "Renamed in flight" not in html and event.title in html
        writer.connection.commit()
    finally:
        writer.close()

    count, html = _queries(client, url)
    assert count > CACHED_QUERIES and "Renamed in flight" in html
    assert _queries(client, url)[0] == CACHED_QUERIES


@pytest.mark.django_db(transaction=True)
def test_a_deleted_site_is_gone_even_with_its_record_cached(client):
    site = _site_with(1)
    url = site.get_absolute_url()
    client.get(url)
    assert _queries(client, url)[0] == CACHED_QUERIES
    site.deleted_at = timezone.now()
    site.save()
    assert client.get(url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_visitor_s_own_parts_are_not_cached(client):
    site = _site_with(1)
    url = site.get_absolute_url()
    anonymous = client.get(url).content.decode()
    assert "Moderation queue" not in anonymous and "Suggest a correction" in anonymous

    editor = UserFactory(is_staff=True)
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert "Moderation queue" in html and "Edit or delete entries" in html
    assert "Event 0" in html and "Log out" in html
    client.logout()
    assert "Moderation queue" not in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_record_round_trips_through_redis(client, settings):
    """The other tests here use an in-process cache (tests/atlas/conftest.py); the deployed one
    is Redis, through which the rendered fragments must come back as they went in."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL.rsplit("/", 1)[0] + "/1",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    from django.core.cache import cache

    site = _site_with(2)
    url = site.get_absolute_url()
    try:
        built, first = _queries(client, url)
        cached, second = _queries(client, url)
        assert cached == CACHED_QUERIES < built
        assert _without_tokens(second) == _without_tokens(first)
        assert "&lt;" not in second.split('<article class="site">')[1].split("</article>")[0]  # not escaped twice
    finally:  # this test's keys only: clear() would empty the whole Redis database
        redis = cache._cache.get_client(write=True)
        for key in redis.scan_iter(match=f"{cache.key_prefix}:*"):
            redis.delete(key)
