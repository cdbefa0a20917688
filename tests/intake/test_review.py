"""A member or an editor confirms a suggestion in one click; nobody else can. Members see and
confirm only the sites their collective opposes; what they confirm is published at once for a
trusted collective and waits for moderation otherwise, like any contribution."""

import pytest

from apps.accounts.models import Membership, Role
from apps.collectives.models import Opposition
from apps.intake.models import IntakeItem, SiteSuggestion
from apps.press.models import PressItem
from tests.factories import CollectiveFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion(briec):
    item = IntakeItem.objects.create(
        canonical_url="https://letelegramme.fr/briec",
        url="https://www.letelegramme.fr/briec?utm_source=rss",
        origin="feed",
        title="À Briec, le recours",
        outlet="Le Télégramme",
        language="fr",
        excerpt="Recours déposé.",
    )
    return SiteSuggestion.objects.create(item=item, site=briec, matched="briec")


def member_of(site, *, trusted=True, role=Role.MEMBER):
    collective = CollectiveFactory(trusted=trusted)
    Opposition.objects.create(collective=collective, site=site)
    user = UserFactory()
    Membership.objects.create(user=user, collective=collective, role=role)
    return user


@pytest.fixture
def member(briec):
    """A member of a trusted collective opposing Briec."""
    return member_of(briec)


def test_one_click_makes_the_article_a_source_of_the_site(client, member, suggestion, briec):
    client.force_login(member)
    queue = client.get("/en/intake/").text
    assert "À Briec, le recours" in queue and f"/en/intake/suggestions/{suggestion.pk}/confirm/" in queue

    response = client.post(f"/en/intake/suggestions/{suggestion.pk}/confirm/")
    assert response.status_code == 302
    press = PressItem.objects.get()
    assert press.title == "À Briec, le recours" and press.outlet == "Le Télégramme"
    assert list(press.sites.all()) == [briec]
    assert press.created_by == member
    assert press.state == "published" and press.collective.memberships.filter(user=member).exists()
    suggestion.refresh_from_db()
    assert suggestion.state == "confirmed" and suggestion.decided_by == member
    assert f"/en/intake/suggestions/{suggestion.pk}/confirm/" not in client.get("/en/intake/").text  # left the queue


def test_confirming_twice_links_once(client, member, suggestion):
    client.force_login(member)
    client.post(f"/en/intake/suggestions/{suggestion.pk}/confirm/")
    client.post(f"/en/intake/suggestions/{suggestion.pk}/confirm/")
    assert PressItem.objects.count() == 1 and PressItem.objects.get().sites.count() == 1


def test_dismissing_removes_it_from_the_queue(client, member, suggestion):
    client.force_login(member)
    client.post(f"/en/intake/items/{suggestion.item_id}/dismiss/")
    assert not PressItem.objects.exists()
    assert f"/en/intake/suggestions/{suggestion.pk}/confirm/" not in client.get("/en/intake/").text


def test_anonymous_visitors_and_plain_accounts_cannot_decide(client, django_user_model, suggestion):
    confirm = f"/en/intake/suggestions/{suggestion.pk}/confirm/"
    response = client.post(confirm)
    assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.post(confirm).status_code == 403
    assert client.get("/en/intake/").status_code == 403
    assert client.post("/en/intake/add/", {"url": "https://example.org/"}).status_code == 403
    assert client.get("/en/intake/feeds/").status_code == 403
    assert not PressItem.objects.exists()


def test_confirm_needs_a_post(client, member, suggestion):
    client.force_login(member)
    assert client.get(f"/en/intake/suggestions/{suggestion.pk}/confirm/").status_code == 405


def test_an_editor_registers_a_feed_with_a_clear_error_for_a_bad_address(admin_client):
    response = admin_client.post("/en/intake/feeds/", {"url": "file:///etc/passwd", "interval_minutes": 60})
    assert response.status_code == 400
    response = admin_client.post("/en/intake/feeds/", {"url": "https://blog.example.org/feed", "interval_minutes": 60})
    assert response.status_code == 302
    assert "https://blog.example.org/feed" in admin_client.get("/en/intake/feeds/").text


def test_an_untrusted_collectives_confirmation_waits_for_an_editor(client, suggestion, briec):
    client.force_login(member_of(briec, trusted=False))
    client.post(f"/en/intake/suggestions/{suggestion.pk}/confirm/")
    press = PressItem.objects.get()
    assert press.state == "pending"
    assert not PressItem.objects.public().exists()


def test_a_member_of_another_collective_neither_sees_nor_confirms(client, suggestion, liege):
    client.force_login(member_of(liege))
    assert f"/en/intake/suggestions/{suggestion.pk}/confirm/" not in client.get("/en/intake/").text
    assert client.post(f"/en/intake/suggestions/{suggestion.pk}/confirm/").status_code == 403
    assert client.post(f"/en/intake/suggestions/{suggestion.pk}/reject/").status_code == 403
    client.post(f"/en/intake/items/{suggestion.item_id}/dismiss/")  # touches only their own sites
    suggestion.refresh_from_db()
    assert suggestion.state == "proposed"
    assert not PressItem.objects.exists()


def test_coordinators_and_editors_register_feeds_members_do_not(client, briec):
    client.force_login(member_of(briec))
    assert client.get("/en/intake/feeds/").status_code == 403
    client.force_login(member_of(briec, role=Role.COORDINATOR))
    assert client.get("/en/intake/feeds/").status_code == 200
