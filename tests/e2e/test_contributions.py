"""A collective updates its site in a real browser: log in, add a sourced court ruling that sets
the status, and see it on the site page, the history, the map popup and the Atom feed; a member
of another collective is refused; an untrusted collective's event waits for an editor."""

import re

import feedparser
import pytest
from playwright.sync_api import expect

from apps.accounts.models import Membership, Role
from apps.collectives.models import Collective
from apps.core.models import PublicationState
from apps.sites.models import Event, Site
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
SITE = "ensisheim"
DAY = "2026-11-20"
RULING = "Strasbourg administrative court annuls the building permit"


def member_of(slug: str, display_name: str, *, trusted: bool):
    collective = Collective.objects.get(slug=slug)
    collective.trusted = trusted
    collective.save()
    user = UserFactory(display_name=display_name)
    Membership.objects.create(user=user, collective=collective, role=Role.MEMBER)
    return user


def log_in(page, live_server, user, next_url="/"):
    page.goto(f"{live_server.url}/en/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def add_ruling(page, live_server, title, source_url):
    page.goto(f"{live_server.url}/en/sites/{SITE}/")
    page.get_by_role("link", name="Add an event").click()
    expect(page.locator("h1")).to_have_text("Add an event to the timeline")
    page.locator("#id_when").fill(DAY)
    page.locator("#id_kind").select_option("court_ruling")
    page.locator("#id_title").fill(title)
    page.locator("#id_description").fill("The court found the impact study on farmland insufficient.")
    # First without any source: refused, and what was typed stays.
    page.locator("#id_status_after").select_option("refused")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("A status change needs a source")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value(title)
    page.locator("#id_source_url").fill(source_url)
    page.locator("#id_source_title").fill("Ensisheim : le permis de construire annulé")
    page.locator("#id_source_outlet").fill("DNA")
    page.get_by_role("button", name="Save").click()


def test_member_updates_the_site_and_it_shows_everywhere(page, live_server, reference_data):
    member = member_of("chaudron-des-alternatives", "Chaudron (Ensisheim)", trusted=True)
    log_in(page, live_server, member, f"/en/sites/{SITE}/")
    add_ruling(page, live_server, RULING, "https://www.dna.fr/ensisheim-permis-annule")

    # The site page: message, new status, the event with its source.
    expect(page).to_have_url(f"{live_server.url}/en/sites/{SITE}/#site-actions")
    expect(page.get_by_text("Saved and published.")).to_be_visible()
    expect(page.locator(".site-status")).to_contain_text("Refused")
    expect(page.locator(".timeline")).to_contain_text(RULING)
    expect(
        page.locator(".timeline").get_by_role("link", name=re.compile("le permis de construire annulé"))
    ).to_be_visible()
    assert Site.objects.get(slug=SITE).status == "refused"

    # The public history: who (display name only) and what changed.
    page.get_by_role("link", name="History of changes").click()
    entry = page.locator(".history-entry", has_text=f"Event: {RULING}")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Chaudron (Ensisheim)")
    expect(entry).to_contain_text("le permis de construire annulé")  # its source, in the same entry
    expect(entry).to_contain_text(re.compile("refused", re.I))
    assert member.email not in page.content()

    # The Atom feed of the site.
    feed = feedparser.parse(page.request.get(f"{live_server.url}/en/sites/{SITE}/feed/").body())
    assert any(RULING in e.title for e in feed.entries)

    # The map: its data and the marker's popup.
    data = page.request.get(f"{live_server.url}/map/sites.json").json()
    rows = [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]
    row = next(r for r in rows if r["slug"] == SITE)
    assert row["history"][-1][2] == "refused"
    site = Site.objects.get(slug=SITE)
    page.goto(f"{live_server.url}/en/?lat={site.location.y}&lon={site.location.x}&z=14")
    expect(page.locator("#map")).to_have_attribute("data-state", "ready", timeout=15000)
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text(site.name)
    expect(popup.locator(".popup-status")).to_contain_text(re.compile("refused", re.I))
    # The public record's labelled properties: the collectives opposing it, by name.
    expect(popup.locator(".popup-collectives")).to_contain_text("Opposed by:")
    expect(popup.locator(".popup-collectives")).to_contain_text(re.compile("Chaudron", re.I))


def test_member_of_another_collective_is_refused(page, live_server, reference_data):
    outsider = member_of("watching-alibaba", "Watching Alibaba member", trusted=True)
    log_in(page, live_server, outsider)
    response = page.goto(f"{live_server.url}/en/sites/{SITE}/events/add/")
    assert response.status == 403
    expect(page.locator("main")).to_contain_text("Only members of a collective opposing this site")
    # Nor is the form offered on the site page.
    page.goto(f"{live_server.url}/en/sites/{SITE}/")
    expect(page.get_by_role("link", name="Add an event")).to_have_count(0)
    expect(page.get_by_role("link", name="Suggest a correction")).to_be_visible()


def test_untrusted_collective_waits_for_an_editor(page, live_server, reference_data):
    member = member_of("rucssa", "RUCSSA member", trusted=False)
    status_before = Site.objects.get(slug=SITE).status
    log_in(page, live_server, member, f"/en/sites/{SITE}/")
    add_ruling(page, live_server, "Court ruling reported by RUCSSA", "https://www.lalsace.fr/ensisheim-jugement")
    expect(page.get_by_text("An editor will review it before it is published.")).to_be_visible()
    expect(page.locator(".timeline")).not_to_contain_text("Court ruling reported by RUCSSA")
    assert Site.objects.get(slug=SITE).status == status_before
    page.goto(f"{live_server.url}/en/contribute/")
    expect(page.locator("main")).to_contain_text("Court ruling reported by RUCSSA")

    page.context.clear_cookies()
    editor = UserFactory(is_staff=True, display_name="Editor")
    log_in(page, live_server, editor, "/en/moderation/")
    item = page.locator(".queue-item", has_text="Court ruling reported by RUCSSA")
    expect(item).to_contain_text("https://www.lalsace.fr/ensisheim-jugement")
    item.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved and published.")).to_be_visible()

    event = Event.objects.get(title_en="Court ruling reported by RUCSSA")
    assert event.state == PublicationState.PUBLISHED
    page.goto(f"{live_server.url}/en/sites/{SITE}/")
    expect(page.locator(".timeline")).to_contain_text("Court ruling reported by RUCSSA")
    expect(page.locator(".site-status")).to_contain_text("Refused")
    # Its new source was approved with it and is shown.
    source = page.locator(".timeline").get_by_role("link", name=re.compile("le permis de construire annulé"))
    expect(source).to_have_attribute("href", "https://www.lalsace.fr/ensisheim-jugement")
