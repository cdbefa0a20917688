from django.urls import path
from django.views.decorators.http import condition

from . import atom, views

app_name = "feeds"


def _conditional(view):
    return condition(etag_func=views.feed_etag)(view)


urlpatterns = [
    path("feeds/events/", _conditional(atom.EventFeed()), name="events"),
    path("feeds/events.ics", views.events_ics, name="events-ics"),
    path("sites/<slug:slug>/feed/", _conditional(atom.SiteEventFeed()), name="site"),
    path("collectives/<slug:slug>/feed/", _conditional(atom.CollectiveEventFeed()), name="collective"),
]
