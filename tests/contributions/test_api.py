"""API writes: anonymous refused, authenticated writes follow the same rules as the forms."""

import pytest
from django.urls import reverse

from apps.sites.models import Event

from .world import event_data

pytestmark = pytest.mark.django_db


def url(site):
    return reverse("api:site-events", kwargs={"slug": site.slug})


def test_anonymous_cannot_write(client, world):
    response = client.post(url(world.site_a), event_data(world), content_type="application/json")
    assert response.status_code in (401, 403)
    assert not Event.objects.filter(title_en="Administrative court cancels the permit").exists()


def test_member_adds_an_event_to_their_site(client, world):
    client.force_login(world.users["member"])
    response = client.post(url(world.site_a), event_data(world, when="2024-03"), content_type="application/json")
    assert response.status_code == 201, response.content
    event = Event.objects.get(pk=response.json()["id"])
    assert (event.date_precision, event.site, event.collective) == ("month", world.site_a, world.collective_a)
    assert response.json()["state"] == "published"


def test_member_of_another_collective_gets_403(client, world):
    client.force_login(world.users["member_other"])
    response = client.post(url(world.site_a), event_data(world), content_type="application/json")
    assert response.status_code == 403


def test_bad_input_is_a_400_naming_the_field(client, world):
    client.force_login(world.users["member"])
    response = client.post(
        url(world.site_a), event_data(world, sources=[], status_after="refused"), content_type="application/json"
    )
    assert response.status_code == 400
    assert "sources" in response.json()["errors"]
    response = client.post(url(world.site_a), "[1, 2]", content_type="application/json")
    assert response.status_code == 400


def test_csrf_is_enforced_for_session_writes(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["member"])
    response = client.post(url(world.site_a), event_data(world), content_type="application/json")
    assert response.status_code == 403
