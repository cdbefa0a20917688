"""Atom feeds of timeline events: all (/fr/feeds/events/, /en/feeds/events/), one site's, one
collective's, in the language of their address; at today's unprefixed addresses (/feeds/events/),
in the reader's (?lang=, Accept-Language). Links go to the pages in the feed's language."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from apps.collectives.models import Collective
from apps.sites.models import Site

from .licence import rights
from .querysets import collective_events, feed_events, site_events

FEED_LENGTH = 100


class AtomWithContent(Atom1Feed):
    """Atom with a <content> element (Django writes only <summary>): the sources go there."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class EventFeed(Feed):
    feed_type = AtomWithContent
    description_template = "feeds/event_summary.html"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Hubwatch: latest events on contested logistics sites")

    def subtitle(self):
        return _("Dated, sourced events from the timelines of the atlas, newest first.")

    def link(self):
        return reverse("map")

    def feed_copyright(self):
        return rights()

    def feed_extra_kwargs(self, obj):
        return {}

    def items(self):
        return feed_events().newest_first()[:FEED_LENGTH]

    def item_title(self, event):
        return f"{event.date_display} · {event.site.name}: {event.title}"

    def item_link(self, event):
        return f"{event.site.get_absolute_url()}#event-{event.pk}"

    def item_guid(self, event):
        # The entry's id does not change with the language or the page addresses: the one it had
        # before the pages had a language, so feed readers show no entry twice.
        return self.request.build_absolute_uri(f"/sites/{event.site.slug}/#event-{event.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, event):
        return event.created

    def item_updateddate(self, event):
        return event.updated

    def item_categories(self, event):
        categories = [event.get_kind_display()]
        if event.status_after:
            categories.append(event.get_status_after_display())
        return categories

    def item_extra_kwargs(self, event):
        return {"content": render_to_string("feeds/event_content.html", {"event": event}, self.request)}


class SiteEventFeed(EventFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Site.objects.public(), slug=slug)

    def title(self, site):
        return _("Hubwatch: %(site)s timeline") % {"site": site.name}

    def subtitle(self, site):
        return _("Dated, sourced events of %(site)s, newest first.") % {"site": site.name}

    def link(self, site):
        return site.get_absolute_url()

    def items(self, site):
        return site_events(site).newest_first()[:FEED_LENGTH]


class CollectiveEventFeed(EventFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Collective.objects.public(), slug=slug)

    def title(self, collective):
        return _("Hubwatch: %(collective)s and the sites it opposes") % {"collective": collective.name}

    def subtitle(self, collective):
        return _("Events %(collective)s took part in, and events on the sites it opposes, newest first.") % {
            "collective": collective.name
        }

    def link(self, collective):
        return collective.get_absolute_url()

    def items(self, collective):
        return collective_events(collective).newest_first()[:FEED_LENGTH]
