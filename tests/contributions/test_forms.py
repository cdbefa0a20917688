"""The contribution forms: sources, dates with precision, errors that say what is wrong."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from apps.press.models import PressItem
from apps.sites.models import Event

from .world import event_data

pytestmark = pytest.mark.django_db


def add_event(client, world, role="member", **overrides):
    client.force_login(world.users[role])
    return client.post(
        reverse("contributions:add-event", kwargs={"slug": world.site_a.slug}), event_data(world, **overrides)
    )


def test_a_status_change_without_a_source_is_refused_and_what_was_typed_is_kept(client, world):
    before = Event.objects.count()
    response = add_event(client, world, sources=[], status_after="refused", title="Permit cancelled <b>today</b>")
    assert response.status_code == 200
    html = response.content.decode()
    assert "A status change needs a source" in html
    # What the member typed is still in the form, escaped.
    assert "Permit cancelled &lt;b&gt;today&lt;/b&gt;" in html
    assert "The court found the impact study insufficient." in html
    assert Event.objects.count() == before


def test_errors_are_in_the_readers_language(client, world):
    client.force_login(world.users["member"])
    with translation.override("fr"):
        response = client.post(
            reverse("contributions:add-event", kwargs={"slug": world.site_a.slug}),
            event_data(world, when="15/03/2024"),
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()
    # Django's own message for a required field, translated: proves the form renders in French.
    response = client.post(f"/fr/sites/{world.site_a.slug}/events/add/", event_data(world, title=""))
    assert "Ce champ est obligatoire." in response.content.decode()


def test_dates_keep_their_precision(client, world):
    response = add_event(client, world, when="2021-06", title="Month only")
    assert response.status_code == 302
    event = Event.objects.get(title_en="Month only")
    assert (event.date, event.date_precision) == (dt.date(2021, 6, 1), "month")


def test_a_malformed_date_says_how_to_write_it(client, world):
    response = add_event(client, world, when="next spring")
    assert "Write the date as 2024-03-15, 2024-03 or 2024" in response.content.decode()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/file", "data:text/html,hi"])
def test_only_web_addresses_are_accepted_as_sources(client, world, url):
    response = add_event(client, world, sources=[], source_url=url, source_title="x")
    assert response.status_code == 200
    assert "starting with http:// or https://" in response.content.decode()
    assert not PressItem.objects.filter(url=url).exists()


def test_a_new_source_url_becomes_a_press_item_of_the_site(client, world):
    response = add_event(
        client,
        world,
        sources=[],
        source_url="https://www.lalsace.fr/ensisheim-permis",
        source_title="Le permis annulé",
        status_after="refused",
    )
    assert response.status_code == 302
    event = Event.objects.get(title_en="Administrative court cancels the permit")
    item = event.sources.get()
    assert item.url == "https://www.lalsace.fr/ensisheim-permis"
    assert world.site_a in item.sites.all()
    assert item.created_by == world.users["member"]


def test_event_text_is_escaped_on_the_history_page(client, world):
    add_event(client, world, title='<script>alert("x")</script>')
    response = client.get(reverse("contributions:site-history", kwargs={"slug": world.site_a.slug}))
    html = response.content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
