"""A visitor follows a site by e-mail in a real browser, confirms from the link in the mail,
and gets the next event; the unsubscribe link in that mail works in one click. The mails are
sent by a real Celery worker."""

import re

import pytest
from django.db import transaction
from playwright.sync_api import expect

from tests.alerts.celery_testing import wait_until
from tests.alerts.conftest import celery_worker, fast_alerts  # noqa: F401 - the real worker
from tests.factories import EventFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.mark.usefixtures("celery_worker")
def test_follow_confirm_receive_unsubscribe(page, live_server, mailoutbox):
    site = SiteFactory(name="Amazon distribution centre project, Montbert", slug="montbert", municipality="Montbert")

    page.goto(f"{live_server.url}/follow/?site=montbert")
    expect(page.get_by_role("heading", name="Follow this site by e-mail")).to_be_visible()
    page.get_by_label("Your e-mail address").fill("not an address")
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()
    page.get_by_label("Your e-mail address").fill("riverain@example.net")
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("riverain@example.net")

    wait_until(lambda: len(mailoutbox) == 1)
    confirm = re.search(r"https?://\S+/follow/confirm/\S+", mailoutbox[0].body).group(0)
    page.goto(live_server.url + _path(confirm))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Subscription confirmed")).to_be_visible()

    with transaction.atomic():
        EventFactory(site=site, title="The prefect refuses the environmental permit")
    wait_until(lambda: len(mailoutbox) == 2)
    alert = mailoutbox[1]
    assert "The prefect refuses the environmental permit" in alert.body
    unsubscribe = re.search(r"https?://\S+/follow/unsubscribe/\S+", alert.body).group(0)
    page.goto(live_server.url + _path(unsubscribe))
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
