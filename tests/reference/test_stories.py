"""The reference stories say only what the record says: each step's highlighted sites had, on
the step's date, the status the step states (read from their timelines), and each cited event
is a published, sourced fact of a highlighted site from before the step's date."""

import shutil

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.sites.models import Event, Site
from apps.stories.models import Story

pytestmark = pytest.mark.django_db

REFERENCE = settings.BASE_DIR / "fixtures" / "reference"
STORIES = yaml.safe_load((REFERENCE / "stories.yaml").read_text(encoding="utf-8"))


def timeline_status(site: Site, day):
    """The site's status on `day` straight from its timeline: its latest status change by then."""
    latest = (
        Event.objects.public()
        .filter(site=site, status_after__isnull=False, date__lte=day)
        .order_by("-date", "-id")
        .first()
    )
    return latest.status_after if latest else None


def test_both_reference_stories_are_published_in_both_languages(reference_data):
    liege = Story.objects.public().get(slug="alibaba-liege-airport-2018-2024")
    amazon = Story.objects.public().get(slug="amazon-france-abandoned-refused")
    assert liege.title_en == "Alibaba at Liège Airport, 2018–2024"
    assert amazon.title_en == "Amazon in France: the projects that were abandoned or refused"
    for story in (liege, amazon):
        assert story.title_fr and story.summary_en and story.summary_fr
        assert story.history.exists()
        for step in story.steps.all():
            assert step.title_en and step.title_fr and step.text_en and step.text_fr, step
            assert step.history.exists()


@pytest.mark.parametrize("record", STORIES, ids=[s["slug"] for s in STORIES])
def test_each_steps_statuses_are_those_of_the_timelines(reference_data, record):
    story = Story.objects.get(slug=record["slug"])
    steps = list(story.steps.order_by("position").prefetch_related("sites", "events"))
    assert len(steps) == len(record["steps"])
    for step, stated in zip(steps, record["steps"], strict=True):
        highlighted = list(step.sites.all())
        assert highlighted, f"{step}: highlights no site"
        # The story states a status for every site it highlights...
        assert set(stated["statuses"]) == {site.slug for site in highlighted}, step
        on_the_day = dict(
            Site.objects.filter(pk__in=[s.pk for s in highlighted])
            .with_status_at(step.date)
            .values_list("slug", "status_at")
        )
        for site in highlighted:
            # ...which is the one the timeline gives on the step's date, as the map shows it.
            assert stated["statuses"][site.slug] == timeline_status(site, step.date), (step, site.slug)
            assert on_the_day.get(site.slug) == timeline_status(site, step.date), (step, site.slug)


def test_each_cited_event_is_a_sourced_fact_of_the_step_from_before_its_date(reference_data):
    for step in Story.objects.get(slug="alibaba-liege-airport-2018-2024").steps.all():
        assert step.events.exists(), step
    for story in Story.objects.public():
        for step in story.steps.prefetch_related("events__sources", "sites"):
            sites = set(step.sites.all())
            for event in step.events.all():
                assert event.state == "published" and event.deleted_at is None
                assert event.date <= step.date, (step, event)
                assert event.site in sites, (step, event)
                assert event.sources.public().exists(), event


def test_a_step_stating_another_status_than_the_timeline_is_refused(tmp_path, db):
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE, directory)
    broken = yaml.safe_load((directory / "stories.yaml").read_text(encoding="utf-8"))
    broken[0]["steps"][1]["statuses"] = {"liege-airport": "operational"}  # 30 September 2019: not yet
    broken[1]["steps"][0]["events"][0]["date"] = "2019-04"  # no such event that day
    (directory / "stories.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load_reference_data", dir=str(directory))
    message = str(error.value)
    assert (
        "step 2: states 'liege-airport' is 'operational' on 2019-09-30, but its timeline gives 'permit_requested'"
        in message
    )
    assert "cites no known event" in message
    assert not Story.objects.exists() and not Site.objects.exists()


def test_loading_the_stories_twice_changes_nothing(reference_data):
    from apps.reference.loader import load

    before = {s.slug: s.version for s in Story.objects.all()}
    report = load(REFERENCE)
    assert not report.changed, report.summary()
    assert {s.slug: s.version for s in Story.objects.all()} == before
