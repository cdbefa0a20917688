"""`/sitemap.xml`: every public page in each language (/fr/..., /en/...), each with its
`xhtml:link hreflang` alternates and `x-default`, dated by its record (django.contrib.sitemaps)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from apps.collectives.models import Collective
from apps.core.dataversion import data_state
from apps.sites.models import Event, Site
from apps.stories.models import Story


class BothLanguages(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(BothLanguages):
    """The pages that list the data: they change whenever the public data does."""

    names = ("map", "sites:list", "collectives:list", "stories:list", "press", "stats")
    changefreq = "daily"

    def items(self):
        return list(self.names)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return data_state().changed


class ApiDocsSitemap(PageSitemap):
    """The API's documentation: one address, in English."""

    names = ("api:docs",)
    i18n = alternates = x_default = False


class SiteSitemap(BothLanguages):
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


class CollectiveSitemap(BothLanguages):
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


class StorySitemap(BothLanguages):
    changefreq = "monthly"

    def items(self):
        return Story.objects.public().only("slug", "updated").order_by("slug")

    def lastmod(self, story):
        return story.updated


SITEMAPS = {
    "pages": PageSitemap,
    "api": ApiDocsSitemap,
    "sites": SiteSitemap,
    "collectives": CollectiveSitemap,
    "stories": StorySitemap,
}
