"""A story as its reader sees it: the steps in order, each with its highlighted sites and the
status each had on the step's date (read from the timeline, as the time slider does), and the
cited events with their published sources."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import Prefetch

from apps.press.models import PressItem
from apps.sites.models import Event, Site

from .models import Story, StoryStep


@dataclass
class SiteAtStep:
    site: Site
    status: str | None  # None: no status on record yet on that day
    since: object = None
    since_precision: str | None = None


@dataclass
class ReadStep:
    step: StoryStep
    sites: list[SiteAtStep] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"step-{self.step.position}"


def read_story(story: Story) -> list[ReadStep]:
    sources = Prefetch(
        "sources", queryset=PressItem.objects.public().select_related("related"), to_attr="public_sources"
    )
    events = Prefetch(
        "events",
        queryset=Event.objects.public().chronological().select_related("site").prefetch_related(sources),
        to_attr="public_events",
    )
    sites = Prefetch("sites", queryset=Site.objects.public().order_by("name"), to_attr="public_sites")
    steps = list(story.steps.order_by("position").prefetch_related(sites, events))
    read = []
    for step in steps:
        ids = [site.pk for site in step.public_sites]
        at = {s.pk: s for s in Site.objects.filter(pk__in=ids).with_status_at(step.date).only("pk")} if ids else {}
        entries = []
        for site in step.public_sites:
            known = at.get(site.pk)
            entries.append(
                SiteAtStep(
                    site,
                    known.status_at if known else None,
                    known.status_at_since if known else None,
                    known.status_at_precision if known else None,
                )
            )
        read.append(ReadStep(step, entries, step.public_events))
    return read


def step_view(step: StoryStep, sites: list[Site]) -> tuple[float, float, int] | None:
    """The step's map view as (lat, lon, zoom): its own, or one framing its sites."""
    if not step.fit_sites and step.centre is not None and step.zoom is not None:
        return step.centre.y, step.centre.x, step.zoom
    if not sites:
        return None
    lons = [s.location.x for s in sites]
    lats = [s.location.y for s in sites]
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) * 1.5, 0.05)
    zoom = max(3, min(11, int(math.log2(360 / span))))
    return (max(lats) + min(lats)) / 2, (max(lons) + min(lons)) / 2, zoom
