"""Stories in a real browser: reading the Liège story (scroll, #step-N, keys), the story without
JavaScript, axe on the reader, and writing one: an editor publishes a three-step story, a
coordinator's story waits in moderation."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from apps.accounts.models import Membership, Role
from apps.collectives.models import Collective
from apps.core.models import PublicationState
from apps.sites.models import Event, Site
from apps.stories.models import Story
from tests.conftest import TILE_PNG
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

from tests.atlas.conftest import _own_cache  # noqa: E402, F401  (the map data cache, per test)
from tests.e2e.axe import serious_violations  # noqa: E402

LIEGE = "/en/stories/alibaba-liege-airport-2018-2024/"
PASSWORD = "correct horse battery"


def slider_day(page) -> dt.date:
    """The day the time slider stands on (its value counts days from its first day)."""
    slider = page.locator("#timebar-slider")
    offset = int(slider.get_attribute("max")) - int(slider.input_value())
    return dt.date.today() - dt.timedelta(days=offset)


def open_story(page, live_server, path=LIEGE, fragment=""):
    page.goto(f"{live_server.url}{path}{fragment}")
    expect(page.locator("#story")).to_have_attribute("data-state", "ready", timeout=15000)


def liege_status(page):
    return page.locator('#story-sites li[data-slug="liege-airport"]')


def test_scrolling_moves_the_slider_and_the_status(page, live_server, reference_data):
    open_story(page, live_server)
    expect(page.locator("#story")).to_have_attribute("data-step", "1")
    expect(liege_status(page)).to_have_attribute("data-status", "announced")
    assert slider_day(page) == dt.date(2018, 12, 5)

    # Scrolling step 2 into the middle of the screen: the map replays to 30 September 2019.
    page.locator("#step-2").evaluate("node => node.scrollIntoView({block: 'start'})")
    page.mouse.wheel(0, 20)
    expect(page.locator("#story")).to_have_attribute("data-step", "2", timeout=5000)
    expect(page.locator("#map")).to_have_attribute("data-at", "2019-09-30", timeout=5000)
    assert slider_day(page) == dt.date(2019, 9, 30)
    expect(page.locator("#timebar-date")).to_have_text("September 30, 2019")
    # The Liège marker's status on that date, as its timeline gives it.
    expected = Site.objects.filter(slug="liege-airport").with_status_at(dt.date(2019, 9, 30)).get().status_at
    assert expected == "permit_requested"
    expect(liege_status(page)).to_have_attribute("data-status", expected)
    expect(liege_status(page)).to_contain_text("permit requested")
    assert page.url.endswith("#step-2")


def test_a_step_address_opens_on_that_step_and_keys_move(page, live_server, reference_data):
    open_story(page, live_server, fragment="#step-3")
    expect(page.locator("#story")).to_have_attribute("data-step", "3")
    expect(page.locator("#story-position")).to_have_text("Step 3 of 8")
    expect(page.locator("#map")).to_have_attribute("data-at", "2020-01-17")
    expect(page.locator("#step-3")).to_be_in_viewport()

    page.keyboard.press("ArrowRight")
    expect(page.locator("#story")).to_have_attribute("data-step", "4")
    expect(page.locator("#map")).to_have_attribute("data-at", "2020-03-31", timeout=5000)
    expect(liege_status(page)).to_have_attribute("data-status", "permit_granted")
    expect(page.locator("#step-4")).to_be_focused()
    assert page.url.endswith("#step-4")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#story")).to_have_attribute("data-step", "2")
    expect(page.locator("#map")).to_have_attribute("data-at", "2019-09-30", timeout=5000)

    page.get_by_role("button", name="Next step").click()
    expect(page.locator("#story")).to_have_attribute("data-step", "3")
    page.get_by_role("button", name="Previous step").click()
    expect(page.locator("#story")).to_have_attribute("data-step", "2")


def test_a_steps_filters_choose_the_sites_on_the_map(page, live_server, reference_data):
    """The Amazon story's steps show Amazon's French sites only (operator=amazon, country=FR),
    the last one only those refused or abandoned."""
    open_story(page, live_server, path="/en/stories/amazon-france-abandoned-refused/")
    amazon_fr = Site.objects.public().filter(country="FR").operated_by("amazon")
    expected = amazon_fr.with_status_at(dt.date(2019, 3, 1)).count()
    assert 0 < expected < Site.objects.public().with_status_at(dt.date(2019, 3, 1)).count()
    expect(page.locator("#map")).to_have_attribute("data-markers", str(expected))
    open_story(page, live_server, path="/en/stories/amazon-france-abandoned-refused/", fragment="#step-7")
    last = amazon_fr.with_status_at(dt.date(2022, 3, 24)).filter(status_at__in=["abandoned", "refused"])
    assert last.count() == 6
    expect(page.locator("#map")).to_have_attribute("data-markers", "6")
    expect(page.locator("#story-sites li")).to_have_count(6)


def test_on_a_phone(browser, live_server, reference_data):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.route("**/test-tiles/**", lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG))
    open_story(page, live_server, fragment="#step-5")
    expect(page.locator("#map")).to_be_in_viewport()
    expect(page.locator("#step-5 .step-title")).to_be_in_viewport()
    expect(liege_status(page)).to_have_attribute("data-status", "operational")
    page.get_by_role("button", name="Next step").tap()
    expect(page.locator("#story")).to_have_attribute("data-step", "6")
    context.close()


def test_without_javascript_the_story_is_its_list_of_steps(browser, live_server, reference_data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{LIEGE}")
    steps = page.locator("ol.story-steps > li")
    expect(steps).to_have_count(8)
    expect(page.locator(".story-map")).to_be_hidden()
    expect(steps.nth(1).locator("time").first).to_have_text("Sept. 30, 2019")
    expect(steps.nth(1)).to_contain_text("Cainiao applies for a single permit for a 30,000 m² air-freight hall")
    expect(steps.nth(1).locator(".step-sites")).to_contain_text("Permit requested")
    # Every step cites its events with their sources, as links to them.
    story = Story.objects.get(slug="alibaba-liege-airport-2018-2024")
    for index, step in enumerate(story.steps.order_by("position")):
        for event in step.events.all():
            for source in event.sources.public():
                if source.url:
                    expect(steps.nth(index).locator(f'.sources a[href="{source.url}"]').first).to_be_visible()
    context.close()


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which the site's CSP rightly forbids.
    return {**browser_context_args, "bypass_csp": True}


@pytest.mark.parametrize("path", ["/en/stories/", LIEGE, "/en/stories/amazon-france-abandoned-refused/"])
def test_axe_finds_no_serious_issue(page, live_server, reference_data, path):
    page.route("**/test-tiles/**", lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG))
    page.goto(f"{live_server.url}{path}")
    if path != "/en/stories/":
        expect(page.locator("#story")).to_have_attribute("data-state", "ready", timeout=15000)
    assert serious_violations(page) == []


# --- writing a story -------------------------------------------------------------------------
def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/en/accounts/login/?next=/en/stories/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("Stories")


def pick(page, field: str, search: str, label: str):
    page.locator(f"#id_{field}-search").fill(search)
    page.locator(f"#id_{field}-search ~ .picker-results .picker-add", has_text=label).first.click()


def add_step(page, *, title, text, when, site_search=None, site=None, event_search=None, event=None):
    page.get_by_role("link", name="Add a step").click()
    expect(page.locator("#step-map")).to_have_attribute("data-state", "ready", timeout=15000)
    page.locator("#id_title_en").fill(title)
    page.locator("#id_text_en").fill(text)
    page.locator("#id_when").fill(when)
    if site:
        pick(page, "site_slugs", site_search, site)
    if event:
        pick(page, "event_ids", event_search, event)
    # The view is set by moving the map: zoom in once and drag it.
    page.locator("#step-map .leaflet-control-zoom-in").click()
    box = page.locator("#step-map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 80, box["y"] + box["height"] / 2 + 40, steps=5)
    page.mouse.up()
    expect(page.locator("#id_zoom")).not_to_have_value("")
    expect(page.locator("#id_lat")).not_to_have_value("")
    page.get_by_role("button", name="Save the step").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved")


def test_an_editor_writes_and_publishes_a_three_step_story(page, live_server, reference_data):
    editor = UserFactory(is_staff=True, display_name="An editor")
    log_in(page, live_server, editor)
    page.get_by_role("link", name="Write a story").click()
    page.locator("#id_title").fill("Briec, from farmland to warehouse")
    page.locator("#id_slug").fill("briec-story")
    page.get_by_role("button", name="Start the story").click()
    expect(page.locator("#story-state")).to_contain_text("Draft")

    briec = Site.objects.get(slug="briec")
    first, second, third = list(briec.events.public().chronological().filter(status_after__isnull=False))[:3]
    for n, event in enumerate((first, second, third), start=1):
        add_step(
            page,
            title=f"Step {n}: {event.title}",
            text=f"What the record says in step {n}.",
            when=event.date.isoformat(),
            site_search="Briec",
            site="Briec",
            event_search=event.title_en[:20],
            event=event.title_en[:20],
        )
    expect(page.locator(".story-step-list > li")).to_have_count(3)

    # Reorder: step 3 up, then back down.
    page.get_by_role("button", name="Move up step 3").click()
    expect(page.locator(".story-step-list > li").nth(1)).to_contain_text("Step 3:")
    page.get_by_role("button", name="Move down step 2").click()
    expect(page.locator(".story-step-list > li").nth(2)).to_contain_text("Step 3:")

    # A draft is not public.
    assert not Story.objects.public().filter(slug="briec-story").exists()
    page.get_by_role("button", name="Publish the story").click()
    expect(page.locator("#story-state")).to_contain_text("Published")
    story = Story.objects.public().get(slug="briec-story")
    steps = list(story.steps.order_by("position"))
    assert [s.events.get() for s in steps] == [first, second, third]
    assert all(s.centre is not None and s.zoom for s in steps)
    assert story.history.count() >= 6  # created, three steps, two moves, published

    # The reader shows it, its steps' statuses replayed on their dates.
    page.goto(f"{live_server.url}/en/stories/")
    page.get_by_role("link", name="Briec, from farmland to warehouse").click()
    expect(page.locator("#story")).to_have_attribute("data-state", "ready", timeout=15000)
    expect(page.locator('#story-sites li[data-slug="briec"]')).to_have_attribute("data-status", first.status_after)
    page.keyboard.press("ArrowRight")
    expect(page.locator('#story-sites li[data-slug="briec"]')).to_have_attribute("data-status", second.status_after)
    # The site page links to it.
    page.goto(f"{live_server.url}/en/sites/briec/")
    expect(page.get_by_role("link", name="Briec, from farmland to warehouse")).to_be_visible()


def test_a_coordinators_story_waits_in_moderation(page, live_server, reference_data):
    collective = Collective.objects.get(slug="watching-alibaba")
    assert not collective.trusted
    coordinator = UserFactory(display_name="A coordinator")
    Membership.objects.create(user=coordinator, collective=collective, role=Role.COORDINATOR)
    log_in(page, live_server, coordinator)
    page.get_by_role("link", name="Write a story").click()
    page.locator("#id_title").fill("Our campaign against the hub")
    page.get_by_role("button", name="Start the story").click()
    event = Event.objects.public().get(site__slug="liege-airport", date="2020-01-17")
    add_step(
        page,
        title="The flash mob",
        text="About 50 people on Place Saint-Lambert.",
        when="2020-01-17",
        site_search="Liège",
        site="Liège Airport",
        event_search="flash mob",
        event="flash mob",
    )
    page.get_by_role("button", name="Submit for moderation").click()
    expect(page.locator("#story-state")).to_contain_text("Waiting for moderation")
    story = Story.objects.get(slug="our-campaign-against-the-hub")
    assert (story.state, story.draft, story.collective) == (PublicationState.PENDING, False, collective)
    assert list(story.steps.get().events.all()) == [event]
    # Not public: the list does not show it, its address is not found for a visitor.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/en/stories/")
    expect(page.get_by_role("link", name="Our campaign against the hub")).to_have_count(0)
    assert page.goto(f"{live_server.url}/en/stories/our-campaign-against-the-hub/").status == 404

    # An editor finds it in the queue and approves it.
    editor = UserFactory(is_staff=True)
    log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/en/moderation/")
    item = page.locator(f"#pending-story-{story.pk}")
    expect(item).to_contain_text("Our campaign against the hub")
    item.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved and published.")).to_be_visible()
    assert Story.objects.public().filter(pk=story.pk).exists()
