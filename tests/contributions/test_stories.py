"""Writing stories: who may (editors; coordinators for the sites their collective opposes), what
is checked (the view, the sites, the events from before the step's date, the filters), the
moderation of coordinators' stories, reordering and the history."""

import datetime as dt

import pytest
from django.urls import reverse

from apps.core.models import PublicationState
from apps.stories.models import Story, StoryStep

from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world(trusted_a=False)


def start(client, user, title="A story", **extra):
    client.force_login(user)
    data = {"text_language": "en", "title": title, "title_translation": "", "summary": "", "summary_translation": ""}
    return client.post(reverse("contributions:story-new"), {**data, **extra})


def step_data(**overrides):
    data = {"title_en": "A step", "text_en": "What happened.", "when": "2024-03", "lat": "47.9", "lon": "7.35"}
    data.update(zoom="10", site_slugs="", event_ids="")
    data.update(overrides)
    return data


def test_who_may_start_a_story(client, world):
    assert start(client, world.users["member"]).status_code == 403
    response = start(client, world.users["coordinator"], collective=world.collective_a.pk)
    story = Story.objects.get()
    assert response.url == reverse("contributions:story-edit", kwargs={"slug": story.slug})
    assert (story.slug, story.draft, story.collective, story.created_by) == (
        "a-story",
        True,
        world.collective_a,
        world.users["coordinator"],
    )
    # A coordinator writes for their own collective only.
    response = start(client, world.users["coordinator"], title="Another", collective=world.collective_b.pk)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_a_coordinator_may_only_highlight_the_sites_their_collective_opposes(client, world):
    start(client, world.users["coordinator"], collective=world.collective_a.pk)
    story = Story.objects.get()
    url = reverse("contributions:story-step-add", kwargs={"slug": story.slug})
    response = client.post(url, step_data(site_slugs=world.site_b.slug))
    assert response.status_code == 200
    assert "Not a site this story may highlight: liege-test." in response.content.decode()
    when = f"{world.event_a.date.year + 1}-03"
    response = client.post(url, step_data(when=when, site_slugs=world.site_a.slug, event_ids=str(world.event_a.pk)))
    assert response.status_code == 302
    step = story.steps.get()
    assert list(step.sites.all()) == [world.site_a] and list(step.events.all()) == [world.event_a]
    assert (step.date, step.date_precision) == (dt.date(world.event_a.date.year + 1, 3, 1), "month")
    # Nobody else's story may be edited by them.
    other = Story.objects.create(slug="theirs", title_en="Theirs", collective=world.collective_b)
    assert client.get(reverse("contributions:story-edit", kwargs={"slug": other.slug})).status_code == 403


def test_a_step_is_checked(client, world):
    client.force_login(world.users["editor"])
    story = Story.objects.create(slug="s", title_en="S")
    url = reverse("contributions:story-step-add", kwargs={"slug": story.slug})
    late = world.event_a.date + dt.timedelta(days=400)
    cases = {
        "centre and zoom (move the map)": step_data(zoom=""),
        "Pick the sites to fit": step_data(lat="", lon="", zoom="", fit_sites="on"),
        "come after the step": step_data(
            when=(world.event_a.date - dt.timedelta(days=1)).isoformat(), event_ids=str(world.event_a.pk)
        ),
        "No published event numbered 999999": step_data(event_ids="999999"),
        f"No published event numbered {world.pending_a.pk}": step_data(event_ids=str(world.pending_a.pk)),
        "status: unknown value": step_data(status="bogus"),
        "Write the date as": step_data(when="March 2024"),
    }
    for message, data in cases.items():
        response = client.post(url, data)
        assert response.status_code == 200, message
        assert message in response.content.decode(), message
    assert not story.steps.exists()
    response = client.post(url, step_data(when=late.isoformat(), status=["abandoned", "refused"], operator=""))
    assert response.status_code == 302
    assert story.steps.get().filters == {"status": "abandoned,refused"}


def test_a_coordinators_story_waits_for_an_editor_and_editors_publish_at_once(client, world):
    start(client, world.users["coordinator"], collective=world.collective_a.pk)
    story = Story.objects.get()
    publish = reverse("contributions:story-publish", kwargs={"slug": story.slug})
    client.post(publish, {"version": story.version})
    story.refresh_from_db()
    assert story.draft  # no step yet: refused
    client.post(
        reverse("contributions:story-step-add", kwargs={"slug": story.slug}), step_data(site_slugs=world.site_a.slug)
    )
    story.refresh_from_db()
    client.post(publish, {"version": story.version})
    story.refresh_from_db()
    assert (story.draft, story.state) == (False, PublicationState.PENDING)
    assert not Story.objects.public().exists()
    assert client.get(story.get_absolute_url()).status_code == 200  # its author previews it
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert client.get(reverse("story-embed", kwargs={"slug": story.slug})).status_code == 404

    client.force_login(world.users["editor"])
    queue = client.get(reverse("contributions:moderation")).content.decode()
    assert f'id="pending-story-{story.pk}"' in queue
    assert f'href="{story.get_absolute_url()}">Preview the story</a>' in queue
    client.post(reverse("contributions:approve", kwargs={"kind": "story", "pk": story.pk}), {"version": story.version})
    assert Story.objects.public().get() == story

    # The editor's own story: published at once.
    client.post(reverse("contributions:story-new"), {"text_language": "en", "title": "Editor's", "slug": "eds"})
    mine = Story.objects.get(slug="eds")
    client.post(
        reverse("contributions:story-step-add", kwargs={"slug": "eds"}), step_data(site_slugs=world.site_b.slug)
    )
    mine.refresh_from_db()
    client.post(reverse("contributions:story-publish", kwargs={"slug": "eds"}), {"version": mine.version})
    assert Story.objects.public().filter(slug="eds").exists()


def test_reordering_and_deleting_steps_keep_the_history(client, world):
    client.force_login(world.users["editor"])
    story = Story.objects.create(slug="s", title_en="S", draft=False, state=PublicationState.PUBLISHED)
    for n in (1, 2, 3):
        client.post(reverse("contributions:story-step-add", kwargs={"slug": "s"}), step_data(title_en=f"Step {n}"))
    titles = lambda: list(story.steps.order_by("position").values_list("title_en", flat=True))  # noqa: E731
    assert titles() == ["Step 1", "Step 2", "Step 3"]
    third = story.steps.get(title_en="Step 3")
    client.post(reverse("contributions:story-step-move", kwargs={"slug": "s", "pk": third.pk}), {"action": "up"})
    assert titles() == ["Step 1", "Step 3", "Step 2"]
    first = story.steps.get(title_en="Step 1")
    client.post(reverse("contributions:story-step-move", kwargs={"slug": "s", "pk": first.pk}), {"action": "delete"})
    assert titles() == ["Step 3", "Step 2"]
    assert list(story.steps.order_by("position").values_list("position", flat=True)) == [1, 2]
    story.refresh_from_db()
    reasons = list(story.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["Step 3 moved up", "Step 1 deleted"]
    # The deleted step stays in its own history.
    assert StoryStep.history.filter(id=first.pk, history_type="-").exists()
