"""Following by e-mail: double opt-in, no account, one-click unsubscribe; an address is never
shown back, and the answer never tells whether an address is already known."""

import re

import pytest
from django.test import Client

from apps.alerts import tokens
from apps.alerts.models import Delivery, DeliveryState, Subscriber, Subscription
from apps.core.models import OutboxMessage
from tests.factories import CollectiveFactory, EventFactory, SiteFactory

from .celery_testing import wait_until
from .helpers import follower, path_of

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_double_opt_in_from_the_site_page_form_to_the_first_alert(celery_worker, client, mailoutbox):
    site = SiteFactory(name="Amazon fulfilment centre Metz", slug="metz", municipality="Augny")

    response = client.post("/en/follow/subscribe/", {"email": "Neighbour@Example.net", "site": "metz"})
    assert response.status_code == 200
    assert "Check your inbox" in response.text
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None and subscription.site == site

    wait_until(lambda: len(mailoutbox) == 1)
    confirmation = mailoutbox[0]
    assert confirmation.to == ["neighbour@example.net"]
    assert "Amazon fulfilment centre Metz" in confirmation.subject
    confirm_path = path_of(re.search(r"https://hubwatch\.test/en/follow/confirm/\S+", confirmation.body).group(0))

    # Not confirmed yet: a published event is not sent.
    EventFactory(site=site, title="Before confirming")
    # Opening the link (or a mail scanner opening it) does not confirm; the button does.
    assert client.get(confirm_path).status_code == 200
    assert not Subscription.objects.confirmed().exists()
    response = client.post(confirm_path)
    assert response.status_code == 200
    assert "Subscription confirmed" in response.text
    assert Subscription.objects.confirmed().count() == 1

    EventFactory(site=site, title="After confirming")
    wait_until(lambda: len(mailoutbox) == 2)
    assert "After confirming" in mailoutbox[1].body
    assert "Before confirming" not in mailoutbox[1].body


def test_the_answer_is_the_same_for_a_new_a_pending_and_a_following_address(client):
    site = SiteFactory(slug="briec")
    follower("known@example.net", site=site)
    answers = [
        client.post("/en/follow/subscribe/", {"email": email, "site": "briec"})
        for email in ("known@example.net", "new@example.net", "new@example.net")
    ]
    assert {a.status_code for a in answers} == {200}
    bodies = {re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", a.text) for a in answers}
    assert len(bodies) == 1
    assert "example.net" not in bodies.pop()
    # One confirmation mail for the new address, none for the address already following,
    # and none again for the second request (no flooding somebody's inbox through the form).
    assert OutboxMessage.objects.filter(task="alerts.send_confirmation").count() == 1


def test_a_bot_filling_the_hidden_field_subscribes_nobody(client):
    response = client.post("/en/follow/subscribe/", {"email": "bot@example.net", "website": "http://spam.example"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"email": ""}, "This field is required."),
        ({"email": "a@example.net", "site": "no-such-site"}, "There is no site no-such-site."),
        ({"email": "a@example.net", "collective": "nobody"}, "There is no collective nobody."),
    ],
)
def test_bad_input_is_a_form_error_not_a_crash(client, data, message):
    response = client.post("/en/follow/subscribe/", data)
    assert response.status_code == 400
    assert message in response.text
    assert not Subscriber.objects.exists()


def test_follow_page_names_what_is_followed(client):
    site = SiteFactory(name="Cainiao eHub, Liège Airport", slug="liege-airport")
    collective = CollectiveFactory(name="Watching Alibaba", slug="watching-alibaba")
    assert "Follow every site by e-mail" in client.get("/en/follow/").text
    assert site.name in client.get("/en/follow/?site=liege-airport").text
    assert collective.name in client.get("/en/follow/?collective=watching-alibaba").text


def test_confirmation_links_that_are_tampered_with_or_expired_do_not_work(client, settings):
    subscription = follower(confirmed=False)
    token = tokens.confirm_token(subscription.pk)
    assert client.post(f"/en/follow/confirm/{token[:-2]}xx/").status_code == 400
    settings.ALERTS_CONFIRM_MAX_AGE = -1
    assert client.post(f"/en/follow/confirm/{token}/").status_code == 400
    assert not Subscription.objects.confirmed().exists()


def test_unsubscribe_is_one_click_and_also_accepts_the_mail_clients_post(client):
    site = SiteFactory()
    subscription = follower("leaving@example.net", site=site)
    follower("leaving@example.net")  # also follows everything
    Delivery.objects.create(subscriber=subscription.subscriber, event=EventFactory(site=site))
    path = f"/en/follow/unsubscribe/{tokens.unsubscribe_token(subscription.subscriber_id)}/"

    response = client.get(path)
    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    assert not Subscription.objects.confirmed().exists()
    assert Delivery.objects.get().state == DeliveryState.SKIPPED

    # RFC 8058: the mail client POSTs without a CSRF token; the signed token is enough.
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert strict.post("/en/follow/unsubscribe/forged/").status_code == 400


def test_links_in_mails_sent_before_the_addresses_had_a_language_still_work(client):
    subscription = follower("early@example.net")
    token = tokens.unsubscribe_token(subscription.subscriber_id)
    # The mail client's one-click POST cannot follow a redirect: the old address answers itself.
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/follow/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscription.objects.confirmed().exists()


def test_subscribing_again_after_leaving_asks_for_confirmation_again(client):
    subscription = follower("back@example.net")
    client.get(f"/en/follow/unsubscribe/{tokens.unsubscribe_token(subscription.subscriber_id)}/")
    client.post("/en/follow/subscribe/", {"email": "back@example.net"})
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None and subscription.unsubscribed_at is None
    assert OutboxMessage.objects.filter(task="alerts.send_confirmation").count() == 1


def test_the_admin_never_displays_subscriber_addresses(admin_client):
    site = SiteFactory()
    subscription = follower("private.person@example.net", site=site)
    Delivery.objects.create(subscriber=subscription.subscriber, event=EventFactory(site=site))
    pages = [
        "/admin/alerts/subscriber/",
        f"/admin/alerts/subscriber/{subscription.subscriber_id}/change/",
        "/admin/alerts/delivery/",
        "/admin/core/outboxmessage/",
    ]
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page
        assert "private.person" not in response.text, page
    # An erasure request: the editor types the exact address and finds the row; a part of it
    # finds nothing (no fishing for addresses).
    change = f"/admin/alerts/subscriber/{subscription.subscriber_id}/change/"
    assert change in admin_client.get("/admin/alerts/subscriber/", {"q": "private.person@example.net"}).text
    assert change not in admin_client.get("/admin/alerts/subscriber/", {"q": "private"}).text
