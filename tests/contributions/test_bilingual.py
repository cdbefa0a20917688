"""A member writes in either language and says which; an editor adds the other language, which
is versioned; moderation shows both languages side by side."""

import pytest
from django.urls import reverse

from apps.sites.models import Event

from .world import build_world, event_data

pytestmark = pytest.mark.django_db


def test_member_writes_in_french_and_says_so(client, world):
    client.force_login(world.users["member"])
    url = reverse("contributions:add-event", kwargs={"slug": world.site_a.slug})
    data = event_data(world, title="Rassemblement devant la mairie", description="Environ 80 personnes.")
    data["text_language"] = "fr"
    assert client.post(url, data).status_code == 302
    event = Event.objects.get(title_fr="Rassemblement devant la mairie")
    assert (event.text_language, event.title_en, event.description_fr) == ("fr", "", "Environ 80 personnes.")
    assert not event.translation_reviewed


def test_editor_adds_the_translation_and_it_is_versioned(client, world):
    event = world.event_a
    client.force_login(world.users["editor"])
    url = reverse("contributions:edit", kwargs={"kind": "event", "pk": event.pk})
    data = event_data(
        world,
        when=event.date.isoformat(),
        kind=event.kind,
        version=event.version,
        title=event.title_en,
        title_translation="Traduction par un éditeur",
    )
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert (event.title_fr, event.translation_reviewed) == ("Traduction par un éditeur", True)
    assert event.translation_updated is not None
    history = list(event.history.order_by("history_id").values_list("title_fr", flat=True))
    assert history[-1] == "Traduction par un éditeur"


def test_moderation_shows_both_languages(client, db):
    world = build_world(trusted_a=False)
    client.force_login(world.users["member"])
    data = event_data(world, title="Hearing at the prefecture", title_translation="Audience en préfecture")
    client.post(reverse("contributions:add-event", kwargs={"slug": world.site_a.slug}), data)
    client.force_login(world.users["editor"])
    html = client.get(reverse("contributions:moderation")).content.decode()
    assert '<section lang="en">' in html and '<section lang="fr">' in html
    assert "Hearing at the prefecture" in html and "Audience en préfecture" in html
