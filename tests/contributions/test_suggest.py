"""Visitors' "suggest a correction": moderated, rate-limited, with a honeypot."""

import pytest
from django.urls import reverse

from apps.contributions.models import Suggestion
from apps.contributions.views.suggest import SUGGESTIONS_PER_HOUR

pytestmark = pytest.mark.django_db


def suggest(client, world, remote_addr="127.0.0.1", **overrides):
    data = {"message": "The permit was cancelled in March.", "source_url": "https://example.org/a", "email": ""}
    data.update(overrides)
    url = reverse("contributions:suggest", kwargs={"slug": world.site_a.slug})
    return client.post(url, data, REMOTE_ADDR=remote_addr)


def test_a_suggestion_goes_to_the_editors_not_online(client, world):
    assert suggest(client, world).status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.site == world.site_a
    assert "127.0.0.1" not in suggestion.sender_hash
    client.force_login(world.users["editor"])
    assert "The permit was cancelled in March." in client.get(reverse("contributions:moderation")).content.decode()


def test_the_honeypot_keeps_robots_out(client, world):
    assert suggest(client, world, website="http://spam.example").status_code == 302
    assert not Suggestion.objects.exists()


def test_suggestions_are_rate_limited(client, world):
    for _ in range(SUGGESTIONS_PER_HOUR):
        assert suggest(client, world).status_code == 302
    response = suggest(client, world)
    assert response.status_code == 429
    assert "try again later" in response.content.decode()
    assert Suggestion.objects.count() == SUGGESTIONS_PER_HOUR
    # Another address is not affected.
    assert suggest(client, world, remote_addr="192.0.2.7").status_code == 302


def test_source_must_be_a_web_address(client, world):
    response = suggest(client, world, source_url="javascript:alert(1)")
    assert response.status_code == 200
    assert not Suggestion.objects.exists()
