"""`/sitemap.xml`: every public page, each dated by its record (django.contrib.sitemaps)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from apps.collectives.models import Collective
from apps.core.dataversion import data_state
from apps.sites.models import Event, Site
from apps.stories.models import Story


class PageSitemap(Sitemap):
    """The pages that list the data: they change whenever the public data does."""

    names = ("map", "sites:list", "collectives:list", "stories:list", "press", "stats", "api:docs")
    changefreq = "daily"

    def items(self):
        return list(self.names)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return data_state().changed


class SiteSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        # The page changes with the site's own fields and with its public timeline.
        latest_event = (
            Event.objects.public()
            .filter(site=OuterRef("pk"))
            .order_by()
            .values("site")
            .annotate(last=Max("updated"))
            .values("last")
        )
        return (
            Site.objects.public()
            .annotate(lastmod=Greatest("updated", Coalesce(Subquery(latest_event), "updated")))
            .only("slug")
            .order_by("slug")
        )

    def lastmod(self, site):
        return site.lastmod


class CollectiveSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        last_change = (
            Collective.history.filter(id=OuterRef("pk"))
            .order_by()
            .values("id")
            .annotate(last=Max("history_date"))
            .values("last")
        )
        return Collective.objects.public().annotate(lastmod=Subquery(last_change)).only("slug").order_by("slug")

    def lastmod(self, collective):
        return collective.lastmod


class StorySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Story.objects.public().only("slug", "updated").order_by("slug")

    def lastmod(self, story):
        return story.updated


SITEMAPS = {"pages": PageSitemap, "sites": SiteSitemap, "collectives": CollectiveSitemap, "stories": StorySitemap}
